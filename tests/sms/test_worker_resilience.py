"""Workers under stress: two workers on one outbox, a worker killed in the
middle of a batch, the database restarted under a worker, a graceful stop
with sends under way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from shim.database.local_postgres import throwaway_cluster
from shim.database.migrate import migrate
from shim.database.url import with_database, with_options
from tests.fixtures import Clinic, create_clinic, unique_phone, wait_until
from tests.sms.conftest import ENCRYPTION_KEY, FAST_RETRIES, book, outbox_row

ROOT = Path(__file__).resolve().parents[2]


def enqueue_many(conn: psycopg.Connection, clinic: Clinic, count: int, tag: str) -> list[str]:
    """`count` one-time-code SMS to distinct numbers, committed together."""
    phones = [unique_phone() for _ in range(count)]
    with conn.transaction():
        for n, phone in enumerate(phones):
            conn.execute(
                "select booking.enqueue_sms(%s, 'otp', %s, %s)",
                (clinic.org_id, phone, f"{tag} code {n}"),
            )
    return phones


def listeners(conn: psycopg.Connection) -> int:
    row = conn.execute(
        "select count(*) from pg_stat_activity where query = 'listen booking_sms_outbox'"
    ).fetchone()
    return int(row[0]) if row else 0


def test_two_workers_send_each_message_once(sms_db, fake_twilio, clinic: Clinic, start_worker):
    first = start_worker(worker_name="worker-one", concurrency=8)
    second = start_worker(worker_name="worker-two", concurrency=8)
    assert wait_until(lambda: listeners(sms_db) == 2)

    phones = enqueue_many(sms_db, clinic, 300, "two-workers")

    assert fake_twilio.wait_for(lambda f: len(f.accepted) >= 300, timeout=30)
    time.sleep(0.3)
    sent = Counter(r.to for r in fake_twilio.requests)
    assert set(sent) == set(phones)
    assert max(sent.values()) == 1, "no message was sent twice"
    workers = dict(
        sms_db.execute(
            "select claimed_by, count(*) from booking.sms_outbox where org_id = %s group by 1",
            (clinic.org_id,),
        ).fetchall()
    )
    assert set(workers) == {first.settings.worker_name, second.settings.worker_name}, workers
    assert sum(workers.values()) == 300


def test_a_killed_worker_loses_nothing(
    sms_database_url, sms_db, fake_twilio, clinic: Clinic, start_worker, tmp_path
):
    """Worker A is SIGKILLed with four sends in flight (the provider holds
    them unanswered). Worker B sends what was pending at once and A's four
    when their lease runs out: every message reaches the provider once."""
    env = {
        **os.environ,
        "DATABASE_URL": with_options(sms_database_url, FAST_RETRIES),
        "SETTINGS_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "TWILIO_API_BASE_URL": fake_twilio.base_url,
        "SMS_WORKER_CONCURRENCY": "4",
        "SMS_WORKER_POLL_INTERVAL": "0.05",
        "SMS_WORKER_LEASE_SECONDS": "3",
        "SMS_WORKER_SEND_TIMEOUT": "2.5",
    }
    log = (tmp_path / "worker-a.log").open("w")
    worker_a = subprocess.Popen(
        [sys.executable, "-m", "shim.sms.worker"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        assert wait_until(lambda: listeners(sms_db) == 1, timeout=15), "worker A did not start"
        early = enqueue_many(sms_db, clinic, 5, "before-kill")
        assert fake_twilio.wait_for(lambda f: len(f.accepted) == 5)
        assert wait_until(
            lambda: sms_db.execute(
                "select count(*) = 5 from booking.sms_outbox"
                " where org_id = %s and status = 'queued'",
                (clinic.org_id,),
            ).fetchone()[0]
        ), "worker A recorded its first five sends"

        fake_twilio.hold_requests()
        late = enqueue_many(sms_db, clinic, 15, "mid-batch")
        assert fake_twilio.wait_for(lambda f: f.held == 4, timeout=10)
        worker_a.send_signal(signal.SIGKILL)
        worker_a.wait(10)
    finally:
        if worker_a.poll() is None:
            worker_a.kill()
        log.close()
    fake_twilio.release()
    assert fake_twilio.wait_for(lambda f: len(f.requests) == 9), "the held requests were answered"
    in_flight = [r.to for r in fake_twilio.requests if not r.accepted]
    assert len(in_flight) == 4

    worker_b = start_worker(worker_name="worker-b", lease_seconds=3)
    assert fake_twilio.wait_for(lambda f: len(f.accepted) == 20, timeout=20)
    time.sleep(0.3)
    accepted = Counter(r.to for r in fake_twilio.accepted)
    assert set(accepted) == set(early + late)
    assert max(accepted.values()) == 1, "each message reached the provider once"
    for phone in in_flight:
        message = outbox_row(sms_db, org_id=clinic.org_id, recipient=phone)
        assert message["status"] == "queued"
        assert message["attempts"] == 2, "taken over after the lease: a second attempt"
        assert message["claimed_by"] == worker_b.settings.worker_name


@pytest.fixture
def own_cluster():
    """A PostgreSQL server of this test's own, to restart under the worker."""
    cluster = throwaway_cluster()
    server_url = cluster.start()
    database_url = with_database(server_url, "sms_restart")
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute("create database sms_restart")
    migrate(database_url)
    try:
        yield cluster, database_url
    finally:
        cluster.remove()


