"""`make migrate`: apply pending yoyo migrations, then every SQL function file.

Migrations in `schema/` are append-only and applied once each (yoyo keeps
its bookkeeping in the schema `yoyo`). Function files in `functions/` are
`CREATE OR REPLACE` definitions with their grants and comments; all of them
are re-applied on every run, in one transaction, so the database always holds
exactly what git holds. Re-applying an unchanged file changes nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import psycopg
from yoyo import get_backend, read_migrations

from shim import queries
from shim.database.url import with_options, with_scheme

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = ROOT / "schema"
FUNCTIONS_DIR = ROOT / "functions"
YOYO_SCHEMA = "yoyo"


def _yoyo_url(database_url: str) -> str:
    """The same database for yoyo, with its bookkeeping kept out of `public`."""
    url = with_options(database_url, f"-c search_path={YOYO_SCHEMA}")
    return with_scheme(url, "postgresql+psycopg")


def latest_migration_id() -> str:
    """The id of the newest migration in schema/ (yoyo's id: the file's stem)."""
    return max(path.stem for path in MIGRATIONS_DIR.glob("*.sql"))


def function_files() -> list[Path]:
    return sorted(FUNCTIONS_DIR.glob("*.sql"))


def apply_migrations(database_url: str) -> int:
    """Apply pending migrations; return how many were applied."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(queries.CREATE_YOYO_SCHEMA)
    backend = get_backend(_yoyo_url(database_url))
    migrations = read_migrations(str(MIGRATIONS_DIR))
    with backend.lock():
        pending = backend.to_apply(migrations)
        backend.apply_migrations(pending)
    backend.connection.close()
    return len(pending)


def apply_functions(database_url: str) -> int:
    """Re-apply every function file in one transaction; return the file count."""
    files = function_files()
    with psycopg.connect(database_url) as conn, conn.transaction():
        conn.execute(queries.LOCK_FUNCTION_APPLY)
        conn.execute(queries.FUNCTION_APPLY_SETTINGS)
        for path in files:
            try:
                conn.execute(path.read_text(encoding="utf-8").encode())
            except psycopg.Error as exc:
                raise SystemExit(f"{path.relative_to(ROOT)}: {exc}") from exc
        conn.execute(queries.ENABLE_RLS_ON_YOYO_TABLES)
    return len(files)


def migrate(database_url: str) -> tuple[int, int]:
    applied = apply_migrations(database_url)
    functions = apply_functions(database_url)
    return applied, functions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    if not args.database_url:
        print("DATABASE_URL is not set (or pass --database-url)", file=sys.stderr)
        return 2
    applied, functions = migrate(args.database_url)
    print(f"migrations applied: {applied}; function files applied: {functions}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
