"""The waitlist end to end over HTTP, the whole service as `make run` serves
it (issue 25), with the local Twilio-compatible server: a patient booked by
phone cancels by texting C; within a second the first offer SMS reaches the
provider (the cancellation's transaction queued it, the after-commit
wake-up sent it); a patient who joined the waitlist by phone (the voice
agent's join_waitlist) texts Y and is booked and confirmed, and the clinic's
live feed shows the fill (waitlist.offered, waitlist.claimed,
appointment.booked)."""

from __future__ import annotations

import re
import time
from datetime import datetime

import httpx
import psycopg
from psycopg.types.json import Jsonb

from tests.events.conftest import SseStream
from tests.fixtures import Clinic, unique_phone, wait_until
from tests.voice_agent.conftest import Service, book_by_phone, caller_call, day
from tests.voice_agent.test_end_to_end_lifecycle import inbound_sms, wait_for_text

OFFER_LINK = re.compile(r"/w/[A-Za-z0-9_-]{32}")


def test_a_cancellation_by_sms_is_offered_and_taken_by_a_waiting_patient(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    enabled = owner_db.execute(
        "select public.set_waitlist_settings(%s, %s)",
        (clinic.org_id, Jsonb({"enabled": True, "quiet_start": "00:00", "quiet_end": "00:00"})),
    ).fetchone()[0]
    assert enabled["success"], enabled

    cancelling, waiting = unique_phone(), unique_phone()
    appointment_id = book_by_phone(http, service, cancelling, 2, "11:00")
    wait_for_text(service, cancelling, "confirmed")
    joined = caller_call(
        http, "waitlist/join", waiting, patientName="Wanda Waits", serviceType="consultation",
        earliestDate=day(1), latestDate=day(5),
    ).json()  # fmt: skip
    assert joined["success"] is True, joined

    feed = SseStream(
        url=f"{service.base_url}/api/events",
        headers={"Authorization": f"Bearer {service.member_token(clinic.org_id)}"},
        params={},
    ).open()
    with feed:
        cancelled = inbound_sms(service, clinic, cancelling, "C")
        answered_at = time.time()  # the cancelling transaction has committed
        assert cancelled.status_code == 200, cancelled.text
        status = owner_db.execute(
            "select status from booking.appointments where org_id = %s and id = %s",
            (clinic.org_id, appointment_id),
        ).fetchone()[0]
        assert status == "cancelled"

        def offer() -> object:
            return next(
                (r for r in service.fake_twilio.accepted
                 if r.to == waiting and OFFER_LINK.search(r.body)),
                None,
            )  # fmt: skip

        assert service.fake_twilio.wait_for(lambda _: offer() is not None, timeout=10)
        first_offer = offer()
        assert first_offer is not None
        lag = first_offer.received_at - answered_at  # type: ignore[attr-defined]
        assert lag < 1.0, f"the first offer reached the provider {lag:.3f} s after the commit"
        text = first_offer.body  # type: ignore[attr-defined]
        assert "11:00 AM" in text, text
        assert "Reply Y" in text

        # The worker records the provider's acceptance (sent_at) just after
        # the provider answered; the patient reads the text and replies.
        sent = (
            "select count(*) from booking.sms_outbox where org_id = %s and recipient = %s"
            " and kind = 'waitlist_offer' and sent_at is not null"
        )
        assert wait_until(
            lambda: owner_db.execute(sent, (clinic.org_id, waiting)).fetchone()[0] == 1
        )
        taken = inbound_sms(service, clinic, waiting, "Y")
        assert taken.status_code == 200, taken.text
        booked = owner_db.execute(
            "select a.id, a.scheduled_at, a.status from booking.appointments a"
            "  join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id"
            " where a.org_id = %s and c.phone = %s",
            (clinic.org_id, waiting),
        ).fetchall()
        assert len(booked) == 1, booked
        new_id, scheduled_at, new_status = booked[0]
        assert new_status == "scheduled"
        old_at: datetime = owner_db.execute(
            "select scheduled_at from booking.appointments where id = %s", (appointment_id,)
        ).fetchone()[0]
        assert scheduled_at == old_at, "the freed time"
        confirmation = wait_for_text(service, waiting, "/a/")
        assert "11:00 AM" in confirmation

        seen: dict[str, dict] = {}
        taken_events = 0
        while not {"waitlist.claimed", "appointment.booked"} <= set(seen):
            taken_events += 1
            assert taken_events < 60, list(seen)
            (event,) = feed.take(1, timeout=10)
            if event.type == "appointment.booked" and event.data.get("appointment_id") != str(
                new_id
            ):
                continue
            seen.setdefault(event.type, event.data)
        assert "waitlist.offered" in seen
        assert seen["waitlist.claimed"]["appointment_id"] == str(new_id)
    entry = owner_db.execute(
        "select status from booking.waitlist_entries where org_id = %s and id = %s",
        (clinic.org_id, joined["waitlistEntryId"]),
    ).fetchone()[0]
    assert entry == "booked"
