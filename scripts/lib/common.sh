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
