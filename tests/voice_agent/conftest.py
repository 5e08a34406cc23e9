"""Voice-agent fixtures: the whole service (shim.service_app.build_service_app:
gateway, voice-agent routes, SMS worker, hold sweeper) served by uvicorn on a
loopback port, against a database of its own (the SMS worker claims every
due message of its database), with the worker sending through the local
Twilio-compatible server. Each test makes its own clinics: open around the
clock, Twilio settings, a voice-agent secret."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import pytest

from shim.database.migrate import migrate
from shim.service.auth import sign, with_api_keys
from shim.service.settings import ServiceSettings
from shim.service_app import build_service_app
from tests import database
from tests.fixtures import Clinic, local_date
from tests.gateway.conftest import gateway_login_url
from tests.gateway.server import running_gateway
from tests.sms.twilio_server import FakeTwilio, ReceivedRequest

ENCRYPTION_KEY = "voice-tests-settings-key"
JWT_SECRET = "voice-agent-tests-secret-0123456789-abcdefghij"
MAX_BODY_BYTES = 64 * 1024
CODE = re.compile(r"code is (\d{4})")


@dataclass(frozen=True)
class Service:
    base_url: str
    settings: ServiceSettings
    fake_twilio: FakeTwilio
    database_url: str

    def member_token(self, org_id: uuid.UUID) -> str:
        claims = {
            "role": "authenticated",
            "sub": str(uuid.uuid4()),
            "app_metadata": {"org_id": str(org_id)},
            "exp": int(time.time()) + 600,
        }
        return sign(claims, JWT_SECRET)

    def rest(self, org_id: uuid.UUID, function: str, **arguments: Any) -> httpx.Response:
        """A clinic member calling a function over the REST gateway."""
        return httpx.post(
            f"{self.base_url}/rest/v1/rpc/{function}",
            json=arguments,
            headers={
                "apikey": self.settings.anon_key,
                "Authorization": f"Bearer {self.member_token(org_id)}",
            },
            timeout=30,
        )


@pytest.fixture(scope="session")
def voice_database_url(server_url: str) -> Iterator[str]:
    with database.fresh_database(server_url, prefix="voice_test") as url:
        migrate(url)
        yield url


@pytest.fixture(scope="session")
def service(voice_database_url: str) -> Iterator[Service]:
    fake = FakeTwilio().start()
    settings = with_api_keys(
        ServiceSettings(
            database_url=gateway_login_url(voice_database_url),
            jwt_secret=JWT_SECRET,
            pool_size=8,
            pool_acquisition_timeout=10.0,
            max_body_bytes=MAX_BODY_BYTES,
            max_json_depth=32,
        )
    )
    env = {
        "SETTINGS_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "TWILIO_API_BASE_URL": fake.base_url,
        "SMS_SENDER": "twilio",
        "SMS_WORKER_POLL_INTERVAL": "0.05",
        "SMS_WORKER_LEASE_SECONDS": "5",
        "SMS_WORKER_SEND_TIMEOUT": "2",
    }
    app = build_service_app(settings, env, voice_database_url)
    try:
        with running_gateway(settings, app=app) as base_url:
            yield Service(base_url, settings, fake, voice_database_url)
    finally:
        fake.stop()


@pytest.fixture
def owner_db(voice_database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(voice_database_url, autocommit=True) as conn:
        yield conn


@pytest.fixture
def clinic_db(owner_db: psycopg.Connection) -> psycopg.Connection:
    return owner_db


@pytest.fixture
def clinic_options(service: Service) -> dict[str, Any]:
    """Twilio settings on the service's local Twilio-compatible server, and a
    voice-agent secret."""
    return {"settings_key": ENCRYPTION_KEY, "fake_twilio": service.fake_twilio, "voice_agent": True}


@pytest.fixture
def http(service: Service, clinic: Clinic) -> Iterator[httpx.Client]:
    """A client of the service with the clinic's secret."""
    with httpx.Client(
        base_url=service.base_url, headers=clinic.voice_headers(), timeout=30
    ) as client:
        yield client


# -- calling the tools ----------------------------------------------------------------------
def spec_call(client: httpx.Client, route: str, **arguments: Any) -> httpx.Response:
    """POST /api/vapi/tools/<route> with the spec's {"toolCall": {"arguments": ...}}."""
    return client.post(f"/api/vapi/tools/{route}", json={"toolCall": {"arguments": arguments}})


