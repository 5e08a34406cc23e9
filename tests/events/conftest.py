"""Live event feed fixtures: the whole service (build_service_app, as `make
run` serves it, without the SMS worker) on a free loopback port against the
shared test database, an SSE client that reads a stream on a thread, and
helpers that make events happen.

Each test uses clinics of its own, so no other test's events reach its
streams. Event ids are cursors ('<txid>-<seq>'); `feed_ids` lists an
organization's in feed order, straight from booking.events.
"""

from __future__ import annotations

import itertools
import queue
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from psycopg.types.json import Jsonb

from shim.events.stream import EventFeed
from shim.service.auth import sign, with_api_keys
from shim.service.settings import ServiceSettings
from shim.service_app import ServiceServer, build_service_app
from tests.fixtures import Clinic, local_noon, unique_phone, wait_until
from tests.gateway.conftest import gateway_login_url

JWT_SECRET = "event-feed-tests-secret-0123456789-abcdefghijk"
# Keepalives every 0.3 s: a reader thread never blocks for long, and tests
# see keepalives without waiting.
TEST_ENV = {
    "EVENTS_KEEPALIVE_SECONDS": "0.3",
    "EVENTS_RETRY_MS": "1500",
    "EVENTS_MAX_STREAMS": "200",
    "EVENTS_QUEUE_SIZE": "4",  # small: bursts overflow it
    "EVENTS_BATCH_SIZE": "10",  # small: catch-ups take several reads
}


