"""The dashboard's session, in two HttpOnly cookies scoped to /dashboard.

`dashboard_session` holds the access token: one the service issued to a
staff account that signed in with its email and password (at most 15
minutes: shim.service.staff_tokens), or an identity provider's token posted
to the sign-in form (Supabase Auth's, say). `dashboard_refresh` holds the
staff account's rotating refresh token (public.staff_refresh), so a shift
never signs out on its own: a request whose access token is expired or
about to expire gets a new pair, set on its response.

Every request verifies the access token again (signature, expiry) as the
REST gateway does, and asks SQL whether the session still stands
(public.dashboard_session_status): sign-out and disabling a member end it
at once, and a copied cookie no longer opens the dashboard afterwards.
Neither token ever appears in a URL or a log line.

Cookies: HttpOnly; Secure when the page was reached over https or the
public base URL is https; SameSite=Strict: a link from another site (an
email, an SMS) opens the dashboard without its cookies, so no cross-site
request acts with the member's session; the dashboard is always entered
from its own pages, where Strict costs nothing.

Concurrent requests of one browser may arrive with the same refresh token
(the live stream reconnecting while the panel reloads): within a process
they share one renewal and its answer (kept a minute), since presenting a
used refresh token again would revoke the session (token theft). The same
holds for a Supabase Auth session's refresh token.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shim import queries
from shim.service import auth, staff_tokens
from shim.service.auth import Caller
from shim.service.errors import ServiceError
from shim.service.state import ServiceState, service_state
from shim.web import supabase_auth
from shim.web.security import secure_cookies
from shim.web.sql_calls import call, call_as_service

SESSION_COOKIE = "dashboard_session"
REFRESH_COOKIE = "dashboard_refresh"
# The clinic a token without app_metadata.org_id acts for (a Supabase user
# in several clinics): only a choice, the SQL decides what it may do there.
ORG_COOKIE = "dashboard_org"
# A refresh token of Supabase Auth (not the service's own), in REFRESH_COOKIE.
PROVIDER_PREFIX = "sb:"
SESSION_PATH = "/dashboard"
MAX_TOKEN_LENGTH = 8192
# An access token with less than this left is refreshed first.
REFRESH_MARGIN_SECONDS = 60
_SHARED_REFRESH_SECONDS = 60.0
_UPDATE = "dashboard_session_update"


@dataclass(frozen=True)
class Member:
    """A signed-in clinic member: the verified caller and its organization."""

    caller: Caller
    org_id: str
    token: str
    expires_at: float | None = None
    # The staff session (refresh family) of a token the service issued.
    session_id: str | None = None

    @property
    def staff_role(self) -> str | None:
        metadata = self.caller.claims.get("app_metadata")
        role = metadata.get("staff_role") if isinstance(metadata, dict) else None
        return role if isinstance(role, str) else None


@dataclass(frozen=True)
class SessionUpdate:
    """Cookies a response must carry: a new pair, or none (signed out)."""

    access: staff_tokens.AccessToken | None = None
    refresh_token: str | None = None
    refresh_max_age: int | None = None
    org_id: str | None = None


def _uuid(value: Any) -> str | None:
    try:
        return str(uuid.UUID(value)) if isinstance(value, str) else None
    except ValueError:
        return None


def authenticated_caller(token: str, state: ServiceState) -> Caller | None:
    """The caller of a token that verifies and acts as `authenticated`, else None."""
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return None
    try:
        caller = auth.authenticate(f"Bearer {token}", state.settings)
    except ServiceError:
        return None
    return caller if caller.role == "authenticated" else None


def member_from_token(
    token: str, state: ServiceState, chosen_org: str | None = None
) -> Member | None:
    """The member a token signs in, or None: invalid, expired, not a member
    (role authenticated with app_metadata.org_id, or a chosen clinic for a
    token that names none: the SQL then decides by its memberships)."""
    token = token.strip()
    caller = authenticated_caller(token, state)
    if caller is None:
        return None
    metadata = caller.claims.get("app_metadata")
    org_id = _uuid(metadata.get("org_id") if isinstance(metadata, dict) else None)
    org_id = org_id or _uuid(chosen_org)
    if org_id is None:
        return None
    exp = caller.claims.get("exp")
    expires_at = float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None
    return Member(caller, org_id, token, expires_at, _uuid(caller.claims.get("sid")))


async def still_active(request: Request, member: Member) -> bool:
    """Whether SQL still admits the session (not signed out, not disabled)."""
    answer = await call_as_service(
        request,
        queries.DASHBOARD_SESSION_STATUS,
        {"access_token": member.token, "session_id": member.session_id, "org_id": member.org_id},
    )
    return isinstance(answer, dict) and answer.get("active") is True


# -- refresh ----------------------------------------------------------------------------
_refreshes: dict[str, tuple[float, asyncio.Future[dict[str, Any] | None]]] = {}


async def _shared_refresh(
    refresh_token: str, renew: Callable[[], Awaitable[dict[str, Any] | None]]
) -> dict[str, Any] | None:
    """The answer of renewing a session, shared by concurrent requests of this
    process that present the same refresh token (see the module's notes): a
    refresh token is used once, so a page and its event stream renewing at
    the same moment would otherwise sign each other out."""
    now = time.monotonic()
    for key, (started, _) in list(_refreshes.items()):
        if now - started > _SHARED_REFRESH_SECONDS:
            del _refreshes[key]
    if refresh_token in _refreshes:
        return await asyncio.shield(_refreshes[refresh_token][1])
    future: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
    _refreshes[refresh_token] = (now, future)
    try:
        result = await renew()
    except BaseException as exc:
        del _refreshes[refresh_token]
        future.set_result(None)
        if isinstance(exc, ServiceError):
            return None
        raise
    future.set_result(result)
    return result


def _forget_renewals(refresh_token: str) -> None:
    """Sign-out: no later request may take over a renewal shared from this
    session's refresh token or from any it replaced (a copied cookie's)."""
    ended = {refresh_token, refresh_token.removeprefix(PROVIDER_PREFIX)}
    while True:
        gone = [
            key
            for key, (_, future) in _refreshes.items()
            if key in ended or _renewed_to(future) in ended
        ]
        if not gone:
            return
        for key in gone:
            ended.update((key, key.removeprefix(PROVIDER_PREFIX)))
            del _refreshes[key]


def _renewed_to(future: asyncio.Future[dict[str, Any] | None]) -> str | None:
    answer = future.result() if future.done() else None
    token = answer.get("refresh_token") if isinstance(answer, dict) else None
    return token if isinstance(token, str) else None


async def _refreshed_session(request: Request, refresh_token: str) -> dict[str, Any] | None:
    """public.staff_refresh's answer (None when refused)."""

    async def renew() -> dict[str, Any] | None:
        answer = await call_as_service(
            request, queries.STAFF_REFRESH, {"refresh_token": refresh_token}
        )
        return answer if isinstance(answer, dict) and answer.get("success") is True else None

    return await _shared_refresh(refresh_token, renew)