def tool_calls_message(call_id: str, calls: list[tuple[str, Any]], **extra: Any) -> dict:
    """A platform "tool-calls" message; arguments are sent as given (object or string)."""
    return {
        "message": {
            "type": "tool-calls",
            "call": {"id": call_id, **extra.pop("call", {})},
            "toolCallList": [
                {
                    "id": f"toolu_{index}_{uuid.uuid4().hex[:6]}",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
                for index, (name, arguments) in enumerate(calls)
            ],
            **extra,
        }
    }


def slot_at(answer: dict, local_time: str) -> dict:
    """The slot of a check_availability answer that starts at local_time (HH:MM)."""
    slots = answer.get("slots", [])
    matching = [s for s in slots if s.get("local_time", s.get("localTime")) == local_time]
    assert matching, f"no slot at {local_time} among {len(slots)} slots"
    return matching[0]


def day(days_ahead: int = 2, timezone: str = "America/New_York") -> str:
    return local_date(days_ahead, timezone).isoformat()


def sms_to(fake: FakeTwilio, phone: str) -> list[ReceivedRequest]:
    return [request for request in fake.accepted if request.to == phone]


def wait_for_sms(fake: FakeTwilio, phone: str, count: int = 1, timeout: float = 10) -> list:
    assert fake.wait_for(lambda f: len(sms_to(f, phone)) >= count, timeout=timeout), (
        f"{phone} did not get {count} SMS"
    )
    return sms_to(fake, phone)


def otp_code(fake: FakeTwilio, phone: str, count: int = 1) -> str:
    """The code of the count-th one-time-code SMS the phone received."""
    assert fake.wait_for(lambda f: len(texted_codes(f, phone)) >= count, timeout=10), (
        f"{phone} did not get {count} codes"
    )
    return texted_codes(fake, phone)[count - 1]


def texted_codes(fake: FakeTwilio, phone: str) -> list[str]:
    return [m.group(1) for r in sms_to(fake, phone) if (m := CODE.search(r.body))]


def wait_until_sent(service: Service, appointment_id: str, timeout: float = 10) -> str:
    """The provider's id of the appointment's confirmation, once the worker recorded it."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(service.database_url, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "select provider_message_id from booking.sms_outbox"
                " where appointment_id = %s and kind = 'confirmation'",
                (appointment_id,),
            ).fetchone()
            if row and row[0]:
                return str(row[0])
            assert time.monotonic() < deadline, "the confirmation was not sent"
            time.sleep(0.02)


def hold_call_id(service: Service, hold_id: str) -> str:
    with psycopg.connect(service.database_url) as conn:
        row = conn.execute(
            "select call_sid from booking.appointment_holds where id = %s", (hold_id,)
        ).fetchone()
    assert row is not None
    return str(row[0])


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10000:04d}"


def book_by_phone(
    client: httpx.Client, service: Service, phone: str, days_ahead: int, local_time: str
) -> str:
    """The five phases over the spec's routes; the appointment id."""
    checked = spec_call(client, "calendar/check", date=day(days_ahead))
    assert checked.status_code == 200, checked.text
    slot = slot_at(checked.json(), local_time)
    reserved = spec_call(
        client,
        "booking/reserve-atomic",
        slotId=slot["start"],
        patientPhone=phone,
        patientName="Pat Patient",
    ).json()
    assert reserved["success"] is True, reserved
    codes_before = len(texted_codes(service.fake_twilio, phone))
    sent = spec_call(client, "booking/send-otp", holdId=reserved["holdId"]).json()
    assert sent["success"] is True, sent
    code = otp_code(service.fake_twilio, phone, codes_before + 1)
    verified = spec_call(
        client, "booking/verify-otp", holdId=reserved["holdId"], providedOTP=code
    ).json()
    assert verified["success"] is True, verified
    confirmed = spec_call(
        client, "booking/send-confirmation", appointmentId=verified["appointmentId"]
    ).json()
    assert confirmed["success"] is True, confirmed
    return str(verified["appointmentId"])


def caller_call(
    client: httpx.Client, route: str, caller: str | None, **arguments: Any
) -> httpx.Response:
    """A spec route called with the platform's call object naming the caller id."""
    body: dict[str, Any] = {"toolCall": {"arguments": arguments}}
    if caller is not None:
        body["call"] = {"id": f"call-{uuid.uuid4().hex[:8]}", "customer": {"number": caller}}
    return client.post(f"/api/vapi/tools/{route}", json=body)


def attested_call(
    client: httpx.Client,
    route: str,
    caller: str,
    verstat: str = "TN-Validation-Passed-A",
    **arguments: Any,
) -> httpx.Response:
    """A spec route called with a caller id the platform reports as attested:
    Twilio's StirVerstat passed on as a SIP header (call.phoneCallProviderDetails)."""
    body: dict[str, Any] = {
        "toolCall": {"arguments": arguments},
        "call": {
            "id": f"call-{uuid.uuid4().hex[:8]}",
            "customer": {"number": caller},
            "phoneCallProviderDetails": {"sip": {"headers": {"X-StirVerstat": verstat}}},
        },
    }
    return client.post(f"/api/vapi/tools/{route}", json=body)
