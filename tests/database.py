"""Provisioning of the test database: a server, a fresh database, migrations.

With DATABASE_URL set, a fresh database is created on that server (and
dropped afterwards); otherwise a throwaway cluster is started from the
installed PostgreSQL binaries and removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from shim.database.local_postgres import throwaway_cluster
from shim.database.migrate import migrate
from shim.database.url import with_database

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


# What a Supabase project does before any migration of ours runs: its API
# roles exist and everything the migration role creates in `public` is
# granted to them by default. Tests run under these defaults, so a function
# that forgets to revoke them is caught (tests_sql/test_001_schema_rules.sql).
SUPABASE_DEFAULT_PRIVILEGES = """
do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;
alter default privileges in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public
  grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public
  grant all on sequences to anon, authenticated, service_role;
"""


def apply_supabase_default_privileges(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(SUPABASE_DEFAULT_PRIVILEGES)


def install_test_support(database_url: str) -> None:
    """pgTAP in its own schema and the `tests` helper schema (never in migrations)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(TEST_SUPPORT_SQL.read_text(encoding="utf-8"))


def generated_file(render: Callable[[str], str], target: Path, description: str) -> int:
    """The command of a file generated from a freshly migrated database
    (tests/schema.sql, docs/sql-api.md): print it, or rewrite it with --write."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--write", action="store_true", help=f"rewrite {target.name}")
    args = parser.parse_args()
    with server() as server_url, fresh_database(server_url) as url:
        migrate(url)
        text = render(url)
    if args.write:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    else:
        print(text, end="")
    return 0
