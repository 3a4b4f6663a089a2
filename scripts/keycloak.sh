#!/usr/bin/env bash
# Fetch and run a real Keycloak (dev mode, H2, loopback only) with the project's realm
# keycloak/realm-portal.json, for the demo and for integration tests.
#
#   scripts/keycloak.sh start    fetch+unzip once, (re)import the realm if the JSON changed, start detached, wait until ready
#   scripts/keycloak.sh stop     stop the server started by "start" (TERM, wait, KILL); idempotent
#   scripts/keycloak.sh status   exit 0 if it is running and ready, 1 otherwise
#   scripts/keycloak.sh reset    stop + wipe Keycloak's data so the realm JSON is imported again on next start
#   scripts/keycloak.sh fetch    only download (Maven Central, via ~/.m2) and unzip
#
# Environment (all optional):
#   FEDERA_KEYCLOAK_DIR            where the distribution, data, pid and log live (default <repo>/.federa/keycloak)
#   FEDERA_KEYCLOAK_PORT           HTTP port on 127.0.0.1 (default 8180)
#   FEDERA_KEYCLOAK_MGMT_PORT      management port with /health/ready (default 9180)
#   FEDERA_KEYCLOAK_VERSION        default 26.7.3
#   FEDERA_KEYCLOAK_READY_TIMEOUT  seconds to wait for /health/ready (default 180)
#   KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD   master-realm admin (default admin / admin)
#   JAVA_HOME                      used when /usr/lib/jvm/temurin-25-jdk-amd64 does not exist (JDK 17+)
#   JAVA_OPTS_APPEND               default -XX:TieredStopAtLevel=1 (C1 only: much faster start on 2 cores)
#
# Realm freshness: "start-dev --import-realm" never updates an existing realm. The sha256 of the
# realm JSON is stored next to the data (data/realm-portal.json.sha256); when the JSON changes,
# "start" wipes the H2 data (and restarts a running server) so the new realm is imported.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KC_VERSION=${FEDERA_KEYCLOAK_VERSION:-26.7.3}
KC_DIR=${FEDERA_KEYCLOAK_DIR:-$ROOT/.federa/keycloak}
KC_PORT=${FEDERA_KEYCLOAK_PORT:-8180}
KC_MGMT_PORT=${FEDERA_KEYCLOAK_MGMT_PORT:-9180}
READY_TIMEOUT=${FEDERA_KEYCLOAK_READY_TIMEOUT:-180}
REALM_JSON=$ROOT/keycloak/realm-portal.json
KC_HOME=$KC_DIR/keycloak-$KC_VERSION
DATA=$KC_HOME/data
SHA_FILE=$DATA/realm-portal.json.sha256
PIDFILE=$KC_DIR/keycloak.pid
LOG=$KC_DIR/keycloak.log
BASE_URL=http://127.0.0.1:$KC_PORT
READY_URL=http://127.0.0.1:$KC_MGMT_PORT/health/ready

say() { echo "keycloak: $*"; }
die() { echo "keycloak: ERROR: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%01d' $((d / 1000)) $(((d % 1000) / 100)); }

# --- java ------------------------------------------------------------------------------------
pick_java() {
  if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  local java=java
  [ -n "${JAVA_HOME:-}" ] && java=$JAVA_HOME/bin/java
  command -v "$java" >/dev/null 2>&1 || die "no java found (need JDK 17+; set JAVA_HOME)"
  local v
  v=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ -n "$v" ] && [ "${v%%.*}" -ge 17 ] 2>/dev/null || die "$java is Java '$v'; Keycloak $KC_VERSION needs 17+"
}

