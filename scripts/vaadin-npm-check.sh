#!/usr/bin/env bash
# Before moving Vaadin to another version: are all the npm packages that version pins served by the
# npm registry this machine reaches? A frontend bundle build needs every one of them (ADR 23).
#   scripts/vaadin-npm-check.sh [VAADIN_VERSION]     (default: the pom's vaadin.version)
# Reads the pins from the jars Maven resolves for that version: vaadin-core-versions.json in
# com.vaadin:vaadin-core-internal (the web components) and Flow's own
# com/vaadin/flow/server/frontend/dependencies/*/package.json in com.vaadin:flow-server (vite, lit,
# the router, workbox, ...). Asks npm for each name@version once, prints a table and exits 1 if any
# is missing. Nothing is installed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/common.sh
source scripts/lib/common.sh
use_java
NODE_DIR=$(scripts/node.sh)
npm() { "$NODE_DIR/node" "$NODE_DIR/node_modules/npm/bin/npm-cli.js" "$@"; }

version=${1:-$(sed -n 's:.*<vaadin.version>\(.*\)</vaadin.version>.*:\1:p' pom.xml)}
work=target/vaadin-npm-check/$version
mkdir -p "$work"
./mvnw -q -B -ntp dependency:list -Dvaadin.version="$version" -DincludeArtifactIds=flow-server,vaadin-core-internal \
  -DoutputAbsoluteArtifactFilename=true -DoutputFile="$work/jars.txt" -Dspotless.check.skip=true >/dev/null
jar_of() { grep -o "com.vaadin:$1:jar:[^:]*:[a-z]*:[^ ]*\.jar" "$work/jars.txt" | head -1 | awk -F: '{print $NF}'; }
core=$(jar_of vaadin-core-internal)
flow=$(jar_of flow-server)
if [ -z "$core" ] || [ -z "$flow" ]; then
  echo "vaadin-npm-check: could not resolve vaadin-core-internal and flow-server for Vaadin $version" >&2
  exit 1
fi

# "name version source" lines
python3 - "$core" "$flow" >"$work/pins.txt" <<'PY'
import json, sys, zipfile
core, flow = sys.argv[1], sys.argv[2]
pins = {}
versions = json.loads(zipfile.ZipFile(core).read("vaadin-core-versions.json"))
for section, entries in versions.items():
    if isinstance(entries, dict):
        for entry in entries.values():
            if isinstance(entry, dict) and entry.get("npmName") and entry.get("jsVersion"):
                pins[(entry["npmName"], entry["jsVersion"])] = "vaadin-core-versions.json"
z = zipfile.ZipFile(flow)
prefix = "com/vaadin/flow/server/frontend/dependencies/"
for name in z.namelist():
    if name.startswith(prefix) and name.endswith("/package.json"):
        pkg = json.loads(z.read(name))
        for key in ("dependencies", "devDependencies"):
            for n, v in (pkg.get(key) or {}).items():
                pins.setdefault((n, v), "flow " + name[len(prefix):-len("/package.json")])
for (n, v), src in sorted(pins.items()):
    print(n, v, src)
PY

echo "## npm packages pinned by Vaadin $version ($(basename "$core"), $(basename "$flow"))"
echo
echo "| package | version | pinned by | served |"
echo "|---|---|---|---|"
missing=0
while read -r name ver src; do
  if [ "$(npm view "$name@$ver" version 2>/dev/null | tail -1)" = "$ver" ]; then
    served=yes
  else
    served="**NO**"
    missing=$((missing + 1))
  fi
  echo "| $name | $ver | $src | $served |"
done <"$work/pins.txt"
echo
total=$(wc -l <"$work/pins.txt")
echo "$((total - missing)) of $total served; $missing missing."
[ "$missing" -eq 0 ]
