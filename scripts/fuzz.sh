#!/usr/bin/env bash
# Fuzzes every Jazzer target (@FuzzTest in *FuzzTest) for a while each and prints a table:
# target, runs, seconds, findings. Nothing here is a pass/fail test: `./mvnw test` runs the same
# targets in regression mode (their seeds and every earlier finding, under src/test/resources/…/*Inputs/).
# A finding is written by Jazzer into the target's Inputs directory (crash-<sha1>): commit it, so the
# normal test command replays it, and fix the parser. The growing corpus stays in .cifuzz-corpus/ (ignored). ADR 27.
#   scripts/fuzz.sh                 every target, FUZZ_SECONDS (default 60) each
#   scripts/fuzz.sh Class#method    one target
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/common.sh
source scripts/lib/common.sh
use_java
seconds=${FUZZ_SECONDS:-60}
log_dir=target/fuzz
mkdir -p "$log_dir"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  while IFS= read -r file; do
    class=$(basename "$file" .java)
    while IFS= read -r method; do
      targets+=("$class#$method")
    done < <(grep -A1 '@FuzzTest' "$file" | grep -oE 'void [a-z_0-9]+' | awk '{print $2}')
  done < <(grep -rl '@FuzzTest' src/test/java | sort)
fi

# compile once; each target then runs without recompiling
./mvnw -B -ntp -q test-compile -Dspotless.check.skip=true >"$log_dir/compile.log" 2>&1 \
  || { tail -40 "$log_dir/compile.log"; exit 1; }

printf '%-60s %12s %8s %9s\n' target runs seconds findings
for target in "${targets[@]}"; do
  log="$log_dir/${target//#/_}.log"
  start=$(date +%s)
  set +e
  # coverage for all of the portal's classes (Jazzer's default is the test's own package only)
  JAZZER_FUZZ=1 ./mvnw -B -ntp -o surefire:test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.max_duration="${seconds}s" -Djazzer.instrument='io.federa.**' >"$log" 2>&1
  set -e
  took=$(($(date +%s) - start))
  runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  findings=$(grep -c 'Test unit written to' "$log" || true)
  printf '%-60s %12s %8s %9s\n' "$target" "${runs:-?}" "$took" "$findings"
done
echo "logs: $log_dir/; findings are saved as crash-* files in each target's *Inputs directory"
