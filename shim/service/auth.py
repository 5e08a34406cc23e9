"""Who a request acts as: the apikey check of Supabase's gateway and
PostgREST's JWT authentication, shared by every surface that runs SQL as its
caller (REST, the live feed, the pages, the voice agent's service calls).

Supabase's gateway admits a request only with an `apikey` that is one of
the project's keys: the legacy anon / service_role JWTs or the new
sb_publishable_... / sb_secret_... keys (mapped to anon / service_role). It
uses the apikey as the bearer token when the request carries no
Authorization header; an sb_ key stands for its role. PostgREST then
verifies the bearer token and takes the database role from its `role`
claim, or the anon role without one.

Tokens: HS256 with JWT_SECRET, or ES256 / RS256 / EdDSA with the key their
`kid` names in the JWKS at JWT_JWKS_URL (shim/service/jwks.py); the
algorithm must be the key's. `exp` is required (a token that never expires
is refused); exp/nbf/iat have 30 s of leeway; an `aud` must name
JWT_AUDIENCE (a token without `aud` passes, as in PostgREST) and `iss` must
be JWT_ISSUER, when those are set. Error messages are
PostgREST's (src/PostgREST/Error.hs, Auth/Jwt.hs) where PostgREST has one.
"""

from __future__ import annotations

import binascii
import functools
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import jwt

from shim.service import errors, jwks
from shim.service.settings import ServiceSettings

