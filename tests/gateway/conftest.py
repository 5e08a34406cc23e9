"""Gateway fixtures: one gateway per test session on the shared test database.

The gateway logs in as `authenticator` (as PostgREST does on Supabase) when
the test server lets it, and exposes `public` (default) and `rpc_fixtures`.
"""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from postgrest import SyncPostgrestClient

from shim.database.url import with_user
from shim.service.auth import sign, with_api_keys
from shim.service.settings import ServiceSettings
from tests import fixtures
from tests.gateway.server import running_gateway

JWT_SECRET = "gateway-tests-secret-0123456789-abcdefghijklmnop"
FIXTURES_SQL = Path(__file__).with_name("rpc_fixtures.sql")


@dataclass(frozen=True)
class Gateway:
    """A running gateway and the keys to call it."""

    base_url: str
    settings: ServiceSettings

    @property
    def rest_url(self) -> str:
        return f"{self.base_url}/rest/v1"

    @property
    def anon_key(self) -> str:
        return self.settings.anon_key

    @property
    def service_role_key(self) -> str:
        return self.settings.service_role_key

    def token(self, claims: dict[str, Any]) -> str:
        return sign({"exp": int(time.time()) + 600, **claims}, JWT_SECRET)

    def member_token(self, org_id: str) -> str:
        return self.token(
            {"role": "authenticated", "sub": str(uuid.uuid4()), "app_metadata": {"org_id": org_id}}
        )

    def headers(self, bearer: str | None = None, apikey: str | None = None) -> dict[str, str]:
        headers = {"apikey": apikey or self.anon_key}
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        return headers

    def client(self, bearer: str | None = None, schema: str = "public") -> SyncPostgrestClient:
        """The official Python client, as supabase-py configures it."""
        headers = self.headers(bearer)
        headers.setdefault("Authorization", f"Bearer {self.anon_key}")
        return SyncPostgrestClient(self.rest_url, schema=schema, headers=headers)


def gateway_login_url(database_url: str) -> str:
    """`authenticator` on the test server when it may log in, else the owner."""
    url = with_user(database_url, "authenticator")
    try:
        with psycopg.connect(url, connect_timeout=5):
            return url
    except psycopg.OperationalError:
        return database_url


def settings_for(database_url: str, **changes: Any) -> ServiceSettings:
    settings = ServiceSettings(
        database_url=gateway_login_url(database_url),
        jwt_secret=JWT_SECRET,
        schemas=("public", "rpc_fixtures"),
        pool_size=4,
        pool_acquisition_timeout=5.0,
        max_body_bytes=64 * 1024,
    )
    return with_api_keys(settings.with_changes(**changes))


@pytest.fixture(scope="session")
def rpc_fixtures(database_url: str) -> str:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(FIXTURES_SQL.read_text(encoding="utf-8"))
    return "rpc_fixtures"


@pytest.fixture(scope="session")
def gateway(database_url: str, rpc_fixtures: str) -> Iterator[Gateway]:
    settings = settings_for(database_url)
    with running_gateway(settings) as base_url:
        yield Gateway(base_url, settings)


@pytest.fixture
def http(gateway: Gateway) -> Iterator[httpx.Client]:
    """A plain HTTP client with the anon apikey (no Authorization)."""
    with httpx.Client(base_url=gateway.rest_url, headers=gateway.headers(), timeout=30) as client:
        yield client


@pytest.fixture
def service_http(gateway: Gateway) -> Iterator[httpx.Client]:
    headers = gateway.headers(apikey=gateway.service_role_key)
    with httpx.Client(base_url=gateway.rest_url, headers=headers, timeout=30) as client:
        yield client


def raw_request(
    gateway: Gateway, request_line: bytes, headers: dict[str, str], body: bytes = b""
) -> httpx.Response:
    """Send bytes no HTTP client would send (odd headers, invalid UTF-8) and read the answer."""
    host, port = gateway.base_url.removeprefix("http://").split(":")
    lines = [request_line, f"Host: {host}".encode(), f"Content-Length: {len(body)}".encode()]
    lines += [f"{name}: {value}".encode("latin-1") for name, value in headers.items()]
    lines += [b"Connection: close", b"", b""]
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"\r\n".join(lines) + body)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, content = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    response_headers = [tuple(line.split(": ", 1)) for line in header_lines]
    return httpx.Response(int(status_line.split(" ")[1]), headers=response_headers, content=content)


def create_org(conn: psycopg.Connection[Any], name: str) -> str:
    """A clinic open around the clock on a one-minute grid (tests.fixtures)."""
    return str(fixtures.create_org(conn, name))


@pytest.fixture(scope="session")
def two_clinics(database_url: str) -> tuple[str, str]:
    suffix = uuid.uuid4().hex[:8]
    with psycopg.connect(database_url, autocommit=True) as conn:
        return create_org(conn, f"Clinic A {suffix}"), create_org(conn, f"Clinic B {suffix}")
