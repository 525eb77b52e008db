#!/usr/bin/env bash
# Called by scripts/post-build.sh (Trunk's post-build hook): in a release
# build, splits the page's wasm into the part loaded before the first command
# and a lazy part fetched on first use (scripts/split-wasm.mjs, scripts/lazy.txt).
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = "release" ] || exit 0
. "$(dirname "$0")/env.sh"
[ -x "$WASM_SPLIT" ] || { echo "split-wasm: no wasm-split at $WASM_SPLIT: run scripts/setup.sh" >&2; exit 1; }
# Its library is beside it, not in the system's.
LD_LIBRARY_PATH="$WASM_SPLIT_DIR/usr/lib/x86_64-linux-gnu" node "$(dirname "$0")/split-wasm.mjs" "$TRUNK_STAGING_DIR" "$WASM_SPLIT" "$BINARYEN_JS" "$(command -v wasm-opt)"
