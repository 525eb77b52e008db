#!/usr/bin/env bash
# Sets up the machine if needed, then runs every test layer:
#   1. native `cargo test` (everything below the UI),
#   2. browser component tests (wasm-bindgen-test in headless Chromium),
#   3. end-to-end tests against the built release dist/ in headless Chromium.
# Fails when any layer fails or runs no test; ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
. scripts/env.sh
export CHROMEDRIVER=/usr/bin/chromedriver

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
total_passed=0; total_failed=0; status=0

# run_layer NAME COMMAND...: runs one layer, shows its output, tallies its results.
run_layer() {
  local name=$1; shift
  local log="$log_dir/$name.log"
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$log"
  local code=${PIPESTATUS[0]}
  local passed failed
  passed=$(sed -n 's/.*test result: [A-Za-z]*\. \([0-9][0-9]*\) passed.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  failed=$(sed -n 's/.*test result: .* \([0-9][0-9]*\) failed.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed))
  if [ "$code" -ne 0 ]; then
    echo "=== $name: FAILED (exit $code)"; status=1
  elif [ "$passed" -eq 0 ]; then
    echo "=== $name: FAILED (no test ran)"; status=1
  else
    echo "=== $name: $passed passed, $failed failed"
  fi
}

run_layer native cargo test --quiet
run_layer browser cargo test --target wasm32-unknown-unknown --test browser
echo "=== building the release site (trunk build --offline --release)"
if page_trunk build --offline --release --quiet; then
  run_layer e2e cargo test --quiet -p e2e
else
  echo "=== e2e: FAILED (the site did not build)"; status=1
fi

echo
echo "tests: $total_passed passed, $total_failed failed"
exit $status
