#!/usr/bin/env bash
# Benchmarks (each prints a table; nothing here is a pass/fail test).
#   scripts/bench.sh            federation: slurmrestd calls/min vs. users; Jobs page over 1M jobs
#                               (starts the local Slurm clusters)
#   scripts/bench.sh runs       runs: metrics ingest points/s (HTTP and store); runs list, metrics and
#                               compare over 10,000 runs x 1,000 steps x 3 keys (no Slurm needed)
#   scripts/bench.sh audit      audit: cost per request with/without audit, verify over 1,000,000 entries,
#                               audit page queries p50/p95 over them, API requests/s with bearer tokens
#   scripts/bench.sh startup    start-up: seconds to readiness, resident memory after start and 10 s
#                               later, seconds to stop on SIGTERM; `java -jar` as before against the
#                               way run.sh starts the portal now (no services needed)
#   scripts/bench.sh replicas   several replicas on one PostgreSQL: REST reads/s with one replica and with
#                               two (ratio), slurmrestd calls/min per replica (starts the local Slurm clusters)
#   scripts/bench.sh run-page   the run page in Chromium, a run with 3 metrics x 100,000 points: time to
#                               first chart and bytes per load, cost of a live update (no Slurm needed)
#   scripts/bench.sh notebook-proxy  the notebook proxy against direct access to the same Jupyter: large
#                               download MB/s, small GET p50/p95 (added latency), kernel WebSocket round
#                               trips/s (installs Debian's jupyter-notebook; no Slurm needed)
#   scripts/bench.sh fuzz       every Jazzer fuzz target for FUZZ_SECONDS (60) each: runs and findings
#                               (scripts/fuzz.sh; no services needed)
# Knobs (passed through to Maven): federation -Dbench.window.seconds=30 -Dbench.rows=1000000;
#   runs -Dbench.runs=10000 -Dbench.steps=1000 -Dbench.ingest.seconds=10 (0: reads only) -Dbench.samples=60
#        -Dbench.compare.run-by-run=true (false: leave out compare as it read before issue 12 item 5);
#   audit -Dbench.audit.entries=1000000 -Dbench.audit.requests=2000 -Dbench.api.seconds=10;
#   replicas -Dbench.seconds=15 -Dbench.clients=16 -Dbench.window.seconds=30;
#   notebook-proxy -Dbench.mb=512 -Dbench.repeats=3 -Dbench.requests=500 -Dbench.ws.seconds=10;
#   run-page -Dbench.points=100000 -Dbench.loads=5 -Dbench.updates=5 -Dbench.update.points=100
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/common.sh
source scripts/lib/common.sh
use_java
trap stop_started EXIT
which=federation
case "${1:-}" in runs | run-page | federation | audit | startup | replicas | notebook-proxy) which=$1; shift ;; esac
if [ "${1:-}" = fuzz ]; then
  shift
  exec scripts/fuzz.sh "$@"
fi
if [ "$which" = startup ]; then
  exec scripts/lib/bench-startup.sh "$@"
fi
if [ "$which" = runs ] || [ "$which" = audit ] || [ "$which" = run-page ] || [ "$which" = notebook-proxy ]; then
  bench=RunsBenchmark
  if [ "$which" = audit ]; then bench=AuditBenchmark; fi
  if [ "$which" = notebook-proxy ]; then
    bench=NotebookProxyBenchmark
    apt_install chromium fonts-dejavu-core jupyter-notebook python3-ipykernel
  fi
  if [ "$which" = run-page ]; then
    bench=RunPageBenchmark
    apt_install chromium fonts-dejavu-core
  fi
  # the application needs Keycloak to start; one already answering on 8180 is used as it is
  curl -fsS -o /dev/null http://127.0.0.1:8180/realms/portal 2>/dev/null || ensure_keycloak
elif [ "$which" = replicas ]; then
  bench=ReplicasBenchmark
  apt_install chromium fonts-dejavu-core
  ensure_slurm
  curl -fsS -o /dev/null http://127.0.0.1:8180/realms/portal 2>/dev/null || ensure_keycloak
else
  bench=FederationBenchmark
  ensure_slurm
fi
mkdir -p target
log=target/bench-$which.log
status=0
touch "$log.start"
rm -f target/failsafe-reports/failsafe-summary*.xml # a summary left by an earlier run is merged into this one
./mvnw -B -q -ntp verify -Dspotless.check.skip=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfedera.secret-scan.skip=true \
  -Dit.test="$bench" "$@" > "$log" 2>&1 || status=$?
# the benchmark writes its table to target/bench/<which>.md (its console output goes to the test
# reports, so the Maven log above does not hold it); a table from an earlier run is not shown
table=target/bench/$which.md
if [ -f "$table" ] && [ "$table" -nt "$log.start" ]; then
  cat "$table"
else
  sed -n '/^## \|^(machine/,$p' "$log" | grep -E '^(##|\||\(|$)' || true
fi
if [ "$status" != 0 ]; then
  # a benchmark that fails says so (the table above may be partial or missing)
  tail -40 "$log" >&2
  echo "bench.sh $which: FAILED (exit $status); the whole output is in $log" >&2
  exit "$status"
fi
echo "(also in target/bench/$which.md; the whole output in $log)"
