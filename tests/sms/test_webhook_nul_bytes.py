"""A NUL character in any form field or query parameter of the Twilio
webhooks is malformed input: 400 (or 403 unsigned) before the database is
asked, never a 500 from the driver (`cannot contain NUL`)."""

from __future__ import annotations

import pytest
import requests

from tests.fixtures import create_clinic, unique_phone
from tests.sms.conftest import ENCRYPTION_KEY, post_signed, status_callback_params

STATUS_FIELDS = ["AccountSid", "MessageSid", "MessageStatus", "SmsSid", "ErrorCode", "To"]
INBOUND_FIELDS = ["AccountSid", "To", "MessagingServiceSid", "MessageSid", "From", "Body"]


def form(fields: dict[str, str], poisoned: str) -> str:
    """A form body with %00 inside one field's value."""
    return "&".join(
        f"{name}={value[:2]}%00{value[2:]}" if name == poisoned else f"{name}={value}"
        for name, value in fields.items()
    )


@pytest.mark.parametrize("field", STATUS_FIELDS)
def test_status_callback_with_nul_is_refused(sms_db, webhooks, field: str) -> None:
    fields = {
        "AccountSid": "AC" + "0" * 32,
        "MessageSid": "SM1",
        "SmsSid": "SM1",
        "MessageStatus": "sent",
        "ErrorCode": "30003",
        "To": "+14155550100",
    }
    answer = requests.post(
        f"{webhooks.base_url}/api/twilio/status",
        data=form(fields, field),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": "anything",
        },
        timeout=10,
    )
    assert answer.status_code in (400, 403)


@pytest.mark.parametrize("field", INBOUND_FIELDS)
def test_inbound_sms_with_nul_is_refused(sms_db, webhooks, field: str) -> None:
    fields = {
        "AccountSid": "AC" + "0" * 32,
        "To": "+14155550100",
        "MessagingServiceSid": "MG" + "0" * 32,
        "MessageSid": "SM1",
        "From": "+14155550101",
        "Body": "STOP",
    }
    answer = requests.post(
        f"{webhooks.base_url}/api/twilio/inbound",
        data=form(fields, field),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": "anything",
        },
        timeout=10,
    )
    assert answer.status_code in (400, 403)


def test_nul_in_the_query_is_refused(sms_db, webhooks) -> None:
    answer = requests.post(
        f"{webhooks.base_url}/api/twilio/status?org_id=%00&message_id=%00",
        data={"AccountSid": "AC1", "MessageSid": "SM1", "MessageStatus": "sent"},
        headers={"X-Twilio-Signature": "anything"},
        timeout=10,
    )
    assert answer.status_code == 400


def test_a_correctly_signed_body_with_nul_is_400(sms_db, webhooks) -> None:
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    phone = unique_phone()
    params = {**status_callback_params(clinic, "SM\x00x", phone, "sent")}
    answer = post_signed(f"{webhooks.base_url}/api/twilio/status", params, clinic.auth_token)
    assert answer.status_code == 400
    inbound = {"AccountSid": clinic.account_sid, "From": phone, "To": clinic.from_number}
    url = f"{webhooks.base_url}/api/twilio/inbound"
    answer = post_signed(url, {**inbound, "Body": "ST\x00OP"}, clinic.auth_token)
    assert answer.status_code == 400
