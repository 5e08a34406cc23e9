"""From an HTTP request to what its SQL transaction sees, for every route that
runs SQL as the client (the /rest/v1 endpoints, the live event feed, the
pages).

The apikey is Supabase's gateway check: a header or `?apikey=`, and the
bearer token when no Authorization header is sent. The database never sees
the apikey or the cookie header (Supabase's gateway hides the apikey from
PostgREST; cookies are passed parsed, as request.cookies).
"""

from __future__ import annotations

from starlette.requests import Request

from shim.service import auth
from shim.service.auth import Caller
from shim.service.state import ServiceState
from shim.service.transaction import RequestContext, parse_cookies

REST_PREFIX = "/rest/v1"
HIDDEN_HEADERS = frozenset({"cookie", "apikey"})


def request_api_key(request: Request) -> str | None:
    """The apikey the client sent: the header, else the query parameter."""
    return request.headers.get("apikey") or request.query_params.get("apikey")


def api_key_authorization(request: Request, state: ServiceState) -> str | None:
    """The apikey check (401 without a project key); the Authorization value
    to verify, the apikey as bearer token when the header is absent."""
    apikey = request_api_key(request)
    auth.check_api_key(apikey, state.settings)
    return request.headers.get("authorization") or f"Bearer {apikey}"


def request_context(
    request: Request,
    caller: Caller,
    schema: str,
    *,
    method: str | None = None,
    path: str | None = None,
) -> RequestContext:
    """The request as its transaction's settings describe it: the headers
    without HIDDEN_HEADERS (plus the verified Authorization), the cookies,
    and the path as PostgREST sees it (without /rest/v1) unless given."""
    if path is None:
        raw_path: bytes | None = request.scope.get("raw_path")
        full_path = raw_path.decode("latin-1") if raw_path else request.url.path
        path = full_path.removeprefix(REST_PREFIX) or "/"
    headers = {
        name.lower(): value
        for name, value in request.headers.items()
        if name.lower() not in HIDDEN_HEADERS
    }
    if caller.authorization is not None:
        headers["authorization"] = caller.authorization
    return RequestContext(
        caller=caller,
        schema=schema,
        method=method or request.method,
        path=path,
        headers=headers,
        cookies=parse_cookies(request.headers.get("cookie")),
    )
