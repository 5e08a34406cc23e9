"""Calling a function and shaping the answer as PostgREST does.

The statement is PostgREST's main query for a function call: arguments are
read with json_to_record (so PostgreSQL converts JSON to the parameter
types), the function is called by its cached, quoted name with named
arguments, and PostgreSQL renders the JSON body. Results: a scalar or json
as the bare value, a composite as an object, SETOF/TABLE as an array, void
as 204 without a body.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from psycopg import sql
from starlette.responses import Response

from shim.gateway import errors, rpc_sql
from shim.gateway.rpc_request import Output, RpcRequest
from shim.gateway.schema_cache import ReturnShape, Routine
from shim.http_input.whole_numbers import whole_number
from shim.service import metrics
from shim.service.errors import ServiceError
from shim.service.state import ServiceState
from shim.service.transaction import RequestContext, request_transaction


@dataclass(frozen=True)
class _Shape:
    """What the statement's text depends on, besides the routine."""

    keys: frozenset[str]  # the argument names given
    body_argument: bool  # the whole JSON body is the single unnamed json argument
    single: bool  # one value or row, not an array
    strip_nulls: bool
    counts_rows: bool


def _arguments(routine: Routine, shape: _Shape) -> tuple[sql.Composable, bool]:
    """The argument list of the call and whether it reads pgrst_body."""
    unnamed = routine.single_unnamed_json_param
    if unnamed is not None and shape.body_argument:
        return rpc_sql.BODY_ARGUMENT.format(type=unnamed.type.sql()), False
    given = [p for p in routine.params if p.name in shape.keys]
    items = [
        (rpc_sql.VARIADIC_ARGUMENT if p.variadic else rpc_sql.NAMED_ARGUMENT).format(
            name=sql.Identifier(p.name)
        )
        for p in given
    ]
    return sql.SQL(", ").join(items), bool(given)


def _body(routine: Routine, shape: _Shape) -> sql.Composable:
    stripped = shape.strip_nulls
    if routine.shape is ReturnShape.ROW:
        if shape.single:
            return rpc_sql.BODY_ROW_STRIPPED if stripped else rpc_sql.BODY_ROW
        return rpc_sql.BODY_ROWS_STRIPPED if stripped else rpc_sql.BODY_ROWS
    return rpc_sql.BODY_SCALAR if shape.single else rpc_sql.BODY_SCALARS


# The text depends only on the routine and the request's shape, so it is
# composed (identifiers quoted) once per shape: composing it was a tenth of
# the gateway's CPU per request. A schema cache reload makes new Routine
# objects, so entries of replaced functions are never found again.
@functools.lru_cache(maxsize=1024)
def _statement_text(routine: Routine, shape: _Shape) -> tuple[bytes, bool]:
    """The statement's text and whether it reads the arguments from the body."""
    function = sql.Identifier(routine.schema, routine.name)
    arguments, reads_body = _arguments(routine, shape)
    if routine.shape is ReturnShape.ROW:
        call = rpc_sql.ROW_CALL.format(function=function, arguments=arguments)
        projection = rpc_sql.ROW_PROJECTION
    else:
        call = rpc_sql.SCALAR_CALL.format(function=function, arguments=arguments)
        projection = rpc_sql.SCALAR_PROJECTION
    if reads_body:
        columns = sql.SQL(", ").join(
            rpc_sql.COLUMN.format(name=sql.Identifier(p.name), type=p.type.sql())
            for p in routine.params
            if p.name in shape.keys
        )
        source = rpc_sql.SOURCE_WITH_ARGUMENTS.format(
            projection=projection,
            arguments=rpc_sql.ARGUMENTS,
            columns=columns,
            call=call,
        )
    else:
        source = rpc_sql.SOURCE.format(projection=projection, call=call)
    total = rpc_sql.TOTAL_COUNT if shape.counts_rows else rpc_sql.NO_TOTAL_COUNT
    query = rpc_sql.STATEMENT.format(source=source, total_count=total, body=_body(routine, shape))
    return query.as_bytes(None), reads_body


