"""Both reschedule pickers (the patient's link and the staff's) never offer
the appointment's current start, and a form posted with it anyway (a page
opened before, a hand-made request) is refused with a sentence, not "moved
... we have sent you a text": the appointment stays, no SMS is queued."""

from __future__ import annotations

from datetime import datetime

import psycopg
from playwright.sync_api import Page, expect

from tests.fixtures import Clinic
from tests.web.conftest import (
    WebServer,
    appointment_row,
    book_via_rest,
    manage_link,
    sign_in,
    sms_count,
)

SAME_TIME_TEXT = "already at that time"


def _offered(page: Page) -> list[datetime]:
    values = page.locator('input[name="slot"]').evaluate_all("els => els.map(e => e.value)")
    return [datetime.fromisoformat(v.replace("Z", "+00:00")) for v in values]


def _post_current_start(page: Page, current: datetime, button: str) -> None:
    """The form as a stale page or a hand-made request would post it."""
    first = page.locator('input[name="slot"]').first
    first.evaluate("(el, value) => { el.value = value; }", current.isoformat())
    first.check()
    page.get_by_role("button", name=button).click()


def test_the_patients_picker_never_offers_the_current_time_and_refuses_it(
    browser_phone: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    booked = book_via_rest(web, clinic, name="Same Sally")
    appointment_id = booked["appointment_id"]
    _status, current = appointment_row(db, clinic, appointment_id)
    browser_phone.goto(manage_link(db, web, clinic, appointment_id) + "/reschedule")
    offered = _offered(browser_phone)
    assert offered, "the appointment's date has other free times"
    assert current not in offered

    _post_current_start(browser_phone, current, "Move my appointment")
    expect(browser_phone.get_by_role("alert")).to_contain_text(SAME_TIME_TEXT)
    expect(browser_phone.get_by_text("We have sent you a text message")).to_have_count(0)
    assert appointment_row(db, clinic, appointment_id)[1] == current
    assert sms_count(db, clinic, appointment_id, "reschedule") == 0


def test_the_staff_picker_never_offers_the_current_time_and_refuses_it(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    appointment_id = book_via_rest(web, clinic, name="Same Sam")["appointment_id"]
    _status, current = appointment_row(db, clinic, appointment_id)
    sign_in(page, web, web.member_token(clinic.org_id))
    page.goto(f"{web.base_url}/dashboard/appointments/{appointment_id}/reschedule")
    offered = _offered(page)
    assert offered
    assert current not in offered

    _post_current_start(page, current, "Move the appointment")
    expect(page.get_by_role("alert")).to_contain_text(SAME_TIME_TEXT)
    assert appointment_row(db, clinic, appointment_id)[1] == current
    assert sms_count(db, clinic, appointment_id, "reschedule") == 0
