"""Fixtures of the SMS pipeline tests: a database of their own per module, the
local Twilio-compatible server, clinics with Twilio settings, workers run in
threads, and the webhook routes served by uvicorn on a loopback port."""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

import psycopg
import pytest
import requests
import uvicorn
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from twilio.request_validator import RequestValidator

from shim import queries
from shim.database.after_commit import notify_owed
from shim.database.migrate import migrate
from shim.database.url import with_options
from shim.sms.twilio_webhooks import TwilioWebhookSettings, twilio_webhook_routes
from shim.sms.worker import SmsWorker, WorkerSettings
from tests import database
from tests.fixtures import Clinic, local_noon, wait_until
from tests.sms.twilio_server import FakeTwilio, free_port

ENCRYPTION_KEY = "sms-tests-settings-key"
# Retries within a test's time: 200ms doubling to at most 1s.
FAST_RETRIES = "-c booking.sms_retry_base=200ms -c booking.sms_retry_cap=1s"


@pytest.fixture(scope="module")
def sms_database_url(server_url: str) -> Iterator[str]:
    """A migrated database for one test module: workers claim every due
    message of their database, so modules must not share one."""
    with database.fresh_database(server_url, prefix="sms_test") as url:
        migrate(url)
        yield url


@pytest.fixture
def sms_db(sms_database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(sms_database_url, autocommit=True) as conn:
        yield conn


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    server = FakeTwilio().start()
    yield server
    server.stop()


@pytest.fixture
def clinic_db(sms_db: psycopg.Connection) -> psycopg.Connection:
    return sms_db


@pytest.fixture
def clinic_options(fake_twilio: FakeTwilio) -> dict[str, Any]:
    """Twilio settings, the account known to the local Twilio-compatible server."""
    return {"settings_key": ENCRYPTION_KEY, "fake_twilio": fake_twilio}


_slots = itertools.count(0)


def book(
    conn: psycopg.Connection, org_id: uuid.UUID, phone: str, service: str = "Cleaning"
) -> dict:
    """A committed booking (each call gets its own future slot), committed as
    the service commits one: the wake-ups it owes (the workers', the live
    feed's) are sent after its COMMIT (shim/database/after_commit.py)."""
    start = local_noon(1) + timedelta(minutes=30 * next(_slots))
    with conn.transaction():
        row = conn.execute(
            "select public.book_appointment_atomic(%s, 'Test Patient', null, %s, %s, %s, 30)",
            (org_id, phone, service, start),
        ).fetchone()
        owed = conn.execute(queries.AFTER_COMMIT_OWED).fetchone()
    notify_owed(conn, owed[0] if owed else None)
    assert row is not None
    assert row[0]["success"], row
    return row[0]


def outbox_row(conn: psycopg.Connection, **where: object) -> dict | None:
    clauses = " and ".join(f"{column} = %({column})s" for column in where)
    with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        cur.execute(f"select * from booking.sms_outbox where {clauses}", where)  # noqa: S608
        return cur.fetchone()


class RunningWorker:
    """An SmsWorker on a thread of its own."""

    def __init__(self, settings: WorkerSettings) -> None:
        self.settings = settings
        self.stop = threading.Event()
        self.worker = SmsWorker(settings, console=_Lines())
        self.thread = threading.Thread(target=self.worker.run, args=(self.stop,), daemon=True)

    @property
    def console(self) -> list[str]:
        return self.worker._console._out.lines  # type: ignore[attr-defined]

    def start(self) -> RunningWorker:
        self.thread.start()
        return self

    def shutdown(self, timeout: float = 30.0) -> None:
        self.stop.set()
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the worker did not stop"


class _Lines:
    """A text stream that keeps what the console sender prints."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        if text.strip():
            self.lines.append(text.rstrip("\n"))
        return len(text)

    def flush(self) -> None:
        pass


@pytest.fixture
def worker_settings(sms_database_url: str, fake_twilio: FakeTwilio) -> WorkerSettings:
    return WorkerSettings(
        database_url=with_options(sms_database_url, FAST_RETRIES),
        encryption_key=ENCRYPTION_KEY,
        twilio_api_base_url=fake_twilio.base_url,
        concurrency=4,
        poll_interval=0.05,
        lease_seconds=5,
        send_timeout=2,
        shutdown_grace=5,
    )


@pytest.fixture
def start_worker(worker_settings: WorkerSettings) -> Iterator[Callable[..., RunningWorker]]:
    """start_worker(**overrides) runs a worker until the test ends."""
    running: list[RunningWorker] = []

    def start(**overrides: Any) -> RunningWorker:
        settings = replace(worker_settings, **overrides)
        worker = RunningWorker(settings).start()
        running.append(worker)
        return worker

    yield start
    for worker in running:
        if worker.thread.is_alive():
            worker.shutdown()


class WebhookServer:
    """The Twilio webhook routes on a minimal Starlette app, served by uvicorn."""

    def __init__(
        self,
        database_url: str,
        encryption_key: str | None = ENCRYPTION_KEY,
        pool_timeout: float = 30.0,
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        pool = AsyncConnectionPool(
            database_url, open=False, kwargs={"autocommit": True}, timeout=pool_timeout
        )
        settings = TwilioWebhookSettings(
            encryption_key=encryption_key, public_base_url=self.base_url
        )

        @asynccontextmanager
        async def lifespan(_app: Starlette) -> Any:
            await pool.open()
            yield
            await pool.close()

        app = Starlette(routes=twilio_webhook_routes(pool, settings), lifespan=lifespan)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @contextmanager
    def running(self) -> Iterator[WebhookServer]:
        self.thread.start()
        assert wait_until(lambda: self.server.started, timeout=10), "uvicorn did not start"
        try:
            yield self
        finally:
            self.server.should_exit = True
            self.thread.join(10)


@pytest.fixture
def webhooks(sms_database_url: str) -> Iterator[WebhookServer]:
    with WebhookServer(sms_database_url).running() as server:
        yield server


def post_signed(url: str, params: dict[str, str], auth_token: str) -> requests.Response:
    """POST as Twilio does: form-encoded, signed with X-Twilio-Signature."""
    signature = RequestValidator(auth_token).compute_signature(url, params)
    return requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)


def status_callback_params(
    clinic: Clinic, sid: str, to: str, status: str, error_code: str | None = None
) -> dict[str, str]:
    params = {
        "ApiVersion": "2010-04-01",
        "AccountSid": clinic.account_sid,
        "MessageSid": sid,
        "SmsSid": sid,
        "MessageStatus": status,
        "SmsStatus": status,
        "From": clinic.from_number,
        "To": to,
    }
    if error_code:
        params["ErrorCode"] = error_code
    return params
