"""A client that reconnects with Last-Event-ID (header, or ?last_event_id=
for the first request) gets exactly the events it missed, in order, once."""

from __future__ import annotations

import threading
import uuid

import psycopg

from tests.events.conftest import EventServer, book, claim_hold, event_count


def test_reconnecting_with_last_event_id_replays_exactly_the_missed_events(
    events_server: EventServer, clinic: uuid.UUID, db: psycopg.Connection
) -> None:
    token = events_server.member_token(clinic)
    with events_server.stream(token) as first:
        book(db, clinic)
        seen = first.take(2)
    assert [e.id for e in seen] == [1, 2]
    # Away: more events than one read returns (EVENTS_BATCH_SIZE=10).
    for _ in range(6):
        book(db, clinic)
    claim_hold(db, clinic)
    assert event_count(db, clinic) == 15
    with events_server.stream(token, headers={"Last-Event-ID": str(seen[-1].id)}) as second:
        assert second.status == 200, second.body
        missed = second.take(13)
        assert [e.id for e in missed] == list(range(3, 16))
        assert missed[-1].type == "hold.claimed"
        second.assert_quiet(0.3)
        book(db, clinic)
        assert [e.id for e in second.take(2)] == [16, 17]
        second.assert_quiet(0.3)


def test_last_event_id_as_query_parameter_and_the_header_wins(
    events_server: EventServer, clinic: uuid.UUID, db: psycopg.Connection
) -> None:
    for _ in range(2):
        book(db, clinic)
    token = events_server.member_token(clinic)
    with events_server.stream(token, params={"last_event_id": "1"}) as stream:
        assert [e.id for e in stream.take(3)] == [2, 3, 4]
        stream.assert_quiet(0.3)
    # An EventSource opened with ?last_event_id= sends the header when it
    # reconnects; the header is the newer position.
    with events_server.stream(
        token, params={"last_event_id": "1"}, headers={"Last-Event-ID": "3"}
    ) as stream:
        assert [e.id for e in stream.take(1)] == [4]
        stream.assert_quiet(0.3)


def test_resuming_while_events_keep_committing_loses_and_repeats_nothing(
    events_server: EventServer, clinic: uuid.UUID, database_url: str
) -> None:
    """Replay and live events meet without a gap or a duplicate."""
    stop = threading.Event()

    def keep_booking() -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            while not stop.is_set():
                book(conn, clinic)

    writer = threading.Thread(target=keep_booking, daemon=True)
    writer.start()
    token = events_server.member_token(clinic)
    try:
        received: list[int] = []
        for _ in range(3):  # connect, read a little, drop, resume
            headers = {"Last-Event-ID": str(received[-1])} if received else {"Last-Event-ID": "0"}
            with events_server.stream(token, headers=headers) as stream:
                received += [e.id for e in stream.take(7)]
    finally:
        stop.set()
        writer.join(10)
    assert received == list(range(1, len(received) + 1))


def test_a_last_event_id_beyond_the_latest_starts_now(
    events_server: EventServer, clinic: uuid.UUID, db: psycopg.Connection
) -> None:
    """E.g. an id of another organization or database: no waiting for ids that never come."""
    book(db, clinic)
    token = events_server.member_token(clinic)
    with events_server.stream(token, headers={"Last-Event-ID": "999999"}) as stream:
        assert stream.status == 200, stream.body
        book(db, clinic)
        assert [e.id for e in stream.take(2)] == [3, 4]
