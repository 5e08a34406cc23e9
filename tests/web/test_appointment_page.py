"""The front desk's appointment page in a real browser: opened from the
dashboard and from the day view; its history (who did what when, with
reasons), its text messages with their delivery status in words and its
reminders; confirm on the patient's behalf; check in and an outcome come
back to it; cancel with a reason after confirming, texting or not. With
JavaScript and without."""

from __future__ import annotations

import psycopg
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.fixtures import Clinic, local_noon
from tests.web.conftest import WebServer, appointment_row, book_via_rest, sign_in, sms_count
from tests.web.test_front_desk import started_today


def _page(javascript: bool, page: Page, no_js_context: BrowserContext) -> Page:
    return page if javascript else no_js_context.new_page()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_page_shows_history_and_sms_and_confirms_for_the_patient(
    page: Page,
    no_js_context: BrowserContext,
    web: WebServer,
    clinic: Clinic,
    db: psycopg.Connection,
    javascript: bool,
) -> None:
    page = _page(javascript, page, no_js_context)
    # Three days ahead: its 24-hour reminder is due in the future.
    at = local_noon(3)
    appointment_id = book_via_rest(web, clinic, name="Dora Detail", at=at)["appointment_id"]
    sign_in(page, web, web.member_token(clinic.org_id))
    page.locator(f'tr[data-appointment-id="{appointment_id}"]').get_by_role(
        "link", name="Dora Detail"
    ).click()
    expect(page.get_by_role("heading", name="Dora Detail: consultation")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("Eastern Time")
    expect(page.locator("#sms")).to_contain_text("Booking confirmation: waiting to be sent")
    expect(page.locator("#reminders")).to_contain_text("Scheduled for")
    expect(page.get_by_text("No changes since it was booked.")).to_be_visible()

    # The provider reports the confirmation delivered: the page says so in words.
    db.execute(
        "update booking.sms_outbox set status = 'delivered', delivered_at = now()"
        " where org_id = %s and appointment_id = %s and kind = 'confirmation'",
        (clinic.org_id, appointment_id),
    )
    page.get_by_role("button", name="Confirm for the patient").click()
    expect(page.get_by_role("status")).to_contain_text("the patient confirmed")
    expect(page.locator("#sms")).to_contain_text("Booking confirmation: delivered")
    expect(page.locator("#history")).to_contain_text("Confirmed for the patient — the clinic")
    expect(page.locator("#appointment-status")).to_contain_text("confirmed by the patient")
    expect(page.get_by_role("button", name="Confirm for the patient")).to_have_count(0)
    rows = db.execute(
        "select action, actor from booking.appointment_history"
        " where org_id = %s and appointment_id = %s",
        (clinic.org_id, appointment_id),
    ).fetchall()
    assert [tuple(r) for r in rows] == [("patient_confirmed", "staff")]
    assert sms_count(db, clinic, appointment_id, "confirmation") == 1  # nothing more sent

    # Cancel from the page, after the confirmation step, not texting the patient.
    page.get_by_role("link", name="Cancel…").click()
    page.get_by_label("Reason").select_option("The patient is unwell")
    page.get_by_label("In your words (optional)").fill("called at 8")
    page.get_by_label("No, do not text them").check()
    page.get_by_role("button", name="Yes, cancel the appointment").click()
    expect(page.get_by_role("status")).to_contain_text("not texted")
    expect(page.locator("#history")).to_contain_text("Cancelled")
    expect(page.locator("#history")).to_contain_text("“The patient is unwell: called at 8”")
    expect(page.locator("#history")).to_contain_text("the patient was not texted")
    expect(page.locator("#reminders")).to_contain_text("Cancelled")
    expect(page.get_by_role("link", name="Cancel…")).to_have_count(0)
    assert appointment_row(db, clinic, appointment_id)[0] == "cancelled"
    assert sms_count(db, clinic, appointment_id, "cancellation") == 0


def test_check_in_and_an_outcome_from_the_page_opened_from_the_day_view(
    browser: Browser, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.set_default_timeout(10_000)
    page = context.new_page()
    appointment_id = started_today(web, db, clinic, "Cass Checkin")
    sign_in(page, web, web.member_token(clinic.org_id))
    page.goto(f"{web.base_url}/dashboard/day")
    page.locator(f'li[data-appointment-id="{appointment_id}"]').get_by_role(
        "link", name="Details"
    ).click()
    expect(page.get_by_role("heading", name="Cass Checkin: consultation")).to_be_visible()
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded")
    expect(page.locator("#appointment-status")).to_contain_text("Arrived")
    page.get_by_label("Reason (optional)").fill("seen early")
    page.get_by_role("button", name="Completed").click()
    expect(page.locator("#appointment-status")).to_contain_text("Completed")
    expect(page.locator("#history")).to_contain_text("Checked in")
    expect(page.locator("#history")).to_contain_text("Marked completed — the clinic: “seen early”")
    # A completed appointment can no longer be cancelled or moved from here.
    expect(page.get_by_role("link", name="Cancel…")).to_have_count(0)
    expect(page.get_by_role("link", name="Reschedule")).to_have_count(0)
    context.close()


def test_another_clinics_appointment_page_is_not_found(
    page: Page, web: WebServer, clinic: Clinic, make_clinic, db: psycopg.Connection
) -> None:
    other = make_clinic("Other Page Clinic")
    appointment_id = book_via_rest(web, other, name="Private Pia")["appointment_id"]
    sign_in(page, web, web.member_token(clinic.org_id))
    response = page.goto(f"{web.base_url}/dashboard/appointments/{appointment_id}")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_text("Private Pia")).to_have_count(0)
    response = page.goto(f"{web.base_url}/dashboard/appointments/not-an-id")
    assert response is not None
    assert response.status == 404
