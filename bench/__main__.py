"""The benchmark suite: `python -m bench` (what `make bench` runs).

    python -m bench [--quick] [--only gateway,contention,growth,sms,feed,voice_tools,waitlist]
                    [--out DIR]

Runs, in one run on one PostgreSQL server (a throwaway cluster, or fresh
databases on DATABASE_URL's server):
  gateway     booking through HTTP against the same function called directly,
              and an open loop over HTTP at half the direct capacity
  contention  64 clients booking conflicting slots through HTTP
  growth      booking and check_availability with 0, 100k, 1M appointments
  sms         commit-to-provider latency and throughput, one and two workers
  feed        direct booking throughput with the live feed as shipped, and
              with a wake-up transaction after each booking, against off (8
              and 32 clients, alternating), and throughput against clients 1-32
  feed_work   instructions per booking of the same three variants under
              callgrind (a count the machine's noise does not change)
  voice_tools each voice-agent tool route over HTTP in the platform's message
              format, mixed, open loop at half the measured capacity over 64
              clinics: p50/p95/p99 per tool
  waitlist    a freed slot's first offer SMS at the provider after the
              cancelling commit (real worker, after-commit wake-up), and
              claims per second on one hot slot with 50 claimants
Prints a progress line per step and the results table at the end; writes
RESULTS.md, the chart latency_vs_concurrency.png and results.json to the
output folder (default: bench/ for a full run, bench/out/quick/ with
--quick; results.json of a full run goes to bench/out/). Logs go to
bench/out/ (or DIR/logs).

--quick runs every benchmark briefly (a smoke test, under 30 s): the
figures mean little, the checks (one winner per conflict, no overlap, no
5xx, every booking made) still hold.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import (
    contention,
    feed_cost,
    feed_work,
    gateway_overhead,
    growth,
    report,
    sms_latency,
    voice_tools,
    waitlist,
)
from bench.common import BENCH_DIR, BenchServer, Progress, bench_server

Benchmark = Callable[..., dict[str, Any]]
# In the order they run. growth runs last: its bulk load of a million rows
# leaves the server writing them out (checkpoints, autovacuum) for minutes,
# which fell on whatever ran next (the SMS latency with one worker measured
# p50 167 ms after it, 3.4 ms in the run before). RESULTS.md keeps its own
# order (bench/report.py).
BENCHMARKS: dict[str, Benchmark] = {
    "gateway": gateway_overhead.measure,
    "contention": contention.measure,
    "sms": sms_latency.measure,
    "feed": feed_cost.measure,
    "feed_work": feed_work.measure,
    "voice_tools": voice_tools.measure,
    "waitlist": waitlist.measure,
    "growth": growth.measure,
}
FULL_RUN_LIMIT_SECONDS = 180
QUICK_RUN_LIMIT_SECONDS = 30


def run_suite(
    names: list[str], *, quick: bool, out: Path, logs: Path, progress: Progress
) -> dict[str, Any]:
    started = time.monotonic()
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": quick,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # The machine is shared: how busy it was, at the start and the end.
            "load_average": [round(os.getloadavg()[0], 1)],
        },
        "benchmarks": {},
        "seconds": {},
    }
    with bench_server(progress) as server:
        server_info: BenchServer = server
        results["machine"]["postgresql"] = server_info.version
        for name in names:
            began = time.monotonic()
            results["benchmarks"][name] = BENCHMARKS[name](
                server, progress, quick=quick, workdir=logs
            )
            results["seconds"][name] = round(time.monotonic() - began, 1)
            progress(f"{name}: done in {results['seconds'][name]:.0f}s")
    results["total_seconds"] = round(time.monotonic() - started, 1)
    results["machine"]["load_average"].append(round(os.getloadavg()[0], 1))
    out.mkdir(parents=True, exist_ok=True)
    # The committed folder bench/ gets RESULTS.md and the chart only.
    json_dir = logs if out.resolve() == BENCH_DIR.resolve() else out
    (json_dir / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    if "gateway" in results["benchmarks"]:
        subtitle = f"{results['date']}, {results['machine']['cpus']} cores"
        report.chart(results["benchmarks"]["gateway"], out / report.CHART_NAME, subtitle)
    (out / "RESULTS.md").write_text(report.markdown(results))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke test of every benchmark")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated names")
    parser.add_argument("--out", type=Path, help="output folder")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    if unknown := [n for n in names if n not in BENCHMARKS]:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    out = args.out or (BENCH_DIR / "out" / "quick" if args.quick else BENCH_DIR)
    logs = (args.out / "logs") if args.out else BENCH_DIR / "out"
    logs.mkdir(parents=True, exist_ok=True)
    progress = Progress()
    results = run_suite(names, quick=args.quick, out=out, logs=logs, progress=progress)
    print()
    print(report.summary(results))
    print(f"\nwritten: {out / 'RESULTS.md'}", file=sys.stderr)
    limit = QUICK_RUN_LIMIT_SECONDS if args.quick else FULL_RUN_LIMIT_SECONDS
    slow = (
        [n for n, s in results["seconds"].items() if s > limit]
        if not args.quick
        else (["the suite"] if results["total_seconds"] > limit else [])
    )
    if slow:
        print(f"warning: over {limit} s: {', '.join(slow)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
