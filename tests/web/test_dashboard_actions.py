"""The dashboard's staff actions in a real browser: cancel after a
confirmation step with a reason (texting the patient or not), reschedule with
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
    row = page.locator(f'tr[data-appointment-id="{first}"]')
    row.get_by_role("link", name="Cancel…").click()
    # The confirmation step: nothing is cancelled until it is confirmed.
    expect(page.get_by_role("heading", name="Cancel Cancel Me's appointment?")).to_be_visible()
    assert appointment_row(db, clinic, first)[0] == "scheduled"
    page.get_by_label("Reason").select_option("The practitioner is unavailable")
    page.get_by_label("In your words (optional)").fill("Doctor ill")
    expect(page.get_by_label("Yes, send the cancellation text")).to_be_checked()
    page.get_by_role("button", name="Yes, cancel the appointment").click()
    expect(page.get_by_role("status").filter(has_text="cancelled")).to_be_visible()
    # Back on the appointment's page: cancelled, the reason in its history.
    expect(page.locator("#appointment-status")).to_contain_text("Cancelled")
    expect(page.locator("#history")).to_contain_text("The practitioner is unavailable: Doctor ill")
    page.goto(f"{web.base_url}/dashboard")
    expect(page.locator(f'tr[data-appointment-id="{first}"]')).to_contain_text("Cancelled")
    assert appointment_row(db, clinic, first)[0] == "cancelled"
    assert sms_count(db, clinic, first, "cancellation") == 1
    assert history_reason(db, clinic, first) == (
        "The practitioner is unavailable: Doctor ill",
        True,
    )

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


def history_reason(
    db: psycopg.Connection, clinic: Clinic, appointment_id: str
) -> tuple[str | None, bool | None]:
    row = db.execute(
        "select reason, patient_notified from booking.appointment_history"
        " where org_id = %s and appointment_id = %s and action = 'cancelled'",
        (clinic.org_id, appointment_id),
    ).fetchone()
    assert row is not None
    return row[0], row[1]


def cancel_without_texting(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    appointment_id = book_via_rest(web, clinic, name="Quiet Quinn")["appointment_id"]
    sign_in(page, web, web.member_token(clinic.org_id))
    page.goto(f"{web.base_url}/dashboard/appointments/{appointment_id}/cancel")
    # "No, keep it" changes nothing.
    page.get_by_role("link", name="No, keep it").click()
    assert appointment_row(db, clinic, appointment_id)[0] == "scheduled"
    page.goto(f"{web.base_url}/dashboard/appointments/{appointment_id}/cancel")
    page.get_by_label("Reason").select_option("Booked by mistake")
    page.get_by_label("No, do not text them").check()
    page.get_by_role("button", name="Yes, cancel the appointment").click()
    expect(page.get_by_role("status").filter(has_text="not texted")).to_be_visible()
    assert appointment_row(db, clinic, appointment_id)[0] == "cancelled"
    assert sms_count(db, clinic, appointment_id, "cancellation") == 0
    reminders = db.execute(
        "select string_agg(status, ',') from booking.sms_outbox"
        " where org_id = %s and appointment_id = %s and kind = 'reminder'",
        (clinic.org_id, appointment_id),
    ).fetchone()
    assert reminders is not None
    assert reminders[0] in (None, "canceled")  # a reminder, if any, is cancelled
    assert history_reason(db, clinic, appointment_id) == ("Booked by mistake", False)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_staff_cancel_without_texting_the_patient(
    page: Page,
    no_js_context: BrowserContext,
    web: WebServer,
    clinic: Clinic,
    db: psycopg.Connection,
    javascript: bool,
) -> None:
    cancel_without_texting(page if javascript else no_js_context.new_page(), web, clinic, db)


def test_the_cancel_confirmation_is_csrf_checked(
    web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    appointment_id = book_via_rest(web, clinic, name="Forged Fran")["appointment_id"]
    with httpx.Client(base_url=web.base_url, timeout=10) as browser:
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', browser.get("/dashboard").text)
        assert csrf is not None
        browser.post(
            "/dashboard/sign-in",
            data={"access_token": web.member_token(clinic.org_id), "csrf_token": csrf.group(1)},
        )
        confirm = browser.get(f"/dashboard/appointments/{appointment_id}/cancel")
        assert confirm.status_code == 200
        assert "Forged Fran" in confirm.text
        answer = browser.post(
            f"/dashboard/appointments/{appointment_id}/cancel",
            data={"csrf_token": "0" * 64, "notify_patient": "no"},
        )
        assert answer.status_code == 403
    assert appointment_row(db, clinic, appointment_id)[0] == "scheduled"
    assert sms_count(db, clinic, appointment_id, "cancellation") == 0


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
