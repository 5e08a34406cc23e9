"""The committed schema dump (tests/schema.sql): a database built by the
migrations must match it, so every schema change shows as a diff.

    python -m tests.schema_dump --write    # (make schema-dump) rewrite it
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from shim.database.local_postgres import find_bindir
from tests import database

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.sql"

# Lines that vary between servers and runs, not with the schema.
_VOLATILE_PREFIXES = (
    "-- Dumped from database version",
    "-- Dumped by pg_dump version",
    "\\restrict",
    "\\unrestrict",
)


def dump_schema(database_url: str) -> str:
    """pg_dump --schema-only of the package, normalised for comparison."""
    result = subprocess.run(
        [
            str(find_bindir() / "pg_dump"),
            "--schema-only",
            "--no-owner",
            "--exclude-schema=tap",
            "--exclude-schema=tests",
            "--dbname",
            database_url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in result.stdout.splitlines() if not line.startswith(_VOLATILE_PREFIXES)]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def main() -> int:
    return database.generated_file(dump_schema, SCHEMA_FILE, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
