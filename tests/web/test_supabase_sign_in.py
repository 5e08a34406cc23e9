"""The dashboard signing staff in against Supabase Auth (SUPABASE_URL): the
email and password go to its password grant, the session is renewed with
its refresh grant, sign-out calls its logout; the user's clinic comes from
the SQL membership table by the token's sub (no app_metadata.org_id), so
disabling the membership takes effect at once.

Supabase Auth is played by a small local server with the same routes,
signing ES256 tokens with a key of a local JWKS, as a Supabase project with
asymmetric signing keys does."""

from __future__ import annotations

import secrets
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn
from playwright.sync_api import Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fixtures import Clinic, wait_until
from tests.gateway.test_jwks import KeyFile
from tests.web.conftest import WebServer, serving

PUBLISHABLE = "sb_publishable_" + "k" * 32
PASSWORD = "a supabase password"
ACCESS_SECONDS = 5


@dataclass
class FakeSupabaseAuth:
    """Supabase Auth's token and logout routes, in memory."""

    keys: KeyFile
    users: dict[str, tuple[str, str]] = field(default_factory=dict)  # email -> (password, id)
    refresh_tokens: dict[str, tuple[str, bool]] = field(default_factory=dict)  # -> (id, used)
    logouts: list[str] = field(default_factory=list)

    def add_user(self, email: str) -> str:
        user_id = str(uuid.uuid4())
        self.users[email] = (PASSWORD, user_id)
        return user_id

    def _session(self, user_id: str) -> dict[str, object]:
        claims = {
            "aud": "authenticated",
            "role": "authenticated",
            "sub": user_id,
            "session_id": str(uuid.uuid4()),
            "app_metadata": {"provider": "email", "providers": ["email"]},
        }
        refresh = secrets.token_urlsafe(16)
        self.refresh_tokens[refresh] = (user_id, False)
        return {
            "access_token": self.keys.token("ec-1", claims, lifetime=ACCESS_SECONDS),
            "token_type": "bearer",
            "expires_in": ACCESS_SECONDS,
            "expires_at": int(time.time()) + ACCESS_SECONDS,
            "refresh_token": refresh,
            "user": {"id": user_id},
        }

    async def token(self, request: Request) -> Response:
        if request.headers.get("apikey") != PUBLISHABLE:
            return JSONResponse({"message": "Invalid API key"}, status_code=401)
        body = await request.json()
        grant = request.query_params.get("grant_type")
        if grant == "password":
            user = self.users.get(body.get("email", ""))
            if user is None or user[0] != body.get("password"):
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            return JSONResponse(self._session(user[1]))
        if grant == "refresh_token":
            found = self.refresh_tokens.get(body.get("refresh_token", ""))
            if found is None or found[1]:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            self.refresh_tokens[body["refresh_token"]] = (found[0], True)
            return JSONResponse(self._session(found[0]))
        return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)

    async def logout(self, request: Request) -> Response:
        self.logouts.append(request.headers.get("authorization", ""))
        for token, (user_id, _used) in list(self.refresh_tokens.items()):
            self.refresh_tokens[token] = (user_id, True)
        return Response(status_code=204)


