#!/usr/bin/env bash
# Builds the web UI into web/dist unless it is newer than every source it is made from.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ -f dist/index.html ] && [ -z "$(find src public index.html vite.config.js package-lock.json -newer dist/index.html 2>/dev/null | head -n 1)" ]; then
  echo "build-web: web/dist is up to date"
  exit 0
fi
echo "build-web: npm run build"
npm run build --silent
