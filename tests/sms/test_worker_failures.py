"""The provider misbehaves: down then back, 500s, 429 with backoff, permanent
errors (21211, 21610). Retries follow booking.record_sms_failure's rules
(FAST_RETRIES: backoff from 200ms, capped at 1s)."""

from __future__ import annotations

import itertools
import time

from tests.fixtures import Clinic, unique_phone, wait_until
from tests.sms.conftest import book, outbox_row


def test_provider_down_then_back(sms_db, fake_twilio, clinic: Clinic, start_worker):
    fake_twilio.stop()  # connection refused
    start_worker()
    phone = unique_phone()
    book(sms_db, clinic.org_id, phone)

    assert wait_until(
        lambda: outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")["attempts"] >= 2
    )
    message = outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")
    assert message["status"] in ("pending", "claimed")
    assert message["error_code"] == "NETWORK"

    fake_twilio.start()
    assert fake_twilio.wait_for(lambda f: len(f.accepted) == 1, timeout=10)
    assert wait_until(
        lambda: outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")["status"] == "queued"
    )
    message = outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")
    assert message["provider_message_id"] == fake_twilio.accepted[0].sid
    assert message["error_code"] is None
    time.sleep(0.3)
    assert [r.to for r in fake_twilio.requests] == [phone], "sent once, when the server was back"


def test_server_errors_are_retried(sms_db, fake_twilio, clinic: Clinic, start_worker):
    fake_twilio.fail_next(2, 500, 20500)
    start_worker()
    book(sms_db, clinic.org_id, unique_phone())

    assert fake_twilio.wait_for(lambda f: len(f.accepted) == 1, timeout=10)
    assert [r.answered_status for r in fake_twilio.requests] == [500, 500, 201]
    assert wait_until(
        lambda: outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")["status"] == "queued"
    )
    assert outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")["attempts"] == 3


def test_rate_limits_back_off_exponentially(sms_db, fake_twilio, clinic: Clinic, start_worker):
    fake_twilio.fail_next(3, 429, 20429)
    start_worker()
    book(sms_db, clinic.org_id, unique_phone())

    assert fake_twilio.wait_for(lambda f: len(f.accepted) == 1, timeout=15)
    requests = fake_twilio.requests
    assert [r.answered_status for r in requests] == [429, 429, 429, 201]
    gaps = [
        later.received_at - earlier.received_at for earlier, later in itertools.pairwise(requests)
    ]
    # Backoff after attempt n: between half and all of 200ms * 2^(n-1).
    assert gaps[0] >= 0.1, gaps
    assert gaps[1] >= 0.2, gaps
    assert gaps[2] >= 0.4, gaps
    assert gaps[2] > gaps[0], gaps


def test_invalid_number_fails_without_retry(sms_db, fake_twilio, clinic: Clinic, start_worker):
    phone = unique_phone()
    fake_twilio.fail_number(phone, 400, 21211)
    start_worker()
    booking = book(sms_db, clinic.org_id, phone)

    assert wait_until(
        lambda: outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")["status"] == "failed"
    )
    message = outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")
    assert (message["error_code"], message["attempts"]) == ("21211", 1)
    time.sleep(0.6)
    assert len(fake_twilio.requests) == 1, "a permanent error is not retried"
    answer = sms_db.execute(
        "select public.send_confirmation_sms(%s, %s, null, null)",
        (clinic.org_id, booking["appointment_id"]),
    ).fetchone()[0]
    assert (answer["success"], answer["error"], answer["error_code"]) == (
        False,
        "SMS_FAILED",
        "21211",
    )


def test_unsubscribed_recipient_is_opted_out(sms_db, fake_twilio, clinic: Clinic, start_worker):
    phone = unique_phone()
    fake_twilio.fail_number(phone, 400, 21610)
    start_worker()
    book(sms_db, clinic.org_id, phone)

    assert wait_until(
        lambda: outbox_row(sms_db, org_id=clinic.org_id, kind="confirmation")["status"] == "failed"
    )
    opted_out = sms_db.execute(
        "select booking.is_sms_opted_out(%s, %s)", (clinic.org_id, phone)
    ).fetchone()[0]
    assert opted_out is True

    second = book(sms_db, clinic.org_id, phone)
    message = outbox_row(sms_db, appointment_id=second["appointment_id"], kind="confirmation")
    assert message["status"] == "suppressed"
    time.sleep(0.3)
    assert len(fake_twilio.requests) == 1, "nothing more is sent to an opted-out number"
