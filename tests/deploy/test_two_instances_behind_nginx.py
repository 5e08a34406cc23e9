"""docs/deploy.md's set-up run for real over loopback: Debian's nginx with
deploy/nginx-booking.conf (rendered for loopback and plain http by
tests/deploy/nginx.py; its proxy rules included unchanged) in front of two
`python -m shim serve` processes on one database, each with its SMS worker
sending to the local Twilio-compatible server, every public URL the nginx
one (TWILIO_WEBHOOK_BASE_URL included; ALLOW_INSECURE_DEVELOPMENT=true is
only for these http loopback URLs).

Through nginx: bookings (REST RPC) and pages served by both instances; two
live feeds receiving every event exactly once whichever instance committed
it; each instance's worker sending, no message sent twice; Twilio's status
callback and inbound webhook signed for the public URL accepted through the
proxy; a staff member signed in through the proxy reaches one instance with
every request of the session, its live stream included. Then `kill -9` of
one instance during a booking load: every booking answered success exists
exactly once with its confirmation sent exactly once, the other instance
carries on, and the messages the killed one had claimed are sent once their
lease (SMS_WORKER_LEASE_SECONDS, shortened here) ran out. To be sure the
killed instance holds claims when it dies, the Twilio server holds every
send for a moment around the kill (a slow provider); a send Twilio accepted
but the killed worker had not recorded yet would be sent again after the
lease: docs/sms.md names that window.
"""

from __future__ import annotations

import itertools
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import psycopg
import pytest
from twilio.request_validator import RequestValidator

from shim.database.migrate import migrate
from shim.database.url import with_options
from shim.service.auth import api_key, sign
from tests import database
from tests.deploy.nginx import Nginx, running_nginx
from tests.events.conftest import SseStream, feed_ids
from tests.fixtures import Clinic, create_clinic, local_noon, unique_phone, wait_until
from tests.gateway.conftest import gateway_login_url
from tests.sms.twilio_server import FakeTwilio, ReceivedRequest, free_port

ROOT = Path(__file__).resolve().parent.parent.parent
JWT_SECRET = "deploy-tests-secret-0123456789-abcdefghijkl"
ENCRYPTION_KEY = "deploy-tests-settings-key-0123456789"
LEASE_SECONDS = 4
METRICS_TOKEN = "deploy-tests-metrics-token"
BOOK = "/rest/v1/rpc/book_appointment_atomic"
# What a client may see for a request in flight when its instance dies.
TOLERATED_STATUSES = {502, 504}


@dataclass
class Instance:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.address}"

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.base_url}/ready", timeout=2).status_code == 200
        except httpx.TransportError:
            return False


@dataclass
class Deployment:
    nginx: Nginx
    instances: list[Instance]
    twilio: FakeTwilio
    clinic: Clinic
    db: psycopg.Connection[Any]
    service_key: str = field(init=False)

    def __post_init__(self) -> None:
        self.service_key = api_key("service_role", JWT_SECRET)

    @property
    def url(self) -> str:
        return self.nginx.base_url


