"""shim.database.listen_connection.listen_forever, the LISTEN loop of the schema cache
and of the live feed: it catches up after every (re)connect, reconnects
after a lost connection or a failing callback with growing delays, and
ends on cancellation."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import psycopg
import pytest

from shim.database.listen_connection import backoff, listen_forever
from shim.database.url import with_database

CHANNEL = "listen_connection_test"


class Recorder:
    def __init__(self) -> None:
        self.connected: list[int] = []  # backend pids
        self.payloads: list[str] = []
        self.delays_asked: list[int] = []
        self.lost = 0
        self.fail_on: str | None = None

    async def on_listening(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self.connected.append(conn.info.backend_pid)

    async def on_notify(self, notify: psycopg.Notify) -> None:
        self.payloads.append(notify.payload)
        if notify.payload == self.fail_on:
            raise RuntimeError("callback failed")

    def on_lost(self) -> None:
        self.lost += 1

    def retry_delay(self, failures: int) -> float:
        self.delays_asked.append(failures)
        return 0.05


async def _until(predicate: Any, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def _listen(url: str, recorder: Recorder) -> Any:
    return listen_forever(
        url,
        f"listen {CHANNEL}",
        name="test listener",
        on_listening=recorder.on_listening,
        on_notify=recorder.on_notify,
        on_lost=recorder.on_lost,
        retry_delay=recorder.retry_delay,
    )


def test_reconnects_after_a_lost_connection_or_a_failing_callback(database_url: str) -> None:
    recorder = Recorder()
    recorder.fail_on = "boom"

    async def scenario() -> None:
        task = asyncio.create_task(_listen(database_url, recorder))
        async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as db:
            await _until(lambda: len(recorder.connected) == 1)
            await db.execute(f"notify {CHANNEL}, 'one'")
            await _until(lambda: recorder.payloads == ["one"])

            await db.execute("select pg_terminate_backend(%s)", (recorder.connected[0],))
            await _until(lambda: len(recorder.connected) == 2)  # caught up again
            await db.execute(f"notify {CHANNEL}, 'boom'")
            await _until(lambda: len(recorder.connected) == 3)
            await db.execute(f"notify {CHANNEL}, 'two'")
            await _until(lambda: recorder.payloads[-1:] == ["two"])
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert recorder.payloads == ["one", "boom", "two"]
    assert recorder.delays_asked == [0, 0], "the count restarts once listening again"
    assert recorder.lost == 3  # two reconnects, then the cancellation


def test_an_unreachable_database_is_retried_with_growing_delays(server_url: str) -> None:
    recorder = Recorder()
    nowhere = with_database(server_url, f"no_such_database_{uuid.uuid4().hex[:8]}")

    async def scenario() -> None:
        task = asyncio.create_task(_listen(nowhere, recorder))
        await _until(lambda: len(recorder.delays_asked) >= 3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert recorder.delays_asked[:3] == [0, 1, 2]
    assert recorder.connected == []


def test_backoff_repeats_its_last_delay() -> None:
    delay = backoff((0.1, 0.5, 2.0))
    assert [delay(n) for n in range(5)] == [0.1, 0.5, 2.0, 2.0, 2.0]
