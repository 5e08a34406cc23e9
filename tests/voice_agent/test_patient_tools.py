"""The patient tools over HTTP (lookup_appointments, cancel_appointment,
reschedule_appointment): at the spec's routes (camelCase) and through the
platform's tool-calls webhook (snake_case results). The caller is the
platform's caller id (call.customer.number), never a number the model
passes; without one, a code texted to the phone."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import psycopg

from tests.fixtures import Clinic, unique_phone, within_local_day
from tests.voice_agent.conftest import (
    Service,
    attested_call,
    book_by_phone,
    caller_call,
    day,
    otp_code,
    slot_at,
    spec_call,
    tool_calls_message,
    wait_for_sms,
)


def test_lookup_reschedule_and_cancel_over_the_spec_routes(
    http: httpx.Client, service: Service, clinic: Clinic
):
    phone, other = unique_phone(), unique_phone()
    first = book_by_phone(http, service, phone, 2, "12:00")
    second = book_by_phone(http, service, phone, 3, "12:00")
    theirs = book_by_phone(http, service, other, 2, "13:00")

    found = caller_call(http, "booking/lookup", phone, patientPhone=other)
    assert found.status_code == 200, found.text
    answer = found.json()
    assert answer["success"] is True
    assert answer["verifiedBy"] == "caller_id"
    assert [a["appointmentId"] for a in answer["appointments"]] == [first, second]
    assert theirs not in found.text, "the model's patientPhone does not widen the lookup"
    appointment = answer["appointments"][0]
    assert {"localText", "localDate", "localTime", "canCancel", "clinicPhone"} <= set(appointment)
    assert appointment["localTime"] == "12:00"
    assert "12:00 PM" in appointment["localText"]

    assert answer["changesNeedCode"] is True, "a caller id alone proves nothing by default"

    checked = spec_call(http, "calendar/check", date=day(4))
    new_start = slot_at(checked.json(), "10:30")["start"]
    asked = caller_call(
        http, "booking/reschedule", phone, appointmentId=second, slotId=new_start
    ).json()
    assert asked["error"] == "VERIFICATION_REQUIRED", asked
    verification = asked["verificationId"]
    code = otp_code(service.fake_twilio, phone, 3)  # after the two bookings' codes
    moved = caller_call(
        http,
        "booking/reschedule",
        phone,
        appointmentId=second,
        slotId=new_start,
        verificationId=verification,
        code=code,
    ).json()
    assert moved["success"] is True, moved
    assert moved["appointmentId"] == second
    assert datetime.fromisoformat(moved["scheduledAt"]) == datetime.fromisoformat(new_start)
    assert "10:30 AM" in moved["appointment"]["localText"]

    refused = caller_call(http, "booking/cancel", phone, appointmentId=theirs).json()
    assert refused["success"] is False
    assert refused["error"] == "APPOINTMENT_NOT_FOUND", "another patient's appointment"

    cancelled = caller_call(
        http, "booking/cancel", phone, appointmentId=first, verificationId=verification
    ).json()
    assert cancelled["success"] is True, cancelled
    assert cancelled["status"] == "cancelled"
    again = caller_call(http, "booking/lookup", phone).json()
    assert [a["appointmentId"] for a in again["appointments"]] == [second]
    texts = wait_for_sms(service.fake_twilio, phone, 6)  # 3 codes, 2 confirmations, 1+ change
    assert len(texts) >= 6


def test_webhook_tool_calls_know_the_caller_by_the_platform(
    http: httpx.Client, service: Service, clinic: Clinic
):
    phone, other = unique_phone(), unique_phone()
    mine = book_by_phone(http, service, phone, 2, "09:00")
    theirs = book_by_phone(http, service, other, 2, "10:00")
    message = tool_calls_message(
        "call-" + uuid.uuid4().hex[:8],
        [
            ("lookup_appointments", json.dumps({"patientPhone": other})),
            ("cancel_appointment", {"appointmentId": theirs}),
            ("reschedule_appointment", {"appointmentId": theirs, "slotId": "2030-01-01T09:00:00Z"}),
        ],
        call={"customer": {"number": phone}},
    )
    response = http.post("/api/vapi/tools", json=message)
    assert response.status_code == 200, response.text
    lookup, cancel, reschedule = response.json()["results"]
    found = json.loads(lookup["result"])
    assert [a["appointment_id"] for a in found["appointments"]] == [mine]  # snake_case
    assert found["appointments"][0]["local_text"]
    assert json.loads(cancel["result"])["error"] == "APPOINTMENT_NOT_FOUND"
    assert json.loads(reschedule["result"])["error"] == "APPOINTMENT_NOT_FOUND"

    withheld = tool_calls_message(
        "call-x", [("cancel_appointment", {"appointmentId": mine})], customer={"number": ""}
    )
    answer = http.post("/api/vapi/webhook", json=withheld).json()["results"][0]
    assert json.loads(answer["result"])["error"] == "VERIFICATION_REQUIRED"


def test_without_a_caller_id_a_texted_code_proves_the_phone(
    http: httpx.Client, service: Service, clinic: Clinic
):
    phone = unique_phone()
    appointment = book_by_phone(http, service, phone, 2, "15:00")

    asked = caller_call(http, "booking/lookup", None).json()
    assert asked["error"] == "PHONE_REQUIRED"
    started = caller_call(http, "booking/lookup", None, patientPhone=phone).json()
    assert started["error"] == "VERIFICATION_REQUIRED"
    assert started["codeSent"] is True
    verification = started["verificationId"]
    code = otp_code(service.fake_twilio, phone, 2)  # the booking's code was the first
    assert code not in json.dumps(started)

    not_yet = caller_call(
        http, "booking/cancel", None, appointmentId=appointment, verificationId=verification
    ).json()
    assert not_yet["error"] == "VERIFICATION_REQUIRED"
    wrong = caller_call(
        http,
        "booking/lookup",
        None,
        verificationId=verification,
        code=f"{(int(code) + 1) % 10000:04d}",
    ).json()
    assert wrong["error"] == "INVALID_OTP"
    assert wrong["attemptsRemaining"] == 4
    verified = caller_call(
        http, "booking/lookup", None, verificationId=verification, code=code
    ).json()
    assert verified["success"] is True, verified
    assert verified["verifiedBy"] == "code"
    assert [a["appointmentId"] for a in verified["appointments"]] == [appointment]
    cancelled = caller_call(
        http, "booking/cancel", None, appointmentId=appointment, verificationId=verification
    ).json()
    assert cancelled["success"] is True, cancelled


def test_too_late_to_change_gives_the_clinic_number(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    """With a caller id the clinic trusts (trust_attested, STIR/SHAKEN A)."""
    owner_db.execute("select public.set_caller_id_policy(%s, 'trust_attested')", (clinic.org_id,))
    phone = unique_phone()
    soon = within_local_day(
        (datetime.now(UTC) + timedelta(minutes=40)).replace(second=0, microsecond=0), 30
    )
    booked = owner_db.execute(
        "select public.book_appointment_atomic(%s, 'Sue Soon', null, %s, 'consultation', %s, 30)",
        (clinic.org_id, phone, soon),
    ).fetchone()[0]
    assert booked["success"], booked
    for route, arguments in (
        ("booking/cancel", {}),
        ("booking/reschedule", {"slotId": (soon + timedelta(days=2)).isoformat()}),
    ):
        answer = attested_call(
            http, route, phone, appointmentId=booked["appointment_id"], **arguments
        ).json()
        assert answer["error"] == "TOO_LATE_TO_CHANGE", answer
        assert "clinicPhone" in answer["appointment"]
        assert answer["appointment"]["canCancel"] is False


def test_another_clinics_secret_sees_nothing(
    http: httpx.Client, service: Service, clinic: Clinic, make_clinic: Callable[..., Clinic]
):
    phone = unique_phone()
    appointment = book_by_phone(http, service, phone, 2, "16:00")
    rival = make_clinic()
    with httpx.Client(
        base_url=service.base_url, headers=rival.voice_headers(), timeout=30
    ) as client:
        found = caller_call(client, "booking/lookup", phone).json()
        assert found["appointments"] == []
        cancelled = caller_call(client, "booking/cancel", phone, appointmentId=appointment).json()
        assert cancelled["error"] == "APPOINTMENT_NOT_FOUND"
        assert "16:00" not in json.dumps(cancelled)
    still = caller_call(http, "booking/lookup", phone).json()
    assert [a["appointmentId"] for a in still["appointments"]] == [appointment]


def test_bad_arguments_are_400(http: httpx.Client, service: Service, clinic: Clinic):
    phone = unique_phone()
    for route, arguments, field in (
        ("booking/cancel", {}, "appointmentId"),
        ("booking/cancel", {"appointmentId": "not-an-id"}, "appointmentId"),
        ("booking/reschedule", {"appointmentId": str(uuid.uuid4())}, "slotId"),
        ("booking/reschedule", {"appointmentId": str(uuid.uuid4()), "slotId": "09:00"}, "slotId"),
        ("booking/lookup", {"verificationId": 7}, "verificationId"),
    ):
        response = caller_call(http, route, phone, **arguments)
        assert response.status_code == 400, (route, arguments, response.text)
        assert response.json()["error"] == "INVALID_ARGUMENTS"
        assert field in response.json()["message"]
    unsigned = httpx.post(
        f"{service.base_url}/api/vapi/tools/booking/lookup", json={"toolCall": {"arguments": {}}}
    )
    assert unsigned.status_code == 401
