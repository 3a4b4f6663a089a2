#!/usr/bin/env bash
# k8s-up.sh - build (once, cached) and start real Kubernetes API servers for custom resources on
# loopback: k1 and k2, each its own etcd + Kubernetes' CRD API server (k8s.io/apiextensions-apiserver
# with the project's own main, k8s/apiserver/main.go), then install the project's CRDs (k8s/crds/).
#
# Usage:  sudo scripts/k8s-up.sh [k1|k2|all]          (default all; root is needed for the build)
#
#   k1  API https://127.0.0.1:11443   etcd http://127.0.0.1:11379 (peer 11380)
#   k2  API https://127.0.0.1:12443   etcd http://127.0.0.1:12379 (peer 12380)
#
# What runs is real Kubernetes code: CRDs, custom resources with OpenAPI schema validation (422),
# watches (410 on a compacted resourceVersion), conflicts (409), /status. No core API (no Pods,
# Namespaces, RBAC) and no controllers: see the stand-in controller in src/test/.../kubernetes/standin.
#
# Build (first run only, ~6-7 min on 2 cores, ~5 GB): a Debian sid chroot ($K8S_DIR/build) with
# golang-go, golang-k8s-apiextensions-apiserver-dev and etcd-server; `go build` in GOPATH mode
# (nothing fetched). The two static binaries are copied to $K8S_DIR/bin and run on the host; the
# chroot is kept only to rebuild when k8s/apiserver/main.go changes (incremental, seconds).
#
# Per cluster ($K8S_DIR/<k>/): pki/ (its own CA; API server serving cert for 127.0.0.1; client certs
# admin and portal with O=system:masters; tokens.csv + portal.token: a static bearer token in
# system:masters), kubeconfig (admin, client cert), etcd/ (data), log/, run/ (pid files).
# $K8S_DIR/clusters.env describes both clusters for tests and run.sh.
#
# Idempotent: what runs is left alone, only what is down is (re)started; etcd data, certificates and
# tokens are kept. Warm start takes about a second or two.
# Stop: scripts/k8s-down.sh [k1|k2|all] [--wipe|--wipe-build]; only one API server (tests):
# scripts/k8s-apiserver.sh stop|start|status k1.
#
# Env knobs:
#   FEDERA_K8S_DIR     build, binaries and cluster state (default /var/tmp/federa-k8s)
#   FEDERA_K8S_MIRROR  Debian mirror for debootstrap/apt (default: the host's, from /etc/apt)
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/k8s-lib.sh
source "$HERE/lib/k8s-lib.sh"

PKGS=(golang-go golang-k8s-apiextensions-apiserver-dev etcd-server ca-certificates)
GO_PKG=federa.io/crd-apiserver
BUILD_RECIPE="ldflags gitVersion from the Debian package version"   # change to force a rebuild
SRC=$K8S_REPO/k8s/apiserver/main.go
CRDS=$K8S_REPO/k8s/crds

T0=$EPOCHREALTIME
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[%5ss] %s\n' "$(since "$T0")" "$*"; }
trap 'echo "k8s-up: FAILED (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

case ${1:-all} in
  all) TARGETS=("${K8S_ALL[@]}") ;;
  k1|k2) TARGETS=("$1") ;;
  *) echo "usage: $0 [k1|k2|all]" >&2; exit 2 ;;
esac
k8s_check_dir
k8s_lock "${BASH_SOURCE[0]}" "$@"
install -d -m 755 "$K8S_DIR" "$K8S_DIR/bin" "$K8S_DIR/logs"
command -v openssl >/dev/null || k8s_die "openssl is missing (apt-get install openssl)"
command -v curl >/dev/null || k8s_die "curl is missing (apt-get install curl)"

