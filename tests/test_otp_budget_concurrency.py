"""The organization's hourly budget of one-time codes holds under
concurrency: codes sent at once over many connections never overshoot it,
because send_otp counts under the organization's own advisory lock."""

from __future__ import annotations

from datetime import timedelta

import psycopg

from tests.fixtures import create_org, local_noon
from tests.test_concurrent_holds import _race

CLAIM = """
select (public.claim_slot_atomic(%(org)s, 'cal-1', %(start)s, %(call)s, 'Budget Caller', %(phone)s)
        ->> 'hold_id')::uuid
"""
SEND = "select public.send_otp(%(hold)s, null)"


def test_concurrent_codes_never_overshoot_the_budget(
    database_url: str, db: psycopg.Connection
) -> None:
    org = create_org(db, "Budget Race Clinic")
    db.execute("select public.set_sms_limits(%s, null, 5)", [org])
    holds = [
        db.execute(
            CLAIM,
            {
                "org": org,
                "start": local_noon(3) + timedelta(minutes=45 * n),
                "call": f"budget-{n}",
                "phone": f"+1415555{n + 7100:04d}",
            },
        ).fetchone()[0]
        for n in range(16)
    ]
    assert all(holds)
    results = _race(database_url, [(SEND, {"hold": hold}) for hold in holds])
    outcomes = sorted(r.get("error", "sent") for r in results)
    assert outcomes == ["SMS_RATE_LIMITED"] * 11 + ["sent"] * 5
    queued = db.execute(
        "select count(*) from booking.sms_outbox where org_id = %s and kind = 'otp'", [org]
    ).fetchone()[0]
    assert queued == 5
