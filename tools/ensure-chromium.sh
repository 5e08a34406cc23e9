#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (Playwright drives it at
# /usr/bin/chromium; Playwright's own browser download is not used) when it
# is missing. Needs root (or sudo).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ensure-chromium: installing chromium"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq chromium >/dev/null 2>&1 || {
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq chromium >/dev/null
}
