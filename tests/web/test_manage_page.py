"""The patient's manage page in a real browser, opened from the link in the
confirmation SMS body: reschedule to another free time, then cancel; inside
the notice period the actions are refused with the explanation; the same
flows with JavaScript disabled."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from playwright.sync_api import BrowserContext, Page, expect
from psycopg.types.json import Jsonb

from tests.fixtures import Clinic, within_local_day
from tests.web.conftest import WebServer, appointment_row, book_via_rest, manage_link, sms_count


def reschedule_and_cancel(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    booked = book_via_rest(web, clinic, name="Pat Patient")
    appointment_id = booked["appointment_id"]
    link = manage_link(db, web, clinic, appointment_id)
    response = page.goto(link)
    assert response is not None
    assert response.status == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(page.locator(".facts")).to_contain_text(clinic.name)
    expect(page.locator(".facts")).to_contain_text("consultation")
    expect(page.locator(".facts")).to_contain_text("America/New_York")
    before_status, before_at = appointment_row(db, clinic, appointment_id)
    assert sms_count(db, clinic, appointment_id, "confirmation") == 1
    assert sms_count(db, clinic, appointment_id, "reschedule") == 0

    page.get_by_role("link", name="Reschedule").click()
    expect(page.get_by_role("heading", name="Choose a new time")).to_be_visible()
    slots = page.locator('input[name="slot"]')
    assert slots.count() > 1
    chosen = slots.nth(slots.count() // 2)
    new_start = chosen.get_attribute("value")
    assert new_start is not None
    chosen.check()
    page.get_by_role("button", name="Move my appointment").click()
    expect(page.get_by_role("status")).to_contain_text("moved to")
    status, scheduled_at = appointment_row(db, clinic, appointment_id)
    assert status == before_status
    assert scheduled_at == datetime.fromisoformat(new_start.replace("Z", "+00:00"))
    assert scheduled_at != before_at
    assert sms_count(db, clinic, appointment_id, "reschedule") == 1

    page.get_by_role("link", name="Cancel appointment").click()
    page.get_by_label("Reason (optional)").fill("Feeling better")
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_role("status")).to_contain_text("cancelled")
    expect(page.locator(".facts")).to_contain_text("Cancelled")
    # read-only now: no action is offered
    expect(page.get_by_role("link", name="Reschedule")).to_have_count(0)
    expect(page.get_by_role("link", name="Cancel appointment")).to_have_count(0)
    assert appointment_row(db, clinic, appointment_id)[0] == "cancelled"
    assert sms_count(db, clinic, appointment_id, "cancellation") == 1


def test_the_patient_reschedules_then_cancels_from_the_sms_link(
    browser_phone: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    reschedule_and_cancel(browser_phone, web, clinic, db)


def test_the_same_flows_work_without_javascript(
    no_js_context: BrowserContext, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    reschedule_and_cancel(no_js_context.new_page(), web, clinic, db)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_inside_the_notice_period_the_actions_are_refused_with_the_explanation(
    browser_phone: Page,
    no_js_context: BrowserContext,
    web: WebServer,
    clinic: Clinic,
    db: psycopg.Connection,
    javascript: bool,
) -> None:
    page = browser_phone if javascript else no_js_context.new_page()
    soon = within_local_day(
        (datetime.now(UTC) + timedelta(minutes=60)).replace(second=0, microsecond=0), 30
    )
    booked = book_via_rest(web, clinic, name="Late Larry", at=soon)
    page.goto(manage_link(db, web, clinic, booked["appointment_id"]))
    expect(page.locator("#blocked")).to_contain_text("too close to the appointment")
    expect(page.get_by_role("link", name="Reschedule")).to_have_count(0)
    expect(page.get_by_role("link", name="Cancel appointment")).to_have_count(0)

    # A page opened before the notice period started: its buttons are refused.
    later = book_via_rest(web, clinic, name="Stale Page")
    page.goto(manage_link(db, web, clinic, later["appointment_id"]) + "/cancel")
    settings = db.execute(
        "select public.set_calendar_settings(%s, 'cal-1', %s)",
        (clinic.org_id, Jsonb({"cancel_notice_minutes": 60 * 24 * 30})),
    ).fetchone()
    assert settings is not None
    assert settings[0]["success"], settings
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_role("alert")).to_contain_text("too close to the appointment")
    assert appointment_row(db, clinic, later["appointment_id"])[0] == "scheduled"


def test_a_past_appointment_is_shown_read_only(
    browser_phone: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    booked = book_via_rest(web, clinic, name="Past Paula")
    link = manage_link(db, web, clinic, booked["appointment_id"])
    db.execute(
        "update booking.appointments set scheduled_at = now() - interval '2 hours',"
        " ends_at = now() - interval '90 minutes' where org_id = %s and id = %s",
        (clinic.org_id, booked["appointment_id"]),
    )
    browser_phone.goto(link)
    expect(browser_phone.locator("#blocked")).to_contain_text("in the past")
    expect(browser_phone.get_by_role("link", name="Reschedule")).to_have_count(0)
    expect(browser_phone.get_by_role("link", name="Cancel appointment")).to_have_count(0)
    browser_phone.goto(link + "/reschedule")
    expect(browser_phone.locator('input[name="slot"]')).to_have_count(0)
    expect(browser_phone.locator(".explanation")).to_contain_text("in the past")


def test_a_link_past_its_lifetime_says_it_has_expired(
    browser_phone: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    booked = book_via_rest(web, clinic, name="Old Olga")
    link = manage_link(db, web, clinic, booked["appointment_id"])
    db.execute(
        "update booking.appointments set status = 'completed', scheduled_at = now() - interval"
        " '31 days', ends_at = now() - interval '31 days' + interval '30 minutes'"
        " where org_id = %s and id = %s",
        (clinic.org_id, booked["appointment_id"]),
    )
    db.execute(
        "update booking.organizations set contact_phone = '+14155550123' where org_id = %s",
        (clinic.org_id,),
    )
    response = browser_phone.goto(link)
    assert response is not None
    assert response.status == 410
    expect(browser_phone.get_by_role("heading", name="This link has expired")).to_be_visible()
    expect(browser_phone.locator("main")).to_contain_text(f"please call {clinic.name} at")
    expect(browser_phone.get_by_role("link", name="(415) 555-0123")).to_have_attribute(
        "href", "tel:+14155550123"
    )
    browser_phone.goto(link + "/reschedule")
    expect(browser_phone.get_by_role("heading", name="This link has expired")).to_be_visible()


def test_the_page_names_the_clinics_number_service_and_clock(
    browser_phone: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    """The clinic profile reaches the patient: its number as patients read
    it (dialled in E.164), its address, the service's display name, the zone
    as people say it and free times on the clinic's clock (12-hour for a US
    clinic, 24-hour once it chooses so)."""

    def set_profile(time_format: str | None) -> None:
        row = db.execute(
            "select public.set_clinic_profile(%s, %s, '415 555 0100', '12 Main St',"
            " 'America/New_York', 'US', %s)",
            (clinic.org_id, clinic.name, time_format),
        ).fetchone()
        assert row is not None
        assert row[0]["success"], row

    set_profile(None)
    service = db.execute(
        "select public.upsert_service_type(%s, 'cal-1', 'consultation', 30, 0, true,"
        " 'First consultation')",
        (clinic.org_id,),
    ).fetchone()
    assert service is not None
    assert service[0]["success"], service
    booked = book_via_rest(web, clinic, name="Profile Pat")
    link = manage_link(db, web, clinic, booked["appointment_id"])
    browser_phone.goto(link)
    facts = browser_phone.locator(".facts")
    expect(facts).to_contain_text("First consultation")
    expect(facts).to_contain_text("12 Main St")
    expect(facts).to_contain_text("Eastern Time (America/New_York)")
    expect(facts.get_by_role("link", name="(415) 555-0100")).to_have_attribute(
        "href", "tel:+14155550100"
    )
    expect(browser_phone.locator(".when")).to_contain_text(re.compile(r" at \d{1,2}:\d\d [AP]M "))

    browser_phone.goto(link + "/reschedule")
    labels = browser_phone.locator("label.slot")
    expect(labels.first).to_contain_text(re.compile(r"^\s*\d{1,2}:\d\d [AP]M\s*$"))
    expect(browser_phone.locator("legend")).to_contain_text("Eastern Time")

    set_profile("24h")
    browser_phone.goto(link + "/reschedule")
    expect(labels.first).to_contain_text(re.compile(r"^\s*\d\d:\d\d\s*$"))
    browser_phone.goto(link)
    expect(browser_phone.locator(".when")).to_contain_text(re.compile(r" at \d\d:\d\d "))
