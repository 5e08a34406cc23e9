"""SMS pipeline figures: commit-to-provider latency and throughput.

    .venv/bin/python -m bench.sms_latency [--messages 1000] [--rate 100]
                                          [--burst 5000] [--workers 2]

Runs against a throwaway PostgreSQL cluster (or a fresh database on
$DATABASE_URL's server), real worker processes (python -m shim.sms_worker)
using the real twilio library, and the local Twilio-compatible server of the
tests (tests/sms/twilio_server.py) in this process.

1. Latency: --messages bookings (public.book_appointment_atomic, one
   transaction each) at --rate per second. For each, the time from the end
   of its COMMIT (as the client saw it) to the moment the server received
   the confirmation SMS request. p50/p90/p99/max.
2. Throughput: --burst one-time-code SMS enqueued in one transaction; the
   time from that commit to the last request received; messages/second.

Writes bench/out/sms_latency.json and prints a summary.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg

from shim.migrate import migrate
from tests import database
from tests.fixtures import create_org, local_noon
from tests.sms.twilio_server import FakeTwilio

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
KEY = "bench-settings-key"
APPOINTMENT_IN_BODY = re.compile(r"/reschedule/([0-9a-f-]{36})")


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


def listeners(conn: psycopg.Connection) -> int:
    row = conn.execute(
        "select count(*) from pg_stat_activity where query = 'listen booking_sms_outbox'"
    ).fetchone()
    return int(row[0]) if row else 0


def start_workers(
    url: str, fake: FakeTwilio, count: int, concurrency: int
) -> list[subprocess.Popen]:
    OUT.mkdir(parents=True, exist_ok=True)
    workers = []
    for n in range(count):
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SETTINGS_ENCRYPTION_KEY": KEY,
            "TWILIO_API_BASE_URL": fake.base_url,
            "SMS_WORKER_CONCURRENCY": str(concurrency),
            "LOG_LEVEL": "WARNING",
        }
        log = (OUT / f"sms-worker-{n}.log").open("w")
        workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "shim.sms_worker"], cwd=ROOT, env=env, stdout=log, stderr=log
            )
        )
    return workers


def wait(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def measure_latency(
    conn: psycopg.Connection,
    fake: FakeTwilio,
    org_id: uuid.UUID,
    messages: int,
    rate: float,
    first_booking: int = 0,
) -> dict[str, object]:
    already = len(fake.accepted)
    committed: dict[str, float] = {}
    commit_durations: list[float] = []
    first_slot = local_noon(1)
    interval = 1.0 / rate
    started = time.monotonic()
    for i in range(messages):
        n = first_booking + i  # a slot and a patient of its own
        target = started + i * interval
        if (delay := target - time.monotonic()) > 0:
            time.sleep(delay)
        conn.execute("begin")
        row = conn.execute(
            "select public.book_appointment_atomic("
            "  %s, 'Bench Patient', null, %s, 'Cleaning', %s, 30)",
            (org_id, f"+1415{2_000_000 + n:07d}", first_slot + timedelta(minutes=30 * n)),
        ).fetchone()
        assert row is not None
        assert row[0]["success"], row
        before_commit = time.time()
        conn.execute("commit")
        after_commit = time.time()
        committed[row[0]["appointment_id"]] = after_commit
        commit_durations.append(after_commit - before_commit)
    if not wait(lambda: len(fake.accepted) >= already + messages, timeout=60):
        raise SystemExit("not every confirmation reached the server")
    latencies = []
    for request in fake.accepted[already:]:
        match = APPOINTMENT_IN_BODY.search(request.body)
        if match and match.group(1) in committed:
            latencies.append(request.received_at - committed[match.group(1)])
    return {
        "rate_per_second": rate,
        "commit_to_provider": summary_ms(latencies),
        "commit_statement": summary_ms(commit_durations),
    }


def measure_throughput(
    conn: psycopg.Connection, fake: FakeTwilio, org_id: uuid.UUID, burst: int
) -> dict[str, object]:
    already = len(fake.accepted)
    conn.execute("begin")
    conn.execute(
        "select booking.enqueue_sms("
        "  %s, 'otp', '+1628' || (2000000 + n)::text, 'Your code is ' || n)"
        "  from generate_series(1, %s) n",
        (org_id, burst),
    )
    conn.execute("commit")
    committed = time.time()
    if not wait(lambda: len(fake.accepted) >= already + burst, timeout=300):
        raise SystemExit("the burst did not reach the server")
    last = max(r.received_at for r in fake.accepted[already:])
    shares = dict(
        conn.execute(
            "select claimed_by, count(*) from booking.sms_outbox where kind = 'otp' group by 1"
        ).fetchall()
    )
    return {
        "messages": burst,
        "seconds": round(last - committed, 3),
        "messages_per_second": round(burst / (last - committed), 1),
        "per_worker": shares,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--burst", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    with (
        database.server() as server_url,
        database.fresh_database(server_url, prefix="sms_bench") as url,
    ):
        migrate(url)
        fake = FakeTwilio().start()
        account_sid, auth_token = "AC" + uuid.uuid4().hex, uuid.uuid4().hex
        fake.add_account(account_sid, auth_token)
        with psycopg.connect(url, autocommit=True) as conn:
            org_id = create_org(conn, "Bench Clinic")  # open around the clock
            conn.execute(
                "select public.set_integration_settings(%s, %s, %s, %s, '+14155550100')",
                (org_id, KEY, account_sid, auth_token),
            )
            workers = start_workers(url, fake, args.workers, args.concurrency)
            try:
                if not wait(lambda: listeners(conn) == args.workers, timeout=30):
                    raise SystemExit("the workers did not start")
                measure_latency(conn, fake, org_id, 50, args.rate)  # warm-up
                latency = measure_latency(
                    conn, fake, org_id, args.messages, args.rate, first_booking=50
                )
                throughput = measure_throughput(conn, fake, org_id, args.burst)
            finally:
                for worker in workers:
                    worker.send_signal(signal.SIGTERM)
                for worker in workers:
                    worker.wait(30)
                fake.stop()
    duplicates = len(fake.accepted) - len({r.body for r in fake.accepted})
    result = {
        "workers": args.workers,
        "concurrency_per_worker": args.concurrency,
        "latency": latency,
        "throughput": throughput,
        "duplicate_sends": duplicates,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sms_latency.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
