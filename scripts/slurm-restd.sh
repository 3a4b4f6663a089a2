#!/usr/bin/env bash
# slurm-restd.sh - start, stop or query ONLY the slurmrestd of one (or more) local clusters.
#
# Usage:
#   scripts/slurm-restd.sh stop   CLUSTER...   # e.g. stop c1  -> http://127.0.0.1:6820 refuses connections
#   scripts/slurm-restd.sh start  CLUSTER...   # same address, same slurm.conf (hence same JWT key) as before
#   scripts/slurm-restd.sh status CLUSTER...   # exit 0 if every named slurmrestd is running
#
# Tests use stop/start to simulate a cluster's REST endpoint going down and coming back.
# slurmctld/slurmd/slurmdbd are not touched. The cluster must have been set up once by
# scripts/slurm-up.sh, which writes $FEDERA_SLURM_DIR/CLUSTER/restd.env (address + slurm.conf).
#
# Env knobs:
#   FEDERA_SLURM_DIR   state dir shared with slurm-up.sh/slurm-down.sh (default /var/tmp/federa-slurm)
#
# Needs root (slurmrestd is started by root and drops to the unprivileged user 'slurmrest';
# it refuses to run as root or as SlurmUser).
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

DIR=${FEDERA_SLURM_DIR:-/var/tmp/federa-slurm}
REST_USER=slurmrest
REST_PLUGINS=openapi/v0.0.38,openapi/dbv0.0.38

die() { echo "slurm-restd: ERROR: $*" >&2; exit 1; }
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# running PID COMM: PID exists, is not a zombie and is the expected program (guards against PID reuse)
running() {
  local comm k v
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  { read -r comm <"/proc/$1/comm"; } 2>/dev/null || return 1
  [[ $comm == "$2" ]] || return 1
  { while read -r k v _; do [[ $k == State: ]] && { [[ $v != Z ]]; return; }; done <"/proc/$1/status"; } 2>/dev/null
  return 1
}
# alive COMM PIDFILE
alive() { [[ -s $2 ]] && running "$(<"$2")" "$1"; }

# read KEY from CLUSTER's restd.env (plain KEY=VALUE lines written by slurm-up.sh)
env_get() {
  local file=$DIR/$1/restd.env k v
  [[ -r $file ]] || die "$file missing: run scripts/slurm-up.sh first (unknown cluster '$1'?)"
  while IFS='=' read -r k v; do
    [[ $k == "$2" ]] && { printf '%s\n' "$v"; return 0; }
  done <"$file"
  die "$2 not set in $file"
}

http_code() { curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$1" 2>/dev/null || true; }

start() {
  local c addr conf pidfile logfile
  local -a started=()
  for c in "$@"; do
    addr=$(env_get "$c" REST_ADDR); conf=$(env_get "$c" SLURM_CONF)
    pidfile=$DIR/$c/slurmrestd.pid; logfile=$DIR/$c/log/slurmrestd.log
    if alive slurmrestd "$pidfile"; then echo "slurmrestd $c already running (pid $(<"$pidfile")) http://$addr"; continue; fi
    [[ -r $conf ]] || die "$conf missing"
    # cwd=/ : a job submitted without current_working_directory would inherit slurmrestd's cwd.
    # SLURM_JWT=daemon: authenticate every request with the caller's token (rest_auth/jwt).
    # setsid + all stdio redirected: the daemon must not keep the caller's pipes open.
    ( cd / && SLURM_CONF=$conf SLURM_JWT=daemon exec setsid slurmrestd \
        -u "$REST_USER" -g "$REST_USER" -a rest_auth/jwt -s "$REST_PLUGINS" "$addr" \
        </dev/null >>"$logfile" 2>&1 ) &
    echo "$!" >"$pidfile"
    started+=("$c")
  done
  for c in "${started[@]}"; do
    addr=$(env_get "$c" REST_ADDR); pidfile=$DIR/$c/slurmrestd.pid
    local end=$((SECONDS + 20))
    # an unauthenticated request answers 401 once slurmrestd listens
    until [[ $(http_code "http://$addr/slurm/v0.0.38/ping") == 401 ]]; do
      if ! alive slurmrestd "$pidfile" || ((SECONDS >= end)); then
        echo "--- tail $DIR/$c/log/slurmrestd.log" >&2
        tail -n 20 "$DIR/$c/log/slurmrestd.log" >&2 || true
        die "slurmrestd $c did not come up on http://$addr"
      fi
      sleep 0.1
    done
    echo "slurmrestd $c up (pid $(<"$pidfile")) http://$addr"
  done
}

stop() {
  local c pidfile pid
  local -a pids=()
  for c in "$@"; do
    pidfile=$DIR/$c/slurmrestd.pid
    if alive slurmrestd "$pidfile"; then
      pid=$(<"$pidfile")
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
    rm -f "$pidfile"
  done
  local end=$((SECONDS + 10)) p left
  while :; do
    left=0
    for p in "${pids[@]}"; do running "$p" slurmrestd && left=1; done
    ((left)) || break
    if ((SECONDS >= end)); then
      for p in "${pids[@]}"; do
        if running "$p" slurmrestd; then kill -KILL "$p" 2>/dev/null || true; fi
      done
      sleep 0.2
      break
    fi
    sleep 0.1
  done
  ((${#pids[@]})) && echo "slurmrestd stopped: $* (pids ${pids[*]})" || echo "slurmrestd not running: $*"
}

status() {
  local c rc=0 addr
  for c in "$@"; do
    if alive slurmrestd "$DIR/$c/slurmrestd.pid"; then
      addr=$(env_get "$c" REST_ADDR)
      echo "slurmrestd $c running (pid $(<"$DIR/$c/slurmrestd.pid")) http://$addr"
    else
      echo "slurmrestd $c stopped"; rc=1
    fi
  done
  return "$rc"
}

(($# >= 2)) || usage
[[ $(id -u) == 0 ]] || die "run as root"
cmd=$1; shift
for c in "$@"; do
  [[ $c =~ ^[a-z][a-z0-9-]*$ ]] || die "bad cluster name '$c'"
  [[ -r $DIR/$c/restd.env ]] || die "unknown cluster '$c' (no $DIR/$c/restd.env; run scripts/slurm-up.sh first)"
done
case $cmd in
  start) start "$@" ;;
  stop) stop "$@" ;;
  status) status "$@" ;;
  *) usage ;;
esac
