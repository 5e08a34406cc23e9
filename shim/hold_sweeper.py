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
from shim.gateway import GatewayState

log = logging.getLogger("shim.hold_sweeper")


def hold_sweeper_task(interval_seconds: float = 5.0) -> Callable[[GatewayState], Awaitable[None]]:
    async def hold_sweeper(state: GatewayState) -> None:
        while True:
            try:
                async with state.pool.connection() as conn, conn.transaction():
                    await conn.execute(queries.ACT_AS_SERVICE_ROLE)
                    row = await (await conn.execute(queries.EXPIRE_OVERDUE_HOLDS)).fetchone()
                    owed = await (await conn.execute(queries.AFTER_COMMIT_OWED)).fetchone()
                if state.after_commit is not None and owed:
                    state.after_commit.owe(owed[0])  # the hold.expired events' wake-ups
                if row and row[0]:
                    log.info("marked %d overdue holds expired", row[0])
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database may be restarting; try again later
                log.warning("hold sweeper: %s", exc)
            await asyncio.sleep(interval_seconds)

    return hold_sweeper
