"""The service as one ASGI application: shared state, then the surfaces as peers.

    app = build_application(settings, surfaces=[...], background_tasks=[...])

The application owns the lifespan: it refuses a superuser login, opens the
pool and the after-commit notifier, reads the catalog (and again on NOTIFY
pgrst), and starts the background tasks, each with the ServiceState. It
serves /health, /ready and /metrics (shim/service/metrics.py) itself and
hands every other request to the surface that owns its path
(`Surface.prefixes`, or any of its routes). Each surface is a Starlette
application of its own, with its own error rendering: JSON for the APIs,
pages for the pages. A path no surface owns answers Supabase's
gateway's JSON 404.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.datastructures import State
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shim import queries
from shim.database.after_commit import AfterCommitNotifier
from shim.database.listen_connection import backoff, listen_forever
from shim.database.migrate import latest_migration_id
from shim.service import errors
from shim.service.access_log import AccessLogMiddleware
from shim.service.auth import with_api_keys
from shim.service.metrics import metrics_endpoint
from shim.service.settings import ServiceSettings
from shim.service.state import (
    SUPERUSER_LOGIN,
    CatalogReader,
    ServiceState,
    SuperuserLoginError,
)

log = logging.getLogger("shim.service")

BackgroundTask = Callable[[ServiceState], Awaitable[None]]
ErrorHandler = Callable[[Request, Exception], Awaitable[Response]]
_RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)


@dataclass(frozen=True)
class Surface:
    """One external surface: its routes, the paths it owns, how it answers errors.

    `prefixes`: paths it owns with everything below them, so that an unknown
    path there is answered by the surface (a page's 404 under /dashboard);
    a path matching one of its routes is its own anyway.
    `exception_handlers`: Starlette's, for this surface only (ServiceError,
    HTTPException for 404/405, Exception for the unexpected).
    `catalog_reader`: its part of the catalog, read after the roles.
    """

    name: str
    routes: Sequence[BaseRoute]
    exception_handlers: Mapping[Any, ErrorHandler]
    prefixes: Sequence[str] = ()
    catalog_reader: CatalogReader | None = None
    state: Mapping[str, Any] = field(default_factory=dict)
    # Its own middleware, inside its error handling (e.g. the pages' session cookies).
    middleware: Sequence[Middleware] = ()


class _SurfaceApp:
    """A surface's own ASGI application: its routes, its middleware, its
    error rendering. Lighter than a Starlette app inside the service's (one
    server-error layer is enough): the unexpected error is rendered by the
    surface's Exception handler, then raised on for the server to log."""

    def __init__(self, surface: Surface) -> None:
        self.state = State(dict(surface.state))
        handlers = dict(surface.exception_handlers)
        self.unexpected = handlers.pop(Exception, None)
        router = Router(routes=list(surface.routes), redirect_slashes=False)
        app: ASGIApp = ExceptionMiddleware(router, handlers=handlers)
        for middleware in reversed(surface.middleware):
            cls, args, kwargs = middleware
            app = cls(app, *args, **kwargs)
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = self  # request.app.state: the surface's state
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if self.unexpected is None or started:
                raise
            response = await self.unexpected(Request(scope, receive), exc)
            await response(scope, receive, send)
            raise


class _SurfaceRoute(BaseRoute):
    """Routes a request to a surface's own application when the surface owns its path."""

    def __init__(self, surface: Surface, app: _SurfaceApp) -> None:
        self.surface = surface
        self.app = app

    def _owns(self, scope: Scope) -> bool:
        path: str = scope["path"]
        if any(path == prefix or path.startswith(prefix + "/") for prefix in self.surface.prefixes):
            return True
        return any(route.matches(scope)[0] != Match.NONE for route in self.surface.routes)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and self._owns(scope):
            return Match.FULL, {}
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("state", {})["surface"] = self.surface.name  # for the access log
        await self.app(scope, receive, send)


async def json_error(request: Request, exc: Exception) -> Response:
    """The APIs' rendering of a ServiceError (PostgREST's JSON)."""
    assert isinstance(exc, errors.ServiceError)
    return errors.json_response(exc, include_body=request.method != "HEAD")


