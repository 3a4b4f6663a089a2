#!/usr/bin/env bash
# standins.sh - start, stop or query the demo's stand-in controllers (docs/adr/0033): the test-code
# stand-ins for Kubeflow's profile- and notebook-controller and for KServe (a local model server per
# InferenceService) on the local Kubernetes API servers k1 and k2, so that Notebooks and
# InferenceServices come alive in the demo. Notebooks of the demo image run as Debian's Jupyter behind
# each cluster's notebook gateway (K1_NOTEBOOK_GATEWAY… in clusters.env; their files under
# $FEDERA_STANDINS_DIR/notebooks). ./run.sh starts them after scripts/k8s-up.sh and stops them with
# the demo.
#
# Usage:
#   scripts/standins.sh start    # one JVM (io.federa.kubernetes.standin.StandInLauncher), in the background
#   scripts/standins.sh stop     # stops it and the model servers and Jupyter servers it runs
#   scripts/standins.sh status   # exit 0 when it runs
#
# They run from the test class path: target/test-classes with the portal run.sh extracted
# (target/portal/federa.jar and its libraries), else with target/classes and the test-scope
# dependencies, resolved once with Maven into target/standins.classpath.
#
# Env knobs:
#   FEDERA_K8S_DIR            the clusters' state, from k8s-up.sh (default /var/tmp/federa-k8s)
#   FEDERA_STANDINS_DIR       pid file, log and notebooks/ (default $FEDERA_DATA_DIR, else .federa in the repository)
#   FEDERA_STANDINS_SELECTOR  which objects they take (default federa.io/instance=default: the demo
#                             portal's; empty: all objects)
#   FEDERA_STANDINS_CLASSPATH a class path to run with instead of the one resolved with Maven (tests)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/common.sh
source scripts/lib/common.sh

K8S_DIR=${FEDERA_K8S_DIR:-/var/tmp/federa-k8s}
DIR=${FEDERA_STANDINS_DIR:-${FEDERA_DATA_DIR:-$ROOT/.federa}}
PID_FILE=$DIR/standins.pid
LOG=$DIR/standins.log
MAIN=io.federa.kubernetes.standin.StandInLauncher
SELECTOR=${FEDERA_STANDINS_SELECTOR-federa.io/instance=default}

running() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  [[ -n $pid ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN"
}

classpath() {
  if [[ -n ${FEDERA_STANDINS_CLASSPATH:-} ]]; then
    echo "$FEDERA_STANDINS_CLASSPATH"
    return
  fi
  local deps=target/standins.classpath
  local class=target/test-classes/io/federa/kubernetes/standin/StandInLauncher.class
  local stale
  stale=$(find src/test/java/io/federa/kubernetes/standin src/test/resources/io/federa/kubernetes/standin \
    -newer "$class" -print -quit 2>/dev/null || echo missing)
  # run.sh's build compiled the test classes and extracted the portal with its libraries: use those
  if [[ -f $class && -z $stale && -f target/portal/federa.jar && ! target/federa.jar -nt target/portal/federa.jar ]]; then
    echo "target/test-classes:target/portal/federa.jar"
    return
  fi
  if [[ ! -f $class || -n $stale || ! -s $deps || pom.xml -nt $deps ]]; then
    echo "standins.sh: compiling the stand-ins and resolving their class path (once per change)" >&2
    ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$deps" >&2
  fi
  echo "target/test-classes:target/classes:$(cat "$deps")"
}

case ${1:-} in
  start)
    if running; then
      echo "standins.sh: already running (pid $(cat "$PID_FILE"))"
      exit 0
    fi
    [[ -s $K8S_DIR/clusters.env ]] || { echo "standins.sh: $K8S_DIR/clusters.env is missing: run scripts/k8s-up.sh first" >&2; exit 1; }
    use_java
    mkdir -p "$DIR"
    cp=$(classpath)
    nohup "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xms32m -cp "$cp" "$MAIN" "$K8S_DIR/clusters.env" "$SELECTOR" "$DIR/notebooks" \
      >"$LOG" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 300); do
      grep -q "^stand-ins: running on" "$LOG" && break
      if ! running; then
        echo "standins.sh: the stand-ins exited; last lines of $LOG:" >&2
        tail -20 "$LOG" >&2
        exit 1
      fi
      sleep 0.2
    done
    grep -q "^stand-ins: running on" "$LOG" || { echo "standins.sh: not started after 60 s (see $LOG)" >&2; exit 1; }
    echo "standins.sh: $(grep -m1 '^stand-ins: running on' "$LOG" | sed 's/^stand-ins: //') (pid $(cat "$PID_FILE"), log $LOG)"
    ;;
  stop)
    if running; then
      pid=$(cat "$PID_FILE")
      kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      echo "standins.sh: stopped (pid $pid)"
    fi
    rm -f "$PID_FILE"
    ;;
  status)
    if running; then echo "standins.sh: running (pid $(cat "$PID_FILE"))"; else echo "standins.sh: not running"; exit 1; fi
    ;;
  *)
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
    exit 2
    ;;
esac
