"""Benchmark 3, growth: booking and check_availability latency with 0, 100k
and 1M existing appointments spread over many organizations, in one run.

The existing appointments belong to fixture clinics of 1000 appointments
each (100 clinics at 100k, 1000 at 1M), loaded in bulk with SQL
(bench.queries.GROWTH_LOAD: generate_series inserts on two connections,
with session_replication_role = replica so the event and foreign-key
triggers do not fire; consistent by construction), then VACUUM ANALYZE.
Each phase measures on a probe clinic of its own, created through the API
like the other bench clinics, so what changes between phases is the size
of the tables, not the probe's own calendar: a warm-up, then bookings one
after another (pgbench, bench/pgbench_book.sql) and check_availability of
its first dates (bench/pgbench_availability.sql). At the largest size the
plans of both calls (auto_explain, every nested statement) are kept, to
show the lookups that keep latency flat.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from bench import queries
from bench.common import (
    BENCH_DIR,
    BenchServer,
    Distribution,
    Progress,
    SlotPlan,
    create_clinics,
)
from bench.gateway_overhead import prepare_pgbench_clients, run_pgbench

PER_ORG = 1000
# Plans that touch these tables are the ones whose cost could grow.
GROWING_TABLES = ("appointments", "appointment_holds", "contacts", "leads", "sms_outbox", "events")
_ACTUALS = re.compile(r" \(actual [^)]*\)|^\s*Buffers: .*$|^\s*Heap Fetches: .*$", re.MULTILINE)


def load(database_url: str, first_org: int, last_org: int) -> None:
    """Clinics first_org..last_org of the fixture, split over two connections."""
    middle = (first_org + last_org) // 2

    def part(first: int, last: int) -> None:
        with psycopg.connect(database_url) as conn:
            for statement in queries.GROWTH_LOAD:
                conn.execute(statement, {"first": first, "last": last, "per_org": PER_ORG})

    errors: list[BaseException] = []

    def guarded(first: int, last: int) -> None:
        try:
            part(first, last)
        except BaseException as exc:  # re-raised below
            errors.append(exc)

    threads = [
        threading.Thread(target=guarded, args=(first_org, middle)),
        threading.Thread(target=guarded, args=(middle + 1, last_org)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    analyze(database_url)


def analyze(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(queries.GROWTH_TABLES)


def appointment_count(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(queries.APPOINTMENT_COUNT).fetchone()
    return int(row[0]) if row else 0


def plans(database_url: str, statement: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    """The distinct plans of the statements one call runs that touch a growing
    table: query text, plan (with actual rows and buffers of its first
    execution) and how often it ran."""
    notices: list[str] = []
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.add_notice_handler(lambda diagnostic: notices.append(diagnostic.message_primary or ""))
        for setting in queries.AUTO_EXPLAIN:
            conn.execute(setting)
        with conn.transaction():
            conn.execute(statement, params)
            raise psycopg.Rollback()  # the plans are what we came for
    distinct: dict[str, dict[str, Any]] = {}
    for notice in notices:
        _, _, text = notice.partition("plan:\n")
        query, _, plan = text.partition("\n")
        query = query.removeprefix("Query Text: ").strip()
        if not any(f"booking.{table}" in query or f" {table} " in plan for table in GROWING_TABLES):
            continue
        key = query + _ACTUALS.sub("", plan)
        if key in distinct:
            distinct[key]["executions"] += 1
        else:
            distinct[key] = {"query": query, "plan": plan.rstrip(), "executions": 1}
    return list(distinct.values())


def measure_phase(
    server: BenchServer,
    database_url: str,
    login_url: str,
    phase: int,
    bookings: int,
    availability: dict[str, int],
    workdir: Path,
) -> dict[str, Any]:
    (org,) = create_clinics(database_url, 1, f"growth probe {phase}")
    run = f"growth-{phase}"
    prepare_pgbench_clients(database_url, run, [org])
    plan = SlotPlan.starting_in(days=2)
    warmup = max(bookings // 10, 10)
    run_pgbench(login_url, run, 1, plan, 0, workdir, transactions=warmup)
    # Statistics as autovacuum keeps them, the same way in every phase (an
    # empty table that was never analysed would be planned with guesses).
    analyze(database_url)
    _, booking_ms, booked = run_pgbench(
        login_url, run, 1, plan, warmup, workdir, transactions=bookings
    )
    analyze(database_url)
    days = (warmup + bookings) // plan.per_day + 2  # booked dates and a free one
    first_date = datetime.fromtimestamp(plan.first_day_epoch, UTC).date()
    script = BENCH_DIR / "pgbench_availability.sql"
    extra = {"first_date": first_date.isoformat(), "days": days}
    _, availability_ms, _ = run_pgbench(
        login_url, run, 1, plan, 0, workdir, script=script, extra_variables=extra, **availability
    )
    return {
        "org_id": str(org),
        "first_date": first_date.isoformat(),
        "days": days,
        "booking": Distribution.of_ms(booking_ms).to_json(),
        "bookings_made": booked,
        "check_availability": Distribution.of_ms(availability_ms).to_json(),
        "slot_plan": plan,
    }


def measure(
    server: BenchServer, progress: Progress, *, quick: bool, workdir: Path
) -> dict[str, Any]:
    sizes = (0, 1_000, 5_000) if quick else (0, 100_000, 1_000_000)
    bookings = 40 if quick else 1500
    availability = {"transactions": 8} if quick else {"seconds": 8}
    database = server.fresh_database("bench_growth")
    phases: list[dict[str, Any]] = []
    loaded_orgs = 0
    for size in sizes:
        if size > 0:
            progress(f"growth: loading {size - loaded_orgs * PER_ORG:,} appointments")
            load(database.url, loaded_orgs + 1, size // PER_ORG)
            loaded_orgs = size // PER_ORG
        count = appointment_count(database.url)
        progress(f"growth: measuring with {count:,} existing appointments")
        result = measure_phase(
            server, database.url, database.gateway_url, len(phases), bookings, availability,
            workdir,
        )  # fmt: skip
        slot_plan: SlotPlan = result.pop("slot_plan")
        result["existing_appointments"] = count
        phases.append(result)
    largest = phases[-1]
    start = datetime.fromtimestamp(slot_plan.first_day_epoch, UTC) + timedelta(days=40, hours=12)
    captured = {
        "existing_appointments": largest["existing_appointments"],
        "booking": plans(database.url, queries.EXPLAINED_BOOKING, (largest["org_id"], start)),
        "check_availability": plans(
            database.url,
            queries.EXPLAINED_AVAILABILITY,
            (largest["org_id"], datetime.fromisoformat(largest["first_date"]).date()),
        ),
    }
    empty = phases[0]
    ratios = {
        call: {
            stat: round(largest[call][stat] / empty[call][stat], 3)
            for stat in ("p50", "p95", "p99")
        }
        for call in ("booking", "check_availability")
    }
    return {
        "phases": phases,
        "largest_over_empty": ratios,
        "goal": {"largest_over_empty_p50": 1.3},
        "plans": captured,
    }
