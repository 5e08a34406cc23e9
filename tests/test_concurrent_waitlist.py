"""One freed slot, fifty patients, a hundred claims at once (issue 25): the
whole service (build_service_app: REST gateway, Twilio webhooks, the real
SMS worker, after-commit wake-ups) against the local Twilio-compatible
server. A clinic with the waitlist on (batches of 50) has 50 patients
waiting; one appointment is cancelled, so all 50 are offered the slot and
the worker delivers the 50 offer SMS. Then every patient claims twice, at
the same moment as everyone else: through public.claim_waitlist_offer
(anon, over the REST gateway, with the token of the link in the SMS the
provider received) and by a signed inbound "Y" on the real webhook.

Exactly one appointment is in the slot, an independent query finds no
overlap, the winner is booked and confirmed, every loser's link answers
OFFER_TAKEN and every loser's "Y" gets a "just taken" reply, and no
request answers 5xx."""

from __future__ import annotations

import random
import re
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, LiteralString

import httpx
import psycopg
import pytest
from psycopg.types.json import Jsonb
from twilio.request_validator import RequestValidator

from shim import queries
from shim.database.after_commit import notify_owed
from shim.database.migrate import migrate
from shim.service.auth import with_api_keys
from shim.service.settings import ServiceSettings
from shim.service_app import build_service_app
from tests import database
from tests.fixtures import Clinic, create_clinic, local_date, local_noon, unique_phone, wait_until
from tests.gateway.conftest import gateway_login_url
from tests.gateway.server import running_gateway
from tests.sms.twilio_server import FakeTwilio
from tests.test_concurrent_booking import OVERLAPS

PATIENTS = 50
KEY = "waitlist-concurrency-settings-key"
JWT_SECRET = "waitlist-concurrency-secret-0123456789-abcdefghij"
OFFER_LINK = re.compile(r"/w/([A-Za-z0-9_-]{32})")

IN_THE_SLOT = """
select a.id, c.phone from booking.appointments a
  join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
 where a.org_id = %s and a.status <> 'cancelled'
   and a.scheduled_at < %s and a.scheduled_at + make_interval(mins => a.duration_minutes) > %s
"""


@dataclass(frozen=True)
class Stack:
    base_url: str
    settings: ServiceSettings
    fake_twilio: FakeTwilio
    database_url: str


@pytest.fixture(scope="module")
def stack(server_url: str) -> Iterator[Stack]:
    """The whole service on a database of its own (its SMS worker claims
    every due message of its database)."""
    with database.fresh_database(server_url, prefix="waitlist_race") as url:
        migrate(url)
        fake = FakeTwilio().start()
        settings = with_api_keys(
            ServiceSettings(
                database_url=gateway_login_url(url),
                jwt_secret=JWT_SECRET,
                pool_size=16,
                pool_acquisition_timeout=30.0,
            )
        )
        env = {
            "SETTINGS_ENCRYPTION_KEY": KEY,
            "TWILIO_API_BASE_URL": fake.base_url,
            "SMS_SENDER": "twilio",
            "SMS_WORKER_POLL_INTERVAL": "0.05",
            "SMS_WORKER_LEASE_SECONDS": "5",
            "SMS_WORKER_SEND_TIMEOUT": "2",
        }
        try:
            with running_gateway(settings, app=build_service_app(settings, env, url)) as base:
                yield Stack(base, settings, fake, url)
        finally:
            fake.stop()


def committed(
    conn: psycopg.Connection, statement: LiteralString, parameters: tuple[Any, ...]
) -> Any:
    """One statement in a transaction committed as the service commits:
    the wake-ups it owes (the SMS workers') sent after its COMMIT."""
    with conn.transaction():
        row = conn.execute(statement, parameters).fetchone()
        owed = conn.execute(queries.AFTER_COMMIT_OWED).fetchone()
    notify_owed(conn, owed[0] if owed else None)
    assert row is not None
    return row[0]


