"""Benchmark 1, gateway overhead: booking throughput and latency at 1, 8 and
32 concurrent clients through HTTP and called directly, in one run.

HTTP: wrk (bench/wrk_book.lua) POSTs /rest/v1/rpc/book_appointment_atomic
to the gateway (bench.gateway_server, one uvicorn process, pool DB_POOL=10
as `make run`) with the anon apikey and a member JWT of the clinic.
Direct: pgbench (bench/pgbench_book.sql, prepared statements) calls the
same function on its own connections, as a member of the clinic too.

Bookings on one calendar serialise on its advisory lock by design, so each
client books on a clinic of its own (open around the clock, one-minute
grid; bench.common), slot after slot of a pre-computed plan: every request
books a distinct free slot and succeeds. Both sides are checked against
the table afterwards (as many appointments as successful calls, no other
answer than success). The two sides run back to back at each concurrency,
after a warm-up of their own and an ANALYZE (statistics as autovacuum
keeps them), so the HTTP/direct ratio compares like with like on a noisy
machine.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from bench import queries
from bench.common import (
    ANON_KEY,
    BENCH_DIR,
    BenchServer,
    Distribution,
    GatewayProcess,
    Progress,
    SlotPlan,
    count_appointments,
    create_clinics,
    member_claims,
    member_token,
    pgbench_path,
)

CONCURRENCY = (1, 8, 32)
RPC_PATH = "/rest/v1/rpc/book_appointment_atomic"
WARMUP_FIRST_N = 0
MEASURED_FIRST_N = 20_000  # beyond any slot a warm-up reaches
# The open-loop run: bookings arrive at this share of the direct capacity,
# over this many clinics (a connection each); goal for its p99.
OPEN_LOOP_SHARE = 0.5
OPEN_LOOP_CONNECTIONS = 64
OPEN_LOOP_P99_GOAL_MS = 20
OPEN_LOOP_WARMUP_SECONDS = 3
_TPS = re.compile(r"tps = ([0-9.]+) \(without initial connection time\)")


@dataclass(frozen=True)
class RunResult:
    mode: str  # http or direct
    clients: int
    seconds: float
    calls: int
    throughput: float  # successful bookings per second
    latency: Distribution
    failures: int  # answers other than success (HTTP: non-200 or success false)
    booked: int  # appointments found in the table afterwards
    loader_cpu: float  # CPU seconds of the load generator per wall second
    gateway_cpu: float | None  # CPU seconds of the gateway process per wall second

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "latency": self.latency.to_json()}


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string for these values


def write_wrk_data(
    path: Path, orgs: list[uuid.UUID], plan: SlotPlan, first_n: int, rate: float | None = None
) -> None:
    entries = ",\n".join(
        f"    {{id = {_lua_string(str(org))}, token = {_lua_string(member_token(org))}}}"
        for org in orgs
    )
    path.write_text(
        "return {\n"
        f"  path = {_lua_string(RPC_PATH)},\n"
        f"  apikey = {_lua_string(ANON_KEY)},\n"
        f"  first_day = {plan.first_day_epoch}, day_start = {plan.day_start_seconds},\n"
        f"  step = {plan.step_seconds}, per_day = {plan.per_day}, minutes = {plan.minutes},\n"
        f"  first_n = {first_n},\n"
        + (f"  rate = {rate:.3f},\n" if rate is not None else "")
        + f"  orgs = {{\n{entries}\n  }}\n"
        "}\n"
    )


def run_wrk(
    gateway: GatewayProcess,
    orgs: list[uuid.UUID],
    plan: SlotPlan,
    first_n: int,
    seconds: int,
    workdir: Path,
    rate: float | None = None,
) -> dict[str, Any]:
    """One wrk run, a connection per clinic: closed loop, or with `rate` an
    open loop at that many requests per second (bench/wrk_book_paced.lua)."""
    data = workdir / f"wrk-{uuid.uuid4().hex[:8]}.lua"
    write_wrk_data(data, orgs, plan, first_n, rate)
    script = "wrk_book.lua" if rate is None else "wrk_book_paced.lua"
    assert gateway.process is not None
    cpu_before, loader_before = _cpu_seconds(gateway.process.pid), _children_cpu()
    started = time.monotonic()
    result = subprocess.run(
        [
            "wrk", "-t1", f"-c{len(orgs)}", f"-d{seconds}s", "--timeout", "10s",
            "-s", str(BENCH_DIR / script), gateway.base_url, "--", str(data),
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr or result.stdout}")
    line = [ln for ln in result.stdout.splitlines() if ln.startswith("{")][-1]
    report: dict[str, Any] = json.loads(line)
    report["gateway_cpu"] = (_cpu_seconds(gateway.process.pid) - cpu_before) / wall
    report["loader_cpu"] = (_children_cpu() - loader_before) / wall
    return report


def analyze(database_url: str) -> None:
    """Statistics as autovacuum keeps them in a running system. The tables
    start empty and grow by thousands of rows a run; never analysed, some
    lookups are planned with default estimates and scan a clinic's rows."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(queries.ANALYZE)


