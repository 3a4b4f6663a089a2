#!/usr/bin/env bash
# slurm-up.sh - start two real local Slurm 22.05 clusters (c1, c2) for Federa development and tests.
#
# Usage:  sudo scripts/slurm-up.sh            (root required; Debian 12)
#         FEDERA_SLURM_SMOKE=1 scripts/slurm-up.sh     also run the REST smoke check
#
# What runs (everything on loopback, everything under the state dir):
#   munged (private socket) -> MariaDB 127.0.0.1:3307 -> slurmdbd :6819 (accounting enforced:
#   associations,limits,qos) -> per cluster slurmctld + slurmd (one node, 2 CPUs, partition
#   'debug') + slurmrestd (JWT auth, openapi/v0.0.38 + openapi/dbv0.0.38);
#   c1's node also has 2 GPUs (gres gpu:a100:2, no device files) and is in a second partition 'gpu';
#   c2 has no GPUs. gres/gpu is accounted (AccountingStorageTRES), so GrpTRES=gres/gpu=N works:
#       c1: slurmctld 6817, slurmd 6818, slurmrestd http://127.0.0.1:6820
#       c2: slurmctld 7817, slurmd 7818, slurmrestd http://127.0.0.1:7820
# Seeds (idempotent): Linux users alice bob carol dave federa; Slurm accounts team-a (alice) and
# team-b (bob) on both clusters; Slurm user 'federa' (AdminLevel=Administrator, association to
# account root); a job directory writable by everybody ($FEDERA_SLURM_DIR/jobs).
# Writes $FEDERA_SLURM_DIR/clusters.env (C1_URL, C1_JWT_KEY, C1_SLURM_CONF, ..., SLURM_ADMIN_USER).
#
# Idempotent: daemons that are already running are left alone, state (DB, job ids) is kept, so a
# second run only restarts what is down. Missing Debian packages are installed with apt-get.
# Stop with scripts/slurm-down.sh [--wipe]; one cluster's REST only: scripts/slurm-restd.sh.
#
# JWT keys (FEDERA_SLURM_JWT):
#   shared (default)  one HS256 key for both clusters. Slurm 22.05's auth/jwt loads exactly one
#                     HS256 key per daemon (jwt_key=; jwks= accepts RS256 keys only), and the ONE
#                     shared slurmdbd must verify the tokens that every cluster's slurmrestd
#                     forwards for /slurmdb/ requests - so both clusters must use its key.
#   per-cluster       c1 and c2 get different keys; to make that work each cluster gets its OWN
#                     slurmdbd (c1 :6819, c2 :7819, separate databases in the same MariaDB), i.e.
#                     accounting is no longer shared. Switching modes needs slurm-down.sh --wipe.
#   Key files: $FEDERA_SLURM_DIR/jwt/{shared,c1,c2}.key, 32 random bytes, mode 0640 root:slurm -
#   not root-only: slurmdbd/slurmctld read them after dropping to SlurmUser=slurm. Job users can't.
#
# Env knobs:
#   FEDERA_SLURM_DIR        state dir (default /var/tmp/federa-slurm); must be an absolute path
#   FEDERA_SLURM_JWT        shared | per-cluster (default shared, see above)
#   FEDERA_SLURM_SMOKE=1    after start: REST ping as alice + one job as alice/team-a per cluster
#   FEDERA_SLURM_NODE_CPUS  CPUs of each cluster's node (default 2)
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

DIR=${FEDERA_SLURM_DIR:-/var/tmp/federa-slurm}
JWT_MODE=${FEDERA_SLURM_JWT:-shared}
SMOKE=${FEDERA_SLURM_SMOKE:-0}
NODE_CPUS=${FEDERA_SLURM_NODE_CPUS:-2}
NODE_MEM_MB=2000
DB_PORT=3307
CLUSTERS=(c1 c2)                      # index i -> ports 6817+1000*i (ctld), 6818+... (slurmd), 6820+... (REST)
# GPUs per cluster: "model count" (empty: none). There are no GPUs here: Slurm schedules and accounts
# them by count. 22.05 drops a file-less GPU ("Removing file-less GPU ... from final GRES list") and
# refuses a File= that is not a device, so each GPU is a character device twin of /dev/null
# (mknod c 1 3) under $DIR/<cluster>/dev; no cgroups here, so jobs are not confined to them.
declare -A GPUS=([c1]="a100 2" [c2]="")
ADMIN_USER=federa
LINUX_USERS=(alice bob carol dave "$ADMIN_USER")
REST_USER=slurmrest                   # slurmrestd refuses root and SlurmUser
PLUGIN_DIR=/usr/lib/x86_64-linux-gnu/slurm-wlm
PY=/usr/bin/python3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

