#!/usr/bin/env bash
# Installs every tool the build and the tests need, at pinned versions.
# Idempotent: when everything is present it checks quickly and prints nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must be exactly the wasm-bindgen of Cargo.lock.
WASM_BINDGEN_VERSION=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }

say() { echo "setup: $*" >&2; }

# Debian packages: Chromium and its driver for the browser and end-to-end tests,
# brotli for the size report, Node.js for Binaryen's wasm-opt (most images already have it).
apt_missing=()
command -v npm >/dev/null || apt_missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
[ -x /usr/bin/chromedriver ] || apt_missing+=(chromium-driver)
# brotli: scripts/size.sh reports what a host serving precompressed files sends.
command -v brotli >/dev/null || apt_missing+=(brotli)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing ${apt_missing[*]} with apt-get (a few minutes)"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

# wasm-opt from Binaryen's own npm build (see scripts/env.sh for why not Debian's).
if [ "$(wasm-opt --version 2>/dev/null)" != "wasm-opt version ${BINARYEN_VERSION%%.*} (version_${BINARYEN_VERSION%%.*})" ]; then
  say "installing Binaryen $BINARYEN_VERSION (wasm-opt) with npm"
  mkdir -p "$TOOLS_DIR/binaryen-$BINARYEN_VERSION"
  npm install --prefix "$TOOLS_DIR/binaryen-$BINARYEN_VERSION" --no-audit --no-fund --silent \
    "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# wasm-split for the page's lazy part (scripts/split-wasm.sh): Debian's
# Binaryen package unpacked into the tools directory, not installed.
if [ ! -x "$WASM_SPLIT" ]; then
  say "unpacking Debian's binaryen $WASM_SPLIT_DEB_VERSION (wasm-split)"
  deb_dir=$(mktemp -d)
  if ! (cd "$deb_dir" && apt-get download -qq "binaryen=$WASM_SPLIT_DEB_VERSION" 2>/dev/null); then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    (cd "$deb_dir" && apt-get download -qq "binaryen=$WASM_SPLIT_DEB_VERSION")
  fi
  dpkg -x "$deb_dir"/binaryen_*.deb "$WASM_SPLIT_DIR"
  rm -rf "$deb_dir"
fi

# terser for the release page's JS glue (scripts/minify-js.sh).
if [ ! -x "$TERSER" ]; then
  say "installing terser $TERSER_VERSION with npm"
  mkdir -p "$TOOLS_DIR/terser-$TERSER_VERSION"
  npm install --prefix "$TOOLS_DIR/terser-$TERSER_VERSION" --no-audit --no-fund --silent \
    "terser@$TERSER_VERSION" >/dev/null
fi

# axe-core for the end-to-end accessibility checks (injected into the page).
if [ ! -f "$AXE_JS" ]; then
  say "installing axe-core $AXE_VERSION with npm"
  mkdir -p "$TOOLS_DIR/axe-core-$AXE_VERSION"
  npm install --prefix "$TOOLS_DIR/axe-core-$AXE_VERSION" --no-audit --no-fund --silent \
    "axe-core@$AXE_VERSION" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >/dev/null 2>&1
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 7 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --quiet
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] ||
   ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # No --locked: the registry mirror lacks some of its newest transitive pins.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force --quiet
fi

# cargo-mutants, only for scripts/mutants.sh (a measure, not a test layer).
CARGO_MUTANTS_VERSION=27.1.0
if [ "${1:-}" = "--mutants" ] && [ "$(cargo mutants --version 2>/dev/null)" != "cargo-mutants $CARGO_MUTANTS_VERSION" ]; then
  say "installing cargo-mutants $CARGO_MUTANTS_VERSION (about 6 minutes)"
  # No --locked, as for wasm-bindgen-cli (the registry mirror lacks some newest pins).
  cargo install cargo-mutants --version "$CARGO_MUTANTS_VERSION" --quiet
fi

# `trunk --offline` makes cargo offline too: fetch every crate beforehand.
cargo fetch --quiet