def statement(routine: Routine, rpc: RpcRequest) -> tuple[bytes, dict[str, Any]]:
    """The call of `routine` for this request, with its parameters."""
    unnamed = routine.single_unnamed_json_param
    shape = _Shape(
        keys=rpc.keys,
        body_argument=unnamed is not None and rpc.json_post and not routine.matches(rpc.keys),
        single=rpc.media.output is Output.OBJECT or not routine.returns_set,
        strip_nulls=rpc.media.strip_nulls,
        counts_rows=rpc.preferences.counts_rows,
    )
    text, reads_body = _statement_text(routine, shape)
    params: dict[str, Any] = {"limit": rpc.limit, "offset": rpc.offset}
    if reads_body or unnamed is not None:
        params["arguments"] = rpc.arguments(frozenset(p.name for p in routine.params if p.variadic))
    return text, params


def content_range(lower: int, page_count: int, total: int | None) -> tuple[int, str]:
    """PostgREST's rangeStatusHeader: the status and the Content-Range value."""
    upper = lower + page_count - 1
    in_range = lower <= upper and total != 0
    header = f"{lower}-{upper}" if in_range else "*"
    header += "/" + ("*" if total is None else str(total))
    if total is None:
        return 200, header
    if lower > total:
        return 416, header
    if (1 + upper - lower) < total:
        return 206, header
    return 200, header


def _guc_headers(raw: str | None) -> dict[str, str]:
    """response.headers: a JSON array of one-key objects with string values."""
    if raw is None:
        return {}
    try:
        items = json.loads(raw)
        if not isinstance(items, list):
            raise TypeError(raw)
        headers: dict[str, str] = {}
        for item in items:
            if not isinstance(item, dict) or len(item) != 1:
                raise TypeError(raw)
            ((name, value),) = item.items()
            if not isinstance(value, str):
                raise TypeError(raw)
            headers[name] = value
    except (ValueError, TypeError) as exc:
        raise ServiceError(
            500,
            "PGRST111",
            "response.headers guc must be a JSON array composed of objects with a single key "
            "and a string value",
        ) from exc
    return headers


def _guc_status(raw: str | None) -> int | None:
    if raw is None:
        return None
    status = whole_number(raw.strip())
    if status is None or not 100 <= status <= 599:
        raise ServiceError(500, "PGRST112", "response.status guc must be a valid status code")
    return status


@dataclass(frozen=True)
class CallResult:
    total_count: int | None
    page_count: int
    body: str
    response_headers: str | None
    response_status: str | None


def respond(routine: Routine, rpc: RpcRequest, result: CallResult) -> Response:
    """The HTTP answer; raises ApiError (rolling the call back) when it cannot be given."""
    if rpc.media.output is Output.OBJECT and result.page_count != 1:
        raise errors.singularity_error(result.page_count)
    status, range_header = content_range(rpc.offset, result.page_count, result.total_count)
    if status == 416:
        raise errors.invalid_range(
            f"An offset of {rpc.offset} was requested, "
            f"but there are only {result.total_count} rows."
        )
    headers: dict[str, str] = {"Content-Range": range_header}
    body: bytes = b""
    if routine.shape is ReturnShape.VOID:
        status = 204
    else:
        headers["Content-Type"] = rpc.media.content_type
        if rpc.negotiated_by_profile:
            headers["Content-Profile"] = rpc.schema
        if rpc.method != "HEAD":
            body = result.body.encode()
    if (applied := rpc.preferences.applied()) is not None:
        headers["Preference-Applied"] = applied
    overrides: Mapping[str, str] = _guc_headers(result.response_headers)
    headers = {
        **{k: v for k, v in headers.items() if k.lower() not in _lower(overrides)},
        **overrides,
    }
    status = _guc_status(result.response_status) or status
    return Response(body, status_code=status, headers=headers)


def _lower(headers: Mapping[str, str]) -> set[str]:
    return {name.lower() for name in headers}


async def call(
    state: ServiceState, routine: Routine, rpc: RpcRequest, context: RequestContext
) -> Response:
    query, params = statement(routine, rpc)
    read_only = rpc.read_only_method or not routine.is_volatile
    counted = routine.name if routine.schema == "public" else ""
    try:
        async with request_transaction(
            state, context, read_only=read_only, hoisted=routine.hoisted_settings
        ) as conn:
            cursor = await conn.execute(query, params)
            row = await cursor.fetchone()
            assert row is not None  # an aggregate query always returns a row
            result = CallResult(*row)
            response = respond(routine, rpc, result)
    except ServiceError as exc:
        metrics.record_booking_error(counted, "gateway", exc.code)
        raise
    metrics.record_booking_body(counted, "gateway", result.body)
    return response