# --- process helpers -------------------------------------------------------------------------
our_pid() {   # prints the pid if the pid file names a live Keycloak process we started
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(cat "$PIDFILE" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against pid reuse: the process must be this Keycloak installation
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$KC_HOME" || return 1
  echo "$pid"
}
is_ready() { [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$READY_URL" 2>/dev/null || true)" = 200 ]; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
realm_sha() { sha256sum "$REALM_JSON" | cut -d' ' -f1; }
realm_changed() { [ "$(cat "$SHA_FILE" 2>/dev/null || true)" != "$(realm_sha)" ]; }
wipe_data() { rm -rf "$DATA/h2" "$DATA/transaction-logs" "$DATA/tmp" "$SHA_FILE"; }

# --- commands --------------------------------------------------------------------------------
fetch() {
  [ -x "$KC_HOME/bin/kc.sh" ] && return 0
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch Keycloak from Maven Central)"
  command -v unzip >/dev/null || die "unzip not found"
  mkdir -p "$KC_DIR"
  local t0; t0=$(now_ms)
  local dl=$KC_DIR/download
  rm -rf "$dl" "$KC_HOME.partial"; mkdir -p "$dl"
  local out
  if ! out=$(mvn -B -q -Dstyle.color=never dependency:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$dl" 2>&1); then
    echo "$out" >&2
    die "mvn could not fetch org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"
  fi
  local t1; t1=$(now_ms)
  # unzip into a temporary dir and rename, so an interrupted unzip is never taken for a complete one
  mkdir -p "$KC_HOME.partial"
  unzip -q "$dl/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$KC_HOME.partial"
  mv "$KC_HOME.partial/keycloak-$KC_VERSION" "$KC_HOME"
  rm -rf "$KC_HOME.partial" "$dl"
  say "fetched Keycloak $KC_VERSION in $(secs_since "$t0")s (mvn $(( t1 - t0 ))ms, unzip $(( $(now_ms) - t1 ))ms) -> $KC_HOME"
}

start() {
  [ -f "$REALM_JSON" ] || die "realm file $REALM_JSON not found"
  command -v curl >/dev/null || die "curl not found"
  local pid
  if pid=$(our_pid); then
    if realm_changed; then
      say "realm file changed since this data was created: restarting with a fresh import"
      stop
    elif is_ready; then
      say "already running and ready (pid $pid) on $BASE_URL"; return 0
    else
      say "pid $pid is running but not ready yet: waiting"
      wait_ready "$pid" "$(now_ms)" "already started"; return 0
    fi
  fi
  fetch
  pick_java
  if port_busy "$KC_PORT"; then die "port $KC_PORT is in use by another process (not this Keycloak)"; fi
  if port_busy "$KC_MGMT_PORT"; then die "port $KC_MGMT_PORT is in use by another process (not this Keycloak)"; fi

  local kind=warm
  if [ -d "$DATA/h2" ] && realm_changed; then
    say "realm file changed since this data was created: wiping Keycloak's data to re-import the realm"
    wipe_data
  fi
  [ -d "$DATA/h2" ] || kind="fresh realm import"
  [ -f "$KC_HOME/.federa-started" ] || kind="first start of this copy (one-time build), fresh realm import"
  mkdir -p "$DATA/import"
  rm -f "$DATA/import"/*.json
  cp "$REALM_JSON" "$DATA/import/realm-portal.json"
  local sha; sha=$(realm_sha)

  export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
  export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
  export JAVA_OPTS_APPEND=${JAVA_OPTS_APPEND:--XX:TieredStopAtLevel=1}
  local t0; t0=$(now_ms)
  : > "$LOG"
  # setsid: own session and process group, detached from this shell (survives its exit, no SIGHUP).
  # The recorded pid is kc.sh: it forwards TERM to its java child (and exec's java after the
  # one-time re-augmentation), so killing that pid stops Keycloak; its process group is
  # cleaned up afterwards in case a child survived.
  setsid "$KC_HOME/bin/kc.sh" start-dev --import-realm \
      --http-host=127.0.0.1 --http-port="$KC_PORT" --http-management-port="$KC_MGMT_PORT" \
      --health-enabled=true > "$LOG" 2>&1 < /dev/null 9>&- &
  pid=$!
  echo "$pid" > "$PIDFILE"
  wait_ready "$pid" "$t0" "$kind"
  echo "$sha" > "$SHA_FILE"
  touch "$KC_HOME/.federa-started"
}

wait_ready() {  # pid t0_ms kind
  local pid=$1 t0=$2 kind=$3
  until is_ready; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "keycloak: ERROR: Keycloak exited during start-up; last lines of $LOG:" >&2
      tail -40 "$LOG" >&2; rm -f "$PIDFILE"; exit 1
    fi
    if [ $(( ($(now_ms) - t0) / 1000 )) -ge "$READY_TIMEOUT" ]; then
      echo "keycloak: ERROR: not ready after ${READY_TIMEOUT}s; last lines of $LOG:" >&2
      tail -40 "$LOG" >&2; stop >&2; exit 1
    fi
    sleep 0.5
  done
  say "Keycloak $KC_VERSION ready on $BASE_URL in $(secs_since "$t0")s [$kind] (pid $pid, log $LOG)"
  say "  issuer $BASE_URL/realms/portal  admin console $BASE_URL/admin/ (${KC_BOOTSTRAP_ADMIN_USERNAME:-admin})"
}

stop() {
  local pid
  if ! pid=$(our_pid); then rm -f "$PIDFILE"; say "not running"; return 0; fi
  local t0; t0=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid ignored TERM for 30s: sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  # setsid made pid the leader of its own process group: remove any child left behind
  if pgrep -g "$pid" >/dev/null 2>&1; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
  rm -f "$PIDFILE"
  say "stopped (pid $pid) in $(secs_since "$t0")s"
}

status() {
  local pid
  if pid=$(our_pid); then
    if is_ready; then say "running and ready (pid $pid) on $BASE_URL"; return 0; fi
    say "pid $pid running but not ready"; return 1
  fi
  say "not running"; return 1
}

reset() { stop; wipe_data; say "data wiped; the realm is imported again on next start"; }

lock() {  # serialize start/stop/reset/fetch of one FEDERA_KEYCLOAK_DIR (e.g. parallel test runs)
  mkdir -p "$KC_DIR"
  exec 9> "$KC_DIR/.lock"
  if command -v flock >/dev/null && ! flock -n 9; then
    say "another keycloak.sh is working on $KC_DIR: waiting for it"
    flock -w "$((READY_TIMEOUT + 300))" 9 || die "timed out waiting for the lock on $KC_DIR/.lock"
  fi
}

case "${1:-}" in
  start) lock; start ;;
  stop) lock; stop ;;
  status) status ;;
  reset) lock; reset ;;
  fetch) lock; fetch ;;
  *) echo "usage: $0 start|stop|status|reset|fetch" >&2; exit 2 ;;
esac
