#!/usr/bin/env bash
# Installs Debian's pgTAP package for the newest installed PostgreSQL major
# version when its extension files are missing. Needs root (or sudo).
set -euo pipefail
major=${PG_MAJOR:-$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)}
if [ -z "$major" ]; then
  echo "ensure-pgtap: no PostgreSQL server under /usr/lib/postgresql; set DATABASE_URL to a server with pgTAP" >&2
  exit 0
fi
if [ -f "/usr/share/postgresql/$major/extension/pgtap.control" ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ensure-pgtap: installing postgresql-$major-pgtap"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq "postgresql-$major-pgtap" >/dev/null 2>&1 || {
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq "postgresql-$major-pgtap" >/dev/null
}
