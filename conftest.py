"""Session fixtures shared by the pgTAP files (tests_sql/) and the Python tests
(tests/): one migrated database per pytest run; the `clinic` fixture of the
Python tests (a folder with a database or settings of its own overrides
clinic_db or clinic_options)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from shim.database.migrate import migrate
from tests import database
from tests.fixtures import Clinic, create_clinic

ROOT = Path(__file__).resolve().parent


# The `slow` tier, chosen by measured durations (pytest --durations=40):
# whole flows end to end, races between many connections, and tests that
# wait out a timer, a restart or a generated run. Every test that uses one
# of SLOW_FIXTURES, and the files and single tests (path::name) of SLOW.
SLOW_FIXTURES = frozenset(
    {
        # tests/sms: a database of their own, migrated for each module (1 to
        # 5 s each), SMS workers sending through the local Twilio server
        "sms_database_url",
        # the whole service (build_service_app) on a port, driven end to end:
        "service",  # tests/voice_agent's, SMS worker included
        "events_server",  # tests/events': live event streams
        "web",  # tests/web's, behind its dropping proxy
    }
)
SLOW = (
    # end to end: processes, clusters, the whole service, SMS delivered
    "tests/test_readme_phone_flow.py",
    "tests/test_make_psql.py",
    "tests/gateway/test_make_run.py",
    # two `serve` processes behind Debian's nginx (make test installs it)
    "tests/deploy/test_two_instances_behind_nginx.py",
    "tests/deploy/test_deploy_files.py::test_nginx_accepts_the_site_file_as_shipped",
    "tests/deploy/test_supabase_login_role.py::test_serve_logging_in_as_the_documented_role_books_and_sends",
    # ... and the event feed's service started with settings of its own (serving)
    "tests/events/test_resilience.py",
    "tests/events/test_stream_fairness.py",
    "tests/events/test_event_feed.py::test_the_gateway_wakes_streams_after_commit_without_waiting_for_the_poll",
    # races between many connections
    "tests/test_concurrent_booking.py",
    "tests/test_concurrent_holds.py",
    "tests/test_concurrent_lifecycle.py",
    "tests/test_event_log_concurrency.py",
    "tests/test_otp_budget_concurrency.py",
    # generated inputs, every region, timers
    "tests/gateway/test_schemathesis.py",
    "tests/test_phone_normalization.py::test_sql_agrees_with_phonenumbers",
    "tests/test_phone_normalization.py::test_the_comparison_covers_every_region",
    "tests/gateway/test_server_behaviour.py::test_a_pool_wait_timeout_gives_504",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tiers: `make test` runs every test, `make test-fast` leaves out
    `browser` (the tests that drive chromium: they use the Playwright
    fixture), `bench` (the benchmarks' smoke test) and `slow` (SLOW_FIXTURES,
    SLOW)."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "playwright" in fixtures:
            item.add_marker(pytest.mark.browser)
        if item.path == ROOT / "tests" / "test_bench_smoke.py":
            item.add_marker(pytest.mark.bench)
        test = item.nodeid.split("[")[0]
        if not SLOW_FIXTURES.isdisjoint(fixtures) or any(
            test == slow or test.startswith(f"{slow}::") for slow in SLOW
        ):
            item.add_marker(pytest.mark.slow)


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
