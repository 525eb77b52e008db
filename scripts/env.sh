# Sourced by the scripts: where the pinned tools live.
# cargo-installed tools (trunk, wasm-bindgen) and Binaryen's wasm-opt, which
# comes from npm because Debian's wasm-opt 108 corrupts the externref table
# export that wasm-bindgen 0.2.130 emits (the page then fails to start).
BINARYEN_VERSION=132.0.0
TOOLS_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/kube-atelier-tools"
export PATH="$TOOLS_DIR/binaryen-$BINARYEN_VERSION/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# axe-core, the accessibility engine the end-to-end tests inject into the page.
AXE_VERSION=4.14.1
export AXE_JS="$TOOLS_DIR/axe-core-$AXE_VERSION/node_modules/axe-core/axe.min.js"
