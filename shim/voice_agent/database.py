"""One SQL statement in one gateway request transaction.

The voice-agent routes run their SQL exactly as the REST gateway runs a
call (shim.gateway.transaction): the role's own settings, `role` and
`request.jwt.claims` set with set_config(..., true), everything rolled back
on error. Tools act as `authenticated` for the resolved organization, so the
SQL functions' tenant checks (booking.assert_org_access) guard every id the
language model passes; tenant resolution and call reports act as
service_role. Database failures arrive as the gateway's ApiError.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, LiteralString

from shim.gateway.auth import Caller
from shim.gateway.state import GatewayState
from shim.gateway.transaction import RequestContext, request_transaction

SERVICE_CALLER = Caller(role="service_role", claims={"role": "service_role"}, authorization=None)


def organization_caller(org_id: uuid.UUID) -> Caller:
    """A member of one organization, as a clinic user's JWT would say."""
    claims = {"role": "authenticated", "app_metadata": {"org_id": str(org_id)}}
    return Caller(role="authenticated", claims=claims, authorization=None)


async def call_function(
    state: GatewayState,
    caller: Caller,
    path: str,
    statement: LiteralString,
    parameters: Mapping[str, Any],
    *,
    read_only: bool,
) -> Any:
    """The single value `statement` selects (a function's JSON answer)."""
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
