#!/usr/bin/env bash
# slurm-newer-up.sh - build (once, cached) and start two NEWER real Slurm clusters in Debian chroots,
# next to the host's Slurm 22.05 clusters c1/c2 of scripts/slurm-up.sh (which are not touched).
#
# Usage:  sudo scripts/slurm-newer-up.sh [c3|c4|all]        (default all; root required; Debian host)
#         FEDERA_SLURM_SMOKE=1 scripts/slurm-newer-up.sh     also run the REST smoke check
#
#   c3  Slurm 24.11 from Debian trixie  REST v0.0.40-v0.0.42  slurmctld 9817  slurmd 9818   slurmdbd 9819
#                                                              slurmrestd http://127.0.0.1:9820   MariaDB 3309
#   c4  Slurm 26.05 from Debian sid     REST v0.0.42-v0.0.45  slurmctld 10817 slurmd 10818  slurmdbd 10819
#                                                              slurmrestd http://127.0.0.1:10820  MariaDB 3310
#   The node of c3 and of c4 has 2 GPUs (gres gpu:l40s:2, /dev/null twins as device files); gres/gpu
#   is accounted (AccountingStorageTRES), so GrpTRES=gres/gpu=N quotas and GPU-seconds in sacct work.
#   c4v43  a second slurmrestd of c4 on http://127.0.0.1:10821 that offers ONLY v0.0.43 (imitates a
#          site whose slurmrestd is limited): same controller, same JWT key, same Slurm cluster "c4".
#
# Chroots: $FEDERA_SLURM_NEWER_DIR/{trixie,sid} (default /var/tmp/federa-slurm-newer), ~840 MB each,
# built once with `debootstrap --variant=minbase SUITE DIR <host's Debian mirror>` + apt-get inside.
# The chroots share the host's network and PID namespaces: ports are reachable on the host's
# loopback, pid files inside the chroot hold host PIDs. /proc, /dev, /dev/pts, /sys are mounted
# into the chroot while it runs (scripts/slurm-newer-down.sh unmounts them).
#
# Inside each chroot everything lives under /srv/federa (seen from the host: CHROOT/srv/federa):
# etc/ (slurm.conf, slurmdbd.conf, cgroup.conf), jwt/, munge/, mysql/, state/, spool/, log/, run/,
# jobs/ (mode 1777: the job directory; a job's current_working_directory must be /srv/federa/jobs,
# a path INSIDE the chroot - jobs never see host paths).
# Seeds (idempotent): Linux users alice bob carol dave federa in the chroot (same uids as on the
# host when those exist); Slurm accounts team-a (alice) and team-b (bob); Slurm user federa with
# AdminLevel=Administrator (association to root).
# JWT: one HS256 key per cluster. Master copy for the portal/tests on the host (root-only):
# $FEDERA_SLURM_NEWER_DIR/keys/{c3,c4}.key; the daemons use a copy in the chroot (slurm:slurm 0600).
# Writes ${FEDERA_SLURM_DIR:-/var/tmp/federa-slurm}/clusters-newer.env (never clusters.env).
#
# Idempotent: what runs is left alone, only what is down is (re)started; state (DB, job ids, keys)
# is kept. Warm start takes a few seconds.
# Stop: scripts/slurm-newer-down.sh [c3|c4|all] [--wipe|--wipe-chroot]; one REST server only:
# scripts/slurm-newer-restd.sh stop|start c3|c4|c4v43; run a command in a chroot as a user:
# scripts/slurm-newer-exec.sh c3 alice -- sbatch -A team-a --wrap 'sleep 1'
#
# Env knobs:
#   FEDERA_SLURM_NEWER_DIR     chroots + host key copies (default /var/tmp/federa-slurm-newer)
#   FEDERA_SLURM_DIR           where clusters-newer.env is written (default /var/tmp/federa-slurm)
#   FEDERA_SLURM_NEWER_MIRROR  Debian mirror for debootstrap/apt (default: the host's, from /etc/apt)
#   FEDERA_SLURM_NODE_CPUS     CPUs of each cluster's node (default 2)
#   FEDERA_SLURM_SMOKE=1       after start: REST ping, slurmdb as federa, one job as alice per cluster
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

NEWER_DIR=${FEDERA_SLURM_NEWER_DIR:-/var/tmp/federa-slurm-newer}
SLURM_DIR=${FEDERA_SLURM_DIR:-/var/tmp/federa-slurm}
NODE_CPUS=${FEDERA_SLURM_NODE_CPUS:-2}
SMOKE=${FEDERA_SLURM_SMOKE:-0}
NODE_MEM_MB=2000
ADMIN_USER=federa
LINUX_USERS=(alice bob carol dave "$ADMIN_USER")
REST_USER=slurmrest              # slurmrestd refuses root and SlurmUser
B=/srv/federa                    # state dir INSIDE each chroot
PLUGIN_DIR=/usr/lib/x86_64-linux-gnu/slurm-wlm
PKGS=(slurmctld slurmd slurmdbd slurmrestd slurm-client slurm-wlm-jwt-plugin slurm-wlm-mysql-plugin munge mariadb-server)
GPU_MODEL=l40s GPU_COUNT=2        # GPUs of each node (c1 of slurm-up.sh has a100s, c2 none)
JOB_PKGS=(python3 curl jupyter-notebook)   # for jobs: the run templates report back with curl and python3; notebooks run Jupyter (ADR 31)
PY=/usr/bin/python3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

T0=$EPOCHREALTIME
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[%5ss] %s\n' "$(since "$T0")" "$*"; }
die() {
  printf '[%5ss] slurm-newer-up: ERROR: %s\n' "$(since "$T0")" "$1" >&2
  if [[ -n ${2:-} ]]; then
    echo "--- last lines of $2:" >&2
    tail -n 25 "$2" >&2 2>/dev/null || echo "(no log file)" >&2
  fi
  exit 1
}
on_err() { echo "slurm-newer-up: FAILED (exit $1) at line $2: $3" >&2; }
trap 'on_err $? $LINENO "$BASH_COMMAND"' ERR

