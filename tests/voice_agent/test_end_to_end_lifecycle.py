"""End to end over HTTP, the whole service as `make run` serves it: a patient
books by phone (the voice routes: check, reserve, send code, verify,
confirmation), the reminder falls due and the SMS worker sends it to the
local Twilio-compatible server, the patient texts back `C` (a signed
inbound webhook), and the appointment is cancelled, the cancellation SMS
sent, the slot bookable again and every step in the live event feed."""

from __future__ import annotations

import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import httpx
import psycopg
import requests
from twilio.request_validator import RequestValidator

from tests.fixtures import Clinic, unique_phone, wait_until
from tests.voice_agent.conftest import Service, book_by_phone, day, slot_at, spec_call


def inbound_sms(
    service: Service, clinic: Clinic, phone: str, body: str, message_sid: str | None = None
) -> requests.Response:
    """A text from the patient, as Twilio posts it: form-encoded and signed."""
    url = f"{service.base_url}/api/twilio/inbound"
    params = {
        "AccountSid": clinic.account_sid,
        "MessageSid": message_sid or "SM" + uuid.uuid4().hex,
        "From": phone,
        "To": clinic.from_number,
        "Body": body,
        "NumMedia": "0",
        "ApiVersion": "2010-04-01",
    }
    signature = RequestValidator(clinic.auth_token).compute_signature(url, params)
    return requests.post(
        url,
        data=urlencode(params),
        headers={
            "X-Twilio-Signature": signature,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        timeout=10,
    )


def texts_to(service: Service, phone: str) -> list[str]:
    return [r.body for r in service.fake_twilio.accepted if r.to == phone]


def wait_for_text(service: Service, phone: str, contains: str, timeout: float = 15) -> str:
    def found() -> str | None:
        return next((t for t in texts_to(service, phone) if contains in t), None)

    assert service.fake_twilio.wait_for(lambda _: found() is not None, timeout=timeout), (
        f"no SMS containing {contains!r} reached {phone}: {texts_to(service, phone)}"
    )
    text = found()
    assert text is not None
    return text


def test_book_by_phone_reminder_reply_c_cancels(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    phone = unique_phone()
    appointment_id = book_by_phone(http, service, phone, 2, "12:00")
    wait_for_text(service, phone, "confirmed")  # the booking's confirmation

    # The reminder was queued in the booking's transaction, due 24 hours
    # before the start; make it due now.
    reminders = owner_db.execute(
        "update booking.sms_outbox set next_attempt_at = now()"
        " where org_id = %s and appointment_id = %s and kind = 'reminder' and status = 'pending'"
        " returning id",
        (clinic.org_id, appointment_id),
    ).fetchall()
    assert len(reminders) == 1, "one reminder (the default 24 hours before)"
    reminder = wait_for_text(service, phone, "Reply Y to confirm or C to cancel")
    assert "12:00 PM" in reminder
    assert re.search(r"\b(STOP|CANCEL)\b", reminder) is None, "never a carrier opt-out word"

    # The patient texts back C.
    answered = inbound_sms(service, clinic, phone, "C")
    assert answered.status_code == 200, answered.text
    assert answered.text.endswith("<Response />"), "the reply goes through the outbox"
    status, cancelled_by = owner_db.execute(
        "select status, cancelled_by from booking.appointments where org_id = %s and id = %s",
        (clinic.org_id, appointment_id),
    ).fetchone()
    assert (status, cancelled_by) == ("cancelled", "patient_sms")
    cancellation = wait_for_text(service, phone, "cancel")
    assert cancellation != reminder

    # The slot is bookable again, by someone else.
    slots = spec_call(http, "calendar/check", date=day(2)).json()
    assert slot_at(slots, "12:00")
    rebooked = book_by_phone(http, service, unique_phone(), 2, "12:00")
    assert rebooked != appointment_id

    # Every step is in the event feed a clinic member reads.
    events = service.rest(clinic.org_id, "events_since", p_org_id=str(clinic.org_id), p_limit=1000)
    assert events.status_code == 200, events.text
    mine = [e for e in events.json() if e["payload"].get("appointment_id") == appointment_id]
    types = [e["type"] for e in mine]
    assert "appointment.booked" in types
    assert "appointment.cancelled" in types
    cancelled_event = next(e for e in mine if e["type"] == "appointment.cancelled")
    assert cancelled_event["payload"].get("actor") == "patient_sms"
    sent = [
        e["payload"]
        for e in events.json()
        if e["type"] == "sms.status_changed" and e["payload"].get("kind") == "reminder"
    ]
    assert sent, "the reminder's delivery is in the feed"


def test_replies_y_and_r_and_help_over_http(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    phone = unique_phone()
    appointment_id = book_by_phone(http, service, phone, 3, "09:30")

    confirmed = inbound_sms(service, clinic, phone, "yes")
    assert confirmed.status_code == 200, confirmed.text
    reply = wait_for_text(service, phone, "thank you")
    assert "9:30 AM" in reply
    assert "Reply C to cancel or R to reschedule" in reply
    events = service.rest(
        clinic.org_id, "events_since", p_org_id=str(clinic.org_id), p_limit=1000
    ).json()
    assert any(
        e["type"] == "appointment.patient_confirmed"
        and e["payload"].get("appointment_id") == appointment_id
        for e in events
    )

    assert inbound_sms(service, clinic, phone, "R").status_code == 200
    link_text = wait_for_text(service, phone, "/a/")
    token = re.search(r"/a/([A-Za-z0-9_-]+)", link_text)
    assert token is not None
    page = httpx.post(
        f"{service.base_url}/rest/v1/rpc/manage_appointment",
        json={"p_token": token.group(1)},
        headers={"apikey": service.settings.anon_key},
        timeout=10,
    )
    assert page.status_code == 200, page.text
    assert page.json()["appointment_id"] == appointment_id
    assert page.json()["patient_confirmed"] is True

    stranger = unique_phone()
    assert inbound_sms(service, clinic, stranger, "Hi, what are your hours?").status_code == 200
    acknowledgement = wait_for_text(service, stranger, clinic_name(owner_db, clinic))
    assert "the clinic will get back to you" in acknowledgement.lower(), "free text is kept"
    assert inbound_sms(service, clinic, stranger, "R").status_code == 200
    help_text = wait_for_text(service, stranger, "no upcoming appointment")
    assert help_text.startswith(clinic_name(owner_db, clinic))

    forged = requests.post(
        f"{service.base_url}/api/twilio/inbound",
        data={
            "AccountSid": clinic.account_sid,
            "From": phone,
            "To": clinic.from_number,
            "Body": "C",
        },
        headers={"X-Twilio-Signature": "forged"},
        timeout=10,
    )
    assert forged.status_code == 403
    status = owner_db.execute(
        "select status from booking.appointments where org_id = %s and id = %s",
        (clinic.org_id, appointment_id),
    ).fetchone()[0]
    assert status == "scheduled", "an unsigned C cancels nothing"


def clinic_name(owner_db: psycopg.Connection, clinic: Clinic) -> str:
    row = owner_db.execute(
        "select name from booking.organizations where org_id = %s", (clinic.org_id,)
    ).fetchone()
    assert row is not None
    return str(row[0])


def test_a_c_delivered_many_times_at_once_cancels_one_appointment(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    phone = unique_phone()
    first = book_by_phone(http, service, phone, 2, "14:00")
    second = book_by_phone(http, service, phone, 3, "14:00")
    # Both confirmations reach the phone; the first an hour earlier, so the
    # C answers the second (two arriving together would be ambiguous).
    sent = (
        "select count(*) from booking.sms_outbox where org_id = %s and recipient = %s"
        " and kind = 'confirmation' and sent_at is not null"
    )
    assert wait_until(lambda: owner_db.execute(sent, (clinic.org_id, phone)).fetchone()[0] == 2)
    owner_db.execute(
        "update booking.sms_outbox set sent_at = sent_at - interval '1 hour'"
        " where org_id = %s and appointment_id = %s and kind = 'confirmation'",
        (clinic.org_id, first),
    )
    sid = "SM" + uuid.uuid4().hex
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: inbound_sms(service, clinic, phone, "C", sid), range(8)))
    assert [a.status_code for a in answers] == [200] * 8
    rows = owner_db.execute(
        "select id::text, status from booking.appointments where org_id = %s and id = any(%s)",
        (clinic.org_id, [first, second]),
    ).fetchall()
    assert dict(rows) == {first: "scheduled", second: "cancelled"}
    cancellations = owner_db.execute(
        "select count(*) from booking.sms_outbox"
        " where org_id = %s and recipient = %s and kind = 'cancellation'",
        (clinic.org_id, phone),
    ).fetchone()[0]
    assert cancellations == 1
