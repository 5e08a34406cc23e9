"""The SMS pipeline next to the REST gateway, as `make run` wires it: the
webhooks' surface beside the gateway's on one port and the service's pool
(which logs in as `authenticator`), the worker among its background tasks.
A booking made over REST is confirmed by SMS, the status callback on the
gateway's port marks it delivered, STOP on the gateway's port opts out.
/metrics then counts the booking, the send and the delivery report."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import psycopg
import requests
import uvicorn
from prometheus_client.parser import text_string_to_metric_families

from shim.database.url import with_user
from shim.gateway import gateway_surface
from shim.service.application import build_application
from shim.service.auth import with_api_keys
from shim.service.settings import ServiceSettings
from shim.sms.twilio_webhooks import TwilioWebhookSettings, twilio_webhook_surface
from shim.sms.worker import WorkerSettings, sms_worker_task
from tests.fixtures import Clinic, local_noon, unique_phone, wait_until
from tests.sms.conftest import ENCRYPTION_KEY, outbox_row, post_signed, status_callback_params

METRICS_TOKEN = "sms-metrics-token-0123456789"


def login_url(database_url: str) -> str:
    """`authenticator`, as the gateway logs in, when the server lets it."""
    url = with_user(database_url, "authenticator")
    try:
        with psycopg.connect(url, connect_timeout=5):
            return url
    except psycopg.OperationalError:
        return database_url


@contextmanager
def gateway_with_sms(
    database_url: str, worker_settings: WorkerSettings
) -> Iterator[tuple[str, ServiceSettings]]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = with_api_keys(
        ServiceSettings(
            database_url=login_url(database_url),
            jwt_secret="sms-gateway-tests-secret-0123456789-abcdefghij",
            pool_size=4,
            pool_acquisition_timeout=5.0,
            metrics_token=METRICS_TOKEN,
        )
    )
    webhooks = twilio_webhook_surface(
        TwilioWebhookSettings(encryption_key=ENCRYPTION_KEY, public_base_url=base_url)
    )
    app = build_application(
        settings,
        [gateway_surface(), webhooks],
        background_tasks=[sms_worker_task(replace(worker_settings, webhook_base_url=base_url))],
    )
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        assert wait_until(lambda: _healthy(base_url), timeout=20), "the gateway did not start"
        yield base_url, settings
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        assert not thread.is_alive(), "the gateway and its SMS worker did not stop"


def _healthy(base_url: str) -> bool:
    try:
        return requests.get(f"{base_url}/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_sms_through_the_gateway(
    sms_database_url, sms_db, fake_twilio, clinic: Clinic, worker_settings
):
    phone = unique_phone()
    with gateway_with_sms(sms_database_url, worker_settings) as (base_url, settings):
        booked = requests.post(
            f"{base_url}/rest/v1/rpc/book_appointment_atomic",
            json={
                "p_org_id": str(clinic.org_id),
                "p_patient_name": "Jane Doe",
                "p_patient_email": None,
                "p_patient_phone": phone,
                "p_service_type": "Cleaning",
                "p_scheduled_at": local_noon(2).isoformat(),
                "p_duration_minutes": 30,
            },
            headers={"apikey": settings.service_role_key},
            timeout=10,
        )
        assert booked.status_code == 200, booked.text
        assert booked.json()["success"] is True, booked.text
        appointment_id = booked.json()["appointment_id"]

        assert fake_twilio.wait_for(lambda f: len(f.accepted) == 1, timeout=10)
        request = fake_twilio.accepted[0]
        assert request.to == phone
        callback = request.params["StatusCallback"]
        assert callback.startswith(f"{base_url}/api/twilio/status?")
        assert wait_until(
            lambda: (
                outbox_row(sms_db, appointment_id=appointment_id, kind="confirmation")["status"]
                == "queued"
            )
        )

        delivered = status_callback_params(clinic, request.sid, phone, "delivered")
        assert post_signed(callback, delivered, "forged-token").status_code == 403
        assert post_signed(callback, delivered, clinic.auth_token).status_code == 204
        message = outbox_row(sms_db, appointment_id=appointment_id, kind="confirmation")
        assert message["status"] == "delivered"

        stop = post_signed(
            f"{base_url}/api/twilio/inbound",
            {
                "AccountSid": clinic.account_sid,
                "From": phone,
                "To": clinic.from_number,
                "Body": "STOP",
            },
            clinic.auth_token,
        )
        assert stop.status_code == 200
        opted_out = sms_db.execute(
            "select booking.is_sms_opted_out(%s, %s)", (clinic.org_id, phone)
        ).fetchone()[0]
        assert opted_out is True
    # Leaving gateway_with_sms stopped the server, and with it the worker.


def _samples(base_url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = requests.get(
        f"{base_url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_metrics_after_a_booking_and_an_sms(
    sms_database_url, sms_db, fake_twilio, clinic: Clinic, worker_settings
):
    phone = unique_phone()
    counted = {
        "booked": (
            "clinic_booking_booking_results_total",
            (
                ("function", "book_appointment_atomic"),
                ("result", "success"),
                ("surface", "gateway"),
            ),
        ),
        "accepted": (
            "clinic_booking_sms_send_attempts_total",
            (("outcome", "accepted"), ("sender", "twilio")),
        ),
        "send_timed": ("clinic_booking_sms_send_duration_seconds_count", (("sender", "twilio"),)),
        "delivered": ("clinic_booking_sms_status_callbacks_total", (("status", "delivered"),)),
    }
    with gateway_with_sms(sms_database_url, worker_settings) as (base_url, settings):
        assert requests.get(f"{base_url}/metrics", timeout=10).status_code == 401
        before = _samples(base_url)
        booked = requests.post(
            f"{base_url}/rest/v1/rpc/book_appointment_atomic",
            json={
                "p_org_id": str(clinic.org_id),
                "p_patient_name": "Jane Doe",
                "p_patient_email": None,
                "p_patient_phone": phone,
                "p_service_type": "Cleaning",
                "p_scheduled_at": local_noon(3).isoformat(),
                "p_duration_minutes": 30,
            },
            headers={"apikey": settings.service_role_key},
            timeout=10,
        )
        assert booked.json()["success"] is True, booked.text
        assert fake_twilio.wait_for(lambda f: len(f.accepted) == 1, timeout=10)
        request = fake_twilio.accepted[0]
        delivered = status_callback_params(clinic, request.sid, phone, "delivered")
        callback = request.params["StatusCallback"]
        assert post_signed(callback, delivered, clinic.auth_token).status_code == 204
        # The worker records the send once Twilio's answer is in the outbox.
        assert wait_until(
            lambda: (
                _samples(base_url).get(counted["accepted"], 0)
                == before.get(counted["accepted"], 0) + 1
            )
        )
        after = _samples(base_url)

    for name, key in counted.items():
        assert after.get(key, 0) == before.get(key, 0) + 1, name
    assert after[("clinic_booking_metrics_database_up", ())] == 1
    assert ("clinic_booking_sms_outbox_messages", (("state", "due"),)) in after
