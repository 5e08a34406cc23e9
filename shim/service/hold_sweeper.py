"""A background task that, every few seconds, marks overdue holds expired
and advances the waitlist.

An expired hold stops counting by itself (SQL compares expires_at with
now()); this task only makes `hold.expired` appear on the live feed close to
the moment it happens. The waitlist's offers, though, move on only here
(public.advance_waitlist): unanswered offers expire and the slot's next
batch is texted, batches that quiet hours held back go out, entries past
their window expire. Each runs in a transaction of its own, so one failing
does not hold the other back; the SMS it queues are announced to the
workers after commit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from shim import queries
from shim.service.state import ServiceState
from shim.service.transaction import service_role_transaction

log = logging.getLogger("shim.service.hold_sweeper")

WAITLIST_COUNTS = ("offers_expired", "batches_sent", "entries_expired")


async def expire_overdue_holds(state: ServiceState) -> int:
    """Marks overdue holds expired; how many. Their hold.expired events'
    wake-ups are sent after commit."""
    async with service_role_transaction(state.pool, state.after_commit) as conn:
        row = await (await conn.execute(queries.EXPIRE_OVERDUE_HOLDS)).fetchone()
    return int(row[0]) if row and row[0] else 0


async def advance_waitlist(state: ServiceState) -> dict[str, int]:
    """One step of the waitlist (public.advance_waitlist); its counts. The
    offer SMS it queues are announced to the workers after commit."""
    async with service_role_transaction(state.pool, state.after_commit) as conn:
        row = await (await conn.execute(queries.ADVANCE_WAITLIST)).fetchone()
    answer: Any = row[0] if row else None
    if not isinstance(answer, dict):
        raise TypeError(f"advance_waitlist answered {answer!r}")
    return {name: int(answer.get(name) or 0) for name in WAITLIST_COUNTS}


async def sweep(state: ServiceState) -> None:
    """One cycle: holds, then the waitlist; a failure is logged, never raised
    (the database may be restarting; the next cycle tries again)."""
    try:
        if expired := await expire_overdue_holds(state):
            log.info("marked %d overdue holds expired", expired)
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        log.warning("hold sweeper: %s", exc)
    try:
        counts = await advance_waitlist(state)
        if any(counts.values()):
            log.info(
                "waitlist: %d offers expired, %d batches sent, %d entries expired",
                counts["offers_expired"],
                counts["batches_sent"],
                counts["entries_expired"],
            )
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        log.warning("hold sweeper: waitlist: %s", exc)


def hold_sweeper_task(interval_seconds: float = 5.0) -> Callable[[ServiceState], Awaitable[None]]:
    async def hold_sweeper(state: ServiceState) -> None:
        while True:
            await sweep(state)
            await asyncio.sleep(interval_seconds)

    return hold_sweeper
