"""A background task that marks overdue holds expired every few seconds.

An expired hold stops counting by itself (SQL compares expires_at with
now()); this task only makes `hold.expired` appear on the live feed close to
the moment it happens.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from shim import queries
from shim.service.state import ServiceState
from shim.service.transaction import service_role_transaction

log = logging.getLogger("shim.service.hold_sweeper")


def hold_sweeper_task(interval_seconds: float = 5.0) -> Callable[[ServiceState], Awaitable[None]]:
    async def hold_sweeper(state: ServiceState) -> None:
        while True:
            try:
                # The hold.expired events' wake-ups are sent after commit.
                async with service_role_transaction(state.pool, state.after_commit) as conn:
                    row = await (await conn.execute(queries.EXPIRE_OVERDUE_HOLDS)).fetchone()
                if row and row[0]:
                    log.info("marked %d overdue holds expired", row[0])
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database may be restarting; try again later
                log.warning("hold sweeper: %s", exc)
            await asyncio.sleep(interval_seconds)

    return hold_sweeper
