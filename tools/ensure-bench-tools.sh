#!/usr/bin/env bash
# Installs what `make bench` (and its smoke test in `make test`) needs
# outside the virtualenv when it is missing: wrk, the HTTP load generator
# (Debian package). pgbench comes with the PostgreSQL server packages the
# throwaway cluster already needs. Needs root (or sudo) to install.
set -euo pipefail
major=${PG_MAJOR:-$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)}
if [ -n "$major" ] && [ ! -x "/usr/lib/postgresql/$major/bin/pgbench" ]; then
  echo "ensure-bench-tools: pgbench missing from /usr/lib/postgresql/$major/bin (install postgresql-$major)" >&2
  exit 1
fi
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ensure-bench-tools: installing wrk"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq wrk >/dev/null 2>&1 || {
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq wrk >/dev/null
}
