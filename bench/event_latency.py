"""Live event feed figures: commit-to-client latency of /api/events.

    .venv/bin/python -m bench.event_latency [--bookings 300] [--rate 50]
                                            [--clients 1 50] [--without-wake-up]

Runs against a throwaway PostgreSQL cluster (or a fresh database on
$DATABASE_URL's server) and the whole service (build_service_app, default
feed settings) with the default pool of 10 connections on a loopback port in this
process, with SSE clients reading
on threads (tests/events/conftest.py's client).

For each client count: --bookings bookings (public.book_appointment_atomic,
one transaction each, two events each) at --rate per second, committed as
the service commits (the wake-up the transaction owes sent after its COMMIT,
shim/database/after_commit.py; --without-wake-up: as psql would, found by
the listener's poll, EVENTS_POLL_SECONDS); for each
appointment.booked event and each client, the time from the end of the
booking's COMMIT (as the writer saw it) to the client parsing the event:
the wake-up's NOTIFY, the listener, the stream's read as the client's
role (public.events_since), HTTP, parsing. p50/p90/p99/max. The clients
run in this process, so with many of them part of the figure is their own
contention for the GIL.

Writes bench/out/event_latency.json and prints a summary.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from pathlib import Path

import psycopg

from shim import queries
from shim.database.after_commit import notify_owed
from shim.database.migrate import migrate
from tests import database
from tests.events.conftest import book, serving
from tests.fixtures import create_org

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_FEED = {
    "EVENTS_KEEPALIVE_SECONDS": "15",
    "EVENTS_QUEUE_SIZE": "64",
    "EVENTS_BATCH_SIZE": "100",
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {
        "count": len(ms),
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p90_ms": round(percentile(ms, 0.90), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
        "max_ms": round(max(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def book_as_the_service(db: psycopg.Connection, org: uuid.UUID) -> dict:
    """A booking whose wake-up is sent after its COMMIT, as the gateway does."""
    with db.transaction():
        result = book(db, org)
        owed = db.execute(queries.AFTER_COMMIT_OWED).fetchone()
    notify_owed(db, owed[0] if owed else None)
    return result


def measure(
    url: str, clients: int, bookings: int, rate: float, wake_up: bool = True
) -> dict[str, float]:
    with (
        psycopg.connect(url, autocommit=True) as db,
        serving(url, DEFAULT_FEED, pool_size=10) as server,
    ):
        org = create_org(db, f"Bench Clinic {uuid.uuid4().hex[:8]}")
        token = server.member_token(org, lifetime=3600)
        streams = [server.stream(token) for _ in range(clients)]
        try:
            committed: dict[str, float] = {}
            for _ in range(bookings):
                result = book_as_the_service(db, org) if wake_up else book(db, org)
                committed[result["appointment_id"]] = time.perf_counter()
                time.sleep(1 / rate)
            latencies = [
                event.received_at - committed[event.data["appointment_id"]]
                for stream in streams
                for event in stream.take(2 * bookings, timeout=60)
                if event.type == "appointment.booked"
            ]
        finally:
            for stream in streams:
                stream.stop()
            for stream in streams:
                stream.close()
    return {"clients": clients, **summary_ms(latencies)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=300)
    parser.add_argument("--rate", type=float, default=50.0, help="bookings per second")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 50])
    parser.add_argument("--without-wake-up", action="store_true", help="commit as psql would")
    args = parser.parse_args()
    results = []
    with database.server() as server_url, database.fresh_database(server_url) as url:
        migrate(url)
        for clients in args.clients:
            result = measure(
                url, clients, args.bookings, args.rate, wake_up=not args.without_wake_up
            )
            results.append(result)
            print(
                f"{clients:>4} client(s), {result['count']} deliveries: "
                f"p50 {result['p50_ms']} ms, p90 {result['p90_ms']} ms, "
                f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms"
            )
    OUT.mkdir(parents=True, exist_ok=True)
    report = {"bookings": args.bookings, "rate_per_second": args.rate, "results": results}
    (OUT / "event_latency.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
