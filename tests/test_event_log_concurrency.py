"""The live feed's event log under concurrent writers of several
organizations: bookings, holds, the overdue-hold sweeper and SMS workers
claiming batches across organizations. No deadlock, no error, and every
transaction's events of an organization are ranked exactly 1..N (the feed
orders by transaction id, then rank: tests/events/test_late_commit.py)."""

from __future__ import annotations

import random
import threading
import uuid
from datetime import timedelta

import psycopg

from tests.fixtures import create_org, local_noon

WRITERS = 16
ROUNDS = 12
ACCEPTED = "select booking.record_sms_accepted(%s, %s, 'console', %s, 'sent')"
BOOK = """
select public.book_appointment_atomic(%s, 'Cross Writer', null, %s, 'consultation', %s, 15)
"""


def test_transactions_writing_several_organizations_in_opposite_orders_both_commit(
    database_url: str, db: psycopg.Connection
) -> None:
    """An event lock per organization held until commit would deadlock here:
    each transaction records SMS outcomes of A then B, the other B then A.
    (No event lock is taken at all.)"""
    a, b = create_org(db, "Cross A"), create_org(db, "Cross B")
    messages: dict[uuid.UUID, list[uuid.UUID]] = {}
    for org in (a, b):
        for n in range(2):
            booked = db.execute(BOOK, (org, f"+14155552{n}0{len(messages)}", local_noon(40 + n)))
            appointment = booked.fetchone()[0]["appointment_id"]
            message = db.execute(
                "select id from booking.sms_outbox where org_id = %s and appointment_id = %s",
                (org, appointment),
            ).fetchone()[0]
            messages.setdefault(org, []).append(message)
    before = {org: _event_ids(db, org) for org in (a, b)}
    first_done = [threading.Event(), threading.Event()]
    errors: list[BaseException] = []

    def writer(number: int, order: tuple[uuid.UUID, uuid.UUID]) -> None:
        try:
            with psycopg.connect(database_url) as conn:
                conn.execute("set lock_timeout = '10s'")
                first, second = order
                conn.execute(ACCEPTED, (first, messages[first][number], f"SM{uuid.uuid4().hex}"))
                first_done[number].set()
                assert first_done[1 - number].wait(10)
                conn.execute(ACCEPTED, (second, messages[second][number], f"SM{uuid.uuid4().hex}"))
                conn.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=writer, args=(0, (a, b))),
        threading.Thread(target=writer, args=(1, (b, a))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    for org in (a, b):
        ids = _event_ids(db, org)
        # Two sms.status_changed more, after the earlier events in feed order.
        assert len(ids) == len(before[org]) + 2
        assert ids[: len(before[org])] == before[org]
        _assert_ranked_from_one(ids)


def _event_ids(db: psycopg.Connection, org: uuid.UUID) -> list[tuple[int, int]]:
    """(transaction id, rank) of the organization's events, in feed order."""
    rows = db.execute(
        "select txid::text::bigint, seq from booking.events where org_id = %s order by txid, seq",
        (org,),
    )
    return [(row[0], row[1]) for row in rows.fetchall()]


def _assert_ranked_from_one(ids: list[tuple[int, int]]) -> None:
    """Within each transaction the ranks are exactly 1..N, in order."""
    ranks: dict[int, list[int]] = {}
    for txid, seq in ids:
        ranks.setdefault(txid, []).append(seq)
    for txid, seqs in ranks.items():
        assert seqs == list(range(1, len(seqs) + 1)), (txid, seqs)


def test_concurrent_writers_never_deadlock_and_ids_stay_gap_free(
    database_url: str, db: psycopg.Connection
) -> None:
    orgs = [create_org(db, f"Event Race {n}") for n in range(4)]
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def writer(number: int) -> None:
        rng = random.Random(number)
        try:
            with psycopg.connect(database_url, autocommit=True) as conn:
                barrier.wait(timeout=30)
                for round_ in range(ROUNDS):
                    org = rng.choice(orgs)
                    start = local_noon(3 + number) + timedelta(minutes=round_ * 20)
                    phone = f"+1415555{1000 + number * 20 + round_:04d}"
                    action = rng.randrange(4)
                    if action == 0:
                        conn.execute(
                            "select public.book_appointment_atomic(%s, 'Ev Writer', null, %s,"
                            " 'consultation', %s, 15)",
                            (org, phone, start),
                        )
                    elif action == 1:
                        hold = conn.execute(
                            "select public.claim_slot_atomic(%s, null, %s, %s, 'Ev Writer', %s)",
                            (org, start, f"ev-{number}-{round_}", phone),
                        ).fetchone()[0]
                        if hold["success"]:
                            conn.execute("select public.release_hold(%s)", (hold["hold_id"],))
                    elif action == 2:
                        conn.execute("select public.expire_overdue_holds()")
                    else:
                        with conn.transaction():
                            for row in conn.execute(
                                "select org_id, id from booking.claim_sms_batch(%s, 20, 30)",
                                (f"worker-{number}",),
                            ).fetchall():
                                conn.execute(ACCEPTED, (row[0], row[1], f"SM{uuid.uuid4().hex}"))
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    for org in orgs:
        ids = _event_ids(db, org)
        assert ids
        _assert_ranked_from_one(ids)
        # Every change of the organization's rows that is news made its event
        # (a reminder queued for later is none: it enters the feed when its
        # status changes; tests_sql/test_084_reminders.sql).
        changes = db.execute(
            "select (select count(*) from booking.appointments where org_id = %(org)s)"
            " + (select count(*) from booking.appointment_holds where org_id = %(org)s)"
            " + (select count(*) from booking.appointment_holds"
            "     where org_id = %(org)s and status <> 'active')"
            " + (select count(*) from booking.sms_outbox"
            "     where org_id = %(org)s and kind <> 'reminder')"
            " + (select count(*) from booking.sms_outbox"
            "     where org_id = %(org)s and status not in ('pending', 'suppressed'))",
            {"org": org},
        ).fetchone()[0]
        assert len(ids) >= changes
