"""Running a page's SQL as its caller: the service's request transaction
(role, request.jwt.claims and request settings as PostgREST sets them), so
the functions' own checks and RLS decide, as for a REST call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString, Protocol

from starlette.requests import Request

from shim import queries
from shim.service.auth import Caller
from shim.service.request_context import request_context
from shim.service.state import ServiceState, service_state
from shim.service.transaction import call_as_service_role, request_transaction


class OrganizationMember(Protocol):
    """A signed-in member (shim.web.session.Member): who calls, for which clinic."""

    @property
    def caller(self) -> Caller: ...

    @property
    def org_id(self) -> str: ...


def anonymous(state: ServiceState) -> Caller:
    """The patient page's caller: anon, as a REST call without a JWT."""
    role = state.settings.anon_role
    return Caller(role, {"role": role}, None)


async def call(
    request: Request,
    caller: Caller,
    statement: LiteralString,
    params: Mapping[str, Any],
    *,
    read_only: bool,
    path: str,
) -> Any:
    """The first column of the statement's one row (a function's answer).

    `path` is what request.path says in the transaction; the patient page
    passes one without its token."""
    state = service_state(request)
    method = "GET" if read_only else "POST"
    context = request_context(
        request, caller, state.settings.default_schema, method=method, path=path
    )
    async with request_transaction(state, context, read_only=read_only) as conn:
        cursor = await conn.execute(statement, params)
        row = await cursor.fetchone()
    return None if row is None else row[0]


async def call_as_service(
    request: Request, statement: LiteralString, params: Mapping[str, Any]
) -> Any:
    """A function's answer as service_role: what the pages do on a person's
    behalf before there is a member to act as (sign-in, invitations)."""
    return await call_as_service_role(service_state(request), statement, params)


async def organization_answer(
    request: Request,
    member: OrganizationMember,
    statement: LiteralString,
    params: Mapping[str, Any],
    *,
    read_only: bool,
    path: str = "/dashboard",
) -> dict[str, Any]:
    """A member's call of a function of their organization (`org_id` added to
    the parameters): its JSON object, or INVALID_INPUT when it answered none."""
    answer = await call(
        request,
        member.caller,
        statement,
        {"org_id": member.org_id, **params},
        read_only=read_only,
        path=path,
    )
    return answer if isinstance(answer, dict) else {"success": False, "error": "INVALID_INPUT"}


async def feed_position(
    request: Request, member: OrganizationMember, *, path: str = "/dashboard"
) -> str:
    """The organization's live-feed position now. A live page reads it before
    its data: the page's script replays every event after it, so a change
    committed while the page is read is not missed."""
    position = await call(
        request,
        member.caller,
        queries.WEB_DASHBOARD_FEED_POSITION,
        {"org_id": member.org_id},
        read_only=True,
        path=path,
    )
    return str(position)
