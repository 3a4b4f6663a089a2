# Shared by scripts/k8s-up.sh, k8s-down.sh and k8s-apiserver.sh: where the local Kubernetes API
# servers live, their ports, and starting/stopping one daemon by its pid file.
# shellcheck shell=bash

K8S_DIR=${FEDERA_K8S_DIR:-/var/tmp/federa-k8s}
K8S_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
K8S_ALL=(k1 k2)

k8s_die() {
  printf 'k8s: ERROR: %s\n' "$1" >&2
  if [[ -n ${2:-} ]]; then
    echo "--- last lines of $2:" >&2
    tail -n 25 "$2" >&2 2>/dev/null || echo "(no log file)" >&2
  fi
  exit 1
}

k8s_check_dir() {
  [[ $K8S_DIR == /* && $K8S_DIR != / ]] || k8s_die "FEDERA_K8S_DIR must be an absolute path, got '$K8S_DIR'"
}

# k8s_lock SCRIPT ARGS...: re-exec SCRIPT under an exclusive flock on $K8S_DIR/.lock (one up/down/
# apiserver call at a time; -o: the daemons must not inherit the lock's fd)
k8s_lock() {
  local script=$1; shift
  if [[ ${FEDERA_K8S_LOCKED:-} != "$K8S_DIR" ]]; then
    mkdir -p "$K8S_DIR"
    export FEDERA_K8S_LOCKED=$K8S_DIR
    exec flock -o -w 1800 "$K8S_DIR/.lock" bash "$script" "$@"
  fi
}

# k8s_profile CLUSTER: sets D (state dir), API_PORT, ETCD_PORT, PEER_PORT, GATEWAY_PORT (the demo's notebook gateway)
k8s_profile() {
  case $1 in
    k1) API_PORT=11443 ETCD_PORT=11379 PEER_PORT=11380 GATEWAY_PORT=11888 ;;
    k2) API_PORT=12443 ETCD_PORT=12379 PEER_PORT=12380 GATEWAY_PORT=12888 ;;
    *) k8s_die "unknown cluster '$1' (known: ${K8S_ALL[*]})" ;;
  esac
  D=$K8S_DIR/$1
}

# k8s_running PID EXE: PID exists, is no zombie and runs the binary EXE (guards against PID reuse
# and against someone else's etcd)
k8s_running() {
  local k v
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  [[ $(readlink "/proc/$1/exe" 2>/dev/null) == "$2" ]] || return 1
  { while read -r k v _; do [[ $k == State: ]] && { [[ $v != Z ]]; return; }; done <"/proc/$1/status"; } 2>/dev/null
  return 1
}
k8s_alive() { [[ -s $2 ]] && k8s_running "$(<"$2")" "$1"; }   # k8s_alive EXE PIDFILE

# k8s_stop EXE PIDFILE: SIGTERM, wait up to 20 s, then SIGKILL
k8s_stop() {
  k8s_alive "$1" "$2" || { rm -f "$2"; return 0; }
  local pid end
  pid=$(<"$2")
  kill -TERM "$pid" 2>/dev/null || true
  end=$((SECONDS + 20))
  while k8s_running "$pid" "$1"; do
    ((SECONDS < end)) || { kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; break; }
    sleep 0.05
  done
  rm -f "$2"
}

# k8s_spawn PIDFILE LOGFILE CMD...: start CMD detached in its own session (it outlives the calling
# test or script run) and record its pid. In a script (no job control) the background job is no
# process-group leader, so setsid does not fork and $! is the daemon's pid.
k8s_spawn() {
  local pidfile=$1 logfile=$2; shift 2
  setsid "$@" </dev/null >>"$logfile" 2>&1 &
  echo $! >"$pidfile"
}

# k8s_wait TIMEOUT_S WHAT LOGFILE EXE PIDFILE CMD...: poll CMD every 50 ms; fail at once when the
# daemon is gone, or with its log's tail on timeout
k8s_wait() {
  local t=$1 what=$2 logfile=$3 exe=$4 pidfile=$5; shift 5
  local end=$((SECONDS + t))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || k8s_die "timeout after ${t}s waiting for $what" "$logfile"
    k8s_alive "$exe" "$pidfile" || k8s_die "$what: the process exited" "$logfile"
    sleep 0.05
  done
}

k8s_etcd_healthy() { [[ $(curl -s --max-time 2 "http://127.0.0.1:$ETCD_PORT/health") == *'"health":"true"'* ]]; }
k8s_api_ready() {
  [[ $(curl -s --max-time 2 --cacert "$D/pki/ca.crt" --cert "$D/pki/admin.crt" --key "$D/pki/admin.key" \
    "https://127.0.0.1:$API_PORT/readyz") == ok ]]
}

k8s_start_etcd() {   # k8s_start_etcd CLUSTER (profile set)
  k8s_alive "$K8S_DIR/bin/etcd" "$D/run/etcd.pid" && return 0
  mkdir -p "$D/etcd" "$D/run" "$D/log"
  chmod 700 "$D/etcd"
  k8s_spawn "$D/run/etcd.pid" "$D/log/etcd.log" "$K8S_DIR/bin/etcd" --name "$1" --data-dir "$D/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$PEER_PORT" \
    --initial-cluster "$1=http://127.0.0.1:$PEER_PORT" --unsafe-no-fsync --log-level warn
  k8s_wait 30 "etcd $1 on :$ETCD_PORT" "$D/log/etcd.log" "$K8S_DIR/bin/etcd" "$D/run/etcd.pid" k8s_etcd_healthy
}

k8s_start_apiserver() {   # k8s_start_apiserver CLUSTER (profile set; etcd and pki ready)
  k8s_alive "$K8S_DIR/bin/crd-apiserver" "$D/run/apiserver.pid" && return 0
  mkdir -p "$D/run" "$D/log"
  k8s_spawn "$D/run/apiserver.pid" "$D/log/apiserver.log" "$K8S_DIR/bin/crd-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" --bind-address 127.0.0.1 --secure-port "$API_PORT" \
    --tls-cert-file "$D/pki/apiserver.crt" --tls-private-key-file "$D/pki/apiserver.key" \
    --client-ca-file "$D/pki/ca.crt" --token-auth-file "$D/pki/tokens.csv" --cert-dir "$D/run/certs"
  k8s_wait 60 "API server $1 on :$API_PORT" "$D/log/apiserver.log" "$K8S_DIR/bin/crd-apiserver" \
    "$D/run/apiserver.pid" k8s_api_ready
}