async def _renewed(request: Request, refresh_token: str, wanted: str | None) -> Member | None:
    if refresh_token.startswith(PROVIDER_PREFIX):
        settings = service_state(request).settings
        provided = await _shared_refresh(
            refresh_token,
            lambda: supabase_auth.refresh_grant(
                settings, refresh_token.removeprefix(PROVIDER_PREFIX)
            ),
        )
        return None if provided is None else await start_provider_session(request, provided, wanted)
    answer = await _refreshed_session(request, refresh_token)
    return None if answer is None else start_staff_session(request, answer, wanted)


async def start_provider_session(
    request: Request, answer: dict[str, Any], wanted_org: str | None = None
) -> Member | None:
    """The member of a Supabase Auth session (password or refresh grant): its
    clinic from its token, else from its memberships (public.my_memberships,
    asked as the user); its cookies set on the response. None when the
    token is not accepted or names no clinic the user belongs to."""
    state = service_state(request)
    access = str(answer.get("access_token", ""))
    member = member_from_token(access, state, wanted_org)
    if member is None:
        caller = authenticated_caller(access, state)
        if caller is None:
            return None
        try:
            mine = await call(
                request,
                caller,
                queries.MY_MEMBERSHIPS,
                {},
                read_only=True,
                path="/dashboard",
            )
        except ServiceError:  # no sub, or not a role the database admits
            return None
        membership = choose_membership(
            mine.get("memberships") if isinstance(mine, dict) else None, wanted_org
        )
        if membership is None:
            return None
        member = member_from_token(access, state, str(membership["org_id"]))
        if member is None:
            return None
    expires_at = int(member.expires_at or 0)
    refresh = answer.get("refresh_token")
    request.state.dashboard_session_update = SessionUpdate(
        staff_tokens.AccessToken(access, expires_at),
        PROVIDER_PREFIX + str(refresh) if refresh else None,
        12 * 3600 if refresh else None,
        member.org_id,
    )
    return member


