"""Wake-ups owed by a transaction (booking.notify_after_commit) and sent
after its COMMIT by the committer (shim/database/after_commit.py): nothing
is notified inside the business transaction, one notification per channel
and send, rolled-back work owes nothing."""

from __future__ import annotations

import uuid

import psycopg

from shim import queries
from shim.database.after_commit import EVERYONE, merged, notify_owed, owed_lines
from tests.fixtures import create_org, local_noon

BOOK = "select public.book_appointment_atomic(%s, 'Owed Patient', null, %s, 'consultation', %s, 15)"


def test_owed_lines_are_merged_per_channel() -> None:
    owed = "booking_events a\nbooking_sms_outbox \nbooking_events b\n"
    assert owed_lines(owed) == [
        ("booking_events", "a"),
        ("booking_sms_outbox", ""),
        ("booking_events", "b"),
    ]
    assert merged([*owed_lines(owed), ("booking_events", "a")]) == {
        "booking_events": ["a,b"],
        "booking_sms_outbox": [""],
    }
    assert merged([("booking_events", "a"), ("booking_events", EVERYONE)]) == {
        "booking_events": [EVERYONE]
    }
    assert merged(owed_lines(None)) == {}


def test_long_payload_lists_are_split_under_the_notify_limit() -> None:
    orgs = [str(uuid.uuid4()) for _ in range(400)]
    payloads = merged([("booking_events", org) for org in orgs])["booking_events"]
    assert len(payloads) > 1
    assert all(len(p.encode()) < 8000 for p in payloads)
    assert sorted(",".join(payloads).split(",")) == sorted(orgs)


def _notifications(listener: psycopg.Connection) -> list[tuple[str, str]]:
    return [(n.channel, n.payload) for n in listener.notifies(timeout=0.5)]


def test_a_booking_notifies_nothing_itself_and_owes_one_wake_up_per_channel(
    database_url: str, db: psycopg.Connection
) -> None:
    org = create_org(db, f"Owed Clinic {uuid.uuid4().hex[:8]}")
    with psycopg.connect(database_url, autocommit=True) as listener:
        listener.execute("listen booking_events")
        listener.execute("listen booking_sms_outbox")
        with psycopg.connect(database_url, autocommit=True) as writer:
            with writer.transaction():
                for n in range(3):
                    writer.execute(BOOK, (org, f"+1415555{7000 + n}", local_noon(50 + n)))
                owed = writer.execute(queries.AFTER_COMMIT_OWED).fetchone()[0]
            assert _notifications(listener) == []  # the commit itself notified nobody
            notify_owed(writer, owed)
        assert sorted(_notifications(listener)) == [
            ("booking_events", str(org)),
            ("booking_sms_outbox", ""),
        ]


def test_rolled_back_work_owes_nothing(database_url: str, db: psycopg.Connection) -> None:
    org = create_org(db, f"Owed Rollback {uuid.uuid4().hex[:8]}")
    with psycopg.connect(database_url) as writer:
        writer.execute("savepoint undone")
        writer.execute(BOOK, (org, "+14155557100", local_noon(60)))
        writer.execute("rollback to savepoint undone")
        assert writer.execute(queries.AFTER_COMMIT_OWED).fetchone()[0] in (None, "")
        writer.rollback()
    assert (
        db.execute("select count(*) from booking.events where org_id = %s", (org,)).fetchone()[0]
        == 0
    )
