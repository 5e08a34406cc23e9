"""Many real connections race for overlapping slots: exactly one winner per
conflict set, and an independent overlap query finds no overlap afterwards."""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections import Counter
from datetime import timedelta

import psycopg

from tests.fixtures import create_org, local_noon

CONNECTIONS = 40
GROUPS = 12  # conflict sets
ATTEMPTS_PER_CONNECTION = 6

BOOK = """
select public.book_appointment_atomic(%(org)s, %(name)s, null, %(phone)s, 'consultation',
                                      %(start)s, %(minutes)s)
"""

OVERLAPS = """
select count(*) from booking.appointments a
  join booking.appointments b
    on a.org_id = b.org_id and a.calendar_id = b.calendar_id and a.id < b.id
   and a.status <> 'cancelled' and b.status <> 'cancelled'
   and a.scheduled_at < b.scheduled_at + make_interval(mins => b.duration_minutes)
   and b.scheduled_at < a.scheduled_at + make_interval(mins => a.duration_minutes)
 where a.org_id = %s
"""


def _attempts(org: uuid.UUID, worker: int) -> list[dict]:
    """Slots of mixed lengths that all contain their group's midpoint (noon
    of the group's day), so any two of one group overlap and groups never
    overlap each other."""
    rng = random.Random(worker)
    attempts = []
    for n in range(ATTEMPTS_PER_CONNECTION):
        group = (worker + n) % GROUPS
        midpoint = local_noon(3 + group)
        before, after = rng.randint(1, 90), rng.randint(1, 90)
        attempts.append(
            {
                "group": group,
                "org": org,
                "name": f"Caller {worker}",
                "phone": f"+1415555{worker:04d}",
                "start": midpoint - timedelta(minutes=before),
                "minutes": before + after,
            }
        )
    return attempts


def test_one_winner_per_conflict_set(database_url: str, db: psycopg.Connection) -> None:
    org = create_org(db, "Race Clinic")
    barrier = threading.Barrier(CONNECTIONS)
    outcomes: list[tuple[int, str]] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def client(worker: int) -> None:
        try:
            with psycopg.connect(database_url, autocommit=True) as conn:
                barrier.wait(timeout=30)
                for attempt in _attempts(org, worker):
                    result = conn.execute(BOOK, attempt).fetchone()[0]
                    outcome = "WON" if result["success"] else result["error"]
                    with lock:
                        outcomes.append((attempt["group"], outcome))
        except BaseException as exc:
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=client, args=(w,)) for w in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert len(outcomes) == CONNECTIONS * ATTEMPTS_PER_CONNECTION
    assert {outcome for _, outcome in outcomes} <= {"WON", "SLOT_UNAVAILABLE", "BUSY_RETRY"}
    winners = Counter(group for group, outcome in outcomes if outcome == "WON")
    assert winners == Counter(range(GROUPS)), "exactly one winner per conflict set"

    assert db.execute(OVERLAPS, (org,)).fetchone()[0] == 0
    stored = db.execute(
        "select count(*) from booking.appointments where org_id = %s", (org,)
    ).fetchone()[0]
    assert stored == GROUPS


def test_racing_identical_retries_get_one_appointment(
    database_url: str, db: psycopg.Connection
) -> None:
    """Voice platforms retry tool calls: concurrent identical calls all
    succeed with the same appointment."""
    org = create_org(db, "Retry Clinic")
    start = local_noon(4)
    params = {
        "org": org,
        "name": "Rita Retry",
        "phone": "+14155550999",
        "start": start,
        "minutes": 45,
    }
    barrier = threading.Barrier(32)
    results: list[dict] = []
    lock = threading.Lock()

    def client() -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            barrier.wait(timeout=30)
            result = conn.execute(BOOK, params).fetchone()[0]
            with lock:
                results.append(result)

    threads = [threading.Thread(target=client) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 32
    assert all(r["success"] for r in results), json.dumps(results[:3])
    assert len({r["appointment_id"] for r in results}) == 1
