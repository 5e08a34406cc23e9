"""The service's Prometheus metrics: one registry every surface records into
(they import this module, never each other), and GET /metrics.

Counted in this process, where the answers pass (per instance; they start
at 0 with the process, which Prometheus' rate() and increase() expect):
  clinic_booking_booking_results_total{function, surface, result}
      answers of the booking functions to the REST gateway and the voice
      agent's tools: result is success, the SQL answer's error code, or
      the error the caller got when the call itself failed
  clinic_booking_sms_send_attempts_total{outcome, sender}
  clinic_booking_sms_send_duration_seconds{sender}     the provider's answer time
  clinic_booking_sms_status_callbacks_total{status}    Twilio's delivery reports
  clinic_booking_feed_streams_open                     live feed streams
  clinic_booking_http_request_duration_seconds{surface, method, status}
Read from the database at scrape time (public.operations_metrics, the same
from every instance):
  clinic_booking_sms_outbox_messages{state}, clinic_booking_sms_outbox_oldest_due_age_seconds,
  clinic_booking_metrics_database_up
Plus prometheus_client's process_* metrics. Labels take values from fixed
sets (anything else is "other"), so no label grows with traffic; none names
an organization.

/metrics answers only `Authorization: Bearer $METRICS_TOKEN` (compared in
constant time), and is 404 while METRICS_TOKEN is unset.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Mapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.service.state import ServiceState
from shim.service.transaction import service_role_transaction

log = logging.getLogger("shim.service.metrics")

disable_created_metrics()  # no *_created series: the counters' start is the process's
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)

DATABASE_READ_SECONDS = 5.0
# The SQL functions that book or hold a slot; their answers are counted.
BOOKING_FUNCTIONS = frozenset({"book_appointment_atomic", "claim_slot_atomic", "confirm_held_slot"})
_CODE = re.compile(r"[A-Z0-9_]{1,64}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_SMS_STATUSES = frozenset(
    {
        "queued", "accepted", "scheduled", "sending", "sent", "delivered", "read",
        "undelivered", "failed", "canceled", "partially_delivered", "receiving", "received",
    }
)  # fmt: skip

BOOKING_RESULTS = Counter(
    "clinic_booking_booking_results",
    "Answers of the booking functions (book_appointment_atomic, claim_slot_atomic,"
    " confirm_held_slot) by surface and result: success, the SQL error code, or the"
    " error of a call that failed",
    ["function", "surface", "result"],
    registry=REGISTRY,
)
SMS_SEND_ATTEMPTS = Counter(
    "clinic_booking_sms_send_attempts",
    "SMS handed to a sender by this process's worker, by outcome (accepted, failed,"
    " released: given back unsent at shutdown) and sender (twilio, console, none)",
    ["outcome", "sender"],
    registry=REGISTRY,
)
SMS_SEND_DURATION = Histogram(
    "clinic_booking_sms_send_duration_seconds",
    "Time one send took, from the worker's request to the provider's answer",
    ["sender"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0, 30.0),
    registry=REGISTRY,
)
SMS_STATUS_CALLBACKS = Counter(
    "clinic_booking_sms_status_callbacks",
    "Signed status callbacks from Twilio, by the status they report",
    ["status"],
    registry=REGISTRY,
)
FEED_STREAMS_OPEN = Gauge(
    "clinic_booking_feed_streams_open",
    "Live feed (Server-Sent Events) streams open in this process",
    registry=REGISTRY,
)
HTTP_REQUEST_DURATION = Histogram(
    "clinic_booking_http_request_duration_seconds",
    "HTTP requests from their start to their last byte, by surface, method and status class"
    " (live feed streams are not included: see clinic_booking_feed_streams_open)",
    ["surface", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)


# -- recording ----------------------------------------------------------------------------
def code_label(code: object) -> str:
    """An error code as a label value: codes are short upper-case words; anything else is other."""
    return code if isinstance(code, str) and _CODE.fullmatch(code) else "other"


def booking_answer_result(answer: object) -> str:
    """success, or the error code of a booking function's JSON answer."""
    if isinstance(answer, list) and len(answer) == 1:
        answer = answer[0]
    if not isinstance(answer, dict):
        return "other"
    if answer.get("success") is True:
        return "success"
    return code_label(answer.get("error"))


