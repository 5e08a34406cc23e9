"""Provisioning of the test database: a server, a fresh database, migrations.

With DATABASE_URL set, a fresh database is created on that server (and
dropped afterwards); otherwise a throwaway cluster is started from the
installed PostgreSQL binaries and removed afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from shim.database_url import with_database
from shim.local_postgres import throwaway_cluster

ROOT = Path(__file__).resolve().parent.parent
TEST_SUPPORT_SQL = ROOT / "tests_sql" / "support" / "helpers.sql"


@contextmanager
def server() -> Iterator[str]:
    """A superuser connection string to a running server."""
    if url := os.environ.get("DATABASE_URL"):
        yield url
        return
    cluster = throwaway_cluster()
    try:
        yield cluster.start()
    finally:
        cluster.remove()


@contextmanager
def fresh_database(server_url: str, prefix: str = "booking_test") -> Iterator[str]:
    """An empty database on the server, dropped on exit."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {} template template0").format(sql.Identifier(name)))
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )


def install_test_support(database_url: str) -> None:
    """pgTAP in its own schema and the `tests` helper schema (never in migrations)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(TEST_SUPPORT_SQL.read_text(encoding="utf-8"))
