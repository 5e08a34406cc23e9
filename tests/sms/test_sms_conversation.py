"""Two-way SMS through the signed inbound webhook, end to end with the
local Twilio-compatible server and a running worker (issue 24): a reply
applies to the appointment and the clinic of the conversation; free text is
kept for the clinic; a message delivered 20 times at once acts once."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import psycopg
import requests

from tests.fixtures import Clinic, create_clinic, unique_phone, wait_until
from tests.sms.conftest import ENCRYPTION_KEY, book, post_signed


def inbound(clinic: Clinic, phone: str, body: str, sid: str | None = None) -> dict[str, str]:
    sid = sid or "SM" + uuid.uuid4().hex
    return {
        "AccountSid": clinic.account_sid,
        "MessageSid": sid,
        "SmsSid": sid,
        "From": phone,
        "To": clinic.from_number,
        "Body": body,
        "NumMedia": "0",
        "ApiVersion": "2010-04-01",
    }


def sharing(conn: psycopg.Connection, clinic: Clinic, fake_twilio: Any) -> Clinic:
    """Another clinic on the same Twilio account and number."""
    other = create_clinic(conn, settings_key=ENCRYPTION_KEY, fake_twilio=fake_twilio)
    answer = conn.execute(
        "select public.set_integration_settings(%s, %s, %s, %s, %s)",
        (other.org_id, ENCRYPTION_KEY, clinic.account_sid, clinic.auth_token, clinic.from_number),
    ).fetchone()[0]
    assert answer["success"], answer
    return replace(
        other,
        account_sid=clinic.account_sid,
        auth_token=clinic.auth_token,
        from_number=clinic.from_number,
    )


def sent(conn: psycopg.Connection, appointment_id: str) -> bool:
    row = conn.execute(
        "select sent_at is not null from booking.sms_outbox"
        " where appointment_id = %s and kind = 'confirmation'",
        (appointment_id,),
    ).fetchone()
    return bool(row and row[0])


def messages_to(conn: psycopg.Connection, phone: str) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    return conn.execute(
        "select id, org_id, kind from booking.sms_outbox where recipient = %s", (phone,)
    ).fetchall()


def status(conn: psycopg.Connection, appointment_id: str) -> str:
    return conn.execute(
        "select status from booking.appointments where id = %s", (appointment_id,)
    ).fetchone()[0]


def test_shared_number_reply_applies_to_the_clinic_that_texted_last(
    sms_db, fake_twilio, webhooks, start_worker
):
    north = create_clinic(sms_db, settings_key=ENCRYPTION_KEY, fake_twilio=fake_twilio)
    south = sharing(sms_db, north, fake_twilio)
    start_worker()
    url = f"{webhooks.base_url}/api/twilio/inbound"
    phone = unique_phone()

    at_north = book(sms_db, north.org_id, phone)["appointment_id"]
    assert wait_until(lambda: sent(sms_db, at_north))
    at_south = book(sms_db, south.org_id, phone)["appointment_id"]
    assert wait_until(lambda: sent(sms_db, at_south)), "the second clinic texted last"

    help_reply = post_signed(url, inbound(north, phone, "HELP"), north.auth_token)
    assert help_reply.status_code == 200
    assert f"<Message>{south.name}: appointment messages." in help_reply.text
    assert north.name not in help_reply.text, "HELP names only the clinic of the conversation"

    before = messages_to(sms_db, phone)
    cancel = post_signed(url, inbound(north, phone, "C"), north.auth_token)
    assert cancel.status_code == 200
    assert status(sms_db, at_south) == "cancelled"
    assert status(sms_db, at_north) == "scheduled", "one signed C cancels at one clinic only"
    answers = [m[1:] for m in messages_to(sms_db, phone) if m not in before]
    assert answers == [(south.org_id, "cancellation")], "one answer, from that clinic"
    assert wait_until(
        lambda: any(
            r.body.startswith(f"{south.name}:") and r.to == phone for r in fake_twilio.accepted
        )
    )

    stranger = post_signed(url, inbound(north, unique_phone(), "C"), north.auth_token)
    assert stranger.status_code == 200
    assert "several clinics" in stranger.text
    assert north.name not in stranger.text, "with no conversation, one neutral help text"
    assert south.name not in stranger.text


def test_free_text_is_kept_and_acknowledged_once(sms_db, fake_twilio, webhooks, start_worker):
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY, fake_twilio=fake_twilio)
    start_worker()
    url = f"{webhooks.base_url}/api/twilio/inbound"
    phone = unique_phone()
    book(sms_db, clinic.org_id, phone)

    for text in ("Can I bring my kid?", "Also, is there parking?"):
        answer = post_signed(url, inbound(clinic, phone, text), clinic.auth_token)
        assert answer.status_code == 200
        assert answer.text.endswith("<Response />")
    kept = sms_db.execute(
        "select body, receiving_number, contact_id is not null from booking.inbound_sms_texts"
        " where org_id = %s and sender = %s order by received_at",
        (clinic.org_id, phone),
    ).fetchall()
    assert kept == [
        ("Can I bring my kid?", clinic.from_number, True),
        ("Also, is there parking?", clinic.from_number, True),
    ]
    events = sms_db.execute(
        "select count(*) from booking.events where org_id = %s and type = 'sms.received'",
        (clinic.org_id,),
    ).fetchone()[0]
    assert events == 2
    assert wait_until(
        lambda: any("thank you for your message" in r.body for r in fake_twilio.accepted)
    )
    acknowledgements = [r for r in fake_twilio.accepted if "thank you for your message" in r.body]
    assert len(acknowledgements) == 1, "one acknowledgement per conversation per day"


def test_a_reply_delivered_twenty_times_at_once_acts_once(sms_db, webhooks):
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    url = f"{webhooks.base_url}/api/twilio/inbound"
    phone = unique_phone()
    appointment_id = book(sms_db, clinic.org_id, phone)["appointment_id"]
    params = inbound(clinic, phone, "C")

    def post(_: int) -> requests.Response:
        return post_signed(url, params, clinic.auth_token)

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(post, range(20)))
    assert [a.status_code for a in answers] == [200] * 20
    assert status(sms_db, appointment_id) == "cancelled"
    assert (
        sms_db.execute(
            "select count(*) from booking.sms_outbox"
            " where appointment_id = %s and kind = 'cancellation'",
            (appointment_id,),
        ).fetchone()[0]
        == 1
    )
    assert (
        sms_db.execute(
            "select count(*) from booking.appointment_history where appointment_id = %s"
            " and action = 'cancelled'",
            (appointment_id,),
        ).fetchone()[0]
        == 1
    )


def test_a_reply_applies_to_the_appointment_the_latest_text_was_about(
    sms_db, fake_twilio, webhooks, start_worker
):
    """Two appointments of one patient, texted about in either order: C
    cancels the one the latest text named (not the next one); texts about
    both at the same moment make C ambiguous: nothing changes and the
    answer gives both links."""
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY, fake_twilio=fake_twilio)
    start_worker()
    url = f"{webhooks.base_url}/api/twilio/inbound"

    def two_appointments(phone: str) -> tuple[str, str]:
        sooner = book(sms_db, clinic.org_id, phone)["appointment_id"]
        later = book(sms_db, clinic.org_id, phone)["appointment_id"]
        assert wait_until(lambda: sent(sms_db, sooner) and sent(sms_db, later))
        return sooner, later

    def texted_first(appointment_id: str) -> None:
        """Its confirmation an hour before the other's: the other is the latest."""
        sms_db.execute(
            "update booking.sms_outbox set sent_at = sent_at - interval '1 hour',"
            " created_at = created_at - interval '1 hour' where appointment_id = %s",
            (appointment_id,),
        )

    for latest in ("later", "sooner"):
        phone = unique_phone()
        sooner, later = two_appointments(phone)
        texted_first(sooner if latest == "later" else later)
        reply = post_signed(url, inbound(clinic, phone, "C"), clinic.auth_token)
        assert reply.status_code == 200
        cancelled, kept = (later, sooner) if latest == "later" else (sooner, later)
        assert status(sms_db, cancelled) == "cancelled", f"C applies to the {latest} one"
        assert status(sms_db, kept) == "scheduled"

    phone = unique_phone()
    sooner, later = two_appointments(phone)  # both confirmed within 15 minutes
    before = messages_to(sms_db, phone)
    reply = post_signed(url, inbound(clinic, phone, "C"), clinic.auth_token)
    assert reply.status_code == 200
    assert (status(sms_db, sooner), status(sms_db, later)) == ("scheduled", "scheduled")
    answers = [m for m in messages_to(sms_db, phone) if m not in before]
    assert [kind for _id, _org, kind in answers] == ["reply"]
    body = sms_db.execute(
        "select body from booking.sms_outbox where id = %s", (answers[0][0],)
    ).fetchone()[0]
    assert "nothing was changed" in body
    assert body.count("/a/") == 2 or body.count("[manage link]") == 2, body
