"""The caller-id policy over HTTP (issue 26): a spoofed caller id cannot
cancel under the default policy (verify_changes); under trust_attested only
a caller id the platform reports fully attested (STIR/SHAKEN "A", Twilio's
StirVerstat passed on as a SIP header) acts without the code. The
attestation comes from the platform's call object, never from the model."""

from __future__ import annotations

import json

import httpx
import psycopg

from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import (
    Service,
    attested_call,
    book_by_phone,
    caller_call,
    tool_calls_message,
)

FULL = "TN-Validation-Passed-A"


def _status(owner_db: psycopg.Connection, appointment: str) -> str:
    row = owner_db.execute(
        "select status from booking.appointments where id = %s", (appointment,)
    ).fetchone()
    assert row is not None
    return str(row[0])


def test_a_spoofed_caller_id_cannot_cancel_by_default(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    victim = unique_phone()
    appointment = book_by_phone(http, service, victim, 2, "11:00")
    message = tool_calls_message(
        "call-spoof",
        [
            ("lookup_appointments", {}),
            ("cancel_appointment", {"appointmentId": appointment, "attested": True}),
        ],
        call={
            "customer": {"number": victim},  # the attacker set the victim's number
            "phoneCallProviderDetails": {
                "sip": {"headers": {"X-StirVerstat": "TN-Validation-Passed-A"}}
            },
        },
    )
    lookup, cancel = http.post("/api/vapi/tools", json=message).json()["results"]
    found = json.loads(lookup["result"])
    assert found["count"] == 1
    assert found["changes_need_code"] is True
    assert set(found["appointments"][0]) <= {
        "success", "appointment_id", "scheduled_at", "timezone", "local_date", "local_time",
        "local_text", "clinic_name", "clinic_phone", "can_cancel", "can_reschedule",
    }  # fmt: skip
    refused = json.loads(cancel["result"])
    assert refused["error"] == "VERIFICATION_REQUIRED", refused
    assert _status(owner_db, appointment) == "scheduled"


def test_trust_attested_acts_only_on_a_fully_attested_caller_id(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    owner_db.execute("select public.set_caller_id_policy(%s, 'trust_attested')", (clinic.org_id,))
    phone = unique_phone()
    appointment = book_by_phone(http, service, phone, 2, "14:00")

    plain = caller_call(http, "booking/cancel", phone, appointmentId=appointment).json()
    assert plain["error"] == "VERIFICATION_REQUIRED", "no attestation: as verify_changes"
    partial = attested_call(
        http, "booking/cancel", phone, "TN-Validation-Passed-B", appointmentId=appointment
    ).json()
    assert partial["error"] == "VERIFICATION_REQUIRED", "partial attestation (B) is not proof"
    failed = attested_call(
        http, "booking/cancel", phone, "TN-Validation-Failed-A", appointmentId=appointment
    ).json()
    assert failed["error"] == "VERIFICATION_REQUIRED", "a failed validation is not proof"
    assert _status(owner_db, appointment) == "scheduled"

    cancelled = attested_call(http, "booking/cancel", phone, appointmentId=appointment).json()
    assert cancelled["success"] is True, cancelled
    assert _status(owner_db, appointment) == "cancelled"
