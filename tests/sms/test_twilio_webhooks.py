"""POST /api/twilio/status and /api/twilio/inbound on a minimal Starlette app:
signatures checked against the organization's auth token (403 otherwise,
nothing changed), status never backwards, STOP/START/HELP answered in TwiML."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

import psycopg
import requests

from tests.fixtures import Clinic, create_clinic, unique_phone
from tests.sms.conftest import ENCRYPTION_KEY, outbox_row, post_signed, status_callback_params


def sent_message(conn: psycopg.Connection, clinic: Clinic, phone: str) -> tuple[uuid.UUID, str]:
    """An OTP the provider accepted (as the worker would have recorded it)."""
    message_id = conn.execute(
        "select booking.enqueue_sms(%s, 'otp', %s, 'Your code is 1234')", (clinic.org_id, phone)
    ).fetchone()[0]
    sid = "SM" + uuid.uuid4().hex
    conn.execute(
        "update booking.sms_outbox set status = 'claimed', claimed_by = 'test', attempts = 1"
        " where id = %s",
        (message_id,),
    )
    conn.execute(
        "select booking.record_sms_accepted(%s, %s, 'twilio', %s, 'queued')",
        (clinic.org_id, message_id, sid),
    )
    return message_id, sid


def status_url(base: str, clinic: Clinic, message_id: uuid.UUID) -> str:
    query = urlencode({"org_id": str(clinic.org_id), "message_id": str(message_id)})
    return f"{base}/api/twilio/status?{query}"


def test_status_callbacks_need_the_organizations_signature(sms_db, webhooks):
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    other = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    phone = unique_phone()
    message_id, sid = sent_message(sms_db, clinic, phone)
    url = status_url(webhooks.base_url, clinic, message_id)
    delivered = status_callback_params(clinic, sid, phone, "delivered")

    forged = post_signed(url, delivered, "not-the-token")
    assert forged.status_code == 403
    unsigned = requests.post(url, data=delivered, timeout=10)
    assert unsigned.status_code == 403
    other_org = post_signed(url, {**delivered, "AccountSid": other.account_sid}, other.auth_token)
    assert other_org.status_code == 403, "another organization's token does not sign for this one"
    signature_of_other_body = post_signed(
        url, status_callback_params(clinic, sid, phone, "sent"), clinic.auth_token
    )
    tampered = requests.post(
        url,
        data=delivered,
        headers={
            "X-Twilio-Signature": signature_of_other_body.request.headers["X-Twilio-Signature"]
        },
        timeout=10,
    )
    assert tampered.status_code == 403, "a signature of other parameters does not fit"
    message = outbox_row(sms_db, id=message_id)
    assert (message["status"], message["delivered_at"]) == ("sent", None), (
        "forgeries changed nothing"
    )

    assert post_signed(url, delivered, clinic.auth_token).status_code == 204
    message = outbox_row(sms_db, id=message_id)
    assert message["status"] == "delivered"
    assert message["delivered_at"] is not None

    late = post_signed(url, status_callback_params(clinic, sid, phone, "sent"), clinic.auth_token)
    assert late.status_code == 204
    assert outbox_row(sms_db, id=message_id)["status"] == "delivered", "never backwards"


def test_status_callback_without_our_query_finds_the_message_by_sid(sms_db, webhooks):
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    phone = unique_phone()
    message_id, sid = sent_message(sms_db, clinic, phone)
    answer = post_signed(
        f"{webhooks.base_url}/api/twilio/status",
        status_callback_params(clinic, sid, phone, "undelivered", "30003"),
        clinic.auth_token,
    )
    assert answer.status_code == 204
    message = outbox_row(sms_db, id=message_id)
    assert (message["status"], message["error_code"]) == ("undelivered", "30003")


def inbound(clinic: Clinic, phone: str, body: str) -> dict[str, str]:
    return {
        "AccountSid": clinic.account_sid,
        "MessageSid": "SM" + uuid.uuid4().hex,
        "SmsSid": "SM" + uuid.uuid4().hex,
        "From": phone,
        "To": clinic.from_number,
        "Body": body,
        "NumMedia": "0",
        "ApiVersion": "2010-04-01",
    }


def opted_out(conn: psycopg.Connection, clinic: Clinic, phone: str) -> bool:
    return conn.execute(
        "select booking.is_sms_opted_out(%s, %s)", (clinic.org_id, phone)
    ).fetchone()[0]


def test_inbound_keywords(sms_db, webhooks):
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    url = f"{webhooks.base_url}/api/twilio/inbound"
    phone = unique_phone()

    forged = post_signed(url, inbound(clinic, phone, "STOP"), "not-the-token")
    assert forged.status_code == 403
    assert not opted_out(sms_db, clinic, phone), "a forged STOP changes nothing"

    stop = post_signed(url, inbound(clinic, phone, "Stop"), clinic.auth_token)
    assert stop.status_code == 200
    assert stop.headers["content-type"].startswith("application/xml")
    assert stop.text.endswith("<Response />")
    assert opted_out(sms_db, clinic, phone)
    sms_db.execute("select booking.enqueue_sms(%s, 'otp', %s, 'x')", (clinic.org_id, phone))
    status = sms_db.execute(
        "select status from booking.sms_outbox where org_id = %s and recipient = %s",
        (clinic.org_id, phone),
    ).fetchone()[0]
    assert status == "suppressed", "nothing is sent to a number that texted STOP"

    help_reply = post_signed(url, inbound(clinic, phone, "HELP"), clinic.auth_token)
    assert help_reply.status_code == 200
    assert f"<Message>{clinic.name}: appointment messages." in help_reply.text

    start = post_signed(url, inbound(clinic, phone, "START"), clinic.auth_token)
    assert start.status_code == 200
    assert not opted_out(sms_db, clinic, phone)

    chatter = post_signed(url, inbound(clinic, phone, "See you tomorrow"), clinic.auth_token)
    assert chatter.status_code == 200
    assert chatter.text.endswith("<Response />")
