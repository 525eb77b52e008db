# Sourced by the scripts: where the pinned tools live.
# cargo-installed tools (trunk, wasm-bindgen) and Binaryen's wasm-opt, which
# comes from npm because Debian's wasm-opt 108 corrupts the externref table
# export that wasm-bindgen 0.2.130 emits (the page then fails to start).
BINARYEN_VERSION=132.0.0
TOOLS_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/kube-atelier-tools"
export PATH="$TOOLS_DIR/binaryen-$BINARYEN_VERSION/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Binaryen's wasm-split, which npm's Binaryen lacks: Debian's 108, unpacked
# beside the other tools (not installed: its wasm-opt must not shadow 132's).
# scripts/split-wasm.mjs corrects the one table export its writer gets wrong.
WASM_SPLIT_DEB_VERSION=108-1
WASM_SPLIT_DIR="$TOOLS_DIR/binaryen-$WASM_SPLIT_DEB_VERSION"
WASM_SPLIT="$WASM_SPLIT_DIR/usr/bin/wasm-split"
# Binaryen 132 as a JS library (the same npm package as wasm-opt).
export BINARYEN_JS="$TOOLS_DIR/binaryen-$BINARYEN_VERSION/node_modules/binaryen/index.js"
# terser minifies the JS glue wasm-bindgen writes (Trunk leaves it as written):
# 2 KB gzip of the page's first load (scripts/minify-js.sh, a Trunk hook).
TERSER_VERSION=5.44.1
export TERSER="$TOOLS_DIR/terser-$TERSER_VERSION/node_modules/.bin/terser"
# axe-core, the accessibility engine the end-to-end tests inject into the page.
AXE_VERSION=4.14.1
export AXE_JS="$TOOLS_DIR/axe-core-$AXE_VERSION/node_modules/axe-core/axe.min.js"
# The page's wasm is built with panic locations left out (`-Zlocation-detail=none`:
# a panic still stops the page, without file and line; 10 KB gzip less) and with
# `Debug` formatting compiled to nothing (`-Zfmt-debug=none`: the code never shows
# a `{:?}` to the learner; it quotes by hand), and with MIR optimized at level 1
# (`-Zmir-opt-level=1`, the debug default: less MIR inlining, 0.8 KB gzip less;
# LLVM still optimizes at opt-level z). The flags are unstable: RUSTC_BOOTSTRAP
# lets the pinned stable rustc take them, for the page's
# build only (`page_trunk`), never for the native build or the tests. The
# environment variable replaces `.cargo/config.toml`'s rustflags for the wasm
# target, so it repeats `erase_components`.
# The linker also writes its map (every read-only object's address and size):
# scripts/split-data.mjs reads it to move the data only the lazy part reads.
export PAGE_LINK_MAP="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/page-link.map"
PAGE_RUSTFLAGS="--cfg erase_components -Zlocation-detail=none -Zfmt-debug=none -Zmir-opt-level=1 -Clink-arg=--Map=$PAGE_LINK_MAP"
page_trunk() {
  RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$PAGE_RUSTFLAGS" trunk "$@"
}
