#!/usr/bin/env bash
# The dependency report (ADR 27): every dependency of the portal as a CycloneDX SBOM
# (target/bom.json, Maven's compile and runtime scopes) and the frontend's npm packages
# (target/npm-packages.txt, from frontend/package-lock.json), and a table of what is known about
# their vulnerabilities. No vulnerability source works from this machine: OWASP dependency-check needs
# the NVD API, OSV-Scanner, Trivy and Grype download their databases from hosts outside the package
# registries, and the npm registry reached here answers npm audit's endpoint with 405. The SBOM is the
# input of those tools where they run (e.g. `osv-scanner scan --sbom target/bom.json`, Dependency-Track).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/common.sh
source scripts/lib/common.sh
use_java
mkdir -p target
./mvnw -B -ntp -q org.cyclonedx:cyclonedx-maven-plugin:2.9.3:makeBom -DoutputFormat=json -DoutputName=bom \
  -DincludeTestScope=false >target/dependency-report.log 2>&1 || { tail -30 target/dependency-report.log; exit 1; }
python3 - <<'PY'
import json
bom = json.load(open("target/bom.json"))
maven = [c for c in bom.get("components", []) if c.get("purl", "").startswith("pkg:maven/")]
lock = json.load(open("frontend/package-lock.json"))
npm = sorted({(p.split("node_modules/")[-1], v.get("version", "")) for p, v in lock.get("packages", {}).items() if p})
with open("target/npm-packages.txt", "w") as f:
    for name, version in npm:
        f.write(f"{name}@{version}\n")
rows = [
    ("maven", len(maven), "target/bom.json", "none reachable (NVD API, OSV, OSS Index are outside the registries)"),
    ("npm", len(npm), "target/npm-packages.txt", "none reachable (npm audit: registry answers 405)"),
]
print(f"{'ecosystem':<10} {'components':>10}  {'inventory':<26} vulnerability check")
for eco, n, where, vuln in rows:
    print(f"{eco:<10} {n:>10}  {where:<26} {vuln}")
PY
