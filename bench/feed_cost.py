"""Benchmark 5, feed cost: what the live feed and the wake-ups cost direct
booking throughput, and throughput against clients.

1. Feed cost: pgbench calling public.book_appointment_atomic, each client on
   a clinic of its own, in the gateway's shape (one pipeline per booking),
   as shipped (`bench/pgbench_book_feed.sql`: event triggers on, the
   wake-ups read before COMMIT and sent after it, one notification
   transaction per booking, as if no two requests were merged), with the
   events but no wake-up (`bench/pgbench_book_events.sql`: a direct SQL
   caller as shipped), and with both off (`bench/pgbench_book_nofeed.sql`,
   event triggers disabled), at 8 and 32 clients, alternating on one
   database, each variant first in turn (shipped, events, off; events,
   off, shipped; ...), so drift of the shared machine falls on all.
   Goal: shipped / off >= 0.9 at both.
2. Scaling: as shipped and off, alternating, at 1, 2, 4, 8, 16 and 32
   clients: it should rise to the core count and then hold, not fall (no
   lock shared across clinics); off shows what PostgreSQL alone does with
   that many backends on the machine's cores.

Each client count books on clinics of its own, every run on slots no earlier
run of them used; every booking must succeed, with two events each (none
when off).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import psycopg

from bench import queries
from bench.common import (
    BENCH_DIR,
    BenchServer,
    Distribution,
    Progress,
    SlotPlan,
    count_appointments,
    create_clinics,
)
from bench.gateway_overhead import analyze, prepare_pgbench_clients, run_pgbench

T = TypeVar("T")

COST_CLIENTS = (8, 32)
SCALING_CLIENTS = (1, 2, 4, 8, 16, 32)
SHIPPED = "shipped"
EVENTS = "events"
OFF = "off"
VARIANTS = (SHIPPED, EVENTS, OFF)
SCRIPTS = {
    SHIPPED: BENCH_DIR / "pgbench_book_feed.sql",
    EVENTS: BENCH_DIR / "pgbench_book_events.sql",
    OFF: BENCH_DIR / "pgbench_book_nofeed.sql",
}
GOAL_RATIO = 0.9


def rotated(items: Sequence[T], turn: int) -> list[T]:
    """`items` starting at position `turn` (mod len): each variant goes first
    in turn, so whatever favours the first or the last run of a round (a
    fresh clinic's cold pages, autovacuum catching up) falls on all alike."""
    start = turn % len(items)
    return [*items[start:], *items[:start]]


def _set_feed(database_url: str, variant: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(queries.FEED_OFF if variant == OFF else queries.FEED_ON)


def _events(database_url: str, orgs: list[uuid.UUID]) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(queries.COUNT_EVENTS, [orgs]).fetchone()
    return int(row[0]) if row else 0


class Clinics:
    """The clinics of each client count (a clinic per client, a pgbench run
    name per count) and the first slot no run of them has used yet."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._orgs: dict[int, tuple[str, list[uuid.UUID]]] = {}
        self.next_slot: dict[int, int] = {}

    def of(self, clients: int) -> tuple[str, list[uuid.UUID]]:
        if clients not in self._orgs:
            run = f"feed-{clients}-{uuid.uuid4().hex[:6]}"
            orgs = create_clinics(self.database_url, clients, run)
            prepare_pgbench_clients(self.database_url, run, orgs)
            self._orgs[clients] = (run, orgs)
            self.next_slot[clients] = 0
        return self._orgs[clients]


def book_run(
    clinics: Clinics,
    login_url: str,
    variant: str,
    clients: int,
    plan: SlotPlan,
    workdir: Path,
    *,
    length: dict[str, int],
) -> dict[str, Any]:
    """One pgbench run of `variant`; checks every booking and its events."""
    database_url = clinics.database_url
    run, orgs = clinics.of(clients)
    booked_before = count_appointments(database_url, orgs)
    events_before = _events(database_url, orgs)
    first = clinics.next_slot[clients]
    _set_feed(database_url, variant)
    try:
        tps, latencies, transactions = run_pgbench(
            login_url, run, clients, plan, first, workdir, script=SCRIPTS[variant], **length
        )
    finally:
        _set_feed(database_url, SHIPPED)
    clinics.next_slot[clients] = first + transactions + 1  # no client booked more
    booked = count_appointments(database_url, orgs) - booked_before
    events = _events(database_url, orgs) - events_before
    expected_events = 0 if variant == OFF else 2 * booked
    if booked != transactions or events != expected_events:
        raise RuntimeError(
            f"feed {variant} c={clients}: {transactions} transactions, {booked} booked, "
            f"{events} events (expected {expected_events})"
        )
    return {
        "variant": variant,
        "clients": clients,
        "throughput": round(tps, 1),
        "transactions": transactions,
        "latency": Distribution.of_ms(latencies).to_json(),
    }


def measure(
    server: BenchServer, progress: Progress, *, quick: bool, workdir: Path
) -> dict[str, Any]:
    seconds = 3
    rounds = 1 if quick else 4
    length = {"transactions": 10} if quick else {"seconds": seconds}
    database = server.fresh_database("bench_feed")
    clinics = Clinics(database.url)
    plan = SlotPlan.starting_in(days=2)
    if not quick:  # warm caches and plans, then statistics as autovacuum keeps them
        book_run(clinics, database.gateway_url, SHIPPED, 8, plan, workdir, length={"seconds": 2})
    analyze(database.url)
    cost_runs: list[dict[str, Any]] = []
    for clients in COST_CLIENTS:
        for round_ in range(rounds):
            for variant in rotated(VARIANTS, round_):
                progress(f"feed cost: {variant} with {clients} clients (round {round_ + 1})")
                cost_runs.append(
                    book_run(
                        clinics, database.gateway_url, variant, clients, plan, workdir,
                        length=length,
                    )
                )  # fmt: skip
    ratios, events_ratios = {}, {}
    for clients in COST_CLIENTS:
        totals = {
            variant: sum(
                r["throughput"]
                for r in cost_runs
                if r["clients"] == clients and r["variant"] == variant
            )
            for variant in VARIANTS
        }
        ratios[str(clients)] = round(totals[SHIPPED] / totals[OFF], 3) if totals[OFF] else None
        events_ratios[str(clients)] = (
            round(totals[EVENTS] / totals[OFF], 3) if totals[OFF] else None
        )
    scaling: list[dict[str, Any]] = []
    scaling_off: list[dict[str, Any]] = []
    for index, clients in enumerate(SCALING_CLIENTS):
        for variant, runs in rotated(((SHIPPED, scaling), (OFF, scaling_off)), index):
            progress(f"feed cost: scaling, {variant} with {clients} client(s)")
            runs.append(
                book_run(
                    clinics, database.gateway_url, variant, clients, plan, workdir,
                    length={"transactions": 5} if quick else {"seconds": 5},
                )
            )  # fmt: skip
    return {
        "cost_clients": list(COST_CLIENTS),
        "rounds": rounds,
        "seconds_per_run": None if quick else seconds,
        "cost_runs": cost_runs,
        "shipped_over_off": ratios,
        "events_over_off": events_ratios,
        "scaling": scaling,
        "scaling_off": scaling_off,
        "direct_capacity": max(r["throughput"] for r in scaling),
        "goal": {"shipped_over_off": GOAL_RATIO},
    }
