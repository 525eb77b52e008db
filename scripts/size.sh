#!/usr/bin/env bash
# Prints the size of every file in dist/, raw and gzip-compressed (-9), by kind
# and in total: the page must stay under 500 KB compressed.
set -euo pipefail
cd "$(dirname "$0")/../dist" || { echo "no dist/: run scripts/build.sh first" >&2; exit 1; }
declare -A raw_by_kind=() gz_by_kind=()
total_raw=0; total_gz=0
printf '%-48s %10s %10s\n' FILE RAW GZIP
while IFS= read -r file; do
  raw=$(wc -c < "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  kind=${file##*.}
  raw_by_kind[$kind]=$(( ${raw_by_kind[$kind]:-0} + raw ))
  gz_by_kind[$kind]=$(( ${gz_by_kind[$kind]:-0} + gz ))
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-48s %10d %10d\n' "${file#./}" "$raw" "$gz"
done < <(find . -type f | sort)
echo
for kind in $(printf '%s\n' "${!raw_by_kind[@]}" | sort); do
  printf '%-48s %10d %10d\n' "all .$kind" "${raw_by_kind[$kind]}" "${gz_by_kind[$kind]}"
done
printf '%-48s %10d %10d\n' TOTAL "$total_raw" "$total_gz"
