"""A booking that cannot get its calendar's lock in time answers BUSY_RETRY
instead of hanging, and leaves the session's lock_timeout as it was. The
wait is the package setting lock_timeout (public.set_booking_setting, what
service_role can change on Supabase); SET booking.lock_timeout overrides it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import datetime

import psycopg
import pytest

from tests.fixtures import create_org, local_noon


def test_lock_wait_is_bounded(database_url: str, db: psycopg.Connection) -> None:
    org = create_org(db, "Busy Clinic")
    start = local_noon(2)
    with psycopg.connect(database_url) as holder, psycopg.connect(database_url) as booker:
        holder.execute(
            "select pg_advisory_xact_lock(booking.calendar_lock_key(%s, 'cal-1'))", (org,)
        )
        booker.execute("set booking.lock_timeout = '300ms'")
        booker.execute("set lock_timeout = '42s'")
        began = time.monotonic()
        result = booker.execute(
            "select public.book_appointment_atomic(%s, 'Bea Busy', null, '+14155550777',"
            " 'consultation', %s, 30)",
            (org, start),
        ).fetchone()[0]
        waited = time.monotonic() - began
        assert result["success"] is False
        assert result["error"] == "BUSY_RETRY"
        assert waited < 10
        assert booker.execute("show lock_timeout").fetchone()[0] == "42s"
        holder.rollback()
        again = booker.execute(
            "select public.book_appointment_atomic(%s, 'Bea Busy', null, '+14155550777',"
            " 'consultation', %s, 30)",
            (org, start),
        ).fetchone()[0]
        assert again["success"] is True


BOOK = "select public.book_appointment_atomic(%s, 'Pat Waiting', null, %s, 'consultation', %s, 30)"


@pytest.fixture
def service_role(database_url: str) -> Iterator[psycopg.Connection]:
    """service_role's session (as the REST layer sets it); the package
    setting lock_timeout goes back to its default afterwards."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("set role service_role")
        conn.execute(
            "select set_config('request.jwt.claims', '{\"role\":\"service_role\"}', false)"
        )
        try:
            yield conn
        finally:
            conn.execute("select public.set_booking_setting('lock_timeout', null)")


def wait_for_held_calendar(
    database_url: str, org: uuid.UUID, start: datetime, phone: str, session_setting: str | None
) -> tuple[dict, float]:
    """(answer, seconds) of a booking, as service_role, while another
    transaction holds the calendar's lock."""
    with psycopg.connect(database_url) as holder, psycopg.connect(database_url) as booker:
        holder.execute(
            "select pg_advisory_xact_lock(booking.calendar_lock_key(%s, 'cal-1'))", (org,)
        )
        booker.execute("set role service_role")
        if session_setting is not None:
            booker.execute(
                "select set_config('booking.lock_timeout', %s, false)", (session_setting,)
            )
        began = time.monotonic()
        answer = booker.execute(BOOK, (org, phone, start)).fetchone()[0]
        waited = time.monotonic() - began
        holder.rollback()
    return answer, waited


def test_the_package_setting_bounds_the_wait(
    database_url: str, db: psycopg.Connection, service_role: psycopg.Connection
) -> None:
    org = create_org(db, "Patient Clinic")
    changed = service_role.execute(
        "select public.set_booking_setting('lock_timeout', '1s')"
    ).fetchone()[0]
    assert changed == {"success": True, "name": "lock_timeout", "value": "1000ms"}

    answer, waited = wait_for_held_calendar(database_url, org, local_noon(2), "+14155550778", None)
    assert answer["success"] is False
    assert answer["error"] == "BUSY_RETRY"
    assert 0.9 <= waited < 2.5, f"waited {waited:.2f}s for a 1s lock_timeout"


def test_a_session_setting_overrides_the_package_setting(
    database_url: str, db: psycopg.Connection, service_role: psycopg.Connection
) -> None:
    org = create_org(db, "Impatient Clinic")
    service_role.execute("select public.set_booking_setting('lock_timeout', '10s')")

    answer, waited = wait_for_held_calendar(
        database_url, org, local_noon(2), "+14155550779", "300ms"
    )
    assert answer["error"] == "BUSY_RETRY"
    assert 0.25 <= waited < 2, f"waited {waited:.2f}s for SET booking.lock_timeout = 300ms"
