"""The waitlist's writers racing over many real connections: claims by link
of several freed times at once, patients leaving, the sweeper, direct
bookings of the offered times and new cancellations, all released together.
No transaction waits for another in a circle (no deadlock, no error), every
answer is a success or a code, each time has at most one winner, each
patient wins at most once, and an independent query finds 0 overlaps."""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from datetime import datetime

import psycopg

from tests.fixtures import create_org, local_noon
from tests.test_concurrent_lifecycle import OVERLAPS, _race

BOOK = """
select public.book_appointment_atomic(%(org)s, %(name)s, null, %(phone)s, 'consultation',
                                      %(start)s, 30)
"""
PENDING_OFFERS = """
select recipient, body from booking.sms_outbox
 where org_id = %s and kind = 'waitlist_offer' and status = 'pending'
"""
CLAIMS_PER_SLOT = """
select slot_id, count(*) from booking.waitlist_offers
 where org_id = %s and status = 'claimed' group by 1
"""
WINNING_ENTRIES = (
    "select entry_id from booking.waitlist_offers where org_id = %s and status = 'claimed'"
)
CLAIMS_WITHOUT_THEIR_APPOINTMENT = """
select count(*) from booking.waitlist_offers o
  left join booking.appointments a
    on a.org_id = o.org_id and a.id = o.appointment_id
   and a.status <> 'cancelled' and a.scheduled_at = o.starts_at
 where o.org_id = %s and o.status = 'claimed' and a.id is null
"""
FILLED_STARTS = (
    "select starts_at from booking.waitlist_slots where org_id = %s and status = 'filled'"
)
CODES = {"OFFER_TAKEN", "OFFER_EXPIRED", "SLOT_UNAVAILABLE", "BUSY_RETRY", "TOO_SOON"}


def _book(db: psycopg.Connection, org: uuid.UUID, phone: str, start: datetime) -> str:
    answer = db.execute(
        BOOK, {"org": org, "name": "Booked", "phone": phone, "start": start}
    ).fetchone()[0]
    assert answer["success"], answer
    return answer["appointment_id"]


def test_claims_leaves_sweeps_and_bookings_race_without_deadlock(
    db: psycopg.Connection, database_url: str
) -> None:
    org = create_org(db, "Waitlist Race Clinic")
    settings = '{"enabled": true, "batch_size": 10, "quiet_start": "00:00", "quiet_end": "00:00"}'
    assert db.execute("select public.set_waitlist_settings(%s, %s)", (org, settings)).fetchone()[0][
        "success"
    ]
    waiting = [f"+1415555{1700 + n}" for n in range(10)]
    for n, phone in enumerate(waiting):
        answer = db.execute(
            "select public.join_waitlist(%s, %s, %s, 'consultation')", (org, f"Waiting {n}", phone)
        ).fetchone()[0]
        assert answer["success"], answer
    # Four freed times, each offered to all ten.
    starts = [local_noon(days) for days in (2, 3, 4, 5)]
    for start in starts:
        appointment = _book(db, org, "+14155551799", start)
        db.execute("select public.cancel_appointment(%s, %s, 'free it')", (org, appointment))
    # Four more appointments the race will cancel, freeing more times.
    later = [_book(db, org, "+14155551798", local_noon(days)) for days in (6, 7, 8, 9)]
    tokens = [
        (row[0], re.search(r"/w/([A-Za-z0-9_-]{32})", row[1]).group(1))
        for row in db.execute(PENDING_OFFERS, (org,))
    ]
    assert len(tokens) == 40

    jobs: list[tuple[str, dict]] = [
        ("select public.claim_waitlist_offer(%(t)s)", {"t": token}) for _, token in tokens
    ]
    leavers = {token for phone, token in tokens if phone in waiting[:3]}
    jobs += [
        ("select public.leave_waitlist_by_offer(%(t)s)", {"t": token})
        for token in list(leavers)[:3]
    ]
    jobs += [("select public.advance_waitlist()", {}) for _ in range(4)]
    jobs += [
        (BOOK, {"org": org, "name": "Direct", "phone": f"+1415555180{n}", "start": start})
        for n, start in enumerate(starts[2:])
    ]
    jobs += [
        ("select public.cancel_appointment(%(org)s, %(a)s, 'race')", {"org": org, "a": a})
        for a in later
    ]
    started = time.monotonic()
    answers = [answer for _, answer in _race(database_url, jobs)]
    assert time.monotonic() - started < 60

    for answer in answers:
        assert isinstance(answer, dict), answer
        if "success" in answer and not answer["success"]:
            assert answer["error"] in CODES, answer

    claims_per_slot = db.execute(CLAIMS_PER_SLOT, (org,)).fetchall()
    assert all(count == 1 for _, count in claims_per_slot)
    wins = Counter(row[0] for row in db.execute(WINNING_ENTRIES, (org,)))
    assert all(count == 1 for count in wins.values()), wins
    assert db.execute(OVERLAPS, {"org": org}).fetchone()[0] == 0
    # Every claimed offer's appointment exists, active, at the offered time.
    assert db.execute(CLAIMS_WITHOUT_THEIR_APPOINTMENT, (org,)).fetchone()[0] == 0
    # The two first slots had no direct booking: each went to one patient.
    assert {row[0] for row in db.execute(FILLED_STARTS, (org,))} >= set(starts[:2])
