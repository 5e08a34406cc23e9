"""Many clients, clients that vanish, a lost LISTEN connection, the stream
limit, and bursts that overflow the per-stream queues."""

from __future__ import annotations

import socket
import struct
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import psycopg

from tests.events.conftest import EventServer, book, feed_ids, serving
from tests.fixtures import Clinic, wait_until


def test_many_concurrent_clients_each_receive_every_event_in_order(
    events_server: EventServer,
    clinic: Clinic,
    other_clinic: Clinic,
    db: psycopg.Connection,
) -> None:
    # Each client is a member of its own (a token's sub): one member's streams
    # are capped (EVENTS_MAX_STREAMS_PER_MEMBER, tests/events/test_stream_fairness.py).
    def client(org_id: uuid.UUID) -> Any:
        return events_server.stream(events_server.member_token(org_id))

    with ThreadPoolExecutor(max_workers=16) as pool:
        streams = list(pool.map(lambda _: client(clinic.org_id), range(30)))
        streams += list(pool.map(lambda _: client(other_clinic.org_id), range(10)))
    try:
        assert all(s.status == 200 for s in streams)
        for _ in range(8):
            book(db, clinic.org_id)
        book(db, other_clinic.org_id)
        ids, other_ids = feed_ids(db, clinic.org_id), feed_ids(db, other_clinic.org_id)
        assert (len(ids), len(other_ids)) == (16, 2)
        for stream in streams[:30]:
            assert [e.id for e in stream.take(16)] == ids
        for stream in streams[30:]:
            assert [e.id for e in stream.take(2)] == other_ids
    finally:
        for stream in streams:
            stream.stop()
        for stream in streams:
            stream.close()


