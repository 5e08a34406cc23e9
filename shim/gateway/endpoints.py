"""HTTP endpoints: /rest/v1/rpc/{fn}, /rest/v1/ (OpenAPI), other /rest/v1 paths.

Every /rest/v1 request first passes Supabase's gateway check (apikey) and
PostgREST's JWT check; PostgREST sees the path without the /rest/v1 prefix.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.gateway import errors, openapi, rpc
from shim.gateway.rpc_request import RawRequest, parse, require_openapi, schema_for
from shim.gateway.schema_cache import SchemaCache
from shim.http_input.request_body import BodyTooLarge, ClientDisconnect, read_body
from shim.service import auth
from shim.service import errors as service_errors
from shim.service.request_context import api_key_authorization, request_context
from shim.service.state import service_state
from shim.service.transaction import request_transaction


def schema_cache(request: Request) -> SchemaCache:
    """The gateway's schema cache (kept in its surface's state); 503 until read."""
    cache: SchemaCache | None = request.app.state.gateway_catalog.cache
    if cache is None:
        raise service_errors.catalog_not_ready()
    return cache


async def _body(request: Request, limit: int) -> bytes:
    try:
        return await read_body(request, limit)
    except BodyTooLarge:
        raise service_errors.request_too_large(limit) from None
    except ClientDisconnect as exc:
        raise errors.invalid_body("Empty or invalid json", "The client disconnected") from exc


async def rpc_endpoint(request: Request) -> Response:
    state = service_state(request)
    method = request.method
    name = request.path_params["name"]
    if method == "OPTIONS":  # a CORS preflight carries no apikey
        schema, _ = schema_for(request.headers, "GET", state.settings)
        overloads = schema_cache(request).routines.get((schema, name), ())
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
    routine = schema_cache(request).find_routine(
        call.schema, call.function, call.keys, json_post=call.json_post
    )
    return await rpc.call(state, routine, call, request_context(request, caller, call.schema))


async def root_endpoint(request: Request) -> Response:
    """GET /rest/v1/: the OpenAPI document of the functions the caller may execute."""
    state = service_state(request)
    if request.method == "OPTIONS":
        return Response(headers={"Allow": "OPTIONS,GET,HEAD", "Access-Control-Allow-Origin": "*"})
    caller = auth.authenticate(api_key_authorization(request, state), state.settings)
    if request.method not in ("GET", "HEAD"):
        raise service_errors.unsupported_method(request.method)
    schema, by_profile = schema_for(request.headers, request.method, state.settings)
    require_openapi(request.headers.get("accept"))
    cache = schema_cache(request)
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
    state = service_state(request)
    auth.authenticate(api_key_authorization(request, state), state.settings)
    path: str = request.path_params["path"]
    if not path or "/" in path.rstrip("/"):
        raise errors.invalid_resource_path()
    schema, _ = schema_for(request.headers, request.method, state.settings)
    raise errors.table_not_found(schema, path.rstrip("/"))
