#!/usr/bin/env bash
# k8s-down.sh - stop the local Kubernetes API servers of scripts/k8s-up.sh (API server, then etcd).
#
# Usage:  scripts/k8s-down.sh [k1|k2|all] [--wipe|--wipe-build]
#   --wipe        also delete the cluster's state: etcd data, certificates, tokens, kubeconfig
#   --wipe-build  --wipe for every cluster, and the build chroot and binaries too (next up builds again)
#
# Processes are stopped by their pid files, after checking that the pid still runs our binary.
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/k8s-lib.sh
source "$HERE/lib/k8s-lib.sh"

TARGETS=("${K8S_ALL[@]}") WIPE=0 WIPE_BUILD=0
for a in "$@"; do
  case $a in
    all) TARGETS=("${K8S_ALL[@]}") ;;
    k1|k2) TARGETS=("$a") ;;
    --wipe) WIPE=1 ;;
    --wipe-build) WIPE=1 WIPE_BUILD=1 TARGETS=("${K8S_ALL[@]}") ;;
    *) echo "usage: $0 [k1|k2|all] [--wipe|--wipe-build]" >&2; exit 2 ;;
  esac
done
k8s_check_dir
[[ -d $K8S_DIR ]] || { echo "nothing to stop: $K8S_DIR does not exist"; exit 0; }
k8s_lock "${BASH_SOURCE[0]}" "$@"

for c in "${TARGETS[@]}"; do
  k8s_profile "$c"
  k8s_stop "$K8S_DIR/bin/crd-apiserver" "$D/run/apiserver.pid"
  k8s_stop "$K8S_DIR/bin/etcd" "$D/run/etcd.pid"
  echo "$c stopped"
  if ((WIPE)) && [[ -d $D ]]; then
    rm -rf --one-file-system -- "$D"
    echo "$c wiped ($D)"
  fi
done
if ((WIPE_BUILD)); then
  B=$K8S_DIR/build
  if [[ -d $B ]]; then
    findmnt -rn -o TARGET | awk -v r="$B" '$0 == r || index($0, r "/") == 1' | sort -r \
      | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
    rm -rf --one-file-system -- "$B"
  fi
  rm -rf -- "$K8S_DIR/bin" "$K8S_DIR/clusters.env"
  echo "build chroot and binaries removed"
fi
