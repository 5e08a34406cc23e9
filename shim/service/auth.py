"""Who a request acts as: the apikey check of Supabase's gateway and
PostgREST's JWT authentication, shared by every surface that runs SQL as its
caller (REST, the live feed, the pages, the voice agent's service calls).

Supabase's gateway (Kong) admits a request only with an `apikey` that is the
project's anon or service_role key, and uses the apikey as the bearer token
when the request carries no Authorization header. PostgREST then verifies
the bearer token (HS256 with JWT_SECRET; exp/nbf/iat with 30 s of leeway) and
takes the database role from its `role` claim, or the anon role without one.
Error messages are PostgREST's (src/PostgREST/Error.hs, Auth/Jwt.hs).
"""

from __future__ import annotations

import binascii
import functools
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import jwt

from shim.service import errors
from shim.service.settings import ServiceSettings

ALLOWED_SKEW_SECONDS = 30
ALGORITHM = "HS256"
# Known JWS algorithms that an HS256 secret cannot verify (jose: KeyError).
_OTHER_KNOWN_ALGORITHMS = {
    "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES256K", "ES384", "ES512",
    "PS256", "PS384", "PS512", "EdDSA", "Ed25519", "Ed448",
}  # fmt: skip

# Fixed claims make the generated keys the same on every start.
_KEY_ISSUER = "clinic-booking"
_KEY_ISSUED_AT = 1_735_689_600  # 2025-01-01T00:00:00Z
_KEY_EXPIRES_AT = 2_051_222_400  # 2035-01-01T00:00:00Z


@dataclass(frozen=True)
class Caller:
    """Who a request acts as: the database role and the verified claims."""

    role: str
    claims: Mapping[str, Any]
    authorization: str | None

    def is_anonymous(self, settings: ServiceSettings) -> bool:
        return self.role == settings.anon_role


def sign(claims: Mapping[str, Any], secret: str) -> str:
    return jwt.encode(dict(claims), secret, algorithm=ALGORITHM)


def api_key(role: str, secret: str) -> str:
    """The project key of an API role, as Supabase issues them (a long-lived JWT)."""
    return sign(
        {"iss": _KEY_ISSUER, "role": role, "iat": _KEY_ISSUED_AT, "exp": _KEY_EXPIRES_AT},
        secret,
    )


def with_api_keys(settings: ServiceSettings) -> ServiceSettings:
    """Fill ANON_KEY and SERVICE_ROLE_KEY from JWT_SECRET when they were not given."""
    return settings.with_changes(
        anon_key=settings.anon_key or api_key("anon", settings.jwt_secret),
        service_role_key=settings.service_role_key or api_key("service_role", settings.jwt_secret),
    )


def check_api_key(apikey: str | None, settings: ServiceSettings) -> None:
    if not apikey:
        raise errors.missing_api_key()
    if apikey not in (settings.anon_key, settings.service_role_key):
        raise errors.invalid_api_key()


def bearer_token(authorization: str | None) -> str | None:
    """The token of `Authorization: Bearer <token>` (PostgREST splits on spaces).

    HTTP servers trim the header, so `Bearer ` arrives as `Bearer`: an empty token.
    """
    if authorization is None:
        return None
    parts = authorization.split(" ")
    if parts[0] not in ("Bearer", "bearer"):
        return None
    return parts[1] if len(parts) >= 2 else ""


def _decode_error(message: str, details: str | None = None) -> errors.ServiceError:
    return errors.jwt_error("PGRST301", message, details)


def _claims_error(message: str) -> errors.ServiceError:
    return errors.jwt_error("PGRST303", message)


# A client sends the same JWT with every request until it expires, and
# checking its signature (base64, HMAC, JSON) was a tenth of the gateway's
# CPU per request. The claims of tokens whose signature checked out are kept
# by token (the whole token, signature included, so no other token can hit
# an entry) and secret; the time claims (exp, nbf, iat) are still checked
# on every request. Invalid tokens raise and are never kept.
@functools.lru_cache(maxsize=4096)
def _verified_claims(token: str, secret: str) -> Mapping[str, Any]:
    return MappingProxyType(_verify(token, secret))


def _verify(token: str, secret: str) -> dict[str, Any]:
    if token == "":
        raise _decode_error("Empty JWT is sent in Authorization header")
    parts = token.count(".") + 1
    if parts != 3:
        raise _decode_error(f"Expected 3 parts in JWT; got {parts}")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.exceptions.DecodeError as exc:
        raise _decode_error("JWT cryptographic operation failed") from exc
    algorithm = header.get("alg")
    if algorithm in _OTHER_KNOWN_ALGORITHMS:
        raise _decode_error(
            "No suitable key or wrong key type", "No suitable key was found to decode the JWT"
        )
    if algorithm != ALGORITHM:
        raise _decode_error(
            "Wrong or unsupported encoding algorithm", f"JWT alg {algorithm!r} is not supported"
        )
    try:
        decoded = jwt.api_jws.decode_complete(token, secret, algorithms=[ALGORITHM])
    except (jwt.exceptions.InvalidTokenError, binascii.Error, ValueError) as exc:
        raise _decode_error("JWT cryptographic operation failed") from exc
    try:
        claims = json.loads(decoded["payload"])
    except ValueError as exc:
        raise _claims_error("Parsing claims failed") from exc
    if not isinstance(claims, dict):
        raise _claims_error("Parsing claims failed")
    return claims


def _seconds(value: Any) -> int | None:
    """A numeric claim as whole seconds; None when it is not a number.

    PostgREST reads a non-integral number as 0 (Scientific.toBoundedInteger).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else 0
    return value


def _check_time_claims(claims: Mapping[str, Any], now: int) -> None:
    earliest, latest = now - ALLOWED_SKEW_SECONDS, now + ALLOWED_SKEW_SECONDS
    checks = (
        ("exp", lambda t: earliest > t, "JWT expired"),
        ("nbf", lambda t: latest < t, "JWT not yet valid"),
        ("iat", lambda t: latest < t, "JWT issued at future"),
    )
    for name, is_invalid, invalid in checks:
        if claims.get(name) is None:
            continue
        seconds = _seconds(claims[name])
        if seconds is None:
            raise _claims_error(f"The JWT '{name}' claim must be a number")
        if is_invalid(seconds):
            raise _claims_error(invalid)
    audience = claims.get("aud")
    if audience is None or isinstance(audience, str):
        return
    if not isinstance(audience, list) or not all(isinstance(a, str) for a in audience):
        raise _claims_error("The JWT 'aud' claim must be a string or an array of strings")


def authenticate(
    authorization: str | None, settings: ServiceSettings, now: float | None = None
) -> Caller:
    """The caller of a request; raises ServiceError (401) for an invalid token."""
    token = bearer_token(authorization)
    if token is None:
        return Caller(settings.anon_role, {"role": settings.anon_role}, authorization)
    claims = _verified_claims(token, settings.jwt_secret)
    _check_time_claims(claims, int(time.time() if now is None else now))
    role_claim = claims.get("role")
    if role_claim is None:
        role = settings.anon_role
    elif isinstance(role_claim, str):
        role = role_claim
    else:
        role = json.dumps(role_claim, separators=(",", ":"))
    return Caller(role, {**claims, "role": role}, authorization)
