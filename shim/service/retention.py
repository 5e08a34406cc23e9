"""A background task that removes expired data daily (public.purge_expired_data).

What is removed, and after how long, is decided in SQL (the *_retention_days
package settings); this task only calls the function, one short transaction
per batch, until it answers that nothing more is due, then sleeps. Several
instances may each run it: the batches skip each other's rows.

Settings (environment):
  DATA_PURGE_INTERVAL_HOURS  hours between purges (default 24); 0 turns the
                             task off, e.g. where pg_cron calls the function
                             (docs/deploy.md, "Retention")
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from shim import queries
from shim.service.settings import SettingsError
from shim.service.state import ServiceState
from shim.service.transaction import service_role_transaction

log = logging.getLogger("shim.service.retention")

_COUNTS = (
    "sms_bodies_removed",
    "phone_verifications_deleted",
    "inbound_sms_deleted",
    "inbound_texts_deleted",
    "holds_deleted",
    "waitlist_slots_deleted",
    "waitlist_entries_deleted",
)


def purge_interval_hours(env: Mapping[str, str]) -> float:
    """DATA_PURGE_INTERVAL_HOURS (default 24; 0: no purge task)."""
    raw = env.get("DATA_PURGE_INTERVAL_HOURS") or "24"
    try:
        hours = float(raw)
    except ValueError as exc:
        raise SettingsError(f"DATA_PURGE_INTERVAL_HOURS must be a number, got {raw!r}") from exc
    if hours < 0:
        raise SettingsError(f"DATA_PURGE_INTERVAL_HOURS must be 0 or more, got {hours}")
    return hours


async def purge_once(state: ServiceState, batch_size: int, pause_seconds: float) -> dict[str, int]:
    """Call the purge until it has nothing more to do; the totals removed."""
    totals = dict.fromkeys(_COUNTS, 0)
    while True:
        async with service_role_transaction(state.pool, state.after_commit) as conn:
            row = await (
                await conn.execute(queries.PURGE_EXPIRED_DATA, {"batch_size": batch_size})
            ).fetchone()
        answer: dict[str, Any] = row[0] if row else {}
        for name in _COUNTS:
            totals[name] += int(answer.get(name) or 0)
        if not answer.get("more"):
            return totals
        await asyncio.sleep(pause_seconds)  # let the booking path have the tables between batches


def retention_task(
    interval_seconds: float = 24 * 3600,
    *,
    first_delay_seconds: float = 60.0,
    batch_size: int = 1000,
    pause_seconds: float = 0.1,
    retry_seconds: float = 3600.0,
) -> Callable[[ServiceState], Awaitable[None]]:
    """The purge every interval_seconds, the first a little after the start
    (not while the instance warms up); a failed purge is tried again after
    retry_seconds."""

    async def data_purge(state: ServiceState) -> None:
        delay = first_delay_seconds
        while True:
            await asyncio.sleep(delay)
            try:
                totals = await purge_once(state, batch_size, pause_seconds)
                log.info("purged expired data: %s", totals)
                delay = interval_seconds
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database may be restarting; try again later
                log.warning("purging expired data failed: %s", exc)
                delay = min(retry_seconds, interval_seconds)

    return data_purge
