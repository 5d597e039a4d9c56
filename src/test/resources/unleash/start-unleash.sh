#!/bin/sh
# Installs unleash-server (pinned: 7.5.1 is the last release that supports Node 20) into a local
# folder once, then runs start-unleash.js with NODE_PATH pointing at it.
# Usage: start-unleash.sh INSTALL_DIR   (env: PGPORT PGUSER PGDATABASE UNLEASH_PORT UNLEASH_ADMIN_TOKEN)
set -e
dir="${1:?install dir}"
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$dir/node_modules/unleash-server" ]; then
  npm install --prefix "$dir" --no-audit --no-fund unleash-server@7.5.1 >&2
fi
NODE_PATH="$dir/node_modules" exec node "$here/start-unleash.js"
