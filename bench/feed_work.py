"""Benchmark 6, the feed's work: instructions one booking costs the database
with the live feed as shipped, with a wake-up transaction after it, and off.

Throughputs on this shared machine differ by tens of percent between runs of
the same thing, more than the feed costs. valgrind's callgrind counts the
instructions a process executes instead, which does not depend on what else
the machine is doing: the same build, script and data give the same count.
Here it counts one PostgreSQL backend in single-user mode (`postgres
--single`) on a cluster of its own, booking on a clinic of its own, each
booking its own transaction (as pgbench's in benchmark 5). Per variant two
scripts: WARM bookings, and WARM + BOOKINGS; the difference of their totals
over BOOKINGS is one booking's work in a warm session (the session's start
and its first bookings' planning cancel out). Variants as benchmark 5:
direct (`bench/pgbench_book_events.sql`), woken (`pgbench_book_feed.sql`),
off (every event trigger disabled).

It measures work only: a lock that makes backends wait costs no
instructions, so this is what the feed costs a CPU-bound server without
contention (benchmark 5 measures throughput with it). Needs valgrind and the
PostgreSQL server binaries (it makes its own cluster, whatever DATABASE_URL
says); skipped, with the reason, without them. With --quick, each script
runs once through a connection instead, without callgrind, to show it books.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import psycopg

from bench import queries
from bench.common import (
    BenchServer,
    Progress,
    SlotPlan,
    count_appointments,
    create_clinics,
    member_claims,
)
from bench.feed_cost import DIRECT, GOAL_RATIO, OFF, WOKEN
from shim.database.local_postgres import LocalPostgres, LocalPostgresError, throwaway_cluster
from shim.database.migrate import migrate

WARM = 20
BOOKINGS = 100
WARM_TABLES = 500  # bookings made before the statistics are taken
DATABASE = "feed_work"
_TOTAL = re.compile(r"^(?:summary|totals): (\d+)", re.MULTILINE)
_BOOKED = '"success" : true'
# benchmark 5's merged variant is left out: its notifier's work per booking
# depends on how many bookings each wake-up covers, which one backend
# booking alone cannot show.
VARIANTS = (DIRECT, WOKEN, OFF)


def _statements(variant: str, org: uuid.UUID, plan: SlotPlan, bookings: int) -> list[str]:
    """The script one backend runs: the feed on or off, the clinic member's
    session, `bookings` bookings (in woken, each followed by its wake-ups),
    each statement prepared once and executed, as pgbench -M prepared does."""
    feed = queries.FEED_OFF if variant == OFF else queries.FEED_ON
    claims = member_claims(org).replace("'", "''")
    statements = [
        feed,
        f"select set_config('request.jwt.claims', '{claims}', false)",
        "set role authenticated",
        "prepare book(text, timestamptz) as select public.book_appointment_atomic("
        f"'{org}', 'Bench Patient', null, $1, 'consultation', $2, {plan.minutes})",
        "prepare owed as select current_setting('booking.after_commit', true)",
        "prepare wake as select set_config('synchronous_commit', 'off', true), "
        f"pg_notify('booking_events', '{org}'), pg_notify('booking_sms_outbox', '')",
    ]
    for n in range(bookings):
        booking = f"execute book('{plan.phone(n)}', '{plan.start(n).isoformat()}')"
        if variant == WOKEN:
            statements += ["begin", booking, "execute owed", "commit"]
            statements += ["begin", "execute wake", "commit"]
        else:
            statements.append(booking)
    statements += ["reset role", queries.FEED_ON]
    # Single-user mode with -j: a statement ends at a semicolon and an empty line.
    return [statement.strip() + ";\n\n" for statement in statements]


def _count(cluster: LocalPostgres, script: Path, out: Path, bookings: int) -> int:
    """Instructions of one single-user backend running `script`."""
    command = cluster.command(
        "postgres", "--single", "-j", "-D", str(cluster.data_dir), DATABASE,
        wrapper=["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"],
    )  # fmt: skip
    with script.open() as stdin:
        result = subprocess.run(command, stdin=stdin, capture_output=True, text=True, check=False)
    booked = result.stdout.count(_BOOKED)
    if result.returncode != 0 or "ERROR:" in result.stdout + result.stderr or booked != bookings:
        raise RuntimeError(
            f"feed work: {script.name} booked {booked} of {bookings} "
            f"(exit {result.returncode}): {result.stderr[-2000:] or result.stdout[-2000:]}"
        )
    match = _TOTAL.search(out.read_text())
    if match is None:
        raise RuntimeError(f"feed work: no instruction total in {out}")
    return int(match.group(1))


def _try_scripts(server: BenchServer, bookings: int = 2) -> dict[str, int]:
    """--quick: each variant's script run once through a connection (no
    callgrind), on the bench server's database; the bookings each made."""
    database = server.fresh_database("bench_feed_work")
    plan = SlotPlan.starting_in(days=2)
    orgs = create_clinics(database.url, len(VARIANTS), "feed-work")
    booked: dict[str, int] = {}
    with psycopg.connect(database.url, autocommit=True) as conn:
        for variant, org in zip(VARIANTS, orgs, strict=True):
            try:
                for statement in _statements(variant, org, plan, bookings):
                    conn.execute(statement.encode())
            finally:
                conn.execute("reset role")
                conn.execute(queries.FEED_ON)
                conn.execute("deallocate all")
            booked[variant] = count_appointments(database.url, [org])
    return booked


