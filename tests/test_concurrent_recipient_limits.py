"""The per-recipient SMS limits hold under concurrency: patient SMS queued
for one number at the same moment over many connections never exceed the
clinic's hourly cap, because booking.recipient_sms_limit counts under a lock
of that clinic and number; another clinic texting the same number at the
same moment counts its own (no lock shared across organizations)."""

from __future__ import annotations

import psycopg

from tests.fixtures import create_org
from tests.test_concurrent_holds import _race

# The row is read in a statement after the one that queued it.
QUEUE_AND_READ = """
with queued as (select booking.enqueue_sms(%(org)s, %(kind)s, %(phone)s, %(body)s) as id)
select id::text from queued
"""


def test_concurrent_messages_to_one_number_never_exceed_the_cap(
    database_url: str, db: psycopg.Connection
) -> None:
    first = create_org(db, "Recipient Race Clinic")
    second = create_org(db, "Other Recipient Race Clinic")
    phone = "+14155557301"
    jobs = [
        (
            QUEUE_AND_READ,
            {"org": org, "kind": kind, "phone": phone, "body": f"message {n}"},
        )
        for n in range(16)
        for org, kind in ((first, "cancellation"), (second, "reschedule"))
    ]
    ids = _race(database_url, jobs)
    assert len(set(ids)) == 32, "every message is recorded, none dropped"
    counts = dict(
        db.execute(
            "select org_id::text || ':' || status || coalesce('/' || error_code, ''), count(*)"
            " from booking.sms_outbox where recipient = %s group by 1",
            [phone],
        ).fetchall()
    )
    for org in (first, second):
        assert counts[f"{org}:pending"] == 6, counts
        assert counts[f"{org}:suppressed/RECIPIENT_RATE_LIMITED"] == 10, counts
    hits = db.execute(
        "select count(*) from booking.events where org_id = any(%s) and type = 'sms.rate_limited'",
        [[first, second]],
    ).fetchone()[0]
    assert hits == 20
