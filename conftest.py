"""Session fixtures shared by the pgTAP files (tests_sql/) and the Python tests
(tests/): one migrated database per pytest run."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from shim.database.migrate import migrate
from tests import database


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    with database.server() as url:
        yield url


@pytest.fixture(scope="session")
def database_url(server_url: str) -> Iterator[str]:
    with database.fresh_database(server_url) as url:
        database.apply_supabase_default_privileges(url)
        migrate(url)
        database.install_test_support(url)
        yield url


@pytest.fixture(scope="session")
def pgtap_connection(database_url: str) -> Iterator[psycopg.Connection]:
    """pytest-pgtap runs every tests_sql/test_*.sql file on this connection."""
    with psycopg.connect(database_url, options="-c search_path=public,tap,tests") as conn:
        yield conn


@pytest.fixture
def db(database_url: str) -> Iterator[psycopg.Connection]:
    """An autocommit superuser connection for Python tests."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        yield conn
