#!/usr/bin/env bash
# Starts Azurite in the foreground on its default ports, with data in .seatwise/azurite (Ctrl+C stops it).
# The local host starts Azurite by itself when nothing listens on these ports; use this script to keep one
# running across host restarts, or to use Azure Storage Explorer against it.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1; then
  echo "azurite.sh: Node.js 20 or later is required" >&2
  exit 1
fi
[ -f node_modules/azurite/dist/src/azurite.js ] || npm ci --no-audit --no-fund --loglevel=error
mkdir -p ../.seatwise/azurite
exec node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --disableTelemetry --loose \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --location ../.seatwise/azurite "$@"
