"""The Twilio webhooks under bad input and bad conditions: bodies over 64 KiB
get 413 and are not read further, forgeries 403, and a database that is away
or an encryption key that is missing or wrong get 503 (Twilio retries) with a
log line, never a 500; nothing changes in any of these cases."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import httpx
import pytest
import requests
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette

from shim.database.url import with_database
from shim.sms.twilio_webhooks import MAX_BODY_BYTES, TwilioWebhookSettings, twilio_webhook_routes
from tests.fixtures import create_clinic, unique_phone
from tests.sms.conftest import (
    ENCRYPTION_KEY,
    WebhookServer,
    outbox_row,
    post_signed,
    status_callback_params,
)
from tests.sms.test_twilio_webhooks import inbound, sent_message, status_url

CHUNK = 1024


def _post_streamed(path: str, total_bytes: int) -> tuple[int, int]:
    """POST `total_bytes` in 1 KiB chunks, without Content-Length, straight to
    the ASGI app (no database: none is reached). (status, chunks read)."""
    pool = AsyncConnectionPool("dbname=never_opened", open=False)
    app = Starlette(routes=twilio_webhook_routes(pool, TwilioWebhookSettings(ENCRYPTION_KEY)))
    read = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal read
        for _ in range(total_bytes // CHUNK):
            read += 1
            yield b"x" * CHUNK

    async def post() -> int:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://twilio.test") as client:
            response = await client.post(path, content=body())
            return response.status_code

    return asyncio.run(post()), read


@pytest.mark.parametrize("path", ["/api/twilio/status", "/api/twilio/inbound"])
def test_a_body_over_64_kib_is_413_and_not_read_further(path: str) -> None:
    status, read = _post_streamed(path, 10 * 1024 * 1024)
    assert status == 413
    assert read <= MAX_BODY_BYTES // CHUNK + 1, f"read {read} KiB of a 10 MiB body"


def test_a_declared_length_over_64_kib_is_413(sms_db, webhooks) -> None:
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    phone = unique_phone()
    message_id, sid = sent_message(sms_db, clinic, phone)
    url = status_url(webhooks.base_url, clinic, message_id)
    params = {
        **status_callback_params(clinic, sid, phone, "delivered"),
        "Padding": "x" * MAX_BODY_BYTES,
    }
    response = post_signed(url, params, clinic.auth_token)  # signed, yet too large
    assert response.status_code == 413
    assert outbox_row(sms_db, id=message_id)["status"] == "queued"  # unchanged


def test_forged_or_unreadable_bodies_within_the_limit_are_403(sms_db, webhooks) -> None:
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    phone = unique_phone()
    message_id, sid = sent_message(sms_db, clinic, phone)
    url = status_url(webhooks.base_url, clinic, message_id)
    delivered = status_callback_params(clinic, sid, phone, "delivered")
    padding = MAX_BODY_BYTES - len(urlencode(delivered))
    at_the_limit = {**delivered, "P": "x" * (padding - len("&P="))}
    forged = post_signed(url, at_the_limit, "not-the-token")
    assert forged.request.headers["Content-Length"] == str(MAX_BODY_BYTES)
    assert forged.status_code == 403
    not_utf8 = requests.post(
        url, data=b"MessageStatus=\xff", headers={"X-Twilio-Signature": "x"}, timeout=10
    )
    assert not_utf8.status_code == 403
    assert outbox_row(sms_db, id=message_id)["status"] == "queued"  # unchanged


@pytest.mark.parametrize("key", [None, "not-the-key"], ids=["missing key", "wrong key"])
def test_a_missing_or_wrong_encryption_key_is_503_with_a_log_line(
    sms_db, sms_database_url, caplog, key
) -> None:
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    phone = unique_phone()
    message_id, sid = sent_message(sms_db, clinic, phone)
    caplog.set_level(logging.WARNING, logger="shim.sms.twilio_webhooks")
    with WebhookServer(sms_database_url, encryption_key=key).running() as server:
        status = post_signed(
            status_url(server.base_url, clinic, message_id),
            status_callback_params(clinic, sid, phone, "delivered"),
            clinic.auth_token,
        )
        stop = post_signed(
            f"{server.base_url}/api/twilio/inbound",
            inbound(clinic, phone, "STOP"),
            clinic.auth_token,
        )
    assert (status.status_code, stop.status_code) == (503, 503)
    assert outbox_row(sms_db, id=message_id)["status"] == "queued"  # unchanged
    opted_out = sms_db.execute(
        "select booking.is_sms_opted_out(%s, %s)", (clinic.org_id, phone)
    ).fetchone()[0]
    assert not opted_out
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2
    assert all("SETTINGS_ENCRYPTION_KEY" in r.getMessage() for r in errors)


def test_an_unreachable_database_is_503_with_a_log_line(sms_database_url, caplog) -> None:
    nowhere = with_database(sms_database_url, f"no_such_database_{uuid.uuid4().hex[:8]}")
    caplog.set_level(logging.WARNING, logger="shim.sms.twilio_webhooks")
    clinic_token = uuid.uuid4().hex
    params = {
        "AccountSid": "AC" + uuid.uuid4().hex,
        "MessageSid": "SM" + uuid.uuid4().hex,
        "MessageStatus": "delivered",
    }
    with WebhookServer(nowhere, pool_timeout=1.0).running() as server:
        response = post_signed(f"{server.base_url}/api/twilio/status", params, clinic_token)
    assert response.status_code == 503
    assert any("database unavailable" in r.getMessage() for r in caplog.records)


def test_lost_pooled_connections_are_503_never_500(sms_db, webhooks) -> None:
    """The webhooks' pooled connections killed: requests are answered 503 until
    the pool has replaced them, then served."""
    clinic = create_clinic(sms_db, settings_key=ENCRYPTION_KEY)
    phone = unique_phone()
    message_id, sid = sent_message(sms_db, clinic, phone)
    url = status_url(webhooks.base_url, clinic, message_id)
    delivered = status_callback_params(clinic, sid, phone, "delivered")
    assert post_signed(url, delivered, clinic.auth_token).status_code == 204  # the pool is open
    killed = sms_db.execute(
        "select count(pg_terminate_backend(pid)) from pg_stat_activity"
        " where datname = current_database() and pid <> pg_backend_pid()"
        " and backend_type = 'client backend'"
    ).fetchone()[0]
    assert killed >= 1
    answers = []
    for _ in range(20):
        answers.append(post_signed(url, delivered, clinic.auth_token).status_code)
        if answers[-1] == 204:
            break
    assert answers[0] == 503, answers
    assert answers[-1] == 204, answers
    assert set(answers) == {503, 204}, answers
