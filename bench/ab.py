"""Before/after figures of a change, measured in one run: `python -m bench.ab`.

    python -m bench.ab [--before REV] [--paths direct,http,availability] [--clients 1,8,32]
                       [--seconds 8] [--rounds 2] [--before-without uvloop,httptools]

The tree of --before (default HEAD, i.e. without the uncommitted change;
it must contain bench/) is exported with git archive. On one throwaway
cluster, one database is migrated by that tree and one by the working
tree; with --paths http, a gateway (bench.gateway_server) of each tree
serves its database. Then, for each number of clients and each round, the
two sides book alternately (before first in odd rounds, after first in even
ones), each run on fresh clinics of its own, as bench/gateway_overhead.py
does: pgbench for direct, wrk for http; availability: pgbench calls
check_availability on days half booked beforehand (bench/growth.py's
script). Reported: bookings per second and
latency of each side over all its runs, and after/before ratios, so a fix's
effect is a ratio measured within one run rather than a comparison of two
runs on a noisy machine. Written to bench/out/ab-<rev>.md as well.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from bench.common import (
    BENCH_DIR,
    ROOT,
    Distribution,
    GatewayProcess,
    Progress,
    SlotPlan,
    bench_server,
    create_clinics,
    percentile,
)
from bench.gateway_overhead import (
    MEASURED_FIRST_N,
    prepare_pgbench_clients,
    run_pgbench,
    run_wrk,
)
from bench.report import table
from shim.database.url import with_database, with_user


@dataclass
class Side:
    name: str  # before or after
    root: Path
    url: str = ""
    login_url: str = ""
    gateway: GatewayProcess | None = None
    calls: dict[tuple[str, int], int] = field(default_factory=dict)
    seconds: dict[tuple[str, int], float] = field(default_factory=dict)
    latencies: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    p99s: dict[tuple[str, int], list[float]] = field(default_factory=dict)  # wrk's, per run
    gateway_cpu: dict[tuple[str, int], float] = field(default_factory=dict)  # CPU seconds

    def add(self, key: tuple[str, int], calls: int, seconds: float, latencies: list[float]) -> None:
        self.calls[key] = self.calls.get(key, 0) + calls
        self.seconds[key] = self.seconds.get(key, 0.0) + seconds
        self.latencies.setdefault(key, []).extend(latencies)

    def throughput(self, key: tuple[str, int]) -> float:
        return self.calls[key] / self.seconds[key]


def export_tree(revision: str, into: Path) -> str:
    """`git archive` of the revision into a folder; returns its short hash."""
    short = subprocess.run(
        ["git", "rev-parse", "--short", revision], cwd=ROOT, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    if not (into / "bench" / "gateway_server.py").exists():
        raise SystemExit(f"{revision} has no bench/gateway_server.py; pick a later revision")
    return short


def migrate_with(root: Path, server_url: str, name: str) -> str:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    url = with_database(server_url, name)
    subprocess.run(
        [sys.executable, "-m", "shim.database.migrate", "--database-url", url],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip
    return url


def measure_side(
    side: Side, path: str, clients: int, seconds: int, workdir: Path, round_number: int
) -> None:
    orgs = create_clinics(side.url, clients, f"ab {side.name} {path} c{clients} r{round_number}")
    plan = SlotPlan.starting_in(days=2)
    if path == "availability":  # check_availability of half-booked days, as growth.py does
        run = f"ab-availability-{clients}-{round_number}"
        prepare_pgbench_clients(side.url, run, orgs)
        run_pgbench(side.login_url, run, clients, plan, 0, workdir, transactions=plan.per_day * 2)
        with psycopg.connect(side.url, autocommit=True) as conn:
            conn.execute("analyze")
        first_date = datetime.fromtimestamp(plan.first_day_epoch, UTC).date()
        tps, latencies, transactions = run_pgbench(
            side.login_url, run, clients, plan, 0, workdir, seconds=seconds,
            script=BENCH_DIR / "pgbench_availability.sql",
            extra_variables={"first_date": first_date.isoformat(), "days": 4},
        )  # fmt: skip
        side.add((path, clients), transactions, transactions / tps, latencies)
        return
    if path == "direct":
        run = f"ab-{clients}-{round_number}"
        prepare_pgbench_clients(side.url, run, orgs)
        tps, latencies, transactions = run_pgbench(
            side.login_url, run, clients, plan, MEASURED_FIRST_N, workdir, seconds=seconds
        )
        side.add((path, clients), transactions, transactions / tps, latencies)
        return
    assert side.gateway is not None
    report = run_wrk(side.gateway, orgs, plan, MEASURED_FIRST_N, seconds, workdir)
    if report["failures"] or any(report["errors"].values()):
        raise RuntimeError(f"{side.name} http c={clients}: failures {report}")
    wall = report["duration_us"] / 1e6
    # wrk reports percentiles, not samples: keep each run's p50 and p99.
    side.add((path, clients), report["successes"], wall, [report["p50_us"] / 1000])
    side.p99s.setdefault((path, clients), []).append(report["p99_us"] / 1000)
    key = (path, clients)
    side.gateway_cpu[key] = side.gateway_cpu.get(key, 0.0) + report["gateway_cpu"] * wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="HEAD")
    parser.add_argument("--paths", default="direct,http")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--before-without",
        default="",
        help="modules the before gateway cannot import, e.g. uvloop,httptools (to measure "
        "adding a dependency that is picked up automatically)",
    )
    args = parser.parse_args(argv)
    paths = [p for p in args.paths.split(",") if p]
    concurrency = [int(c) for c in args.clients.split(",")]
    workdir = ROOT / "bench" / "out"
    workdir.mkdir(parents=True, exist_ok=True)
    progress = Progress()
    with ExitStack() as stack:
        before_root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-ab-")))
        revision = export_tree(args.before, before_root)
        server = stack.enter_context(bench_server(progress))
        before, after = Side("before", before_root), Side("after", ROOT)
        blocked = [m for m in args.before_without.split(",") if m]
        before_env = {}
        if blocked:
            stubs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-ab-stubs-")))
            for module in blocked:
                (stubs / f"{module}.py").write_text(
                    f"raise ImportError('{module} blocked by ab')\n"
                )
            before_env["PYTHONPATH"] = str(stubs)
        for side in (before, after):
            progress(f"ab: migrating the {side.name} database")
            side.url = migrate_with(side.root, server.url, f"ab_{side.name}")
            server.databases.append(f"ab_{side.name}")
            side.login_url = with_user(side.url, "authenticator")
            if "http" in paths:
                side.gateway = stack.enter_context(
                    GatewayProcess(
                        side.login_url,
                        workdir / f"gateway-ab-{side.name}.log",
                        root=side.root,
                        extra_env=before_env if side is before else {},
                    )
                )
        for path in paths:
            for clients in concurrency:
                for round_number in range(args.rounds):
                    order = (before, after) if round_number % 2 == 0 else (after, before)
                    for side in order:
                        progress(
                            f"ab: {path}, {clients} clients, round {round_number + 1}, {side.name}"
                        )
                        measure_side(side, path, clients, args.seconds, workdir, round_number)
    rows = []
    for path in paths:
        for clients in concurrency:
            key = (path, clients)
            cells: list[object] = [path, clients]
            for side in (before, after):
                if path != "http":
                    dist = Distribution.of_ms(side.latencies[key])
                    p50, p99 = dist.p50, dist.p99
                else:  # the median of the runs' percentiles
                    p50 = percentile(side.latencies[key], 0.5)
                    p99 = percentile(side.p99s[key], 0.5)
                cells += [f"{side.throughput(key):.0f}", f"{p50:.2f}", f"{p99:.1f}"]
            cells.append(f"{after.throughput(key) / before.throughput(key):.2f}x")
            cells += [
                f"{1000 * side.gateway_cpu[key] / side.calls[key]:.2f}" if path == "http" else ""
                for side in (before, after)
            ]
            rows.append(cells)
    header = [
        "path", "clients", "before /s", "before p50 ms", "before p99 ms",
        "after /s", "after p50 ms", "after p99 ms", "after/before throughput",
        "before gateway CPU ms/call", "after gateway CPU ms/call",
    ]  # fmt: skip
    text = (
        f"A/B in one run: before = {revision}, after = working tree; "
        f"{args.rounds} alternating rounds of {args.seconds} s per side"
        + (" (http p50/p99: median over wrk runs)" if "http" in paths else "")
        + "\n\n"
        + table(header, rows)
    )
    (workdir / f"ab-{revision}.md").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
