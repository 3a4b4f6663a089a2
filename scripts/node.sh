#!/usr/bin/env bash
# Installs the pinned Node.js and npm that build the portal's frontend bundle, from the npm registry, into a cache outside the repository, and prints that
# folder. Idempotent; concurrent callers wait on a lock. Called by the Maven build (pom.xml, before
# Vaadin's frontend goals), so `./mvnw package` needs nothing else.
#   scripts/node.sh [FOLDER NODE_VERSION NPM_VERSION]   (defaults: the pom's federa.node.* properties)
# The folder holds `node` and `node_modules/npm/bin/npm-cli.js`: Vaadin's `nodeFolder` layout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODE_VERSION=${2:-24.21.0}
NPM_VERSION=${3:-11.13.0}
DIR=${1:-${FEDERA_NODE_DIR:-/var/tmp/federa-node}/node-$NODE_VERSION-npm-$NPM_VERSION}

installed() {
  [ -x "$DIR/node" ] && [ "$("$DIR/node" --version 2>/dev/null)" = "v$NODE_VERSION" ] \
    && [ -f "$DIR/node_modules/npm/bin/npm-cli.js" ] \
    && [ "$("$DIR/node" -p 'require(process.argv[1]).version' "$DIR/node_modules/npm/package.json")" = "$NPM_VERSION" ]
}

if installed; then
  echo "$DIR"
  exit 0
fi

mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9
if installed; then
  echo "$DIR"
  exit 0
fi

# Any npm fetches the pinned packages (the machine's own, or Debian's). The binary is the registry's
# node-linux-<arch> package (what the "node" package's install script would pick), taken directly so
# that no install script has to run.
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "node.sh: no Node.js package for $(uname -m)" >&2; exit 1 ;;
esac
if ! command -v npm >/dev/null 2>&1; then
  # shellcheck source=lib/common.sh
  source "$ROOT/scripts/lib/common.sh"
  apt_install npm ca-certificates >&2
fi
echo "node.sh: installing Node.js $NODE_VERSION and npm $NPM_VERSION into $DIR" >&2
tmp=$(mktemp -d "$DIR.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm install --prefix "$tmp" --no-save --no-package-lock --no-audit --no-fund \
  "node-linux-$arch@$NODE_VERSION" "npm@$NPM_VERSION" >&2)
ln -s "node_modules/node-linux-$arch/bin/node" "$tmp/node"
chmod 755 "$tmp"
rm -rf "$DIR"
mv "$tmp" "$DIR"
trap - EXIT
if ! installed; then
  echo "node.sh: Node.js $NODE_VERSION / npm $NPM_VERSION did not install into $DIR" >&2
  exit 1
fi
echo "$DIR"
