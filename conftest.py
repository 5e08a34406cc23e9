"""Session fixtures shared by the pgTAP files (tests_sql/) and the Python tests
(tests/): one migrated database per pytest run; the `clinic` fixture of the
Python tests (a folder with a database or settings of its own overrides
clinic_db or clinic_options)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from shim.database.migrate import migrate
from tests import database
from tests.fixtures import Clinic, create_clinic


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


@pytest.fixture
def clinic_db(db: psycopg.Connection) -> psycopg.Connection:
    """The connection clinics are created on: the shared test database's."""
    return db


@pytest.fixture
def clinic_options() -> dict[str, Any]:
    """create_clinic's options for this folder's clinics (none: open around the clock)."""
    return {}


@pytest.fixture
def make_clinic(
    clinic_db: psycopg.Connection, clinic_options: dict[str, Any]
) -> Callable[..., Clinic]:
    """make_clinic(name=None, **changes): a clinic like `clinic`, with
    create_clinic's options changed by `changes`."""

    def make(name: str | None = None, **changes: Any) -> Clinic:
        return create_clinic(clinic_db, name, **{**clinic_options, **changes})

    return make


@pytest.fixture
def clinic(make_clinic: Callable[..., Clinic]) -> Clinic:
    """A clinic of this test only."""
    return make_clinic()
