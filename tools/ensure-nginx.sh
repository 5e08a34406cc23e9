#!/usr/bin/env bash
# Installs Debian's nginx for the deployment test (tests/deploy: two
# instances behind nginx over loopback; the test starts it itself as a
# non-daemon child with a config of its own, the package's service is not
# used) when it is missing. Needs root (or sudo).
set -euo pipefail
if [ -x /usr/sbin/nginx ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ensure-nginx: installing nginx"
export DEBIAN_FRONTEND=noninteractive
# nginx-light would do; the plain package is what docs/deploy.md installs.
$sudo apt-get install -y -qq nginx >/dev/null 2>&1 || {
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq nginx >/dev/null
}
