"""The dashboard's session: the member's JWT, posted once to
/dashboard/sign-in and kept in an HttpOnly, SameSite=Strict cookie scoped to
/dashboard until the token expires. It never appears in a URL, so no access
log line or Referer carries it; the live stream (/dashboard/events) reads
the same cookie and hands the token to the event feed as a bearer token.
Every request verifies it again (signature, expiry) as the REST gateway does.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from shim.service import auth
from shim.service.auth import Caller
from shim.service.errors import ServiceError
from shim.service.state import ServiceState
from shim.web.security import secure_cookies

SESSION_COOKIE = "dashboard_session"
SESSION_PATH = "/dashboard"
MAX_TOKEN_LENGTH = 8192


@dataclass(frozen=True)
class Member:
    """A signed-in clinic member: the verified caller and its organization."""

    caller: Caller
    org_id: str
    token: str


def member_from_token(token: str, state: ServiceState) -> Member | None:
    """The member a token signs in, or None: invalid, expired, not a member
    (role authenticated with app_metadata.org_id)."""
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return None
    try:
        caller = auth.authenticate(f"Bearer {token}", state.settings)
    except ServiceError:
        return None
    if caller.role != "authenticated":
        return None
    metadata = caller.claims.get("app_metadata")
    claimed = metadata.get("org_id") if isinstance(metadata, dict) else None
    try:
        org_id = str(uuid.UUID(claimed)) if isinstance(claimed, str) else None
    except ValueError:
        org_id = None
    if org_id is None:
        return None
    return Member(caller, org_id, token)


def session_member(request: Request, state: ServiceState) -> Member | None:
    token = request.cookies.get(SESSION_COOKIE)
    return None if token is None else member_from_token(token, state)


def has_session_cookie(request: Request) -> bool:
    return SESSION_COOKIE in request.cookies


def start_session(response: Response, request: Request, member: Member) -> None:
    exp = member.caller.claims.get("exp")
    max_age = None
    if isinstance(exp, int | float) and not isinstance(exp, bool):
        max_age = max(int(exp - time.time()) + auth.ALLOWED_SKEW_SECONDS, 1)
    response.set_cookie(
        SESSION_COOKIE,
        member.token,
        max_age=max_age,
        path=SESSION_PATH,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
    )


def end_session(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        path=SESSION_PATH,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
    )