@pytest.fixture(scope="module")
def supabase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FakeSupabaseAuth]]:
    keys = KeyFile(Path(tmp_path_factory.mktemp("supabase")) / "jwks.json")
    keys.add("ec-1", "ES256")
    fake = FakeSupabaseAuth(keys)
    app = Starlette(
        routes=[
            Route("/auth/v1/token", fake.token, methods=["POST"]),
            Route("/auth/v1/logout", fake.logout, methods=["POST"]),
        ]
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    assert wait_until(lambda: server.started, timeout=10)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def supabase_web(database_url: str, supabase: tuple[str, FakeSupabaseAuth]) -> Iterator[WebServer]:
    url, fake = supabase
    with serving(
        database_url,
        jwks_url=fake.keys.url,
        supabase_url=url,
        publishable_key=PUBLISHABLE,
        jwt_audience="authenticated",
    ) as server:
        yield server


def member_of(web: WebServer, clinic: Clinic, user_id: str) -> None:
    answer = web.rest("bootstrap_owner", {"p_org_id": str(clinic.org_id), "p_account_id": user_id})
    assert answer.json()["success"] is True, answer.text


def sign_in(page: Page, web: WebServer, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{web.base_url}/dashboard")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_supabase_user_signs_in_by_membership_and_stays_signed_in(
    page: Page,
    supabase_web: WebServer,
    supabase: tuple[str, FakeSupabaseAuth],
    clinic: Clinic,
) -> None:
    _url, fake = supabase
    email = f"owner-{uuid.uuid4().hex[:8]}@supabase.test"
    member_of(supabase_web, clinic, fake.add_user(email))
    sign_in(page, supabase_web, email, "not the password")
    expect(page.get_by_role("alert")).to_have_text("The email or password is not right.")
    sign_in(page, supabase_web, email)
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    first = {c["name"]: c["value"] for c in page.context.cookies()}
    assert first["dashboard_refresh"].startswith("sb:")
    time.sleep(ACCESS_SECONDS + 1)  # Supabase's access token has expired
    page.goto(f"{supabase_web.base_url}/dashboard")
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    second = {c["name"]: c["value"] for c in page.context.cookies()}
    assert second["dashboard_session"] != first["dashboard_session"]
    assert second["dashboard_refresh"] != first["dashboard_refresh"]


def test_sign_out_logs_out_of_supabase_and_the_old_cookies_open_nothing(
    page: Page,
    supabase_web: WebServer,
    supabase: tuple[str, FakeSupabaseAuth],
    clinic: Clinic,
) -> None:
    _url, fake = supabase
    email = f"desk-{uuid.uuid4().hex[:8]}@supabase.test"
    member_of(supabase_web, clinic, fake.add_user(email))
    sign_in(page, supabase_web, email)
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    copied = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    calls = len(fake.logouts)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Email")).to_be_visible()
    assert len(fake.logouts) == calls + 1
    replay = httpx.get(f"{supabase_web.base_url}/dashboard", headers={"Cookie": copied}, timeout=10)
    assert clinic.name not in replay.text


def test_two_requests_renewing_one_supabase_session_share_the_renewal(
    page: Page,
    supabase_web: WebServer,
    supabase: tuple[str, FakeSupabaseAuth],
    clinic: Clinic,
) -> None:
    """A page and its event stream renewing with the same (single-use)
    refresh token both stay signed in: the second gets the first's answer."""
    _url, fake = supabase
    email = f"twice-{uuid.uuid4().hex[:8]}@supabase.test"
    member_of(supabase_web, clinic, fake.add_user(email))
    sign_in(page, supabase_web, email)
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    page.goto("about:blank")  # no event stream of its own renewing meanwhile
    copied = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    # Supabase's 5-second token is inside the renewal margin: both renew.
    for _ in range(2):
        answer = httpx.get(
            f"{supabase_web.base_url}/dashboard", headers={"Cookie": copied}, timeout=10
        )
        assert clinic.name in answer.text


def test_disabling_a_supabase_members_membership_ends_their_access_at_once(
    page: Page,
    supabase_web: WebServer,
    supabase: tuple[str, FakeSupabaseAuth],
    clinic: Clinic,
    db: psycopg.Connection,
) -> None:
    _url, fake = supabase
    email = f"gone-{uuid.uuid4().hex[:8]}@supabase.test"
    user_id = fake.add_user(email)
    member_of(supabase_web, clinic, user_id)
    sign_in(page, supabase_web, email)
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    db.execute(
        "update booking.memberships set disabled_at = now() where account_id = %s", [user_id]
    )
    page.goto(f"{supabase_web.base_url}/dashboard")
    expect(page.get_by_label("Email")).to_be_visible()
    expect(page.locator(".clinic-name")).to_have_count(0)
