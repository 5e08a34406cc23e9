"""The front desk's reads with a million appointments in the database (issue
23): `python -m bench.day_view [--calls N]`.

Loads the growth benchmark's fixture (bench.growth.load: 1000 clinics of
1000 appointments each, 8 a day on one calendar, from 60 days ago to 65
days ahead, half as many patients, all with the same phone numbers), then
times, as a clinic member (role authenticated with the member's JWT claims,
as the pages call them), one call after another from one client:

  day      public.calendar_day_view of a random clinic's random day
  week     the same for 7 days
  search   public.search_patients by part of a phone number (the numbers
           repeat in every clinic: the trigram index finds the other
           clinics' rows too) and by a misspelt name

A timing check, not a timed test: the figure the issue asks for is the day
view's p95 (under 50 ms). Prints the distributions (milliseconds) and the
day view's plan.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, LiteralString

import psycopg

from bench import growth
from bench.common import Distribution, Progress, bench_server

CLINICS = 1000
DAY_VIEW: LiteralString = "select public.calendar_day_view(%s, 'cal-1', %s, %s)"
SEARCH: LiteralString = "select public.search_patients(%s, %s)"
EXPLAIN: tuple[LiteralString, ...] = (
    "load 'auto_explain'",
    "set local auto_explain.log_min_duration = 0",
    "set local auto_explain.log_nested_statements = on",
    "set local auto_explain.log_analyze = on",
    "set local client_min_messages = log",
)
AS_MEMBER: LiteralString = (
    "select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)"
)


def org(g: int) -> uuid.UUID:
    """The growth fixture's clinic number g (bench.queries.GROWTH_LOAD)."""
    return uuid.UUID(hashlib.md5(f"growth-org-{g}".encode()).hexdigest())  # noqa: S324


def timed(
    conn: psycopg.Connection, calls: int, make: Callable[[], tuple[uuid.UUID, Any]]
) -> list[float]:
    """Milliseconds per call of make()'s statement, each as the clinic's member."""
    durations = []
    for _ in range(calls):
        org_id, (statement, params) = make()
        claims = {
            "role": "authenticated",
            "sub": str(uuid.uuid4()),
            "app_metadata": {"org_id": str(org_id)},
        }
        with conn.transaction():
            conn.execute(AS_MEMBER, (json.dumps(claims),))
            started = time.perf_counter()
            row = conn.execute(statement, params).fetchone()
            durations.append((time.perf_counter() - started) * 1000)
            assert row is not None
            assert row[0]["success"], row
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--clinics", type=int, default=CLINICS)
    args = parser.parse_args()
    progress = Progress()
    rng = random.Random(23)
    today = date.today()
    with bench_server(progress) as server:
        database = server.fresh_database("day_view")
        progress(f"loading {args.clinics * growth.PER_ORG:,} appointments")
        growth.load(database.url, 1, args.clinics)
        count = growth.appointment_count(database.url)
        progress(f"{count:,} appointments loaded")

        def day(days: int) -> Callable[[], tuple[uuid.UUID, Any]]:
            def make() -> tuple[uuid.UUID, Any]:
                org_id = org(rng.randint(1, args.clinics))
                on = today + timedelta(days=rng.randint(-60, 64))
                return org_id, (DAY_VIEW, (org_id, on, days))

            return make

        def search() -> tuple[uuid.UUID, Any]:
            org_id = org(rng.randint(1, args.clinics))
            k = rng.randint(0, growth.PER_ORG // 2 - 1)
            query = rng.choice([str(2000000 + k)[-4:], f"Pateint {k}"])
            return org_id, (SEARCH, (org_id, query))

        results: dict[str, Any] = {"appointments": count}
        with psycopg.connect(database.url) as conn:
            for name, make in (("day", day(1)), ("week", day(7)), ("search", search)):
                timed(conn, max(args.calls // 10, 10), make)  # warm-up
                distribution = Distribution.of_ms(timed(conn, args.calls, make))
                results[name] = distribution.to_json()
                progress(
                    f"{name}: p50 {distribution.p50:.2f} ms, p95 {distribution.p95:.2f} ms,"
                    f" p99 {distribution.p99:.2f} ms"
                )
            org_id = org(1)
            with conn.transaction():
                for setting in EXPLAIN:
                    conn.execute(setting)
                claims = {"role": "authenticated", "app_metadata": {"org_id": str(org_id)}}
                conn.execute(AS_MEMBER, (json.dumps(claims),))
                plans: list[str] = []
                conn.add_notice_handler(lambda d: plans.append(d.message_primary or ""))
                conn.execute(DAY_VIEW, (org_id, today, 1))
            results["day_plans"] = [p for p in plans if "booking.appointments" in p]
        print(json.dumps({k: v for k, v in results.items() if k != "day_plans"}, indent=2))
        for plan in results["day_plans"]:
            print(plan)


if __name__ == "__main__":
    main()
