"""The settings each request's transaction starts with, as PostgREST sets them.

Order matters and is PostgREST's: search_path, the role's own settings
(ALTER ROLE ... SET, which SET ROLE does not apply), role,
request.jwt.claims, request.method, request.path, request.headers,
request.cookies, then the function's hoisted settings (statement_timeout).
All are transaction-local: set_config(name, value, true).
"""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import PoolClosed, PoolTimeout

from shim import queries
from shim.gateway import errors
from shim.gateway.auth import Caller
from shim.gateway.schema_cache import SchemaCache
from shim.gateway.settings import GatewaySettings
from shim.gateway.state import GatewayState


@dataclass(frozen=True)
class RequestContext:
    caller: Caller
    schema: str
    method: str
    path: str  # as PostgREST behind Supabase sees it, e.g. /rpc/book_appointment_atomic
    headers: Mapping[str, str]  # lower-case names, without cookie
    cookies: Mapping[str, str]


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def settings_for(
    context: RequestContext,
    settings: GatewaySettings,
    cache: SchemaCache,
    hoisted: Sequence[tuple[str, str]] = (),
) -> list[tuple[str, str]]:
    search_path = ", ".join(quote_ident(s) for s in (context.schema, *settings.extra_search_path))
    return [
        ("search_path", search_path),
        *cache.role_settings.get(context.caller.role, ()),
        ("role", context.caller.role),
        ("request.jwt.claims", _json(dict(context.caller.claims))),
        ("request.method", context.method),
        ("request.path", context.path),
        ("request.headers", _json(dict(context.headers))),
        ("request.cookies", _json(dict(context.cookies))),
        *hoisted,
    ]


@functools.lru_cache(maxsize=64)
def _settings_statement(count: int) -> bytes:
    """`select set_config(%s, %s, true), ...` for `count` settings, composed once."""
    items = sql.SQL(", ").join([queries.GATEWAY_SET_CONFIG] * count)
    return queries.GATEWAY_SELECT.format(items=items).as_bytes(None)


async def begin(
    conn: psycopg.AsyncConnection[Any], items: Sequence[tuple[str, str]], *, read_only: bool
) -> None:
    """First statements of the request's transaction (call inside conn.transaction())."""
    if read_only:
        await conn.execute(queries.GATEWAY_READ_ONLY)
    await conn.execute(_settings_statement(len(items)), [value for item in items for value in item])


def parse_cookies(header: str | None) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for part in (header or "").split(";"):
        name, separator, value = part.strip().partition("=")
        if separator and name:
            cookies[name] = value
    return cookies


@asynccontextmanager
async def request_transaction(
    state: GatewayState,
    context: RequestContext,
    *,
    read_only: bool,
    hoisted: Sequence[tuple[str, str]] = (),
) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    """One transaction for one request; database failures become PostgREST errors.

    The caller's role must be one the login may switch to (not the login
    itself, not a superuser; SchemaCache.switchable_roles): any other role
    claim answers 401/403 before a connection is taken.

    Leaving the block with an exception rolls the transaction back.

    The connection is in pipeline mode: BEGIN, the request settings and the
    block's first statement reach the server in one round trip (its results
    are read when the block first fetches), and COMMIT in a second one once
    the block is done. Four round trips per request were the gateway's
    largest cost (each one a wake-up of the server process and of ours).

    A writing transaction also reads, with its COMMIT, the wake-ups it owes
    (booking.notify_after_commit), and hands them to the process's
    after-commit notifier once committed: no NOTIFY in the transaction itself
    (shim/database/after_commit.py).
    """
    cache = state.require_cache()
    authenticated = not context.caller.is_anonymous(state.settings)
    role = context.caller.role
    if role not in cache.switchable_roles:
        exists = role in cache.existing_roles
        raise errors.role_not_allowed(role, exists=exists, authenticated=authenticated)
    items = settings_for(context, state.settings, cache, hoisted)
    owed: psycopg.AsyncCursor[Any] | None = None
    try:
        timeout = state.settings.pool_acquisition_timeout
        async with (
            state.pool.connection(timeout=timeout) as conn,
            conn.pipeline(),
            conn.transaction(),
        ):
            await begin(conn, items, read_only=read_only)
            yield conn
            if not read_only and state.after_commit is not None:
                owed = await conn.execute(queries.AFTER_COMMIT_OWED)
        if owed is not None and state.after_commit is not None:
            row = await owed.fetchone()
            state.after_commit.owe(row[0] if row else None)
    except PoolTimeout as exc:
        raise errors.pool_timeout() from exc
    except PoolClosed as exc:
        raise errors.connection_lost("the connection pool is closed") from exc
    except psycopg.Error as exc:
        raise errors.from_database_error(exc, authenticated=authenticated) from exc
