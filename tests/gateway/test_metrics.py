"""GET /metrics (shim/service/metrics.py): 404 while METRICS_TOKEN is unset,
401 without the token or with another, and, with it, Prometheus' text
format: the bookings counted by result as the gateway answered them, the
request latencies by surface, the outbox read from the database.

The retention task (shim/service/retention.py) calls public.purge_expired_data
on a running service: an old phone verification goes, a recent one stays.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families

from shim.gateway import create_app
from shim.service.retention import retention_task
from shim.service.settings import ServiceSettings, SettingsError
from tests.fixtures import wait_until
from tests.gateway.conftest import Gateway, settings_for
from tests.gateway.server import running_gateway
from tests.gateway.test_booking_client import booking

TOKEN = "metrics-token-0123456789abcdef"


@pytest.fixture(scope="module")
def metered(database_url: str, rpc_fixtures: str) -> Iterator[Gateway]:
    """A gateway with METRICS_TOKEN set."""
    settings = settings_for(database_url, metrics_token=TOKEN)
    with running_gateway(settings) as base_url:
        yield Gateway(base_url, settings)


def scrape(gateway: Gateway) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics by name and labels."""
    response = httpx.get(
        f"{gateway.base_url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def booking_results(samples: dict, result: str) -> float:
    labels = (("function", "book_appointment_atomic"), ("result", result), ("surface", "gateway"))
    return samples.get(("clinic_booking_booking_results_total", labels), 0.0)


def test_metrics_are_not_found_without_a_token(gateway: Gateway) -> None:
    response = httpx.get(f"{gateway.base_url}/metrics", timeout=10)
    assert response.status_code == 404
    unknown = httpx.get(f"{gateway.base_url}/no-such-path", timeout=10)
    assert response.json() == unknown.json()  # as any path no surface serves


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer",
        "Bearer wrong-token-0123456789abcdef",
        f"Basic {TOKEN}",
        TOKEN,
        f"Bearer {TOKEN}x",
    ],
)
def test_metrics_refuse_a_missing_or_wrong_token(
    metered: Gateway, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = httpx.get(f"{metered.base_url}/metrics", headers=headers, timeout=10)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "clinic_booking" not in response.text


def test_a_short_metrics_token_is_refused() -> None:
    with pytest.raises(SettingsError, match="METRICS_TOKEN"):
        ServiceSettings(database_url="postgresql:///x", jwt_secret="x" * 32, metrics_token="short")


def test_bookings_and_requests_are_counted(metered: Gateway, two_clinics: tuple[str, str]) -> None:
    before = scrape(metered)
    body = booking(two_clinics[0])
    client = metered.client(metered.service_role_key)
    assert client.rpc("book_appointment_atomic", body).execute().data["success"] is True
    taken = body | {"p_patient_phone": "+14155552672", "p_patient_name": "John Roe"}
    assert (
        client.rpc("book_appointment_atomic", taken).execute().data["error"] == "SLOT_UNAVAILABLE"
    )
    after = scrape(metered)

    assert booking_results(after, "success") == booking_results(before, "success") + 1
    assert (
        booking_results(after, "SLOT_UNAVAILABLE")
        == booking_results(before, "SLOT_UNAVAILABLE") + 1
    )
    requests = (
        "clinic_booking_http_request_duration_seconds_count",
        (("method", "POST"), ("status", "2xx"), ("surface", "gateway")),
    )
    assert after[requests] >= before.get(requests, 0) + 2
    assert after[("clinic_booking_metrics_database_up", ())] == 1
    for state in ("due", "claimed", "scheduled"):
        assert (("clinic_booking_sms_outbox_messages", (("state", state),))) in after
    assert ("clinic_booking_sms_outbox_oldest_due_age_seconds", ()) in after
    assert ("clinic_booking_feed_streams_open", ()) in after
    # No label names an organization.
    assert not any(two_clinics[0] in str(labels) for _, labels in after)


def test_the_retention_task_purges(database_url: str, two_clinics: tuple[str, str]) -> None:
    org_id = two_clinics[1]
    old, recent = uuid.uuid4(), uuid.uuid4()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "insert into booking.phone_verifications (org_id, id, phone, expires_at)"
            " values (%(org)s, %(old)s, '+14155550197', now() - interval '31 days'),"
            "        (%(org)s, %(recent)s, '+14155550197', now() - interval '1 day')",
            {"org": org_id, "old": old, "recent": recent},
        )
        settings = settings_for(database_url)
        app = create_app(settings, background_tasks=[retention_task(3600, first_delay_seconds=0)])

        def kept() -> set[uuid.UUID]:
            rows = conn.execute(
                "select id from booking.phone_verifications where id in (%s, %s)", (old, recent)
            ).fetchall()
            return {row[0] for row in rows}

        with running_gateway(settings, app):
            assert wait_until(lambda: kept() == {recent}, timeout=20), kept()
