"""What every benchmark shares: the database, clinics, slots, distributions,
progress lines, and the gateway served in a process of its own.

The machine is shared and noisy, so every figure is a ratio or a
distribution measured within one run, never a single absolute time.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from bench import queries
from shim.database.local_postgres import find_bindir, throwaway_cluster
from shim.database.migrate import migrate
from shim.database.url import with_database, with_user
from shim.service.auth import api_key, sign

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
# Signs the bench keys and member JWTs of the throwaway benchmark databases only.
JWT_SECRET = "bench-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105

# The benchmark cluster: the test cluster's settings plus pg_stat_statements
# (on by default on Supabase), so statement statistics can be read after a run.
CLUSTER_SETTINGS = {"shared_preload_libraries": "pg_stat_statements"}

# Clinics of the booking benchmarks, as tests.fixtures makes them.
EVERY_DAY_ALL_DAY = {
    day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
}
OPEN_ALWAYS_SETTINGS = {
    "slot_interval_minutes": 1,
    "min_notice_minutes": 0,
    "max_advance_days": 365,
}
# Bench clinics keep UTC, so the load generators (wrk's Lua, pgbench's
# integer arithmetic) can compute on-grid local starts without time zone
# rules. Starts lie between 02:00 and 22:00 local time, far from midnight.
BENCH_TIMEZONE = "UTC"


# -- slots ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SlotPlan:
    """Distinct free slots of one clinic: slot n of a clinic starts at
    first_day + n // per_day days + day_start + (n % per_day) * step and
    lasts `minutes`; patient n of a clinic has phone +1 415 200 0000 + n."""

    first_day_epoch: int  # UTC midnight
    day_start_seconds: int = 2 * 3600
    step_seconds: int = 5 * 60
    per_day: int = 240  # 02:00 to 22:00
    minutes: int = 5

    @classmethod
    def starting_in(cls, days: int) -> SlotPlan:
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return cls(first_day_epoch=int((today + timedelta(days=days)).timestamp()))

    def epoch(self, n: int) -> int:
        day, index = divmod(n, self.per_day)
        return (
            self.first_day_epoch + day * 86_400 + self.day_start_seconds + index * self.step_seconds
        )

    def start(self, n: int) -> datetime:
        return datetime.fromtimestamp(self.epoch(n), UTC)

    @staticmethod
    def phone(n: int) -> str:
        return f"+1415{2_000_000 + n:07d}"

    def capacity(self, max_advance_days: int = 365) -> int:
        days = max_advance_days - 1 - (self.first_day_epoch - int(time.time())) // 86_400
        return self.per_day * max(days, 0)


# -- distributions ------------------------------------------------------------------
def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = fraction * (len(ordered) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass(frozen=True)
class Distribution:
    """Latencies in milliseconds."""

    count: int
    p50: float
    p95: float
    p99: float
    max: float
    mean: float

    @classmethod
    def of_ms(cls, values: Sequence[float]) -> Distribution:
        if not values:
            return cls(0, math.nan, math.nan, math.nan, math.nan, math.nan)
        return cls(
            count=len(values),
            p50=round(percentile(values, 0.50), 3),
            p95=round(percentile(values, 0.95), 3),
            p99=round(percentile(values, 0.99), 3),
            max=round(max(values), 3),
            mean=round(sum(values) / len(values), 3),
        )

    @classmethod
    def of_seconds(cls, values: Sequence[float]) -> Distribution:
        return cls.of_ms([v * 1000 for v in values])

    def to_json(self) -> dict[str, float]:
        return asdict(self)


# -- progress -------------------------------------------------------------------------
class Progress:
    """One line per step on stderr, with the time since the suite started."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.started = time.monotonic()

    def __call__(self, text: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[bench {elapsed:6.1f}s] {text}", file=self.stream, flush=True)


# -- database -------------------------------------------------------------------------
@dataclass
class BenchServer:
    """A PostgreSQL server for the benchmarks and a migrated template database."""

    url: str  # superuser, database postgres
    template: str
    version: str
    has_pg_stat_statements: bool
    databases: list[str] = field(default_factory=list)

    def fresh_database(self, prefix: str) -> BenchDatabase:
        """A copy of the migrated template (CREATE DATABASE ... TEMPLATE is fast)."""
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("create database {} template {}").format(
                    sql.Identifier(name), sql.Identifier(self.template)
                )
            )
        self.databases.append(name)
        url = with_database(self.url, name)
        if self.has_pg_stat_statements:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("create extension if not exists pg_stat_statements")
        return BenchDatabase(url=url, gateway_url=_login_url(url), name=name)

    def drop_all(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            for name in [*self.databases, self.template]:
                conn.execute(
                    sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
                )


def _login_url(database_url: str) -> str:
    """`authenticator`, as the gateway logs in on Supabase, when the server lets
    it log in without a password (the throwaway cluster does); else the owner."""
    url = with_user(database_url, "authenticator")
    try:
        with psycopg.connect(url, connect_timeout=5):
            return url
    except psycopg.OperationalError:
        return database_url


@dataclass(frozen=True)
class BenchDatabase:
    url: str  # superuser (owner of the schema)
    gateway_url: str  # authenticator, as the gateway logs in
    name: str


@contextmanager
def bench_server(progress: Progress) -> Iterator[BenchServer]:
    """DATABASE_URL's server when given (fresh databases on it), else a throwaway
    cluster; never the machine's own server."""
    cluster = None
    if url := os.environ.get("DATABASE_URL"):
        server_url = url
    else:
        cluster = throwaway_cluster(CLUSTER_SETTINGS)
        progress("starting a throwaway PostgreSQL cluster")
        server_url = cluster.start()
    template = f"bench_template_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(template)))
            version = str(conn.execute(queries.SERVER_VERSION).fetchone()[0])  # type: ignore[index]
            preloaded = conn.execute(
                "select 'pg_stat_statements' = any(string_to_array("
                "current_setting('shared_preload_libraries'), ', '))"
            ).fetchone()
        progress("migrating the template database")
        migrate(with_database(server_url, template))
        server = BenchServer(
            url=server_url,
            template=template,
            version=version,
            has_pg_stat_statements=bool(preloaded and preloaded[0]),
        )
        try:
            yield server
        finally:
            server.drop_all()
    finally:
        if cluster is not None:
            cluster.remove()


def create_clinics(database_url: str, count: int, prefix: str) -> list[uuid.UUID]:
    """`count` clinics open around the clock (see OPEN_ALWAYS_SETTINGS), UTC."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            queries.CREATE_CLINICS,
            {
                "prefix": prefix,
                "timezone": BENCH_TIMEZONE,
                "count": count,
                "hours": Jsonb(EVERY_DAY_ALL_DAY),
                "settings": Jsonb(OPEN_ALWAYS_SETTINGS),
            },
        ).fetchall()
    if not all(ok for _, ok in rows):
        raise RuntimeError("setting up a bench clinic failed")
    return [org_id for org_id, _ in rows]


def member_token(org_id: uuid.UUID, hours: int = 2) -> str:
    """A JWT of a member of the clinic, as the voice agent's backend holds one."""
    return sign(
        {
            "role": "authenticated",
            "sub": str(uuid.uuid4()),
            "app_metadata": {"org_id": str(org_id)},
            "exp": int(time.time()) + hours * 3600,
        },
        JWT_SECRET,
    )


def member_claims(org_id: uuid.UUID) -> str:
    """request.jwt.claims of a member, as the gateway sets them."""
    return json.dumps({"role": "authenticated", "app_metadata": {"org_id": str(org_id)}})


def count_appointments(database_url: str, orgs: Sequence[uuid.UUID]) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(queries.COUNT_APPOINTMENTS, [list(orgs)]).fetchone()
    return int(row[0]) if row else 0


def overlaps(database_url: str, orgs: Sequence[uuid.UUID]) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(queries.OVERLAPS, [list(orgs)]).fetchone()
    return int(row[0]) if row else 0


def pgbench_path() -> Path:
    return find_bindir() / "pgbench"


# -- the gateway in a process of its own ---------------------------------------------
ANON_KEY = api_key("anon", JWT_SECRET)


@dataclass
class GatewayProcess:
    """`python -m bench.gateway_server` on a loopback port (one uvicorn process,
    as `make run` serves it), logging to `log_path`."""

    database_url: str
    log_path: Path
    pool_size: int = 10
    extra_env: dict[str, str] = field(default_factory=dict)
    root: Path = ROOT  # the checkout whose shim/ serves (bench/ab.py runs an older one)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> GatewayProcess:
        from tests.sms.twilio_server import free_port

        self.port = free_port()
        env = {
            **os.environ,
            "GATEWAY_DATABASE_URL": self.database_url,
            "DATABASE_URL": self.database_url,
            "JWT_SECRET": JWT_SECRET,
            "PORT": str(self.port),
            "DB_POOL": str(self.pool_size),
            **self.extra_env,
        }
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.gateway_server"],
            cwd=self.root,
            env=env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{self.base_url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"the gateway did not become healthy; see {self.log_path}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def __enter__(self) -> GatewayProcess:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
