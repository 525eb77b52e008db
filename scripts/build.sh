#!/usr/bin/env bash
# Builds the static site into dist/ (relative asset paths: it works from any
# sub-path), adds precompressed siblings, then prints the size of every file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
page_trunk build --offline --release --quiet "$@"
# f.br and f.gz beside every file, for hosts that send them as they are
# (GitLab Pages, nginx's brotli_static/gzip_static, Caddy's `precompressed`):
# brotli -q 11 is smaller than any host compresses on the fly.
find dist -type f ! -name '*.br' ! -name '*.gz' -print0 | while IFS= read -r -d '' file; do
  gzip -9 -n -k -f "$file"
  brotli -q 11 -k -f "$file"
done
scripts/size.sh