# ------------------------------------------------------------------------------------ build
B=$K8S_DIR/build
CH() { chroot "$B" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$@"; }
mounts_under() { findmnt -rn -o TARGET | awk -v r="$1" '$0 == r || index($0, r "/") == 1' | sort -r; }
unmount_build() { local m; for m in $(mounts_under "$B"); do umount "$m" 2>/dev/null || umount -l "$m"; done; }
mirror() {   # the host's Debian mirror (deb822 URIs: or a one-line deb entry), without debian-security
  grep -hoE '^(URIs:|deb)[[:space:]].*' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
      /etc/apt/sources.list 2>/dev/null | grep -oE '[a-z]+://[^[:space:]]+' | grep -E '/debian/?$' | head -1 || true
}
T_DEBOOTSTRAP=- T_APT=- T_GO=-

build_chroot() {
  [[ -f $B/.federa-chroot-ready ]] && return 0
  [[ $(id -u) == 0 ]] || k8s_die "the first run builds a chroot: run as root"
  local t m
  m=${FEDERA_K8S_MIRROR:-$(mirror)}
  [[ -n $m ]] || k8s_die "no Debian mirror in /etc/apt: set FEDERA_K8S_MIRROR"
  command -v debootstrap >/dev/null || {
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends debootstrap >/dev/null
  }
  if [[ ! -f $B/.federa-debootstrap-done ]]; then
    if [[ -e $B ]]; then   # a half-built chroot of an interrupted run: start over
      log "removing incomplete chroot $B"
      unmount_build
      [[ -z $(mounts_under "$B") ]] || k8s_die "cannot unmount everything under $B"
      rm -rf --one-file-system -- "$B"
    fi
    log "build: debootstrap --variant=minbase sid $B $m"
    t=$EPOCHREALTIME
    debootstrap --variant=minbase sid "$B" "$m" >"$K8S_DIR/logs/debootstrap.log" 2>&1 \
      || k8s_die "debootstrap sid failed" "$K8S_DIR/logs/debootstrap.log"
    touch "$B/.federa-debootstrap-done"
    T_DEBOOTSTRAP=$(since "$t")
  fi
  printf '#!/bin/sh\nexit 101\n' >"$B/usr/sbin/policy-rc.d"; chmod 755 "$B/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$B/etc/resolv.conf"
  printf '127.0.0.1 localhost\n' >"$B/etc/hosts"
  # the clock here may be ahead of sid's Release file ("Release file ... is expired")
  printf 'APT::Install-Recommends "false";\nAcquire::Check-Valid-Until "false";\n' >"$B/etc/apt/apt.conf.d/99federa"
  mount_build
  log "build: apt-get install ${PKGS[*]}"
  t=$EPOCHREALTIME
  CH apt-get update -qq >"$K8S_DIR/logs/apt.log" 2>&1 || k8s_die "apt-get update in $B failed" "$K8S_DIR/logs/apt.log"
  CH env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${PKGS[@]}" \
    >>"$K8S_DIR/logs/apt.log" 2>&1 || k8s_die "apt-get install in $B failed" "$K8S_DIR/logs/apt.log"
  CH apt-get clean
  touch "$B/.federa-chroot-ready"
  T_APT=$(since "$t")
}

mount_build() {
  mountpoint -q "$B/proc" || mount -t proc proc "$B/proc"
  mountpoint -q "$B/dev" || mount --bind /dev "$B/dev"
}

build_binaries() {
  local want have t version
  want=$( { sha256sum "$SRC"; echo "$BUILD_RECIPE"; } | sha256sum | cut -d' ' -f1)
  have=$(cat "$K8S_DIR/bin/source.sha256" 2>/dev/null || true)
  if [[ $want == "$have" && -x $K8S_DIR/bin/crd-apiserver && -x $K8S_DIR/bin/etcd ]]; then return 0; fi
  build_chroot
  [[ $(id -u) == 0 ]] || k8s_die "building the API server needs root (chroot)"
  mount_build
  install -D -m 644 "$SRC" "$B/root/gopath/src/$GO_PKG/main.go"
  # the Kubernetes version the libraries are (golang-k8s-* 0.36.4 = Kubernetes v1.36.4), for /version
  version=$(CH dpkg-query -W -f '${Version}' golang-k8s-apiextensions-apiserver-dev)
  version=${version%%-*}; version=v1.${version#0.}
  log "build: go build $GO_PKG $version (GOPATH mode, Debian's k8s.io packages; ~4 min cold)"
  t=$EPOCHREALTIME
  CH env GOPATH=/root/gopath:/usr/share/gocode GO111MODULE=off GOPROXY=off GOFLAGS= GOTOOLCHAIN=local \
    CGO_ENABLED=0 GOCACHE=/root/.cache/go-build nice -n 10 go build -o /root/crd-apiserver \
    -ldflags "-X k8s.io/component-base/version.gitVersion=$version" "$GO_PKG" \
    >"$K8S_DIR/logs/go-build.log" 2>&1 || { unmount_build; k8s_die "go build failed" "$K8S_DIR/logs/go-build.log"; }
  T_GO=$(since "$t")
  unmount_build
  # stop what runs the old binaries before replacing them (a running executable cannot be overwritten)
  local c
  for c in "${K8S_ALL[@]}"; do
    k8s_profile "$c"
    k8s_stop "$K8S_DIR/bin/crd-apiserver" "$D/run/apiserver.pid"
  done
  install -m 755 "$B/root/crd-apiserver" "$K8S_DIR/bin/crd-apiserver"
  if [[ ! -x $K8S_DIR/bin/etcd ]]; then install -m 755 "$B/usr/bin/etcd" "$K8S_DIR/bin/etcd"; fi
  echo "$want" >"$K8S_DIR/bin/source.sha256"
  log "build: binaries in $K8S_DIR/bin ($(du -sh "$K8S_DIR/bin" | cut -f1)); go build ${T_GO}s"
}

# kubectl installs the CRDs (and tests use it): the host's, else Debian sid's from the build chroot
ensure_kubectl() {
  if command -v kubectl >/dev/null; then KUBECTL=$(command -v kubectl); return 0; fi
  KUBECTL=$K8S_DIR/bin/kubectl
  [[ -x $KUBECTL ]] && return 0
  build_chroot
  mount_build
  log "build: kubectl from Debian sid (the host has none)"
  CH env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq kubectl \
    >>"$K8S_DIR/logs/apt.log" 2>&1 || { unmount_build; k8s_die "apt-get install kubectl failed" "$K8S_DIR/logs/apt.log"; }
  unmount_build
  install -m 755 "$B/usr/bin/kubectl" "$KUBECTL"
}

# ------------------------------------------------------------------------------------ per cluster
# pki CLUSTER: a CA of its own, the API server's serving cert, client certs admin + portal, a token
pki() {
  local c=$1 p=$D/pki n
  [[ -s $p/ca.crt && -s $p/apiserver.crt && -s $p/admin.crt && -s $p/portal.crt && -s $p/tokens.csv ]] && return 0
  install -d -m 700 "$p"
  rm -f "$p"/*
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$p/ca.key" -out "$p/ca.crt" -days 3650 \
    -subj "/CN=federa-$c-ca" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$p/apiserver.key" -out "$p/apiserver.csr" -subj "/CN=federa-$c-apiserver" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n' >"$p/apiserver.ext"
  openssl x509 -req -in "$p/apiserver.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial -days 3650 \
    -extfile "$p/apiserver.ext" -out "$p/apiserver.crt" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n' >"$p/client.ext"
  for n in admin portal; do
    openssl req -newkey rsa:2048 -nodes -keyout "$p/$n.key" -out "$p/$n.csr" -subj "/O=system:masters/CN=federa-$n" 2>/dev/null
    openssl x509 -req -in "$p/$n.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial -days 3650 \
      -extfile "$p/client.ext" -out "$p/$n.crt" 2>/dev/null
  done
  openssl rand -hex 32 >"$p/portal.token"
  printf '%s,federa-portal-token,federa-portal-token,"system:masters"\n' "$(<"$p/portal.token")" >"$p/tokens.csv"
  rm -f "$p"/*.csr "$p"/*.ext "$p"/*.srl
  chmod 600 "$p"/*.key "$p/portal.token" "$p/tokens.csv"
  chmod 644 "$p"/*.crt
  # a new CA: the API server must serve the new certificate
  k8s_stop "$K8S_DIR/bin/crd-apiserver" "$D/run/apiserver.pid"
  log "$c: generated CA, serving cert (127.0.0.1), client certs admin + portal, a bearer token"
}

kubeconfig() {   # kubeconfig CLUSTER: admin with its client cert, for kubectl
  local c=$1
  cat >"$D/kubeconfig.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: federa-$c
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $D/pki/ca.crt
users:
- name: federa-$c-admin
  user:
    client-certificate: $D/pki/admin.crt
    client-key: $D/pki/admin.key
contexts:
- name: federa-$c
  context:
    cluster: federa-$c
    user: federa-$c-admin
current-context: federa-$c
EOF
  chmod 600 "$D/kubeconfig.tmp"
  mv -f "$D/kubeconfig.tmp" "$D/kubeconfig"
}

crds() {   # crds CLUSTER: (re)apply k8s/crds when they changed or are missing, wait until Established
  local c=$1 want have names
  want=$(cat "$CRDS"/*.yaml | sha256sum | cut -d' ' -f1)
  have=$(cat "$D/run/crds.sha256" 2>/dev/null || true)
  names=$(sed -n 's/^  name: \(.*\)$/\1/p' "$CRDS"/*.yaml | tr '\n' ' ')
  # shellcheck disable=SC2086
  if [[ $want == "$have" ]] && "$KUBECTL" --kubeconfig "$D/kubeconfig" get crd $names >/dev/null 2>&1; then return 0; fi
  "$KUBECTL" --kubeconfig "$D/kubeconfig" apply --server-side --force-conflicts --field-manager=federa-k8s-up \
    -f "$CRDS" >"$D/log/crds.log" 2>&1 || k8s_die "installing the CRDs on $c failed" "$D/log/crds.log"
  # shellcheck disable=SC2086
  "$KUBECTL" --kubeconfig "$D/kubeconfig" wait --for=condition=Established --timeout=60s crd $names \
    >>"$D/log/crds.log" 2>&1 || k8s_die "CRDs on $c not Established" "$D/log/crds.log"
  echo "$want" >"$D/run/crds.sha256"
  log "$c: CRDs installed: $names"
}

up_cluster() {
  local c=$1
  k8s_profile "$c"
  install -d -m 755 "$D" "$D/log" "$D/run"
  pki "$c"
  kubeconfig "$c"
  k8s_start_etcd "$c"
  k8s_start_apiserver "$c"
  crds "$c"
}

# ------------------------------------------------------------------------------------ run
build_binaries
ensure_kubectl
T_START=$EPOCHREALTIME
# the clusters are independent: bring them up in parallel (mostly waiting for etcd and /readyz)
declare -A UP_PID=()
for c in "${TARGETS[@]}"; do up_cluster "$c" & UP_PID[$c]=$!; done
failed=()
for c in "${TARGETS[@]}"; do wait "${UP_PID[$c]}" || failed+=("$c"); done
((${#failed[@]} == 0)) || k8s_die "bringing up ${failed[*]} failed (see above)"
T_START=$(since "$T_START")

{
  echo "# written by scripts/k8s-up.sh - local Kubernetes API servers (CRDs only; see the script's header)"
  echo "FEDERA_K8S_DIR=$K8S_DIR"
  echo "K8S_CLUSTERS=$(IFS=,; echo "${K8S_ALL[*]}")"
  echo "K8S_KUBECTL=$KUBECTL"
  for c in "${K8S_ALL[@]}"; do
    k8s_profile "$c"
    p=${c^^}
    echo "${p}_URL=https://127.0.0.1:$API_PORT"
    echo "${p}_KUBECONFIG=$D/kubeconfig"
    echo "${p}_CA=$D/pki/ca.crt"
    echo "${p}_CLIENT_CERT=$D/pki/portal.crt"
    echo "${p}_CLIENT_KEY=$D/pki/portal.key"
    echo "${p}_TOKEN_FILE=$D/pki/portal.token"
    echo "${p}_ETCD_URL=http://127.0.0.1:$ETCD_PORT"
    # where the demo's stand-in Istio gateway (scripts/standins.sh) serves /notebook/<ns>/<name>/
    echo "${p}_NOTEBOOK_GATEWAY=http://127.0.0.1:$GATEWAY_PORT"
  done
} >"$K8S_DIR/clusters.env.tmp"
mv -f "$K8S_DIR/clusters.env.tmp" "$K8S_DIR/clusters.env"
chmod 644 "$K8S_DIR/clusters.env"

printf 'debootstrap %s apt %s go-build %s start %s\n' "$T_DEBOOTSTRAP" "$T_APT" "$T_GO" "$T_START" >"$K8S_DIR/logs/timings"
log "Kubernetes up in $(since "$T0")s (debootstrap ${T_DEBOOTSTRAP}s, apt ${T_APT}s, go build ${T_GO}s, start ${T_START}s)"
for c in "${TARGETS[@]}"; do
  k8s_profile "$c"
  printf '  %s  https://127.0.0.1:%s  %s --kubeconfig %s get crd\n' "$c" "$API_PORT" "$KUBECTL" "$D/kubeconfig"
done
echo "  env for tests: $K8S_DIR/clusters.env"
