"""The hold sweeper's cycle (shim.service.hold_sweeper.sweep) on a real
database: overdue holds marked expired, and the waitlist advanced
(public.advance_waitlist): an unanswered offer expires and the slot's next
batch is queued, its counts logged; a failure of one step is logged and
does not hold the other back."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from shim.service import hold_sweeper
from shim.service.settings import ServiceSettings
from shim.service.state import ServiceState
from tests import database
from tests.fixtures import Clinic, create_clinic, local_date, local_noon, unique_phone

KEY = "sweeper-tests-settings-key"


@pytest.fixture(scope="module")
def sweeper_database_url(server_url: str) -> Iterator[str]:
    """A database of its own: advance_waitlist sweeps every clinic's offers."""
    from shim.database.migrate import migrate

    with database.fresh_database(server_url, prefix="sweeper_test") as url:
        migrate(url)
        yield url


@pytest.fixture
def owner(sweeper_database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(sweeper_database_url, autocommit=True) as conn:
        yield conn


def sweep_once(database_url: str) -> None:
    """One cycle of the sweeper, as the service runs it (as service_role)."""

    async def cycle() -> None:
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            database_url, open=False, min_size=1, max_size=2
        )
        await pool.open()
        try:
            settings = ServiceSettings(database_url=database_url, jwt_secret="s" * 40)
            state = ServiceState(settings, pool)
            await hold_sweeper.sweep(state)
        finally:
            await pool.close()

    asyncio.run(cycle())


def waitlisted_clinic(owner: psycopg.Connection, patients: int) -> tuple[Clinic, list[str]]:
    """A clinic with the waitlist on (batches of one, no quiet hours) and
    `patients` patients waiting for a consultation in the next days."""
    clinic = create_clinic(owner, settings_key=KEY)
    settings = {"enabled": True, "batch_size": 1, "offer_minutes": 5,
                "quiet_start": "00:00", "quiet_end": "00:00"}  # fmt: skip
    answer = owner.execute(
        "select public.set_waitlist_settings(%s, %s)", (clinic.org_id, Jsonb(settings))
    ).fetchone()[0]
    assert answer["success"], answer
    phones = []
    for n in range(patients):
        phone = unique_phone()
        joined = owner.execute(
            "select public.join_waitlist(%s, %s, %s, 'consultation', p_earliest => %s,"
            " p_latest => %s)",
            (clinic.org_id, f"Waiting {n}", phone, local_date(1), local_date(10)),
        ).fetchone()[0]
        assert joined["success"], joined
        phones.append(phone)
    return clinic, phones


def free_a_slot(owner: psycopg.Connection, clinic: Clinic) -> uuid.UUID:
    """A consultation booked and cancelled by the clinic: the freed slot's id."""
    booked = owner.execute(
        "select public.book_appointment_atomic(%s, 'Carl Cancel', null, %s, 'consultation',"
        " %s, 30)",
        (clinic.org_id, unique_phone(), local_noon(3)),
    ).fetchone()[0]
    assert booked["success"], booked
    cancelled = owner.execute(
        "select public.cancel_appointment(%s, %s)", (clinic.org_id, booked["appointment_id"])
    ).fetchone()[0]
    assert cancelled["success"], cancelled
    row = owner.execute(
        "select id from booking.waitlist_slots where org_id = %s", (clinic.org_id,)
    ).fetchone()
    assert row is not None, "the cancellation freed a waitlist slot"
    return row[0]


def offers(owner: psycopg.Connection, slot_id: uuid.UUID) -> list[tuple[str, str, int]]:
    """(recipient, status, batch) of the slot's offers, in the order sent."""
    return owner.execute(
        "select c.phone, o.status, o.batch from booking.waitlist_offers o"
        "  join booking.waitlist_entries e on e.org_id = o.org_id and e.id = o.entry_id"
        "  join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id"
        " where o.slot_id = %s order by o.offered_at, o.batch",
        (slot_id,),
    ).fetchall()


def offer_time_passes(owner: psycopg.Connection, slot_id: uuid.UUID) -> None:
    """The slot's offers end and its next batch falls due, as the offer
    minutes passing would have it."""
    owner.execute(
        "update booking.waitlist_offers set expires_at = now() - interval '1 second'"
        " where slot_id = %s",
        (slot_id,),
    )
    owner.execute(
        "update booking.waitlist_slots set next_batch_at = now() - interval '1 second'"
        " where id = %s",
        (slot_id,),
    )


def test_a_cycle_expires_the_offer_and_sends_the_next_batch(
    sweeper_database_url: str, owner: psycopg.Connection, caplog: pytest.LogCaptureFixture
):
    clinic, (first, second) = waitlisted_clinic(owner, 2)
    slot_id = free_a_slot(owner, clinic)
    assert offers(owner, slot_id) == [(first, "sent", 1)], "the first batch, in the same commit"

    caplog.set_level(logging.INFO, logger="shim.service.hold_sweeper")
    sweep_once(sweeper_database_url)
    assert offers(owner, slot_id) == [(first, "sent", 1)], "not expired yet: nothing moves"
    assert "waitlist:" not in caplog.text, "nothing to say"

    offer_time_passes(owner, slot_id)
    sweep_once(sweeper_database_url)
    assert offers(owner, slot_id) == [(first, "expired", 1), (second, "sent", 2)]
    queued = owner.execute(
        "select count(*) from booking.sms_outbox"
        " where org_id = %s and kind = 'waitlist_offer' and recipient = %s",
        (clinic.org_id, second),
    ).fetchone()[0]
    assert queued == 1, "the next batch's offer SMS"
    assert "waitlist: 1 offers expired, 1 batches sent" in caplog.text


def test_a_cycle_marks_overdue_holds_expired(
    sweeper_database_url: str, owner: psycopg.Connection, caplog: pytest.LogCaptureFixture
):
    clinic = create_clinic(owner)
    held = owner.execute(
        "select public.claim_slot_atomic(%s, 'cal-1', %s, %s, 'Hal Hold', %s,"
        " p_service_type => 'consultation')",
        (clinic.org_id, local_noon(4), f"call-{uuid.uuid4().hex}", unique_phone()),
    ).fetchone()[0]
    assert held["success"], held
    owner.execute(
        "update booking.appointment_holds set expires_at = now() - interval '1 second'"
        " where id = %s",
        (held["hold_id"],),
    )
    caplog.set_level(logging.INFO, logger="shim.service.hold_sweeper")
    sweep_once(sweeper_database_url)
    status = owner.execute(
        "select status from booking.appointment_holds where id = %s", (held["hold_id"],)
    ).fetchone()[0]
    assert status == "expired"
    assert "overdue holds expired" in caplog.text


def test_a_failing_step_is_logged_and_the_other_still_runs(
    sweeper_database_url: str,
    owner: psycopg.Connection,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
):
    clinic, (_first, second) = waitlisted_clinic(owner, 2)
    slot_id = free_a_slot(owner, clinic)
    offer_time_passes(owner, slot_id)
    monkeypatch.setattr(
        hold_sweeper.queries, "EXPIRE_OVERDUE_HOLDS", "select public.no_such_function()"
    )
    caplog.set_level(logging.INFO, logger="shim.service.hold_sweeper")
    sweep_once(sweeper_database_url)
    assert "hold sweeper:" in caplog.text, "the holds' failure is logged"
    assert offers(owner, slot_id)[-1] == (second, "sent", 2), "the waitlist moved on anyway"