def _abrupt_client(server: EventServer, token: str) -> None:
    """Open a stream, read its first bytes, then reset the connection (RST)."""
    host, port = server.base_url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    request = f"GET /api/events HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n"
    sock.sendall(request.encode())
    assert sock.recv(4096).startswith(b"HTTP/1.1 200 ")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_the_server_keeps_serving_after_clients_vanish(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    feed = events_server.feed

    def streams_left() -> tuple[int, int]:
        return feed.open_streams, feed.listener.subscription_count

    # The streams of earlier tests are gone (their clients hung up).
    assert wait_until(lambda: streams_left() == (0, 0)), streams_left()
    token = events_server.member_token(clinic.org_id)
    for _ in range(15):
        _abrupt_client(events_server, token)
    closed_mid_stream = [events_server.stream(token) for _ in range(5)]
    book(db, clinic.org_id)  # the streams are busy when their clients go
    for stream in closed_mid_stream:
        stream.close()
    assert wait_until(lambda: streams_left() == (0, 0)), f"streams left: {streams_left()}"
    with events_server.stream(token, headers={"Last-Event-ID": "0"}) as stream:
        assert [e.id for e in stream.take(2)] == feed_ids(db, clinic.org_id)
        book(db, clinic.org_id)
        assert [e.id for e in stream.take(2)] == feed_ids(db, clinic.org_id)[2:4]
    health = httpx.get(f"{events_server.base_url}/health", timeout=5)
    assert health.status_code == 200


def test_a_lost_listen_connection_reconnects_and_nothing_is_missed(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    listener = events_server.feed.listener
    delays = listener.reconnect_delays
    listener.reconnect_delays = (1.0,)  # a gap long enough to commit events in
    try:
        with events_server.stream(events_server.member_token(clinic.org_id)) as stream:
            book(db, clinic.org_id)
            assert [e.id for e in stream.take(2)] == feed_ids(db, clinic.org_id)
            connections = listener.connections
            db.execute("select pg_terminate_backend(%s)", (listener.backend_pid,))
            assert wait_until(lambda: not listener.listening, timeout=5)
            book(db, clinic.org_id)
            book(db, clinic.org_id)
            assert listener.connections == connections, "the events were not made in the gap"
            assert [e.id for e in stream.take(4, timeout=10)] == feed_ids(db, clinic.org_id)[2:6]
            assert listener.connections == connections + 1
            book(db, clinic.org_id)
            assert [e.id for e in stream.take(2)] == feed_ids(db, clinic.org_id)[6:8]
            stream.assert_quiet(0.3)
    finally:
        listener.reconnect_delays = delays


def test_a_burst_overflows_the_queues_and_is_read_from_the_database(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    """25 bookings in one transaction (50 events), then 50 wake-ups at once
    (as from many committers) against queues of 4; every event still
    arrives, in order, once."""
    listener = events_server.feed.listener
    overflows = listener.overflows
    token = events_server.member_token(clinic.org_id)
    with events_server.stream(token) as first, events_server.stream(token) as second:
        with db.transaction():
            for _ in range(25):
                book(db, clinic.org_id)
        db.execute(
            "select pg_notify('booking_events', %s || ',' || n) from generate_series(1, 50) n",
            (str(clinic.org_id),),
        )
        for stream in (first, second):
            assert [e.id for e in stream.take(50)] == feed_ids(db, clinic.org_id)
            stream.assert_quiet(0.2)
    assert listener.overflows > overflows


def test_streams_beyond_the_limit_get_503(database_url: str, db: psycopg.Connection) -> None:
    from tests.fixtures import create_org

    org = create_org(db, f"Limit Clinic {uuid.uuid4().hex[:8]}")
    # One clinic may use the whole process limit here (the per-organization
    # cap is tested in test_stream_fairness.py).
    limits = {"EVENTS_MAX_STREAMS": "2", "EVENTS_MAX_STREAMS_PER_ORG": "2"}
    with serving(database_url, limits) as server:
        token = server.member_token(org)
        first, second = server.stream(token), server.stream(token)
        try:
            assert (first.status, second.status) == (200, 200)
            refused = server.get(token)
            assert refused.status_code == 503
            assert set(refused.json()) == {"code", "details", "hint", "message"}
            assert refused.json()["message"] == "Too many event streams"
            assert refused.headers["retry-after"] == "1"
            first.close()
            assert wait_until(lambda: server.feed.open_streams == 1)
            with server.stream(token) as third:
                assert third.status == 200
                book(db, org)
                assert [e.id for e in third.take(2)] == feed_ids(db, org)
                assert [e.id for e in second.take(2)] == feed_ids(db, org)
        finally:
            first.close()
            second.close()


def test_lost_pool_connections_are_retried_without_losing_events(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    """The database drops the gateway's pooled connections (as on a restart):
    the next read fails, is retried on a fresh connection, and the stream
    goes on. (Every gateway pool on this test database is hit; the event
    tests' service is the only one running while they run.)"""
    with events_server.stream(events_server.member_token(clinic.org_id)) as stream:
        book(db, clinic.org_id)
        assert [e.id for e in stream.take(2)] == feed_ids(db, clinic.org_id)
        db.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity"
            " where application_name = 'clinic-booking-gateway' and datname = current_database()"
        )
        book(db, clinic.org_id)
        assert [e.id for e in stream.take(2, timeout=10)] == feed_ids(db, clinic.org_id)[2:4]
        stream.assert_quiet(0.3)


def test_stopping_the_server_ends_open_streams_at_once(
    database_url: str, db: psycopg.Connection
) -> None:
    """uvicorn waits for open responses; the feed ends its streams when the
    server stops (ServiceServer, as `make run` serves), so stopping is quick."""
    from tests.fixtures import create_org

    org = create_org(db, f"Stopping Clinic {uuid.uuid4().hex[:8]}")
    with serving(database_url, {"EVENTS_KEEPALIVE_SECONDS": "30"}) as server:
        streams = [server.stream(server.member_token(org)) for _ in range(3)]
        assert all(s.status == 200 for s in streams)
        started = time.monotonic()
        server.server.should_exit = True
        for stream in streams:
            assert stream.ended.wait(5)
            assert "server shutting down" in stream.comments
        assert time.monotonic() - started < 1.5  # not the 2 s graceful-shutdown backstop
