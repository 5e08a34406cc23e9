"""End-of-call reports at the webhook: stored once per call through
public.record_call_report, a hot lead alerting the owner's phone once on the
local Twilio-compatible server, the monitoring functions over the REST
gateway showing it to the clinic and to nobody else."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from tests.events.conftest import SseStream
from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import (
    Service,
    day,
    otp_code,
    slot_at,
    sms_to,
    tool_calls_message,
    wait_for_sms,
    wait_until_sent,
)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def call_report(call_id: str, phone: str, seconds: int = 400, **changes: Any) -> dict:
    ended = datetime.now(UTC)
    message = {
        "type": "end-of-call-report",
        "call": {"id": call_id, "type": "inboundPhoneCall"},
        "customer": {"number": phone},
        "startedAt": iso(ended - timedelta(seconds=seconds)),
        "endedAt": iso(ended),
        "endedReason": "customer-ended-call",
        "artifact": {"transcript": "AI: Hello.\nUser: I'd like an appointment.", "messages": []},
        "analysis": {
            "summary": "The caller booked a consultation.",
            "structuredData": {"name": "Rosa Parks"},
            "successEvaluation": "true",
        },
        **changes,
    }
    return {"message": message}


def book_during_call(http: httpx.Client, service: Service, call_id: str, phone: str) -> str:
    """The five phases through the platform's tool-call webhook; the appointment id."""

    def tool(name: str, arguments: dict) -> dict:
        message = tool_calls_message(call_id, [(name, arguments)], customer={"number": phone})
        (result,) = http.post("/api/vapi/tools", json=message).json()["results"]
        answer = json.loads(result["result"])
        assert answer["success"] is True, answer
        return answer

    slot = slot_at(tool("check_availability", {"date": day(2)}), "12:00")
    hold = tool(
        "reserve_atomic",
        {"slotId": slot["start"], "patientName": "Rosa Parks", "patientPhone": phone},
    )
    tool("send_otp", {"holdId": hold["hold_id"]})
    code = otp_code(service.fake_twilio, phone)
    appointment = tool("verify_otp", {"holdId": hold["hold_id"], "providedOTP": code})
    wait_until_sent(service, appointment["appointment_id"])
    tool("send_confirmation_sms", {"appointmentId": appointment["appointment_id"]})
    return str(appointment["appointment_id"])


def rows(service: Service, org_id: uuid.UUID, function: str, **arguments: Any) -> list[dict]:
    response = service.rest(org_id, function, **arguments)
    assert response.status_code == 200, response.text
    return response.json()


def calls_of(conn: psycopg.Connection, org_id: uuid.UUID) -> int:
    return conn.execute(
        "select count(*) from booking.calls where org_id = %s", (org_id,)
    ).fetchone()[0]


@pytest.fixture
def hot_clinic(make_clinic: Callable[..., Clinic]) -> Clinic:
    return make_clinic(alert_phone=unique_phone())


def test_a_booked_call_alerts_the_owner_once_and_the_dashboard_and_reports_show_it(
    service: Service,
    hot_clinic: Clinic,
    owner_db: psycopg.Connection,
    make_clinic: Callable[..., Clinic],
):
    phone = unique_phone()
    call_id = f"call-{uuid.uuid4().hex}"
    other = make_clinic()
    feed = SseStream(
        url=f"{service.base_url}/api/events",
        headers={"Authorization": f"Bearer {service.member_token(hot_clinic.org_id)}"},
        params={},
    )
    with httpx.Client(
        base_url=service.base_url, headers=hot_clinic.voice_headers(), timeout=30
    ) as http:
        appointment_id = book_during_call(http, service, call_id, phone)
        report = call_report(call_id, phone)
        feed.open()  # the clinic's dashboard is watching when the call ends
        stored = http.post("/api/vapi/webhook", json=report)
        assert stored.status_code == 200, stored.text
        answer = stored.json()
        assert answer["lead_score"] >= 70
        assert answer["lead_score"] == 85  # booked 40 + long call 20 + new contact 10 + analysis 15
        assert answer["hot_lead"] is True
        assert answer["alert"] == "queued"
        assert answer["duration"] == 400

        with feed:
            seen: list[str] = []
            while "hot_lead.created" not in seen:
                assert len(seen) < 20, seen
                (event,) = feed.take(1)
                seen.append(event.type)
            assert event.data["lead_score"] == 85
            assert event.data["lead_phone"] == phone

        assert hot_clinic.alert_phone is not None
        (alert,) = wait_for_sms(service.fake_twilio, hot_clinic.alert_phone)
        assert "Rosa Parks" in alert.body
        assert phone in alert.body

        again = http.post("/api/vapi/webhook", json=report)
        assert again.json()["alert"] == "already_recorded"
        via_tools_path = http.post("/api/vapi/tools", json=report)
        assert via_tools_path.json()["alert"] == "already_recorded"

    call = owner_db.execute(
        "select appointment_id, lead_score, duration from booking.calls"
        " where org_id = %s and provider_call_id = %s",
        (hot_clinic.org_id, call_id),
    ).fetchall()
    assert call == [(uuid.UUID(appointment_id), 85, 400)]
    time.sleep(0.3)  # a second alert would have been sent by now
    assert len(sms_to(service.fake_twilio, hot_clinic.alert_phone)) == 1

    deadline = time.monotonic() + 10
    while not (leads := rows(service, hot_clinic.org_id, "hot_leads_generated"))[0][
        "alert_sent_at"
    ]:
        assert time.monotonic() < deadline, leads
        time.sleep(0.05)
    assert [(lead["lead_phone"], lead["lead_score"]) for lead in leads] == [(phone, 85)]
    (today,) = rows(service, hot_clinic.org_id, "daily_report")
    assert (today["appointments_created"], today["confirmations_sent"]) == (1, 1)
    assert float(today["confirmation_rate"]) == 100.0
    kinds = {row["kind"] for row in rows(service, hot_clinic.org_id, "sms_delivery_status")}
    assert kinds == {"otp", "confirmation", "reminder", "hot_lead_alert"}

    # Another clinic's member sees nothing of it, asked or not.
    for function in ("hot_leads_generated", "daily_report", "sms_delivery_status"):
        assert rows(service, other.org_id, function) == []
        assert rows(service, other.org_id, function, p_org_id=str(hot_clinic.org_id)) == []


