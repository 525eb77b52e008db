#!/usr/bin/env bash
# Trunk's post-build hook (Trunk.toml), one script so that its steps run in
# order (Trunk may run a stage's hooks side by side): the wasm split into the
# page's first load and its lazy part, then the JS glue minified.
set -euo pipefail
dir="$(dirname "$0")"
bash "$dir/split-wasm.sh"
bash "$dir/minify-js.sh"
