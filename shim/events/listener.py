"""One LISTEN booking_events connection per process, fanned out to the live
feed's streams.

A notification names organizations (comma-separated ids, "*" for all), sent
after commit by the process that committed their events
(shim/database/after_commit.py), one per transaction or fewer. It only wakes
the streams of those organizations: each stream then reads the events from
the database after its cursor, as its client's role (shim/events/stream.py).
So a lost notification costs latency, never an event:

- each stream has a bounded queue of wake-ups; when it is full the newest
  wake-up is dropped (the stream reads whatever is there anyway, so memory
  stays bounded however slow the client is);
- the connection reconnects with backoff, and after every (re)connect every
  stream is woken to catch up, since notifications sent while nobody
  listened are gone;
- every `poll_seconds` the connection asks for the latest cursor of each
  organization with streams (booking.latest_event_cursors) and wakes the
  streams at another position: events of writers that send no wake-up
  (psql, raw SQL), and events held back by an older open transaction (the
  feed's horizon), arrive within a poll interval.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import psycopg

from shim import queries
from shim.database.listen_connection import KEEPALIVES, backoff, listen_forever

log = logging.getLogger(__name__)

APPLICATION_NAME = "clinic-booking-events"
EVERYONE = "*"


class Subscription:
    """The wake-ups of one stream, bounded, and the cursor it has read up to
    (the stream keeps `position` current; the poll compares it)."""

    def __init__(self, org_id: str, queue_size: int) -> None:
        self.org_id = org_id
        self.position: str | None = None
        self._queue: asyncio.Queue[None] = asyncio.Queue(maxsize=queue_size)

    def wake(self) -> bool:
        """Queue a wake-up; False when the queue was full (it is dropped:
        the stream, woken anyway, reads until nothing is left)."""
        try:
            self._queue.put_nowait(None)
        except asyncio.QueueFull:
            return False
        return True

    async def wait(self, timeout: float) -> bool:
        """True when woken since the last call (all wake-ups so far taken at
        once), False when nothing came within timeout."""
        try:
            await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return False
        while not self._queue.empty():
            self._queue.get_nowait()
        return True


class EventListener:
    """LISTEN booking_events on a dedicated connection; wake the subscribers."""

    def __init__(
        self,
        queue_size: int = 64,
        reconnect_delays: Sequence[float] = (0.1, 0.5, 1.0, 2.0, 5.0),
        poll_seconds: float = 0.25,
    ) -> None:
        self.queue_size = queue_size
        self.reconnect_delays = tuple(reconnect_delays)
        self.poll_seconds = poll_seconds
        self._subscribers: dict[str, set[Subscription]] = {}
        # For tests and diagnostics.
        self.listening = False
        self.backend_pid: int | None = None
        self.connections = 0
        self.notifications = 0
        self.overflows = 0
        self.polls = 0
        self.polled_wake_ups = 0
        self._can_poll = True

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
        """Wake the subscribers of the notification's organizations."""
        self.notifications += 1
        if payload.strip() == EVERYONE:
            self.wake_all()
            return
        for org_id in payload.lower().split(","):
            for subscription in self._subscribers.get(org_id.strip(), ()):
                if not subscription.wake():
                    self.overflows += 1

    async def poll(self, conn: psycopg.AsyncConnection[Any]) -> None:
        """Wake the streams whose organization's latest cursor is not where they are."""
        if not self._subscribers or not self._can_poll:
            return
        self.polls += 1
        cursor = await conn.execute(queries.EVENTS_POLL, {"orgs": list(self._subscribers)})
        for org_id, latest in await cursor.fetchall():
            for subscription in self._subscribers.get(org_id, ()):
                if subscription.position != latest:
                    self.polled_wake_ups += 1
                    if not subscription.wake():
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
            try:
                await conn.execute(queries.EVENTS_POLL_ROLE)
                self._can_poll = True
            except psycopg.errors.InsufficientPrivilege as exc:
                # The login role cannot act as service_role: wake-ups only.
                self._can_poll = False
                log.warning("event listener: no fallback poll (%s)", exc)
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
            on_tick=self.poll,
            tick_seconds=lambda: self.poll_seconds,
            retry_delay=self._reconnect_delay,
            connect_options={
                "connect_timeout": 5,
                "application_name": APPLICATION_NAME,
                **KEEPALIVES,
            },
        )
