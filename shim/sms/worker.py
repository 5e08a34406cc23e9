"""The SMS worker: moves outbox messages to the SMS provider.

    python -m shim.sms.worker          (runs until SIGTERM / SIGINT)

or inside the service, as one of its background tasks (shim/service_app.py):
    build_application(..., background_tasks=[sms_worker_task(WorkerSettings.from_env())])

Loop: wake on a NOTIFY on booking_sms_outbox (sent after commit by the
process that queued the message; see outbox_listener.py) or every poll
interval, claim as many due messages as there are free send slots
(booking.claim_sms_batch: FOR UPDATE SKIP LOCKED, with a lease), send each
on a send thread (one long-lived HTTP session per thread), record the
outcome (booking.record_sms_accepted / booking.record_sms_failure). Each of
these transactions reads the wake-ups it owes (the live feed's
sms.status_changed, booking.notify_after_commit) before its COMMIT and sends
them after it (shim/database/after_commit.py). All
rules (what is due, retries and backoff, opt-outs, status order) are in
SQL; this module only moves bytes.

Several workers may run against one database: each message is claimed by
one of them at a time. A worker that dies leaves its claimed messages to be
taken over when their lease runs out. On stop, a worker claims nothing
more, finishes the sends under way (up to shutdown_grace) and gives back
(booking.release_sms) any claimed message it had not started.

Settings (environment):
  DATABASE_URL               the database (required)
  SMS_SENDER                 twilio (default): organizations without Twilio
                             settings wait (retried, NOT_CONFIGURED); auto
                             (`make run`): Twilio for organizations with
                             settings, the console for the others (and for
                             make run's example account,
                             DEVELOPMENT_TWILIO_ACCOUNT_SID); console:
                             print all. The console prints message bodies,
                             one-time codes included: development only.
  SETTINGS_ENCRYPTION_KEY    decrypts the organizations' Twilio auth tokens
  TWILIO_API_BASE_URL        default https://api.twilio.com
  TWILIO_WEBHOOK_BASE_URL    public base URL of this service's webhooks; when
                             set, each SMS asks Twilio for status callbacks at
                             <base>/api/twilio/status
  SMS_WORKER_CONCURRENCY     sends in flight (default 8)
  SMS_WORKER_POLL_INTERVAL   seconds between polls without NOTIFY (default
                             0.25: what catches messages queued by writers
                             that send no wake-up, e.g. psql)
  SMS_WORKER_LEASE_SECONDS   claim lease (default 60; above the send timeout)
  SMS_WORKER_SEND_TIMEOUT    HTTP timeout of one send (default 15)
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, Literal, LiteralString, TextIO
from urllib.parse import urlencode

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from shim import queries
from shim.database.after_commit import notify_owed
from shim.database.listen_connection import KEEPALIVES
from shim.service import metrics
from shim.service.settings import DEVELOPMENT_TWILIO_ACCOUNT_SID
from shim.sms.outbox_listener import OutboxListener
from shim.sms.senders import (
    TWILIO_API_BASE_URL,
    Accepted,
    ConsoleSender,
    Failed,
    OutgoingSms,
    SendOutcome,
    TwilioAccount,
    TwilioSender,
)

log = logging.getLogger(__name__)

SenderMode = Literal["auto", "console", "twilio"]
STATUS_CALLBACK_PATH = "/api/twilio/status"
CONSOLE_WARNING = (
    "SMS_SENDER=%s: the console sender prints SMS bodies, one-time codes included, to stdout;"
    " for development only, never in production (use SMS_SENDER=twilio)"
)


def _default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class WorkerSettings:
    database_url: str
    sender: SenderMode = "twilio"
    encryption_key: str | None = None
    twilio_api_base_url: str = TWILIO_API_BASE_URL
    webhook_base_url: str | None = None
    concurrency: int = 8
    poll_interval: float = 0.25
    lease_seconds: float = 60.0
    send_timeout: float = 15.0
    shutdown_grace: float = 20.0
    credentials_ttl: float = 30.0
    worker_name: str = field(default_factory=_default_worker_name)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> WorkerSettings:
        database_url = env.get("DATABASE_URL")
        if not database_url:
            raise SystemExit("DATABASE_URL is not set")
        sender = env.get("SMS_SENDER") or "twilio"
        if sender not in ("auto", "console", "twilio"):
            raise SystemExit(f"SMS_SENDER must be auto, console or twilio, not {sender!r}")
        return cls(
            database_url=database_url,
            sender=sender,  # type: ignore[arg-type]
            encryption_key=env.get("SETTINGS_ENCRYPTION_KEY") or None,
            twilio_api_base_url=env.get("TWILIO_API_BASE_URL") or TWILIO_API_BASE_URL,
            webhook_base_url=env.get("TWILIO_WEBHOOK_BASE_URL") or None,
            concurrency=int(env.get("SMS_WORKER_CONCURRENCY", "8")),
            poll_interval=float(env.get("SMS_WORKER_POLL_INTERVAL", "0.25")),
            lease_seconds=float(env.get("SMS_WORKER_LEASE_SECONDS", "60")),
            send_timeout=float(env.get("SMS_WORKER_SEND_TIMEOUT", "15")),
        )


class _InFlight:
    """Counts sends under way; lets shutdown wait for them to finish."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    @property
    def count(self) -> int:
        with self._changed:
            return self._count

    def add(self, n: int) -> None:
        with self._changed:
            self._count += n

    def done(self) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, timeout)