def choose_membership(memberships: Any, wanted_org: str | None) -> dict[str, Any] | None:
    """The membership to act in: the organization asked for when the account
    still belongs to it, else the first."""
    if not isinstance(memberships, list) or not memberships:
        return None
    for membership in memberships:
        if isinstance(membership, dict) and membership.get("org_id") == wanted_org:
            return membership
    first = memberships[0]
    return first if isinstance(first, dict) else None


def start_staff_session(
    request: Request, answer: dict[str, Any], wanted_org: str | None = None
) -> Member | None:
    """The member of a sign-in or refresh answer; its cookies are set on the
    response (SessionCookies). None when the account belongs to no clinic."""
    state = service_state(request)
    membership = choose_membership(answer.get("memberships"), wanted_org)
    if membership is None or not staff_tokens.can_issue(state.settings):
        return None
    access = staff_tokens.issue_access_token(
        state.settings,
        account_id=str(answer["account_id"]),
        session_id=str(answer["session_id"]),
        org_id=str(membership["org_id"]),
        staff_role=str(membership["role"]),
    )
    member = member_from_token(access.token, state)
    refresh_token = str(answer["refresh_token"])
    expires = answer.get("refresh_expires_at")
    max_age = _seconds_until(expires) if isinstance(expires, str) else None
    request.state.dashboard_session_update = SessionUpdate(access, refresh_token, max_age)
    return member


def _seconds_until(iso_time: str) -> int | None:
    try:
        moment = datetime.fromisoformat(iso_time.replace("Z", "+00:00"))
    except ValueError:
        return None
    return max(int((moment - datetime.now(UTC)).total_seconds()), 1)


