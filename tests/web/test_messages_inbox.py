"""The front desk's messages inbox in a real browser: a patient's text
arrives (booking.keep_inbound_text, the path the Twilio webhook takes),
a front-desk member sees the unread count on the dashboard, opens the
conversation, replies; the reply is a staff_reply to that number in the
outbox and shows in the thread with its status in words; the unread count
drops; another clinic's member gets 404 for that conversation. With
JavaScript and without."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.fixtures import Clinic
from tests.web.conftest import WebServer, book_via_rest, sign_in, wait_live
from tests.web.test_staff_accounts import PASSWORD, create_account, sign_in_with_password


def _patient_texts(db: psycopg.Connection, clinic: Clinic, phone: str, body: str) -> str:
    row = db.execute(
        "select booking.keep_inbound_text(o, %s, %s, '+15005550006', null) ->> 'inbound_text_id'"
        " from booking.organizations o where o.org_id = %s",
        (phone, body, clinic.org_id),
    ).fetchone()
    assert row is not None
    return str(row[0])


def _patient_phone(db: psycopg.Connection, clinic: Clinic, appointment_id: str) -> str:
    row = db.execute(
        "select c.phone from booking.appointments a join booking.contacts c"
        " on c.org_id = a.org_id and c.id = a.contact_id where a.org_id = %s and a.id = %s",
        (clinic.org_id, appointment_id),
    ).fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_front_desk_reads_and_answers_a_patients_text(
    page: Page,
    no_js_context: BrowserContext,
    browser: Browser,
    web: WebServer,
    clinic: Clinic,
    db: psycopg.Connection,
    make_clinic: Callable[..., Clinic],
    javascript: bool,
) -> None:
    page = page if javascript else no_js_context.new_page()
    appointment_id = book_via_rest(web, clinic, name="Jane Doe")["appointment_id"]
    phone = _patient_phone(db, clinic, appointment_id)
    text_id = _patient_texts(db, clinic, phone, "Can I bring my kid?")
    _patient_texts(db, clinic, phone, "She is <b>6</b>")

    email = create_account(web, clinic, "front_desk")
    sign_in_with_password(page, web, email, PASSWORD)
    expect(page.locator("#messages-link")).to_contain_text("2 unread")
    if javascript:  # live: a new text raises the count without a reload
        wait_live(page)
        _patient_texts(db, clinic, phone, "Also, is there parking?")
        expect(page.locator("#messages-link")).to_contain_text("3 unread")
    page.locator("#messages-link").click()
    expect(page.get_by_role("heading", name="Messages")).to_be_visible()
    unread = "3 unread texts" if javascript else "2 unread texts"
    expect(page.locator("#unread-total")).to_have_text(unread)
    last = "Also, is there parking?" if javascript else "She is <b>6</b>"
    expect(page.locator(".conversations")).to_contain_text(last)
    page.get_by_role("link", name="Jane Doe").click()

    expect(page.get_by_role("heading", name="Jane Doe")).to_be_visible()
    assert phone not in page.url
    assert phone[2:] not in page.url
    thread = page.get_by_role("list", name="Conversation")
    expect(thread).to_contain_text("Can I bring my kid?")
    expect(thread).to_contain_text("She is <b>6</b>")  # shown as text, never markup
    expect(thread).to_contain_text("Booking confirmation")
    page.get_by_label("Your text to Jane Doe").fill("Yes, of course. See you then!")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("status")).to_contain_text("Your reply is in the outbox")
    expect(thread).to_contain_text("Reply from the clinic")
    expect(thread).to_contain_text("Yes, of course. See you then!")
    expect(thread.locator(".outgoing").last).to_contain_text("Waiting to be sent")
    rows = db.execute(
        "select recipient, body, status from booking.sms_outbox"
        " where org_id = %s and kind = 'staff_reply'",
        (clinic.org_id,),
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        (phone, f"{clinic.name}: Yes, of course. See you then!", "pending")
    ]

    # The provider reports it delivered: the thread says so in words.
    db.execute(
        "update booking.sms_outbox set status = 'delivered', delivered_at = now()"
        " where org_id = %s and kind = 'staff_reply'",
        (clinic.org_id,),
    )
    page.reload()
    expect(thread.locator(".outgoing").last).to_contain_text("Delivered")
    expect(page.get_by_role("status")).to_have_count(0)  # the notice is shown once

    # An empty reply is refused in words, nothing queued.
    page.get_by_label("Your text to Jane Doe").fill("   ")
    page.evaluate("document.getElementById('reply-body').removeAttribute('required')")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("alert")).to_contain_text("Write the reply")

    page.goto(f"{web.base_url}/dashboard")
    expect(page.locator("#messages-link")).not_to_contain_text("unread")
    page.goto(f"{web.base_url}/dashboard/messages")
    expect(page.locator("#unread-total")).to_have_text("No unread texts")
    count = db.execute(
        "select count(*) from booking.sms_outbox where org_id = %s and kind = 'staff_reply'",
        (clinic.org_id,),
    ).fetchone()
    assert count is not None
    assert count[0] == 1

    # Another clinic's member: that conversation is not found, nor can they reply.
    other = make_clinic("Other Inbox Clinic")
    other_context = browser.new_context(java_script_enabled=javascript)
    other_page = other_context.new_page()
    sign_in(other_page, web, web.member_token(other.org_id))
    response = other_page.goto(f"{web.base_url}/dashboard/messages/{text_id}")
    assert response is not None
    assert response.status == 404
    expect(other_page.get_by_text("Can I bring my kid?")).to_have_count(0)
    response = other_page.goto(f"{web.base_url}/dashboard/messages/not-an-id")
    assert response is not None
    assert response.status == 404
    other_page.goto(f"{web.base_url}/dashboard/messages")
    expect(other_page.get_by_text("Jane Doe")).to_have_count(0)
    other_context.close()


def test_a_reply_to_a_number_that_opted_out_is_refused_in_words(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    phone = "+14155550199"
    text_id = _patient_texts(db, clinic, phone, "STOP sending me things please")
    db.execute(
        "select booking.record_sms_opt_out(%s, %s, true, 'STOP', 'inbound_keyword')",
        (clinic.org_id, phone),
    )
    sign_in(page, web, web.member_token(clinic.org_id))
    page.goto(f"{web.base_url}/dashboard/messages/{text_id}")
    expect(page.get_by_role("heading", name="(415) 555-0199")).to_be_visible()
    page.get_by_label("Your text to (415) 555-0199").fill("Sorry to hear that")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("alert")).to_contain_text("opted out")
    expect(page.get_by_label("Your text to (415) 555-0199")).to_have_value("Sorry to hear that")
    status = db.execute(
        "select status from booking.sms_outbox where org_id = %s and kind = 'staff_reply'",
        (clinic.org_id,),
    ).fetchone()
    assert status is not None
    assert status[0] == "suppressed"


def test_the_patient_page_leads_to_the_patients_texts(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    """The patient page names the unread texts and opens the conversation."""
    appointment_id = book_via_rest(web, clinic, name="Paula Page")["appointment_id"]
    phone = _patient_phone(db, clinic, appointment_id)
    contact_id = db.execute(
        "select contact_id from booking.appointments where org_id = %s and id = %s",
        (clinic.org_id, appointment_id),
    ).fetchone()[0]
    sign_in(page, web, web.member_token(clinic.org_id))
    page.goto(f"{web.base_url}/dashboard/patients/{contact_id}")
    expect(page.locator(".facts")).to_contain_text("The patient has not texted the clinic.")
    _patient_texts(db, clinic, phone, "Running 5 minutes late")
    page.reload()
    expect(page.locator(".facts")).to_contain_text("(1 unread)")
    page.get_by_role("link", name="Conversation with Paula Page").click()
    expect(page.get_by_text("Running 5 minutes late")).to_be_visible()
    assert phone not in page.url


def test_the_appointment_page_shows_the_patients_texts(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    """The appointment page lists the patient's own texts (newest first,
    unread marked) and opens the whole conversation to reply."""
    appointment_id = book_via_rest(web, clinic, name="Arthur Appt")["appointment_id"]
    sign_in(page, web, web.member_token(clinic.org_id))
    page.goto(f"{web.base_url}/dashboard/appointments/{appointment_id}")
    expect(page.get_by_text("The patient has not texted the clinic.")).to_be_visible()
    phone = _patient_phone(db, clinic, appointment_id)
    _patient_texts(db, clinic, phone, "Is there parking?")
    _patient_texts(db, clinic, phone, "I may be <i>late</i>")
    page.reload()
    texts = page.locator("#patient-texts li")
    expect(texts).to_have_count(2)
    expect(texts.first).to_contain_text("I may be <i>late</i>")
    expect(texts.first).to_contain_text("unread")
    page.get_by_role("link", name="Conversation with Arthur Appt (reply)").click()
    expect(page.get_by_text("Is there parking?")).to_be_visible()
    assert phone not in page.url
