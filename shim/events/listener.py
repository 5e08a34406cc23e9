"""One LISTEN booking_events connection per process, fanned out to the live
feed's streams.

A notification ({"org_id", "id"}, sent by the event triggers at commit) only
wakes the streams of its organization: each stream then reads the events
from the database by id, as its client's role (shim/events/stream.py). So a
lost notification costs latency, never an event:

- each stream has a bounded queue of wake-ups; when it is full the newest
  wake-up is dropped and the stream is told to read whatever is there
  (memory stays bounded however slow the client is);
- the connection reconnects with backoff, and after every (re)connect every
  stream is woken to catch up, since notifications sent while nobody
  listened are gone.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from typing import Any

import psycopg

from shim import queries
from shim.database.listen_connection import KEEPALIVES, backoff, listen_forever

log = logging.getLogger(__name__)

APPLICATION_NAME = "clinic-booking-events"
# A wake-up without an event id: read whatever is there.
CATCH_UP = 2**63 - 1


class Subscription:
    """The wake-ups of one stream: the ids of notified events, bounded."""

    def __init__(self, org_id: str, queue_size: int) -> None:
        self.org_id = org_id
        self._queue: asyncio.Queue[int] = asyncio.Queue(maxsize=queue_size)
        self._overflowed = False

    def wake(self, event_id: int = CATCH_UP) -> bool:
        """Queue a wake-up; False when the queue was full (it is dropped)."""
        try:
            self._queue.put_nowait(event_id)
        except asyncio.QueueFull:
            # The queue is not empty, so the stream wakes anyway; the ids
            # dropped here are found by reading until nothing is left.
            self._overflowed = True
            return False
        return True

    async def wait(self, timeout: float) -> int | None:
        """The highest id notified since the last call (CATCH_UP after an
        overflow or a reconnect), or None when nothing came within timeout."""
        try:
            highest = await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None
        while not self._queue.empty():
            highest = max(highest, self._queue.get_nowait())
        if self._overflowed:
            self._overflowed = False
            highest = CATCH_UP
        return highest


class EventListener:
    """LISTEN booking_events on a dedicated connection; wake the subscribers."""

    def __init__(
        self, queue_size: int = 64, reconnect_delays: Sequence[float] = (0.1, 0.5, 1.0, 2.0, 5.0)
    ) -> None:
        self.queue_size = queue_size
        self.reconnect_delays = tuple(reconnect_delays)
        self._subscribers: dict[str, set[Subscription]] = {}
        # For tests and diagnostics.
        self.listening = False
        self.backend_pid: int | None = None
        self.connections = 0
        self.notifications = 0
        self.overflows = 0

    def subscribe(self, org_id: str) -> Subscription:
        subscription = Subscription(org_id.lower(), self.queue_size)
        self._subscribers.setdefault(subscription.org_id, set()).add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        subscribers = self._subscribers.get(subscription.org_id)
        if subscribers is None:
            return
        subscribers.discard(subscription)
        if not subscribers:
            del self._subscribers[subscription.org_id]

    @property
    def subscription_count(self) -> int:
        return sum(len(s) for s in self._subscribers.values())

    def wake_all(self) -> None:
        for subscribers in self._subscribers.values():
            for subscription in subscribers:
                subscription.wake()

    def dispatch(self, payload: str) -> None:
        """Wake the subscribers of the notification's organization."""
        self.notifications += 1
        try:
            notice = json.loads(payload)
            org_id = str(notice["org_id"]).lower()
            event_id = int(notice["id"])
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("ignoring a malformed booking_events notification %r: %s", payload, exc)
            return
        for subscription in self._subscribers.get(org_id, ()):
            if not subscription.wake(event_id):
                self.overflows += 1

    def _reconnect_delay(self, failures: int) -> float:
        """Read at each failure: reconnect_delays may change while running."""
        return backoff(self.reconnect_delays)(failures)

    async def run(self, database_url: str) -> None:
        """Listen until cancelled, reconnecting with backoff."""

        async def listening(conn: psycopg.AsyncConnection[Any]) -> None:
            self.listening = True
            self.backend_pid = conn.info.backend_pid
            self.connections += 1
            log.info("event listener: listening on booking_events")
            self.wake_all()  # what committed while nobody listened

        async def notified(notify: psycopg.Notify) -> None:
            self.dispatch(notify.payload)

        def lost() -> None:
            self.listening = False

        await listen_forever(
            database_url,
            queries.LISTEN_EVENTS,
            name="event listener",
            on_listening=listening,
            on_notify=notified,
            on_lost=lost,
            retry_delay=self._reconnect_delay,
            connect_options={
                "connect_timeout": 5,
                "application_name": APPLICATION_NAME,
                **KEEPALIVES,
            },
        )
