"""Transactions that commit late (long, or still open while later ones
commit): their events are still delivered, once, after everything a client
was given before, and a client resuming meanwhile misses nothing. Rolled
back, they produce nothing. The feed reads up to the oldest running
transaction (the horizon), so an open transaction holds the feed back until
it ends; it never holds back a writer."""

from __future__ import annotations

import psycopg

from tests.events.conftest import EventServer, book, feed_ids, hot_lead
from tests.fixtures import Clinic


def test_a_long_transaction_committing_late_is_delivered_after_the_events_before_it(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection, database_url: str
) -> None:
    token = events_server.member_token(clinic.org_id)
    with events_server.stream(token) as stream, psycopg.connect(database_url) as long:
        book(db, clinic.org_id)
        before = stream.take(2)
        assert [e.id for e in before] == feed_ids(db, clinic.org_id)
        # The long transaction (psycopg: not autocommit) records a call
        # report; later transactions book (no business lock in common) and
        # commit first, without waiting.
        hot_lead(long, clinic.org_id)
        book(db, clinic.org_id)
        book(db, clinic.org_id)
        stream.assert_quiet(0.6)  # held back by the open transaction, not lost
        with events_server.stream(token, headers={"Last-Event-ID": before[-1].id}) as resumed:
            resumed.assert_quiet(0.3)
            long.commit()
            after = stream.take(5)
            ids = feed_ids(db, clinic.org_id)
            assert [e.id for e in after] == ids[2:]
            # The late transaction's event comes first: it began first.
            assert after[0].type == "hot_lead.created"
            assert [e.type for e in after[1:]] == ["appointment.booked", "sms.queued"] * 2
            assert [e.id for e in resumed.take(5)] == ids[2:]
            stream.assert_quiet(0.3)
            resumed.assert_quiet(0.1)


def test_an_open_transaction_of_another_clinic_delays_but_loses_nothing(
    events_server: EventServer,
    clinic: Clinic,
    other_clinic: Clinic,
    db: psycopg.Connection,
    database_url: str,
) -> None:
    with (
        events_server.stream(events_server.member_token(clinic.org_id)) as stream,
        psycopg.connect(database_url) as other,
    ):
        book(other, other_clinic.org_id)  # open
        book(db, clinic.org_id)
        stream.assert_quiet(0.5)
        other.rollback()  # rolled back: nothing of it anywhere
        assert [e.id for e in stream.take(2)] == feed_ids(db, clinic.org_id)
        assert feed_ids(db, other_clinic.org_id) == []
        stream.assert_quiet(0.3)


def test_a_stream_started_while_a_transaction_is_open_gets_its_events(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection, database_url: str
) -> None:
    """Starting "now" never skips an event that commits later, whatever its
    transaction id."""
    with psycopg.connect(database_url) as long:
        hot_lead(long, clinic.org_id)  # open, older than the stream
        with events_server.stream(events_server.member_token(clinic.org_id)) as stream:
            book(db, clinic.org_id)
            stream.assert_quiet(0.4)
            long.commit()
            assert [e.id for e in stream.take(3)] == feed_ids(db, clinic.org_id)
            stream.assert_quiet(0.3)
