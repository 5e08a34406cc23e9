"""Holds and codes over HTTP: expiry, a hold blocking a direct booking, the
brute-force stop after 5 wrong codes, the code rate limits, and a booking on
a spring-forward day. The rules are SQL's; these tests show the HTTP routes
carry them through unchanged."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import psycopg
from psycopg.types.json import Jsonb

from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import (
    Service,
    day,
    other_code,
    otp_code,
    slot_at,
    spec_call,
    texted_codes,
)


def reserve(http: httpx.Client, slot: str, phone: str, call_id: str | None = None) -> dict:
    extra = {"callSid": call_id} if call_id else {}
    answer = spec_call(
        http,
        "booking/reserve-atomic",
        slotId=slot,
        patientPhone=phone,
        patientName="Grace Hopper",
        **extra,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def noon_slot(http: httpx.Client, days_ahead: int = 2) -> str:
    checked = spec_call(http, "calendar/check", date=day(days_ahead))
    return slot_at(checked.json(), "12:00")["start"]


def test_an_expired_hold_frees_its_slot(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    slot = noon_slot(http)
    phone = unique_phone()
    hold = reserve(http, slot, phone, "call-expiring")
    assert hold["success"] is True
    taken = reserve(http, slot, unique_phone(), "call-waiting")
    assert taken["error"] == "SLOT_UNAVAILABLE"

    owner_db.execute(
        "update booking.appointment_holds set expires_at = now() - interval '1 second'"
        " where id = %s",
        (hold["holdId"],),
    )
    sent = spec_call(http, "booking/send-otp", holdId=hold["holdId"]).json()
    assert sent["error"] == "HOLD_EXPIRED"
    verified = spec_call(http, "booking/verify-otp", holdId=hold["holdId"], providedOTP="1234")
    assert verified.json()["error"] == "HOLD_EXPIRED"
    offered = [s["start"] for s in spec_call(http, "calendar/check", date=day(2)).json()["slots"]]
    assert slot in offered
    assert reserve(http, slot, unique_phone(), "call-waiting")["success"] is True


def test_a_hold_blocks_a_direct_booking(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    slot = noon_slot(http)
    hold = reserve(http, slot, unique_phone(), "call-holding")
    assert hold["success"] is True
    booking = {
        "name": "Direct Booker",
        "phone": unique_phone(),
        "serviceType": "consultation",
        "scheduledAt": slot,
        "duration": 30,
    }
    blocked = spec_call(http, "bookClinicAppointment", **booking)
    assert blocked.status_code == 200, blocked.text
    assert blocked.json()["success"] is False
    assert blocked.json()["error"] == "SLOT_UNAVAILABLE"

    owner_db.execute(
        "update booking.appointment_holds set expires_at = now() - interval '1 second'"
        " where id = %s",
        (hold["holdId"],),
    )
    booked = spec_call(http, "bookClinicAppointment", **{**booking, "datetime": slot})
    assert booked.json()["success"] is True, booked.text
    assert booked.json()["appointmentId"]


def test_five_wrong_codes_lock_the_hold(http: httpx.Client, service: Service, clinic: Clinic):
    phone = unique_phone()
    hold = reserve(http, noon_slot(http), phone, "call-guessing")
    assert spec_call(http, "booking/send-otp", holdId=hold["holdId"]).json()["codeSent"] is True
    code = otp_code(service.fake_twilio, phone)
    wrong = other_code(code)

    answers = [
        spec_call(http, "booking/verify-otp", holdId=hold["holdId"], providedOTP=wrong).json()
        for _ in range(5)
    ]
    assert [a["error"] for a in answers] == ["INVALID_OTP"] * 4 + ["OTP_LOCKED"]
    assert [a.get("attemptsRemaining") for a in answers[:4]] == [4, 3, 2, 1]

    right = spec_call(http, "booking/verify-otp", holdId=hold["holdId"], providedOTP=code).json()
    assert right["error"] == "OTP_LOCKED"
    assert spec_call(http, "booking/send-otp", holdId=hold["holdId"]).json()["error"] == (
        "OTP_LOCKED"
    )
    # Reserving the same slot again in the same call does not reset the count.
    again = reserve(http, hold["scheduledAt"], phone, "call-guessing")
    assert again["holdId"] == hold["holdId"]
    assert spec_call(http, "booking/send-otp", holdId=again["holdId"]).json()["error"] == (
        "OTP_LOCKED"
    )


def test_code_rate_limits(http: httpx.Client, service: Service, clinic: Clinic):
    phone = unique_phone()
    first = reserve(http, noon_slot(http), phone, "call-resending")
    sends = []
    for count in range(1, 5):
        sends.append(spec_call(http, "booking/send-otp", holdId=first["holdId"]).json())
        if count <= 3:
            # A patient asks again once the code has arrived: a resend cancels a
            # code still queued, so asking before delivery would text fewer.
            otp_code(service.fake_twilio, phone, count=count)
    assert [s.get("codeSent") for s in sends[:3]] == [True, True, True]
    assert sends[3]["error"] == "OTP_SEND_LIMIT"

    second = reserve(http, noon_slot(http, 3), phone, "call-another")
    limited = spec_call(http, "booking/send-otp", holdId=second["holdId"]).json()
    assert limited["error"] == "OTP_RATE_LIMITED"
    # three codes were texted, no more (a fourth, were one queued, would arrive by now)
    assert not service.fake_twilio.wait_for(lambda f: len(texted_codes(f, phone)) > 3, timeout=1)


def next_spring_forward(timezone: str) -> date:
    zone = ZoneInfo(timezone)
    today = datetime.now(zone).date()
    for offset in range(1, 366):
        candidate = today + timedelta(days=offset)
        morning = datetime.combine(candidate, time(0), zone).utcoffset()
        evening = datetime.combine(candidate, time(23, 59), zone).utcoffset()
        if morning is not None and evening is not None and evening > morning:
            return candidate
    raise AssertionError(f"{timezone} has no spring-forward day within a year")


def test_a_booking_on_a_spring_forward_day(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    owner_db.execute(
        "select public.set_calendar_settings(%s, 'cal-1', %s)",
        (
            clinic.org_id,
            Jsonb({"slot_interval_minutes": 30, "min_notice_minutes": 0, "max_advance_days": 365}),
        ),
    )
    spring = next_spring_forward("America/New_York")
    checked = spec_call(http, "calendar/check", date=spring.isoformat()).json()
    assert checked["success"] is True, checked
    local_times = [s["localTime"] for s in checked["slots"]]
    assert not [t for t in local_times if t.startswith("02:")]  # 02:00-02:59 does not exist
    before, after = slot_at(checked, "01:30"), slot_at(checked, "03:00")
    gap = datetime.fromisoformat(after["start"]) - datetime.fromisoformat(before["start"])
    assert gap == timedelta(minutes=30)

    phone = unique_phone()
    hold = reserve(http, after["start"], phone, "call-spring")
    assert hold["success"] is True, hold
    assert hold["scheduledAt"] == after["start"]
    spec_call(http, "booking/send-otp", holdId=hold["holdId"])
    code = otp_code(service.fake_twilio, phone)
    booked = spec_call(http, "booking/verify-otp", holdId=hold["holdId"], providedOTP=code).json()
    assert booked["success"] is True, booked
    assert booked["scheduledAt"] == after["start"]
    stored = owner_db.execute(
        "select scheduled_at from booking.appointments where id = %s", (booked["appointmentId"],)
    ).fetchone()[0]
    assert stored.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M %Z") == "03:00 EDT"


def spellings(phone: str) -> tuple[str, str]:
    """Two ways a caller or the model may write one US number (+1415NNNNNNN)."""
    area, exchange, line = phone[2:5], phone[5:8], phone[8:]
    return f"({area}) {exchange}-{line}", f"+1 {area} {exchange} {line}"


def test_two_spellings_of_one_number_hold_at_most_one_slot(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    """Without a call id, the call is the patient's number as SQL normalizes
    it (claim_slot_atomic derives it): one number holds one slot at a time,
    however it is spelled. Needs claim_slot_atomic deriving a NULL call id."""
    local, international = spellings(unique_phone())
    first_slot, second_slot = noon_slot(http, 2), noon_slot(http, 3)

    first = reserve(http, first_slot, local)
    assert first["success"] is True, first
    again = reserve(http, first_slot, international)
    assert again["success"] is True, again
    assert again["holdId"] == first["holdId"], "the same caller, the same slot: the same hold"
    moved = reserve(http, second_slot, international)
    assert moved["success"] is True, moved

    active = owner_db.execute(
        "select id::text, call_sid from booking.appointment_holds"
        " where org_id = %s and contact_id = %s and status = 'active' and expires_at > now()",
        (clinic.org_id, first["contactId"]),
    ).fetchall()
    assert [hold_id for hold_id, _ in active] == [moved["holdId"]], "at most one slot held"
    assert reserve(http, first_slot, unique_phone())["success"] is True, "the first slot is free"
