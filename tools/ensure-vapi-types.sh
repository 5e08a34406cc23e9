#!/usr/bin/env bash
# Installs the voice platform's published TypeScript types and the compiler
# for tests/voice_agent/test_platform_types.py (a dev-only check, like
# chromium for the pages): @vapi-ai/server-sdk and typescript, pinned, from
# the npm registry, into a cache directory outside the repository
# ($VAPI_TYPES_DIR, default ~/.cache/clinic-booking/vapi-types). Needs node
# and npm. Prints the directory.
set -euo pipefail
SDK_VERSION="2.0.1"
TYPESCRIPT_VERSION="5.6.3"
dir="${VAPI_TYPES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/clinic-booking/vapi-types}"
stamp="$dir/.installed-sdk-$SDK_VERSION-ts-$TYPESCRIPT_VERSION"
if [ ! -f "$stamp" ]; then
  command -v npm >/dev/null || { echo "ensure-vapi-types: npm is missing" >&2; exit 1; }
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name": "vapi-types", "private": true}' >"$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --silent --save-exact \
    "@vapi-ai/server-sdk@$SDK_VERSION" "typescript@$TYPESCRIPT_VERSION" >&2
  rm -f "$dir"/.installed-* && touch "$stamp"
fi
echo "$dir"
