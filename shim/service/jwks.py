"""The public keys asymmetric tokens are verified with: a JWKS read from
JWT_JWKS_URL (an https URL such as Supabase's
https://<project>.supabase.co/auth/v1/.well-known/jwks.json, or a file: path
for air-gapped installs and tests).

A token names its key by `kid`. The set is read on first use and again when
a token names a key it does not hold, at most once per refresh interval, so
a rotated key is picked up without a restart and a flood of made-up key ids
costs at most one read per interval. The read blocks (a short timeout): it
happens once per interval at most. Symmetric (`oct`) keys in a published set
are ignored: a JWKS is public. Each key's algorithm is the one PyJWT gives
it (its `alg`, else its type and curve), and a token must use exactly that
algorithm: no HS256 made with a public key, no RS256 with an EC key.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
import urllib.request
from typing import Any

import jwt

log = logging.getLogger("shim.service.jwks")

READ_TIMEOUT_SECONDS = 3.0
MAX_JWKS_BYTES = 1_048_576


class JwksUnavailable(Exception):
    """The key set could not be read or holds no usable key."""


def _read(url: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=READ_TIMEOUT_SECONDS) as response:  # noqa: S310
        body = response.read(MAX_JWKS_BYTES + 1)
    if len(body) > MAX_JWKS_BYTES:
        raise JwksUnavailable(f"{url}: larger than {MAX_JWKS_BYTES} bytes")
    document = json.loads(body)
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksUnavailable(f"{url}: not a JWKS (no 'keys' list)")
    return document


def _usable_keys(document: dict[str, Any]) -> dict[str | None, jwt.PyJWK]:
    keys: dict[str | None, jwt.PyJWK] = {}
    for entry in document["keys"]:
        if not isinstance(entry, dict) or entry.get("kty") == "oct":
            continue
        if entry.get("use", "sig") != "sig":
            continue
        try:
            key = jwt.PyJWK(entry)
        except (jwt.exceptions.PyJWKError, jwt.exceptions.InvalidKeyError, ValueError):
            log.warning("JWKS: skipped a key it cannot use (kid %r)", entry.get("kid"))
            continue
        keys[key.key_id] = key
    return keys


class KeySet:
    """One JWKS URL's keys, re-read on an unknown key id (rate-limited)."""

    def __init__(self, url: str, refresh_seconds: float) -> None:
        self.url = url
        self.refresh_seconds = refresh_seconds
        self._keys: dict[str | None, jwt.PyJWK] = {}
        self._read_at: float | None = None
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        now = time.monotonic()
        if self._read_at is not None and now - self._read_at < self.refresh_seconds:
            return
        self._read_at = now
        try:
            self._keys = _usable_keys(_read(self.url))
            log.info("JWKS read from %s: %d keys", self.url, len(self._keys))
        except (OSError, ValueError, JwksUnavailable) as exc:
            log.warning("JWKS not read from %s: %s", self.url, exc)

    def key(self, kid: str | None) -> jwt.PyJWK | None:
        """The key `kid` names; without a kid, the only key there is."""
        with self._lock:
            found = self._find(kid)
            if found is None:
                self._refresh()
                found = self._find(kid)
            return found

    def _find(self, kid: str | None) -> jwt.PyJWK | None:
        if kid is None:
            return next(iter(self._keys.values())) if len(self._keys) == 1 else None
        return self._keys.get(kid)


@functools.cache
def key_set(url: str, refresh_seconds: float) -> KeySet:
    """The process's one KeySet per URL (its cache is shared by every request)."""
    return KeySet(url, refresh_seconds)
