#!/usr/bin/env bash
# Mutation testing of kubectl's printers and commands (issue 18): a measure of
# the tests, not a CI step. cargo-mutants changes one function at a time (a
# default return value, a flipped comparison, a deleted `!`…), builds, and
# runs the native tests that exercise kubectl; a mutant they catch is a
# behaviour they pin. The last line is `mutants: caught N of M (P%)`, where
# timeouts count as caught and unviable mutants (that do not build) are left
# out. Arguments go to cargo-mutants (`--file src/kubectl/label.rs` for one
# file, `--list` to see the mutants). About 5 s a mutant: each build links
# only the test targets below (--cargo-arg reaches the build as well as the
# test run; without it every mutant linked all ~25 test binaries and the
# examples, a minute each).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --mutants
files=(label scale printers rows info run describe)
args=()
if ! printf '%s\n' "$@" | grep -q -- '--file'; then
  for f in "${files[@]}"; do args+=(--file "src/kubectl/$f.rs"); done
fi
# The test targets that reach kubectl's commands (the lessons' and the
# browser's layers add time, not kubectl coverage). Not --lib: the crate's own
# unit tests would compile the whole library a second time for every mutant
# (3 s of a core), and kubectl's commands have none but describe's
# smart_label, which tests/kubectl_commands.rs covers through describe.
tests=()
for t in --test=golden --test=kubectl_commands --test=kubectl_output --test=kubectl_hostile \
  --test=kubectl_client_parity --test=seed_course --test=terminal; do
  tests+=("--cargo-arg=$t")
done
start=$(date +%s)
status=0
cargo mutants --no-shuffle --jobs 2 --output target "${tests[@]}" "${args[@]}" "$@" || status=$?
out=target/mutants.out
count() { if [ -f "$out/$1.txt" ]; then grep -c . "$out/$1.txt" || true; else echo 0; fi; }
caught=$(( $(count caught) + $(count timeout) ))
missed=$(count missed)
total=$((caught + missed))
echo "mutants: $(count unviable) unviable, $(count timeout) timeouts, missed ones listed in $out/missed.txt ($(( ($(date +%s) - start) / 60 )) min)"
if [ "$total" -gt 0 ]; then
  echo "mutants: caught $caught of $total ($(( caught * 100 / total ))%)"
else
  echo "mutants: no mutant was tested (cargo-mutants exit $status)"; exit 1
fi
