"""End to end: a booking commits, the local Twilio-compatible server receives
exactly one correct confirmation from the real twilio library, the signed
status callback marks it delivered, and the spec's own troubleshooting and
monitoring queries show it."""

from __future__ import annotations

import logging
import re
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from psycopg.rows import dict_row

from shim.sms.worker import WorkerSettings
from tests.fixtures import Clinic, create_clinic, unique_phone, wait_until
from tests.sms.conftest import ENCRYPTION_KEY, book, outbox_row, post_signed, status_callback_params

SPEC_QUERIES = {
    name.strip(): text.strip()
    for name, text in (
        part.split("\n", 1)
        for part in (Path(__file__).parent / "spec_queries.sql").read_text().split("-- name:")[1:]
    )
}


LINK = re.compile(r"\S+/a/[A-Za-z0-9_-]{32}")


def spec_query(url: str, name: str, **placeholders: object) -> list[dict]:
    """Run a query of the spec (spec_queries.sql) as a DBA would."""
    query = SPEC_QUERIES[name]
    for placeholder, value in placeholders.items():
        query = query.replace(placeholder, str(value))
    with (
        psycopg.connect(url, options="-c search_path=booking,public") as conn,
        conn.cursor(row_factory=dict_row) as cur,
    ):
        cur.execute(query.encode())
        return cur.fetchall()


def test_a_booking_is_confirmed_once_and_tracked_to_delivery(
    sms_database_url, sms_db, fake_twilio, clinic: Clinic, webhooks, start_worker
):
    start_worker(webhook_base_url=webhooks.base_url)
    phone = unique_phone()

    booking = book(sms_db, clinic.org_id, phone, service="Whitening")
    appointment_id = booking["appointment_id"]

    assert fake_twilio.wait_for(lambda f: len(f.accepted) >= 1, timeout=10)
    request = fake_twilio.accepted[0]
    message = outbox_row(sms_db, appointment_id=appointment_id, kind="confirmation")
    assert message is not None
    assert request.account_sid == clinic.account_sid
    assert request.auth_user == clinic.account_sid
    assert request.to == phone
    assert request.params["From"] == clinic.from_number
    assert request.body.startswith(f"{clinic.name}: your Whitening appointment is confirmed for ")
    assert re.search(r"To reschedule or cancel: \S+/a/[A-Za-z0-9_-]{32} ", request.body)
    callback = urlsplit(request.params["StatusCallback"])
    assert f"{callback.scheme}://{callback.netloc}{callback.path}" == (
        f"{webhooks.base_url}/api/twilio/status"
    )
    assert parse_qs(callback.query) == {
        "org_id": [str(clinic.org_id)],
        "message_id": [str(message["id"])],
    }

    # The worker records the provider's answer; the appointment follows.
    assert wait_until(lambda: outbox_row(sms_db, id=message["id"])["status"] == "queued")
    message = outbox_row(sms_db, id=message["id"])
    # What was sent is what is stored, the manage link left out once sent.
    assert message["body"] == LINK.sub("[manage link]", request.body)
    assert message["provider_message_id"] == request.sid
    assert message["provider"] == "twilio"
    assert message["attempts"] == 1

    # Twilio's status callbacks, signed with the clinic's auth token.
    for status in ("sent", "delivered"):
        answer = post_signed(
            request.params["StatusCallback"],
            status_callback_params(clinic, request.sid, phone, status),
            clinic.auth_token,
        )
        assert answer.status_code == 204
    late = post_signed(
        request.params["StatusCallback"],
        status_callback_params(clinic, request.sid, phone, "sent"),
        clinic.auth_token,
    )
    assert late.status_code == 204

    # The spec's queries answer correctly.
    (appointment,) = spec_query(sms_database_url, "check_sms_sent", APPOINTMENT_ID=appointment_id)
    assert appointment["confirmation_sms_sent"] is True
    assert appointment["confirmation_sms_id"] == request.sid
    assert appointment["confirmation_sms_sent_at"] is not None
    (log,) = spec_query(sms_database_url, "check_delivery_status", APPOINTMENT_ID=appointment_id)
    assert log["message_id"] == request.sid
    assert log["status"] == "delivered"
    assert log["delivery_timestamp"] is not None
    (day,) = spec_query(sms_database_url, "daily_report", YOUR_ORG_ID=clinic.org_id)
    assert (day["appointments_created"], day["confirmations_sent"]) == (1, 1)
    assert float(day["confirmation_rate"]) == 100.0
    statuses = {
        row["status"]: row["count"] for row in spec_query(sms_database_url, "sms_delivery_status")
    }
    assert statuses.get("delivered", 0) >= 1
    (settings,) = spec_query(
        sms_database_url, "twilio_credentials_configured", ORG_ID=clinic.org_id
    )
    assert settings["twilio_account_sid"] == clinic.account_sid
    assert b"" + settings["twilio_auth_token_encrypted"] != clinic.auth_token.encode()
    logs = spec_query(sms_database_url, "sms_logs")
    assert any(row["message_id"] == request.sid for row in logs)

    # sendConfirmationSMS reports it and sends nothing more.
    answer = sms_db.execute(
        "select public.send_confirmation_sms(%s, %s, %s, %s)",
        (clinic.org_id, appointment_id, booking["contact_id"], phone),
    ).fetchone()[0]
    assert answer["success"] is True
    assert answer["message_sent"] is True
    assert answer["message_id"] == request.sid
    assert answer["content"] == LINK.sub("[manage link]", request.body)
    assert answer["status"] == "delivered"
    time.sleep(0.3)
    assert len(fake_twilio.requests) == 1, "exactly one request reached the provider"


