#!/usr/bin/env bash
# slurm-newer-restd.sh - start, stop or query ONLY a slurmrestd of the newer chroot clusters.
#
# Usage:
#   scripts/slurm-newer-restd.sh stop   NAME...   # e.g. stop c3 -> http://127.0.0.1:9820 refuses connections
#   scripts/slurm-newer-restd.sh start  NAME...   # same address, same slurm.conf (hence same JWT key) as before
#   scripts/slurm-newer-restd.sh status NAME...   # exit 0 if every named slurmrestd is running
#
# NAME: c3 (127.0.0.1:9820, Slurm 24.11), c4 (127.0.0.1:10820, Slurm 26.05, all versions),
#       c4v43 (127.0.0.1:10821: cluster c4, only REST v0.0.43).
# Tests use stop/start to simulate a cluster's REST endpoint going down and coming back; slurmctld,
# slurmd, slurmdbd are not touched. The cluster must have been set up once by
# scripts/slurm-newer-up.sh (it writes CHROOT/srv/federa/run/restd-NAME.env: address, data parsers).
#
# Env knobs:
#   FEDERA_SLURM_NEWER_DIR   chroots' parent dir (default /var/tmp/federa-slurm-newer)
#
# Needs root: slurmrestd is started by root in the chroot and drops to user 'slurmrest' (it refuses
# to run as root or as SlurmUser).
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

NEWER_DIR=${FEDERA_SLURM_NEWER_DIR:-/var/tmp/federa-slurm-newer}
B=/srv/federa
REST_USER=slurmrest
REST_PLUGINS=openapi/slurmctld,openapi/slurmdbd

die() { echo "slurm-newer-restd: ERROR: $*" >&2; exit 1; }
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