def settled_count(database_url: str, orgs: list[uuid.UUID]) -> int:
    """The clinics' appointments once the gateway has finished the requests
    that were in flight when wrk stopped (their clients are gone, not them)."""
    count = count_appointments(database_url, orgs)
    while True:
        time.sleep(0.2)
        again = count_appointments(database_url, orgs)
        if again == count:
            return count
        count = again


def prepare_pgbench_clients(database_url: str, run: str, orgs: list[uuid.UUID]) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(queries.CREATE_CLIENT_TABLE)
        with conn.cursor() as cursor:
            cursor.executemany(
                queries.INSERT_CLIENT,
                [(run, client, org, member_claims(org)) for client, org in enumerate(orgs)],
            )


def run_pgbench(
    login_url: str,
    run: str,
    clients: int,
    plan: SlotPlan,
    first_n: int,
    workdir: Path,
    *,
    seconds: int | None = None,
    transactions: int | None = None,
    script: Path = BENCH_DIR / "pgbench_book.sql",
    extra_variables: dict[str, object] | None = None,
    steady_after: float | None = None,
) -> tuple[float, list[float], int]:
    """(transactions per second, latencies in ms, transactions) of one pgbench run.

    steady_after: the rate counts only transactions ending that many seconds
    or more after the first one began (pgbench's per-transaction log), so a
    new connection's first bookings, which plan every statement they meet,
    are left out of it; latencies and transactions stay whole."""
    logdir = Path(tempfile.mkdtemp(prefix="pgbench-", dir=workdir))
    length = ["-T", str(seconds)] if seconds is not None else ["-t", str(transactions)]
    variables = {
        "run": run, "first": 1, "n": first_n - 1, "first_day": plan.first_day_epoch,
        "day_start": plan.day_start_seconds, "step": plan.step_seconds,
        "per_day": plan.per_day, "minutes": plan.minutes, **(extra_variables or {}),
    }  # fmt: skip
    command = [
        str(pgbench_path()), "-n", "-M", "prepared", "--random-seed=7", "-c", str(clients),
        "-j", str(min(clients, 2)), *length, "-f", str(script),
        "-l", "--log-prefix", str(logdir / "tx"),
        *[f"-D{name}={value}" for name, value in variables.items()],
        login_url,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"pgbench failed: {result.stderr or result.stdout}")
    match = _TPS.search(result.stdout)
    if match is None:
        raise RuntimeError(f"pgbench printed no tps: {result.stdout}")
    latencies: list[float] = []
    ends: list[float] = []  # seconds since the epoch
    for log in logdir.glob("tx*"):
        for line in log.read_text().splitlines():
            # client, transaction, latency (us), script, end (s, us)
            fields = line.split()
            latencies.append(int(fields[2]) / 1000)
            ends.append(int(fields[4]) + int(fields[5]) / 1e6)
    shutil.rmtree(logdir, ignore_errors=True)
    tps = float(match.group(1))
    if steady_after is not None and ends:
        began = min(end - latency / 1000 for end, latency in zip(ends, latencies, strict=True))
        window_start = began + steady_after
        steady = [end for end in ends if end >= window_start]
        if len(steady) > 1 and max(steady) > window_start:
            tps = len(steady) / (max(steady) - window_start)
    return tps, latencies, len(latencies)


