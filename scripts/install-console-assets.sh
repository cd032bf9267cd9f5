#!/usr/bin/env bash
# The console's front-end libraries (chart.js), from the npm registry with the lock file's
# exact versions, into bot/console/assets/node_modules; the app serves them itself (no CDN).
# Without npm the console still works: each chart's table is there, the charts are not.
set -euo pipefail
cd "$(dirname "$0")/../bot/console/assets"
if ! command -v npm >/dev/null 2>&1; then
  echo "warning: npm not found: the console's charts will be missing (install Node.js 18+ and run make install)" >&2
  exit 0
fi
printf '\033[1m==> %s\033[0m\n' "Installing the console's front-end libraries (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
touch node_modules/.installed
