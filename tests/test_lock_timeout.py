"""A booking that cannot get its calendar's lock in time answers BUSY_RETRY
instead of hanging, and leaves the session's lock_timeout as it was."""

from __future__ import annotations

import time

import psycopg

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
