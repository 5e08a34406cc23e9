"""Browser tests of the pages: the whole service (build_service_app, as
`make run` serves it, without the SMS worker: the patient's SMS stay in the
outbox where the tests read them) on a loopback port, behind a small TCP
proxy that can drop every connection (the server dropping the live
stream), driven by Playwright with Debian's chromium (`make test` installs
it: tools/ensure-chromium.sh).

Each test uses clinics of its own; the browser is shared, each test gets a
fresh context (cookies, storage).
"""

from __future__ import annotations

import itertools
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from shim.events.stream import EventFeed
from shim.service.auth import sign, with_api_keys
from shim.service.settings import ServiceSettings
from shim.service_app import ServiceServer, build_service_app
from tests.fixtures import Clinic, local_noon, unique_phone, wait_until
from tests.gateway.conftest import gateway_login_url

JWT_SECRET = "web-page-tests-secret-0123456789-abcdefghijklmno"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TEST_ENV = {
    "EVENTS_KEEPALIVE_SECONDS": "1",
    "EVENTS_RETRY_MS": "300",  # EventSource's reconnect delay after a drop
}
DOCS = Path(__file__).resolve().parents[2] / "docs"


# -- a TCP proxy that can drop every connection -------------------------------------------
class DroppingProxy:
    """Forwards loopback connections to the service; drop() closes them all
    at once, as a server restart or a network cut would."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
                with self._lock:
                    self._sockets.discard(sock)

    def drop(self) -> int:
        """Cut every open connection; returns how many sockets were cut."""
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        return len(sockets)

    def close(self) -> None:
        self._closed = True
        self.listener.close()
        self.drop()


# -- the service ----------------------------------------------------------------
@dataclass
class WebServer:
    base_url: str
    settings: ServiceSettings
    feed: EventFeed
    proxy: DroppingProxy

    def token(self, claims: dict[str, Any], lifetime: int = 600) -> str:
        return sign({"exp": int(time.time()) + lifetime, **claims}, JWT_SECRET)

    def member_token(self, org_id: uuid.UUID | str, lifetime: int = 600) -> str:
        claims = {
            "role": "authenticated",
            "sub": str(uuid.uuid4()),
            "app_metadata": {"org_id": str(org_id)},
        }
        return self.token(claims, lifetime)

    def rest(self, function: str, body: dict[str, Any]) -> httpx.Response:
        """A REST call as service_role (the clinic's back office)."""
        key = self.settings.service_role_key
        return httpx.post(
            f"{self.base_url}/rest/v1/rpc/{function}",
            json=body,
            headers={"apikey": key, "Authorization": f"Bearer {key}"},
            timeout=10,
        )


def _healthy(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@contextmanager
def serving(
    database_url: str, env: dict[str, str] | None = None, **changes: Any
) -> Iterator[WebServer]:
    """The service on a loopback port behind the dropping proxy; `env`: more
    of its environment (TEST_ENV's values, plus these), `changes`: its
    ServiceSettings'."""
    settings = with_api_keys(
        ServiceSettings(
            database_url=gateway_login_url(database_url),
            jwt_secret=JWT_SECRET,
            pool_size=6,
            pool_acquisition_timeout=5.0,
            **changes,
        )
    )
    app = build_service_app(settings, {**TEST_ENV, **(env or {})}, database_url, sms_worker=False)
    feed: EventFeed = app.state.events
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=2)
    server = ServiceServer(config, feed)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    proxy = DroppingProxy(sock.getsockname()[1])
    base_url = f"http://127.0.0.1:{proxy.port}"
    try:
        assert wait_until(lambda: _healthy(base_url) and feed.listener.listening, timeout=30), (
            "the service did not start"
        )
        yield WebServer(base_url, settings, feed, proxy)
    finally:
        proxy.close()
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture(scope="session")
def web(database_url: str) -> Iterator[WebServer]:
    with serving(database_url) as server:
        yield server


# -- the browser ----------------------------------------------------------------
@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def no_js_context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def browser_phone(browser: Browser) -> Iterator[Page]:
    """A page with JavaScript, at a phone's width (the patient's SMS link)."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


def sign_in(page: Page, web: WebServer, token: str) -> None:
    """The sign-in form, as a member fills it in."""
    page.goto(f"{web.base_url}/dashboard")
    page.get_by_label("access token").fill(token)
    page.get_by_role("button", name="Sign in with the token").click()


def wait_live(page: Page) -> None:
    page.locator('#live-status[data-state="live"]').wait_for()


# -- clinics and data ----------------------------------------------------------------
_slots = itertools.count()


def next_slot() -> datetime:
    """A free start on the fixture clinics' one-minute grid, within the
    dashboard's days: tomorrow or the day after, 28 half hours a day from
    05:00 local (the bookings are 30 minutes long)."""
    n = next(_slots)
    return local_noon(1 + (n // 28) % 2) + timedelta(minutes=30 * (n % 28) - 420)


@pytest.fixture
def clinic_options() -> dict[str, Any]:
    """A voice-agent secret (the platform's end-of-call reports) and a lead
    threshold of 30 (end_of_call_report's call scores above it)."""
    return {"voice_agent": True, "lead_threshold": 30}


def book_via_rest(
    web: WebServer, clinic: Clinic, name: str = "Ada Patient", at: datetime | None = None
) -> dict[str, Any]:
    response = web.rest(
        "book_appointment_atomic",
        {
            "p_org_id": str(clinic.org_id),
            "p_patient_name": name,
            "p_patient_email": None,
            "p_patient_phone": unique_phone(),
            "p_service_type": "consultation",
            "p_scheduled_at": (at or next_slot()).isoformat(),
            "p_duration_minutes": 30,
        },
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert answer["success"], answer
    return answer


def end_of_call_report(web: WebServer, clinic: Clinic, caller_name: str) -> dict[str, Any]:
    """A long call with a positive analysis, through the platform's webhook:
    it scores above the clinic's threshold (30), a hot lead."""
    ended = datetime.now().astimezone()
    started = ended - timedelta(seconds=420)
    report = {
        "message": {
            "type": "end-of-call-report",
            "call": {"id": f"call-{uuid.uuid4().hex[:12]}", "type": "inboundPhoneCall"},
            "customer": {"number": unique_phone(), "name": caller_name},
            "startedAt": started.isoformat(),
            "endedAt": ended.isoformat(),
            "endedReason": "customer-ended-call",
            "analysis": {
                "summary": "The caller wants a consultation soon.",
                "structuredData": {"name": caller_name},
                "successEvaluation": "true",
            },
        }
    }
    response = httpx.post(
        f"{web.base_url}/api/vapi/webhook",
        json=report,
        headers=clinic.voice_headers(),
        timeout=10,
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert answer["hot_lead"] is True, answer
    return answer


# -- the patient's SMS ---------------------------------------------------------------------------
LINK = re.compile(r"https?://[^\s/]+(?::\d+)?(/a/[A-Za-z0-9_-]+)")


def sms_count(db: psycopg.Connection, clinic: Clinic, appointment_id: str, kind: str) -> int:
    """The appointment's SMS of one kind in the outbox (confirmation,
    reschedule, cancellation, reminder)."""
    row = db.execute(
        "select count(*) from booking.sms_outbox"
        " where org_id = %s and appointment_id = %s and kind = %s",
        (clinic.org_id, appointment_id, kind),
    ).fetchone()
    assert row is not None
    return int(row[0])


def manage_link(db: psycopg.Connection, web: WebServer, clinic: Clinic, appointment_id: str) -> str:
    """The manage link in the body of the appointment's confirmation SMS, on
    this test server (the body's base URL is booking.public_base_url); for
    an appointment inside its notice periods, whose confirmation offers no
    link (the clinic's phone instead), a fresh one as the answer to R gives."""
    row = db.execute(
        "select body from booking.sms_outbox"
        " where org_id = %s and appointment_id = %s and kind = 'confirmation'"
        " order by created_at limit 1",
        (clinic.org_id, appointment_id),
    ).fetchone()
    assert row is not None, "no confirmation SMS"
    found = LINK.search(row[0])
    if found is None and "please call" in row[0]:
        fresh = db.execute(
            "select booking.manage_link(%s, %s)", (clinic.org_id, appointment_id)
        ).fetchone()
        assert fresh is not None
        found = LINK.search(fresh[0])
    assert found is not None, f"no manage link in {row[0]!r}"
    return web.base_url + found.group(1)


def appointment_row(db: psycopg.Connection, clinic: Clinic, appointment_id: str) -> tuple:
    row = db.execute(
        "select status, scheduled_at from booking.appointments where org_id = %s and id = %s",
        (clinic.org_id, appointment_id),
    ).fetchone()
    assert row is not None
    return tuple(row)