def test_the_worker_survives_a_database_restart(own_cluster, fake_twilio, start_worker):
    cluster, database_url = own_cluster

    def connect() -> psycopg.Connection:
        return psycopg.connect(database_url, autocommit=True)

    with connect() as conn:
        clinic = create_clinic(conn, settings_key=ENCRYPTION_KEY, fake_twilio=fake_twilio)
    # A long poll interval: after the restart, only a re-established LISTEN
    # can deliver within a second.
    start_worker(
        database_url=with_options(database_url, FAST_RETRIES), poll_interval=30, lease_seconds=4
    )
    with connect() as conn:
        assert wait_until(lambda: listeners(conn) == 1)
        book(conn, clinic.org_id, unique_phone())
    assert fake_twilio.wait_for(lambda f: len(f.accepted) == 1)

    # Restart while a send is under way: the provider accepts it while the
    # database is down; the worker keeps the outcome until it can record it.
    fake_twilio.hold_requests()
    mid_send = unique_phone()
    with connect() as conn:
        book(conn, clinic.org_id, mid_send)
    assert fake_twilio.wait_for(lambda f: f.held == 1)
    cluster.stop()
    fake_twilio.release()
    assert fake_twilio.wait_for(lambda f: len(f.accepted) == 2)
    time.sleep(0.5)
    cluster.start()

    with connect() as conn:
        assert wait_until(lambda: listeners(conn) == 1, timeout=15), "LISTEN re-established"
        assert wait_until(
            lambda: outbox_row(conn, recipient=mid_send, kind="confirmation")["status"] == "queued",
            timeout=10,
        ), "the send made during the restart was recorded"
        started = time.monotonic()
        after = unique_phone()
        book(conn, clinic.org_id, after)
        assert fake_twilio.wait_for(lambda f: len(f.accepted) == 3, timeout=5)
        assert time.monotonic() - started < 2, "woken by NOTIFY, not by the 30s poll"
        time.sleep(4.5)  # past the lease: nothing is taken over and sent again
        assert Counter(r.to for r in fake_twilio.accepted)[mid_send] == 1
        assert outbox_row(conn, recipient=after, kind="confirmation")["status"] == "queued"


def test_graceful_stop_finishes_sends_under_way(sms_db, fake_twilio, clinic: Clinic, start_worker):
    worker = start_worker(concurrency=4)
    assert wait_until(lambda: listeners(sms_db) == 1)
    fake_twilio.hold_requests()
    phones = enqueue_many(sms_db, clinic, 3, "in-flight")
    assert fake_twilio.wait_for(lambda f: f.held == 3)

    worker.stop.set()
    time.sleep(0.3)
    enqueue_many(sms_db, clinic, 2, "after-stop")
    fake_twilio.release()
    worker.thread.join(10)
    assert not worker.thread.is_alive()

    for phone in phones:
        assert outbox_row(sms_db, recipient=phone)["status"] == "queued", "finished and recorded"
    waiting = sms_db.execute(
        "select count(*) from booking.sms_outbox where org_id = %s and status = 'pending'",
        (clinic.org_id,),
    ).fetchone()[0]
    assert waiting == 2, "a stopping worker claims nothing new"
    assert wait_until(lambda: listeners(sms_db) == 0), "the LISTEN connection is closed"
