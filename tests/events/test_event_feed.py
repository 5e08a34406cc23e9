"""A connected client receives its organization's events as they happen:
bookings (REST gateway or SQL), holds, hot leads; the SSE wire format."""

from __future__ import annotations

import socket
import time
from datetime import datetime

import httpx
import psycopg

from tests.events.conftest import (
    EventServer,
    book,
    claim_hold,
    event_count,
    feed_ids,
    hot_lead,
    next_slot,
    release_hold,
    serving,
)
from tests.fixtures import Clinic, unique_phone


def test_a_booking_through_the_rest_gateway_streams_booked_then_sms_queued(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    token = events_server.member_token(clinic.org_id)
    with events_server.stream(token) as stream:
        assert stream.status == 200, stream.body
        booked = httpx.post(
            f"{events_server.base_url}/rest/v1/rpc/book_appointment_atomic",
            json={
                "p_org_id": str(clinic.org_id),
                "p_patient_name": "Rest Patient",
                "p_patient_email": None,
                "p_patient_phone": unique_phone(),
                "p_service_type": "consultation",
                "p_scheduled_at": next_slot().isoformat(),
                "p_duration_minutes": 30,
            },
            headers={"apikey": events_server.settings.anon_key, "Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert booked.status_code == 200, booked.text
        assert booked.json()["success"] is True, booked.text
        appointment, sms = stream.take(2)
        ids = feed_ids(db, clinic.org_id)
        assert (appointment.id, appointment.type) == (ids[0], "appointment.booked")
        assert (sms.id, sms.type) == (ids[1], "sms.queued")
        assert appointment.id.split("-")[0] == sms.id.split("-")[0]  # one transaction
        assert appointment.data["appointment_id"] == booked.json()["appointment_id"]
        assert appointment.data["status"] == "scheduled"
        assert sms.data["appointment_id"] == booked.json()["appointment_id"]
        assert sms.data["kind"] == "confirmation"
        assert "body" not in sms.data
        for event in (appointment, sms):
            assert datetime.fromisoformat(event.data["created_at"]).tzinfo is not None
        stream.assert_quiet(0.3)


def test_the_gateway_wakes_streams_after_commit_without_waiting_for_the_poll(
    database_url: str, db: psycopg.Connection, clinic: Clinic
) -> None:
    """The gateway sends the wake-up its request's transaction owes after
    the COMMIT (one notification): with a 30 s poll, the events still come
    at once."""
    with serving(database_url, {"EVENTS_POLL_SECONDS": "30"}) as server:
        token = server.member_token(clinic.org_id)
        listener = server.feed.listener
        with server.stream(token) as stream:
            notifications = listener.notifications
            started = time.monotonic()
            booked = httpx.post(
                f"{server.base_url}/rest/v1/rpc/book_appointment_atomic",
                json={
                    "p_org_id": str(clinic.org_id),
                    "p_patient_name": "Woken Patient",
                    "p_patient_email": None,
                    "p_patient_phone": unique_phone(),
                    "p_service_type": "consultation",
                    "p_scheduled_at": next_slot().isoformat(),
                    "p_duration_minutes": 30,
                },
                headers={"apikey": server.settings.anon_key, "Authorization": f"Bearer {token}"},
                timeout=10,
            )
            assert booked.json()["success"] is True, booked.text
            assert [e.id for e in stream.take(2, timeout=5)] == feed_ids(db, clinic.org_id)
            assert time.monotonic() - started < 5
            assert listener.polls == 0  # not one poll ran: the notification woke the stream
            assert listener.notifications == notifications + 1


def test_sql_bookings_holds_and_hot_leads_are_streamed_in_order(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    with events_server.stream(events_server.member_token(clinic.org_id)) as stream:
        assert stream.status == 200, stream.body
        booking = book(db, clinic.org_id)
        hold_id = claim_hold(db, clinic.org_id)
        release_hold(db, hold_id)
        report = hot_lead(db, clinic.org_id)
        events = stream.take(5)
        assert [(e.id, e.type) for e in events] == list(
            zip(
                feed_ids(db, clinic.org_id),
                [
                    "appointment.booked",
                    "sms.queued",
                    "hold.claimed",
                    "hold.released",
                    "hot_lead.created",
                ],
                strict=True,
            )
        )
        assert events[0].data["appointment_id"] == booking["appointment_id"]
        assert events[2].data["hold_id"] == hold_id
        assert events[2].data["status"] == "active"
        assert events[3].data["hold_id"] == hold_id
        assert events[3].data["status"] == "released"
        assert events[4].data["call_id"] == report["call_id"]
        assert events[4].data["lead_score"] == report["lead_score"]
        stream.assert_quiet(0.3)


def test_without_last_event_id_the_stream_starts_now(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    book(db, clinic.org_id)  # events 1 and 2, before the client connects
    with events_server.stream(events_server.member_token(clinic.org_id)) as stream:
        assert stream.status == 200, stream.body
        stream.assert_quiet(0.3)
        book(db, clinic.org_id)
        assert [e.id for e in stream.take(2)] == feed_ids(db, clinic.org_id)[2:4]


def test_the_wire_format(events_server: EventServer, clinic: Clinic, db: psycopg.Connection):
    """retry: first, then id/event/data blocks; keepalive comments when idle."""
    host, port = events_server.base_url.removeprefix("http://").split(":")
    token = events_server.member_token(clinic.org_id)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            f"GET /api/events HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        received = b""
        while b"retry:" not in received:
            received += sock.recv(65536)
        book(db, clinic.org_id)
        deadline = time.monotonic() + 10
        while b"event: sms.queued" not in received or b": keepalive" not in received:
            assert time.monotonic() < deadline, received
            received += sock.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ")
    headers = head.decode().lower()
    assert "content-type: text/event-stream; charset=utf-8" in headers
    assert "cache-control: no-cache" in headers
    assert "transfer-encoding: chunked" in headers
    text = b"".join(_dechunk(body)).decode()
    assert text.startswith("retry: 1500\n\n")
    blocks = [b for b in text.split("\n\n") if b.startswith("id:")]
    lines = blocks[0].split("\n")
    ids = feed_ids(db, clinic.org_id)
    assert lines[0] == f"id: {ids[0]}"
    assert lines[1] == "event: appointment.booked"
    assert lines[2].startswith('data: {"')
    assert len(lines) == 3
    assert blocks[1].split("\n")[:2] == [f"id: {ids[1]}", "event: sms.queued"]
    assert event_count(db, clinic.org_id) == 2


def _dechunk(body: bytes) -> list[bytes]:
    """The data of an HTTP/1.1 chunked body (a trailing partial chunk is kept)."""
    chunks: list[bytes] = []
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        if not size_line:
            break
        size = int(size_line, 16)
        chunks.append(rest[:size])
        body = rest[size + 2 :]
    return chunks
