#!/usr/bin/env bash
# Runs every test against the real components, on a fresh Debian 12 machine as root:
# installs what the tests need (Chromium, Slurm, MariaDB and munge, podman and docker-compose from
# Debian), starts Keycloak
# (fetched from Maven Central on first use), two local Slurm 22.05 clusters and Slurm 24.11 / 26.05
# in Debian chroots (built once, ~4 min, then cached), two local Kubernetes API servers k1 and k2
# (Kubernetes' CRD API server + etcd from Debian sid, built once, ~6-7 min, then cached), runs
# ./mvnw verify (which installs the pinned Node.js and builds the frontend bundle first), stops what
# it started and exits with the result.
# Extra arguments go to Maven, e.g. ./test.sh -Dit.test=LoginFlowIT
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

t0=$SECONDS
use_java
apt_install chromium curl unzip ca-certificates fonts-dejavu-core
# ComposeStackIT: the container images (scripts/image.sh) and docker-compose.yml in podman
apt_install podman runc netavark aardvark-dns docker-compose debootstrap iptables
trap stop_started EXIT
ensure_slurm
ensure_slurm_newer
ensure_k8s
ensure_keycloak
echo "test.sh: services ready after $((SECONDS - t0)) s; running ./mvnw verify"

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The build installs its pinned Node.js (scripts/node.sh) and builds the frontend bundle from
# frontend/; the integration tests run the portal on that bundle. In CI, npm installs exactly the
# committed frontend/package-lock.json (`npm ci`): a lock that does not match package.json fails.
MVN_ARGS=()
if [ "${CI:-}" = true ]; then MVN_ARGS+=(-Dvaadin.ci.build=true); fi
status=0
./mvnw -B -ntp verify "${MVN_ARGS[@]}" "$@" || status=$?
echo "test.sh: finished in $((SECONDS - t0)) s with exit code $status (screenshots in target/screenshots)"
exit "$status"