def measure(
    server: BenchServer, progress: Progress, *, quick: bool, workdir: Path
) -> dict[str, Any]:
    seconds = 1 if quick else 15
    warmup = 0 if quick else 2
    database = server.fresh_database("bench_gateway")
    plan = SlotPlan.starting_in(days=2)
    runs: list[RunResult] = []
    log_path = workdir / "gateway.log"
    with GatewayProcess(database.gateway_url, log_path) as gateway:
        for clients in CONCURRENCY:
            for mode in ("direct", "http"):
                orgs = create_clinics(database.url, clients, f"{mode} c{clients}")
                run = f"{mode}-{clients}"
                progress(f"gateway overhead: {mode} with {clients} clients ({seconds}s)")
                if mode == "http":
                    if warmup:
                        run_wrk(gateway, orgs, plan, WARMUP_FIRST_N, warmup, workdir)
                    analyze(database.url)
                    before = settled_count(database.url, orgs)
                    report = run_wrk(gateway, orgs, plan, MEASURED_FIRST_N, seconds, workdir)
                    booked = settled_count(database.url, orgs) - before
                    wall = report["duration_us"] / 1e6
                    failures = report["failures"] + sum(report["errors"].values())
                    runs.append(
                        RunResult(
                            mode=mode,
                            clients=clients,
                            seconds=round(wall, 2),
                            calls=report["requests"],
                            throughput=round(report["successes"] / wall, 1),
                            latency=Distribution(
                                count=report["requests"],
                                p50=round(report["p50_us"] / 1000, 3),
                                p95=round(report["p95_us"] / 1000, 3),
                                p99=round(report["p99_us"] / 1000, 3),
                                max=round(report["max_us"] / 1000, 3),
                                mean=round(report["mean_us"] / 1000, 3),
                            ),
                            failures=failures,
                            booked=booked,
                            loader_cpu=round(report["loader_cpu"], 2),
                            gateway_cpu=round(report["gateway_cpu"], 2),
                        )
                    )
                    # Requests still in flight when wrk stops may commit unseen.
                    if not report["successes"] <= booked <= report["successes"] + clients:
                        raise RuntimeError(
                            f"http c={clients}: {report['successes']} successes, {booked} booked"
                        )
                else:
                    prepare_pgbench_clients(database.url, run, orgs)
                    if warmup:
                        run_pgbench(
                            database.gateway_url, run, clients, plan, WARMUP_FIRST_N, workdir,
                            seconds=warmup,
                        )  # fmt: skip
                    analyze(database.url)
                    before = count_appointments(database.url, orgs)
                    loader_before, started = _children_cpu(), time.monotonic()
                    length = {"transactions": 25} if quick else {"seconds": seconds}
                    tps, latencies, transactions = run_pgbench(
                        database.gateway_url, run, clients, plan, MEASURED_FIRST_N, workdir,
                        **length,
                    )  # fmt: skip
                    wall = time.monotonic() - started
                    booked = count_appointments(database.url, orgs) - before
                    runs.append(
                        RunResult(
                            mode=mode,
                            clients=clients,
                            seconds=round(wall, 2),
                            calls=transactions,
                            throughput=round(tps, 1),
                            latency=Distribution.of_ms(latencies),
                            failures=transactions - booked,
                            booked=booked,
                            loader_cpu=round((_children_cpu() - loader_before) / wall, 2),
                            gateway_cpu=None,
                        )
                    )
        # The goal's rate: half the direct capacity. On this machine the gateway's
        # CPU comes out of the database's cores, so also at half of what HTTP
        # itself carries: what a client sees when the gateway has cores of its own
        # to the same proportion.
        open_loop_seconds = 2 if quick else 15
        open_loop = measure_open_loop(
            gateway, database.url, runs, plan, workdir, progress,
            seconds=open_loop_seconds, basis="direct",
        )  # fmt: skip
        open_loop_http = measure_open_loop(
            gateway, database.url, runs, plan, workdir, progress,
            seconds=open_loop_seconds, basis="http",
        )  # fmt: skip
    by_key = {(r.mode, r.clients): r for r in runs}
    ratios = {
        str(c): round(by_key["http", c].throughput / by_key["direct", c].throughput, 3)
        for c in CONCURRENCY
    }
    return {
        "concurrency": list(CONCURRENCY),
        "seconds_per_run": seconds,
        "runs": [r.to_json() for r in runs],
        "http_over_direct_throughput": ratios,
        "open_loop": open_loop,
        "open_loop_http": open_loop_http,
        "goal": {"ratio_at_32": 0.6, "open_loop_p99_ms": OPEN_LOOP_P99_GOAL_MS},
    }


