"""GET /api/vapi/assistant-config, and the argument translation on its own."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, date, datetime

import httpx
import pytest
from starlette.requests import Request
from starlette.routing import Route

from shim.voice_agent import VoiceAgentSettings, voice_agent_routes
from shim.voice_agent.tool_calls import AGENT_TOOLS, TOOLS, ToolError, camel_case, sql_parameters
from tests.voice_agent.conftest import Service

PHASE_TOOLS = [
    "check_availability",
    "reserve_atomic",
    "send_otp",
    "verify_otp",
    "send_confirmation_sms",
]
# Next to the five phases: a patient's own appointments, by phone (issue 11).
PATIENT_TOOLS = ["lookup_appointments", "cancel_appointment", "reschedule_appointment"]
# When no time suits: the clinic's waitlist, by the caller id (issue 25).
WAITLIST_TOOLS = ["join_waitlist"]


def test_the_assistant_config_lists_the_five_phases_and_the_patient_tools(service: Service):
    response = httpx.get(f"{service.base_url}/api/vapi/assistant-config")
    assert response.status_code == 200
    config = response.json()
    tools = config["model"]["tools"]
    assert [tool["function"]["name"] for tool in tools] == (
        PHASE_TOOLS + PATIENT_TOOLS + WAITLIST_TOOLS
    )
    for tool in tools:
        assert tool["type"] == "function"
        assert tool["server"]["url"] == f"{service.base_url}/api/vapi/tools"
        assert tool["function"]["description"]
        parameters = tool["function"]["parameters"]
        assert parameters["type"] == "object"
        assert set(parameters["required"]) <= set(parameters["properties"])
        assert "tenantId" not in parameters["properties"]  # the server knows the clinic
    required = {t["function"]["name"]: t["function"]["parameters"]["required"] for t in tools}
    assert required["reserve_atomic"] == ["slotId", "patientName", "patientPhone"]
    assert required["verify_otp"] == ["holdId", "providedOTP"]
    assert required["lookup_appointments"] == []  # the caller is the platform's caller id
    assert required["cancel_appointment"] == ["appointmentId"]
    assert required["reschedule_appointment"] == ["appointmentId", "slotId"]
    assert required["join_waitlist"] == ["patientName", "serviceType"]
    for name in PATIENT_TOOLS + WAITLIST_TOOLS:
        properties = next(t for t in tools if t["function"]["name"] == name)["function"]
        assert "callerPhone" not in properties["parameters"]["properties"]
    join = next(t for t in tools if t["function"]["name"] == "join_waitlist")["function"]
    assert "patientPhone" not in join["parameters"]["properties"], "the caller id is the phone"
    assert config["server"]["url"] == f"{service.base_url}/api/vapi/webhook"
    assert "end-of-call-report" in config["serverMessages"]

    (system,) = config["model"]["messages"]
    prompt = system["content"]
    assert system["role"] == "system"
    for phase in range(1, 6):
        assert f"PHASE {phase}" in prompt
    assert "MUST call send_confirmation_sms" in prompt
    assert all(name in prompt for name in PHASE_TOOLS + PATIENT_TOOLS + WAITLIST_TOOLS)
    assert "WAITLIST" in prompt
    assert "TOO_LATE_TO_CHANGE" in prompt


def test_the_assistant_config_uses_the_public_base_url():
    settings = VoiceAgentSettings.from_env({"VOICE_AGENT_BASE_URL": "https://api.clinic.example/"})
    (route,) = [
        r
        for r in voice_agent_routes(settings)
        if isinstance(r, Route) and r.path == "/api/vapi/assistant-config"
    ]
    scope = {
        "type": "http",
        "method": "GET",
        "path": route.path,
        "headers": [],
        "query_string": b"",
        "scheme": "http",
        "server": ("127.0.0.1", 3001),
    }
    response = asyncio.run(route.endpoint(Request(scope)))
    config = json.loads(bytes(response.body))
    urls = {tool["server"]["url"] for tool in config["model"]["tools"]}
    assert urls == {"https://api.clinic.example/api/vapi/tools"}
    assert config["server"]["url"] == "https://api.clinic.example/api/vapi/webhook"


ORG = uuid.uuid4()


def parameters(name: str, arguments: dict, call_id: str | None = None) -> dict:
    tool = next(t for t in TOOLS if t.name == name)
    return sql_parameters(tool, arguments, ORG, call_id)


def test_arguments_become_typed_sql_parameters():
    checked = parameters("check_availability", {"date": "2027-03-14", "serviceType": ""})
    assert checked == {
        "org_id": ORG,
        "date": date(2027, 3, 14),
        "service_type": None,
        "calendar_id": None,
    }
    reserved = parameters(
        "reserve_atomic",
        {
            "slotId": "2027-03-14T07:00:00Z",
            "patientName": "Ann",
            "patientPhone": "+1 (415) 555-0100",
        },
    )
    assert reserved["slot_time"] == datetime(2027, 3, 14, 7, tzinfo=UTC)
    # No call id given: NULL, and claim_slot_atomic derives one from the normalized phone.
    assert reserved["call_sid"] is None
    assert parameters("reserve_atomic", {**_hold_args(), "callSid": "CA1"})["call_sid"] == "CA1"
    platform = parameters("reserve_atomic", {**_hold_args(), "callSid": "CA1"}, "call-9")
    assert platform["call_sid"] == "call-9"  # the platform's call id wins
    verified = parameters("verify_otp", {"holdId": str(ORG).upper(), "providedOTP": 1234})
    assert verified["hold_id"] == ORG
    assert verified["otp"] == "1234"
    assert parameters("verify_otp", {"holdId": str(ORG), "code": "12 34"})["otp"] == "12 34"
    booked = parameters(
        "book_clinic_appointment",
        {
            "patientName": "Ann",
            "phone": "+14155550100",
            "serviceType": "x",
            "datetime": "2027-01-01T09:00:00-05:00",
            "duration": 30.0,
        },
    )
    assert booked["duration_minutes"] == 30
    assert booked["patient_name"] == "Ann"
    assert booked["patient_email"] is None


def _hold_args() -> dict:
    return {"slotId": "2027-03-14T07:00:00Z", "patientName": "Ann", "patientPhone": "+14155550100"}


@pytest.mark.parametrize(
    ("tenant", "accepted"),
    [
        (None, True),
        ("", True),
        (str(ORG), True),
        (str(ORG).upper(), True),
        (str(uuid.uuid4()), False),
        ("cal-1", False),
        (7, False),
        ({"id": str(ORG)}, False),
    ],
)
def test_a_tenant_id_must_name_the_resolved_clinic(tenant: object, accepted: bool):
    arguments = {"date": "2027-03-14", "tenantId": tenant}
    if accepted:
        assert parameters("check_availability", arguments)["org_id"] == ORG
    else:
        with pytest.raises(ToolError) as refused:
            parameters("check_availability", arguments)
        assert refused.value.code == "TENANT_MISMATCH"


def test_spec_answers_in_camel_case():
    answer = {"success": True, "hold_id": "h", "slots": [{"local_start": "x"}], "code_sent": True}
    assert camel_case(answer) == {
        "success": True,
        "holdId": "h",
        "slots": [{"localStart": "x"}],
        "codeSent": True,
    }


def test_only_the_five_phases_the_patient_tools_and_the_waitlist_are_agent_tools():
    assert list(AGENT_TOOLS) == PHASE_TOOLS + PATIENT_TOOLS + WAITLIST_TOOLS
    assert {t.path for t in TOOLS} == {
        "/api/vapi/tools/calendar/check",
        "/api/vapi/tools/booking/reserve-atomic",
        "/api/vapi/tools/booking/send-otp",
        "/api/vapi/tools/booking/verify-otp",
        "/api/vapi/tools/booking/send-confirmation",
        "/api/vapi/tools/bookClinicAppointment",
        "/api/vapi/tools/booking/lookup",
        "/api/vapi/tools/booking/cancel",
        "/api/vapi/tools/booking/reschedule",
        "/api/vapi/tools/waitlist/join",
    }


@pytest.mark.parametrize(
    ("duration", "minutes"),
    [(30, 30), (30.0, 30), ("30", 30), (" 45 ", 45), ("\u0663\u0660", None), ("\u00b2", None),
     ("--3", None), ("3e1", None), ("9" * 11, None)],
)  # fmt: skip
def test_whole_number_arguments_are_ascii_digits(duration: object, minutes: int | None):
    arguments = {
        "name": "Ann",
        "phone": "+14155550100",
        "serviceType": "x",
        "scheduledAt": "2027-01-01T09:00:00-05:00",
        "duration": duration,
    }
    if minutes is not None:
        assert parameters("book_clinic_appointment", arguments)["duration_minutes"] == minutes
    else:
        with pytest.raises(ToolError) as refused:
            parameters("book_clinic_appointment", arguments)
        assert refused.value.code == "INVALID_ARGUMENTS"