class SmsWorker:
    def __init__(self, settings: WorkerSettings, console: TextIO | None = None) -> None:
        self.settings = settings
        self._console = ConsoleSender(console)
        self._twilio = TwilioSender(settings.twilio_api_base_url, settings.send_timeout)
        self._wake = threading.Event()
        self._in_flight = _InFlight()
        self._credentials: dict[uuid.UUID, tuple[float, TwilioAccount]] = {}
        self._credentials_lock = threading.Lock()
        self._stop = threading.Event()

    # -- the loop ---------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        """Work until `stop` is set, then shut down gracefully."""
        self._stop = stop
        settings = self.settings
        listener = OutboxListener(settings.database_url, self._wake, stop)
        pool = ConnectionPool(
            settings.database_url,
            min_size=1,
            max_size=settings.concurrency + 1,
            kwargs={"autocommit": True, "connect_timeout": 5, **KEEPALIVES},
            check=ConnectionPool.check_connection,
            name="sms-worker",
            open=False,
        )
        pool.open(wait=False)
        senders = ThreadPoolExecutor(settings.concurrency, thread_name_prefix="sms-send")
        log.info("sms worker %s started (sender %s)", settings.worker_name, settings.sender)
        if settings.sender != "twilio":
            log.warning(CONSOLE_WARNING, settings.sender)
        listener.start()
        # A stop request interrupts the wait between polls.
        threading.Thread(target=lambda: (stop.wait(), self._wake.set()), daemon=True).start()
        try:
            self._dispatch(pool, senders)
        finally:
            if not self._in_flight.wait_idle(settings.shutdown_grace):
                log.warning("sms worker stopping with sends still under way (leases will expire)")
            senders.shutdown(wait=False)
            listener.join(timeout=5)
            pool.close()
            log.info("sms worker %s stopped", settings.worker_name)

    def _dispatch(self, pool: ConnectionPool, senders: ThreadPoolExecutor) -> None:
        settings = self.settings
        error_delay = 0.1
        while not self._stop.is_set():
            self._wake.clear()
            free = settings.concurrency - self._in_flight.count
            if free > 0:
                try:
                    batch, owed = self._claim(pool, free)
                    error_delay = 0.1
                except psycopg.Error as exc:
                    log.warning("claiming SMS failed (%s); retrying in %.1fs", exc, error_delay)
                    self._stop.wait(error_delay)
                    error_delay = min(error_delay * 2, 5.0)
                    continue
                # Never more than `concurrency` claimed: each starts at once.
                self._in_flight.add(len(batch))
                for sms in batch:
                    senders.submit(self._deliver, pool, sms)
                if owed:  # the claims' sms.status_changed, once the sends are under way
                    try:
                        with pool.connection(timeout=2) as conn:
                            notify_owed(conn, owed)
                    except psycopg.Error as exc:  # a wake-up only: the feed's poll finds them
                        log.warning("after-commit notifications lost: %s", exc)
                if len(batch) == free:
                    continue  # there may be more due; claim again at once
            self._wake.wait(settings.poll_interval)

    def _claim(self, pool: ConnectionPool, limit: int) -> tuple[list[OutgoingSms], str | None]:
        """The claimed messages, and the wake-ups the claim owes."""
        with pool.connection(timeout=2) as conn, conn.cursor(row_factory=dict_row) as cur:
            cur.execute(
                queries.CLAIM_SMS_BATCH,
                {
                    "worker": self.settings.worker_name,
                    "limit": limit,
                    "lease_seconds": self.settings.lease_seconds,
                },
            )
            rows = cur.fetchall()
        batch = [
            OutgoingSms(
                org_id=row["org_id"],
                message_id=row["id"],
                kind=row["kind"],
                recipient=row["recipient"],
                body=row["body"],
                attempts=row["attempts"],
            )
            for row in rows
        ]
        return batch, rows[0]["owed"] if rows else None

    # -- one message -------------------------------------------------------------
    def _deliver(self, pool: ConnectionPool, sms: OutgoingSms) -> None:
        try:
            if self._stop.is_set():
                self._persist(
                    pool,
                    queries.RELEASE_SMS,
                    {
                        "org_id": sms.org_id,
                        "message_id": sms.message_id,
                        "worker": self.settings.worker_name,
                    },
                )
                metrics.record_sms_send("released", "none")
                return
            sender, outcome, seconds = self._send(pool, sms)
            outcome_name = "accepted" if isinstance(outcome, Accepted) else "failed"
            metrics.record_sms_send(outcome_name, sender, seconds)
            self._record(pool, sms, outcome)
        except Exception:
            log.exception("delivering SMS %s failed; its lease will expire", sms.message_id)
        finally:
            self._in_flight.done()
            self._wake.set()

    def _send(
        self, pool: ConnectionPool, sms: OutgoingSms
    ) -> tuple[str, SendOutcome, float | None]:
        """The sender used (twilio, console, none), its outcome, and how long it took."""
        if self.settings.sender == "console":
            return self._timed("console", lambda: self._console.send(sms))
        try:
            account = self._account(pool, sms.org_id)
        except psycopg.Error as exc:
            failed = Failed(None, "CREDENTIALS_UNAVAILABLE", f"{type(exc).__name__}: {exc}")
            return "none", failed, None
        if self.settings.sender == "auto" and (
            account is None or account.account_sid == DEVELOPMENT_TWILIO_ACCOUNT_SID
        ):
            # no Twilio settings, or make run's example account
            return self._timed("console", lambda: self._console.send(sms))
        if account is None:
            failed = Failed(None, "NOT_CONFIGURED", "the organization has no Twilio settings")
            return "none", failed, None
        callback = self._status_callback_url(sms)
        return self._timed("twilio", lambda: self._twilio.send(sms, account, callback))

    @staticmethod
    def _timed(
        sender: str, send: Callable[[], SendOutcome]
    ) -> tuple[str, SendOutcome, float | None]:
        started = time.perf_counter()
        outcome = send()
        return sender, outcome, time.perf_counter() - started

    def _status_callback_url(self, sms: OutgoingSms) -> str | None:
        if not self.settings.webhook_base_url:
            return None
        query = urlencode({"org_id": str(sms.org_id), "message_id": str(sms.message_id)})
        return f"{self.settings.webhook_base_url.rstrip('/')}{STATUS_CALLBACK_PATH}?{query}"

    def _account(self, pool: ConnectionPool, org_id: uuid.UUID) -> TwilioAccount | None:
        now = time.monotonic()
        with self._credentials_lock:
            cached = self._credentials.get(org_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        with pool.connection(timeout=10) as conn, conn.cursor(row_factory=dict_row) as cur:
            cur.execute(
                queries.TWILIO_CREDENTIALS,
                {"org_id": org_id, "encryption_key": self.settings.encryption_key},
            )
            row = cur.fetchone()
        if row is None:
            return None  # not cached: settings added later apply at once
        account = TwilioAccount(**row)
        with self._credentials_lock:
            self._credentials[org_id] = (now + self.settings.credentials_ttl, account)
        return account

    def _record(self, pool: ConnectionPool, sms: OutgoingSms, outcome: SendOutcome) -> None:
        base = {"org_id": sms.org_id, "message_id": sms.message_id}
        if isinstance(outcome, Accepted):
            self._persist(
                pool,
                queries.RECORD_SMS_ACCEPTED,
                {
                    **base,
                    "provider": outcome.provider,
                    "provider_message_id": outcome.provider_message_id,
                    "provider_status": outcome.provider_status,
                },
            )
        else:
            log.info(
                "SMS %s attempt %d failed: %s %s",
                sms.message_id,
                sms.attempts,
                outcome.error_code,
                outcome.error_message,
            )
            self._persist(
                pool,
                queries.RECORD_SMS_FAILURE,
                {
                    **base,
                    "worker": self.settings.worker_name,
                    "http_status": outcome.http_status,
                    "error_code": outcome.error_code,
                    "error_message": outcome.error_message,
                },
            )

    def _persist(self, pool: ConnectionPool, query: LiteralString, params: dict[str, Any]) -> None:
        """Run a recording statement, retrying while the database is away.

        The SMS may already be with the provider: losing this record would
        send it again when the lease runs out, so keep trying for half the
        lease (the rest is left to the lease).
        """
        deadline = time.monotonic() + self.settings.lease_seconds / 2
        delay = 0.1
        while True:
            try:
                with pool.connection(timeout=5) as conn:
                    row = conn.execute(query, params).fetchone()
                    notify_owed(conn, row[0] if row else None)
                return
            except psycopg.OperationalError as exc:
                if time.monotonic() + delay > deadline:
                    raise
                log.warning("recording an SMS outcome failed (%s); retrying", exc)
                time.sleep(delay)
                delay = min(delay * 2, 2.0)


def sms_worker_task(settings: WorkerSettings) -> Callable[[object], Awaitable[None]]:
    """The worker as an asyncio background task of the service (an async
    function of the ServiceState, cancelled when the server stops). It runs
    on a thread of its own; cancelling the task stops it gracefully and
    waits for the sends under way."""

    async def sms_worker(_state: object) -> None:
        stop = threading.Event()
        thread = threading.Thread(
            target=SmsWorker(settings).run, args=(stop,), name="sms-worker", daemon=True
        )
        thread.start()
        try:
            while thread.is_alive():
                await asyncio.sleep(0.25)
            log.error("the sms worker thread ended by itself")
        finally:
            stop.set()
            await asyncio.to_thread(thread.join, settings.shutdown_grace + 10)

    return sms_worker


def _stop_on_signals(stop: threading.Event) -> None:
    def handler(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d: stopping", signum)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)


def main() -> int:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("twilio").setLevel(logging.WARNING)
    settings = WorkerSettings.from_env()
    stop = threading.Event()
    _stop_on_signals(stop)
    SmsWorker(settings).run(stop)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
