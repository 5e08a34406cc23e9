"""The five phases over HTTP, as the voice platform drives them: the spec's
routes and the platform's tool-call webhook, with the one-time code read out
of the SMS the local Twilio-compatible server received."""

from __future__ import annotations

import json
import uuid

import httpx

from shim.service import metrics
from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import (
    Service,
    day,
    hold_call_id,
    otp_code,
    slot_at,
    spec_call,
    tool_calls_message,
    wait_for_sms,
    wait_until_sent,
)


def test_five_phases_over_the_spec_routes(http: httpx.Client, service: Service, clinic: Clinic):
    phone = unique_phone()
    checked = spec_call(http, "calendar/check", date=day(2))
    assert checked.status_code == 200, checked.text
    assert checked.json()["success"] is True
    slot = slot_at(checked.json(), "12:00")
    assert set(slot) == {"start", "localStart", "localTime"}  # the spec routes speak camelCase

    reserved = spec_call(
        http,
        "booking/reserve-atomic",
        tenantId=str(clinic.org_id),
        slotId=slot["start"],
        calendarId="cal-1",
        patientPhone=phone,
        patientName="John Smith",
    )
    assert reserved.status_code == 200, reserved.text
    hold = reserved.json()
    assert hold["success"] is True
    assert uuid.UUID(hold["holdId"])
    assert uuid.UUID(hold["contactId"])

    sent = spec_call(http, "booking/send-otp", holdId=hold["holdId"], patientPhone=phone)
    assert sent.status_code == 200, sent.text
    assert sent.json()["success"] is True
    assert sent.json()["codeSent"] is True
    code = otp_code(service.fake_twilio, phone)
    assert code not in json.dumps([checked.json(), hold, sent.json()])

    verified = spec_call(
        http,
        "booking/verify-otp",
        holdId=hold["holdId"],
        providedOTP=code,
        contactId=hold["contactId"],
    )
    assert verified.status_code == 200, verified.text
    appointment = verified.json()
    assert appointment["success"] is True
    assert appointment["scheduledAt"] == slot["start"]

    # The booking enqueued its confirmation; the worker sends it at once.
    sid = wait_until_sent(service, appointment["appointmentId"])
    confirmation = wait_for_sms(service.fake_twilio, phone, count=2)[-1]
    assert confirmation.sid == sid
    assert "code is" not in confirmation.body
    confirmed = spec_call(
        http,
        "booking/send-confirmation",
        appointmentId=appointment["appointmentId"],
        patientPhone=phone,
        contactId=hold["contactId"],
    )
    assert confirmed.status_code == 200, confirmed.text
    answer = confirmed.json()
    assert answer["success"] is True
    assert answer["messageSent"] is True
    assert answer["messageId"] == confirmation.sid
    assert answer["messageId"].startswith("SM")

    again = spec_call(http, "booking/send-confirmation", appointmentId=appointment["appointmentId"])
    assert again.json()["messageId"] == confirmation.sid
    assert len(wait_for_sms(service.fake_twilio, phone, count=2)) == 2  # never a second SMS

    rechecked = spec_call(http, "calendar/check", date=day(2)).json()
    assert slot["start"] not in [s["start"] for s in rechecked["slots"]]


def test_five_phases_through_the_tool_call_webhook(
    http: httpx.Client, service: Service, clinic: Clinic
):
    phone = unique_phone()
    call_id = f"call-{uuid.uuid4().hex}"

    def tool(name: str, arguments: dict, as_string: bool = False) -> dict:
        sent = json.dumps(arguments) if as_string else arguments
        body = tool_calls_message(call_id, [(name, sent)])
        response = http.post("/api/vapi/tools", json=body)
        assert response.status_code == 200, response.text
        (result,) = response.json()["results"]
        assert result["toolCallId"] == body["message"]["toolCallList"][0]["id"]
        assert result["name"] == name
        assert "\n" not in result["result"]
        return json.loads(result["result"])

    checked = tool("check_availability", {"date": day(3)})
    slot = slot_at(checked, "09:30")
    hold = tool(
        "reserve_atomic",
        {"slotId": slot["start"], "patientName": "Ada Lovelace", "patientPhone": phone},
        as_string=True,
    )
    assert hold["success"] is True, hold
    # The hold belongs to the platform's call id, not to one the model made up.
    assert hold_call_id(service, hold["hold_id"]) == call_id

    assert tool("send_otp", {"holdId": hold["hold_id"]}, as_string=True)["code_sent"] is True
    code = otp_code(service.fake_twilio, phone)
    booked = tool("verify_otp", {"holdId": hold["hold_id"], "providedOTP": " ".join(code)})
    assert booked["success"] is True, booked
    wait_until_sent(service, booked["appointment_id"])
    confirmed = tool("send_confirmation_sms", {"appointmentId": booked["appointment_id"]})
    assert confirmed["success"] is True
    assert confirmed["message_sent"] is True


def test_booking_answers_are_counted_for_metrics(
    http: httpx.Client, service: Service, clinic: Clinic
):
    """/metrics counts the booking functions' answers to the voice agent by
    result (shim.service.metrics, read here from the process's registry)."""

    def count(function: str, result: str) -> float:
        labels = {"function": function, "surface": "voice_agent", "result": result}
        return (
            metrics.REGISTRY.get_sample_value("clinic_booking_booking_results_total", labels) or 0
        )

    before = {
        "held": count("claim_slot_atomic", "success"),
        "taken": count("claim_slot_atomic", "SLOT_UNAVAILABLE"),
        "wrong_code": count("confirm_held_slot", "INVALID_OTP"),
    }
    slot = slot_at(spec_call(http, "calendar/check", date=day(3)).json(), "13:00")
    held = spec_call(
        http,
        "booking/reserve-atomic",
        slotId=slot["start"],
        patientPhone=unique_phone(),
        patientName="Ann Held",
    ).json()
    assert held["success"] is True
    taken = spec_call(
        http,
        "booking/reserve-atomic",
        slotId=slot["start"],
        patientPhone=unique_phone(),
        patientName="Bob Late",
    ).json()
    assert taken["error"] == "SLOT_UNAVAILABLE"
    assert spec_call(http, "booking/send-otp", holdId=held["holdId"]).json()["success"] is True
    wrong = spec_call(http, "booking/verify-otp", holdId=held["holdId"], providedOTP="0000")
    if wrong.json().get("success"):  # 1 in 10,000: the code was 0000
        return
    assert wrong.json()["error"] == "INVALID_OTP"

    assert count("claim_slot_atomic", "success") == before["held"] + 1
    assert count("claim_slot_atomic", "SLOT_UNAVAILABLE") == before["taken"] + 1
    assert count("confirm_held_slot", "INVALID_OTP") == before["wrong_code"] + 1
