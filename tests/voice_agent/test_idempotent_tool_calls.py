"""Idempotent tool calls (issue 26 §3): a repeated toolCallId (models and
platforms repeat calls) answers the first answer without acting twice, for
every tool that changes something; over the webhook, the spec routes
(toolCall.id), and many real connections sending the same id at once."""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import psycopg

from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import Service, day, otp_code, slot_at, texted_codes

CLIENTS = 12
FULL = "TN-Validation-Passed-A"


def _message(call_id: str, tool_call_id: str, name: str, arguments: dict, **call: Any) -> dict:
    return {
        "message": {
            "type": "tool-calls",
            "call": {"id": call_id, **call},
            "toolCallList": [
                {
                    "id": tool_call_id,
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ],
        }
    }


def _result(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    entry = response.json()["results"][0]
    assert "result" in entry, entry
    return str(entry["result"])


def _count(owner_db: psycopg.Connection, sql: Any, *parameters: Any) -> int:
    row = owner_db.execute(sql, parameters).fetchone()
    assert row is not None
    return int(row[0])


def test_each_changing_tool_acts_once_per_tool_call_id(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    call = f"call-{uuid.uuid4().hex[:8]}"
    phone = unique_phone()
    slots = http.post(
        "/api/vapi/tools/calendar/check", json={"toolCall": {"arguments": {"date": day(3)}}}
    ).json()

    def twice(tool_call_id: str, name: str, first: dict, second: dict | None = None) -> dict:
        answers = [
            _result(http.post("/api/vapi/tools", json=_message(call, tool_call_id, name, args)))
            for args in (first, second or first)
        ]
        assert answers[0] == answers[1], f"{name}: the repeat answers the first answer"
        return json.loads(answers[0])

    reserve = {
        "slotId": slot_at(slots, "09:00")["start"],
        "patientName": "Ida Em",
        "patientPhone": phone,
    }
    moved = {**reserve, "slotId": slot_at(slots, "10:00")["start"]}
    held = twice("toolu_reserve", "reserve_atomic", reserve, moved)
    assert held["success"] is True, held
    assert (
        _count(owner_db, "select count(*) from booking.appointment_holds where call_sid = %s", call)
        == 1
    )

    sent = twice("toolu_send", "send_otp", {"holdId": held["hold_id"]})
    assert sent["success"] is True, sent
    code = otp_code(service.fake_twilio, phone)
    assert len(texted_codes(service.fake_twilio, phone)) == 1, "one code texted"
    assert (
        _count(
            owner_db,
            "select count(*) from booking.sms_outbox where kind = 'otp' and recipient = %s",
            phone,
        )
        == 1
    )

    booked = twice("toolu_verify", "verify_otp", {"holdId": held["hold_id"], "providedOTP": code})
    assert booked["success"] is True, booked
    appointment = booked["appointment_id"]
    confirmed = twice("toolu_confirm", "send_confirmation_sms", {"appointmentId": appointment})
    assert confirmed["success"] is True, confirmed

    owner_db.execute("select public.set_caller_id_policy(%s, 'trust_attested')", (clinic.org_id,))
    attested = {
        "customer": {"number": phone},
        "phoneCallProviderDetails": {"sip": {"headers": {"X-StirVerstat": FULL}}},
    }
    rescheduled = [
        _result(
            http.post(
                "/api/vapi/tools",
                json=_message(
                    call,
                    "toolu_move",
                    "reschedule_appointment",
                    {"appointmentId": appointment, "slotId": slot_at(slots, start)["start"]},
                    **attested,
                ),
            )
        )
        for start in ("11:00", "13:00")
    ]
    assert rescheduled[0] == rescheduled[1]
    assert json.loads(rescheduled[0])["success"] is True, rescheduled[0]
    history = (
        "select count(*) from booking.appointment_history where appointment_id = %s and action = %s"
    )
    assert _count(owner_db, history, appointment, "rescheduled") == 1, "moved once, to 11:00"

    cancels = [
        _result(
            http.post(
                "/api/vapi/tools",
                json=_message(
                    call,
                    "toolu_cancel",
                    "cancel_appointment",
                    {"appointmentId": appointment},
                    **attested,
                ),
            )
        )
        for _ in range(2)
    ]
    assert cancels[0] == cancels[1]
    assert _count(owner_db, history, appointment, "cancelled") == 1

    other_tool = http.post(
        "/api/vapi/tools",
        json=_message(call, "toolu_send", "cancel_appointment", {"appointmentId": appointment}),
    ).json()["results"][0]
    assert json.loads(other_tool["result"])["error"] == "TOOL_CALL_ID_REUSED"


def test_the_spec_routes_take_the_tool_call_id(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    phone = unique_phone()
    slots = http.post(
        "/api/vapi/tools/calendar/check", json={"toolCall": {"arguments": {"date": day(5)}}}
    ).json()
    body = {
        "toolCall": {
            "id": "toolu_spec",
            "arguments": {
                "slotId": slot_at(slots, "09:30")["start"],
                "patientName": "Spec Route",
                "patientPhone": phone,
            },
        }
    }
    first = http.post("/api/vapi/tools/booking/reserve-atomic", json=body)
    body["toolCall"]["arguments"]["slotId"] = slot_at(slots, "10:30")["start"]
    second = http.post("/api/vapi/tools/booking/reserve-atomic", json=body)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["holdId"]
    assert (
        _count(
            owner_db,
            "select count(*) from booking.appointment_holds h join booking.contacts c"
            " on c.org_id = h.org_id and c.id = h.contact_id where c.phone = %s",
            phone,
        )
        == 1
    )


def _same_message_at_once(service: Service, clinic: Clinic, body: dict) -> list[str]:
    """The same body POSTed by CLIENTS connections at once; the result texts."""
    barrier = threading.Barrier(CLIENTS)

    def post() -> str:
        with httpx.Client(
            base_url=service.base_url, headers=clinic.voice_headers(), timeout=30
        ) as client:
            client.get("/health")  # connect before the start line
            barrier.wait(timeout=30)
            return _result(client.post("/api/vapi/tools", json=body))

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(post) for _ in range(CLIENTS)]
        return [future.result(timeout=60) for future in futures]


def test_the_same_tool_call_id_at_once_acts_once(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    call = f"call-{uuid.uuid4().hex[:8]}"
    phone = unique_phone()
    slots = http.post(
        "/api/vapi/tools/calendar/check", json={"toolCall": {"arguments": {"date": day(6)}}}
    ).json()
    reserve = {
        "slotId": slot_at(slots, "14:00")["start"],
        "patientName": "Ann Once",
        "patientPhone": phone,
    }
    held = _same_message_at_once(
        service, clinic, _message(call, "toolu_race_reserve", "reserve_atomic", reserve)
    )
    assert len(set(held)) == 1, "every connection got the first answer"
    assert json.loads(held[0])["success"] is True, held[0]
    assert (
        _count(owner_db, "select count(*) from booking.appointment_holds where call_sid = %s", call)
        == 1
    )

    hold_id = json.loads(held[0])["hold_id"]
    sent = _same_message_at_once(
        service, clinic, _message(call, "toolu_race_send", "send_otp", {"holdId": hold_id})
    )
    assert len(set(sent)) == 1
    assert json.loads(sent[0])["success"] is True, sent[0]
    otp = "select count(*) from booking.sms_outbox where kind = 'otp' and recipient = %s"
    assert _count(owner_db, otp, phone) == 1, "one code, however many repeats"
    assert (
        _count(
            owner_db,
            "select otp_send_count from booking.appointment_holds where id = %s",
            hold_id,
        )
        == 1
    )
