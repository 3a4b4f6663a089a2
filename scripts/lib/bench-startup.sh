#!/usr/bin/env bash
# scripts/bench.sh startup [RUNS]: start-up time and resident memory of the portal, as a table.
# Each variant starts the production jar RUNS times (default 3; the variants take turns, so that a
# change in the machine's load hits all of them alike) on one warm data directory with no clusters
# registered (the portal alone; nothing else needs to run), and measures: seconds from exec to
# /actuator/health/readiness answering 200; the JVM's resident memory (VmRSS; the embedded
# PostgreSQL runs in processes of its own, ~40 MiB, not counted) at that moment and 10 s later; and
# seconds from SIGTERM to exit; the CPU seconds the JVM used until ready, and how many of them its JIT
# compiler threads took; and, before each start, how long a fixed CPU loop takes on this host (the
# "host" column), since this machine's speed changes by up to 2x from one minute to the next with
# nothing else running (run.sh's command: 7.4 s at one moment, 10-13 s some minutes later): compare
# rows measured at like host speeds. Writes target/bench/startup.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=common.sh
source scripts/lib/common.sh
use_java
RUNS=${1:-3}
PORT=${BENCH_PORT:-18990}
build_portal
# run.sh's command until ADR 38 (Spring's regular mode, its own class cache), then run.sh's now
FEDERA_SPRING_AOT=0 prepare_portal target/federa.jar target/portal
REGULAR_CMD=("${PORTAL_CMD[@]}")
prepare_portal target/federa.jar target/portal
DATA=$(mktemp -d /tmp/federa-bench-startup.XXXXXX)
trap 'rm -rf "$DATA"' EXIT
mkdir -p target/bench

# seconds a fixed CPU loop takes on this host now (awk is on every Debian)
host_speed() {
  local a b
  a=$(date +%s%N)
  awk 'BEGIN { for (i = 0; i < 20000000; i++) s += i }'
  b=$(date +%s%N)
  awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'
}

# CPU seconds (user + system) of process $1, and of its threads named $2 (a regular expression)
cpu_of() {
  local tick t all=0 match=0 c
  tick=$(getconf CLK_TCK)
  for t in /proc/"$1"/task/*; do
    c=$(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null) || continue
    all=$((all + c))
    grep -Eq "$2" "$t/comm" 2>/dev/null && match=$((match + c))
  done
  awk -v a="$all" -v m="$match" -v t="$tick" 'BEGIN { printf "%.1f %.1f", a / t, m / t }'
}

# one start: prints "<ready s> <rss MiB at ready> <rss MiB 10 s later> <stop s> <CPU s> <JIT CPU s> <host s>"
one() {
  local t0 t1 t2 t3 pid rss1 rss2 cpu host
  host=$(host_speed)
  t0=$(date +%s%N)
  # the demo profile, as run.sh starts it: outside it the portal refuses the demo realm's secrets
  "$@" --spring.profiles.active=demo --server.port="$PORT" --federa.data-dir="$DATA" >"$DATA/portal.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; do
    kill -0 "$pid" 2>/dev/null || { echo "the portal exited; see its log:" >&2; tail -20 "$DATA/portal.log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%N)
  rss1=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  cpu=$(cpu_of "$pid" 'C[12] CompilerThre')
  sleep 10
  rss2=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  t2=$(date +%s%N)
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  t3=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v r1="$rss1" -v r2="$rss2" -v c="$t2" -v d="$t3" -v cpu="$cpu" -v h="$host" \
    'BEGIN { printf "%.1f %d %d %.1f %s %s\n", (b - a) / 1e9, r1 / 1024, r2 / 1024, (d - c) / 1e9, cpu, h }'
}

# "median (min–max)" of column $1 of the results in file $2
stat() {
  awk -v c="$1" '{ print $c }' "$2" | sort -n | awk '
    { v[NR] = $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          if (v[1] == v[NR]) print m; else printf "%s (%s–%s)\n", m, v[1], v[NR] }'
}

NAMES=("plain: java -jar target/federa.jar"
  "Spring's regular mode (run.sh before ADR 38): $(printf '%s ' "${REGULAR_CMD[@]:1}" | sed 's#target/portal/##g')"
  "now (run.sh): $(printf '%s ' "${PORTAL_CMD[@]:1}" | sed 's#target/portal/##g')")
run_variant() {
  case $1 in
    0) one "$JAVA_HOME/bin/java" -jar target/federa.jar ;;
    1) one "${REGULAR_CMD[@]}" ;;
    2) one "${PORTAL_CMD[@]}" ;;
  esac
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warming up: one start creates the data directory (initdb, migrations) and is not counted"
run_variant 0 >/dev/null
for ((i = 1; i <= RUNS; i++)); do
  for v in 0 1 2; do
    r=$(run_variant "$v")
    echo "  start $i, ${NAMES[$v]%%:*}: $r (ready s, RSS MiB at ready, 10 s later, stop s, CPU s, of it JIT, host s)"
    echo "$r" >>"$DATA/results-$v"
  done
done
{
  echo "## Start-up: $RUNS starts per row, median (min–max)"
  echo
  echo "| how it starts | to ready, s | RSS at ready, MiB | RSS 10 s later, MiB | SIGTERM to exit, s | CPU to ready, s | of it JIT, s | host, s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for v in 0 1 2; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${NAMES[$v]}" "$(stat 1 "$DATA/results-$v")" \
      "$(stat 2 "$DATA/results-$v")" "$(stat 3 "$DATA/results-$v")" "$(stat 4 "$DATA/results-$v")" \
      "$(stat 5 "$DATA/results-$v")" "$(stat 6 "$DATA/results-$v")" "$(stat 7 "$DATA/results-$v")"
  done
  echo
  echo "(host: seconds a fixed awk loop took just before each start; the lower, the faster the host was)"
  echo
  echo "(machine: $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GB; load average $load before, $(cut -d' ' -f1-3 /proc/loadavg) after; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"
} | tee target/bench/startup.md
