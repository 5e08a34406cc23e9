"""HTTP endpoints: /rest/v1/rpc/{fn}, /rest/v1/ (OpenAPI), other /rest/v1 paths, /health.

Every /rest/v1 request first passes Supabase's gateway check (apikey) and
PostgREST's JWT check; PostgREST sees the path without the /rest/v1 prefix.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from shim import queries
from shim.gateway import auth, errors, openapi, rpc
from shim.gateway.request_context import api_key_authorization, request_context
from shim.gateway.rpc_request import RawRequest, parse, require_openapi, schema_for
from shim.gateway.state import GatewayState
from shim.gateway.transaction import request_transaction
from shim.http_input.request_body import BodyTooLarge, ClientDisconnect, read_body


def gateway(request: Request) -> GatewayState:
    state: GatewayState = request.app.state.gateway
    return state


async def _body(request: Request, limit: int) -> bytes:
    try:
        return await read_body(request, limit)
    except BodyTooLarge:
        raise errors.request_too_large(limit) from None
    except ClientDisconnect as exc:
        raise errors.invalid_body("Empty or invalid json", "The client disconnected") from exc


async def rpc_endpoint(request: Request) -> Response:
    state = gateway(request)
    method = request.method
    name = request.path_params["name"]
    if method == "OPTIONS":  # a CORS preflight carries no apikey
        schema, _ = schema_for(request.headers, "GET", state.settings)
        overloads = state.require_cache().routines.get((schema, name), ())
        volatile = any(r.is_volatile for r in overloads)
        allow = "OPTIONS,POST" if volatile else "OPTIONS,GET,HEAD,POST"
        return Response(
            status_code=200, headers={"Allow": allow, "Access-Control-Allow-Origin": "*"}
        )
    caller = auth.authenticate(api_key_authorization(request, state), state.settings)
    if method not in ("GET", "HEAD", "POST"):
        raise errors.invalid_rpc_method(method)
    body = await _body(request, state.settings.max_body_bytes) if method == "POST" else b""
    raw = RawRequest(
        method=method,
        function=name,
        query=request.query_params.multi_items(),
        headers=request.headers,
        prefer=request.headers.getlist("prefer"),
        body=body,
    )
    call = parse(raw, state.settings)
    routine = state.require_cache().find_routine(
        call.schema, call.function, call.keys, json_post=call.json_post
    )
    return await rpc.call(state, routine, call, request_context(request, caller, call.schema))


async def root_endpoint(request: Request) -> Response:
    """GET /rest/v1/: the OpenAPI document of the functions the caller may execute."""
    state = gateway(request)
    if request.method == "OPTIONS":
        return Response(headers={"Allow": "OPTIONS,GET,HEAD", "Access-Control-Allow-Origin": "*"})
    caller = auth.authenticate(api_key_authorization(request, state), state.settings)
    if request.method not in ("GET", "HEAD"):
        raise errors.unsupported_method(request.method)
    schema, by_profile = schema_for(request.headers, request.method, state.settings)
    require_openapi(request.headers.get("accept"))
    cache = state.require_cache()
    routines = cache.routines_in(schema)
    context = request_context(request, caller, schema)
    async with request_transaction(state, context, read_only=True) as conn:
        cursor = await conn.execute(
            queries.GATEWAY_EXECUTABLE_ROUTINES, {"oids": [r.oid for r in routines]}
        )
        executable = {row[0] for row in await cursor.fetchall()}
    doc = openapi.document(
        (r for r in routines if r.oid in executable),
        schema_description=cache.schema_descriptions.get(schema),
        host=request.headers.get("host", "localhost"),
        scheme=request.url.scheme,
    )
    headers = {"Content-Type": "application/openapi+json; charset=utf-8"}
    if by_profile:
        headers["Content-Profile"] = schema
    body = b"" if request.method == "HEAD" else json.dumps(doc, ensure_ascii=False).encode()
    return Response(body, headers=headers)


async def resource_endpoint(request: Request) -> Response:
    """Any other /rest/v1 path: this gateway exposes no tables or views."""
    state = gateway(request)
    auth.authenticate(api_key_authorization(request, state), state.settings)
    path: str = request.path_params["path"]
    if not path or "/" in path.rstrip("/"):
        raise errors.invalid_resource_path()
    schema, _ = schema_for(request.headers, request.method, state.settings)
    raise errors.table_not_found(schema, path.rstrip("/"))


async def health_endpoint(request: Request) -> Response:
    """For load balancers: 200 when the schema cache is loaded and the database answers."""
    state = gateway(request)
    checks: dict[str, Any] = {"schema_cache": state.cache is not None, "database": False}
    try:
        async with state.pool.connection(
            timeout=min(state.settings.pool_acquisition_timeout, 2)
        ) as conn:
            await conn.execute(queries.GATEWAY_HEALTH)
        checks["database"] = True
    except Exception:  # any failure means "not healthy"
        checks["database"] = False
    healthy = checks["schema_cache"] and checks["database"]
    return JSONResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status_code=200 if healthy else 503,
    )
