"""The appointment lifecycle over REST: staff cancel and reschedule as
members (tenant-scoped like booking), and the manage link's functions as
anon, whose only credential is the token."""

from __future__ import annotations

import re

import httpx
import psycopg

from tests.fixtures import local_noon
from tests.gateway.conftest import Gateway


def _book(service_http: httpx.Client, org_id: str, days: int) -> str:
    answer = service_http.post(
        "/rpc/book_appointment_atomic",
        json={
            "p_org_id": org_id,
            "p_patient_name": "Pat Patient",
            "p_patient_email": None,
            "p_patient_phone": f"+1415555{days:04d}",
            "p_service_type": "consultation",
            "p_scheduled_at": local_noon(days).isoformat(),
            "p_duration_minutes": 30,
        },
    ).json()
    assert answer["success"], answer
    return answer["appointment_id"]


def _token(database_url: str, appointment_id: str) -> str:
    with psycopg.connect(database_url) as conn:
        (body,) = conn.execute(
            """select body from booking.sms_outbox
                where appointment_id = %s and kind = 'confirmation'""",
            (appointment_id,),
        ).fetchone() or ("",)
    match = re.search(r"/a/([A-Za-z0-9_-]{32}) ", body)
    assert match, body
    return match.group(1)


def test_members_change_only_their_own_appointments(
    gateway: Gateway, two_clinics: tuple[str, str], service_http: httpx.Client, http: httpx.Client
) -> None:
    clinic_a, clinic_b = two_clinics
    appointment = _book(service_http, clinic_a, 41)
    member_a = {"Authorization": f"Bearer {gateway.member_token(clinic_a)}"}
    member_b = {"Authorization": f"Bearer {gateway.member_token(clinic_b)}"}
    move = {"p_appointment_id": appointment, "p_new_scheduled_at": local_noon(42).isoformat()}

    foreign = http.post(
        "/rpc/reschedule_appointment", json=move | {"p_org_id": clinic_a}, headers=member_b
    )
    assert foreign.status_code == 403, foreign.text
    hidden = http.post(
        "/rpc/reschedule_appointment", json=move | {"p_org_id": clinic_b}, headers=member_b
    )
    assert (hidden.status_code, hidden.json()["error"]) == (200, "APPOINTMENT_NOT_FOUND")
    assert (
        http.post(
            "/rpc/cancel_appointment", json={"p_org_id": clinic_a, "p_appointment_id": appointment}
        ).status_code
        == 401
    )

    moved = http.post(
        "/rpc/reschedule_appointment", json=move | {"p_org_id": clinic_a}, headers=member_a
    )
    assert moved.json()["success"], moved.text
    history = http.post(
        "/rpc/appointment_history",
        json={"p_org_id": clinic_a, "p_appointment_id": appointment},
        headers=member_a,
    ).json()
    assert [row["action"] for row in history["history"]] == ["rescheduled"]


def test_the_manage_link_works_for_anon_with_its_token_only(
    database_url: str, two_clinics: tuple[str, str], service_http: httpx.Client, http: httpx.Client
) -> None:
    appointment = _book(service_http, two_clinics[0], 43)
    token = _token(database_url, appointment)

    shown = http.post("/rpc/manage_appointment", json={"p_token": token})
    assert (shown.status_code, shown.json()["appointment_id"]) == (200, appointment)
    wrong = http.post("/rpc/manage_appointment", json={"p_token": "x" * 32}).json()
    assert {k: wrong[k] for k in ("success", "error")} == {
        "success": False,
        "error": "APPOINTMENT_NOT_FOUND",
    }
    assert "appointment_id" not in wrong

    slots = http.post(
        "/rpc/manage_available_slots", json={"p_token": token, "p_date": str(local_noon(44).date())}
    )
    assert slots.json()["slots"], slots.text
    moved = http.post(
        "/rpc/manage_reschedule",
        json={"p_token": token, "p_new_scheduled_at": local_noon(44).isoformat()},
    ).json()
    assert moved["success"], moved
    cancelled = http.post(
        "/rpc/manage_cancel", json={"p_token": token, "p_reason": "moving away"}
    ).json()
    assert cancelled["status"] == "cancelled", cancelled
    after = http.post("/rpc/manage_appointment", json={"p_token": token}).json()
    assert (after["status"], after["can_cancel"], after["can_reschedule"]) == (
        "cancelled",
        False,
        False,
    )