@pytest.fixture
def deployment(server_url: str, database_url: str, tmp_path: Path) -> Iterator[Deployment]:
    del database_url  # the API roles exist on the server (the service's login)
    twilio = FakeTwilio().start()
    nginx_port = free_port()
    public_url = f"http://127.0.0.1:{nginx_port}"
    ports = [free_port(), free_port()]
    instances: list[Instance] = []
    with (
        database.fresh_database(server_url, prefix="deploy") as url,
        psycopg.connect(url, autocommit=True) as db,
    ):
        migrate(url)
        clinic = create_clinic(db, settings_key=ENCRYPTION_KEY, fake_twilio=twilio)
        login = gateway_login_url(url)  # authenticator (docs/deploy.md's env file)
        env = {
            "PATH": "/usr/bin:/bin",
            "GATEWAY_DATABASE_URL": login,
            "SMS_WORKER_DATABASE_URL": with_options(login, "-c role=service_role"),
            "JWT_SECRET": JWT_SECRET,
            "SETTINGS_ENCRYPTION_KEY": ENCRYPTION_KEY,
            "PUBLIC_BASE_URL": public_url,
            "TWILIO_WEBHOOK_BASE_URL": public_url,
            "VOICE_AGENT_BASE_URL": public_url,
            "ALLOW_INSECURE_DEVELOPMENT": "true",  # http loopback URLs only
            "SMS_SENDER": "twilio",
            "TWILIO_API_BASE_URL": twilio.base_url,
            "SMS_WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
            "SMS_WORKER_SEND_TIMEOUT": "2",
            "SMS_WORKER_POLL_INTERVAL": "0.1",
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
            "EVENTS_KEEPALIVE_SECONDS": "1",
            "DB_POOL": "6",
            "METRICS_TOKEN": METRICS_TOKEN,
            "HOST": "127.0.0.1",
            "LOG_LEVEL": "warning",
        }
        try:
            for n, port in enumerate(ports):
                log = tmp_path / f"instance-{n}.log"
                with log.open("wb") as out:
                    process = subprocess.Popen(
                        [sys.executable, "-m", "shim", "serve"],
                        cwd=ROOT,
                        env={**env, "PORT": str(port)},
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                instances.append(Instance(port, process, log))
            for instance in instances:
                assert wait_until(
                    lambda i=instance: i.ready() or i.process.poll() is not None, timeout=60
                ), instance.log.read_text()
                assert instance.process.poll() is None, instance.log.read_text()
            with running_nginx(tmp_path / "nginx", ports, nginx_port) as nginx:
                yield Deployment(nginx, instances, twilio, clinic, db)
        finally:
            for instance in instances:
                if instance.process.poll() is None:
                    instance.process.send_signal(signal.SIGTERM)
            for instance in instances:
                try:
                    instance.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    instance.process.kill()
                    instance.process.wait()
            twilio.stop()


# -- helpers ------------------------------------------------------------------------------------
_slots = itertools.count()


def next_start() -> datetime:
    """A distinct start on the clinic's one-minute grid, 07:00-16:49 local."""
    n = next(_slots)
    return local_noon(2 + n // 20) + timedelta(minutes=31 * (n % 20) - 300)


def booking_body(d: Deployment, phone: str, start: datetime) -> dict[str, Any]:
    return {
        "p_org_id": str(d.clinic.org_id),
        "p_patient_name": "Deploy Patient",
        "p_patient_email": None,
        "p_patient_phone": phone,
        "p_service_type": "consultation",
        "p_scheduled_at": start.isoformat(),
        "p_duration_minutes": 30,
    }


def book(d: Deployment, client: httpx.Client, phone: str, start: datetime) -> httpx.Response:
    headers = {"apikey": d.service_key, "Authorization": f"Bearer {d.service_key}"}
    return client.post(f"{d.url}{BOOK}", json=booking_body(d, phone, start), headers=headers)


def message_id(request: ReceivedRequest) -> str:
    """The outbox id of a send, from the status callback URL the worker gave."""
    callback = request.params.get("StatusCallback", "")
    return parse_qs(urlsplit(callback).query)["message_id"][0]


def accepted_per_message(twilio: FakeTwilio) -> Counter[str]:
    return Counter(message_id(r) for r in twilio.accepted)


def confirmations(db: psycopg.Connection[Any], org_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    """Each appointment's confirmation: message id, who claimed it last, whether sent."""
    rows = db.execute(
        "select appointment_id::text, id::text, claimed_by, provider_message_id is not null"
        " from booking.sms_outbox where org_id = %s and kind = 'confirmation'",
        (org_id,),
    ).fetchall()
    return {row[0]: {"message_id": row[1], "claimed_by": row[2], "sent": row[3]} for row in rows}


def worker_pid(claimed_by: str | None) -> int | None:
    """The process of a worker name (host:pid:suffix, shim.sms.worker)."""
    return int(claimed_by.split(":")[1]) if claimed_by else None


def member_token(org_id: uuid.UUID) -> str:
    claims = {
        "role": "authenticated",
        "sub": str(uuid.uuid4()),
        "app_metadata": {"org_id": str(org_id)},
        "exp": int(time.time()) + 600,
    }
    return sign(claims, JWT_SECRET)


def served_by(d: Deployment, method: str, uri: str, since: float = 0.0) -> set[str]:
    """The instances (addresses) that answered these requests through nginx."""
    return {
        line.upstreams[-1]
        for line in d.nginx.access_log()
        if line.method == method and line.uri == uri and line.at >= since and line.status < 500
    }


# -- the test -------------------------------------------------------------------------------------
def test_two_instances_behind_nginx(deployment: Deployment) -> None:
    d = deployment
    both = {instance.address for instance in d.instances}
    steady_state(d, both)
    kill_one_during_a_booking_load(d)


def steady_state(d: Deployment, both: set[str]) -> None:
    org = d.clinic.org_id
    token = member_token(org)
    streams = [
        SseStream(f"{d.url}/api/events", {"Authorization": f"Bearer {token}"}, {}).open()
        for _ in range(2)
    ]
    for stream in streams:
        assert stream.status == 200, stream.body
        assert stream.response_headers is not None
        assert stream.response_headers["content-type"].startswith("text/event-stream")
    first_event = len(feed_ids(d.db, org))

    # Bookings through nginx until each instance's SMS worker has sent one.
    pids = {instance.process.pid for instance in d.instances}
    with httpx.Client(timeout=10) as client:
        for _ in range(30):
            response = book(d, client, unique_phone(), next_start())
            assert response.status_code == 200, response.text
            assert response.json()["success"] is True, response.text
            assert wait_until(
                lambda: all(c["sent"] for c in confirmations(d.db, org).values()), timeout=10
            ), "a confirmation was not sent"
            senders = {worker_pid(c["claimed_by"]) for c in confirmations(d.db, org).values()}
            if senders == pids:
                break
        assert senders == pids, "one instance's SMS worker never sent"
    assert served_by(d, "POST", BOOK) == both
    sent = accepted_per_message(d.twilio)
    assert set(sent.values()) == {1}, "a message was sent twice"
    assert set(sent) == {c["message_id"] for c in confirmations(d.db, org).values()}

    # The live feed through nginx: every event once, on each stream, whichever
    # instance committed it (bookings, the workers' status changes).
    expected = feed_ids(d.db, org)[first_event:]
    for stream in streams:
        received = [event.id for event in stream.take(len(expected))]
        assert received == expected
        stream.assert_quiet(0.5)

    # Twilio's webhooks, signed for the public URL, accepted through the proxy.
    request = d.twilio.accepted[0]
    callback_url = request.params["StatusCallback"]
    assert callback_url.startswith(f"{d.url}/api/twilio/status?")
    params = {
        "AccountSid": d.clinic.account_sid,
        "MessageSid": str(request.sid),
        "MessageStatus": "delivered",
        "From": d.clinic.from_number,
        "To": request.to,
    }
    validator = RequestValidator(d.clinic.auth_token)
    forged = httpx.post(callback_url, data=params, headers={"X-Twilio-Signature": "forged"})
    assert forged.status_code == 403
    signature = validator.compute_signature(callback_url, params)
    answered = httpx.post(callback_url, data=params, headers={"X-Twilio-Signature": signature})
    assert answered.status_code == 204, answered.text
    delivered = d.db.execute(
        "select status from booking.sms_outbox where id = %s", (message_id(request),)
    ).fetchone()
    assert delivered == ("delivered",)
    inbound_url = f"{d.url}/api/twilio/inbound"
    inbound = {
        "AccountSid": d.clinic.account_sid,
        "MessageSid": "SM" + uuid.uuid4().hex,
        "From": request.to,
        "To": d.clinic.from_number,
        "Body": "HELP",
    }
    signature = validator.compute_signature(inbound_url, inbound)
    help_answer = httpx.post(inbound_url, data=inbound, headers={"X-Twilio-Signature": signature})
    assert help_answer.status_code == 200, help_answer.text
    assert "<Message>" in help_answer.text

    # Pages through nginx on both instances: the patient's link from the SMS
    # (it names the public URL) and the dashboard (its sign-in form).
    link = re.search(r"http://\S+/a/\S+", request.body)
    assert link is not None, request.body
    assert link.group(0).startswith(f"{d.url}/a/")
    path = urlsplit(link.group(0)).path
    for page, uri in ((link.group(0), path), (f"{d.url}/dashboard", "/dashboard")):
        for _ in range(40):
            response = httpx.get(page, timeout=10)
            assert response.status_code == 200, response.text
            assert "text/html" in response.headers["content-type"]
            if served_by(d, "GET", uri) == both:
                break
        assert served_by(d, "GET", uri) == both, uri

    for stream in streams:
        stream.close()
    assert wait_until(lambda: served_by(d, "GET", "/api/events") == both, timeout=10), (
        "the two streams were not spread over both instances"
    )
    signed_in_dashboard_is_sticky(d)

    # /metrics: each instance's own, not through the proxy.
    scrape = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    for instance in d.instances:
        assert httpx.get(f"{instance.base_url}/metrics", headers=scrape).status_code == 200
    assert httpx.get(f"{d.url}/metrics", headers=scrape).status_code == 404


def rest(d: Deployment, function: str, body: dict[str, Any]) -> dict[str, Any]:
    headers = {"apikey": d.service_key, "Authorization": f"Bearer {d.service_key}"}
    response = httpx.post(f"{d.url}/rest/v1/rpc/{function}", json=body, headers=headers)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["success"] is True, answer
    return answer


def signed_in_dashboard_is_sticky(d: Deployment) -> None:
    """A staff member signs in through nginx (the form's GET and POST may
    reach different instances); then every request of the session, its live
    stream included, reaches one instance (the upstream hashes the refresh
    cookie)."""
    email = f"owner-{uuid.uuid4().hex[:8]}@clinic.test"
    password = "a long deployment test password"
    invited = rest(
        d,
        "invite_staff_member",
        {"p_org_id": str(d.clinic.org_id), "p_email": email, "p_phone": None, "p_role": "owner"},
    )
    rest(
        d,
        "accept_staff_invitation",
        {"p_token": invited["invitation_token"], "p_password": password, "p_email": None},
    )
    with httpx.Client(base_url=d.url, timeout=10) as browser:
        form = browser.get("/dashboard")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert csrf is not None, form.text
        fields = {"csrf_token": csrf.group(1), "email": email, "password": password}
        dashboard = browser.post("/dashboard/sign-in", data=fields, follow_redirects=True)
        assert dashboard.status_code == 200, dashboard.text
        assert "Sign out" in dashboard.text
        assert browser.cookies.get("dashboard_refresh")
        since = time.time()
        for _ in range(6):
            page = browser.get("/dashboard")
            assert (page.status_code, "Sign out" in page.text) == (200, True)
        with browser.stream("GET", "/dashboard/events") as live:
            assert live.status_code == 200
            assert live.headers["content-type"].startswith("text/event-stream")
    assert wait_until(lambda: served_by(d, "GET", "/dashboard/events", since), timeout=10)
    pages = served_by(d, "GET", "/dashboard", since)
    assert len(pages) == 1
    assert served_by(d, "GET", "/dashboard/events", since) == pages


@dataclass
class Load:
    """Client threads booking distinct slots through nginx until stopped."""

    d: Deployment
    successes: dict[str, str] = field(default_factory=dict)  # appointment id -> start
    tolerated: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> None:
        with httpx.Client(timeout=10) as client:
            while not self.stop.is_set():
                self.book_one(client, unique_phone(), next_start())

    def book_one(self, client: httpx.Client, phone: str, start: datetime) -> None:
        # A client that sees its request fail in flight asks again: booking
        # is idempotent, so a booking the dead instance committed answers
        # the same appointment from the other.
        for _ in range(3):
            try:
                response = book(self.d, client, phone, start)
            except httpx.TransportError as exc:
                with self.lock:
                    self.tolerated.append(repr(exc))
                continue
            if response.status_code in TOLERATED_STATUSES:
                with self.lock:
                    self.tolerated.append(f"{response.status_code} {response.text[:100]}")
                continue
            answer = response.json() if response.status_code == 200 else None
            with self.lock:
                if answer and answer.get("success") is True:
                    self.successes[answer["appointment_id"]] = start.isoformat()
                else:
                    self.failures.append(f"{response.status_code} {response.text[:200]}")
            return

    def successful_count(self) -> int:
        with self.lock:
            return len(self.successes)


def kill_one_during_a_booking_load(d: Deployment) -> None:
    org = d.clinic.org_id
    victim, survivor = d.instances
    load = Load(d)
    threads = [threading.Thread(target=load.run, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        assert wait_until(lambda: load.successful_count() >= 8, timeout=20), load.failures
        # A slow provider: sends are held, so the victim dies holding claims.
        d.twilio.hold_requests()
        victim_claims = (
            "select id::text, extract(epoch from next_attempt_at)::float8 from booking.sms_outbox"
            " where org_id = %s and status = 'claimed' and split_part(claimed_by, ':', 2) = %s"
        )
        params = (org, str(victim.process.pid))
        assert wait_until(lambda: d.db.execute(victim_claims, params).fetchall(), timeout=10), (
            "the victim's worker claimed nothing"
        )
        time.sleep(0.3)  # sends answered before the hold are recorded by now
        claimed_at_kill = dict(d.db.execute(victim_claims, params).fetchall())
        victim.process.kill()  # kill -9
        victim.process.wait()
        killed_at = time.time()
        time.sleep(0.3)
        d.twilio.release()
        before = load.successful_count()
        assert wait_until(lambda: load.successful_count() >= before + 10, timeout=20), (
            "the surviving instance did not carry on"
        )
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=30)
        d.twilio.release()

    assert not load.failures, load.failures
    assert len(load.tolerated) <= 4 * 3, load.tolerated
    assert survivor.ready()
    assert served_by(d, "POST", BOOK, since=killed_at) == {survivor.address}

    # Every booking answered success exists exactly once, at its start.
    rows = d.db.execute(
        "select id::text, scheduled_at from booking.appointments where org_id = %s", (org,)
    ).fetchall()
    per_id = Counter(row[0] for row in rows)
    for appointment_id, start in load.successes.items():
        assert per_id[appointment_id] == 1, appointment_id
        at = next(row[1] for row in rows if row[0] == appointment_id)
        assert at == datetime.fromisoformat(start)
    assert len({row[1] for row in rows}) == len(rows), "a slot was booked twice"

    # ... with its confirmation sent exactly once (the victim's claims
    # included, once their lease ran out).
    assert wait_until(
        lambda: all(c["sent"] for c in confirmations(d.db, org).values()),
        timeout=LEASE_SECONDS * 4,
    ), [c for c in confirmations(d.db, org).values() if not c["sent"]]
    sent = accepted_per_message(d.twilio)
    by_appointment = confirmations(d.db, org)
    for appointment_id in load.successes:
        assert sent[by_appointment[appointment_id]["message_id"]] == 1, appointment_id
    assert set(sent.values()) == {1}, "a message was sent twice"
    accepted_at = {message_id(r): r.received_at for r in d.twilio.accepted}
    assert claimed_at_kill
    for claimed, lease_end in claimed_at_kill.items():
        assert accepted_at[claimed] >= max(lease_end, killed_at) - 0.05, claimed
    survivor_pid = survivor.process.pid
    for c in by_appointment.values():
        if c["message_id"] in claimed_at_kill:
            assert worker_pid(c["claimed_by"]) == survivor_pid
