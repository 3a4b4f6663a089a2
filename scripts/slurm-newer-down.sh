#!/usr/bin/env bash
# slurm-newer-down.sh - stop the newer chroot clusters of scripts/slurm-newer-up.sh, strictly by the
# PIDs in their pid files, and unmount the chroots' /proc, /dev, /dev/pts, /sys.
#
# Usage:  scripts/slurm-newer-down.sh [c3|c4|all] [--wipe|--wipe-chroot]      (default all)
#   (no flag)      stop; keep state (accounts, job history, keys) and the chroot for the next start
#   --wipe         stop, then delete the cluster's Slurm state inside the chroot (CHROOT/srv/federa:
#                  configs, DB, job ids, logs, job dir); the chroot and the host key copy are kept,
#                  so the next start is a fresh cluster with the same key, without a rebuild
#   --wipe-chroot  stop, then delete the whole chroot (next start rebuilds it, ~40 s) and the host
#                  key copy; its entries disappear from clusters-newer.env
#
# Order per cluster: cancel jobs, slurmrestd(s), slurmd, slurmctld, slurmdbd, MariaDB, munged; each
# gets SIGTERM and is waited for (SIGKILL after 20 s). Processes still left inside the chroot (stray
# job processes) are then ended by PID. Then the chroot's mounts are unmounted (lazily if busy) and
# `findmnt` must show nothing under the chroot. Safe to run when nothing (or only part) is running.
#
# Env knobs:
#   FEDERA_SLURM_NEWER_DIR   chroots' parent dir (default /var/tmp/federa-slurm-newer)
#   FEDERA_SLURM_DIR         where clusters-newer.env lives (default /var/tmp/federa-slurm)
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

NEWER_DIR=${FEDERA_SLURM_NEWER_DIR:-/var/tmp/federa-slurm-newer}
SLURM_DIR=${FEDERA_SLURM_DIR:-/var/tmp/federa-slurm}
B=/srv/federa
usage() { echo "usage: $0 [c3|c4|all] [--wipe|--wipe-chroot]" >&2; exit 2; }

TARGETS=(c3 c4); WIPE=
for a in "$@"; do
  case $a in
    all) TARGETS=(c3 c4) ;;
    c3|c4) TARGETS=("$a") ;;
    --wipe) WIPE=state ;;
    --wipe-chroot) WIPE=chroot ;;
    *) usage ;;
  esac
done
[[ $(id -u) == 0 ]] || { echo "slurm-newer-down: run as root" >&2; exit 1; }
[[ $NEWER_DIR == /* && $NEWER_DIR != / ]] || { echo "slurm-newer-down: FEDERA_SLURM_NEWER_DIR must be an absolute path" >&2; exit 1; }
if [[ ! -d $NEWER_DIR ]]; then echo "slurm-newer-down: nothing to do ($NEWER_DIR does not exist)"; exit 0; fi
NEWER_DIR=$(realpath "$NEWER_DIR")
# serialised with slurm-newer-up.sh (same lock)
if [[ ${FEDERA_SLURM_NEWER_LOCKED:-} != "$NEWER_DIR" ]]; then
  export FEDERA_SLURM_NEWER_LOCKED=$NEWER_DIR
  exec flock -o -w 1800 "$NEWER_DIR/.lock" bash "${BASH_SOURCE[0]}" "$@"
fi

T0=$EPOCHREALTIME
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# running PID COMM ROOT: exists, no zombie, runs COMM inside chroot ROOT (/proc, no ps; the ROOT
# check keeps the host's c1/c2 daemons of the same name safe)
running() {
  local comm k v
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  { read -r comm <"/proc/$1/comm"; } 2>/dev/null || return 1
  [[ $comm == "$2" ]] || return 1
  [[ $(readlink "/proc/$1/root" 2>/dev/null) == "$3" ]] || return 1
  { while read -r k v _; do [[ $k == State: ]] && { [[ $v != Z ]]; return; }; done <"/proc/$1/status"; } 2>/dev/null
  return 1
}
# stop_all COMM PIDFILE...: SIGTERM every live one, wait for all, SIGKILL leftovers after 20 s
stop_all() {
  local comm=$1 f pid p left t=$EPOCHREALTIME; shift
  local -a pids=()
  for f in "$@"; do
    [[ -e $f ]] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    if running "$pid" "$comm" "$ROOT"; then kill -TERM "$pid" 2>/dev/null && pids+=("$pid"); fi
    rm -f "$f"
  done
  ((${#pids[@]})) || return 0
  local end=$((SECONDS + 20))
  while :; do
    left=0
    for p in "${pids[@]}"; do running "$p" "$comm" "$ROOT" && left=1; done
    ((left)) || break
    if ((SECONDS >= end)); then
      for p in "${pids[@]}"; do
        running "$p" "$comm" "$ROOT" && { echo "  $comm $p ignored SIGTERM: SIGKILL"; kill -KILL "$p" 2>/dev/null || true; }
      done
      sleep 0.3
      break
    fi
    sleep 0.1
  done
  echo "  stopped $comm (pid ${pids[*]}) in $(since "$t")s"
}
# live (non-zombie) processes whose root is the chroot (one find: a readlink per /proc entry costs
# ~40 ms each here)
procs_in_chroot() {
  local pid k v z
  for pid in $(find /proc/[0-9]*/root -maxdepth 0 -lname "$ROOT" 2>/dev/null | cut -d/ -f3); do
    z=0
    { while read -r k v _; do [[ $k == State: ]] && { [[ $v == Z ]] && z=1; break; }; done <"/proc/$pid/status"; } 2>/dev/null || continue
    ((z)) || echo "$pid"
  done
}
mounts_under() { findmnt -rn -o TARGET | awk -v r="$1" '$0 == r || index($0, r "/") == 1' | sort -r; }

