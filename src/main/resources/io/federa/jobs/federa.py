"""Federa run helper: report metrics, log lines, params, tags and artifacts from a job.

Standard library only. Reads FEDERA_URL, FEDERA_RUN_ID and FEDERA_TOKEN from the environment
(the portal sets them for every run). Get it inside a job with:

    curl -fsS "$FEDERA_URL/api/runs/helper/federa.py" -o federa.py

In Python:

    import federa
    run = federa.Run()                 # from the environment
    run.log_params({"lr": 0.01, "epochs": 3})
    for step in range(1000):
        run.log_metric("loss", 1.0 / (step + 1), step)   # batched, sent 1000 at a time
    run.log("epoch 1 done")
    run.upload("model.pt")
    run.close()                         # sends what is still buffered

From a shell:

    python3 federa.py log "a line"
    python3 federa.py metric loss 0.25 10
    python3 federa.py param lr 0.01
    python3 federa.py tag stage baseline
    python3 federa.py upload model.pt

The token goes only to FEDERA_URL: a redirect is never followed (it would carry the token to
wherever it points); it is reported as an error instead. Over plain http the token travels
unencrypted: the portal's federa.public-url should be an https address.
"""

import atexit
import datetime
import json
import mimetypes
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

__all__ = ["Run"]


class FederaError(Exception):
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Answers a redirect with its error instead of following it: the run token must not travel on."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


class Run:
    def __init__(self, url=None, run_id=None, token=None, batch_size=1000, timeout=60):
        self.url = (url or os.environ.get("FEDERA_URL", "")).rstrip("/")
        self.run_id = run_id or os.environ.get("FEDERA_RUN_ID", "")
        self.token = token or os.environ.get("FEDERA_TOKEN", "")
        if not (self.url and self.run_id and self.token):
            raise FederaError("FEDERA_URL, FEDERA_RUN_ID and FEDERA_TOKEN must be set (the portal sets them)")
        parsed = urllib.parse.urlsplit(self.url)
        if parsed.scheme not in ("http", "https"):
            raise FederaError("FEDERA_URL must be an http(s) address, not %r" % self.url)
        if parsed.scheme == "http" and parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
            sys.stderr.write(
                "federa: FEDERA_URL is plain http, so the run token travels unencrypted; "
                "ask the portal's administrator for an https federa.public-url\n"
            )
        self.batch_size = batch_size
        self.timeout = timeout
        self._metrics = []
        self._closed = False
        atexit.register(self.close)

    # -- metrics ---------------------------------------------------------------------------------
    def log_metric(self, key, value, step=0, timestamp=None):
        point = {"key": str(key), "step": int(step), "value": float(value)}
        point["timestamp"] = _iso(timestamp if timestamp is not None else time.time())
        self._metrics.append(point)
        if len(self._metrics) >= self.batch_size:
            self.flush()

    def log_metrics(self, values, step=0):
        for key, value in values.items():
            self.log_metric(key, value, step)

    def flush(self):
        while self._metrics:
            batch, self._metrics = self._metrics[: self.batch_size], self._metrics[self.batch_size :]
            self._post("metrics", json.dumps(batch).encode(), "application/json")

    # -- the rest --------------------------------------------------------------------------------
    def log(self, *lines):
        text = "\n".join(str(line) for line in lines)
        self._post("logs", text.encode("utf-8"), "text/plain; charset=utf-8")

    def log_params(self, params):
        self._post("params", json.dumps({str(k): _text(v) for k, v in params.items()}).encode(), "application/json")

    def set_tags(self, tags):
        self._post("tags", json.dumps({str(k): _text(v) for k, v in tags.items()}).encode(), "application/json")

    def upload(self, path, name=None):
        name = name or os.path.basename(path)
        boundary = "federa-" + uuid.uuid4().hex
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with open(path, "rb") as f:
            data = f.read()
        head = (
            "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            "Content-Type: %s\r\n\r\n" % (boundary, name.replace('"', "_"), ctype)
        ).encode("utf-8")
        body = head + data + ("\r\n--%s--\r\n" % boundary).encode()
        return self._post("artifacts", body, "multipart/form-data; boundary=" + boundary)

    def close(self):
        if not self._closed:
            self._closed = True
            self.flush()

    def _post(self, what, body, content_type):
        request = urllib.request.Request(
            "%s/api/runs/%s/%s" % (self.url, self.run_id, what),
            data=body,
            method="POST",
            headers={"Authorization": "Bearer " + self.token, "Content-Type": content_type},
        )
        for attempt in range(3):
            try:
                with _OPENER.open(request, timeout=self.timeout) as response:
                    return json.loads(response.read() or b"null")
            except urllib.error.HTTPError as e:
                if 300 <= e.code < 400:
                    raise FederaError(
                        "%s: HTTP %s, a redirect to %s: not followed, since it would carry the run token there; "
                        "FEDERA_URL (the portal's federa.public-url) must be the address that answers"
                        % (what, e.code, e.headers.get("Location", "?"))
                    ) from None
                detail = e.read().decode("utf-8", "replace")
                raise FederaError("%s: HTTP %s %s" % (what, e.code, detail)) from None
            except urllib.error.URLError:
                # no answer at all (connection refused): worth another try; anything else is final
                if attempt == 2:
                    raise
                time.sleep(1 + attempt)


def _iso(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def _text(value):
    return value if isinstance(value, str) else json.dumps(value)


def _main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    run = Run()
    command, args = argv[1], argv[2:]
    if command == "log":
        run.log(*args)
    elif command == "metric" and len(args) in (2, 3):
        run.log_metric(args[0], float(args[1]), int(args[2]) if len(args) == 3 else 0)
    elif command == "param" and len(args) == 2:
        run.log_params({args[0]: args[1]})
    elif command == "tag" and len(args) == 2:
        run.set_tags({args[0]: args[1]})
    elif command == "upload" and len(args) in (1, 2):
        print(json.dumps(run.upload(*args)))
    else:
        print(__doc__)
        return 2
    run.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(_main(sys.argv))
    except FederaError as error:
        sys.stderr.write("federa: %s\n" % error)
        sys.exit(1)
