"""The dashboard's live feed column says what happened in words ("Appointment
booked for Jane Doe", "SMS to Jane Doe delivered"), never a raw event name,
with times on the clinic's clock (New York) even in a browser set to another
zone (Tokyo); the confirmation figure says it counts texts, not patients."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
from playwright.sync_api import Browser, expect

from shim.web.live_events import DASHBOARD_EVENT_TYPES, EVENT_WORDS
from tests.fixtures import Clinic
from tests.web.conftest import WebServer, book_via_rest, sign_in, wait_live


def test_every_event_type_has_words() -> None:
    assert set(EVENT_WORDS) == set(DASHBOARD_EVENT_TYPES)
    for words in EVENT_WORDS.values():
        assert "." not in words
        assert "_" not in words


def _clock(at: datetime) -> str:
    return at.strftime("%I:%M %p").lstrip("0")


def test_the_live_feed_speaks_words_on_the_clinics_clock(
    browser: Browser, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, web, web.member_token(clinic.org_id))
    wait_live(page)
    expect(page.locator(".feed .hint")).to_contain_text("Eastern Time")

    before = datetime.now(ZoneInfo("America/New_York"))
    booked = book_via_rest(web, clinic, name="Jane Doe")
    feed = page.locator("#feed")
    booked_item = feed.locator("li[data-event-type='appointment.booked']")
    expect(booked_item).to_contain_text("Appointment booked for Jane Doe")
    sms_item = feed.locator("li[data-event-type='sms.queued']")
    expect(sms_item).to_contain_text("SMS to Jane Doe queued (booking confirmation)")

    db.execute(
        "update booking.sms_outbox set status = 'delivered', delivered_at = now()"
        " where org_id = %s and appointment_id = %s and kind = 'confirmation'",
        (clinic.org_id, booked["appointment_id"]),
    )
    expect(feed.locator("li[data-event-type='sms.status_changed']")).to_contain_text(
        "SMS to Jane Doe delivered"
    )

    # The clinic's clock, not the browser's (Tokyo is 14 hours ahead).
    after = datetime.now(ZoneInfo("America/New_York"))
    times = {_clock(before), _clock(after), _clock(after + timedelta(minutes=1))}
    shown = booked_item.locator("time").inner_text()
    assert shown in times, (shown, times)
    tokyo = _clock(after.astimezone(ZoneInfo("Asia/Tokyo")))
    assert shown != tokyo
    text = feed.inner_text()
    for raw in DASHBOARD_EVENT_TYPES:
        assert raw not in text, f"raw event name {raw} on screen"

    # The report says what it counts.
    expect(page.locator("#confirmation-texts-heading")).to_have_text(
        "Confirmation texts sent (last 7 days)"
    )
    expect(page.locator("#confirmation-texts-hint")).to_contain_text("not patients confirming")
    context.close()
