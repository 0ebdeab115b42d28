#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when missing (never download a browser).
set -euo pipefail
CHROMIUM=${CERCLE_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $CHROMIUM: run 'sudo apt-get install chromium' first." >&2
  exit 1
fi
echo "Installing Debian's chromium package for the browser tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
