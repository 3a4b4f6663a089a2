# Shared by run.sh and test.sh: Java, Debian packages, and stopping what we started.
# shellcheck shell=bash

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

use_java() {
  if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    echo "Federa needs a JDK 21 or newer: set JAVA_HOME (Temurin 25 is expected at /usr/lib/jvm/temurin-25-jdk-amd64)" >&2
    exit 1
  fi
  export PATH=$JAVA_HOME/bin:$PATH
}

# apt_install PKG... : installs the Debian packages that are missing (root only), one apt-get update first
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or install them first)" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# frontend_or_sources_newer_than FILE: prints the first source of the jar (pom, Java and resources,
# the frontend's own files) that is newer than FILE; nothing when FILE is up to date
frontend_or_sources_newer_than() {
  find "$ROOT/pom.xml" "$ROOT/src" "$ROOT/frontend" \
    \( -path "$ROOT/frontend/node_modules" -o -path "$ROOT/frontend/target" -o -path "$ROOT/frontend/generated" \
    -o -path "$ROOT/frontend/src/main/bundles" \) -prune -o -newer "$1" -print -quit
}

# Services this script started, stopped again (in reverse order) on exit.
STARTED=()
stop_started() {
  local i
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
    case "${STARTED[$i]}" in
      keycloak) "$ROOT/scripts/keycloak.sh" stop || true ;;
      slurm) "$ROOT/scripts/slurm-down.sh" || true ;;
      slurm-newer) "$ROOT/scripts/slurm-newer-down.sh" all || true ;;
      k8s) "$ROOT/scripts/k8s-down.sh" all || true ;;
    esac
  done
  STARTED=()
}

# slurm_up: true when both local clusters' slurmrestd accept connections
slurm_up() {
  (exec 3<>/dev/tcp/127.0.0.1/6820) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/7820) 2>/dev/null
}

# ensure_slurm: starts (or repairs) the two local Slurm clusters; stops them afterwards only if
# they were not running before
ensure_slurm() {
  # scikit-learn for the demo's training template on the nodes (this host's slurmd) and for the
  # stand-in model server of InferenceServices (docs/adr/0033)
  apt_install python3-sklearn python3-joblib
  if ! slurm_up; then STARTED+=(slurm); fi
  "$ROOT/scripts/slurm-up.sh"
}

# slurm_newer_up: true when the 24.11 and 26.05 clusters' slurmrestd accept connections
slurm_newer_up() {
  (exec 3<>/dev/tcp/127.0.0.1/9820) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/10820) 2>/dev/null \
    && (exec 3<>/dev/tcp/127.0.0.1/10821) 2>/dev/null
}

# ensure_slurm_newer: builds (once, ~4 min) and starts the Slurm 24.11 and 26.05 chroot clusters
ensure_slurm_newer() {
  if ! slurm_newer_up; then STARTED+=(slurm-newer); fi
  "$ROOT/scripts/slurm-newer-up.sh" all
}

# k8s_up: true when both local Kubernetes API servers (k1, k2) accept connections
k8s_up() {
  (exec 3<>/dev/tcp/127.0.0.1/11443) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/12443) 2>/dev/null
}

# ensure_k8s: builds (once, ~6-7 min) and starts the local Kubernetes API servers k1 and k2 (etcd +
# Kubernetes' CRD API server) with the project's CRDs; stops them afterwards only if they were not running
ensure_k8s() {
  if ! k8s_up; then STARTED+=(k8s); fi
  "$ROOT/scripts/k8s-up.sh" all
}

# ensure_keycloak: starts Keycloak unless it is already up (then it is left running afterwards)
ensure_keycloak() {
  if "$ROOT/scripts/keycloak.sh" status >/dev/null 2>&1; then
    # still called: it re-imports the realm when keycloak/realm-portal.json changed
    "$ROOT/scripts/keycloak.sh" start
  else
    STARTED+=(keycloak)
    "$ROOT/scripts/keycloak.sh" start
  fi
}

