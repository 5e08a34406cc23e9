"""SMS pumping through the voice routes (the issue's attack): premium-rate,
satellite and international-network numbers, and countries the clinic does
not text, hold nothing, book nothing and get no SMS; one call texts codes
to at most 3 different numbers. The rules are SQL's; these tests show the
HTTP routes carry them through."""

from __future__ import annotations

import httpx
import psycopg
import pytest

from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import Service, day, slot_at, spec_call

REFUSED_NUMBERS = ["+1 900 234 5678", "+881 612 345 678", "+882 342 1234", "+870 301 234 567"]


def slots(http: httpx.Client, days_ahead: int) -> list[str]:
    answer = spec_call(http, "calendar/check", date=day(days_ahead)).json()
    return [slot_at(answer, f"{hour:02d}:00")["start"] for hour in (9, 10, 11, 12, 13)]


@pytest.mark.parametrize("number", [*REFUSED_NUMBERS, "+44 7400 123456"])
def test_refused_numbers_hold_and_book_nothing(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection, number: str
):
    slot = slots(http, 3)[0]
    held = spec_call(
        http, "booking/reserve-atomic", slotId=slot, patientName="Toll Fraud", patientPhone=number
    )
    assert held.json()["error"] == "PHONE_NOT_ALLOWED"
    booking = {"name": "Toll Fraud", "phone": number, "serviceType": "consultation"}
    booked = spec_call(
        http, "bookClinicAppointment", **booking, scheduledAt=slot, duration=30
    ).json()
    assert booked["error"] == "PHONE_NOT_ALLOWED"
    queued = owner_db.execute(
        "select count(*) from booking.sms_outbox where org_id = %s and recipient !~ '^\\+1[2-8]'",
        [clinic.org_id],
    ).fetchone()[0]
    assert queued == 0


def test_one_call_texts_at_most_three_numbers(http: httpx.Client, service: Service, clinic: Clinic):
    answers = []
    for slot in slots(http, 4)[:4]:
        hold = spec_call(
            http,
            "booking/reserve-atomic",
            slotId=slot,
            patientName="Pump Loop",
            patientPhone=unique_phone(),
            callSid="call-pumping",
        ).json()
        assert hold["success"] is True, hold
        answers.append(spec_call(http, "booking/send-otp", holdId=hold["holdId"]).json())
    assert [a.get("error", "sent") for a in answers] == ["sent"] * 3 + ["OTP_CALL_PHONE_LIMIT"]
