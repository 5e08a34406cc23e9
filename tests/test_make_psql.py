"""`make psql`: psql on the database `make run` uses, DATABASE_URL or its own
cluster (running, or started for the session), with the search_path the
spec's monitoring queries need."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from shim import run
from shim.database.local_postgres import LocalPostgres
from shim.database.url import with_database

ROOT = Path(__file__).resolve().parent.parent


def psql(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shim.psql", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_psql_uses_database_url(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    done = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "psql",
            "PSQL_ARGS=-Atc 'show search_path' -c 'select count(*) >= 0 from daily_report'",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["booking,public", "t"]


@pytest.fixture
def data_folder() -> Iterator[Path]:
    """A data folder like .data, which the cluster's owner may enter."""
    folder = Path(tempfile.mkdtemp(prefix="make-psql-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    try:
        yield folder
    finally:
        LocalPostgres(data_dir=folder / "postgres").stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_make_psql_joins_or_starts_make_runs_cluster(data_folder: Path) -> None:
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "PGOPTIONS"}
    }
    env["CLINIC_BOOKING_DATA_DIR"] = str(data_folder)
    query = ("-Atc", "select current_database(), current_setting('search_path')")

    missing = psql(env, *query)
    assert missing.returncode == 2
    assert "make run" in missing.stderr

    cluster = LocalPostgres(data_dir=data_folder / "postgres")
    server_url = cluster.start()
    try:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(run.DEV_DATABASE)))
        with psycopg.connect(with_database(server_url, run.DEV_DATABASE), autocommit=True) as conn:
            conn.execute("create table public.marker (note text)")
        joined = psql(env, *query)
        assert joined.returncode == 0, joined.stderr
        assert joined.stdout.strip().replace(" ", "") == f"{run.DEV_DATABASE}|booking,public"
        assert "starting PostgreSQL" not in joined.stderr  # make run's cluster, as it is
    finally:
        cluster.stop()

    started = psql(env, "-Atc", "select count(*) from public.marker")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "0"
    assert "starting PostgreSQL" in started.stderr
    assert not (data_folder / "postgres" / "postmaster.pid").exists(), "stopped after the session"
