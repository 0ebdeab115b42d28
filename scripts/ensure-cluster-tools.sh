#!/usr/bin/env bash
# `make cluster` and `make bench` put Debian's nginx in front of two app servers; install it
# when missing (PostgreSQL and Redis are expected to run on 127.0.0.1).
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "nginx is missing: run 'sudo apt-get install nginx' first." >&2
  exit 1
fi
echo "Installing Debian's nginx package for the two-app-server cluster..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