chroot_of() {   # chroot_of NAME -> chroot dir
  case $1 in
    c3) echo "$NEWER_DIR/trixie" ;;
    c4|c4v43) echo "$NEWER_DIR/sid" ;;
    *) die "unknown cluster '$1' (c3, c4, c4v43)" ;;
  esac
}
# running PID COMM ROOT: exists, no zombie, runs COMM inside chroot ROOT (/proc, no ps)
running() {
  local comm k v
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  { read -r comm <"/proc/$1/comm"; } 2>/dev/null || return 1
  [[ $comm == "$2" ]] || return 1
  [[ $(readlink "/proc/$1/root" 2>/dev/null) == "$3" ]] || return 1
  { while read -r k v _; do [[ $k == State: ]] && { [[ $v != Z ]]; return; }; done <"/proc/$1/status"; } 2>/dev/null
  return 1
}
pidfile_of() { echo "$(chroot_of "$1")$B/run/slurmrestd-$1.pid"; }
alive() { local f; f=$(pidfile_of "$1"); [[ -s $f ]] && running "$(<"$f")" slurmrestd "$(chroot_of "$1")"; }
env_get() {   # env_get NAME KEY: from CHROOT/srv/federa/run/restd-NAME.env
  local file k v
  file=$(chroot_of "$1")$B/run/restd-$1.env
  [[ -r $file ]] || die "$file missing: run scripts/slurm-newer-up.sh first"
  while IFS='=' read -r k v; do [[ $k == "$2" ]] && { printf '%s\n' "$v"; return 0; }; done <"$file"
  die "$2 not set in $file"
}
http_code() { curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$1" 2>/dev/null || true; }

start() {
  local n root addr dp pidfile logfile
  local -a started=() dpargs dpenv
  for n in "$@"; do
    root=$(chroot_of "$n"); addr=$(env_get "$n" REST_ADDR); dp=$(env_get "$n" DATA_PARSERS)
    pidfile=$(pidfile_of "$n"); logfile=$root$B/log/slurmrestd-$n.log
    if alive "$n"; then echo "slurmrestd $n already running (pid $(<"$pidfile")) http://$addr"; continue; fi
    [[ -r $root$B/etc/slurm.conf ]] || die "$root$B/etc/slurm.conf missing"
    mountpoint -q "$root/proc" || die "$root/proc is not mounted: run scripts/slurm-newer-up.sh"
    # limited site: -d picks the data_parser plugins (= the API versions offered; slurmrestd's own
    # env equivalent is SLURMRESTD_DATA_PARSER_PLUGINS). SLURM_NEW_DATA_PARSERS (the knob name of the
    # reference start.sh) is set only as a label visible in /proc/PID/environ: slurmrestd ignores it.
    dpargs=(); dpenv=()
    [[ -n $dp ]] && { dpargs=(-d "$dp"); dpenv=("SLURM_NEW_DATA_PARSERS=$dp"); }
    # cwd=/ (chroot's): a job submitted without current_working_directory inherits slurmrestd's cwd.
    # SLURM_JWT=daemon: every request is authenticated with the caller's token (rest_auth/jwt).
    # setsid + all stdio redirected: the daemon must not keep the caller's pipes open.
    ( cd / && exec setsid chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        SLURM_CONF=$B/etc/slurm.conf SLURM_JWT=daemon "${dpenv[@]}" \
        slurmrestd -u "$REST_USER" -g "$REST_USER" -a rest_auth/jwt -s "$REST_PLUGINS" "${dpargs[@]}" "$addr" \
        </dev/null >>"$logfile" 2>&1 ) &
    echo "$!" >"$pidfile"
    started+=("$n")
  done
  for n in "${started[@]}"; do
    addr=$(env_get "$n" REST_ADDR); pidfile=$(pidfile_of "$n")
    local end=$((SECONDS + 20))
    # an unauthenticated request answers 401 once slurmrestd listens
    until [[ $(http_code "http://$addr/openapi/v3") == 401 ]]; do
      if ! alive "$n" || ((SECONDS >= end)); then
        echo "--- tail $(chroot_of "$n")$B/log/slurmrestd-$n.log" >&2
        tail -n 20 "$(chroot_of "$n")$B/log/slurmrestd-$n.log" >&2 || true
        die "slurmrestd $n did not come up on http://$addr"
      fi
      sleep 0.1
    done
    echo "slurmrestd $n up (pid $(<"$pidfile")) http://$addr"
  done
}

stop() {
  local n pidfile pid left
  local -a pids=() comms_root=()
  for n in "$@"; do
    pidfile=$(pidfile_of "$n")
    if alive "$n"; then
      pid=$(<"$pidfile")
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); comms_root+=("$(chroot_of "$n")")
    fi
    rm -f "$pidfile"
  done
  local end=$((SECONDS + 10)) i
  while :; do
    left=0
    for i in "${!pids[@]}"; do running "${pids[$i]}" slurmrestd "${comms_root[$i]}" && left=1; done
    ((left)) || break
    if ((SECONDS >= end)); then
      for i in "${!pids[@]}"; do
        running "${pids[$i]}" slurmrestd "${comms_root[$i]}" && kill -KILL "${pids[$i]}" 2>/dev/null || true
      done
      sleep 0.2
      break
    fi
    sleep 0.1
  done
  if ((${#pids[@]})); then echo "slurmrestd stopped: $* (pids ${pids[*]})"; else echo "slurmrestd not running: $*"; fi
}

status() {
  local n rc=0
  for n in "$@"; do
    if alive "$n"; then echo "slurmrestd $n running (pid $(<"$(pidfile_of "$n")")) http://$(env_get "$n" REST_ADDR)"
    else echo "slurmrestd $n stopped"; rc=1; fi
  done
  return "$rc"
}

(($# >= 2)) || usage
[[ $(id -u) == 0 ]] || die "run as root"
[[ $NEWER_DIR == /* ]] || die "FEDERA_SLURM_NEWER_DIR must be an absolute path"
[[ -d $NEWER_DIR ]] || die "$NEWER_DIR missing: run scripts/slurm-newer-up.sh first"
NEWER_DIR=$(realpath "$NEWER_DIR")
cmd=$1; shift
for n in "$@"; do chroot_of "$n" >/dev/null; done
case $cmd in
  start) start "$@" ;;
  stop) stop "$@" ;;
  status) status "$@" ;;
  *) usage ;;
esac