def record_booking_answer(function: str, surface: str, answer: object) -> None:
    if function in BOOKING_FUNCTIONS:
        BOOKING_RESULTS.labels(function, surface, booking_answer_result(answer)).inc()


def record_booking_body(function: str, surface: str, body: bytes | str) -> None:
    """Count a booking function's answer from the JSON body the gateway sends."""
    if function not in BOOKING_FUNCTIONS:
        return
    try:
        answer: Any = json.loads(body)
    except ValueError:
        answer = None
    record_booking_answer(function, surface, answer)


def record_booking_error(function: str, surface: str, code: object) -> None:
    """A booking call that gave no answer (rolled back, refused, database away)."""
    if function in BOOKING_FUNCTIONS:
        BOOKING_RESULTS.labels(function, surface, code_label(code or "ERROR")).inc()


def record_sms_send(outcome: str, sender: str, seconds: float | None = None) -> None:
    SMS_SEND_ATTEMPTS.labels(outcome, sender).inc()
    if seconds is not None:
        SMS_SEND_DURATION.labels(sender).observe(seconds)


def record_sms_status_callback(status: str) -> None:
    status = status.strip().lower()
    SMS_STATUS_CALLBACKS.labels(status if status in _SMS_STATUSES else "other").inc()


def record_http_request(surface: str, method: str, status: int, seconds: float) -> None:
    HTTP_REQUEST_DURATION.labels(
        surface, method if method in _METHODS else "other", f"{status // 100}xx"
    ).observe(seconds)


# -- GET /metrics -------------------------------------------------------------------------
def _authorized(request: Request, token: str) -> bool:
    """The bearer token is the configured one: compared as digests, in constant time."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return False
    return hmac.compare_digest(
        hashlib.sha256(given.strip().encode()).digest(), hashlib.sha256(token.encode()).digest()
    )


async def _database_metrics(state: ServiceState) -> Mapping[str, Any] | None:
    try:
        # Within a scrape's timeout (Prometheus' default is 10 s), even when the pool is busy.
        async with asyncio.timeout(DATABASE_READ_SECONDS):
            async with service_role_transaction(state.pool, None) as conn:
                row = await (await conn.execute(queries.OPERATIONS_METRICS)).fetchone()
    except Exception as exc:  # the database away or busy: the scrape still answers
        log.warning("metrics: the database did not answer: %s", type(exc).__name__)
        return None
    return row[0] if row and isinstance(row[0], dict) else None


def _database_registry(snapshot: Mapping[str, Any] | None) -> CollectorRegistry:
    """This scrape's readings of the database, in a registry of their own."""
    registry = CollectorRegistry()
    up = Gauge(
        "clinic_booking_metrics_database_up",
        "1 when this scrape read the outbox from the database, else 0 (its gauges are then absent)",
        registry=registry,
    )
    up.set(0 if snapshot is None else 1)
    if snapshot is None:
        return registry
    messages = Gauge(
        "clinic_booking_sms_outbox_messages",
        "SMS outbox messages of all organizations by state: due (waiting to be sent now),"
        " claimed (being sent), scheduled (pending for later: reminders, retries)",
        ["state"],
        registry=registry,
    )
    for state in ("due", "claimed", "scheduled"):
        messages.labels(state).set(float(snapshot.get(f"sms_outbox_{state}") or 0))
    Gauge(
        "clinic_booking_sms_outbox_oldest_due_age_seconds",
        "How long the oldest due SMS has waited to be sent (0 when none is due)",
        registry=registry,
    ).set(float(snapshot.get("sms_outbox_oldest_due_seconds") or 0))
    return registry


async def metrics_endpoint(request: Request) -> Response:
    state: ServiceState = request.app.state.service
    request.state.surface = "service"
    token = state.settings.metrics_token
    if not token:
        raise HTTPException(404)
    if not _authorized(request, token):
        return Response(
            "a bearer token is required\n",
            status_code=401,
            media_type="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    snapshot = await _database_metrics(state)
    body = generate_latest(REGISTRY) + generate_latest(_database_registry(snapshot))
    return Response(body, media_type=CONTENT_TYPE_LATEST)
