"""Timeouts, the pool, lost connections, and the hooks later features use."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest
from psycopg import sql
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from shim.gateway import gateway_surface
from shim.service.application import Surface, build_application
from shim.service.settings import ServiceSettings, SettingsError
from shim.service.state import ServiceState
from tests.fixtures import wait_until
from tests.gateway.conftest import Gateway, settings_for
from tests.gateway.server import running_gateway

WRITE = {"Content-Profile": "rpc_fixtures"}


def sleep(client: httpx.Client, seconds: float, function: str = "sleep") -> httpx.Response:
    return client.post(f"/rpc/{function}", json={"seconds": seconds}, headers=WRITE)


def statement_timeout(client: httpx.Client) -> str:
    return client.post("/rpc/whoami", json={}, headers=WRITE).json()["statement_timeout"]


def test_statement_timeout_of_the_role_is_honoured(
    http: httpx.Client, db: psycopg.Connection, database_url: str
) -> None:
    database = sql.Identifier(psycopg.conninfo.conninfo_to_dict(database_url)["dbname"])
    set_timeout = sql.SQL("alter role anon in database {} set statement_timeout = '300ms'")
    reset_timeout = sql.SQL("alter role anon in database {} reset statement_timeout")
    db.execute(set_timeout.format(database))
    try:
        db.execute("notify pgrst, 'reload schema'")
        assert wait_until(lambda: statement_timeout(http) == "300ms"), (
            "the setting was not reloaded"
        )
        started = time.monotonic()
        response = sleep(http, 3)
        assert time.monotonic() - started < 2.5
        assert (response.status_code, response.json()["code"]) == (500, "57014")
    finally:
        db.execute(reset_timeout.format(database))
        db.execute("notify pgrst, 'reload schema'")
    assert wait_until(lambda: statement_timeout(http) != "300ms"), "the setting was not reset"


def test_statement_timeout_of_the_function_is_hoisted(http: httpx.Client) -> None:
    response = sleep(http, 3, "sleep_with_timeout")
    assert (response.status_code, response.json()["code"]) == (500, "57014")
    assert response.json()["message"] == "canceling statement due to statement timeout"


def test_a_lost_connection_gives_503_and_the_server_keeps_serving(
    gateway: Gateway, service_http: httpx.Client
) -> None:
    service = {"Authorization": f"Bearer {gateway.service_role_key}", **WRITE}
    response = service_http.post("/rpc/terminate_own_backend", json={}, headers=service)
    assert response.status_code == 503
    assert set(response.json()) == {"code", "message", "details", "hint"}
    for _ in range(6):  # more than the pool holds: every connection is usable
        assert service_http.post("/rpc/whoami", json={}, headers=WRITE).status_code == 200


def test_a_pool_wait_timeout_gives_504(database_url: str, rpc_fixtures: str) -> None:
    settings = settings_for(database_url, pool_size=1, pool_acquisition_timeout=0.5)
    with running_gateway(settings) as base_url:
        headers = {"apikey": settings.anon_key, **WRITE}
        with httpx.Client(base_url=f"{base_url}/rest/v1", headers=headers, timeout=30) as client:
            with ThreadPoolExecutor(max_workers=1) as pool:
                slow = pool.submit(sleep, client, 2.0)
                time.sleep(0.3)
                started = time.monotonic()
                waiting = sleep(client, 0)
                waited = time.monotonic() - started
                assert slow.result().status_code == 204
            assert waiting.status_code == 504
            assert waiting.json() == {
                "code": "PGRST003",
                "message": "Timed out acquiring connection from connection pool.",
                "details": None,
                "hint": None,
            }
            assert 0.4 < waited < 1.5
            assert sleep(client, 0).status_code == 204


def test_database_errors_never_leak_a_stack_trace(http: httpx.Client) -> None:
    response = http.post("/rpc/assert_fails", json={}, headers=WRITE)
    assert response.status_code == 500
    assert "Traceback" not in response.text
    assert set(response.json()) == {"code", "message", "details", "hint"}


# -- surfaces and background tasks -------------------------------------------------------------
def test_surfaces_and_background_tasks(database_url: str, rpc_fixtures: str) -> None:
    """Another surface served next to the gateway, its errors its own; a
    background task started with the service and cancelled when it stops."""
    started = threading.Event()
    stopped = threading.Event()

    async def worker(state: ServiceState) -> None:
        async with state.pool.connection() as conn:
            await conn.execute("select 1")
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            stopped.set()

    async def status_webhook(request: Request) -> Response:
        return JSONResponse({"received": (await request.body()).decode()})

    settings = settings_for(database_url)

    async def plain_text_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return PlainTextResponse("webhook: not here", status_code=exc.status_code)

    webhook = Surface(
        name="webhook",
        routes=[Route("/api/twilio/status", status_webhook, methods=["POST"])],
        prefixes=("/api/twilio",),
        exception_handlers={HTTPException: plain_text_error},
    )
    app = build_application(settings, [gateway_surface(), webhook], [worker])
    with running_gateway(settings, app=app) as base_url:
        assert started.wait(10)
        response = httpx.post(f"{base_url}/api/twilio/status", content=b"MessageStatus=sent")
        assert response.json() == {"received": "MessageStatus=sent"}
        own = httpx.get(f"{base_url}/api/twilio/other")
        assert (own.status_code, own.text) == (404, "webhook: not here")
        wrong_method = httpx.get(f"{base_url}/api/twilio/status")
        assert (wrong_method.status_code, wrong_method.text) == (405, "webhook: not here")
        unknown = httpx.get(f"{base_url}/api/nothing")
        assert unknown.status_code == 404
        assert unknown.json()["message"] == "no Route matched with those values"
        rest = httpx.get(f"{base_url}/rest/v1/rpc/nothing_here", headers={"apikey": "x"})
        assert rest.json()["message"] == "Invalid API key"
    assert stopped.is_set()


def test_no_redirect_is_built_from_the_host_header(gateway: Gateway) -> None:
    """Starlette's trailing-slash redirects name the request's Host: none is sent."""
    spoofed = {"Host": "evil.example", **gateway.headers()}
    root = httpx.get(f"{gateway.base_url}/rest/v1", headers=spoofed)
    assert root.status_code == 200
    assert root.json()["swagger"] == "2.0"
    for path in ("/health/", "/rest/v1/rpc/sayhello/", "/api/events/"):
        response = httpx.get(f"{gateway.base_url}{path}", headers=spoofed)
        assert "location" not in response.headers, path
        assert response.status_code in (404, 405), path


def test_ready_says_the_instance_can_serve(gateway: Gateway) -> None:
    response = httpx.get(f"{gateway.base_url}/ready")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "status": "ready",
        "catalog": True,
        "database": True,
        "migrations": True,
        "background_tasks": True,
    }


def test_ready_is_503_while_a_background_task_has_stopped(
    database_url: str, rpc_fixtures: str
) -> None:
    async def gives_up(state: ServiceState) -> None:
        raise RuntimeError("the worker's thread ended")

    settings = settings_for(database_url)
    app = build_application(settings, [gateway_surface()], [gives_up])
    with running_gateway(settings, app=app) as base_url:
        assert wait_until(lambda: httpx.get(f"{base_url}/ready").status_code == 503, timeout=10)
        body = httpx.get(f"{base_url}/ready").json()
        assert body["background_tasks"] is False
        assert body["stopped_tasks"] == ["gives_up"]
        assert httpx.get(f"{base_url}/health").status_code == 200  # alive, not ready


@pytest.mark.parametrize("path", ["/health"])
def test_health(gateway: Gateway, path: str) -> None:
    response = httpx.get(f"{gateway.base_url}{path}")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "schema_cache": True, "database": True}


def test_prepared_statements_setting() -> None:
    env = {"DATABASE_URL": "postgresql:///x", "JWT_SECRET": "s" * 32}
    assert ServiceSettings.from_env(env).prepared_statements is True
    for raw, expected in (("false", False), ("off", False), ("true", True), ("1", True)):
        settings = ServiceSettings.from_env({**env, "DB_PREPARED_STATEMENTS": raw})
        assert settings.prepared_statements is expected
    with pytest.raises(SettingsError, match="DB_PREPARED_STATEMENTS"):
        ServiceSettings.from_env({**env, "DB_PREPARED_STATEMENTS": "maybe"})


def test_without_prepared_statements(database_url: str, rpc_fixtures: str) -> None:
    settings = settings_for(database_url, prepared_statements=False)
    with running_gateway(settings) as base_url:
        headers = {"apikey": settings.anon_key, **WRITE}
        with httpx.Client(base_url=f"{base_url}/rest/v1", headers=headers, timeout=30) as client:
            for _ in range(3):
                response = client.post("/rpc/sayhello", json={"name": "prep"})
                assert (response.status_code, response.json()) == (200, "Hello, prep")
