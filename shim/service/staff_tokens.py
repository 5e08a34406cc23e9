"""The access tokens the service issues to its own staff accounts.

A signed-in staff member holds a short-lived access token (at most 15
minutes, STAFF_ACCESS_TOKEN_SECONDS) and a rotating refresh token (SQL:
public.staff_sign_in / staff_refresh). The access token is an HS256 JWT
signed with JWT_SECRET, so every surface verifies it as it verifies any
token (shim.service.auth) and the SQL reads it as PostgREST's
request.jwt.claims: role `authenticated`, `sub` the account, `sid` the
session (the refresh family, which sign-out revokes), and app_metadata's
`org_id` and `staff_role` for the organization it acts for.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from shim.service.auth import sign
from shim.service.settings import ServiceSettings

ISSUER = "clinic-booking"
DEFAULT_AUDIENCE = "authenticated"


@dataclass(frozen=True)
class AccessToken:
    token: str
    expires_at: int


def can_issue(settings: ServiceSettings) -> bool:
    """Staff accounts need JWT_SECRET: without it the service verifies only
    an identity provider's tokens and issues none."""
    return bool(settings.jwt_secret)


def issue_access_token(
    settings: ServiceSettings,
    *,
    account_id: str,
    session_id: str,
    org_id: str,
    staff_role: str,
    now: float | None = None,
) -> AccessToken:
    issued_at = int(time.time() if now is None else now)
    expires_at = issued_at + settings.staff_access_token_seconds
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer or ISSUER,
        "aud": settings.jwt_audience or DEFAULT_AUDIENCE,
        "sub": account_id,
        "sid": session_id,
        "role": "authenticated",
        "app_metadata": {"org_id": org_id, "staff_role": staff_role},
        "iat": issued_at,
        "exp": expires_at,
    }
    return AccessToken(sign(claims, settings.jwt_secret), expires_at)
