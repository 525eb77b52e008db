#!/usr/bin/env bash
# Builds the page's wasm as Trunk does (cargo, wasm-bindgen, wasm-opt -Oz) but
# keeping function names, then prints where the bytes go (see
# scripts/wasm-breakdown.py) in the part the page loads first (the lazy part
# cut out as scripts/split-wasm.mjs does). Arguments go to wasm-breakdown.py: DEPTH TOP.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
out=target/size-breakdown
RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$PAGE_RUSTFLAGS" \
  cargo build --offline --quiet --release --no-default-features --target wasm32-unknown-unknown
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$out" \
  target/wasm32-unknown-unknown/release/kube-atelier.wasm
flags=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue --low-memory-unused -Oz)
# The same passes as index.html's data-wasm-opt-params.
wasm-opt -Oz -g "${flags[@]}" "$out/kube-atelier_bg.wasm" -o "$out/named.wasm"
wasm-opt -Oz --strip-debug "${flags[@]}" "$out/kube-atelier_bg.wasm" -o "$out/page.wasm"
echo "page wasm: $(wc -c < "$out/page.wasm") bytes, $(gzip -9 -c "$out/page.wasm" | wc -c) gzip"
# The first part alone, as the page loads it (scripts/lazy.txt cut out), names kept.
mkdir -p "$out/split" && cp "$out/kube-atelier_bg.wasm" "$out/kube-atelier.js" "$out/split/"
SPLIT_KEEP_NAMES=1 LD_LIBRARY_PATH="$WASM_SPLIT_DIR/usr/lib/x86_64-linux-gnu" \
  node scripts/split-wasm.mjs "$out/split" "$WASM_SPLIT" "$BINARYEN_JS" "$(command -v wasm-opt)"
echo "first part (lazy part cut out), with names: $(wc -c < "$out/split/kube-atelier_bg.wasm") bytes"
python3 scripts/wasm-breakdown.py "$out/split/kube-atelier_bg.wasm" "$@"
