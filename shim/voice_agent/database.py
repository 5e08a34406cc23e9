"""The voice agent's SQL: one statement in one transaction.

The tools run their SQL exactly as the REST gateway runs a call
(shim.service.request_transaction): `role` and `request.jwt.claims` set with
set_config(..., true), everything rolled back on error. Tools act as
`authenticated` for the resolved organization, so the SQL functions' tenant
checks (booking.assert_org_access) guard every id the language model passes;
join_waitlist, which takes no id from the model, acts as service_role (the
SQL records its entries as the patient's own, by phone).
Tenant resolution and call reports are the service's own business and run
as service_role (shim.service.transaction.call_as_service_role). Database failures
arrive as ServiceErrors.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, LiteralString

from psycopg.types.json import Json

from shim import queries
from shim.service.auth import Caller
from shim.service.state import ServiceState
from shim.service.transaction import RequestContext, request_transaction


def organization_caller(org_id: uuid.UUID) -> Caller:
    """A member of one organization, as a clinic user's JWT would say."""
    claims = {"role": "authenticated", "app_metadata": {"org_id": str(org_id)}}
    return Caller(role="authenticated", claims=claims, authorization=None)


def service_role_caller() -> Caller:
    """The service itself (the organization stays the resolved one: the tools
    pass it as p_org_id, never the model)."""
    return Caller(role="service_role", claims={"role": "service_role"}, authorization=None)


async def call_function(
    state: ServiceState,
    caller: Caller,
    path: str,
    statement: LiteralString,
    parameters: Mapping[str, Any],
    *,
    read_only: bool,
) -> Any:
    """The single value `statement` selects (a function's JSON answer), as `caller`."""
    context = RequestContext(
        caller=caller,
        schema=state.settings.default_schema,
        method="POST",
        path=path,
        headers={},  # the request's headers carry the webhook secret: not passed on
        cookies={},
    )
    async with request_transaction(state, context, read_only=read_only) as conn:
        cursor = await conn.execute(statement, parameters)
        row = await cursor.fetchone()
    return row[0] if row else None


async def call_function_once(
    state: ServiceState,
    caller: Caller,
    path: str,
    statement: LiteralString,
    parameters: Mapping[str, Any],
    *,
    tool: str,
    tool_call_id: str,
) -> Any:
    """As call_function, once per tool call id: the first answer of a repeated
    id, without running the statement again (public.begin_voice_tool_call and
    finish_voice_tool_call, in the statement's transaction)."""
    context = RequestContext(
        caller=caller,
        schema=state.settings.default_schema,
        method="POST",
        path=path,
        headers={},
        cookies={},
    )
    key = {"org_id": parameters["org_id"], "tool_call_id": tool_call_id, "tool": tool}
    async with request_transaction(state, context, read_only=False) as conn:
        cursor = await conn.execute(queries.VOICE_BEGIN_TOOL_CALL, key)
        row = await cursor.fetchone()
        if row is not None and row[0] is not None:
            return row[0]  # the first answer (or the function's refusal)
        cursor = await conn.execute(statement, parameters)
        row = await cursor.fetchone()
        answer = row[0] if row else None
        if isinstance(answer, dict):
            await conn.execute(queries.VOICE_FINISH_TOOL_CALL, {**key, "answer": Json(answer)})
    return answer