def measure_open_loop(
    gateway: GatewayProcess,
    database_url: str,
    runs: list[RunResult],
    plan: SlotPlan,
    workdir: Path,
    progress: Progress,
    *,
    seconds: int,
    basis: str = "direct",
) -> dict[str, Any]:
    """Bookings over HTTP arriving at a constant rate, OPEN_LOOP_SHARE of the
    capacity measured above on `basis` ("direct": the best direct throughput,
    the goal's; "http": the best HTTP throughput), each connection on a
    clinic of its own: latency as a client of a service under that load
    sees it, not throughput in disguise (Little's law)."""
    capacity = max(r.throughput for r in runs if r.mode == basis)
    rate = max(OPEN_LOOP_SHARE * capacity, 10.0)
    orgs = create_clinics(database_url, OPEN_LOOP_CONNECTIONS, f"open loop {basis}")
    progress(
        f"gateway overhead: open loop at {rate:.0f} bookings/s over HTTP "
        f"({OPEN_LOOP_SHARE:.0%} of {basis} capacity, {seconds}s)"
    )
    # A warm-up at the same rate on the same clinics, as the closed loops have:
    # the first bookings of a clinic and of a pool connection (its plans) are
    # not the steady state this measures.
    if seconds > OPEN_LOOP_WARMUP_SECONDS:
        run_wrk(gateway, orgs, plan, WARMUP_FIRST_N, OPEN_LOOP_WARMUP_SECONDS, workdir, rate=rate)
    analyze(database_url)
    before = settled_count(database_url, orgs)
    report = run_wrk(gateway, orgs, plan, MEASURED_FIRST_N, seconds, workdir, rate=rate)
    booked = settled_count(database_url, orgs) - before
    wall = report["duration_us"] / 1e6
    failures = report["failures"] + sum(report["errors"].values())
    if not report["successes"] <= booked <= report["successes"] + len(orgs):
        raise RuntimeError(f"open loop: {report['successes']} successes, {booked} booked")
    return {
        "basis": basis,
        "capacity": capacity,
        "direct_capacity": max(r.throughput for r in runs if r.mode == "direct"),
        "share": OPEN_LOOP_SHARE,
        "rate": round(rate, 1),
        "achieved_rate": round(report["requests"] / wall, 1),
        "connections": len(orgs),
        "seconds": round(wall, 2),
        "requests": report["requests"],
        "failures": failures,
        "late_sends": report["late"],
        "latency": {
            "count": report["requests"],
            "p50": round(report["p50_us"] / 1000, 3),
            "p95": round(report["p95_us"] / 1000, 3),
            "p99": round(report["p99_us"] / 1000, 3),
            "max": round(report["max_us"] / 1000, 3),
            "mean": round(report["mean_us"] / 1000, 3),
        },
        "gateway_cpu": round(report["gateway_cpu"], 2),
    }
