#!/usr/bin/env bash
# Builds the static site into dist/ (relative asset paths: it works from any
# sub-path), then prints the size of every file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
trunk build --offline --release --quiet "$@"
scripts/size.sh
