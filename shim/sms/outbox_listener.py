"""LISTEN for new outbox messages on a dedicated, self-healing connection.

A transaction that queues an SMS owes a wake-up on channel booking_sms_outbox
(booking.enqueue_sms records it with booking.notify_after_commit; SQL never
notifies inside the transaction, since migration 0090), and its committer
sends it after COMMIT (shim/database/after_commit.py). This thread turns
each notification into a wake-up of the worker. A writer that sends no
wake-ups (psql, raw SQL) and notifications sent while the connection is down
are covered by the worker's poll interval; after every (re)connection the
worker is also woken once to look for due messages.
"""

from __future__ import annotations

import logging
import threading

import psycopg

from shim import queries
from shim.database.listen_connection import KEEPALIVES

log = logging.getLogger(__name__)


class OutboxListener(threading.Thread):
    def __init__(
        self,
        database_url: str,
        wake: threading.Event,
        stop: threading.Event,
        check_interval: float = 0.5,
        max_reconnect_delay: float = 5.0,
    ) -> None:
        super().__init__(name="sms-outbox-listener", daemon=True)
        self._database_url = database_url
        self._wake = wake
        self._stop_event = stop
        self._check_interval = check_interval
        self._max_reconnect_delay = max_reconnect_delay
        self.listening = threading.Event()

    def run(self) -> None:
        delay = 0.1
        while not self._stop_event.is_set():
            try:
                self._listen()
                delay = 0.1
            except psycopg.Error as exc:
                self.listening.clear()
                log.warning("outbox listener disconnected (%s); reconnecting in %.1fs", exc, delay)
                self._stop_event.wait(delay)
                delay = min(delay * 2, self._max_reconnect_delay)
        self.listening.clear()

    def _listen(self) -> None:
        with psycopg.connect(
            self._database_url, autocommit=True, connect_timeout=5, **KEEPALIVES
        ) as conn:
            conn.execute(queries.LISTEN_SMS_OUTBOX)
            self.listening.set()
            self._wake.set()  # whatever was enqueued while we were not listening
            while not self._stop_event.is_set():
                for _ in conn.notifies(timeout=self._check_interval):
                    self._wake.set()