T0=$EPOCHREALTIME
elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[%5ss] %s\n' "$(elapsed)" "$*"; }
# die MESSAGE [LOGFILE]: print the message and the tail of the relevant log, exit 1
die() {
  printf '[%5ss] slurm-up: ERROR: %s\n' "$(elapsed)" "$1" >&2
  if [[ -n ${2:-} ]]; then
    echo "--- last lines of $2:" >&2
    tail -n 25 "$2" >&2 2>/dev/null || echo "(no log file)" >&2
  fi
  exit 1
}
on_err() { echo "slurm-up: FAILED (exit $1) at line $2: $3" >&2; }
trap 'on_err $? $LINENO "$BASH_COMMAND"' ERR

# running PID COMM: PID exists, is not a zombie and runs the expected program (guards against PID reuse)
# (reads /proc directly: `ps` costs ~80 ms per call here). In this sandbox PID 1 reaps orphans
# lazily, so a stopped daemon can linger as a zombie for a while: zombies count as stopped.
running() {
  local comm k v
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  { read -r comm <"/proc/$1/comm"; } 2>/dev/null || return 1
  [[ $comm == "$2" ]] || return 1
  { while read -r k v _; do [[ $k == State: ]] && { [[ $v != Z ]]; return; }; done <"/proc/$1/status"; } 2>/dev/null
  return 1
}
alive() { [[ -s $2 ]] && running "$(<"$2")" "$1"; }   # alive COMM PIDFILE
# stop_pidfile COMM PIDFILE: SIGTERM, wait up to 20 s, then SIGKILL (used when a config changed)
stop_pidfile() {
  alive "$1" "$2" || { rm -f "$2"; return 0; }
  local pid; pid=$(<"$2")
  kill -TERM "$pid" 2>/dev/null || true
  local end=$((SECONDS + 20))
  while running "$pid" "$1"; do
    ((SECONDS < end)) || { kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; break; }
    sleep 0.1
  done
  rm -f "$2"
}
# wait_for TIMEOUT_S WHAT LOGFILE CMD...: poll CMD every 0.1 s; on timeout die with the log's tail
wait_for() {
  local t=$1 what=$2 logfile=$3; shift 3
  local end=$((SECONDS + t))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || die "timeout after ${t}s waiting for $what" "$logfile"
    sleep 0.1
  done
}
# wait_daemon TIMEOUT_S WHAT LOGFILE COMM PIDFILE CMD...: like wait_for, but dies at once when the
# daemon is gone (its pid file is written right after it daemonizes; 3 s grace for that)
wait_daemon() {
  local t=$1 what=$2 logfile=$3 comm=$4 pidfile=$5; shift 5
  local end=$((SECONDS + t)) grace=$((SECONDS + 3))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || die "timeout after ${t}s waiting for $what" "$logfile"
    if ! alive "$comm" "$pidfile" && ((SECONDS >= grace)); then die "$what: $comm is not running" "$logfile"; fi
    sleep 0.1
  done
}
# write_if_changed FILE (content on stdin): returns 0 if the file was created or changed
write_if_changed() {
  local tmp; tmp=$(mktemp "$1.XXXXXX")
  cat >"$tmp"; chmod 644 "$tmp"
  if [[ -f $1 ]] && cmp -s "$tmp" "$1"; then rm -f "$tmp"; return 1; fi
  mv -f "$tmp" "$1"
}
# readiness probes (used with wait_daemon)
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
munge_ok() { munge -S "$1" -n | unmunge -S "$1"; }
# (output captured, not piped into grep -q: with pipefail an early grep exit can fail the probe via SIGPIPE)
ctld_up() { local o; o=$(SLURM_CONF=$1 scontrol ping) && [[ $o == *"is UP"* ]]; }
node_up() { local o; o=$(SLURM_CONF=$1 sinfo -h -n "$2" -o %T) && [[ $o =~ ^(idle|mixed|allocated|completing)$ ]]; }
resume_if_drained() {   # resume_if_drained CONF NODE: a node drained for its GRES count is resumed
  local end=$((SECONDS + 10)) o
  until o=$(SLURM_CONF=$1 sinfo -h -n "$2" -o '%T|%E' 2>/dev/null) && [[ -n $o && ${o%%|*} != *'*' ]]; do
    ((SECONDS < end)) || return 0
    sleep 0.2
  done
  if [[ $o == drain* && $o == *gres* ]]; then
    log "node $2 was drained for its GRES ('${o#*|}'): resuming it"
    SLURM_CONF=$1 scontrol update nodename="$2" state=resume || true
  fi
}
rest_listens() { [[ $(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$1") == 401 ]]; }   # no token -> 401

# ------------------------------------------------------------------------------------ checks
[[ $(id -u) == 0 ]] || die "run as root"
[[ $DIR == /* && $DIR != / ]] || die "FEDERA_SLURM_DIR must be an absolute path, got '$DIR'"
[[ $JWT_MODE == shared || $JWT_MODE == per-cluster ]] || die "FEDERA_SLURM_JWT must be 'shared' or 'per-cluster', got '$JWT_MODE'"
[[ $NODE_CPUS =~ ^[1-9][0-9]*$ ]] || die "FEDERA_SLURM_NODE_CPUS must be a positive integer"
# one slurm-up/slurm-down at a time per state dir: re-exec under flock. -o: the lock fd is not
# passed on, else every daemon started below would inherit it and hold the lock forever.
if [[ ${FEDERA_SLURM_LOCKED:-} != "$DIR" ]]; then
  mkdir -p "$DIR"
  export FEDERA_SLURM_LOCKED=$DIR
  exec flock -o -w 900 "$DIR/.lock" bash "${BASH_SOURCE[0]}" "$@"
fi

# ------------------------------------------------------------------------------------ 0. packages
need_install=()
for b in munged munge unmunge mungekey mariadbd mariadb-install-db mariadb-admin mariadb slurmctld slurmd \
         slurmdbd slurmrestd sacctmgr scontrol sinfo squeue curl jq jupyter-notebook; do
  command -v "$b" >/dev/null 2>&1 || need_install+=("$b")
done
[[ -x $PY ]] || need_install+=("$PY")
for p in auth_jwt.so rest_auth_jwt.so accounting_storage_mysql.so openapi_v0_0_38.so openapi_dbv0_0_38.so; do
  [[ -e $PLUGIN_DIR/$p ]] || need_install+=("$p")
done
if ((${#need_install[@]})); then
  log "installing Debian packages (missing: ${need_install[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    slurmctld slurmd slurm-client slurmdbd slurmrestd slurm-wlm-jwt-plugin slurm-wlm-mysql-plugin \
    munge mariadb-server curl jq python3 jupyter-notebook python3-ipykernel >/dev/null
  log "packages installed"
fi

# ------------------------------------------------------------------------------------ 1. users, dirs, keys
id -u "$REST_USER" >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$REST_USER"
for u in "${LINUX_USERS[@]}"; do
  id -u "$u" >/dev/null 2>&1 || { useradd --create-home --shell /bin/bash "$u"; log "created Linux user $u"; }
done

MODE_FILE=$DIR/jwt-mode
if [[ -s $MODE_FILE && $(<"$MODE_FILE") != "$JWT_MODE" ]]; then
  die "$DIR was set up with FEDERA_SLURM_JWT=$(<"$MODE_FILE"); run scripts/slurm-down.sh --wipe to switch to '$JWT_MODE'"
fi
install -d -m 755 "$DIR" "$DIR/munge" "$DIR/mysql"
install -d -m 700 "$DIR/munge/etc"
install -d -o root -g slurm -m 750 "$DIR/jwt"
install -d -m 1777 "$DIR/jobs"
touch "$DIR/.federa-slurm-state"          # marker: slurm-down.sh --wipe only deletes a dir carrying it
echo "$JWT_MODE" >"$MODE_FILE"

key_for() { if [[ $JWT_MODE == shared ]]; then echo "$DIR/jwt/shared.key"; else echo "$DIR/jwt/$1.key"; fi; }
for c in "${CLUSTERS[@]}"; do
  key=$(key_for "$c")
  if [[ ! -s $key ]]; then
    (umask 077 && head -c 32 /dev/urandom >"$key.tmp" && mv "$key.tmp" "$key")
    log "generated HS256 key $key"
  fi
  # root + group slurm only: slurmdbd (and slurmctld) load the key AFTER dropping to SlurmUser=slurm,
  # so a root-only (0600 root) key makes slurmdbd die with "Could not load key file". Job users cannot read it.
  chown root:slurm "$key"; chmod 640 "$key"
done

MUNGE_SOCK=$DIR/munge/munge.socket
MYSOCK=$DIR/mysql/mysqld.sock
DB_PASS_FILE=$DIR/mysql/slurm-db-pass
if [[ ! -s $DB_PASS_FILE ]]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DB_PASS_FILE")
fi
DB_PASS=$(<"$DB_PASS_FILE")

# slurmdbd instances: "name port key dbname" (shared mode: one for all clusters)
declare -A DBD_OF=()
DBDS=()
if [[ $JWT_MODE == shared ]]; then
  DBDS+=("dbd 6819 $(key_for c1) slurm_acct_db")
  for c in "${CLUSTERS[@]}"; do DBD_OF[$c]=dbd; done
else
  i=0
  for c in "${CLUSTERS[@]}"; do
    DBDS+=("dbd-$c $((6819 + 1000 * i)) $(key_for "$c") slurm_acct_db_$c")
    DBD_OF[$c]=dbd-$c
    i=$((i + 1))
  done
fi
dbd_port() {   # dbd_port NAME -> port
  local d n p _rest
  for d in "${DBDS[@]}"; do read -r n p _rest <<<"$d"; if [[ $n == "$1" ]]; then echo "$p"; return 0; fi; done
  return 1
}

# ------------------------------------------------------------------------------------ 2. munged
if ! alive munged "$DIR/munge/munged.pid"; then
  [[ -s $DIR/munge/etc/munge.key ]] || mungekey --create --keyfile="$DIR/munge/etc/munge.key"
  chmod 600 "$DIR/munge/etc/munge.key"
  log "starting munged"
  munged --key-file="$DIR/munge/etc/munge.key" --socket="$MUNGE_SOCK" \
    --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" \
    --seed-file="$DIR/munge/etc/munged.seed" --num-threads=4 </dev/null >>"$DIR/munge/munged.log" 2>&1 \
    || die "munged failed to start" "$DIR/munge/munged.log"
fi
wait_daemon 15 munged "$DIR/munge/munged.log" munged "$DIR/munge/munged.pid" \
  munge_ok "$MUNGE_SOCK"

# ------------------------------------------------------------------------------------ 3. MariaDB
if [[ ! -d $DIR/mysql/data/mysql ]]; then
  log "initialising MariaDB datadir"
  chown mysql:mysql "$DIR/mysql"
  mariadb-install-db --no-defaults --datadir="$DIR/mysql/data" --user=mysql \
    --auth-root-authentication-method=socket --skip-test-db >"$DIR/mysql/install.log" 2>&1 \
    || die "mariadb-install-db failed" "$DIR/mysql/install.log"
  rm -f "$DIR/mysql/.grants"
fi
if ! alive mariadbd "$DIR/mysql/mysqld.pid"; then
  log "starting MariaDB on 127.0.0.1:$DB_PORT"
  rm -f "$DIR/mysql/mysqld.pid"
  setsid mariadbd --no-defaults --datadir="$DIR/mysql/data" --socket="$MYSOCK" --port="$DB_PORT" \
    --bind-address=127.0.0.1 --pid-file="$DIR/mysql/mysqld.pid" --log-error="$DIR/mysql/error.log" \
    --user=mysql --skip-name-resolve --innodb-buffer-pool-size=128M --innodb-log-file-size=64M \
    --innodb-flush-log-at-trx-commit=2 --innodb-lock-wait-timeout=900 </dev/null >/dev/null 2>&1 &
  # known now for wait_daemon; mariadbd (as user mysql) rewrites the same pid into it later
  echo "$!" >"$DIR/mysql/mysqld.pid"; chown mysql:mysql "$DIR/mysql/mysqld.pid"
fi
wait_daemon 60 "MariaDB" "$DIR/mysql/error.log" mariadbd "$DIR/mysql/mysqld.pid" mariadb-admin --no-defaults -S "$MYSOCK" ping
grants=""
for d in "${DBDS[@]}"; do
  read -r _ _ _ dbname <<<"$d"
  grants+="CREATE DATABASE IF NOT EXISTS \`$dbname\`;
  GRANT ALL ON \`$dbname\`.* TO 'slurm'@'127.0.0.1'; GRANT ALL ON \`$dbname\`.* TO 'slurm'@'localhost';"
done
sql="CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
  CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$DB_PASS'; $grants"
if [[ ! -f $DIR/mysql/.grants ]] || [[ $(<"$DIR/mysql/.grants") != "$sql" ]]; then
  mariadb --no-defaults -S "$MYSOCK" -u root <<<"$sql" || die "creating the slurm DB user failed" "$DIR/mysql/error.log"
  (umask 077 && printf '%s' "$sql" >"$DIR/mysql/.grants")
fi

# ------------------------------------------------------------------------------------ 4. slurmdbd
for d in "${DBDS[@]}"; do
  read -r name port key dbname <<<"$d"
  D=$DIR/$name
  install -d -m 755 "$D" "$D/etc"
  install -d -o slurm -g slurm -m 755 "$D/log"
  if write_if_changed "$D/etc/slurmdbd.conf" <<EOF
# generated by scripts/slurm-up.sh - do not edit (rewritten on every run)
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCK
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$key
DbdHost=localhost
DbdPort=$port
SlurmUser=slurm
DebugLevel=info
LogFile=$D/log/slurmdbd.log
PidFile=$D/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$DB_PORT
StorageUser=slurm
StoragePass=$DB_PASS
StorageLoc=$dbname
EOF
  then
    if alive slurmdbd "$D/slurmdbd.pid"; then log "slurmdbd.conf of $name changed: restarting it"; stop_pidfile slurmdbd "$D/slurmdbd.pid"; fi
  fi
  chown slurm:slurm "$D/etc/slurmdbd.conf"; chmod 600 "$D/etc/slurmdbd.conf"
  if ! alive slurmdbd "$D/slurmdbd.pid"; then
    log "starting slurmdbd $name on :$port"
    rm -f "$D/slurmdbd.pid"
    # slurmdbd reads slurmdbd.conf from dirname($SLURM_CONF)
    SLURM_CONF=$D/etc/slurm.conf slurmdbd </dev/null >>"$D/log/slurmdbd.log" 2>&1 \
      || die "slurmdbd $name failed to start" "$D/log/slurmdbd.log"
  fi
done
for d in "${DBDS[@]}"; do
  read -r name port _ <<<"$d"
  wait_daemon 60 "slurmdbd $name on :$port" "$DIR/$name/log/slurmdbd.log" slurmdbd "$DIR/$name/slurmdbd.pid" tcp_open "$port"
done

# ------------------------------------------------------------------------------------ 5. clusters
conf_of() { echo "$DIR/$1/etc/slurm.conf"; }
i=0
for c in "${CLUSTERS[@]}"; do
  D=$DIR/$c; node=${c}n1; dbdport=$(dbd_port "${DBD_OF[$c]}")
  install -d -m 755 "$D" "$D/etc" "$D/spool" "$D/spool/$node"
  install -d -o slurm -g slurm -m 755 "$D/state" "$D/log"
  conf=$(conf_of "$c")
  gpu_node="" gpu_part="" gres_types=""
  gres_conf="# generated by scripts/slurm-up.sh - cluster $c - no GPUs"
  if [[ -n ${GPUS[$c]:-} ]]; then
    read -r gpu_model gpu_count <<<"${GPUS[$c]}"
    gres_types="GresTypes=gpu"
    gpu_node=" Gres=gpu:$gpu_model:$gpu_count"
    gpu_part="PartitionName=gpu Nodes=$node MaxTime=INFINITE State=UP"
    install -d -m 755 "$D/dev"
    for ((g = 0; g < gpu_count; g++)); do
      [[ -c $D/dev/gpu$g ]] || { rm -f "$D/dev/gpu$g"; mknod -m 666 "$D/dev/gpu$g" c 1 3; }
    done
    # AutoDetect=off: no NVML probing
    gres_conf="# generated by scripts/slurm-up.sh - cluster $c - do not edit (rewritten on every run)
AutoDetect=off
NodeName=$node Name=gpu Type=$gpu_model File=$D/dev/gpu[0-$((gpu_count - 1))]"
  fi
  gres_changed=0
  printf '%s\n' "$gres_conf" | write_if_changed "$D/etc/gres.conf" && gres_changed=1
  if write_if_changed "$conf" <<EOF
# generated by scripts/slurm-up.sh - cluster $c - do not edit (rewritten on every run)
ClusterName=$c
SlurmctldHost=localhost
SlurmctldPort=$((6817 + 1000 * i))
SlurmdPort=$((6818 + 1000 * i))
SlurmUser=slurm
SlurmdUser=root
# auth: munge on a private socket; JWT (HS256) as alternative auth for slurmrestd
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCK
CredType=cred/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$(key_for "$c")
# files
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool/%n
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd-%n.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups on this host
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SlurmdParameters=config_overrides
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
# scheduling: the node is shared per CPU; no 3 s batch_sched_delay (new jobs start at once)
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
# accounting + quota enforcement
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$dbdport
# connections to slurmdbd take the munge socket from AccountingStoragePass, not from AuthInfo
AccountingStoragePass=$MUNGE_SOCK
AccountingStorageEnforce=associations,limits,qos
AccountingStorageTRES=gres/gpu
JobCompType=jobcomp/none
$gres_types
# one node on loopback; slurmd is started with -N $node
NodeName=$node NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=$NODE_CPUS RealMemory=$NODE_MEM_MB$gpu_node State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
$gpu_part
EOF
  then gres_changed=1; fi
  if ((gres_changed)); then
    if alive slurmctld "$D/slurmctld.pid" || alive slurmd "$D/slurmd-$node.pid"; then
      log "slurm.conf or gres.conf of $c changed: restarting its daemons"
      "$HERE/slurm-restd.sh" stop "$c" >/dev/null
      stop_pidfile slurmd "$D/slurmd-$node.pid"
      stop_pidfile slurmctld "$D/slurmctld.pid"
    fi
  fi
  chmod 644 "$conf" "$D/etc/gres.conf"
  printf 'REST_ADDR=127.0.0.1:%s\nSLURM_CONF=%s\n' "$((6820 + 1000 * i))" "$conf" | write_if_changed "$D/restd.env" || true
  i=$((i + 1))
done

# ---- accounting: register clusters (BEFORE their slurmctld starts, else it runs without associations)
# and seed accounts/users. Warm path: ONE sacctmgr query per slurmdbd proves everything is there.
# expected rows of `sacctmgr show user withassoc format=user,adminlevel,cluster,account`:
#   alice|*|C|team-a   bob|*|C|team-b   federa|Administrator|C|root   (an association implies the
#   cluster is registered and the account association exists)
SEED=("alice team-a" "bob team-b" "$ADMIN_USER root")
user_rows() {   # user_rows CONF: waits (30 s) until slurmdbd answers, prints the rows
  local end=$((SECONDS + 30)) out
  until out=$(SLURM_CONF=$1 sacctmgr -n -P show user withassoc format=user,adminlevel,cluster,account 2>&1); do
    ((SECONDS < end)) || { echo "$out"; return 1; }
    sleep 0.2
  done
  printf '%s\n' "$out"
}
seed_missing() {   # seed_missing ROWS CLUSTER...: prints what is missing (empty = all seeded)
  local rows=$1 c u a; shift
  for c in "$@"; do
    for pair in "${SEED[@]}"; do
      read -r u a <<<"$pair"
      grep -qx "$u|[^|]*|$c|$a" <<<"$rows" || echo "$u@$a@$c"
    done
  done
  grep -qx "$ADMIN_USER|Administrator|.*" <<<"$rows" || echo "adminlevel:$ADMIN_USER"
}
for d in "${DBDS[@]}"; do
  read -r name _ <<<"$d"
  dlog=$DIR/$name/log/slurmdbd.log
  mine=(); for c in "${CLUSTERS[@]}"; do [[ ${DBD_OF[$c]} == "$name" ]] && mine+=("$c"); done
  conf=$(conf_of "${mine[0]}")
  rows=$(user_rows "$conf") || die "slurmdbd $name does not answer sacctmgr: $rows" "$dlog"
  missing=$(seed_missing "$rows" "${mine[@]}")
  [[ -z $missing ]] && continue
  # slow path (first start, or something was deleted): one sacctmgr session; every command is
  # idempotent and batched (each sacctmgr change costs ~0.5 s, whatever its size)
  registered=$(SLURM_CONF=$conf sacctmgr -n -P list cluster format=cluster) || die "sacctmgr list cluster failed" "$dlog"
  new_clusters=(); for c in "${mine[@]}"; do grep -qx "$c" <<<"$registered" || new_clusters+=("$c"); done
  cl=$(IFS=,; echo "${mine[*]}")
  cmds=()
  ((${#new_clusters[@]})) && cmds+=("add cluster $(IFS=,; echo "${new_clusters[*]}")")
  cmds+=("add account team-a,team-b cluster=$cl description=federa-team organization=federa")
  for pair in "${SEED[@]}"; do
    read -r u a <<<"$pair"
    cmds+=("add user $u account=$a cluster=$cl")
  done
  grep -qx "adminlevel:$ADMIN_USER" <<<"$missing" && cmds+=("modify user $ADMIN_USER set adminlevel=Administrator")
  out=$(printf '%s\n' "${cmds[@]}" | SLURM_CONF=$conf sacctmgr -i 2>&1) || true   # rc=1 on any "Nothing new added"
  rows=$(user_rows "$conf") || die "slurmdbd $name does not answer sacctmgr: $rows" "$dlog"
  missing=$(seed_missing "$rows" "${mine[@]}")
  [[ -z $missing ]] || die "seeding accounting failed (still missing: ${missing//$'\n'/ }); sacctmgr said: $out" "$dlog"
  log "accounting seeded via slurmdbd $name: ${#cmds[@]} change(s) (clusters ${mine[*]}, team-a/alice, team-b/bob, admin $ADMIN_USER)"
done

# ---- slurmctld, slurmd
started_ctld=()
for c in "${CLUSTERS[@]}"; do
  D=$DIR/$c
  if ! alive slurmctld "$D/slurmctld.pid"; then
    log "starting slurmctld $c"
    rm -f "$D/slurmctld.pid"
    SLURM_CONF=$(conf_of "$c") slurmctld </dev/null >>"$D/log/slurmctld.log" 2>&1 \
      || die "slurmctld $c failed to start" "$D/log/slurmctld.log"
    started_ctld+=("$c")
  fi
done
for c in "${started_ctld[@]}"; do
  wait_daemon 30 "slurmctld $c" "$DIR/$c/log/slurmctld.log" slurmctld "$DIR/$c/slurmctld.pid" \
    ctld_up "$(conf_of "$c")"
done
for c in "${CLUSTERS[@]}"; do
  D=$DIR/$c; node=${c}n1
  if ! alive slurmd "$D/slurmd-$node.pid"; then
    log "starting slurmd $node"
    rm -f "$D/slurmd-$node.pid"
    SLURM_CONF=$(conf_of "$c") slurmd -N "$node" </dev/null >>"$D/log/slurmd-$node.log" 2>&1 \
      || die "slurmd $node failed to start" "$D/log/slurmd-$node.log"
  fi
done
# the node answering through slurmctld proves both daemons work (also on the warm path).
# A node that registered with fewer GPUs than configured (its slurmd started before gres.conf had
# them) stays drained after the restart: resume it, once.
for c in "${CLUSTERS[@]}"; do
  node=${c}n1
  resume_if_drained "$(conf_of "$c")" "$node"
  wait_daemon 30 "node $node to become available" "$DIR/$c/log/slurmd-$node.log" slurmd "$DIR/$c/slurmd-$node.pid" \
    node_up "$(conf_of "$c")" "$node"
done

# ---- slurmrestd: started by scripts/slurm-restd.sh (same address, same slurm.conf -> same key)
down=()
for c in "${CLUSTERS[@]}"; do alive slurmrestd "$DIR/$c/slurmrestd.pid" || down+=("$c"); done
if ((${#down[@]})); then
  log "starting slurmrestd ${down[*]}"
  "$HERE/slurm-restd.sh" start "${down[@]}" >/dev/null || die "slurmrestd did not start"
fi
i=0
for c in "${CLUSTERS[@]}"; do
  wait_daemon 10 "slurmrestd $c" "$DIR/$c/log/slurmrestd.log" slurmrestd "$DIR/$c/slurmrestd.pid" \
    rest_listens "http://127.0.0.1:$((6820 + 1000 * i))/slurm/v0.0.38/ping"
  i=$((i + 1))
done

# ------------------------------------------------------------------------------------ 6. clusters.env
{
  echo "# written by scripts/slurm-up.sh - local Slurm 22.05 clusters (REST API v0.0.38 / dbv0.0.38)"
  echo "FEDERA_SLURM_DIR=$DIR"
  echo "SLURM_CLUSTERS=$(IFS=,; echo "${CLUSTERS[*]}")"
  echo "SLURM_ADMIN_USER=$ADMIN_USER"
  echo "SLURM_JWT_MODE=$JWT_MODE"
  echo "SLURM_JOB_DIR=$DIR/jobs"
  i=0
  for c in "${CLUSTERS[@]}"; do
    p=${c^^}
    echo "${p}_NAME=$c"
    echo "${p}_URL=http://127.0.0.1:$((6820 + 1000 * i))"
    echo "${p}_JWT_KEY=$(key_for "$c")"
    echo "${p}_SLURM_CONF=$(conf_of "$c")"
    i=$((i + 1))
  done
} | write_if_changed "$DIR/clusters.env" || true
chmod 644 "$DIR/clusters.env"

# ------------------------------------------------------------------------------------ 7. smoke check
# rest USER KEYFILE METHOD URL [JSON_BODY]: prints "HTTP_CODE BODY"
rest() {
  local tok args
  tok=$("$PY" "$HERE/lib/mint-jwt.py" "$2" "$1" 300)
  args=(-s --max-time 10 -w '\n%{http_code}' -X "$3" -H "X-SLURM-USER-NAME: $1" -H "X-SLURM-USER-TOKEN: $tok")
  [[ -n ${5:-} ]] && args+=(-H 'Content-Type: application/json' --data-binary "$5")
  curl "${args[@]}" "$4" || true
}
if [[ $SMOKE == 1 ]]; then
  declare -A JOB=()
  i=0
  for c in "${CLUSTERS[@]}"; do
    url=http://127.0.0.1:$((6820 + 1000 * i)); key=$(key_for "$c"); rlog=$DIR/$c/log/slurmrestd.log
    out=$(rest alice "$key" GET "$url/slurm/v0.0.38/ping")
    jq -e '.pings[0].ping == "UP"' >/dev/null 2>&1 <<<"${out%$'\n'*}" || die "smoke: ping $c as alice failed: $out" "$rlog"
    out=$(rest "$ADMIN_USER" "$key" GET "$url/slurmdb/v0.0.38/associations")
    jq -e --arg c "$c" '[.associations[] | select(.cluster == $c) | "\(.account)|\(.user)"]
        | index("team-a|alice") != null and index("root|federa") != null' >/dev/null 2>&1 <<<"${out%$'\n'*}" \
      || die "smoke: slurmdb associations on $c as $ADMIN_USER failed: $out" "$rlog"
    body=$(jq -nc --arg dir "$DIR/jobs" --arg c "$c" '{
      script: "#!/bin/bash\necho smoke $SLURM_CLUSTER_NAME $(id -un)\n",
      job: {name: "federa-smoke", account: "team-a", partition: "debug", tasks: 1, cpus_per_task: 1,
            time_limit: 2, current_working_directory: $dir,
            standard_output: ($dir + "/smoke-" + $c + "-%j.out"),
            environment: {PATH: "/usr/bin:/bin", LANG: "C.UTF-8"}}}')
    out=$(rest alice "$key" POST "$url/slurm/v0.0.38/job/submit" "$body")
    JOB[$c]=$(jq -r '.job_id // empty' 2>/dev/null <<<"${out%$'\n'*}") || true
    [[ ${JOB[$c]} =~ ^[0-9]+$ ]] || die "smoke: job submit on $c as alice/team-a failed: $out" "$rlog"
    i=$((i + 1))
  done
  if [[ $JWT_MODE == per-cluster && ${#CLUSTERS[@]} -ge 2 ]]; then
    out=$(rest alice "$(key_for "${CLUSTERS[0]}")" GET "http://127.0.0.1:$((6820 + 1000))/slurm/v0.0.38/ping")
    jq -e '.pings[0].ping == "UP"' >/dev/null 2>&1 <<<"${out%$'\n'*}" \
      && die "smoke: ${CLUSTERS[1]} accepted a token signed with ${CLUSTERS[0]}'s key"
  fi
  i=0
  for c in "${CLUSTERS[@]}"; do
    url=http://127.0.0.1:$((6820 + 1000 * i)); key=$(key_for "$c"); end=$((SECONDS + 30)); state=
    while :; do
      out=$(rest alice "$key" GET "$url/slurm/v0.0.38/job/${JOB[$c]}")
      state=$(jq -r '.jobs[0].job_state // empty' 2>/dev/null <<<"${out%$'\n'*}") || true
      [[ $state == COMPLETED ]] && break
      [[ $state =~ ^(FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE)$ ]] \
        && die "smoke: job ${JOB[$c]} on $c ended $state" "$DIR/$c/log/slurmd-${c}n1.log"
      ((SECONDS < end)) || die "smoke: job ${JOB[$c]} on $c not COMPLETED after 30 s (state '$state')" "$DIR/$c/log/slurmctld.log"
      sleep 0.2
    done
    log "smoke OK on $c: REST ping UP as alice, slurmdb as $ADMIN_USER, job ${JOB[$c]} (alice/team-a) COMPLETED"
    i=$((i + 1))
  done
fi

# ------------------------------------------------------------------------------------ 8. summary
log "Slurm up in $(elapsed)s (state dir $DIR, JWT keys: $JWT_MODE)"
i=0
for c in "${CLUSTERS[@]}"; do
  printf '  %s  REST http://127.0.0.1:%s  slurmctld :%s  slurmdbd :%s  key %s\n' "$c" "$((6820 + 1000 * i))" \
    "$((6817 + 1000 * i))" "$(dbd_port "${DBD_OF[$c]}")" "$(key_for "$c")"
  i=$((i + 1))
done
echo "  env for tests:  $DIR/clusters.env      admin Slurm user: $ADMIN_USER      job dir: $DIR/jobs"
echo "  CLI:   SLURM_CONF=$(conf_of c1) squeue"
echo "  token: python3 $HERE/lib/mint-jwt.py $(key_for c1) alice 3600"