def inbound_y(stack: Stack, clinic: Clinic, phone: str) -> httpx.Response:
    """The patient's "Y", as Twilio posts it: form-encoded and signed."""
    url = f"{stack.base_url}/api/twilio/inbound"
    sid = "SM" + uuid.uuid4().hex
    params = {
        "AccountSid": clinic.account_sid,
        "MessageSid": sid,
        "SmsSid": sid,
        "From": phone,
        "To": clinic.from_number,
        "Body": "Y",
        "NumMedia": "0",
        "ApiVersion": "2010-04-01",
    }
    signature = RequestValidator(clinic.auth_token).compute_signature(url, params)
    return httpx.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=60)


def claim_link(stack: Stack, token: str) -> httpx.Response:
    """The offer link's claim, as the offer page calls it: anon, the token the credential."""
    return httpx.post(
        f"{stack.base_url}/rest/v1/rpc/claim_waitlist_offer",
        json={"p_token": token},
        headers={"apikey": stack.settings.anon_key},
        timeout=60,
    )


def test_fifty_patients_claim_one_slot_by_link_and_by_sms_at_once(stack: Stack) -> None:
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        clinic = create_clinic(conn, settings_key=KEY, fake_twilio=stack.fake_twilio)
        settings = {"enabled": True, "batch_size": PATIENTS, "offer_minutes": 15,
                    "quiet_start": "00:00", "quiet_end": "00:00"}  # fmt: skip
        answer = conn.execute(
            "select public.set_waitlist_settings(%s, %s)", (clinic.org_id, Jsonb(settings))
        ).fetchone()[0]
        assert answer["success"], answer
        phones = [unique_phone() for _ in range(PATIENTS)]
        for n, phone in enumerate(phones):
            joined = conn.execute(
                "select public.join_waitlist(%s, %s, %s, 'consultation',"
                " p_earliest => %s, p_latest => %s)",
                (clinic.org_id, f"Patient {n}", phone, local_date(1), local_date(20)),
            ).fetchone()[0]
            assert joined["success"], joined

        start: datetime = local_noon(4)
        booked = committed(
            conn,
            "select public.book_appointment_atomic(%s, 'Cora Cancel', null, %s, 'consultation',"
            " %s, 30)",
            (clinic.org_id, unique_phone(), start),
        )
        assert booked["success"], booked
        cancelled = committed(
            conn,
            "select public.cancel_appointment(%s, %s)",
            (clinic.org_id, booked["appointment_id"]),
        )
        assert cancelled["success"], cancelled

        # The worker delivers the 50 offers; each patient's link is in its SMS.
        def offer_texts() -> dict[str, str]:
            return {
                r.to: r.body
                for r in stack.fake_twilio.accepted
                if r.to in phones and OFFER_LINK.search(r.body)
            }

        assert stack.fake_twilio.wait_for(lambda _: len(offer_texts()) == PATIENTS, timeout=30), (
            f"{len(offer_texts())} of {PATIENTS} offers reached the provider"
        )
        texts = offer_texts()
        tokens = {phone: link.group(1) for phone, body in texts.items()
                  if (link := OFFER_LINK.search(body))}  # fmt: skip
        assert len(set(tokens.values())) == PATIENTS, "a link of its own for every patient"
        assert all("Reply Y" in body for body in texts.values())
        # The worker recorded them sent: the offer is each patient's latest
        # message from the clinic, the context of a "Y".
        sent = (
            "select count(*) from booking.sms_outbox where org_id = %s"
            " and kind = 'waitlist_offer' and sent_at is not null"
        )
        assert wait_until(lambda: conn.execute(sent, (clinic.org_id,)).fetchone()[0] == PATIENTS)
        replies_before = dict(
            conn.execute(
                "select recipient, count(*) from booking.sms_outbox where org_id = %s group by 1",
                (clinic.org_id,),
            ).fetchall()
        )

        attempts = [("link", phone) for phone in phones] + [("sms", phone) for phone in phones]
        random.Random(25).shuffle(attempts)
        gate = threading.Barrier(len(attempts))

        def attempt(kind_phone: tuple[str, str]) -> tuple[str, str, int, Any]:
            kind, phone = kind_phone
            gate.wait()
            if kind == "link":
                response = claim_link(stack, tokens[phone])
                body: Any = response.json() if response.status_code < 500 else response.text
            else:
                response = inbound_y(stack, clinic, phone)
                body = response.text
            return kind, phone, response.status_code, body

        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
            results = list(pool.map(attempt, attempts))
        took = time.monotonic() - began

        statuses = [status for _, _, status, _ in results]
        assert not [s for s in statuses if s >= 500], f"5xx answers: {statuses}"
        assert set(statuses) == {200}, statuses

        in_slot = conn.execute(
            IN_THE_SLOT, (clinic.org_id, start + timedelta(minutes=30), start)
        ).fetchall()
        assert len(in_slot) == 1, f"exactly one appointment in the slot: {in_slot}"
        appointment_id, winner = in_slot[0]
        assert winner in phones
        assert conn.execute(OVERLAPS, (clinic.org_id,)).fetchone()[0] == 0

        links = {phone: body for kind, phone, _, body in results if kind == "link"}
        for phone, body in links.items():
            if phone == winner:
                # Won by this link, or by the same patient's "Y" an instant
                # earlier: either way the claim answers the appointment.
                assert body.get("success") is True, body
                assert body["appointment_id"] == str(appointment_id)
            else:
                assert body.get("error") == "OFFER_TAKEN", (phone, body)

        claimed = conn.execute(
            "select count(*) from booking.waitlist_offers o"
            "  join booking.waitlist_slots s on s.org_id = o.org_id and s.id = o.slot_id"
            " where s.org_id = %s and o.status = 'claimed'",
            (clinic.org_id,),
        ).fetchone()[0]
        assert claimed == 1, "one offer claimed"
        slot_status = conn.execute(
            "select status, appointment_id from booking.waitlist_slots where org_id = %s",
            (clinic.org_id,),
        ).fetchall()
        assert slot_status == [("filled", appointment_id)]

        # Every loser's "Y" was answered "just taken" (through the outbox),
        # and the winner got the confirmation with a manage link.
        def taken_replies() -> dict[str, int]:
            return dict(
                conn.execute(
                    "select recipient, count(*) from booking.sms_outbox where org_id = %s"
                    " and body ilike '%%just taken%%' group by 1",
                    (clinic.org_id,),
                ).fetchall()
            )

        losers = set(phones) - {winner}
        replies = taken_replies()
        assert set(replies) == losers, (
            f"{len(losers - set(replies))} losers got no 'just taken' reply;"
            f" the winner got one: {winner in replies}"
        )
        assert set(replies.values()) == {1}, "one reply each"
        confirmations = conn.execute(
            "select body from booking.sms_outbox where org_id = %s and recipient = %s"
            " and kind = 'confirmation'",
            (clinic.org_id, winner),
        ).fetchall()
        assert len(confirmations) == 1, confirmations
        assert stack.fake_twilio.wait_for(
            lambda f: any(r.to == winner and "confirmed" in r.body and "/a/" in r.body
                          for r in f.accepted),
            timeout=30,
        ), "the winner's confirmation, with a manage link, reaches the provider"  # fmt: skip
        after = dict(
            conn.execute(
                "select recipient, count(*) from booking.sms_outbox where org_id = %s group by 1",
                (clinic.org_id,),
            ).fetchall()
        )
        for phone in losers:
            assert after[phone] - replies_before[phone] == 1, "a loser gets just the one reply"
        entries = dict(
            conn.execute(
                "select c.phone, e.status from booking.waitlist_entries e"
                "  join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id"
                " where e.org_id = %s",
                (clinic.org_id,),
            ).fetchall()
        )
        assert entries[winner] == "booked"
        assert {entries[phone] for phone in losers} == {"open"}, "the losers stay on the list"
        # The replies reach the provider too.
        assert stack.fake_twilio.wait_for(
            lambda f: {r.to for r in f.accepted if "just taken" in r.body} >= losers, timeout=30
        )
        print(f"\n{len(attempts)} claims in {took:.2f} s; winner {winner}")
