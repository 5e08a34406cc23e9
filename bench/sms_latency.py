"""Benchmark 4, SMS: commit-to-provider latency and throughput with one and
with two workers, against the local Twilio-compatible server.

    .venv/bin/python -m bench.sms_latency [--messages 1000] [--rate 100]
                                          [--burst 5000] [--workers 1,2]

(`python -m bench` runs it with the other benchmarks.) Real worker
processes (python -m shim.sms.worker) use the real twilio library against
the local Twilio-compatible server of the tests (tests/sms/twilio_server.py)
in this process. For each worker count, on a clinic of its own with Twilio
settings:

1. Latency: --messages bookings (public.book_appointment_atomic, one
   transaction each) at --rate per second, committed as the service commits
   (the wake-ups the transaction owes read before COMMIT and sent after it:
   shim/database/after_commit.py). For each, the time from the end of its
   COMMIT (as the client saw it) to the moment the server received the
   confirmation SMS request. Then a few bookings committed as psql would,
   without the wake-up: found by the workers' poll (SMS_WORKER_POLL_INTERVAL).
2. Throughput: --burst one-time-code SMS enqueued in one transaction; the
   time from that commit to the last request received; messages/second.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg

from bench.common import BenchServer, Distribution, Progress, bench_server
from shim import queries
from shim.database.after_commit import notify_owed
from tests.fixtures import create_org, local_noon
from tests.sms.twilio_server import FakeTwilio

ROOT = Path(__file__).resolve().parent.parent
KEY = "bench-settings-key"


def listeners(conn: psycopg.Connection) -> int:
    row = conn.execute(
        "select count(*) from pg_stat_activity where query = 'listen booking_sms_outbox'"
    ).fetchone()
    return int(row[0]) if row else 0


def start_workers(
    url: str, fake: FakeTwilio, count: int, concurrency: int, workdir: Path
) -> list[subprocess.Popen[bytes]]:
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
        log = (workdir / f"sms-worker-{count}-{n}.log").open("wb")
        workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "shim.sms.worker"], cwd=ROOT, env=env, stdout=log, stderr=log
            )
        )
    return workers


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(5)


def wait(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
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
    wake_up: bool = True,
) -> dict[str, Any]:
    already = len(fake.accepted)
    committed: dict[str, float] = {}
    commit_durations: list[float] = []
    first_slot = local_noon(1)
    interval = 1.0 / rate
    started = time.monotonic()
    for i in range(messages):
        n = first_booking + i  # a slot and a patient of its own
        phone = f"+1415{2_000_000 + n:07d}"
        target = started + i * interval
        if (delay := target - time.monotonic()) > 0:
            time.sleep(delay)
        conn.execute("begin")
        row = conn.execute(
            "select public.book_appointment_atomic("
            "  %s, 'Bench Patient', null, %s, 'Cleaning', %s, 30)",
            (org_id, phone, first_slot + timedelta(minutes=30 * n)),
        ).fetchone()
        assert row is not None
        assert row[0]["success"], row
        owed = conn.execute(queries.AFTER_COMMIT_OWED).fetchone()
        before_commit = time.time()
        conn.execute("commit")
        after_commit = time.time()
        if wake_up:
            notify_owed(conn, owed[0] if owed else None)
        committed[phone] = after_commit  # its confirmation goes to this patient only
        commit_durations.append(after_commit - before_commit)
    if not wait(lambda: len(fake.accepted) >= already + messages, timeout=60):
        raise RuntimeError("not every confirmation reached the server")
    latencies = []
    for request in fake.accepted[already:]:
        if request.to in committed:
            latencies.append(request.received_at - committed[request.to])
    return {
        "rate_per_second": rate,
        "commit_to_provider": Distribution.of_seconds(latencies).to_json(),
        "commit_statement": Distribution.of_seconds(commit_durations).to_json(),
    }


def measure_throughput(
    conn: psycopg.Connection, fake: FakeTwilio, org_id: uuid.UUID, burst: int
) -> dict[str, Any]:
    already = len(fake.accepted)
    conn.execute("begin")
    conn.execute(
        "select booking.enqueue_sms("
        "  %s, 'otp', '+1628' || (2000000 + n)::text, 'Your code is ' || n)"
        "  from generate_series(1, %s) n",
        (org_id, burst),
    )
    owed = conn.execute(queries.AFTER_COMMIT_OWED).fetchone()
    conn.execute("commit")
    committed = time.time()
    notify_owed(conn, owed[0] if owed else None)
    if not wait(lambda: len(fake.accepted) >= already + burst, timeout=300):
        raise RuntimeError("the burst did not reach the server")
    last = max(r.received_at for r in fake.accepted[already:])
    shares = dict(
        conn.execute(
            "select claimed_by, count(*) from booking.sms_outbox"
            " where kind = 'otp' and org_id = %s group by 1",
            (org_id,),
        ).fetchall()
    )
    return {
        "messages": burst,
        "seconds": round(last - committed, 3),
        "messages_per_second": round(burst / (last - committed), 1),
        "per_worker": sorted(shares.values(), reverse=True),
    }


def measure_with_workers(
    url: str,
    fake: FakeTwilio,
    workers: int,
    *,
    messages: int,
    rate: float,
    burst: int,
    concurrency: int,
    workdir: Path,
) -> dict[str, Any]:
    account_sid, auth_token = "AC" + uuid.uuid4().hex, uuid.uuid4().hex
    fake.add_account(account_sid, auth_token)
    with psycopg.connect(url, autocommit=True) as conn:
        org_id = create_org(conn, f"SMS Bench Clinic {workers}")  # open around the clock
        conn.execute(
            "select public.set_integration_settings(%s, %s, %s, %s, '+14155550100')",
            (org_id, KEY, account_sid, auth_token),
        )
        already = len(fake.requests)
        processes = start_workers(url, fake, workers, concurrency, workdir)
        try:
            if not wait(lambda: listeners(conn) == workers, timeout=30):
                raise RuntimeError("the workers did not start")
            warmup = min(50, messages)
            measure_latency(conn, fake, org_id, warmup, rate)
            latency = measure_latency(conn, fake, org_id, messages, rate, first_booking=warmup)
            unannounced = measure_latency(
                conn, fake, org_id, max(messages // 10, 5), rate / 4,
                first_booking=warmup + messages, wake_up=False,
            )  # fmt: skip
            throughput = measure_throughput(conn, fake, org_id, burst)
        finally:
            stop_workers(processes)
    sent = [(r.to, r.body) for r in fake.requests[already:] if r.accepted]
    return {
        "workers": workers,
        "latency": latency,
        "without_wake_up": unannounced,
        "throughput": throughput,
        "duplicate_sends": len(sent) - len(set(sent)),
    }


def run(
    url: str,
    progress: Progress,
    *,
    worker_counts: tuple[int, ...],
    messages: int,
    rate: float,
    burst: int,
    concurrency: int,
    workdir: Path,
) -> dict[str, Any]:
    fake = FakeTwilio().start()
    try:
        results = []
        for workers in worker_counts:
            progress(
                f"sms: {workers} worker(s): {messages} bookings at {rate:g}/s, burst of {burst}"
            )
            result = measure_with_workers(
                url, fake, workers, messages=messages, rate=rate, burst=burst,
                concurrency=concurrency, workdir=workdir,
            )  # fmt: skip
            results.append(result)
    finally:
        fake.stop()
    return {
        "concurrency_per_worker": concurrency,
        "configurations": results,
        "duplicate_sends": sum(r["duplicate_sends"] for r in results),
    }


def measure(
    server: BenchServer, progress: Progress, *, quick: bool, workdir: Path
) -> dict[str, Any]:
    database = server.fresh_database("bench_sms")
    return run(
        database.url, progress, worker_counts=(1, 2),
        messages=20 if quick else 1000, rate=100.0, burst=100 if quick else 5000,
        concurrency=8, workdir=workdir,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--burst", type=int, default=5000)
    parser.add_argument("--workers", default="1,2", help="worker counts, e.g. 1,2")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    workdir = ROOT / "bench" / "out"
    workdir.mkdir(parents=True, exist_ok=True)
    progress = Progress()
    with bench_server(progress) as server:
        database = server.fresh_database("bench_sms")
        result = run(
            database.url, progress,
            worker_counts=tuple(int(w) for w in args.workers.split(",")),
            messages=args.messages, rate=args.rate, burst=args.burst,
            concurrency=args.concurrency, workdir=workdir,
        )  # fmt: skip
    (workdir / "sms_latency.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
