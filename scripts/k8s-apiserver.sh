#!/usr/bin/env bash
# k8s-apiserver.sh - stop, start or query ONLY the API server of local Kubernetes clusters (its etcd
# keeps running, so nothing stored is lost).
#
# Usage:
#   scripts/k8s-apiserver.sh stop   k1 [k2]    # https://127.0.0.1:11443 refuses connections
#   scripts/k8s-apiserver.sh start  k1 [k2]    # same address, certificates and data as before
#   scripts/k8s-apiserver.sh status k1 [k2]    # exit 0 if every named API server is running
#
# Tests use stop/start to take a cluster's API server away and bring it back. The clusters must have
# been set up once by scripts/k8s-up.sh.
#
# Env knobs:
#   FEDERA_K8S_DIR   state shared with k8s-up.sh/k8s-down.sh (default /var/tmp/federa-k8s)
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/k8s-lib.sh
source "$HERE/lib/k8s-lib.sh"

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
(($# >= 2)) || usage
action=$1; shift
k8s_check_dir
if [[ $action != status ]]; then k8s_lock "${BASH_SOURCE[0]}" "$action" "$@"; fi

rc=0
for c in "$@"; do
  k8s_profile "$c"
  [[ -s $D/pki/ca.crt && -x $K8S_DIR/bin/crd-apiserver ]] || k8s_die "$c is not set up: run scripts/k8s-up.sh first"
  case $action in
    stop)
      k8s_stop "$K8S_DIR/bin/crd-apiserver" "$D/run/apiserver.pid"
      echo "API server $c stopped" ;;
    start)
      k8s_alive "$K8S_DIR/bin/etcd" "$D/run/etcd.pid" || k8s_start_etcd "$c"
      k8s_start_apiserver "$c"
      echo "API server $c up on https://127.0.0.1:$API_PORT (pid $(<"$D/run/apiserver.pid"))" ;;
    status)
      if k8s_alive "$K8S_DIR/bin/crd-apiserver" "$D/run/apiserver.pid"; then
        echo "API server $c running (pid $(<"$D/run/apiserver.pid")) https://127.0.0.1:$API_PORT"
      else
        echo "API server $c not running"; rc=1
      fi ;;
    *) usage ;;
  esac
done
exit $rc