def test_a_repeated_booking_sends_no_second_confirmation(
    sms_db, fake_twilio, clinic: Clinic, start_worker
):
    start_worker()
    phone = unique_phone()
    first = book(sms_db, clinic.org_id, phone)
    assert fake_twilio.wait_for(lambda f: len(f.accepted) == 1)
    scheduled = sms_db.execute(
        "select scheduled_at from booking.appointments where id = %s", (first["appointment_id"],)
    ).fetchone()[0]
    again = sms_db.execute(
        "select public.book_appointment_atomic(%s, 'Test Patient', null, %s, 'Cleaning', %s, 30)",
        (clinic.org_id, phone, scheduled),
    ).fetchone()[0]
    assert again["appointment_id"] == first["appointment_id"]
    time.sleep(0.5)
    assert len(fake_twilio.requests) == 1


def test_messaging_service_is_used_when_configured(sms_db, fake_twilio, start_worker):
    service_sid = "MG" + uuid.uuid4().hex
    clinic = create_clinic(
        sms_db,
        settings_key=ENCRYPTION_KEY,
        fake_twilio=fake_twilio,
        messaging_service_sid=service_sid,
    )
    start_worker()
    book(sms_db, clinic.org_id, unique_phone())
    assert fake_twilio.wait_for(lambda f: len(f.accepted) == 1)
    request = fake_twilio.accepted[0]
    assert request.params["MessagingServiceSid"] == service_sid
    assert "From" not in request.params
    assert wait_until(
        lambda: (
            outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")["status"] == "accepted"
        )
    ), "Twilio's initial status for a messaging service is accepted"


def test_console_sender_for_organizations_without_twilio(sms_db, fake_twilio, start_worker):
    clinic = create_clinic(sms_db)
    worker = start_worker(sender="auto")  # as `make run` sets it
    phone = unique_phone()
    booking = book(sms_db, clinic.org_id, phone)

    assert wait_until(
        lambda: outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")["status"] == "sent"
    )
    message = outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")
    assert message["provider"] == "console"
    assert message["provider_message_id"].startswith("console-")
    assert any(phone in line and clinic.name in line for line in worker.console)
    assert fake_twilio.requests == []
    sent = sms_db.execute(
        "select confirmation_sms_sent from booking.appointments where id = %s",
        (booking["appointment_id"],),
    ).fetchone()[0]
    assert sent is True


def test_twilio_mode_keeps_unconfigured_organizations_waiting(sms_db, fake_twilio, start_worker):
    clinic = create_clinic(sms_db)
    worker = start_worker(sender="twilio")
    book(sms_db, clinic.org_id, unique_phone())
    assert wait_until(
        lambda: (outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation") or {}).get(
            "error_code"
        )
    )
    message = outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")
    assert message["status"] == "pending"
    assert message["error_code"] == "NOT_CONFIGURED"
    assert worker.console == []


def test_the_default_sender_is_twilio_only():
    assert WorkerSettings(database_url="postgresql:///x").sender == "twilio"
    for env in ({}, {"SMS_SENDER": ""}):
        assert (
            WorkerSettings.from_env({"DATABASE_URL": "postgresql:///x", **env}).sender == "twilio"
        )
    auto = WorkerSettings.from_env({"DATABASE_URL": "postgresql:///x", "SMS_SENDER": "auto"})
    assert auto.sender == "auto"


def test_by_default_unconfigured_organizations_wait_and_nothing_is_printed(
    sms_db, fake_twilio, start_worker, caplog
):
    caplog.set_level(logging.INFO, logger="shim.sms.worker")
    clinic = create_clinic(sms_db)
    worker = start_worker()  # the fixture's settings leave the sender at its default
    book(sms_db, clinic.org_id, unique_phone())
    assert wait_until(
        lambda: (outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation") or {}).get(
            "error_code"
        )
    )
    message = outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")
    assert (message["status"], message["error_code"]) == ("pending", "NOT_CONFIGURED")
    assert worker.console == []
    assert fake_twilio.requests == []
    assert not [r for r in caplog.records if "console" in r.getMessage()]


@pytest.mark.parametrize("sender", ["auto", "console"])
def test_console_modes_warn_once_at_start(start_worker, caplog, sender):
    caplog.set_level(logging.INFO, logger="shim.sms.worker")
    worker = start_worker(sender=sender)
    assert wait_until(lambda: any("started" in r.getMessage() for r in caplog.records))
    worker.shutdown()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert f"SMS_SENDER={sender}" in warnings[0]
    assert "one-time codes" in warnings[0]
    assert "never in production" in warnings[0]
    assert "\n" not in warnings[0]
