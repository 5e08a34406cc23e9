"""The dashboard's staff actions in a real browser: cancel, reschedule with
the slot picker, mark completed / no-show; each queues the patient's SMS
where the lifecycle says so, and works without JavaScript too. A member
cannot act on another clinic's appointment."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import httpx
import psycopg
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.fixtures import Clinic
from tests.web.conftest import (
    WebServer,
    appointment_row,
    book_via_rest,
    sign_in,
    sms_count,
    wait_live,
)


def open_actions(page: Page, appointment_id: str) -> None:
    row = page.locator(f'tr[data-appointment-id="{appointment_id}"]')
    row.locator("summary").click()


def cancel_and_reschedule(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    first = book_via_rest(web, clinic, name="Cancel Me")["appointment_id"]
    second = book_via_rest(web, clinic, name="Move Me")["appointment_id"]
    sign_in(page, web, web.member_token(clinic.org_id))
    expect(page.locator(f'tr[data-appointment-id="{first}"]')).to_contain_text("Cancel Me")

    assert sms_count(db, clinic, first, "cancellation") == 0
    open_actions(page, first)
    page.get_by_label("Cancellation reason (optional)").first.fill("Doctor unavailable")
    row = page.locator(f'tr[data-appointment-id="{first}"]')
    row.get_by_role("button", name="Cancel appointment").click()
    expect(page.get_by_role("status").filter(has_text="cancelled")).to_be_visible()
    expect(page.locator(f'tr[data-appointment-id="{first}"]')).to_contain_text("Cancelled")
    assert appointment_row(db, clinic, first)[0] == "cancelled"
    assert sms_count(db, clinic, first, "cancellation") == 1

    assert sms_count(db, clinic, second, "reschedule") == 0
    _status, before = appointment_row(db, clinic, second)
    open_actions(page, second)
    page.locator(f'tr[data-appointment-id="{second}"]').get_by_role(
        "link", name="Reschedule"
    ).click()
    expect(page.get_by_role("heading", name=re.compile("Reschedule Move Me"))).to_be_visible()
    slots = page.locator('input[name="slot"]')
    assert slots.count() > 1
    chosen = slots.nth(slots.count() - 1)
    new_start = chosen.get_attribute("value")
    assert new_start is not None
    chosen.check()
    page.get_by_role("button", name="Move the appointment").click()
    expect(page.get_by_role("status").filter(has_text="moved")).to_be_visible()
    _status, after = appointment_row(db, clinic, second)
    assert after == datetime.fromisoformat(new_start.replace("Z", "+00:00"))
    assert after != before
    assert sms_count(db, clinic, second, "reschedule") == 1


def test_staff_cancel_and_reschedule_and_the_patient_sms_is_queued(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    cancel_and_reschedule(page, web, clinic, db)
    wait_live(page)


def test_staff_actions_work_without_javascript(
    no_js_context: BrowserContext, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    cancel_and_reschedule(no_js_context.new_page(), web, clinic, db)


@pytest.mark.parametrize(
    ("button", "status"), [("Mark completed", "completed"), ("Mark no-show", "no_show")]
)
def test_staff_mark_an_outcome(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection, button: str, status: str
) -> None:
    appointment_id = book_via_rest(web, clinic, name="Outcome Olga")["appointment_id"]
    # the appointment has started (a minute ago: still today on the dashboard)
    db.execute(
        "update booking.appointments set scheduled_at = now() - interval '1 minute',"
        " ends_at = now() + interval '29 minutes' where org_id = %s and id = %s",
        (clinic.org_id, appointment_id),
    )
    sign_in(page, web, web.member_token(clinic.org_id))
    open_actions(page, appointment_id)
    page.locator(f'tr[data-appointment-id="{appointment_id}"]').get_by_role(
        "button", name=button
    ).click()
    expect(page.get_by_role("status").filter(has_text="outcome")).to_be_visible()
    assert appointment_row(db, clinic, appointment_id)[0] == status


def test_a_member_cannot_act_on_another_clinics_appointment(
    web: WebServer, db: psycopg.Connection, make_clinic: Callable[..., Clinic]
) -> None:
    clinic_a = make_clinic("Clinic A")
    clinic_b = make_clinic("Clinic B")
    appointment_id = book_via_rest(web, clinic_a, name="Alice Private")["appointment_id"]
    book_via_rest(web, clinic_b, name="Bob Own")  # B's dashboard then has forms
    with httpx.Client(base_url=web.base_url, timeout=10) as browser:
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', browser.get("/dashboard").text)
        assert csrf is not None
        browser.post(
            "/dashboard/sign-in",
            data={"access_token": web.member_token(clinic_b.org_id), "csrf_token": csrf.group(1)},
        )
        page = browser.get("/dashboard").text
        member_csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
        assert member_csrf is not None
        for action, data in (
            ("cancel", {}),
            ("outcome", {"status": "completed"}),
            ("reschedule", {"slot": datetime.now().isoformat()}),
        ):
            answer = browser.post(
                f"/dashboard/appointments/{appointment_id}/{action}",
                data={"csrf_token": member_csrf.group(1), **data},
            )
            assert answer.status_code == 303, answer.text
            assert "error=" in answer.headers["location"]
            assert "Alice" not in answer.text
    assert appointment_row(db, clinic_a, appointment_id)[0] == "scheduled"