usage() { echo "usage: $0 [c3|c4|all]" >&2; exit 2; }
case ${1:-all} in
  all) TARGETS=(c3 c4) ;;
  c3|c4) TARGETS=("$1") ;;
  *) usage ;;
esac
(($# <= 1)) || usage

# ------------------------------------------------------------------------------------ checks + lock
[[ $(id -u) == 0 ]] || die "run as root (debootstrap, chroot, mounts)"
[[ $NEWER_DIR == /* && $NEWER_DIR != / ]] || die "FEDERA_SLURM_NEWER_DIR must be an absolute path, got '$NEWER_DIR'"
[[ $SLURM_DIR == /* && $SLURM_DIR != / ]] || die "FEDERA_SLURM_DIR must be an absolute path, got '$SLURM_DIR'"
[[ $NODE_CPUS =~ ^[1-9][0-9]*$ ]] || die "FEDERA_SLURM_NODE_CPUS must be a positive integer"
mkdir -p "$NEWER_DIR"
NEWER_DIR=$(realpath "$NEWER_DIR")   # /proc/PID/root shows the resolved path
# one slurm-newer-up/-down at a time: re-exec under flock (-o: the daemons must not inherit the lock fd)
if [[ ${FEDERA_SLURM_NEWER_LOCKED:-} != "$NEWER_DIR" ]]; then
  export FEDERA_SLURM_NEWER_LOCKED=$NEWER_DIR
  exec flock -o -w 1800 "$NEWER_DIR/.lock" bash "${BASH_SOURCE[0]}" "$@"
fi
install -d -m 755 "$NEWER_DIR" "$NEWER_DIR/logs"
install -d -m 700 "$NEWER_DIR/keys"
touch "$NEWER_DIR/.federa-slurm-newer"   # marker for slurm-newer-down.sh --wipe-chroot

# ------------------------------------------------------------------------------------ helpers
# running PID COMM ROOT: PID exists, is no zombie, runs COMM and lives in chroot ROOT (reads /proc:
# no ps; the ROOT check keeps the host's c1/c2 daemons of the same name out, and guards PID reuse)
running() {
  local comm k v
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  { read -r comm <"/proc/$1/comm"; } 2>/dev/null || return 1
  [[ $comm == "$2" ]] || return 1
  [[ $(readlink "/proc/$1/root" 2>/dev/null) == "$3" ]] || return 1
  { while read -r k v _; do [[ $k == State: ]] && { [[ $v != Z ]]; return; }; done <"/proc/$1/status"; } 2>/dev/null
  return 1
}
alive() { [[ -s $2 ]] && running "$(<"$2")" "$1" "$ROOT"; }   # alive COMM HOST_PIDFILE (uses $ROOT)
stop_pidfile() {   # stop_pidfile COMM HOST_PIDFILE: SIGTERM, wait up to 20 s, then SIGKILL
  alive "$1" "$2" || { rm -f "$2"; return 0; }
  local pid; pid=$(<"$2")
  kill -TERM "$pid" 2>/dev/null || true
  local end=$((SECONDS + 20))
  while running "$pid" "$1" "$ROOT"; do
    ((SECONDS < end)) || { kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; break; }
    sleep 0.1
  done
  rm -f "$2"
}
# wait_daemon TIMEOUT_S WHAT LOGFILE COMM PIDFILE CMD...: poll CMD every 0.1 s; die at once when the
# daemon is gone (3 s grace for its pid file), or with the log's tail on timeout
wait_daemon() {
  local t=$1 what=$2 logfile=$3 comm=$4 pidfile=$5; shift 5
  local end=$((SECONDS + t)) grace=$((SECONDS + 3))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || die "timeout after ${t}s waiting for $what" "$logfile"
    if ! alive "$comm" "$pidfile" && ((SECONDS >= grace)); then die "$what: $comm is not running" "$logfile"; fi
    sleep 0.1
  done
}
write_if_changed() {   # write_if_changed FILE (content on stdin): 0 if created or changed
  local tmp; tmp=$(mktemp "$1.XXXXXX")
  cat >"$tmp"; chmod 644 "$tmp"
  if [[ -f $1 ]] && cmp -s "$tmp" "$1"; then rm -f "$tmp"; return 1; fi
  mv -f "$tmp" "$1"
}
# CH CMD...: run CMD inside the chroot $ROOT as root with a clean environment (no host SLURM_CONF etc.)
CH() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
         SLURM_CONF=$B/etc/slurm.conf "$@"; }
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
munge_ok() { CH munge -S "$B/munge/munge.socket" -n | CH unmunge -S "$B/munge/munge.socket"; }
ctld_up() { local o; o=$(CH scontrol ping) && [[ $o == *"is UP"* ]]; }
node_up() { local o; o=$(CH sinfo -h -n "$1" -o %T) && [[ $o =~ ^(idle|mixed|allocated|completing)$ ]]; }
resume_if_drained() {   # resume_if_drained NODE: a node drained for its GRES count (slurmd older than gres.conf) is resumed
  local end=$((SECONDS + 10)) o
  until o=$(CH sinfo -h -n "$1" -o '%T|%E' 2>/dev/null) && [[ -n $o && ${o%%|*} != *'*' ]]; do
    ((SECONDS < end)) || return 0
    sleep 0.2
  done
  if [[ $o == drain* && $o == *gres* ]]; then
    log "node $1 was drained for its GRES ('${o#*|}'): resuming it"
    CH scontrol update nodename="$1" state=resume || true
  fi
}
# the host's own Debian mirror (deb822 "URIs:" or one-line "deb URI"), filtered by a regexp on the URI
host_uri() {
  grep -hoE '(URIs:[[:space:]]*|^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?)[a-z]+://[^[:space:]]+' \
      /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null \
    | grep -oE '[a-z]+://[^[:space:]]+' | grep -E "$1" | head -1 || true
}
# mounts under ROOT (deepest first)
mounts_under() { findmnt -rn -o TARGET | awk -v r="$1" '$0 == r || index($0, r "/") == 1' | sort -r; }

# profile CLUSTER: sets SUITE ROOT H PB DB_PORT (ports: PB ctld, PB+1 slurmd, PB+2 slurmdbd)
# and RESTDS ("name port data_parsers" - data_parsers "-" = all the release offers)
profile() {
  case $1 in
    c3) SUITE=trixie PB=9817 DB_PORT=3309 RESTDS=("c3 9820 -") ;;
    c4) SUITE=sid PB=10817 DB_PORT=3310 RESTDS=("c4 10820 -" "c4v43 10821 v0.0.43") ;;
  esac
  ROOT=$NEWER_DIR/$SUITE
  H=$ROOT$B
}

declare -A T_DEBOOTSTRAP=() T_APT=() T_START=()

ensure_debootstrap() {   # on the host, once, before the clusters are built in parallel
  command -v debootstrap >/dev/null 2>&1 && return 0
  log "installing debootstrap on the host"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends debootstrap >/dev/null \
    || die "apt-get install debootstrap failed"
}

# ------------------------------------------------------------------------------------ chroot build
build_chroot() {   # build_chroot CLUSTER (profile set): debootstrap + apt-get, unless already done
  local c=$1 t mirror sec
  [[ -f $ROOT/.federa-chroot-ready ]] && return 0
  command -v debootstrap >/dev/null 2>&1 || die "debootstrap is not installed"
  mirror=${FEDERA_SLURM_NEWER_MIRROR:-$(host_uri '/debian/?$')}
  sec=$(host_uri '/debian-security/?$'); sec=${sec:-${mirror%/debian*}/debian-security}
  [[ -n $mirror ]] || die "no Debian mirror found in /etc/apt/sources.list(.d); set FEDERA_SLURM_NEWER_MIRROR"
  if [[ ! -f $ROOT/.federa-debootstrap-done ]]; then
    if [[ -e $ROOT ]]; then   # a half-built chroot from an interrupted run: start over
      log "removing incomplete chroot $ROOT"
      local m; for m in $(mounts_under "$ROOT"); do umount "$m" 2>/dev/null || umount -l "$m"; done
      [[ -z $(mounts_under "$ROOT") ]] || die "cannot unmount everything under $ROOT"
      rm -rf --one-file-system -- "$ROOT"
    fi
    log "$c: debootstrap --variant=minbase $SUITE $ROOT $mirror"
    t=$EPOCHREALTIME
    debootstrap --variant=minbase "$SUITE" "$ROOT" "$mirror" >"$NEWER_DIR/logs/debootstrap-$SUITE.log" 2>&1 \
      || die "debootstrap $SUITE failed" "$NEWER_DIR/logs/debootstrap-$SUITE.log"
    touch "$ROOT/.federa-debootstrap-done"
    T_DEBOOTSTRAP[$c]=$(since "$t")
    log "$c: debootstrap done in ${T_DEBOOTSTRAP[$c]}s"
  fi
  # maintainer scripts must never start services inside the chroot: it shares the host's network
  # (mariadb would grab 3306, munge /run/munge ...)
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"; chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  if [[ $SUITE == trixie ]]; then
    printf 'deb %s trixie main\ndeb %s trixie-updates main\ndeb %s trixie-security main\n' \
      "$mirror" "$mirror" "$sec" >"$ROOT/etc/apt/sources.list"
  fi
  # sid: the mirror's InRelease may carry a Valid-Until in the past ("Release file ... is expired");
  # debootstrap does not check it, apt does
  printf 'APT::Install-Recommends "false";\nAcquire::Check-Valid-Until "false";\n' >"$ROOT/etc/apt/apt.conf.d/99federa"
  mount_chroot
  log "$c: apt-get install in the chroot: ${PKGS[*]}"
  t=$EPOCHREALTIME
  CH apt-get -o Acquire::Check-Valid-Until=false update -qq >"$NEWER_DIR/logs/apt-$SUITE.log" 2>&1 \
    || die "apt-get update in $ROOT failed" "$NEWER_DIR/logs/apt-$SUITE.log"
  CH env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false -o DPkg::Lock::Timeout=600 \
    install -y -qq --no-install-recommends "${PKGS[@]}" >>"$NEWER_DIR/logs/apt-$SUITE.log" 2>&1 \
    || die "apt-get install in $ROOT failed" "$NEWER_DIR/logs/apt-$SUITE.log"
  CH apt-get clean
  local p
  for p in auth_jwt.so rest_auth_jwt.so accounting_storage_mysql.so openapi_slurmctld.so openapi_slurmdbd.so; do
    [[ -e $ROOT$PLUGIN_DIR/$p ]] || die "chroot $ROOT lacks $PLUGIN_DIR/$p after apt-get install"
  done
  touch "$ROOT/.federa-chroot-ready"
  T_APT[$c]=$(since "$t")
  log "$c: apt-get done in ${T_APT[$c]}s ($(du -sh --one-file-system "$ROOT" 2>/dev/null | cut -f1) on disk)"
}

# ensure_job_tools CLUSTER: what jobs from the portal's run templates need on the node (python3 and
# curl: the "Python training script" template reports through the portal's helper); added to chroots
# built before they were part of the build
ensure_job_tools() {
  local c=$1 missing=() p
  for p in "${JOB_PKGS[@]}"; do [[ -x $ROOT/usr/bin/$p ]] || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "$c: apt-get install in the chroot (for jobs): ${missing[*]}"
  CH apt-get -o Acquire::Check-Valid-Until=false update -qq >>"$NEWER_DIR/logs/apt-$SUITE.log" 2>&1 \
    || die "apt-get update in $ROOT failed" "$NEWER_DIR/logs/apt-$SUITE.log"
  CH env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false -o DPkg::Lock::Timeout=600 \
    install -y -qq --no-install-recommends "${missing[@]}" >>"$NEWER_DIR/logs/apt-$SUITE.log" 2>&1 \
    || die "apt-get install ${missing[*]} in $ROOT failed" "$NEWER_DIR/logs/apt-$SUITE.log"
  CH apt-get clean
}

mount_chroot() {
  local m
  for m in proc dev dev/pts sys; do
    mountpoint -q "$ROOT/$m" && continue
    case $m in
      proc)    mount -t proc proc "$ROOT/proc" ;;
      dev)     mount --bind /dev "$ROOT/dev" ;;
      dev/pts) mount --bind /dev/pts "$ROOT/dev/pts" ;;
      sys)     mount -t sysfs sysfs "$ROOT/sys" ;;
    esac || die "mounting $m into $ROOT failed (needs root with CAP_SYS_ADMIN)"
  done
}

# ------------------------------------------------------------------------------------ users
seed_linux_users() {
  local u uid gid args
  grep -q "^$REST_USER:" "$ROOT/etc/passwd" || CH useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$REST_USER"
  for u in "${LINUX_USERS[@]}"; do
    grep -q "^$u:" "$ROOT/etc/passwd" && continue
    args=(--create-home --shell /bin/bash)
    # same uid/gid as on the host where free in the chroot: file ownership in the job dir then reads
    # the same from both sides
    uid=$(id -u "$u" 2>/dev/null || true); gid=$(id -g "$u" 2>/dev/null || true)
    if [[ -n $uid ]] && ! cut -d: -f3 "$ROOT/etc/passwd" | grep -qx "$uid"; then args+=(--uid "$uid"); fi
    if [[ -n $gid ]] && ! cut -d: -f3 "$ROOT/etc/group" | grep -qx "$gid" && ! grep -q "^$u:" "$ROOT/etc/group"; then
      CH groupadd --gid "$gid" "$u"; args+=(--gid "$gid")
    else
      args+=(--user-group)
    fi
    CH useradd "${args[@]}" "$u"
    log "created Linux user $u in $ROOT (uid $(CH id -u "$u"))"
  done
}

# ------------------------------------------------------------------------------------ one cluster
up_cluster() {
  local c=$1 t node dbd_port ctld_port slurmd_port key_host key_in key_changed=0 sql
  local t_start=$EPOCHREALTIME
  profile "$c"
  node=${c}n1; ctld_port=$PB; slurmd_port=$((PB + 1)); dbd_port=$((PB + 2))

  build_chroot "$c"
  mount_chroot
  ensure_job_tools "$c"
  # a minbase chroot has no /etc/hosts (that comes with netbase): without one, "localhost"
  # (SlurmctldHost, DbdHost) does not resolve inside the chroot
  local hn; for hn in localhost "$(hostname)"; do
    awk -v n="$hn" '$1 == "127.0.0.1" { for (i = 2; i <= NF; i++) if ($i == n) f = 1 } END { exit !f }' \
      "$ROOT/etc/hosts" 2>/dev/null || echo "127.0.0.1 $hn" >>"$ROOT/etc/hosts"
  done
  seed_linux_users

  # dirs
  install -d -m 755 "$H" "$H/etc" "$H/munge" "$H/run" "$H/spool" "$H/spool/$node"
  install -d -m 700 "$H/munge/etc"
  install -d -m 1777 "$H/jobs"
  [[ -d $H/mysql ]] || install -d -m 755 "$H/mysql"
  for d in state log jwt; do [[ -d $H/$d ]] || install -d -m 755 "$H/$d"; done
  CH chown slurm:slurm "$B/state" "$B/log" "$B/jwt"
  chmod 700 "$H/jwt"

  # JWT key: host master copy (root-only, for the portal) <-> chroot copy (slurm:slurm 0600, for the daemons)
  key_host=$NEWER_DIR/keys/$c.key; key_in=$H/jwt/jwt_hs256.key
  if [[ ! -s $key_host ]]; then
    if [[ -s $key_in ]]; then cp "$key_in" "$key_host.tmp"; else head -c 32 /dev/urandom >"$key_host.tmp"; fi
    chmod 600 "$key_host.tmp"; mv -f "$key_host.tmp" "$key_host"
    log "$c: HS256 key $key_host"
  fi
  chmod 600 "$key_host"; chown root:root "$key_host"
  if [[ ! -s $key_in ]] || ! cmp -s "$key_host" "$key_in"; then
    [[ -s $key_in ]] && key_changed=1
    install -m 600 "$key_host" "$key_in"
  fi
  CH chown slurm:slurm "$B/jwt/jwt_hs256.key"

  local MUNGE_SOCK=$B/munge/munge.socket MYSOCK=$B/mysql/mysqld.sock JWT_KEY=$B/jwt/jwt_hs256.key

  # ---- munged
  if ! alive munged "$H/munge/munged.pid"; then
    [[ -s $H/munge/etc/munge.key ]] || CH mungekey --create --keyfile="$B/munge/etc/munge.key"
    chmod 600 "$H/munge/etc/munge.key"
    log "$c: starting munged"
    rm -f "$H/munge/munged.pid"
    CH munged --key-file="$B/munge/etc/munge.key" --socket="$MUNGE_SOCK" --pid-file="$B/munge/munged.pid" \
      --log-file="$B/munge/munged.log" --seed-file="$B/munge/etc/munged.seed" --num-threads=4 \
      </dev/null >>"$H/munge/munged.log" 2>&1 || die "munged of $c failed to start" "$H/munge/munged.log"
  fi
  wait_daemon 15 "munged $c" "$H/munge/munged.log" munged "$H/munge/munged.pid" munge_ok

  # ---- MariaDB
  if [[ ! -d $H/mysql/data/mysql ]]; then
    log "$c: initialising MariaDB datadir"
    CH chown mysql:mysql "$B/mysql"
    CH mariadb-install-db --no-defaults --datadir="$B/mysql/data" --user=mysql \
      --auth-root-authentication-method=socket --skip-test-db >"$H/mysql/install.log" 2>&1 \
      || die "mariadb-install-db in $ROOT failed" "$H/mysql/install.log"
    rm -f "$H/mysql/.grants"
  fi
  if ! alive mariadbd "$H/mysql/mysqld.pid"; then
    log "$c: starting MariaDB on 127.0.0.1:$DB_PORT"
    rm -f "$H/mysql/mysqld.pid"
    # MariaDB 11.8 defaults innodb_snapshot_isolation=ON, which slurmdbd 26.05 calls unsupported
    # ("will cause slurmdbd to fatal when a write conflicts") -> OFF
    setsid chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
      mariadbd --no-defaults --datadir="$B/mysql/data" --socket="$MYSOCK" --port="$DB_PORT" \
      --bind-address=127.0.0.1 --pid-file="$B/mysql/mysqld.pid" --log-error="$B/mysql/error.log" \
      --user=mysql --skip-name-resolve --innodb-buffer-pool-size=64M --innodb-log-file-size=48M \
      --innodb-flush-log-at-trx-commit=2 --innodb-lock-wait-timeout=900 --innodb-snapshot-isolation=OFF \
      </dev/null >/dev/null 2>&1 &
    # known now for wait_daemon; mariadbd (as user mysql) rewrites the same pid into it later
    echo "$!" >"$H/mysql/mysqld.pid"; CH chown mysql:mysql "$B/mysql/mysqld.pid"
  fi
  wait_daemon 60 "MariaDB $c" "$H/mysql/error.log" mariadbd "$H/mysql/mysqld.pid" \
    CH mariadb-admin --no-defaults -S "$MYSOCK" ping
  if [[ ! -s $H/mysql/slurm-db-pass ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$H/mysql/slurm-db-pass")
  fi
  local DB_PASS; DB_PASS=$(<"$H/mysql/slurm-db-pass")
  # CREATE DATABASE before slurmdbd's first start: if slurmdbd creates it, it re-uses the handle of
  # the failed connect and trixie's libmariadb 3.4 then fails with "5027 Number of columns in result
  # (=1) set execeeds maxmimum allowed number of columns (=0)" -> slurmdbd fatal
  sql="CREATE DATABASE IF NOT EXISTS slurm_acct_db;
  CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
  CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$DB_PASS';
  GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1'; GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';"
  if [[ ! -f $H/mysql/.grants ]] || [[ $(<"$H/mysql/.grants") != "$sql" ]]; then
    CH mariadb --no-defaults -S "$MYSOCK" -u root <<<"$sql" || die "creating slurm_acct_db in $ROOT failed" "$H/mysql/error.log"
    (umask 077 && printf '%s' "$sql" >"$H/mysql/.grants")
  fi

  # ---- slurmdbd
  if write_if_changed "$H/etc/slurmdbd.conf" <<EOF
# generated by scripts/slurm-newer-up.sh - cluster $c - do not edit (rewritten on every run)
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCK
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$JWT_KEY
DbdHost=localhost
DbdPort=$dbd_port
CommunicationParameters=NoInAddrAny
SlurmUser=slurm
DebugLevel=info
LogFile=$B/log/slurmdbd.log
PidFile=$B/run/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$DB_PORT
StorageUser=slurm
StoragePass=$DB_PASS
StorageLoc=slurm_acct_db
EOF
  then key_changed=$((key_changed | 2)); fi
  CH chown slurm:slurm "$B/etc/slurmdbd.conf"; chmod 600 "$H/etc/slurmdbd.conf"
  if ((key_changed)) && alive slurmdbd "$H/run/slurmdbd.pid"; then
    log "$c: slurmdbd.conf or key changed: restarting slurmdbd"; stop_pidfile slurmdbd "$H/run/slurmdbd.pid"
  fi
  if ! alive slurmdbd "$H/run/slurmdbd.pid"; then
    log "$c: starting slurmdbd on :$dbd_port"
    rm -f "$H/run/slurmdbd.pid"
    CH slurmdbd </dev/null >>"$H/log/slurmdbd.log" 2>&1 || die "slurmdbd of $c failed to start" "$H/log/slurmdbd.log"
  fi
  wait_daemon 60 "slurmdbd $c on :$dbd_port" "$H/log/slurmdbd.log" slurmdbd "$H/run/slurmdbd.pid" tcp_open "$dbd_port"

  # ---- slurm.conf + cgroup.conf
  local conf_changed=0
  if write_if_changed "$H/etc/slurm.conf" <<EOF
# generated by scripts/slurm-newer-up.sh - cluster $c (chroot $ROOT) - do not edit (rewritten on every run)
ClusterName=$c
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=slurm
SlurmdUser=root
# auth: munge on a private socket; JWT (HS256) as alternative auth for slurmrestd
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCK
CredType=cred/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$JWT_KEY
# files (paths inside the chroot)
StateSaveLocation=$B/state
SlurmdSpoolDir=$B/spool/%n
SlurmctldPidFile=$B/run/slurmctld.pid
SlurmdPidFile=$B/run/slurmd-%n.pid
SlurmctldLogFile=$B/log/slurmctld.log
SlurmdLogFile=$B/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups here (see cgroup.conf)
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SlurmdParameters=config_overrides
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
# bind to the address of "localhost", not 0.0.0.0
CommunicationParameters=NoInAddrAny
# scheduling: the node is shared per CPU; no batch_sched_delay (new jobs start at once)
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
# accounting + quota enforcement
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$dbd_port
# connections to slurmdbd take the munge socket from AccountingStoragePass, not from AuthInfo
AccountingStoragePass=$MUNGE_SOCK
AccountingStorageEnforce=associations,limits,qos
AccountingStorageTRES=gres/gpu
JobCompType=jobcomp/none
GresTypes=gpu
# one node on loopback; slurmd is started with -N $node
NodeName=$node NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=$NODE_CPUS RealMemory=$NODE_MEM_MB Gres=gpu:$GPU_MODEL:$GPU_COUNT State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  then conf_changed=1; fi
  # without it slurmd of 24.11+ does not start here (no usable cgroup fs)
  if printf '# generated by scripts/slurm-newer-up.sh\nCgroupPlugin=disabled\n' | write_if_changed "$H/etc/cgroup.conf"; then conf_changed=1; fi
  # GPUs: character device twins of /dev/null (c 1 3) under $B/dev, AutoDetect=off (no NVML probing).
  # (22.05 drops file-less GPUs; a File= that is no device is refused; the same works on 24.11/26.05)
  local g
  install -d -m 755 "$H/dev"
  for ((g = 0; g < GPU_COUNT; g++)); do
    [[ -c $H/dev/gpu$g ]] || { rm -f "$H/dev/gpu$g"; mknod -m 666 "$H/dev/gpu$g" c 1 3; }
  done
  if printf '# generated by scripts/slurm-newer-up.sh - cluster %s\nAutoDetect=off\nNodeName=%s Name=gpu Type=%s File=%s/dev/gpu[0-%s]\n' \
      "$c" "$node" "$GPU_MODEL" "$B" "$((GPU_COUNT - 1))" | write_if_changed "$H/etc/gres.conf"; then conf_changed=1; fi
  chmod 644 "$H/etc/slurm.conf" "$H/etc/cgroup.conf" "$H/etc/gres.conf"
  if ((conf_changed || (key_changed & 1))); then
    if alive slurmctld "$H/run/slurmctld.pid" || alive slurmd "$H/run/slurmd-$node.pid"; then
      log "$c: slurm.conf, cgroup.conf, gres.conf or key changed: restarting its daemons"
      local rn; read -ra rn <<<"$(restd_names)"
      FEDERA_SLURM_NEWER_DIR=$NEWER_DIR "$HERE/slurm-newer-restd.sh" stop "${rn[@]}" >/dev/null
      stop_pidfile slurmd "$H/run/slurmd-$node.pid"
      stop_pidfile slurmctld "$H/run/slurmctld.pid"
    fi
  fi
  # per slurmrestd: address + data parsers, read by slurm-newer-restd.sh
  local r name port dp
  for r in "${RESTDS[@]}"; do
    read -r name port dp <<<"$r"
    if printf 'REST_ADDR=127.0.0.1:%s\nDATA_PARSERS=%s\n' "$port" "${dp/#-/}" | write_if_changed "$H/run/restd-$name.env"; then
      if alive slurmrestd "$H/run/slurmrestd-$name.pid"; then
        FEDERA_SLURM_NEWER_DIR=$NEWER_DIR "$HERE/slurm-newer-restd.sh" stop "$name" >/dev/null
      fi
    fi
  done

  # ---- accounting: register the cluster BEFORE slurmctld starts, seed accounts/users.
  # Warm path: one sacctmgr query shows everything is there.
  seed_accounting "$c"

  # ---- slurmctld, slurmd
  local try
  for try in 1 2; do
    if ! alive slurmctld "$H/run/slurmctld.pid"; then
      log "$c: starting slurmctld on :$ctld_port"
      rm -f "$H/run/slurmctld.pid"
      CH slurmctld </dev/null >>"$H/log/slurmctld.log" 2>&1 || die "slurmctld $c failed to start" "$H/log/slurmctld.log"
    fi
    # 24.11's slurmctld once dumped core, without a log line, on its first start after the node's
    # GRES changed (ADR 26); the next start was fine: one more start before giving up
    if ((try == 1)); then
      local end=$((SECONDS + 30)) grace=$((SECONDS + 3))
      until ctld_up >/dev/null 2>&1 || ((SECONDS >= end)); do
        # as wait_daemon: a missing process counts only after 3 s (the pid file comes after the fork)
        if ((SECONDS >= grace)) && ! alive slurmctld "$H/run/slurmctld.pid"; then break; fi
        sleep 0.1
      done
      ctld_up >/dev/null 2>&1 && break
      log "$c: slurmctld is not up (exited or silent): starting it once more"
      stop_pidfile slurmctld "$H/run/slurmctld.pid" || true
    fi
  done
  wait_daemon 30 "slurmctld $c" "$H/log/slurmctld.log" slurmctld "$H/run/slurmctld.pid" ctld_up
  if ! alive slurmd "$H/run/slurmd-$node.pid"; then
    log "$c: starting slurmd $node on :$slurmd_port"
    rm -f "$H/run/slurmd-$node.pid"
    CH slurmd -N "$node" </dev/null >>"$H/log/slurmd-$node.log" 2>&1 || die "slurmd $node failed to start" "$H/log/slurmd-$node.log"
  fi
  resume_if_drained "$node"
  wait_daemon 30 "node $node" "$H/log/slurmd-$node.log" slurmd "$H/run/slurmd-$node.pid" node_up "$node"

  # ---- slurmrestd(s)
  local down=()
  for r in "${RESTDS[@]}"; do
    read -r name _ <<<"$r"
    alive slurmrestd "$H/run/slurmrestd-$name.pid" || down+=("$name")
  done
  if ((${#down[@]})); then
    log "$c: starting slurmrestd ${down[*]}"
    FEDERA_SLURM_NEWER_DIR=$NEWER_DIR "$HERE/slurm-newer-restd.sh" start "${down[@]}" >/dev/null \
      || die "slurmrestd ${down[*]} did not start" "$H/log/slurmrestd-${down[0]}.log"
  fi
  T_START[$c]=$(awk -v a="$t_start" -v b="$EPOCHREALTIME" -v d="${T_DEBOOTSTRAP[$c]:-0}" -v p="${T_APT[$c]:-0}" \
    'BEGIN { printf "%.1f", b - a - d - p }')
  log "$c up: Slurm $(release) in $ROOT (start ${T_START[$c]}s)"
  printf '%s %s %s\n' "${T_DEBOOTSTRAP[$c]:--}" "${T_APT[$c]:--}" "${T_START[$c]}" >"$NEWER_DIR/logs/timings-$c"
}

restd_names() { local r n out=(); for r in "${RESTDS[@]}"; do read -r n _ <<<"$r"; out+=("$n"); done; echo "${out[@]}"; }
release() { CH slurmctld -V | awk '{print $2}'; }
# versions offered by the release: its data_parser plugins (data_parser_v0_0_42.so -> v0.0.42)
api_versions() {
  local f v out=()
  for f in "$ROOT$PLUGIN_DIR"/data_parser_v0_0_*.so; do
    [[ -e $f ]] || continue
    v=${f##*/data_parser_}; v=${v%.so}; out+=("${v//_/.}")
  done
  (IFS=,; echo "${out[*]}")
}

SEED=("alice team-a" "bob team-b" "$ADMIN_USER root")
user_rows() {   # waits (30 s) until slurmdbd answers, prints user|adminlevel|cluster|account rows
  local end=$((SECONDS + 30)) out
  until out=$(CH sacctmgr -n -P show user withassoc format=user,adminlevel,cluster,account 2>&1); do
    ((SECONDS < end)) || { echo "$out"; return 1; }
    sleep 0.2
  done
  printf '%s\n' "$out"
}
seed_missing() {   # seed_missing ROWS CLUSTER: prints what is missing (empty = all seeded)
  local rows=$1 c=$2 u a pair
  for pair in "${SEED[@]}"; do
    read -r u a <<<"$pair"
    grep -qx "$u|[^|]*|$c|$a" <<<"$rows" || echo "$u@$a@$c"
  done
  grep -qx "$ADMIN_USER|Administrator|.*" <<<"$rows" || echo "adminlevel:$ADMIN_USER"
}
seed_accounting() {
  local c=$1 rows missing out pair u a dlog=$H/log/slurmdbd.log cmds=()
  rows=$(user_rows) || die "slurmdbd of $c does not answer sacctmgr: $rows" "$dlog"
  missing=$(seed_missing "$rows" "$c")
  [[ -z $missing ]] && return 0
  # one sacctmgr session; every command idempotent
  out=$(CH sacctmgr -n -P list cluster format=cluster) || die "sacctmgr list cluster failed" "$dlog"
  grep -qx "$c" <<<"$out" || cmds+=("add cluster $c")
  cmds+=("add account team-a,team-b cluster=$c description=federa-team organization=federa")
  for pair in "${SEED[@]}"; do
    read -r u a <<<"$pair"
    cmds+=("add user $u account=$a cluster=$c")
  done
  grep -qx "adminlevel:$ADMIN_USER" <<<"$missing" && cmds+=("modify user $ADMIN_USER set adminlevel=Administrator")
  out=$(printf '%s\n' "${cmds[@]}" | CH sacctmgr -i 2>&1) || true   # rc=1 on any "Nothing new added"
  rows=$(user_rows) || die "slurmdbd of $c does not answer sacctmgr: $rows" "$dlog"
  missing=$(seed_missing "$rows" "$c")
  [[ -z $missing ]] || die "seeding accounting of $c failed (still missing: ${missing//$'\n'/ }); sacctmgr said: $out" "$dlog"
  log "$c: accounting seeded (${#cmds[@]} change(s): cluster, team-a/alice, team-b/bob, admin $ADMIN_USER)"
}

# ------------------------------------------------------------------------------------ run
# the clusters are independent: bring them up in parallel (a cold build is mostly waiting for the
# mirror; warm, each start mostly waits for its daemons). Output lines interleave; each names its cluster.
for c in "${TARGETS[@]}"; do profile "$c"; [[ -f $ROOT/.federa-chroot-ready ]] || ensure_debootstrap; done
declare -A UP_PID=()
for c in "${TARGETS[@]}"; do
  rm -f "$NEWER_DIR/logs/timings-$c"
  up_cluster "$c" &
  UP_PID[$c]=$!
done
failed=()
for c in "${TARGETS[@]}"; do wait "${UP_PID[$c]}" || failed+=("$c"); done
((${#failed[@]} == 0)) || die "bringing up ${failed[*]} failed (see above)"

# ------------------------------------------------------------------------------------ clusters-newer.env
# describes every cluster whose chroot is set up (not only this run's targets)
mkdir -p "$SLURM_DIR"
{
  echo "# written by scripts/slurm-newer-up.sh - newer Slurm clusters in Debian chroots (see the script's header)"
  echo "# c4v43 is a second slurmrestd of cluster c4 that offers only REST v0.0.43"
  echo "FEDERA_SLURM_NEWER_DIR=$NEWER_DIR"
  names=()
  for c in c3 c4; do
    profile "$c"
    [[ -f $ROOT/.federa-chroot-ready && -f $H/etc/slurm.conf ]] || continue
    names+=("$(restd_names)")
  done
  echo "SLURM_NEWER_CLUSTERS=$(echo "${names[*]}" | tr ' ' ',')"
  echo "SLURM_ADMIN_USER=$ADMIN_USER"
  for c in c3 c4; do
    profile "$c"
    [[ -f $ROOT/.federa-chroot-ready && -f $H/etc/slurm.conf ]] || continue
    rel=$(release); all=$(api_versions)
    for r in "${RESTDS[@]}"; do
      read -r name port dp <<<"$r"
      p=${name^^}
      echo "${p}_CLUSTER=$c"
      echo "${p}_URL=http://127.0.0.1:$port"
      echo "${p}_JWT_KEY=$NEWER_DIR/keys/$c.key"
      echo "${p}_RELEASE=$rel"
      echo "${p}_API_VERSIONS=$([[ $dp == - ]] && echo "$all" || echo "$dp")"
      echo "${p}_PARTITION=debug"
      echo "${p}_JOB_DIR=$B/jobs"
      echo "${p}_JOB_DIR_HOST=$H/jobs"
      echo "${p}_CHROOT=$ROOT"
      echo "${p}_SLURM_CONF=$B/etc/slurm.conf"
    done
  done
} | write_if_changed "$SLURM_DIR/clusters-newer.env" || true
chmod 644 "$SLURM_DIR/clusters-newer.env"

# ------------------------------------------------------------------------------------ smoke check
rest() {   # rest USER KEYFILE METHOD URL [JSON_BODY]: prints BODY, newline, HTTP code
  local tok args
  tok=$("$PY" "$HERE/lib/mint-jwt.py" "$2" "$1" 300)
  args=(-s --max-time 10 -w '\n%{http_code}' -X "$3" -H "X-SLURM-USER-NAME: $1" -H "X-SLURM-USER-TOKEN: $tok")
  [[ -n ${5:-} ]] && args+=(-H 'Content-Type: application/json' --data-binary "$5")
  curl "${args[@]}" "$4" || true
}
if [[ $SMOKE == 1 ]]; then
  for c in "${TARGETS[@]}"; do
    profile "$c"
    key=$NEWER_DIR/keys/$c.key
    for r in "${RESTDS[@]}"; do
      read -r name port dp <<<"$r"
      url=http://127.0.0.1:$port; v=$([[ $dp == - ]] && api_versions | tr ',' '\n' | tail -1 || echo "$dp")
      rlog=$H/log/slurmrestd-$name.log
      out=$(rest alice "$key" GET "$url/slurm/$v/ping")
      jq -e '.pings[0].responding == true' >/dev/null 2>&1 <<<"${out%$'\n'*}" || die "smoke: ping $name ($v) as alice failed: $out" "$rlog"
      out=$(rest "$ADMIN_USER" "$key" GET "$url/slurmdb/$v/associations")
      jq -e --arg c "$c" '[.associations[] | select(.cluster == $c) | "\(.account)|\(.user)"]
          | index("team-a|alice") != null and index("root|federa") != null' >/dev/null 2>&1 <<<"${out%$'\n'*}" \
        || die "smoke: slurmdb/$v/associations on $name as $ADMIN_USER failed: $out" "$rlog"
      body=$(jq -nc --arg dir "$B/jobs" --arg n "$name" '{job: {
        script: "#!/bin/bash\necho smoke $SLURM_CLUSTER_NAME $(id -un)\n", name: "federa-smoke",
        account: "team-a", partition: "debug", tasks: 1, cpus_per_task: 1,
        time_limit: {set: true, number: 2}, current_working_directory: $dir,
        standard_output: ($dir + "/smoke-" + $n + "-%j.out"), environment: ["PATH=/usr/bin:/bin"]}}')
      out=$(rest alice "$key" POST "$url/slurm/$v/job/submit" "$body")
      jid=$(jq -r '.job_id // empty' 2>/dev/null <<<"${out%$'\n'*}") || true
      [[ $jid =~ ^[0-9]+$ ]] || die "smoke: submit on $name ($v) as alice/team-a failed: $out" "$rlog"
      end=$((SECONDS + 30)); state=
      while :; do
        out=$(rest alice "$key" GET "$url/slurm/$v/job/$jid")
        state=$(jq -r '.jobs[0].job_state[0] // empty' 2>/dev/null <<<"${out%$'\n'*}") || true
        [[ $state == COMPLETED ]] && break
        [[ $state =~ ^(FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE)$ ]] \
          && die "smoke: job $jid on $name ended $state" "$H/log/slurmd-${c}n1.log"
        ((SECONDS < end)) || die "smoke: job $jid on $name not COMPLETED after 30 s (state '$state')" "$H/log/slurmctld.log"
        sleep 0.2
      done
      log "smoke OK on $name ($v): ping as alice, slurmdb as $ADMIN_USER, job $jid (alice/team-a) COMPLETED"
    done
  done
fi

# ------------------------------------------------------------------------------------ summary
log "newer Slurm up in $(since "$T0")s"
for c in "${TARGETS[@]}"; do
  profile "$c"
  read -r t_deb t_apt t_start <"$NEWER_DIR/logs/timings-$c"
  printf '  %s  Slurm %s  chroot %s  timings: debootstrap %ss  apt %ss  start %ss\n' "$c" "$(release)" "$ROOT" \
    "$t_deb" "$t_apt" "$t_start"
  for r in "${RESTDS[@]}"; do
    read -r name port dp <<<"$r"
    printf '      %-6s REST http://127.0.0.1:%s  versions %s  key %s\n' "$name" "$port" \
      "$([[ $dp == - ]] && api_versions || echo "$dp")" "$NEWER_DIR/keys/$c.key"
  done
done
echo "  env for tests: $SLURM_DIR/clusters-newer.env   admin Slurm user: $ADMIN_USER   job dir (inside the chroot): $B/jobs"
echo "  CLI:   $HERE/slurm-newer-exec.sh c3 alice -- squeue"
echo "  token: python3 $HERE/lib/mint-jwt.py $NEWER_DIR/keys/c3.key alice 3600"