ALLOWED_SKEW_SECONDS = 30
ALGORITHM = "HS256"  # what the service signs with (and the legacy project keys)
# Verified with a key from the JWKS (the key's own algorithm must match).
ASYMMETRIC_ALGORITHMS = frozenset({"ES256", "RS256", "EdDSA"})
# Known JWS algorithms no configured key verifies (jose: KeyError).
_OTHER_KNOWN_ALGORITHMS = {
    "HS384", "HS512", "RS384", "RS512", "ES256K", "ES384", "ES512",
    "PS256", "PS384", "PS512", "Ed25519", "Ed448",
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
    """Fill ANON_KEY and SERVICE_ROLE_KEY from JWT_SECRET when they were not
    given (and JWT_SECRET is: a JWKS-only project has its keys given)."""
    if not settings.jwt_secret:
        return settings
    return settings.with_changes(
        anon_key=settings.anon_key or api_key("anon", settings.jwt_secret),
        service_role_key=settings.service_role_key or api_key("service_role", settings.jwt_secret),
    )


def _same(given: str, configured: str) -> bool:
    return bool(configured) and hmac.compare_digest(given.encode(), configured.encode())


def api_key_role(apikey: str, settings: ServiceSettings) -> str | None:
    """The role a project key stands for (anon or service_role), None for any other value."""
    if _same(apikey, settings.anon_key) or _same(apikey, settings.publishable_key):
        return settings.anon_role
    if _same(apikey, settings.service_role_key) or _same(apikey, settings.secret_key):
        return "service_role"
    return None


def _opaque_key_role(token: str, settings: ServiceSettings) -> str | None:
    """The role of an sb_publishable_/sb_secret_ key sent as a bearer token."""
    if not token.startswith(("sb_publishable_", "sb_secret_")):
        return None
    return api_key_role(token, settings)


def check_api_key(apikey: str | None, settings: ServiceSettings) -> None:
    if not apikey:
        raise errors.missing_api_key()
    if api_key_role(apikey, settings) is None:
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


def _no_suitable_key() -> errors.ServiceError:
    return _decode_error(
        "No suitable key or wrong key type", "No suitable key was found to decode the JWT"
    )


# A client sends the same JWT with every request until it expires, and
# checking its signature (base64, HMAC or ECDSA, JSON) was a tenth of the
# gateway's CPU per request. The claims of tokens whose signature checked
# out are kept by token (the whole token, signature included, so no other
# token can hit an entry) and key; the time and audience claims are still
# checked on every request. Invalid tokens raise and are never kept.
@functools.lru_cache(maxsize=4096)
def _verified_claims(token: str, key: str | jwt.PyJWK, algorithm: str) -> Mapping[str, Any]:
    secret_or_public_key = key.key if isinstance(key, jwt.PyJWK) else key
    try:
        decoded = jwt.api_jws.decode_complete(token, secret_or_public_key, algorithms=[algorithm])
    except (jwt.exceptions.InvalidTokenError, binascii.Error, ValueError) as exc:
        raise _decode_error("JWT cryptographic operation failed") from exc
    return MappingProxyType(_claims(decoded["payload"]))


def _header(token: str) -> dict[str, Any]:
    if token == "":
        raise _decode_error("Empty JWT is sent in Authorization header")
    parts = token.count(".") + 1
    if parts != 3:
        raise _decode_error(f"Expected 3 parts in JWT; got {parts}")
    try:
        return jwt.get_unverified_header(token)
    except jwt.exceptions.DecodeError as exc:
        raise _decode_error("JWT cryptographic operation failed") from exc


def _verify(token: str, settings: ServiceSettings) -> Mapping[str, Any]:
    """The claims of a token whose signature checks out with a configured key."""
    header = _header(token)
    algorithm = header.get("alg")
    if algorithm == ALGORITHM:
        if not settings.jwt_secret:
            raise _no_suitable_key()
        return _verified_claims(token, settings.jwt_secret, ALGORITHM)
    if algorithm in ASYMMETRIC_ALGORITHMS:
        if not settings.jwks_url:
            raise _no_suitable_key()
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise _no_suitable_key()
        key = jwks.key_set(settings.jwks_url, settings.jwks_refresh_seconds).key(kid)
        # The key decides the algorithm: a token may not choose another one.
        if key is None or key.algorithm_name != algorithm:
            raise _no_suitable_key()
        return _verified_claims(token, key, algorithm)
    if algorithm in _OTHER_KNOWN_ALGORITHMS:
        raise _no_suitable_key()
    raise _decode_error(
        "Wrong or unsupported encoding algorithm", f"JWT alg {algorithm!r} is not supported"
    )


def _claims(payload: bytes) -> dict[str, Any]:
    try:
        claims = json.loads(payload)
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
    if claims.get("exp") is None:
        raise _claims_error("The JWT has no 'exp' claim: tokens that never expire are refused")
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


def _check_audience_and_issuer(claims: Mapping[str, Any], settings: ServiceSettings) -> None:
    # As PostgREST's jwt-aud: a token that names audiences must name this
    # one; a token without `aud` passes (Supabase's project keys have none).
    audience = claims.get("aud")
    if settings.jwt_audience and audience is not None:
        audiences = [audience] if isinstance(audience, str) else audience
        if settings.jwt_audience not in audiences:
            raise _claims_error("JWT not in audience")
    if settings.jwt_issuer and claims.get("iss") != settings.jwt_issuer:
        raise _claims_error("JWT issuer is not accepted")


def authenticate(
    authorization: str | None, settings: ServiceSettings, now: float | None = None
) -> Caller:
    """The caller of a request; raises ServiceError (401) for an invalid token."""
    token = bearer_token(authorization)
    if token is None:
        return Caller(settings.anon_role, {"role": settings.anon_role}, authorization)
    key_role = _opaque_key_role(token, settings)
    if key_role is not None:  # an sb_ project key stands for its role
        return Caller(key_role, {"role": key_role}, None)
    claims = _verify(token, settings)
    _check_time_claims(claims, int(time.time() if now is None else now))
    _check_audience_and_issuer(claims, settings)
    role_claim = claims.get("role")
    if role_claim is None:
        role = settings.anon_role
    elif isinstance(role_claim, str):
        role = role_claim
    else:
        role = json.dumps(role_claim, separators=(",", ":"))
    return Caller(role, {**claims, "role": role}, authorization)