# -- the session of a request ----------------------------------------------------------------
async def session_member(request: Request) -> Member | None:
    """The signed-in member of this request, refreshing the session when its
    access token is expired or about to be; None when signed out (the
    browser's cookies are then cleared with the response)."""
    state = service_state(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    chosen = request.cookies.get(ORG_COOKIE)
    member = None if cookie is None else member_from_token(cookie, state, chosen)
    fresh = member is not None and (
        member.expires_at is None or member.expires_at - time.time() > REFRESH_MARGIN_SECONDS
    )
    refresh_token = request.cookies.get(REFRESH_COOKIE)
    renewable = member is not None and (
        member.session_id is not None or (refresh_token or "").startswith(PROVIDER_PREFIX)
    )
    if member is not None and (fresh or not renewable):
        if await still_active(request, member):
            return member
        forget(request)
        return None
    if refresh_token and len(refresh_token) <= MAX_TOKEN_LENGTH and refresh_token.isascii():
        wanted = member.org_id if member is not None else (chosen or _org_of(cookie, state))
        refreshed = await _renewed(request, refresh_token, wanted)
        if refreshed is not None:
            return refreshed
    if cookie is not None or refresh_token is not None:
        forget(request)
    return None


def _org_of(cookie: str | None, state: ServiceState) -> str | None:
    """The organization an expired access token of ours acted for (to stay in it)."""
    del state
    if not cookie:
        return None
    try:  # signature and expiry unchecked: it only names where to stay
        claims = jwt.decode(cookie, options={"verify_signature": False})
    except jwt.exceptions.InvalidTokenError:
        return None
    metadata = claims.get("app_metadata") if isinstance(claims, dict) else None
    return _uuid(metadata.get("org_id")) if isinstance(metadata, dict) else None


def has_session_cookie(request: Request) -> bool:
    return SESSION_COOKIE in request.cookies or REFRESH_COOKIE in request.cookies


def start_token_session(request: Request, member: Member) -> None:
    """A session of an identity provider's token (posted to the sign-in form)."""
    access = staff_tokens.AccessToken(member.token, int(member.expires_at or 0))
    request.state.dashboard_session_update = SessionUpdate(access)


def forget(request: Request) -> None:
    """The response clears the session's cookies."""
    request.state.dashboard_session_update = SessionUpdate()


async def sign_out(request: Request) -> None:
    """End the session on the server: its refresh family revoked (Supabase:
    its logout), its access token refused from now on (an identity
    provider's too); cookies cleared."""
    state = service_state(request)
    access = request.cookies.get(SESSION_COOKIE)
    refresh_token = request.cookies.get(REFRESH_COOKIE)
    if refresh_token and refresh_token.startswith(PROVIDER_PREFIX):
        if access:
            await supabase_auth.logout(state.settings, access)
    elif refresh_token:
        await call_as_service(request, queries.STAFF_SIGN_OUT, {"refresh_token": refresh_token})
    if refresh_token:
        _forget_renewals(refresh_token)
    chosen = request.cookies.get(ORG_COOKIE)
    member = None if access is None else member_from_token(access, state, chosen)
    if member is not None and member.expires_at is not None:
        params = {"access_token": member.token, "expires_at": member.expires_at}
        await call_as_service(request, queries.SIGN_OUT_ACCESS_TOKEN, params)
    forget(request)


def apply_session_update(request: Request, response: Response) -> None:
    """Set or clear the session's cookies on the response, as the request decided."""
    update: SessionUpdate | None = getattr(request.state, _UPDATE, None)
    if update is None:
        return
    _set_cookies(update, response, secure_cookies(request))


def _set_cookies(update: SessionUpdate, response: Response, secure: bool) -> None:
    if update.access is None:
        for name in (SESSION_COOKIE, REFRESH_COOKIE, ORG_COOKIE):
            response.delete_cookie(
                name, path=SESSION_PATH, httponly=True, samesite="strict", secure=secure
            )
        return
    access_age = max(int(update.access.expires_at - time.time()) + auth.ALLOWED_SKEW_SECONDS, 1)
    if update.refresh_token is not None:
        # The access cookie outlives its token: an expired token still names
        # the organization to stay in when the refresh token renews it.
        access_age = max(access_age, update.refresh_max_age or access_age)
        response.set_cookie(
            REFRESH_COOKIE,
            update.refresh_token,
            max_age=update.refresh_max_age,
            path=SESSION_PATH,
            httponly=True,
            samesite="strict",
            secure=secure,
        )
    if update.org_id is not None:
        response.set_cookie(
            ORG_COOKIE,
            update.org_id,
            max_age=access_age,
            path=SESSION_PATH,
            httponly=True,
            samesite="strict",
            secure=secure,
        )
    response.set_cookie(
        SESSION_COOKIE,
        update.access.token,
        max_age=access_age,
        path=SESSION_PATH,
        httponly=True,
        samesite="strict",
        secure=secure,
    )


class SessionCookies:
    """ASGI middleware of the pages: whatever the endpoint answers (a page,
    a redirect, the live stream), it carries the cookies its request decided
    (a refreshed session, a sign-out)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                update = scope.get("state", {}).get(_UPDATE)
                if isinstance(update, SessionUpdate):
                    carrier = Response()
                    _set_cookies(update, carrier, secure_cookies(Request(scope)))
                    headers = MutableHeaders(scope=message)
                    for name, value in carrier.raw_headers:
                        if name == b"set-cookie":
                            headers.append("set-cookie", value.decode("latin-1"))
            await send(message)

        await self.app(scope, receive, send_with_cookies)
