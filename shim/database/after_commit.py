"""Wake-ups sent after a transaction commits, by the process that committed.

SQL never notifies inside a business transaction: a transaction that calls
pg_notify takes PostgreSQL's cluster-wide notify lock at COMMIT and holds it
through the WAL flush, so the commits of every clinic would queue behind
each other. Instead booking.notify_after_commit records what a transaction
owes in the transaction-local setting `booking.after_commit`, one
"<channel> <payload>" line each. The committer reads it before COMMIT
(queries.AFTER_COMMIT_OWED, pipelined with the COMMIT by the gateway) and,
once committed, sends the notifications in a transaction of its own with
synchronous_commit off (queries.AFTER_COMMIT_NOTIFY): that transaction
holds the notify lock for microseconds, not through a WAL flush, and the
notifications are only wake-ups (a lost one costs latency, never data; the
listeners also poll).

Payloads of one channel are merged into one notification per send, as a
comma-separated list (the live feed's organization ids), "*" for "everyone".

- `AfterCommitNotifier`: asyncio, one dedicated connection, batching what
  the requests of a busy process owe into one statement per round trip.
- `notify_owed(conn, owed)`: the same on a blocking autocommit connection.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import psycopg

from shim import queries

log = logging.getLogger(__name__)

EVERYONE = "*"
# pg_notify payloads must stay under 8000 bytes.
_MAX_PAYLOAD = 7000


def owed_lines(owed: str | None) -> list[tuple[str, str]]:
    """The (channel, payload) pairs of a booking.after_commit value."""
    pairs = []
    for line in (owed or "").splitlines():
        channel, _, payload = line.partition(" ")
        if channel:
            pairs.append((channel, payload))
    return pairs


def merged(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """channel -> the payloads to send: the distinct payloads comma-joined
    into as few notifications as fit, [EVERYONE] when one said so, [""]
    when none had a payload."""
    by_channel: dict[str, set[str]] = {}
    for channel, payload in pairs:
        by_channel.setdefault(channel, set()).add(payload)
    notifications: dict[str, list[str]] = {}
    for channel, payloads in by_channel.items():
        if EVERYONE in payloads:
            notifications[channel] = [EVERYONE]
            continue
        named = sorted(p for p in payloads if p)
        if not named:
            notifications[channel] = [""]
            continue
        chunks, current = [], ""
        for payload in named:
            if current and len(current) + 1 + len(payload) > _MAX_PAYLOAD:
                chunks.append(current)
                current = ""
            current = f"{current},{payload}" if current else payload
        chunks.append(current)
        notifications[channel] = chunks
    return notifications


def _parameters(notifications: Mapping[str, list[str]]) -> dict[str, list[str]]:
    channels = [c for c, payloads in notifications.items() for _ in payloads]
    payloads = [p for ps in notifications.values() for p in ps]
    return {"channels": channels, "payloads": payloads}


def notify_owed(conn: psycopg.Connection[Any], owed: str | None) -> None:
    """Send what a committed transaction owed, on an autocommit connection.
    A failure is logged, not raised: the transaction has committed, and the
    listeners' polls find what a lost wake-up announced."""
    notifications = merged(owed_lines(owed))
    if not notifications:
        return
    try:
        conn.execute(queries.AFTER_COMMIT_NOTIFY, _parameters(notifications))
    except psycopg.Error as exc:
        log.warning("after-commit notifications lost: %s", exc)


class AfterCommitNotifier:
    """Sends the wake-ups committed transactions owe, on a connection of its
    own: `owe()` never waits; `run()` (a background task) sends whatever
    accumulated, one statement per round trip, so a busy process sends far
    fewer notifications than it commits transactions."""

    def __init__(self, database_url: str, connect_options: Mapping[str, Any] | None = None) -> None:
        self._database_url = database_url
        self._connect_options = dict(connect_options or {})
        self._pending: list[tuple[str, str]] = []
        self._owed = asyncio.Event()
        # For tests and diagnostics.
        self.sent = 0
        self.failures = 0

    def owe(self, owed: str | None) -> None:
        pairs = owed_lines(owed)
        if pairs:
            self._pending.extend(pairs)
            self._owed.set()

    async def run(self) -> None:
        """Send until cancelled; reconnect after a failure (what was owed then is dropped:
        the listeners' polls find it)."""
        conn: psycopg.AsyncConnection[Any] | None = None
        try:
            while True:
                await self._owed.wait()
                self._owed.clear()
                pending, self._pending = self._pending, []
                try:
                    if conn is None or conn.closed:
                        conn = await psycopg.AsyncConnection.connect(
                            self._database_url, autocommit=True, **self._connect_options
                        )
                    await conn.execute(queries.AFTER_COMMIT_NOTIFY, _parameters(merged(pending)))
                    self.sent += 1
                except psycopg.Error as exc:
                    self.failures += 1
                    log.warning("after-commit notifications lost: %s", exc)
                    if conn is not None:
                        await conn.close()
                    conn = None
                    await asyncio.sleep(0.5)
        finally:
            if conn is not None:
                await conn.close()
