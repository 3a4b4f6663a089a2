#!/usr/bin/env bash
# slurm-down.sh - stop everything scripts/slurm-up.sh started, strictly by the PIDs in its pid files.
#
# Usage:  scripts/slurm-down.sh           stop; keep the state (accounts, job history, keys) for next start
#         scripts/slurm-down.sh --wipe    stop, then delete the whole state dir
#
# Order: cancel queued/running jobs, then slurmrestd, slurmd, slurmctld (per cluster), slurmdbd,
# MariaDB, munged. Each daemon gets SIGTERM and is waited for (SIGKILL after 20 s). Safe to run
# when nothing (or only part of it) is running.
#
# Env knobs:
#   FEDERA_SLURM_DIR   state dir (default /var/tmp/federa-slurm)
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

DIR=${FEDERA_SLURM_DIR:-/var/tmp/federa-slurm}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WIPE=0
case ${1:-} in
  "") ;;
  --wipe) WIPE=1 ;;
  *) echo "usage: $0 [--wipe]" >&2; exit 2 ;;
esac
[[ $(id -u) == 0 ]] || { echo "slurm-down: run as root" >&2; exit 1; }
[[ $DIR == /* && $DIR != / ]] || { echo "slurm-down: FEDERA_SLURM_DIR must be an absolute path" >&2; exit 1; }
# serialised with slurm-up.sh (same lock; see there)
if [[ -d $DIR && ${FEDERA_SLURM_LOCKED:-} != "$DIR" ]]; then
  export FEDERA_SLURM_LOCKED=$DIR
  exec flock -o -w 900 "$DIR/.lock" bash "${BASH_SOURCE[0]}" "$@"
fi

T0=$EPOCHREALTIME
elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

running() {   # running PID COMM: exists, is not a zombie, runs the expected program (/proc, no ps)
  local comm k v
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  { read -r comm <"/proc/$1/comm"; } 2>/dev/null || return 1
  [[ $comm == "$2" ]] || return 1
  { while read -r k v _; do [[ $k == State: ]] && { [[ $v != Z ]]; return; }; done <"/proc/$1/status"; } 2>/dev/null
  return 1
}
# stop_all COMM PIDFILE...: SIGTERM every live one, wait for all of them, SIGKILL leftovers after 20 s
stop_all() {
  local comm=$1 f pid p left; shift
  local -a pids=()
  for f in "$@"; do
    [[ -s $f ]] || { rm -f "$f"; continue; }
    pid=$(<"$f")
    if running "$pid" "$comm"; then kill -TERM "$pid" 2>/dev/null && pids+=("$pid"); fi
    rm -f "$f"
  done
  ((${#pids[@]})) || return 0
  local end=$((SECONDS + 20))
  while :; do
    left=0
    for p in "${pids[@]}"; do running "$p" "$comm" && left=1; done
    ((left)) || break
    if ((SECONDS >= end)); then
      for p in "${pids[@]}"; do
        running "$p" "$comm" && { echo "  $comm $p ignored SIGTERM: SIGKILL"; kill -KILL "$p" 2>/dev/null || true; }
      done
      sleep 0.3
      break
    fi
    sleep 0.1
  done
  echo "  stopped $comm (pid ${pids[*]})"
}

if [[ -d $DIR ]]; then
  clusters=()
  for f in "$DIR"/*/restd.env; do [[ -e $f ]] && clusters+=("$(basename "$(dirname "$f")")"); done

  # 1. cancel jobs so that no job processes (slurmstepd) outlive slurmd
  for c in "${clusters[@]}"; do
    conf=$DIR/$c/etc/slurm.conf
    running "$(cat "$DIR/$c/slurmctld.pid" 2>/dev/null || echo 0)" slurmctld || continue
    mapfile -t jobs < <(SLURM_CONF=$conf timeout 10 squeue -h -o %i 2>/dev/null || true)
    ((${#jobs[@]})) || continue
    echo "  cancelling jobs on $c: ${jobs[*]}"
    SLURM_CONF=$conf scancel "${jobs[@]}" 2>/dev/null || true
    for _ in $(seq 1 50); do
      [[ -z $(SLURM_CONF=$conf squeue -h -o %i 2>/dev/null) ]] && break
      sleep 0.2
    done
  done

  # 2. daemons, in reverse start order
  ((${#clusters[@]})) && "$HERE/slurm-restd.sh" stop "${clusters[@]}" | sed 's/^/  /'
  slurmds=(); ctlds=(); dbds=()
  for c in "${clusters[@]}"; do
    ctlds+=("$DIR/$c/slurmctld.pid")
    for f in "$DIR/$c"/slurmd-*.pid; do [[ -e $f ]] && slurmds+=("$f"); done
  done
  for f in "$DIR"/dbd*/slurmdbd.pid; do [[ -e $f ]] && dbds+=("$f"); done
  stop_all slurmd "${slurmds[@]}"
  stop_all slurmctld "${ctlds[@]}"
  stop_all slurmdbd "${dbds[@]}"
  stop_all mariadbd "$DIR/mysql/mysqld.pid"
  stop_all munged "$DIR/munge/munged.pid"
fi

if ((WIPE)) && [[ -e $DIR ]]; then
  [[ -f $DIR/.federa-slurm-state ]] || { echo "slurm-down: $DIR has no .federa-slurm-state marker; not deleting it" >&2; exit 1; }
  rm -rf -- "$DIR"
  echo "  wiped $DIR"
fi
echo "slurm-down: done in $(elapsed)s"
