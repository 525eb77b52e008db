#!/usr/bin/env bash
# Sets up the machine if needed, then serves the site at http://127.0.0.1:8080
# (release build, rebuilt when a source changes).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
page_trunk serve --offline --release "$@"
