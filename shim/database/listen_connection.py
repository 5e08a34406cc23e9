"""A LISTEN connection that reconnects, for the asyncio side of the service
(the gateway's schema-cache reloads, the live feed's wake-ups).

Notifications sent while no connection listens are lost, so `on_listening`
runs after every (re)connect: the place to catch up. Any failure, of the
connection or of a callback, closes the connection and reconnects after
`retry_delay(failures so far)`; cancelling the task ends it. With `on_tick`,
the connection also runs it every `tick_seconds` (a poll, e.g. the live
feed's fallback for writers that send no notification).

The SMS worker's listener (shim/sms/outbox_listener.py) is a thread with a blocking
connection, like the rest of the worker, and stays separate.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import psycopg
from psycopg.abc import Query

log = logging.getLogger(__name__)

# libpq keepalives notice a silently dead server connection (no RST).
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}


async def listen_forever(
    database_url: str,
    listen: Query,
    *,
    name: str,
    on_listening: Callable[[psycopg.AsyncConnection[Any]], Awaitable[None]],
    on_notify: Callable[[psycopg.Notify], Awaitable[None]],
    retry_delay: Callable[[int], float],
    on_lost: Callable[[], None] = lambda: None,
    connect_options: Mapping[str, Any] | None = None,
    on_tick: Callable[[psycopg.AsyncConnection[Any]], Awaitable[None]] | None = None,
    tick_seconds: Callable[[], float] = lambda: 1.0,
) -> None:
    """LISTEN on a dedicated autocommit connection until cancelled."""
    failures = 0
    try:
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(
                    database_url, autocommit=True, **(connect_options or {})
                )
                async with conn:
                    await conn.execute(listen)
                    await on_listening(conn)
                    failures = 0
                    if on_tick is None:
                        async for notify in conn.notifies():
                            await on_notify(notify)
                    while on_tick is not None:
                        async for notify in conn.notifies(timeout=tick_seconds()):
                            await on_notify(notify)
                        await on_tick(conn)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # log, wait, reconnect
                on_lost()
                delay = retry_delay(failures)
                failures += 1
                log.warning("%s: %s; reconnecting in %.1fs", name, exc, delay)
                await asyncio.sleep(delay)
    finally:
        on_lost()


def backoff(delays: tuple[float, ...]) -> Callable[[int], float]:
    """retry_delay for listen_forever: delays[failures], then the last one."""
    return lambda failures: delays[min(failures, len(delays) - 1)]
