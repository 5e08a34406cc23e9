"""Calls racing for one slot over real concurrent HTTP connections: one wins."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg

from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import Service, day, slot_at, tool_calls_message

CLIENTS = 16


def _race(service: Service, clinic: Clinic, requests: list[tuple[str, dict]]) -> list[dict]:
    """POST every (path, body) at once, each on its own connection; the answers in order."""
    barrier = threading.Barrier(len(requests))

    def post(path: str, body: dict) -> dict:
        with httpx.Client(
            base_url=service.base_url, headers=clinic.voice_headers(), timeout=30
        ) as client:
            client.get("/health")  # connect before the start line
            barrier.wait(timeout=30)
            response = client.post(path, json=body)
        assert response.status_code == 200, response.text
        if path == "/api/vapi/tools":
            return json.loads(response.json()["results"][0]["result"])
        return response.json()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        futures = [pool.submit(post, path, body) for path, body in requests]
        return [future.result(timeout=60) for future in futures]


def _noon(service: Service, clinic: Clinic) -> str:
    with httpx.Client(
        base_url=service.base_url, headers=clinic.voice_headers(), timeout=30
    ) as client:
        checked = client.post(
            "/api/vapi/tools/calendar/check", json={"toolCall": {"arguments": {"date": day(4)}}}
        )
    return slot_at(checked.json(), "12:00")["start"]


def test_many_calls_racing_for_one_slot_one_hold_wins(
    service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    slot = _noon(service, clinic)
    requests: list[tuple[str, dict]] = []
    for index in range(CLIENTS):
        arguments = {
            "slotId": slot,
            "patientName": f"Caller {index}",
            "patientPhone": unique_phone(),
        }
        if index % 2:  # half through the platform's webhook, half through the spec route
            message = tool_calls_message(f"race-call-{index}", [("reserve_atomic", arguments)])
            requests.append(("/api/vapi/tools", message))
        else:
            body = {"toolCall": {"arguments": {**arguments, "callSid": f"race-call-{index}"}}}
            requests.append(("/api/vapi/tools/booking/reserve-atomic", body))

    answers = _race(service, clinic, requests)
    winners = [a for a in answers if a["success"] is True]
    assert len(winners) == 1, answers
    assert {a["error"] for a in answers if a["success"] is False} <= {
        "SLOT_UNAVAILABLE",
        "BUSY_RETRY",
    }
    live = owner_db.execute(
        "select count(*) from booking.appointment_holds"
        " where org_id = %s and scheduled_at = %s and status = 'active'",
        (clinic.org_id, slot),
    ).fetchone()[0]
    assert live == 1


def test_holds_and_direct_bookings_racing_for_one_slot_one_wins(
    service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    slot = _noon(service, clinic)
    requests: list[tuple[str, dict]] = []
    for index in range(CLIENTS):
        phone = unique_phone()
        if index % 4 == 0:
            arguments = {
                "name": f"Direct {index}",
                "phone": phone,
                "serviceType": "consultation",
                "scheduledAt": slot,
                "duration": 30,
            }
            requests.append(
                ("/api/vapi/tools/bookClinicAppointment", {"toolCall": {"arguments": arguments}})
            )
        else:
            arguments = {"slotId": slot, "patientName": f"Caller {index}", "patientPhone": phone}
            message = tool_calls_message(f"mixed-call-{index}", [("reserve_atomic", arguments)])
            requests.append(("/api/vapi/tools", message))

    answers = _race(service, clinic, requests)
    assert len([a for a in answers if a["success"] is True]) == 1, answers
    taken = owner_db.execute(
        "select (select count(*) from booking.appointment_holds"
        "         where org_id = %(org)s and scheduled_at = %(slot)s and status = 'active')"
        "     + (select count(*) from booking.appointments"
        "         where org_id = %(org)s and scheduled_at = %(slot)s)",
        {"org": clinic.org_id, "slot": slot},
    ).fetchone()[0]
    assert taken == 1
