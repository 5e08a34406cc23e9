"""`make migrate` on an empty database builds the committed schema, and a
second run changes nothing; the committed SQL API reference (docs/sql-api.md)
is the one that schema's catalog gives."""

from __future__ import annotations

import collections
import difflib
from pathlib import Path

import psycopg
import pytest

from shim.database.migrate import migrate
from tests import database
from tests.schema_dump import SCHEMA_FILE, dump_schema
from tests.sql_api_docs import DOCS_FILE, sql_api_docs


@pytest.fixture(scope="module")
def migrated_once(server_url: str):
    with database.fresh_database(server_url, prefix="booking_migrate") as url:
        applied, functions = migrate(url)
        yield url, applied, functions, dump_schema(url)


def test_first_run_applies_every_migration_and_function(migrated_once) -> None:
    _, applied, functions, _ = migrated_once
    assert applied >= 2
    assert functions >= 10


def test_second_run_is_a_no_op(migrated_once) -> None:
    url, _, _, first_dump = migrated_once
    with psycopg.connect(url) as conn:
        before = conn.execute("select count(*) from yoyo._yoyo_migration").fetchone()
    applied, _ = migrate(url)
    with psycopg.connect(url) as conn:
        after = conn.execute("select count(*) from yoyo._yoyo_migration").fetchone()
    assert applied == 0
    assert before == after
    assert dump_schema(url) == first_dump


def test_schema_matches_committed_dump(migrated_once) -> None:
    *_, dump = migrated_once
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    if dump != committed:
        diff = "\n".join(
            difflib.unified_diff(
                committed.splitlines(),
                dump.splitlines(),
                "tests/schema.sql",
                "migrated",
                lineterm="",
            )
        )
        pytest.fail(
            f"schema differs from tests/schema.sql (run `make schema-dump`):\n{diff[:6000]}"
        )


def test_sql_api_docs_match_the_catalog(migrated_once) -> None:
    url, *_ = migrated_once
    generated = sql_api_docs(url)
    committed = DOCS_FILE.read_text(encoding="utf-8")
    if generated != committed:
        diff = "\n".join(
            difflib.unified_diff(
                committed.splitlines(),
                generated.splitlines(),
                "docs/sql-api.md",
                "catalog",
                lineterm="",
            )
        )
        pytest.fail(f"docs/sql-api.md is stale (run `make sql-api-docs`):\n{diff[:6000]}")


def test_each_pgtap_number_is_one_file() -> None:
    """tests_sql/test_NNN_<concern>.sql: a number names one concern, once."""
    numbers = collections.Counter(
        path.name.split("_")[1]
        for path in (Path(__file__).parent.parent / "tests_sql").glob("test_*.sql")
    )
    assert [number for number, count in numbers.items() if count > 1] == []
