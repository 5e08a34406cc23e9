"""The organization comes from the webhook secret (and the assistant and
called number when configured), never from what the language model says."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import httpx
import psycopg
import pytest

from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import (
    Service,
    day,
    otp_code,
    slot_at,
    spec_call,
    tool_calls_message,
    wait_until_sent,
)

SPEC_ROUTES = [
    "calendar/check",
    "booking/reserve-atomic",
    "booking/send-otp",
    "booking/verify-otp",
    "booking/send-confirmation",
    "bookClinicAppointment",
]


@pytest.fixture
def other_clinic(make_clinic: Callable[..., Clinic]) -> Clinic:
    return make_clinic()


def holds_of(conn: psycopg.Connection, org_id: uuid.UUID) -> int:
    return conn.execute(
        "select count(*) from booking.appointment_holds where org_id = %s", (org_id,)
    ).fetchone()[0]


@pytest.mark.parametrize("route", SPEC_ROUTES)
def test_spec_routes_need_a_known_secret(service: Service, clinic: Clinic, route: str):
    body = {"toolCall": {"arguments": {"date": day(2)}}}
    url = f"{service.base_url}/api/vapi/tools/{route}"
    missing = httpx.post(url, json=body)
    assert missing.status_code == 401
    assert missing.json()["error"] == "UNAUTHORIZED"
    unknown = httpx.post(url, json=body, headers={"X-Vapi-Secret": "x" * 40})
    assert unknown.status_code == 401
    assert unknown.json()["error"] == "UNAUTHORIZED"
    huge = httpx.post(url, json=body, headers={"X-Vapi-Secret": "x" * 5000})
    assert huge.status_code == 401


@pytest.mark.parametrize("path", ["/api/vapi/tools", "/api/vapi/webhook"])
def test_webhooks_need_a_known_secret(
    service: Service, clinic: Clinic, owner_db: psycopg.Connection, path: str
):
    message = tool_calls_message("call-nosecret", [("check_availability", {"date": day(2)})])
    assert httpx.post(service.base_url + path, json=message).status_code == 401
    forged = {"X-Vapi-Secret": clinic.voice_secret + "x"}
    assert httpx.post(service.base_url + path, json=message, headers=forged).status_code == 401
    report = {"message": {"type": "end-of-call-report", "call": {"id": "call-forged"}}}
    assert httpx.post(service.base_url + path, json=report, headers=forged).status_code == 401
    stored = owner_db.execute(
        "select count(*) from booking.calls where provider_call_id = 'call-forged'"
    ).fetchone()[0]
    assert stored == 0


def test_assistant_and_called_number_must_agree(
    service: Service, make_clinic: Callable[..., Clinic]
):
    clinic = make_clinic(assistant_id="asst-front-desk", phone_number="+14155550999")
    url = f"{service.base_url}/api/vapi/tools"
    headers = clinic.voice_headers()
    calls = [("check_availability", {"date": day(2)})]

    def post(**extra: object) -> httpx.Response:
        return httpx.post(
            url, json=tool_calls_message("call-agree", calls, **extra), headers=headers
        )

    agreeing = post(
        call={"assistantId": "asst-front-desk"}, phoneNumber={"number": "(415) 555-0999"}
    )
    assert agreeing.status_code == 200, agreeing.text
    assert json.loads(agreeing.json()["results"][0]["result"])["success"] is True
    other_assistant = post(call={"assistantId": "asst-elsewhere"})
    assert other_assistant.status_code == 403
    assert other_assistant.json()["error"] == "ASSISTANT_MISMATCH"
    other_number = post(phoneNumber={"number": "+14155550998"})
    assert other_number.status_code == 403
    assert other_number.json()["error"] == "PHONE_NUMBER_MISMATCH"
    spec = httpx.post(
        f"{url}/calendar/check",
        json={"toolCall": {"arguments": {"date": day(2)}}, "call": {"assistantId": "asst-x"}},
        headers=headers,
    )
    assert spec.status_code == 403


def test_a_tenant_id_of_another_clinic_gets_nothing(
    http: httpx.Client,
    clinic: Clinic,
    other_clinic: Clinic,
    owner_db: psycopg.Connection,
):
    slot = slot_at(spec_call(http, "calendar/check", date=day(2)).json(), "12:00")["start"]
    arguments = {
        "tenantId": str(other_clinic.org_id),
        "slotId": slot,
        "patientName": "Mallory",
        "patientPhone": unique_phone(),
    }
    spec = spec_call(http, "booking/reserve-atomic", **arguments)
    assert spec.status_code == 403
    assert spec.json()["error"] == "TENANT_MISMATCH"
    checked = spec_call(http, "calendar/check", tenantId=str(other_clinic.org_id), date=day(2))
    assert checked.json()["error"] == "TENANT_MISMATCH"
    assert "slots" not in checked.json()

    message = tool_calls_message(
        "call-mallory",
        [("reserve_atomic", arguments), ("check_availability", {"tenantId": "nonsense"})],
    )
    results = http.post("/api/vapi/tools", json=message).json()["results"]
    assert [json.loads(r["error"])["error"] for r in results] == ["TENANT_MISMATCH"] * 2
    assert holds_of(owner_db, other_clinic.org_id) == 0
    assert holds_of(owner_db, clinic.org_id) == 0

    own = spec_call(http, "booking/reserve-atomic", **{**arguments, "tenantId": str(clinic.org_id)})
    assert own.json()["success"] is True  # the clinic's own id is accepted


def without_time(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k not in ("createdAt", "created_at")}


def test_ids_of_another_clinic_are_refused(
    service: Service,
    clinic: Clinic,
    other_clinic: Clinic,
    owner_db: psycopg.Connection,
):
    """A caller who talks the agent into another clinic's hold or appointment
    ids: the SQL functions' tenant checks refuse them."""
    phone = unique_phone()
    with (
        httpx.Client(base_url=service.base_url, headers=clinic.voice_headers(), timeout=30) as mine,
        httpx.Client(
            base_url=service.base_url, headers=other_clinic.voice_headers(), timeout=30
        ) as theirs,
    ):
        slot = slot_at(spec_call(theirs, "calendar/check", date=day(2)).json(), "12:00")["start"]
        hold = spec_call(
            theirs, "booking/reserve-atomic", slotId=slot, patientName="Bob", patientPhone=phone
        ).json()
        spec_call(theirs, "booking/send-otp", holdId=hold["holdId"])
        code = otp_code(service.fake_twilio, phone)

        # Another clinic's hold id answers exactly as an unknown id: ids cannot be probed.
        unknown_id = str(uuid.uuid4())
        stolen = spec_call(mine, "booking/send-otp", holdId=hold["holdId"])
        unknown = spec_call(mine, "booking/send-otp", holdId=unknown_id)
        assert stolen.json()["error"] == "HOLD_NOT_FOUND"
        assert (stolen.status_code, without_time(stolen.json())) == (
            unknown.status_code,
            without_time(unknown.json()),
        )
        assert str(other_clinic.org_id) not in stolen.text
        guessed = spec_call(mine, "booking/verify-otp", holdId=hold["holdId"], providedOTP=code)
        assert guessed.json()["error"] == "HOLD_NOT_FOUND"
        answers = []
        for hold_id in (hold["holdId"], unknown_id):
            message = tool_calls_message("call-thief", [("send_otp", {"holdId": hold_id})])
            (result,) = mine.post("/api/vapi/tools", json=message).json()["results"]
            answers.append(without_time(json.loads(result.get("error") or result["result"])))
        assert answers[0] == answers[1]
        assert answers[0]["error"] == "HOLD_NOT_FOUND"

        booked = spec_call(
            theirs, "booking/verify-otp", holdId=hold["holdId"], providedOTP=code
        ).json()
        assert booked["success"] is True  # the other clinic's hold was not disturbed
        wait_until_sent(service, booked["appointmentId"])
        confirmation = spec_call(
            mine, "booking/send-confirmation", appointmentId=booked["appointmentId"]
        )
        assert confirmation.json()["error"] == "APPOINTMENT_NOT_FOUND"
        assert "content" not in confirmation.json()
    assert holds_of(owner_db, clinic.org_id) == 0
