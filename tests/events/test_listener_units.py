"""The fan-out without a database: bounded wake-up queues and routing."""

from __future__ import annotations

import asyncio

from shim.events.listener import CATCH_UP, EventListener, Subscription
from shim.events.stream import sse_event

ORG = "A0000000-0000-0000-0000-00000000000A"


def test_a_full_queue_drops_wake_ups_and_asks_for_a_full_read() -> None:
    async def scenario() -> list[int | None]:
        subscription = Subscription(ORG, queue_size=2)
        assert subscription.wake(5)
        assert subscription.wake(6)
        assert not subscription.wake(7)  # dropped: memory stays bounded
        first = await subscription.wait(0.1)
        assert subscription.wake(8)
        assert subscription.wake(9)
        second = await subscription.wait(0.1)
        third = await subscription.wait(0.05)
        return [first, second, third]

    assert asyncio.run(scenario()) == [CATCH_UP, 9, None]


def test_notifications_wake_only_their_organizations_subscribers() -> None:
    async def scenario() -> tuple[int | None, int | None, int]:
        listener = EventListener(queue_size=4)
        mine = listener.subscribe(ORG)
        other = listener.subscribe("b0000000-0000-0000-0000-00000000000b")
        listener.dispatch('{"org_id": "a0000000-0000-0000-0000-00000000000a", "id": 3}')
        listener.dispatch("not json")
        listener.dispatch('{"id": 4}')
        woken, not_woken = await mine.wait(0.1), await other.wait(0.05)
        listener.unsubscribe(mine)
        listener.unsubscribe(mine)  # twice is fine
        return woken, not_woken, listener.subscription_count

    assert asyncio.run(scenario()) == (3, None, 1)


def test_a_reconnect_wakes_every_subscriber_to_catch_up() -> None:
    async def scenario() -> list[int | None]:
        listener = EventListener(queue_size=1)
        subscriptions = [listener.subscribe(ORG) for _ in range(3)]
        listener.wake_all()
        return [await s.wait(0.1) for s in subscriptions]

    assert asyncio.run(scenario()) == [CATCH_UP] * 3


def test_sse_event_format() -> None:
    assert (
        sse_event(7, "hold.claimed", '{"a":1}') == 'id: 7\nevent: hold.claimed\ndata: {"a":1}\n\n'
    )
