#!/usr/bin/env bash
# Benchmarks (each prints a table; nothing here is a pass/fail test). Starts the local Slurm clusters.
#   scripts/bench.sh            federation: slurmrestd calls/min vs. users; Jobs page over 1M jobs
# Knobs: -Dbench.window.seconds=30 -Dbench.rows=1000000 (passed through to Maven)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/common.sh
source scripts/lib/common.sh
use_java
trap stop_started EXIT
ensure_slurm
./mvnw -B -q -ntp verify -Dspotless.check.skip=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FederationBenchmark "$@" | sed -n '/^## /,$p' | grep -E '^(##|\||\(|$)' || true
echo "(also in target/bench/federation.md)"
