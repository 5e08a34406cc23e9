"""Every tool's answer says the same thing the same way: the platform
webhook's `result` text carries the SQL function's keys, snake_case
throughout; the spec's routes answer the same keys in camelCase throughout.
The exact keys of each tool's success answer and of a business failure are
pinned here, both ways."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import httpx

from shim.voice_agent.tool_calls import camel_case
from tests.fixtures import unique_phone
from tests.voice_agent.conftest import (
    Service,
    day,
    other_code,
    otp_code,
    slot_at,
    spec_call,
    tool_calls_message,
    wait_until_sent,
)

SNAKE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
CAMEL = re.compile(r"[a-z0-9]+([A-Z][a-z0-9]*)*")

# The SQL functions' keys (the webhook's `result`), per tool.
SQL_KEYS: dict[str, set[str]] = {
    "check_availability": {
        "success",
        "date",
        "timezone",
        "calendar_id",
        "service_type",
        "duration_minutes",
        "slots",
    },
    "reserve_atomic": {"success", "hold_id", "contact_id", "scheduled_at", "expires_at"},
    "send_otp": {"success", "code_sent", "expires_at"},
    "verify_otp": {"success", "appointment_id", "contact_id", "scheduled_at"},
    "send_confirmation_sms": {"success", "message_sent", "message_id", "content", "status"},
    "book_clinic_appointment": {
        "success",
        "appointment_id",
        "contact_id",
        "scheduled_at",
        "created_at",
    },
}
SLOT_KEYS = {"start", "local_start", "local_time"}
FAILURE_KEYS = {"success", "error", "message", "created_at"}
WRONG_CODE_KEYS = FAILURE_KEYS | {"attempts_remaining"}

# What the spec's routes answer: the same keys in camelCase.
SPEC_KEYS: dict[str, set[str]] = {
    "check_availability": {
        "success",
        "date",
        "timezone",
        "calendarId",
        "serviceType",
        "durationMinutes",
        "slots",
    },
    "reserve_atomic": {"success", "holdId", "contactId", "scheduledAt", "expiresAt"},
    "send_otp": {"success", "codeSent", "expiresAt"},
    "verify_otp": {"success", "appointmentId", "contactId", "scheduledAt"},
    "send_confirmation_sms": {"success", "messageSent", "messageId", "content", "status"},
    "book_clinic_appointment": {
        "success",
        "appointmentId",
        "contactId",
        "scheduledAt",
        "createdAt",
    },
}


def all_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(all_keys(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(all_keys(item) for item in value))
    return set()


def assert_one_casing(answer: dict, pattern: re.Pattern[str]) -> None:
    odd = sorted(key for key in all_keys(answer) if not pattern.fullmatch(key))
    assert not odd, f"keys in another casing: {odd} in {answer}"


def test_the_two_tables_agree() -> None:
    for tool, keys in SQL_KEYS.items():
        assert set(camel_case(dict.fromkeys(keys))) == SPEC_KEYS[tool], tool


def test_webhook_results_are_snake_case_throughout(http: httpx.Client, service: Service) -> None:
    phone = unique_phone()
    call_id = f"call-{uuid.uuid4().hex}"

    def tool(name: str, arguments: dict) -> dict:
        response = http.post(
            "/api/vapi/tools", json=tool_calls_message(call_id, [(name, arguments)])
        )
        assert response.status_code == 200, response.text
        (result,) = response.json()["results"]
        answer = json.loads(result["result"])
        assert_one_casing(answer, SNAKE)
        return answer

    checked = tool("check_availability", {"date": day(2)})
    assert set(checked) == SQL_KEYS["check_availability"]
    slot = slot_at(checked, "10:00")
    assert set(slot) == SLOT_KEYS
    hold = tool(
        "reserve_atomic",
        {"slotId": slot["start"], "patientName": "Keys Snake", "patientPhone": phone},
    )
    assert set(hold) == SQL_KEYS["reserve_atomic"]
    sent = tool("send_otp", {"holdId": hold["hold_id"]})
    assert set(sent) == SQL_KEYS["send_otp"]
    code = otp_code(service.fake_twilio, phone)
    wrong = tool("verify_otp", {"holdId": hold["hold_id"], "providedOTP": other_code(code)})
    assert set(wrong) == WRONG_CODE_KEYS
    booked = tool("verify_otp", {"holdId": hold["hold_id"], "providedOTP": code})
    assert set(booked) == SQL_KEYS["verify_otp"]
    wait_until_sent(service, booked["appointment_id"])
    confirmed = tool("send_confirmation_sms", {"appointmentId": booked["appointment_id"]})
    assert set(confirmed) == SQL_KEYS["send_confirmation_sms"]
    assert confirmed["message_sent"] is True
    missing = tool("send_confirmation_sms", {"appointmentId": str(uuid.uuid4())})
    assert set(missing) == FAILURE_KEYS


def test_spec_routes_answer_camel_case_throughout(http: httpx.Client, service: Service) -> None:
    phone = unique_phone()

    def call(route: str, **arguments: Any) -> dict:
        response = spec_call(http, route, **arguments)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert_one_casing(answer, CAMEL)
        return answer

    checked = call("calendar/check", date=day(2))
    assert set(checked) == SPEC_KEYS["check_availability"]
    slot = slot_at(checked, "10:30")
    assert set(slot) == {"start", "localStart", "localTime"}
    hold = call("booking/reserve-atomic", slotId=slot["start"], patientName="Keys Camel",
                patientPhone=phone)  # fmt: skip
    assert set(hold) == SPEC_KEYS["reserve_atomic"]
    sent = call("booking/send-otp", holdId=hold["holdId"])
    assert set(sent) == SPEC_KEYS["send_otp"]
    code = otp_code(service.fake_twilio, phone)
    wrong = call("booking/verify-otp", holdId=hold["holdId"], providedOTP=other_code(code))
    assert set(wrong) == {"success", "error", "message", "createdAt", "attemptsRemaining"}
    booked = call("booking/verify-otp", holdId=hold["holdId"], providedOTP=code)
    assert set(booked) == SPEC_KEYS["verify_otp"]
    wait_until_sent(service, booked["appointmentId"])
    confirmed = call("booking/send-confirmation", appointmentId=booked["appointmentId"])
    assert set(confirmed) == SPEC_KEYS["send_confirmation_sms"]
    assert confirmed["messageSent"] is True
    missing = call("booking/send-confirmation", appointmentId=str(uuid.uuid4()))
    assert set(missing) == {"success", "error", "message", "createdAt"}

    direct = call(
        "bookClinicAppointment",
        name="Keys Direct",
        phone=unique_phone(),
        serviceType="consultation",
        scheduledAt=slot_at(checked, "11:00")["start"],
        duration=30,
    )
    assert set(direct) == SPEC_KEYS["book_clinic_appointment"]
