#!/usr/bin/env bash
# Called by scripts/post-build.sh (Trunk's post-build hook): in a release build, minifies the JS
# glue that wasm-bindgen wrote (Trunk copies it as is) with terser, as an ES
# module (its exports and the wasm imports' property names are kept).
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = "release" ] || exit 0
. "$(dirname "$0")/env.sh"
[ -x "$TERSER" ] || { echo "minify-js: no terser at $TERSER: run scripts/setup.sh" >&2; exit 1; }
for js in "$TRUNK_STAGING_DIR"/*.js; do
  "$TERSER" "$js" --module --compress --mangle --output "$js.min"
  mv "$js.min" "$js"
done
