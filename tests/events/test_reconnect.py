"""A client that reconnects with Last-Event-ID (header, or ?last_event_id=
for the first request) gets exactly the events it missed, in order, once."""

from __future__ import annotations

import threading

import psycopg

from tests.events.conftest import EventServer, book, claim_hold, event_count, feed_ids
from tests.fixtures import Clinic


def test_reconnecting_with_last_event_id_replays_exactly_the_missed_events(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    token = events_server.member_token(clinic.org_id)
    with events_server.stream(token) as first:
        book(db, clinic.org_id)
        seen = first.take(2)
    assert [e.id for e in seen] == feed_ids(db, clinic.org_id)[:2]
    # Away: more events than one read returns (EVENTS_BATCH_SIZE=10).
    for _ in range(6):
        book(db, clinic.org_id)
    claim_hold(db, clinic.org_id)
    assert event_count(db, clinic.org_id) == 15
    with events_server.stream(token, headers={"Last-Event-ID": str(seen[-1].id)}) as second:
        assert second.status == 200, second.body
        missed = second.take(13)
        assert [e.id for e in missed] == feed_ids(db, clinic.org_id)[2:15]
        assert missed[-1].type == "hold.claimed"
        second.assert_quiet(0.3)
        book(db, clinic.org_id)
        assert [e.id for e in second.take(2)] == feed_ids(db, clinic.org_id)[15:17]
        second.assert_quiet(0.3)


def test_last_event_id_as_query_parameter_and_the_header_wins(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    for _ in range(2):
        book(db, clinic.org_id)
    token = events_server.member_token(clinic.org_id)
    ids = feed_ids(db, clinic.org_id)
    with events_server.stream(token, params={"last_event_id": ids[0]}) as stream:
        assert [e.id for e in stream.take(3)] == ids[1:4]
        stream.assert_quiet(0.3)
    # An EventSource opened with ?last_event_id= sends the header when it
    # reconnects; the header is the newer position.
    with events_server.stream(
        token, params={"last_event_id": ids[0]}, headers={"Last-Event-ID": ids[2]}
    ) as stream:
        assert [e.id for e in stream.take(1)] == ids[3:4]
        stream.assert_quiet(0.3)


def test_resuming_while_events_keep_committing_loses_and_repeats_nothing(
    events_server: EventServer, clinic: Clinic, database_url: str, db: psycopg.Connection
) -> None:
    """Replay and live events meet without a gap or a duplicate."""
    stop = threading.Event()

    def keep_booking() -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            while not stop.is_set():
                book(conn, clinic.org_id)

    writer = threading.Thread(target=keep_booking, daemon=True)
    writer.start()
    token = events_server.member_token(clinic.org_id)
    try:
        received: list[str] = []
        for _ in range(3):  # connect, read a little, drop, resume
            # "0": from the start (a whole number is an id from before cursors, 0-N).
            headers = {"Last-Event-ID": received[-1]} if received else {"Last-Event-ID": "0"}
            with events_server.stream(token, headers=headers) as stream:
                received += [e.id for e in stream.take(7)]
    finally:
        stop.set()
        writer.join(10)
    assert received == feed_ids(db, clinic.org_id)[: len(received)]


def test_a_last_event_id_beyond_the_latest_starts_now(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    """E.g. an id of another organization or database: no waiting for ids that never come."""
    book(db, clinic.org_id)
    token = events_server.member_token(clinic.org_id)
    beyond = "999999999999-1"  # a transaction id this database has not reached
    with events_server.stream(token, headers={"Last-Event-ID": beyond}) as stream:
        assert stream.status == 200, stream.body
        book(db, clinic.org_id)
        assert [e.id for e in stream.take(2)] == feed_ids(db, clinic.org_id)[2:4]
