"""Transactions as a database role, with their owed wake-ups sent after commit.

`request_transaction`: one transaction as a request's caller, for every
surface that runs SQL as its client (REST, the live feed, the pages, the
voice agent's tools). `service_role_transaction`: one as service_role, for
what the service does on its own behalf (webhooks, the hold sweeper, the
voice agent's tenant lookups and call reports).

The settings each request's transaction starts with, as PostgREST sets them.

Order matters and is PostgREST's: search_path, the role's own settings
(ALTER ROLE ... SET, which SET ROLE does not apply), role,
request.jwt.claims, request.method, request.path, request.headers,
request.cookies, then the function's hoisted settings (statement_timeout).
All are transaction-local: set_config(name, value, true).
"""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool, PoolClosed, PoolTimeout

from shim import queries
from shim.database.after_commit import AfterCommitNotifier
from shim.service import errors
from shim.service.auth import Caller
from shim.service.login_roles import LoginRoles
from shim.service.settings import ServiceSettings
from shim.service.state import ServiceState


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
    settings: ServiceSettings,
    roles: LoginRoles,
    hoisted: Sequence[tuple[str, str]] = (),
) -> list[tuple[str, str]]:
    search_path = ", ".join(quote_ident(s) for s in (context.schema, *settings.extra_search_path))
    return [
        ("search_path", search_path),
        *roles.role_settings.get(context.caller.role, ()),
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
    items = sql.SQL(", ").join([queries.SET_CONFIG] * count)
    return queries.SELECT_ITEMS.format(items=items).as_bytes(None)


async def begin(
    conn: psycopg.AsyncConnection[Any], items: Sequence[tuple[str, str]], *, read_only: bool
) -> None:
    """First statements of the request's transaction (call inside conn.transaction())."""
    if read_only:
        await conn.execute(queries.READ_ONLY_TRANSACTION)
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
    state: ServiceState,
    context: RequestContext,
    *,
    read_only: bool,
    hoisted: Sequence[tuple[str, str]] = (),
) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    """One transaction for one request; database failures become ServiceErrors.

    The caller's role must be one the login may switch to (not the login
    itself, not a superuser; LoginRoles.switchable_roles): any other role
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
    roles = state.require_roles()
    authenticated = not context.caller.is_anonymous(state.settings)
    role = context.caller.role
    if role not in roles.switchable_roles:
        exists = role in roles.existing_roles
        raise errors.role_not_allowed(role, exists=exists, authenticated=authenticated)
    items = settings_for(context, state.settings, roles, hoisted)
    owed: psycopg.AsyncCursor[Any] | None = None
    with database_errors(authenticated=authenticated):
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


@contextmanager
def database_errors(*, authenticated: bool) -> Iterator[None]:
    """Database failures inside the block as ServiceErrors (PostgREST's mapping)."""
    try:
        yield
    except PoolTimeout as exc:
        raise errors.pool_timeout() from exc
    except PoolClosed as exc:
        raise errors.connection_lost("the connection pool is closed") from exc
    except psycopg.Error as exc:
        raise errors.from_database_error(exc, authenticated=authenticated) from exc


def _owe(after_commit: AfterCommitNotifier | None, owed: tuple[Any, ...] | None) -> None:
    if after_commit is not None and owed:
        after_commit.owe(owed[0])


@asynccontextmanager
async def service_role_transaction(
    pool: AsyncConnectionPool[Any], after_commit: AfterCommitNotifier | None
) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    """One transaction as service_role on a connection of `pool`, whose
    owed wake-ups go to `after_commit` once it has committed.

    SET LOCAL ROLE, so any login that may switch to service_role will do
    (the service's `authenticator`, the owner); no request settings or
    claims: the functions see service_role as their caller. psycopg errors
    pass through unchanged, for the caller to answer as its surface does.
    Leaving the block with an exception rolls the transaction back and
    owes nothing.
    """
    async with pool.connection() as conn:
        async with conn.transaction():
            await conn.execute(queries.ACT_AS_SERVICE_ROLE)
            yield conn
            owed = await (await conn.execute(queries.AFTER_COMMIT_OWED)).fetchone()
        _owe(after_commit, owed)


async def call_as_service_role(
    state: ServiceState, statement: LiteralString, parameters: Mapping[str, Any]
) -> Any:
    """The single value `statement` selects (a function's answer), as
    service_role; its wake-ups sent after commit, database failures as
    ServiceErrors."""
    with database_errors(authenticated=True):
        async with service_role_transaction(state.pool, state.after_commit) as conn:
            cursor = await conn.execute(statement, parameters)
            row = await cursor.fetchone()
    return row[0] if row else None
