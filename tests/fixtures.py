"""Test data helpers shared by the Python tests."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import psycopg
from psycopg.types.json import Jsonb

ALL_DAY = [["00:00", "24:00"]]
EVERY_DAY_ALL_DAY = {day: ALL_DAY for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
OPEN_ALWAYS_SETTINGS = {
    "slot_interval_minutes": 1,
    "min_notice_minutes": 0,
    "max_advance_days": 365,
}


def create_org(
    db: psycopg.Connection,
    name: str,
    timezone: str = "America/New_York",
    phone_region: str = "US",
    *,
    open_always: bool = True,
) -> uuid.UUID:
    """An organization with its default calendar cal-1; by default open
    around the clock on a one-minute grid with no notice (see
    tests.create_org in tests_sql/support/helpers.sql)."""
    created = db.execute(
        "select public.create_organization(%s, %s, %s)", (name, timezone, phone_region)
    ).fetchone()[0]
    assert created["success"], created
    org_id = uuid.UUID(created["org_id"])
    if open_always:
        db.execute(
            "select public.set_weekly_hours(%s, 'cal-1', %s)", (org_id, Jsonb(EVERY_DAY_ALL_DAY))
        )
        db.execute(
            "select public.set_calendar_settings(%s, 'cal-1', %s)",
            (org_id, Jsonb(OPEN_ALWAYS_SETTINGS)),
        )
    return org_id


def local_noon(days_ahead: int, timezone: str = "America/New_York") -> datetime:
    """Noon local time, days_ahead days from today in that zone."""
    zone = ZoneInfo(timezone)
    today = datetime.now(zone).date()
    return datetime.combine(today + timedelta(days=days_ahead), time(12), tzinfo=zone)


def local_date(days_ahead: int, timezone: str = "America/New_York") -> date:
    return datetime.now(ZoneInfo(timezone)).date() + timedelta(days=days_ahead)


def within_local_day(at: datetime, minutes: int, timezone: str = "America/New_York") -> datetime:
    """`at`, unless an appointment of `minutes` from it would cross local
    midnight (the fixture clinics' hours end every day at 24:00, so it would
    be OUTSIDE_HOURS): then the first minute of the next local day, which
    is later than `at` by less than `minutes`."""
    zone = ZoneInfo(timezone)
    local = at.astimezone(zone)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
    if local + timedelta(minutes=minutes) <= midnight:
        return at
    return (midnight + timedelta(minutes=1)).astimezone(at.tzinfo)
