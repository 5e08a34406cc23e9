"""Test data helpers shared by the Python tests."""

from __future__ import annotations

import itertools
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import monotonic, sleep
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

import psycopg
from psycopg.types.json import Jsonb

if TYPE_CHECKING:
    from tests.sms.twilio_server import FakeTwilio

T = TypeVar("T")

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


def wait_until(predicate: Callable[[], T], timeout: float = 10.0, interval: float = 0.02) -> T:
    """Poll until predicate() is truthy; return its value (falsy on timeout,
    so callers write `assert wait_until(...), "what did not happen"`)."""
    deadline = monotonic() + timeout
    while True:
        value = predicate()
        if value or monotonic() > deadline:
            return value
        sleep(interval)


_phones = itertools.count(2_000_000)


def unique_phone() -> str:
    """A valid US number (+1 415 200-0000 and up) not used before in this run."""
    return f"+1415{next(_phones):07d}"


@dataclass(frozen=True)
class Clinic:
    """A clinic of one test, made by create_clinic: the Twilio fields are
    empty unless it has Twilio settings, voice_secret unless it has a voice
    agent."""

    org_id: uuid.UUID
    name: str
    account_sid: str = ""
    auth_token: str = ""
    from_number: str = ""  # the clinic's SMS number (Twilio "To" of inbound SMS)
    alert_phone: str | None = None
    voice_secret: str = ""

    def voice_headers(self) -> dict[str, str]:
        """The headers of the voice platform's calls to this clinic's webhooks."""
        return {"X-Vapi-Secret": self.voice_secret}


def create_clinic(
    conn: psycopg.Connection[Any],
    name: str | None = None,
    *,
    timezone: str = "America/New_York",
    settings_key: str | None = None,
    fake_twilio: FakeTwilio | None = None,
    messaging_service_sid: str | None = None,
    alert_phone: str | None = None,
    voice_agent: bool = False,
    assistant_id: str | None = None,
    phone_number: str | None = None,
    lead_threshold: int | None = None,
) -> Clinic:
    """A clinic open around the clock (create_org), named `name` or
    "Clinic <random>", with what the test asks for:

    - settings_key: Twilio settings (a new account, auth token and from
      number; alert_phone and messaging_service_sid when given) encrypted
      with this key, the account known to fake_twilio when given;
    - voice_agent: a voice-agent secret (assistant_id, phone_number);
    - lead_threshold: the lead-scoring threshold of hot leads.
    """
    name = name or f"Clinic {uuid.uuid4().hex[:8]}"
    org_id = create_org(conn, name, timezone)
    account_sid = auth_token = from_number = ""
    if settings_key is not None:
        account_sid = "AC" + uuid.uuid4().hex
        auth_token = uuid.uuid4().hex
        from_number = unique_phone()
        _succeeds(
            conn,
            "select public.set_integration_settings(%s, %s, %s, %s, %s, %s, %s)",
            (
                org_id,
                settings_key,
                account_sid,
                auth_token,
                from_number,
                messaging_service_sid,
                alert_phone,
            ),
        )
        if fake_twilio is not None:
            fake_twilio.add_account(account_sid, auth_token)
    voice_secret = ""
    if voice_agent:
        voice_secret = secrets.token_urlsafe(32)
        _succeeds(
            conn,
            "select public.set_voice_agent(%s, %s, %s, %s)",
            (org_id, voice_secret, assistant_id, phone_number),
        )
    if lead_threshold is not None:
        _succeeds(
            conn,
            "select public.set_lead_scoring(%s, %s)",
            (org_id, Jsonb({"threshold": lead_threshold})),
        )
    return Clinic(org_id, name, account_sid, auth_token, from_number, alert_phone, voice_secret)


def _succeeds(conn: psycopg.Connection[Any], query: str, params: tuple[Any, ...]) -> None:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    assert row[0]["success"], row
