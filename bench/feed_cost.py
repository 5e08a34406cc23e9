"""Benchmark 5, feed cost: what the live feed and the wake-ups cost direct
booking throughput, and throughput against clients.

1. Feed cost: pgbench calling public.book_appointment_atomic, each client on
   a clinic of its own, in the gateway's shape (one pipeline per booking),
   in three variants alternating on one database, each first in turn:
   - direct: as shipped for a direct SQL caller (`bench/pgbench_book_events.sql`):
     the events written, the wake-ups the transaction owes recorded and not
     sent (nothing a raw SQL writer runs sends them; the listeners' polls
     find its changes);
   - woken: the same, then the wake-ups read before COMMIT and sent after it
     in a transaction of their own, one per booking
     (`bench/pgbench_book_feed.sql`), what the gateway sends after a request
     when no other request's are merged into it: the costlier bound of the
     service's path;
   - merged: direct's bookings, and beside them one more pgbench client
     sending wake-up transactions for every clinic one at a time, at most
     one a millisecond (`bench/pgbench_notifier.sql`): the gateway's
     notifier under load (one connection per process, one statement in
     flight, what the requests committed meanwhile owe merged into it);
   - off: the same booking with every event trigger disabled
     (`bench/pgbench_book_nofeed.sql`).
   At 8 and 32 clients. Each run's rate is counted after a warm-up second
   (a new connection plans every statement on its first bookings), and the
   ratio to off is the median over the rounds of each round's ratio: the
   variants of a round run back to back, so drift of the shared machine
   falls on all of them, and one disturbed round does not decide.
   Goal: >= 0.9 at both, for direct, woken and merged.
2. Scaling: direct and off, alternating, at 1, 2, 4, 8, 16 and 32 clients:
   it should rise to the core count and then hold, not fall (no lock shared
   across clinics); off shows what PostgreSQL alone does with that many
   backends on the machine's cores.

Each client count books on clinics of its own, every run on slots no earlier
run of them used; every booking must succeed, with two events each (none
when off).
"""

from __future__ import annotations

import re
import statistics
import subprocess
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
    pgbench_path,
)
from bench.gateway_overhead import analyze, prepare_pgbench_clients, run_pgbench

T = TypeVar("T")

COST_CLIENTS = (8, 32)
SCALING_CLIENTS = (1, 2, 4, 8, 16, 32)
DIRECT = "direct"
WOKEN = "woken"
MERGED = "merged"
OFF = "off"
VARIANTS = (DIRECT, WOKEN, MERGED, OFF)
FEED_VARIANTS = (DIRECT, WOKEN, MERGED)  # each against OFF
SCRIPTS = {
    DIRECT: BENCH_DIR / "pgbench_book_events.sql",
    WOKEN: BENCH_DIR / "pgbench_book_feed.sql",
    MERGED: BENCH_DIR / "pgbench_book_events.sql",
    OFF: BENCH_DIR / "pgbench_book_nofeed.sql",
}
NOTIFIER_SCRIPT = BENCH_DIR / "pgbench_notifier.sql"
_PROCESSED = re.compile(r"number of transactions actually processed: (\d+)")
GOAL_RATIO = 0.9
WARM_UP_SECONDS = 1
SCALING_SECONDS = WARM_UP_SECONDS + 2  # a shape over six client counts, two variants


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
    notifier = _start_notifier(login_url, length) if variant == MERGED else None
    try:
        tps, latencies, transactions = run_pgbench(
            login_url, run, clients, plan, first, workdir, script=SCRIPTS[variant],
            steady_after=WARM_UP_SECONDS if "seconds" in length else None, **length,
        )  # fmt: skip
    finally:
        _set_feed(database_url, DIRECT)
        wake_ups = _notifier_transactions(notifier) if notifier is not None else None
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
        **({"wake_up_transactions": wake_ups} if wake_ups is not None else {}),
    }


def _start_notifier(login_url: str, length: dict[str, int]) -> subprocess.Popen[str]:
    """The merged variant's notifier: one pgbench client, as long as the run."""
    limit = ["-T", str(length["seconds"])] if "seconds" in length else ["-t", "10"]
    return subprocess.Popen(
        [
            str(pgbench_path()), "-n", "-M", "prepared", "-c", "1", *limit,
            "-f", str(NOTIFIER_SCRIPT), login_url,
        ],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _notifier_transactions(notifier: subprocess.Popen[str]) -> int:
    out, err = notifier.communicate(timeout=60)
    match = _PROCESSED.search(out)
    if notifier.returncode != 0 or match is None:
        raise RuntimeError(f"the notifier failed: {err or out}")
    return int(match.group(1))


def median_round_ratio(runs: list[dict[str, Any]], variant: str, clients: int) -> float | None:
    """Median over the rounds of variant / off, each round's runs back to back."""
    mine = [r["throughput"] for r in runs if r["clients"] == clients and r["variant"] == variant]
    off = [r["throughput"] for r in runs if r["clients"] == clients and r["variant"] == OFF]
    ratios = [a / b for a, b in zip(mine, off, strict=True) if b]
    return round(statistics.median(ratios), 3) if ratios else None


def measure(
    server: BenchServer, progress: Progress, *, quick: bool, workdir: Path
) -> dict[str, Any]:
    seconds = WARM_UP_SECONDS + 3
    rounds = 1 if quick else 4
    length = {"transactions": 10} if quick else {"seconds": seconds}
    database = server.fresh_database("bench_feed")
    clinics = Clinics(database.url)
    plan = SlotPlan.starting_in(days=2)
    if not quick:  # warm caches and plans, then statistics as autovacuum keeps them
        book_run(clinics, database.gateway_url, DIRECT, 8, plan, workdir, length={"seconds": 2})
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
    ratios = {
        variant: {str(c): median_round_ratio(cost_runs, variant, c) for c in COST_CLIENTS}
        for variant in FEED_VARIANTS
    }
    scaling: list[dict[str, Any]] = []
    scaling_off: list[dict[str, Any]] = []
    for index, clients in enumerate(SCALING_CLIENTS):
        for variant, runs in rotated(((DIRECT, scaling), (OFF, scaling_off)), index):
            progress(f"feed cost: scaling, {variant} with {clients} client(s)")
            runs.append(
                book_run(
                    clinics, database.gateway_url, variant, clients, plan, workdir,
                    length={"transactions": 5} if quick else {"seconds": SCALING_SECONDS},
                )
            )  # fmt: skip
    return {
        "cost_clients": list(COST_CLIENTS),
        "rounds": rounds,
        "seconds_per_run": None if quick else seconds,
        "scaling_seconds_per_run": None if quick else SCALING_SECONDS,
        "warm_up_seconds": None if quick else WARM_UP_SECONDS,
        "cost_runs": cost_runs,
        "direct_over_off": ratios[DIRECT],
        "woken_over_off": ratios[WOKEN],
        "merged_over_off": ratios[MERGED],
        "scaling": scaling,
        "scaling_off": scaling_off,
        "direct_capacity": max(r["throughput"] for r in scaling),
        "goal": {"over_off": GOAL_RATIO},
    }
