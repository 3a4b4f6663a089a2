#!/usr/bin/env bash
# Starts Federa with a demo stack, on a fresh Debian 12 machine as root:
# Keycloak with the demo realm on 127.0.0.1:8180 (fetched from Maven Central on first use), Slurm
# clusters of three generations when run as root on Debian (c1, c2: 22.05 from Debian's packages;
# c3: 24.11 and c4: 26.05 in Debian chroots, built once in ~4 min; FEDERA_NEWER_SLURM=0 skips
# those), two Kubernetes API servers k1 and k2 with Kubeflow's and KServe's CRDs (built once, ~6-7 min;
# FEDERA_K8S=0 skips them), then the portal on
# http://localhost:8080 with embedded PostgreSQL (data kept in .federa/ between runs), which
# registers the clusters on first start.
# Ctrl-C stops everything this script started.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

PORT=${SERVER_PORT:-8080}
export FEDERA_DATA_DIR=${FEDERA_DATA_DIR:-$ROOT/.federa}
t0=$SECONDS
use_java
apt_install curl unzip ca-certificates

build_portal
# the jar extracted and Java's AOT cache trained once per build (ADR 21): a faster, leaner start
prepare_portal target/federa.jar target/portal

portal_pid=
standins=
cleanup() {
  if [ -n "$portal_pid" ] && kill -0 "$portal_pid" 2>/dev/null; then
    kill -TERM "$portal_pid" 2>/dev/null || true
    wait "$portal_pid" 2>/dev/null || true
  fi
  if [ -n "$standins" ]; then scripts/standins.sh stop || true; fi
  stop_started
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SLURM_ARGS=()
if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then
  ensure_slurm
  SLURM_ENV="${FEDERA_SLURM_DIR:-/var/tmp/federa-slurm}/clusters.env"
  SLURM_NOTE="Slurm clusters c1 and c2 (22.05) run locally and are registered in the portal."
  if [ "${FEDERA_NEWER_SLURM:-1}" = 1 ]; then
    ensure_slurm_newer
    SLURM_ENV="$SLURM_ENV,${FEDERA_SLURM_DIR:-/var/tmp/federa-slurm}/clusters-newer.env"
    SLURM_NOTE="Slurm clusters c1, c2 (22.05), c3 (24.11) and c4 (26.05) run locally and are registered."
  fi
  SLURM_ARGS=(--federa.demo.slurm-env="$SLURM_ENV")
  if [ "${FEDERA_K8S:-1}" = 1 ]; then
    ensure_k8s
    # the stand-in controllers (test code, docs/adr/0033) bring the demo's Notebooks and
    # InferenceServices to life: no Kubeflow or KServe controller runs on these API servers
    standins=1
    scripts/standins.sh start
    SLURM_ARGS+=(--federa.demo.k8s-env="${FEDERA_K8S_DIR:-/var/tmp/federa-k8s}/clusters.env")
    SLURM_NOTE="$SLURM_NOTE
  Kubernetes API servers k1 and k2 (CRDs only: Profiles, Notebooks, InferenceServices) run locally and are registered;
  stand-in controllers serve their Notebooks and InferenceServices (a local model server per InferenceService)."
  fi
else
  SLURM_NOTE="No local Slurm clusters were started (needs root on Debian): register your clusters as carol."
fi
ensure_keycloak

mkdir -p "$FEDERA_DATA_DIR"
echo "run.sh: starting the portal (log: $FEDERA_DATA_DIR/portal.log)"
"${PORTAL_CMD[@]}" --spring.profiles.active=demo --server.port="$PORT" --federa.data-dir="$FEDERA_DATA_DIR" "${SLURM_ARGS[@]}" >"$FEDERA_DATA_DIR/portal.log" 2>&1 &
portal_pid=$!
t_portal=$SECONDS
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; do
  if ! kill -0 "$portal_pid" 2>/dev/null; then
    echo "run.sh: the portal exited; last lines of its log:" >&2
    tail -30 "$FEDERA_DATA_DIR/portal.log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "run.sh: the portal is ready after $((SECONDS - t_portal)) s"
if [ ${#SLURM_ARGS[@]} -gt 0 ]; then
  # the demo seeder maps the demo people and teams on every cluster, applies and sets demo quotas in
  # the background; it ends with one line either way
  echo "run.sh: setting up the demo stack (clusters, mappings, quotas)"
  for _ in $(seq 1 600); do
    grep -q "demo: the demo stack is \(ready\|partly ready\|not ready\)" "$FEDERA_DATA_DIR/portal.log" && break
    kill -0 "$portal_pid" 2>/dev/null || break
    sleep 0.5
  done
  grep -o "demo: the demo stack is .*" "$FEDERA_DATA_DIR/portal.log" | tail -1 | sed 's/^/run.sh: /' || true
fi

cat <<EOM

  Federa is up after $((SECONDS - t0)) s:  http://localhost:$PORT

  Log in as (password = user name):
    alice  data scientist, team-a
    bob    data scientist, team-b
    carol  portal admin
    dave   approver

  $SLURM_NOTE
  Keycloak admin console: http://127.0.0.1:8180/admin (admin / admin)
  Portal log: $FEDERA_DATA_DIR/portal.log      Ctrl-C stops everything started here.

EOM
wait "$portal_pid"
