"""Calls racing for one slot over many real connections: one hold wins, and
holds and direct bookings exclude each other."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import psycopg

from tests.fixtures import create_org, local_noon

CLAIM = """
select public.claim_slot_atomic(%(org)s, 'cal-1', %(start)s, %(call)s, 'Racing Caller', %(phone)s)
"""
BOOK = """
select public.book_appointment_atomic(%(org)s, 'Racing Booker', null, %(phone)s, 'consultation',
                                      %(start)s, %(minutes)s)
"""


def _race(database_url: str, jobs: list[tuple[str, dict]]) -> list[dict]:
    barrier = threading.Barrier(len(jobs))
    results: list[dict] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(query: str, params: dict) -> Callable[[], None]:
        def client() -> None:
            try:
                with psycopg.connect(database_url, autocommit=True) as conn:
                    barrier.wait(timeout=30)
                    result = conn.execute(query, params).fetchone()[0]
                with lock:
                    results.append(result)
            except BaseException as exc:
                with lock:
                    errors.append(exc)

        return client

    threads = [threading.Thread(target=run(query, params)) for query, params in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == len(jobs)
    return results


def test_one_hold_wins_a_contested_slot(database_url: str, db: psycopg.Connection) -> None:
    org = create_org(db, "Hold Race Clinic")
    start = local_noon(2)
    jobs = [
        (CLAIM, {"org": org, "start": start, "call": f"race-{n}", "phone": f"+1415555{n:04d}"})
        for n in range(32)
    ]
    results = _race(database_url, jobs)
    winners = [r for r in results if r["success"]]
    assert len(winners) == 1
    assert {r["error"] for r in results if not r["success"]} <= {"SLOT_UNAVAILABLE", "BUSY_RETRY"}
    live = db.execute(
        "select count(*) from booking.appointment_holds where org_id = %s and status = 'active'",
        (org,),
    ).fetchone()[0]
    assert live == 1


def test_holds_and_bookings_exclude_each_other(database_url: str, db: psycopg.Connection) -> None:
    org = create_org(db, "Mixed Race Clinic")
    noon = local_noon(3)
    jobs: list[tuple[str, dict]] = []
    for n in range(32):
        offset = timedelta(minutes=(n % 5) * 5)  # all cover noon..noon+10min
        if n % 2:
            params = {
                "org": org,
                "start": noon - offset,
                "call": f"mix-{n}",
                "phone": f"+14155{n:06d}",
            }
            jobs.append((CLAIM, params))
        else:
            minutes = 30 + (n % 5) * 5
            params = {
                "org": org,
                "start": noon - offset,
                "minutes": minutes,
                "phone": f"+14155{n:06d}",
            }
            jobs.append((BOOK, params))
    results = _race(database_url, jobs)
    assert sum(1 for r in results if r["success"]) == 1, results