# build_portal: builds target/federa.jar (production mode, the frontend bundle from frontend/) when the
# main sources changed since the last build, or when the jar there is not a production build (./mvnw
# verify packages one in development mode to the same place)
build_portal() {
  local jar=target/federa.jar
  if [ ! -f "$jar" ] \
    || [ -n "$(frontend_or_sources_newer_than "$jar")" ] \
    || ! unzip -p "$jar" META-INF/VAADIN/config/flow-build-info.json 2>/dev/null \
      | grep -q '"productionMode" *: *true'; then
    # the build installs its pinned Node.js (scripts/node.sh) and builds the frontend bundle from frontend/
    echo "building the portal (production mode, frontend bundle from frontend/)"
    ./mvnw -B -q -ntp -Pproduction -DskipTests -Dspotless.check.skip=true package
  fi
}

# PORTAL_JVM_FLAGS: what the portal runs with (ADR 21). SerialGC: a young collection of a heap this
# size takes milliseconds, and it keeps no G1 remembered sets; the heap starts small and grows on
# demand (G1 starts with 1/64 of the machine's memory); on JDK 25 compact object headers
# (prepare_portal adds them) make each object 4 bytes smaller.
PORTAL_JVM_FLAGS=(-XX:+UseSerialGC -Xms64m)

# prepare_portal JAR DIR: extracts the jar into DIR (CDS and the AOT cache need plain jars on the
# class path, not Spring Boot's nested ones) and, once per build, trains Java's AOT cache there with a
# start that stops after the application context is refreshed (JDK 25: -XX:AOTCacheOutput; JDK
# 21-24: a CDS archive). Sets PORTAL_CMD to the command that starts the portal.
# Spring's AOT mode (ADR 38): the build generates the demo profile's bean definitions ahead of time;
# the portal starts on them unless FEDERA_SPRING_AOT=0, or SPRING_DATASOURCE_URL is set (the build
# decided for the embedded PostgreSQL), or the jar has none.
prepare_portal() {
  local jar=$1 dir=$2 major train_log tmp train=()
  major=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  local flags=("${PORTAL_JVM_FLAGS[@]}")
  [ "${major:-21}" -ge 25 ] && flags+=(-XX:+UseCompactObjectHeaders)
  if [ ! -f "$dir/federa.jar" ] || [ "$jar" -nt "$dir/federa.jar" ]; then
    rm -rf "$dir"
    "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
  fi
  local mode=regular
  if [ "${FEDERA_SPRING_AOT:-1}" = 1 ] && [ -z "${SPRING_DATASOURCE_URL:-}" ] \
    && unzip -l "$dir/federa.jar" 'io/federa/FederaApplication__ApplicationContextInitializer.class' >/dev/null 2>&1; then
    mode=aot
    flags+=(-Dspring.aot.enabled=true)
  fi
  # one cache per mode: the two load different classes
  local cache=() out
  if [ "${major:-21}" -ge 25 ]; then
    out=$dir/federa-$mode.aot; cache=(-XX:AOTCache="$out")
    [ -f "$out" ] || train=(-XX:AOTCacheOutput="$out")
  else
    out=$dir/federa-$mode.jsa; cache=(-XX:SharedArchiveFile="$out")
    [ -f "$out" ] || train=(-XX:ArchiveClassesAtExit="$out")
  fi
  if [ ! -f "$out" ]; then
    echo "training the portal's class cache (once per build: a start that stops after start-up)"
    tmp=$(mktemp -d /tmp/federa-train.XXXXXX)
    train_log=$dir/training.log
    if ! "$JAVA_HOME/bin/java" "${train[@]}" "${flags[@]}" -Dspring.context.exit=onRefresh -jar "$dir/federa.jar" --spring.profiles.active=demo \
      --server.port=0 --federa.data-dir="$tmp" --federa.scheduling.enabled=false >"$train_log" 2>&1 \
      || [ ! -f "$out" ]; then
      echo "  (training failed, see $train_log: the portal starts without the cache)" >&2
      cache=(); rm -f "$out"
    fi
    rm -rf "$tmp"
  fi
  PORTAL_CMD=("$JAVA_HOME/bin/java" "${cache[@]}" "${flags[@]}" -jar "$dir/federa.jar")
}