def test_reports_twice_and_out_of_order_are_stored_once(
    http: httpx.Client, clinic: Clinic, owner_db: psycopg.Connection
):
    phone = unique_phone()
    sparse = {"message": {"type": "end-of-call-report", "call": {"id": "call-late"}}}
    first = http.post("/api/vapi/webhook", json=sparse)
    assert first.status_code == 200, first.text
    assert first.json()["duration"] is None
    full = call_report("call-late", phone, seconds=30)
    assert http.post("/api/vapi/webhook", json=full).json()["duration"] == 30
    assert http.post("/api/vapi/webhook", json=full).json()["duration"] == 30
    assert http.post("/api/vapi/webhook", json=sparse).json()["duration"] == 30
    stored = owner_db.execute(
        "select caller_phone, summary from booking.calls where org_id = %s", (clinic.org_id,)
    ).fetchall()
    assert stored == [(phone, "The caller booked a consultation.")]


def test_a_hot_lead_without_an_alert_phone(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    phone = unique_phone()
    call_id = f"call-{uuid.uuid4().hex}"
    book_during_call(http, service, call_id, phone)
    answer = http.post("/api/vapi/webhook", json=call_report(call_id, phone)).json()
    assert answer["hot_lead"] is True
    assert answer["alert"] == "no_alert_phone"
    (lead,) = rows(service, clinic.org_id, "hot_leads_generated")
    assert lead["lead_phone"] == phone
    assert lead["alert_sent_at"] is None
    alerts = owner_db.execute(
        "select count(*) from booking.sms_outbox where org_id = %s and kind = 'hot_lead_alert'",
        (clinic.org_id,),
    ).fetchone()[0]
    assert alerts == 0


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"{not json", "INVALID_JSON"),
        (b'{"message": "end-of-call-report"}', "INVALID_MESSAGE"),
        (b'{"message": {"type": "end-of-call-report"}}', "MISSING_CALL_ID"),
        (b'{"message": {"type": "end-of-call-report", "call": {"id": " "}}}', "MISSING_CALL_ID"),
        (
            b'{"message": {"type": "end-of-call-report", "call": {"id": "' + b"c" * 200 + b'"}}}',
            "MISSING_CALL_ID",
        ),
        (
            b'{"message": {"type": "end-of-call-report", "call": {"id": "call-bad-time"},'
            b' "startedAt": "yesterday"}}',
            "INVALID_TIMESTAMP",
        ),
        (
            b'{"message": {"type": "end-of-call-report", "call": {"id": "call-bad-time"},'
            b' "endedAt": {"at": 1}}}',
            "INVALID_TIMESTAMP",
        ),
        (
            b'{"message": {"type": "end-of-call-report", "call": {"id": "call-nul"},'
            b' "artifact": {"transcript": "a\\u0000b"}}}',
            "INVALID_JSON",
        ),
    ],
)
def test_malformed_reports_get_a_clean_400_and_nothing_is_stored(
    http: httpx.Client, clinic: Clinic, owner_db: psycopg.Connection, content: bytes, code: str
):
    response = http.post(
        "/api/vapi/webhook", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["success"] is False
    assert response.json()["error"] == code
    assert calls_of(owner_db, clinic.org_id) == 0