rc=0
for c in "${TARGETS[@]}"; do
  case $c in c3) SUITE=trixie ;; c4) SUITE=sid ;; esac
  ROOT=$NEWER_DIR/$SUITE; H=$ROOT$B
  [[ -d $ROOT ]] || { echo "$c: no chroot ($ROOT)"; continue; }
  echo "$c: stopping ($ROOT)"

  if [[ -d $H/run ]]; then
    # 1. cancel jobs so that no job processes (slurmstepd) outlive slurmd
    if running "$(cat "$H/run/slurmctld.pid" 2>/dev/null || echo 0)" slurmctld "$ROOT"; then
      CH=(chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "SLURM_CONF=$B/etc/slurm.conf")
      mapfile -t jobs < <(timeout 10 "${CH[@]}" squeue -h -o %i 2>/dev/null || true)
      if ((${#jobs[@]})); then
        echo "  cancelling jobs on $c: ${jobs[*]}"
        timeout 10 "${CH[@]}" scancel "${jobs[@]}" 2>/dev/null || true
        for _ in $(seq 1 50); do
          [[ -z $(timeout 10 "${CH[@]}" squeue -h -o %i 2>/dev/null || true) ]] && break
          sleep 0.2
        done
      fi
    fi
    # 2. daemons in reverse start order
    stop_all slurmrestd "$H"/run/slurmrestd-*.pid
    stop_all slurmd "$H"/run/slurmd-*.pid
    stop_all slurmctld "$H/run/slurmctld.pid"
    stop_all slurmdbd "$H/run/slurmdbd.pid"
  fi
  [[ -d $H/mysql ]] && stop_all mariadbd "$H/mysql/mysqld.pid"
  [[ -d $H/munge ]] && stop_all munged "$H/munge/munged.pid"

  # 3. whatever still lives in this chroot (stray job processes, a test's sbatch): only processes
  #    whose root is this chroot, by PID
  mapfile -t left < <(procs_in_chroot)
  if ((${#left[@]})); then
    echo "  processes left in $ROOT: ${left[*]} ($(for p in "${left[@]}"; do cat "/proc/$p/comm" 2>/dev/null; done | tr '\n' ' ')): SIGTERM"
    kill -TERM "${left[@]}" 2>/dev/null || true
    for _ in $(seq 1 50); do [[ -z $(procs_in_chroot) ]] && break; sleep 0.1; done
    mapfile -t left < <(procs_in_chroot)
    if ((${#left[@]})); then echo "  SIGKILL ${left[*]}"; kill -KILL "${left[@]}" 2>/dev/null || true; sleep 0.3; fi
  fi

  # 4. unmount, deepest first; lazily if busy
  for m in $(mounts_under "$ROOT"); do
    umount "$m" 2>/dev/null || { sleep 0.5; umount "$m" 2>/dev/null; } || { echo "  $m busy: lazy unmount"; umount -l "$m"; }
  done
  if [[ -n $(mounts_under "$ROOT") ]]; then
    echo "  ERROR: still mounted under $ROOT:" >&2; mounts_under "$ROOT" >&2; rc=1; continue
  fi
  echo "  nothing mounted under $ROOT"

  # 5. wipe (only with nothing mounted: --one-file-system as a second guard for the host's /dev)
  case $WIPE in
    state)
      if [[ -d $H ]]; then rm -rf --one-file-system -- "$H"; echo "  wiped $H"; fi ;;
    chroot)
      [[ -f $NEWER_DIR/.federa-slurm-newer ]] || { echo "  $NEWER_DIR lacks the .federa-slurm-newer marker: not deleting $ROOT" >&2; rc=1; continue; }
      rm -rf --one-file-system -- "$ROOT"; rm -f "$NEWER_DIR/keys/$c.key"
      echo "  wiped chroot $ROOT and key $NEWER_DIR/keys/$c.key"
      env=$SLURM_DIR/clusters-newer.env
      if [[ -f $env ]]; then
        # drop this cluster's entries (C3_*, or C4_* and C4V43_*)
        names=$([[ $c == c3 ]] && echo "C3" || echo "C4 C4V43")
        tmp=$(mktemp "$env.XXXXXX")
        awk -v names="$names" -v drop="$c" '
          BEGIN { n = split(names, a, " ") }
          /^SLURM_NEWER_CLUSTERS=/ {
            k = split(substr($0, 22), cl, ","); out = ""
            for (i = 1; i <= k; i++) if (cl[i] != "" && cl[i] != drop && cl[i] != drop "v43") out = out (out == "" ? "" : ",") cl[i]
            print "SLURM_NEWER_CLUSTERS=" out; next }
          { for (i = 1; i <= n; i++) if (index($0, a[i] "_") == 1) next; print }' "$env" >"$tmp"
        chmod 644 "$tmp"; mv -f "$tmp" "$env"
      fi ;;
  esac
done
echo "slurm-newer-down: done in $(since "$T0")s"
exit "$rc"
