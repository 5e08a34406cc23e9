"""The Starlette application: `create_app(settings, extra_routes, background_tasks)`.

Later features plug in here: `extra_routes` are served next to /rest/v1
(they are not behind the apikey check, e.g. signed webhooks), and each of
`background_tasks` is started with the application and cancelled when it
stops (e.g. a worker that sends queued SMS), sharing the gateway's pool.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from shim import queries
from shim.database.after_commit import AfterCommitNotifier
from shim.database.listen_connection import backoff, listen_forever
from shim.gateway import endpoints, errors
from shim.gateway.access_log import AccessLogMiddleware
from shim.gateway.auth import with_api_keys
from shim.gateway.settings import GatewaySettings
from shim.gateway.state import SUPERUSER_LOGIN, GatewayState, SuperuserLoginError

log = logging.getLogger("shim.gateway")

BackgroundTask = Callable[[GatewayState], Awaitable[None]]
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)


async def maintain_schema_cache(state: GatewayState) -> None:
    """Load the schema cache, then reload it on NOTIFY pgrst ('reload schema' or '').

    The LISTEN connection reconnects with backoff; after every (re)connect
    the cache is reloaded, since notifications may have been missed.
    """

    async def reload(_conn: object) -> None:
        await state.reload_schema_cache()

    async def on_notify(notify: psycopg.Notify) -> None:
        if notify.payload in ("", "reload schema"):
            await state.reload_schema_cache()

    await listen_forever(
        state.settings.database_url,
        queries.GATEWAY_LISTEN.format(channel=sql.Identifier(state.settings.channel)),
        name="schema cache listener",
        on_listening=reload,
        on_notify=on_notify,
        retry_delay=backoff(_RETRY_SECONDS),
    )


async def refuse_superuser_login(settings: GatewaySettings) -> None:
    """Stop the start (SuperuserLoginError) when the gateway's login is a
    superuser, unless settings.allow_superuser_login. A database that does
    not answer yet is checked again with every schema cache load."""
    if settings.allow_superuser_login:
        return
    try:
        async with await psycopg.AsyncConnection.connect(
            settings.database_url, connect_timeout=5, autocommit=True
        ) as conn:
            cursor = await conn.execute(queries.GATEWAY_LOGIN_ROLES)
            row = await cursor.fetchone()
    except psycopg.OperationalError:
        return
    if row is not None and row[0]:
        log.error("refusing to start: %s", SUPERUSER_LOGIN)
        raise SuperuserLoginError(SUPERUSER_LOGIN)


async def _supervised(task: BackgroundTask, state: GatewayState) -> None:
    name = getattr(task, "__name__", repr(task))
    try:
        await task(state)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("background task %s stopped with an error", name)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.ApiError)
    return exc.response(include_body=request.method != "HEAD")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return errors.no_route().response()
    if exc.status_code == 405:
        return errors.unsupported_method(request.method).response()
    return errors.ApiError(exc.status_code, None, str(exc.detail)).response()


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return errors.internal_error().response()


def create_app(
    settings: GatewaySettings,
    extra_routes: Sequence[BaseRoute] = (),
    background_tasks: Sequence[BackgroundTask] = (),
) -> Starlette:
    settings = with_api_keys(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await refuse_superuser_login(settings)
        pool = AsyncConnectionPool(
            settings.database_url,
            min_size=1,
            max_size=settings.pool_size,
            timeout=settings.pool_acquisition_timeout,
            kwargs={
                "autocommit": True,
                # As PostgREST's db-prepared-statements: every statement is
                # prepared on first use per connection, so the server plans
                # a call's text once (the text is fully qualified and its
                # result columns never change; after DDL the server
                # re-validates the plan). Poolers in transaction mode do not
                # keep prepared statements: DB_PREPARED_STATEMENTS=false.
                "prepare_threshold": 0 if settings.prepared_statements else None,
                "application_name": "clinic-booking-gateway",
            },
            open=False,
            name="gateway",
        )
        await pool.open(wait=False)
        after_commit = AfterCommitNotifier(
            settings.database_url, {"application_name": "clinic-booking-wake-ups"}
        )
        state = GatewayState(settings, pool, after_commit=after_commit)
        app.state.gateway = state
        tasks = [
            asyncio.create_task(maintain_schema_cache(state), name="schema-cache"),
            asyncio.create_task(after_commit.run(), name="after-commit-wake-ups"),
        ]
        tasks += [asyncio.create_task(_supervised(task, state)) for task in background_tasks]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await pool.close()

    routes: list[BaseRoute] = [
        *extra_routes,
        Route("/health", endpoints.health_endpoint, methods=["GET", "HEAD"]),
        Route("/rest/v1/", endpoints.root_endpoint, methods=ALL_METHODS),
        Route("/rest/v1/rpc/{name}", endpoints.rpc_endpoint, methods=ALL_METHODS),
        Route("/rest/v1/{path:path}", endpoints.resource_endpoint, methods=ALL_METHODS),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(AccessLogMiddleware)],
        exception_handlers={
            errors.ApiError: _api_error,
            HTTPException: _http_error,
            Exception: _unexpected_error,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app
