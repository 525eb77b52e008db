#!/usr/bin/env bash
# Prints the size of every file in dist/, raw and compressed, by kind and in
# total. The page's first load must stay within 700 KB gzip -9 and 560 KB
# brotli -q 11 (see README.md). Two compressions, since
# static hosts differ: gzip -9 is what GitHub Pages and most servers send;
# brotli -q 11 is what a host serving precompressed files sends (on-the-fly
# brotli uses lower levels and lands near gzip). "page load" leaves out what
# is fetched on first use: the .txt books of kubectl (`explain`, `--help`),
# the lessons (lessons/, each fetched when it opens) and the wasm's lazy part
# (*_lazy.wasm: the code scripts/lazy.txt names); "first visit" adds the
# lesson a new visitor opens (the first one).
set -euo pipefail
cd "$(dirname "$0")/../dist" || { echo "no dist/: run scripts/build.sh first" >&2; exit 1; }
brotli_size() { if command -v brotli >/dev/null; then brotli -q 11 -c "$1" | wc -c; else echo 0; fi; }
declare -A raw_by_kind=() gz_by_kind=() br_by_kind=()
total_raw=0; total_gz=0; total_br=0
load_raw=0; load_gz=0; load_br=0
first_raw=0; first_gz=0; first_br=0
first_lesson=$(find ./lessons -maxdepth 1 -name '[0-9]*.md' 2>/dev/null | sort | head -1)
printf '%-48s %10s %10s %10s\n' FILE RAW GZIP BROTLI
while IFS= read -r file; do
  raw=$(wc -c < "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  br=$(brotli_size "$file")
  kind=${file##*.}
  raw_by_kind[$kind]=$(( ${raw_by_kind[$kind]:-0} + raw ))
  gz_by_kind[$kind]=$(( ${gz_by_kind[$kind]:-0} + gz ))
  br_by_kind[$kind]=$(( ${br_by_kind[$kind]:-0} + br ))
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  case "$file" in
    *.txt | ./lessons/* | *_lazy.wasm) ;;
    *) load_raw=$((load_raw + raw)); load_gz=$((load_gz + gz)); load_br=$((load_br + br)) ;;
  esac
  if [ "$file" = "$first_lesson" ]; then
    first_raw=$raw; first_gz=$gz; first_br=$br
  fi
  printf '%-48s %10d %10d %10d\n' "${file#./}" "$raw" "$gz" "$br"
done < <(find . -type f ! -name "*.br" ! -name "*.gz" | sort)
echo
for kind in $(printf '%s\n' "${!raw_by_kind[@]}" | sort); do
  printf '%-48s %10d %10d %10d\n' "all .$kind" "${raw_by_kind[$kind]}" "${gz_by_kind[$kind]}" "${br_by_kind[$kind]}"
done
printf '%-48s %10d %10d %10d\n' "page load (all but .txt, lessons/, *_lazy.wasm)" "$load_raw" "$load_gz" "$load_br"
printf '%-48s %10d %10d %10d\n' "first visit (page load + ${first_lesson#./})" \
  $((load_raw + first_raw)) $((load_gz + first_gz)) $((load_br + first_br))
printf '%-48s %10d %10d %10d\n' TOTAL "$total_raw" "$total_gz" "$total_br"
command -v brotli >/dev/null || echo "(brotli not installed: run scripts/setup.sh for that column)"
