"""Malformed requests: a clean 4xx (spec routes, webhook) or a clean tool
error for the one bad call in a list, never a 500, and the server keeps
serving."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import (
    MAX_BODY_BYTES,
    Service,
    day,
    slot_at,
    spec_call,
    tool_calls_message,
)

CHECK = "/api/vapi/tools/calendar/check"


def post_raw(http: httpx.Client, path: str, content: bytes) -> httpx.Response:
    return http.post(path, content=content, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "INVALID_JSON"),
        (b"{not json", "INVALID_JSON"),
        (b"\xff\xfe\x00", "INVALID_JSON"),
        (b'{"toolCall": {"arguments": {"date": NaN}}}', "INVALID_JSON"),
        (b'{"toolCall": {"arguments": {"date": "2026-01-25\\u0000"}}}', "INVALID_JSON"),
        (b'{"toolCall": {"arguments": {"date": "\\ud800"}}}', "INVALID_JSON"),
        (b"[]", "INVALID_TOOL_CALL"),
        (b'"just a string"', "INVALID_TOOL_CALL"),
        (b"{}", "INVALID_TOOL_CALL"),
        (b'{"toolCall": null}', "INVALID_TOOL_CALL"),
        (b'{"toolCall": {"arguments": "{\\"date\\": \\"2026-01-25\\"}"}}', "INVALID_TOOL_CALL"),
        (b'{"toolCall": {"arguments": [1, 2]}}', "INVALID_TOOL_CALL"),
        (b'{"toolCall": {"arguments": {}}}', "INVALID_ARGUMENTS"),  # date is required
    ],
)
def test_bad_spec_route_bodies_get_a_clean_400(http: httpx.Client, content: bytes, code: str):
    response = post_raw(http, CHECK, content)
    assert response.status_code == 400, response.text
    assert response.json()["success"] is False
    assert response.json()["error"] == code


@pytest.mark.parametrize(
    ("route", "arguments", "field"),
    [
        ("calendar/check", {"date": "tomorrow"}, "date"),
        ("calendar/check", {"date": 20260125}, "date"),
        ("calendar/check", {"date": "2026-02-30"}, "date"),
        ("calendar/check", {"date": day(2), "serviceType": {"x": 1}}, "serviceType"),
        ("booking/reserve-atomic", {"slotId": "2026-01-25T10:00:00"}, "slotId"),
        ("booking/reserve-atomic", {"slotId": "soon", "patientName": "A"}, "slotId"),
        ("booking/reserve-atomic", {"slotId": True}, "slotId"),
        ("booking/send-otp", {"holdId": 5}, "holdId"),
        ("booking/send-otp", {"holdId": "not-a-uuid"}, "holdId"),
        ("booking/send-otp", {}, "holdId"),
        ("booking/verify-otp", {"holdId": "8f8f8f8f-8f8f-4f8f-8f8f-8f8f8f8f8f8f"}, "providedOTP"),
        ("booking/verify-otp", {"holdId": [], "providedOTP": "1234"}, "holdId"),
        ("booking/send-confirmation", {"appointmentId": {"id": 1}}, "appointmentId"),
        ("bookClinicAppointment", {"name": "A", "phone": "+14155550100"}, "serviceType"),
        (
            "bookClinicAppointment",
            {
                "name": "A",
                "phone": "+14155550100",
                "serviceType": "x",
                "scheduledAt": "2026-01-25T10:00:00Z",
                "duration": 10**12,
            },
            "duration",
        ),
    ],
)
def test_wrong_argument_types_get_a_clean_400(
    http: httpx.Client, route: str, arguments: dict, field: str
):
    response = spec_call(http, route, **arguments)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "INVALID_ARGUMENTS"
    assert field in response.json()["message"]


def test_huge_and_deep_bodies(http: httpx.Client):
    padding = "x" * MAX_BODY_BYTES
    huge = spec_call(http, "calendar/check", date=day(2), padding=padding)
    assert huge.status_code == 413
    assert huge.json()["error"] == "BODY_TOO_LARGE"
    deep: object = {"date": day(2)}
    for _ in range(40):
        deep = {"nested": deep}
    nested = http.post(CHECK, json={"toolCall": {"arguments": deep}})
    assert nested.status_code == 400
    assert nested.json()["error"] == "INVALID_JSON"
    too_deep_to_parse = b"[" * 30_000 + b"]" * 30_000  # valid JSON, beyond any recursion limit
    assert len(too_deep_to_parse) < MAX_BODY_BYTES
    assert post_raw(http, CHECK, too_deep_to_parse).status_code == 400


def test_bad_calls_in_a_tool_call_list_get_an_error_each(http: httpx.Client, clinic: Clinic):
    good = tool_calls_message("call-mixed", [("check_availability", {"date": day(2)})])
    entries = [
        good["message"]["toolCallList"][0],
        {"id": "t-unknown", "function": {"name": "book_clinic_appointment", "arguments": {}}},
        {"id": "t-noname", "function": {"arguments": {}}},
        {"function": {"name": "check_availability", "arguments": {"date": day(2)}}},
        "not an object",
        {"id": "t-string", "function": {"name": "send_otp", "arguments": "{not json"}},
        {"id": "t-array", "function": {"name": "send_otp", "arguments": "[1]"}},
        {"id": "t-types", "function": {"name": "send_otp", "arguments": {"holdId": 7}}},
        {"id": "t-flat", "name": "check_availability", "arguments": {"date": day(3)}},
        {"id": "t-multiline", "function": {"name": "verify_otp", "arguments": {"holdId": "\n"}}},
    ]
    message = {"message": {**good["message"], "toolCallList": entries}}
    response = http.post("/api/vapi/tools", json=message)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert len(results) == len(entries)
    assert [r["toolCallId"] for r in results] == [
        entries[0]["id"],
        "t-unknown",
        "t-noname",
        None,
        None,
        "t-string",
        "t-array",
        "t-types",
        "t-flat",
        "t-multiline",
    ]
    outcome = ["result" if "result" in r else json.loads(r["error"])["error"] for r in results]
    assert outcome == [
        "result",
        "UNKNOWN_TOOL",  # the direct booking is not one of the agent's tools
        "UNKNOWN_TOOL",
        "INVALID_TOOL_CALL",
        "INVALID_TOOL_CALL",
        "INVALID_ARGUMENTS",
        "INVALID_ARGUMENTS",
        "INVALID_ARGUMENTS",
        "result",
        "INVALID_ARGUMENTS",
    ]
    for result in results:
        text = result.get("result", result.get("error"))
        assert isinstance(text, str)
        assert "\n" not in text


def test_too_many_calls_in_one_message(http: httpx.Client, clinic: Clinic):
    calls = [("check_availability", {"date": "bad"})] * 20
    results = http.post("/api/vapi/tools", json=tool_calls_message("call-many", calls)).json()
    errors = [json.loads(r["error"])["error"] for r in results["results"]]
    assert errors == ["INVALID_ARGUMENTS"] * 16 + ["TOO_MANY_TOOL_CALLS"] * 4


@pytest.mark.parametrize("path", ["/api/vapi/tools", "/api/vapi/webhook"])
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "INVALID_MESSAGE"),
        ({"message": "tool-calls"}, 400, "INVALID_MESSAGE"),
        ({"message": {"type": "tool-calls"}}, 400, "INVALID_TOOL_CALLS"),
        (
            {"message": {"type": "tool-calls", "toolCallList": {"id": "x"}}},
            400,
            "INVALID_TOOL_CALLS",
        ),
        ({"message": {"type": "status-update", "status": "in-progress"}}, 200, None),
        ({"message": {"type": None}}, 200, None),
    ],
)
def test_server_message_shapes(
    http: httpx.Client, path: str, body: dict, status: int, code: str | None
):
    response = http.post(path, json=body)
    assert response.status_code == status, response.text
    if code is None:
        assert response.json() == {}
    else:
        assert response.json()["error"] == code


def test_other_methods_and_the_server_keeps_serving(
    http: httpx.Client, service: Service, clinic: Clinic
):
    assert http.get("/api/vapi/tools").status_code == 405
    assert http.put(CHECK, json={}).status_code == 405
    assert httpx.get(f"{service.base_url}/health").status_code == 200
    checked = spec_call(http, "calendar/check", date=day(2))
    assert checked.status_code == 200
    slot = slot_at(checked.json(), "12:00")["start"]
    held = spec_call(
        http,
        "booking/reserve-atomic",
        slotId=slot,
        patientName="Still",
        patientPhone=unique_phone(),
    )
    assert held.json()["success"] is True
