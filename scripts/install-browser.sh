#!/usr/bin/env bash
# Debian's Chromium and ChromeDriver, for the widget's browser tests (tests/browser).
# Installs them when missing; BROWSER_TESTS=skip skips the browser tests instead.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
if [[ -x $CHROMIUM && -x $CHROMEDRIVER ]]; then
    exit 0
fi
if [[ ${BROWSER_TESTS:-} == skip ]]; then
    echo "BROWSER_TESTS=skip: the widget's browser tests will be skipped"
    exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "error: the browser tests need Debian's chromium and chromium-driver." >&2
        echo "       Install them as root: apt-get install -y chromium chromium-driver" >&2
        echo "       (or run with BROWSER_TESTS=skip to leave the browser tests out)" >&2
        exit 1
    fi
fi
printf '\033[1m==> Installing chromium and chromium-driver (Debian, about 1 minute)\033[0m\n'
start=$SECONDS
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
printf '\033[1m==> chromium ready in %s s\033[0m\n' $((SECONDS - start))