def measure(
    server: BenchServer, progress: Progress, *, quick: bool, workdir: Path
) -> dict[str, Any]:
    if quick:
        return {"skipped": "quick run", "scripts_booked": _try_scripts(server)}
    if shutil.which("valgrind") is None:
        return {"skipped": "valgrind is not installed"}
    try:
        cluster = throwaway_cluster()
    except LocalPostgresError as exc:
        return {"skipped": str(exc)}
    try:
        progress("feed work: a cluster of its own, migrated")
        url = cluster.start()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"create database {DATABASE}")
        database_url = cluster.url(DATABASE)
        migrate(database_url)
        plan = SlotPlan.starting_in(days=2)
        runs = [(variant, count) for variant in VARIANTS for count in (WARM, WARM + BOOKINGS)]
        warm_org, *orgs = create_clinics(database_url, 1 + len(runs), "feed-work")
        with psycopg.connect(database_url, autocommit=True) as conn:
            # Tables of some size, then statistics as autovacuum keeps them.
            for statement in _statements(DIRECT, warm_org, plan, WARM_TABLES):
                conn.execute(statement.encode())
            conn.execute(queries.ANALYZE)
        cluster.stop()
        base = cluster.data_dir.parent  # the cluster owner's folder
        totals: dict[tuple[str, int], int] = {}
        for (variant, count), org in zip(runs, orgs, strict=True):
            progress(f"feed work: {variant}, {count} bookings under callgrind")
            script = workdir / f"feed_work_{variant}_{count}.sql"
            script.write_text("".join(_statements(variant, org, plan, count)))
            totals[variant, count] = _count(cluster, script, base / "callgrind.out", count)
        per_booking = {
            variant: round((totals[variant, WARM + BOOKINGS] - totals[variant, WARM]) / BOOKINGS)
            for variant in VARIANTS
        }
    finally:
        cluster.remove()
    return {
        "warm": WARM,
        "bookings": BOOKINGS,
        "instructions_per_booking": per_booking,
        # What a CPU-bound server without contention would do: throughput
        # in inverse proportion to the work.
        "off_over": {
            variant: round(per_booking[OFF] / per_booking[variant], 3)
            for variant in (DIRECT, WOKEN)
        },
        "goal": {"off_over": GOAL_RATIO},
    }
