"""Where a booking's time goes: `python -m bench.profile` (make bench-profile).

    python -m bench.profile [--seconds 10] [--clients 8] [--out bench/out/profile]

On a throwaway cluster with pg_stat_statements (track = all) and
track_functions = all:
1. SQL: pgbench books for --seconds on one clinic per client (the direct
   path of bench/gateway_overhead.py); then the functions by self time per
   call (pg_stat_user_functions) and the statements by total time
   (pg_stat_statements, nested statements included).
2. Gateway: wrk books through HTTP for --seconds while py-spy samples the
   gateway process; then the Python functions by own and by total samples.
The SQL statistics are read for the HTTP load too. All are printed and
written to the output folder (sql.txt, sql-http.txt, gateway.txt, and
py-spy's collapsed stacks gateway-raw.txt). track_functions slows the functions it times, so
read the SQL figures as shares, not as the benchmark's latencies.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import psycopg

from bench import common, queries
from bench.common import BENCH_DIR, GatewayProcess, Progress, SlotPlan, create_clinics
from bench.gateway_overhead import prepare_pgbench_clients, run_pgbench, run_wrk

PROFILE_SETTINGS = {
    "shared_preload_libraries": "pg_stat_statements",
    "pg_stat_statements.track": "all",
    "pg_stat_statements.track_planning": "on",
    "track_functions": "all",
}


def sql_profile(database_url: str, top: int = 25) -> str:
    lines = ["functions by self time per call (ms), track_functions = all", ""]
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(queries.PROFILE_FUNCTIONS, [top]).fetchall()
        lines += [
            f"{calls:>8} calls {total:>8.3f} total {own:>8.3f} self  {name}"
            for name, calls, total, own in rows
        ]
        lines += [
            "",
            "statements by total time (ms per call), nested included; plans: how many times "
            "it was planned (as many as calls: no cached plan is used), plan: ms per planning",
            "",
        ]
        rows = conn.execute(queries.PROFILE_STATEMENTS, [top]).fetchall()
        lines += [
            f"{calls:>8} calls {mean:>8.3f} mean {share:>5.1f}% {plans:>8} plans "
            f"{plan_ms:>6.3f} plan  {text}"
            for calls, mean, share, plans, plan_ms, text in rows
        ]
    return "\n".join(lines)


def python_profile(raw: str, top: int = 30) -> str:
    """Own and total samples per function from py-spy's collapsed stacks."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    if samples == 0:
        return "no samples"

    def block(title: str, counter: Counter[str]) -> list[str]:
        return [title, ""] + [
            f"{100 * n / samples:5.1f}%  {frame}" for frame, n in counter.most_common(top)
        ]

    return "\n".join(
        [
            f"{samples} samples of the gateway process while it was running Python",
            "",
            *block("own samples (the function itself)", own),
            "",
            *block("total samples (the function and what it calls)", total),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out" / "profile")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    common.CLUSTER_SETTINGS.update(PROFILE_SETTINGS)
    progress = Progress()
    plan = SlotPlan.starting_in(days=2)
    with common.bench_server(progress) as server:
        database = server.fresh_database("bench_profile")
        orgs = create_clinics(database.url, args.clients, "profile direct")
        prepare_pgbench_clients(database.url, "profile", orgs)
        progress("profile: warm-up, then ANALYZE (as in bench/gateway_overhead.py)")
        run_pgbench(database.gateway_url, "profile", args.clients, plan, 0, args.out, seconds=2)
        with psycopg.connect(database.url, autocommit=True) as conn:
            conn.execute(queries.ANALYZE)
            conn.execute(queries.PROFILE_RESET)
        progress(f"profile: pgbench, {args.clients} clients, {args.seconds}s")
        run_pgbench(
            database.gateway_url, "profile", args.clients, plan, 20_000, args.out,
            seconds=args.seconds,
        )  # fmt: skip
        sql = sql_profile(database.url)
        (args.out / "sql.txt").write_text(sql + "\n")

        orgs = create_clinics(database.url, args.clients, "profile http")
        raw_path = args.out / "gateway-raw.txt"
        with GatewayProcess(database.gateway_url, args.out / "gateway.log") as gateway:
            with psycopg.connect(database.url, autocommit=True) as conn:
                conn.execute(queries.PROFILE_RESET)
            assert gateway.process is not None
            pid = str(gateway.process.pid)
            progress(
                f"profile: wrk, {args.clients} clients, {args.seconds}s, py-spy on the gateway"
            )
            py_spy = str(Path(sys.executable).with_name("py-spy"))
            recorder = subprocess.Popen(
                [py_spy, "record", "--pid", pid, "--duration", str(args.seconds), "--rate", "200",
                 "--format", "raw", "--output", str(raw_path), "--nonblocking"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            wrk = threading.Thread(
                target=run_wrk, args=(gateway, orgs, plan, 0, args.seconds + 1, args.out)
            )
            wrk.start()
            recorder.wait()
            wrk.join()
            http_sql = sql_profile(database.url)
            (args.out / "sql-http.txt").write_text(http_sql + "\n")
        python = python_profile(raw_path.read_text(errors="replace") if raw_path.exists() else "")
        (args.out / "gateway.txt").write_text(python + "\n")
    print("== direct (pgbench) ==")
    print(sql)
    print()
    print("== through the gateway (wrk) ==")
    print(http_sql)
    print()
    print(python)
    progress(f"profile written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