@dataclass
class EventServer:
    base_url: str
    settings: ServiceSettings
    feed: EventFeed
    server: uvicorn.Server

    @property
    def events_url(self) -> str:
        return f"{self.base_url}/api/events"

    def token(self, claims: dict[str, Any], lifetime: int = 600) -> str:
        return sign({"exp": int(time.time()) + lifetime, **claims}, JWT_SECRET)

    def member_token(self, org_id: uuid.UUID | str, lifetime: int = 600) -> str:
        claims = {
            "role": "authenticated",
            "sub": str(uuid.uuid4()),
            "app_metadata": {"org_id": str(org_id)},
        }
        return self.token(claims, lifetime)

    @property
    def service_role_key(self) -> str:
        return self.settings.service_role_key

    def stream(
        self,
        token: str | None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> SseStream:
        """An open stream (status 200 checked by the caller via .status)."""
        all_headers = dict(headers or {})
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        return SseStream(self.events_url, all_headers, params or {}).open()

    def get(
        self,
        token: str | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """A request that is expected to be refused (not streamed)."""
        all_headers = dict(headers or {})
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        return httpx.get(self.events_url, params=params, headers=all_headers, timeout=10)


@contextmanager
def serving(database_url: str, env: dict[str, str], pool_size: int = 4) -> Iterator[EventServer]:
    settings = with_api_keys(
        ServiceSettings(
            database_url=gateway_login_url(database_url),
            jwt_secret=JWT_SECRET,
            pool_size=pool_size,
            pool_acquisition_timeout=5.0,
        )
    )
    app = build_service_app(settings, {**TEST_ENV, **env}, database_url, sms_worker=False)
    feed: EventFeed = app.state.events
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=2)
    server = ServiceServer(config, feed)  # as `make run` serves it
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        assert wait_until(lambda: _healthy(base_url) and feed.listener.listening, timeout=20), (
            "the service did not start"
        )
        yield EventServer(base_url, settings, feed, server)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        assert not thread.is_alive(), "the service did not stop"


def _healthy(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="session")
def events_server(database_url: str) -> Iterator[EventServer]:
    with serving(database_url, {}) as server:
        yield server


@pytest.fixture
def other_clinic(make_clinic: Callable[..., Clinic]) -> Clinic:
    """A second clinic of this test only, beside `clinic`."""
    return make_clinic()


# -- the SSE client -------------------------------------------------------------------------
@dataclass(frozen=True)
class Event:
    id: str
    type: str
    data: dict[str, Any]
    received_at: float


@dataclass
class SseStream:
    """GET an event stream on a thread; parsed events arrive in a queue."""

    url: str
    headers: dict[str, str]
    params: dict[str, str]
    status: int | None = None
    response_headers: httpx.Headers | None = None
    body: bytes = b""
    retry: int | None = None
    comments: list[str] = field(default_factory=list)
    ended: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None
    _events: queue.Queue[Event] = field(default_factory=queue.Queue)
    _opened: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def open(self, timeout: float = 10.0) -> SseStream:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self._opened.wait(timeout), "no response"
        return self

    def _run(self) -> None:
        import json

        try:
            timeout = httpx.Timeout(10.0, read=5.0)
            with (
                httpx.Client(timeout=timeout) as client,
                client.stream(
                    "GET", self.url, headers=self.headers, params=self.params
                ) as response,
            ):
                self.status = response.status_code
                self.response_headers = response.headers
                if response.status_code != 200:
                    self.body = response.read()
                    self._opened.set()
                    return
                self._opened.set()
                fields: dict[str, str] = {}
                for line in response.iter_lines():
                    if self._stop.is_set():
                        return
                    if line == "":
                        if "data" in fields:
                            self._events.put(
                                Event(
                                    fields["id"],
                                    fields["event"],
                                    json.loads(fields["data"]),
                                    time.perf_counter(),
                                )
                            )
                        fields = {}
                    elif line.startswith(":"):
                        self.comments.append(line[1:].strip())
                    else:
                        name, _, value = line.partition(":")
                        value = value.removeprefix(" ")
                        if name == "retry":
                            self.retry = int(value)
                        else:
                            fields[name] = value
        except BaseException as exc:
            self.error = exc
        finally:
            self._opened.set()
            self.ended.set()

    def take(self, count: int, timeout: float = 10.0) -> list[Event]:
        """The next `count` events (fails when they do not come in time)."""
        deadline = time.monotonic() + timeout
        taken: list[Event] = []
        while len(taken) < count:
            remaining = deadline - time.monotonic()
            try:
                taken.append(self._events.get(timeout=max(remaining, 0.001)))
            except queue.Empty:
                pytest.fail(f"got {len(taken)} of {count} events: {[e.type for e in taken]}")
        return taken

    def take_until(self, event_id: str, timeout: float = 10.0) -> list[Event]:
        """Events up to and including the one with event_id."""
        taken: list[Event] = []
        while not taken or taken[-1].id != event_id:
            taken += self.take(1, timeout)
        return taken

    def assert_quiet(self, seconds: float = 0.5) -> None:
        """No further event arrives within `seconds`."""
        try:
            event = self._events.get(timeout=seconds)
        except queue.Empty:
            return
        pytest.fail(f"unexpected event {event}")

    def stop(self) -> None:
        """Ask the reader to hang up at its next line (keepalives come every 0.3 s)."""
        self._stop.set()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> SseStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# -- making events happen -------------------------------------------------------------------
_minutes = itertools.count()


def next_slot() -> Any:
    """A free future start on the fixture clinics' one-minute grid: 20 a
    day from 04:00 local, none crossing midnight."""
    n = next(_minutes)
    return local_noon(3 + n // 20) + timedelta(minutes=31 * (n % 20) - 480)


def book(db: psycopg.Connection, org_id: uuid.UUID) -> dict[str, Any]:
    """A booking through SQL: appointment.booked, then sms.queued."""
    row = db.execute(
        "select public.book_appointment_atomic("
        "%s, 'Feed Patient', null, %s, 'consultation', %s, 30)",
        (org_id, unique_phone(), next_slot()),
    ).fetchone()
    assert row is not None
    assert row[0]["success"], row
    return row[0]


def claim_hold(db: psycopg.Connection, org_id: uuid.UUID) -> str:
    """hold.claimed; returns the hold id."""
    row = db.execute(
        "select public.claim_slot_atomic(%s, null, %s, %s, 'Hold Patient', %s)",
        (org_id, next_slot(), f"call-{uuid.uuid4().hex[:12]}", unique_phone()),
    ).fetchone()
    assert row is not None
    assert row[0]["success"], row
    return str(row[0]["hold_id"])


def release_hold(db: psycopg.Connection, hold_id: str) -> None:
    """hold.released."""
    row = db.execute("select public.release_hold(%s)", (hold_id,)).fetchone()
    assert row is not None
    assert row[0]["success"], row


def hot_lead(db: psycopg.Connection, org_id: uuid.UUID) -> dict[str, Any]:
    """A call report scoring above a lowered threshold: hot_lead.created
    (the clinic has no alert phone, so no SMS)."""
    scoring = db.execute(
        "select public.set_lead_scoring(%s, %s)", (org_id, Jsonb({"threshold": 30}))
    ).fetchone()
    assert scoring is not None
    assert scoring[0]["success"], scoring
    row = db.execute(
        "select public.record_call_report(%s, tests.call_report(%s, %s, 400, 'true'))",
        (org_id, f"call-{uuid.uuid4().hex[:12]}", unique_phone()),
    ).fetchone()
    assert row is not None
    assert row[0]["success"], row
    assert row[0]["hot_lead"], row
    return row[0]


def event_count(db: psycopg.Connection, org_id: uuid.UUID) -> int:
    row = db.execute("select count(*) from booking.events where org_id = %s", (org_id,)).fetchone()
    assert row is not None
    return int(row[0])


def feed_ids(db: psycopg.Connection, org_id: uuid.UUID) -> list[str]:
    """The organization's committed event ids (cursors), in feed order."""
    rows = db.execute(
        "select booking.event_cursor(txid, seq) from booking.events where org_id = %s"
        " order by txid, seq",
        (org_id,),
    ).fetchall()
    return [row[0] for row in rows]