async def json_http_error(request: Request, exc: Exception) -> Response:
    """A path or method the API does not serve, as Supabase's gateway and PostgREST answer it."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return errors.json_response(errors.no_route())
    if exc.status_code == 405:
        return errors.json_response(errors.unsupported_method(request.method))
    return errors.json_response(errors.ServiceError(exc.status_code, None, str(exc.detail)))


async def json_unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return errors.json_response(errors.internal_error())


JSON_ERROR_HANDLERS: Mapping[Any, ErrorHandler] = {
    errors.ServiceError: json_error,
    HTTPException: json_http_error,
    Exception: json_unexpected_error,
}


async def refuse_superuser_login(settings: ServiceSettings) -> None:
    """Stop the start (SuperuserLoginError) when the service's login is a
    superuser, unless settings.allow_superuser_login. A database that does
    not answer yet is checked again with every catalog read."""
    if settings.allow_superuser_login:
        return
    try:
        async with await psycopg.AsyncConnection.connect(
            settings.database_url, connect_timeout=5, autocommit=True
        ) as conn:
            cursor = await conn.execute(queries.LOGIN_ROLES)
            row = await cursor.fetchone()
    except psycopg.OperationalError:
        return
    if row is not None and row[0]:
        log.error("refusing to start: %s", SUPERUSER_LOGIN)
        raise SuperuserLoginError(SUPERUSER_LOGIN)


async def maintain_catalog(state: ServiceState) -> None:
    """Read the catalog, then again on NOTIFY pgrst ('reload schema' or '').

    The LISTEN connection reconnects with backoff; after every (re)connect
    the catalog is read again, since notifications may have been missed.
    """

    async def reload(_conn: object) -> None:
        await state.reload_catalog()

    async def on_notify(notify: psycopg.Notify) -> None:
        if notify.payload in ("", "reload schema"):
            await state.reload_catalog()

    await listen_forever(
        state.settings.database_url,
        queries.CATALOG_LISTEN.format(channel=sql.Identifier(state.settings.channel)),
        name="catalog listener",
        on_listening=reload,
        on_notify=on_notify,
        retry_delay=backoff(_RETRY_SECONDS),
    )


async def _supervised(task: BackgroundTask, state: ServiceState) -> None:
    name = getattr(task, "__name__", repr(task))
    try:
        await task(state)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("background task %s stopped with an error", name)
    state.stopped_tasks.append(name)  # not cancelled: it ended while the service runs


async def health_endpoint(request: Request) -> Response:
    """For load balancers: 200 when the catalog is read and the database answers."""
    state: ServiceState = request.app.state.service
    request.state.surface = "service"
    checks: dict[str, Any] = {"schema_cache": state.catalog_ready, "database": False}
    try:
        async with state.pool.connection(
            timeout=min(state.settings.pool_acquisition_timeout, 2)
        ) as conn:
            await conn.execute(queries.HEALTH_CHECK)
        checks["database"] = True
    except Exception:  # any failure means "not healthy"
        checks["database"] = False
    healthy = checks["schema_cache"] and checks["database"]
    return JSONResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status_code=200 if healthy else 503,
    )


async def ready_endpoint(request: Request) -> Response:
    """For orchestrators: 200 when this instance can serve everything it
    serves: the catalog is read, the database answers as the service's
    login, its newest migration is this code's (`make migrate` ran), and no
    background task (SMS worker, feed listener, hold sweeper) has ended."""
    state: ServiceState = request.app.state.service
    request.state.surface = "service"
    checks: dict[str, Any] = {
        "catalog": state.catalog_ready,
        "database": False,
        "migrations": False,
        "background_tasks": not state.stopped_tasks,
    }
    try:
        async with (
            state.pool.connection(timeout=min(state.settings.pool_acquisition_timeout, 2)) as conn,
            conn.transaction(),
        ):
            await conn.execute(queries.ACT_AS_SERVICE_ROLE)
            row = await (await conn.execute(queries.DEPLOYMENT_STATUS)).fetchone()
        checks["database"] = True
        status = row[0] if row else {}
        checks["migrations"] = status.get("latest_migration") == latest_migration_id()
    except Exception as exc:  # any failure means "not ready"
        log.warning("not ready: %s", type(exc).__name__)
    ready = all(checks.values())
    body = {"status": "ready" if ready else "not ready", **checks}
    if state.stopped_tasks:
        body["stopped_tasks"] = list(state.stopped_tasks)
    return JSONResponse(body, status_code=200 if ready else 503)


def _open_pool(settings: ServiceSettings) -> AsyncConnectionPool[Any]:
    return AsyncConnectionPool(
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
        name="service",
    )


def build_application(
    settings: ServiceSettings,
    surfaces: Sequence[Surface],
    background_tasks: Sequence[BackgroundTask] = (),
) -> Starlette:
    """The whole service: /health, /ready, /metrics, then the surfaces in order, then a JSON 404."""
    settings = with_api_keys(settings)
    # No surface redirects /path/ to /path (Starlette would, to an absolute
    # URL built from the request's Host header): never redirect on its word.
    surface_apps = [_SurfaceApp(surface) for surface in surfaces]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await refuse_superuser_login(settings)
        pool = _open_pool(settings)
        await pool.open(wait=False)
        after_commit = AfterCommitNotifier(
            settings.database_url, {"application_name": "clinic-booking-wake-ups"}
        )
        readers = [s.catalog_reader for s in surfaces if s.catalog_reader is not None]
        state = ServiceState(settings, pool, after_commit=after_commit, catalog_readers=readers)
        for each in (app, *surface_apps):
            each.state.service = state
        tasks = [
            asyncio.create_task(maintain_catalog(state), name="catalog"),
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
        Route("/health", health_endpoint, methods=["GET", "HEAD"]),
        Route("/ready", ready_endpoint, methods=["GET", "HEAD"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
        *(
            _SurfaceRoute(surface, surface_app)
            for surface, surface_app in zip(surfaces, surface_apps, strict=True)
        ),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(AccessLogMiddleware)],
        exception_handlers=dict(JSON_ERROR_HANDLERS),
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    app.state.settings = settings
    return app
