"""The fan-out without a database: bounded wake-up queues and routing."""

from __future__ import annotations

import asyncio

from shim.events.listener import EventListener, Subscription
from shim.events.stream import sse_event

ORG = "A0000000-0000-0000-0000-00000000000A"
OTHER = "b0000000-0000-0000-0000-00000000000b"


def test_a_full_queue_drops_wake_ups_and_the_stream_still_wakes() -> None:
    async def scenario() -> list[bool]:
        subscription = Subscription(ORG, queue_size=2)
        assert subscription.wake()
        assert subscription.wake()
        assert not subscription.wake()  # dropped: memory stays bounded
        first = await subscription.wait(0.1)
        assert subscription.wake()
        assert subscription.wake()
        second = await subscription.wait(0.1)
        third = await subscription.wait(0.05)
        return [first, second, third]

    assert asyncio.run(scenario()) == [True, True, False]


def test_notifications_wake_only_their_organizations_subscribers() -> None:
    async def scenario() -> tuple[bool, bool, int]:
        listener = EventListener(queue_size=4)
        mine = listener.subscribe(ORG)
        other = listener.subscribe(OTHER)
        listener.dispatch("a0000000-0000-0000-0000-00000000000a")
        listener.dispatch("not an organization")
        listener.dispatch('{"id": 4}')
        woken, not_woken = await mine.wait(0.1), await other.wait(0.05)
        listener.unsubscribe(mine)
        listener.unsubscribe(mine)  # twice is fine
        return woken, not_woken, listener.subscription_count

    assert asyncio.run(scenario()) == (True, False, 1)


def test_one_notification_names_several_organizations_or_everyone() -> None:
    async def scenario() -> list[bool]:
        listener = EventListener(queue_size=4)
        mine, other = listener.subscribe(ORG), listener.subscribe(OTHER)
        third = listener.subscribe("c0000000-0000-0000-0000-00000000000c")
        listener.dispatch(f"{ORG.lower()},{OTHER}")
        woken = [await s.wait(0.05) for s in (mine, other, third)]
        listener.dispatch("*")
        return woken + [await s.wait(0.05) for s in (mine, other, third)]

    assert asyncio.run(scenario()) == [True, True, False, True, True, True]


def test_a_reconnect_wakes_every_subscriber_to_catch_up() -> None:
    async def scenario() -> list[bool]:
        listener = EventListener(queue_size=1)
        subscriptions = [listener.subscribe(ORG) for _ in range(3)]
        listener.wake_all()
        return [await s.wait(0.1) for s in subscriptions]

    assert asyncio.run(scenario()) == [True] * 3


def test_sse_event_format() -> None:
    assert (
        sse_event("7-1", "hold.claimed", '{"a":1}')
        == 'id: 7-1\nevent: hold.claimed\ndata: {"a":1}\n\n'
    )
