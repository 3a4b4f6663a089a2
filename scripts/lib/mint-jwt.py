#!/usr/bin/env python3
"""Mint an HS256 JWT that Slurm 22.05's auth/jwt accepts (same shape as `scontrol token`).

Usage: mint-jwt.py KEYFILE USER [LIFETIME_S]

  KEYFILE     the cluster's signing key (raw bytes, the file named by jwt_key= in slurm.conf)
  USER        Slurm/Linux user name, put in the `sun` claim; send it as X-SLURM-USER-NAME too
  LIFETIME_S  seconds until `exp` (default 3600)

Prints the token on stdout. Standard library only.
Example:
  tok=$(python3 scripts/lib/mint-jwt.py /var/tmp/federa-slurm/jwt/shared.key alice)
  curl -H "X-SLURM-USER-NAME: alice" -H "X-SLURM-USER-TOKEN: $tok" http://127.0.0.1:6820/slurm/v0.0.38/ping
"""
import base64
import hashlib
import hmac
import json
import sys
import time


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mint(key: bytes, user: str, lifetime: int) -> str:
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"iat": now, "exp": now + lifetime, "sun": user}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":")).encode("utf-8")) for part in (header, claims)
    )
    signature = hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


def main(argv: list) -> int:
    if len(argv) not in (3, 4):
        sys.stderr.write("usage: mint-jwt.py KEYFILE USER [LIFETIME_S]\n")
        return 2
    key_file, user = argv[1], argv[2]
    try:
        lifetime = int(argv[3]) if len(argv) == 4 else 3600
    except ValueError:
        sys.stderr.write("mint-jwt.py: LIFETIME_S must be an integer\n")
        return 2
    if not user:
        sys.stderr.write("mint-jwt.py: USER must not be empty\n")
        return 2
    try:
        with open(key_file, "rb") as fh:
            key = fh.read()
    except OSError as exc:
        sys.stderr.write(f"mint-jwt.py: cannot read key file: {exc}\n")
        return 1
    if not key:
        sys.stderr.write(f"mint-jwt.py: key file {key_file} is empty\n")
        return 1
    print(mint(key, user, lifetime))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
