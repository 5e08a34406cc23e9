"""Twilio webhooks: the service's SMS surface, or routes on any Starlette app.

    surface = twilio_webhook_surface(TwilioWebhookSettings.from_env())
    routes = twilio_webhook_routes(pool, TwilioWebhookSettings.from_env())

`pool` is a psycopg AsyncConnectionPool, or a function of the request that
returns one (the surface: the service's pool); `after_commit`, likewise a
function of the request, gives the process's AfterCommitNotifier, which
sends the wake-ups a committed webhook owes (e.g. sms.status_changed on the
live feed; without one the listeners' polls find them). The statements run
in shim.service's service_role_transaction (SET LOCAL ROLE), so a pool that
logs in as `authenticator`, like the service's, is enough.

POST /api/twilio/status   status callback of an outgoing SMS (the worker
                          asks for it with ?org_id=...&message_id=...)
POST /api/twilio/inbound  an SMS texted to an organization's number:
                          STOP/START/HELP keywords, the patients' replies
                          (Y/YES, C, R; replies queued in the outbox, once
                          per MessageSid), free text kept for the clinic;
                          on a shared number applied to the one clinic of
                          the conversation; answers TwiML (HELP's text)

Both check X-Twilio-Signature (HMAC-SHA1 of the URL Twilio called plus the
sorted POST parameters, keyed with the auth token) against the auth token of
each organization the request may come from, and answer 403 when none
matches; nothing is read or changed for an unsigned request beyond finding
those candidates. What the request means is decided in SQL
(booking.record_sms_status, booking.receive_inbound_sms).

Other answers: 413 for a body over 64 KiB (reading stops there); 400 for a
form field or query parameter with a NUL character (shim.http_input); 503 when
the database is unavailable (pool timeout, lost connection) or the
encryption key is missing or wrong (BKKEY; logged as an error): Twilio
retries, and the request changed nothing.

Settings (environment):
  SETTINGS_ENCRYPTION_KEY   decrypts the organizations' auth tokens
  TWILIO_WEBHOOK_BASE_URL   the public base URL Twilio calls (e.g.
                            https://api.clinic.example); signatures cover the
                            URL as Twilio saw it, which behind a proxy is not
                            the URL this process sees. Unset: the request's
                            own URL.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from shim import queries
from shim.database.after_commit import AfterCommitNotifier
from shim.http_input.request_body import BodyTooLarge, ClientDisconnect, read_body
from shim.http_input.text_fields import has_nul
from shim.service import metrics
from shim.service.application import JSON_ERROR_HANDLERS, Surface
from shim.service.state import service_state
from shim.service.transaction import service_role_transaction

log = logging.getLogger(__name__)

STATUS_PATH = "/api/twilio/status"
INBOUND_PATH = "/api/twilio/inbound"
SIGNATURE_HEADER = "X-Twilio-Signature"
MAX_BODY_BYTES = 64 * 1024

PoolSource = AsyncConnectionPool | Callable[[Request], AsyncConnectionPool]


@dataclass(frozen=True)
class TwilioWebhookSettings:
    encryption_key: str | None = None
    public_base_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> TwilioWebhookSettings:
        return cls(
            encryption_key=env.get("SETTINGS_ENCRYPTION_KEY") or None,
            public_base_url=env.get("TWILIO_WEBHOOK_BASE_URL") or None,
        )


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _forbidden() -> Response:
    return Response("invalid Twilio signature", status_code=403, media_type="text/plain")


def _text(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type="text/plain")


class _Refused(Exception):
    """Ends a webhook request early with this answer."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def _is_unavailable(exc: psycopg.Error) -> bool:
    """A failure of the database or of this process's configuration, not of
    the request: worth a retry by Twilio once it is fixed."""
    return exc.sqlstate == "BKKEY" or isinstance(exc, psycopg.OperationalError)


def _unavailable(exc: psycopg.Error, path: str) -> Response:
    if exc.sqlstate == "BKKEY":
        log.error(
            "%s: SETTINGS_ENCRYPTION_KEY is missing or is not the key the Twilio settings were "
            "stored with (%s); answering 503",
            path,
            exc.diag.message_primary,
        )
    else:
        log.warning("%s: database unavailable (%r); answering 503", path, exc)
    return _text(503, "service unavailable; retry later")


async def _form(request: Request) -> dict[str, str]:
    """The form-encoded body; _Refused when it is too large, not UTF-8, or
    when it or the query has a NUL character (400, before the database)."""
    if has_nul(request.query_params.multi_items()):
        raise _Refused(_text(400, "malformed query parameter"))
    try:
        body = await read_body(request, MAX_BODY_BYTES)
    except BodyTooLarge as exc:
        log.warning("rejected a Twilio webhook body over %d bytes", MAX_BODY_BYTES)
        raise _Refused(_text(413, str(exc))) from None
    except ClientDisconnect:
        raise _Refused(_text(400, "incomplete request body")) from None
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise _Refused(_forbidden()) from None
    if has_nul(pairs):
        log.warning("rejected a Twilio webhook with a NUL character in a form field")
        raise _Refused(_text(400, "malformed form field"))
    return dict(pairs)


Handler = Callable[[Request], Awaitable[Response]]


def _answered(handler: Handler) -> Handler:
    """The handler, with its refusals and database unavailability answered."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except _Refused as refused:
            return refused.response
        except psycopg.Error as exc:
            if not _is_unavailable(exc):
                raise
            return _unavailable(exc, request.url.path)

    endpoint.__name__ = handler.__name__
    return endpoint


def twilio_webhook_routes(
    pool: PoolSource,
    settings: TwilioWebhookSettings,
    after_commit: Callable[[Request], AfterCommitNotifier | None] = lambda _request: None,
) -> list[Route]:
    def as_service_role(request: Request) -> Any:
        """A transaction as service_role whose wake-ups are sent after commit."""
        chosen = pool if isinstance(pool, AsyncConnectionPool) else pool(request)
        return service_role_transaction(chosen, after_commit(request))

    def signed_url(request: Request) -> str:
        if not settings.public_base_url:
            return str(request.url)
        query = f"?{request.url.query}" if request.url.query else ""
        return f"{settings.public_base_url.rstrip('/')}{request.url.path}{query}"

    async def signed_orgs(
        request: Request, params: dict[str, str], lookup: dict[str, Any]
    ) -> list[uuid.UUID]:
        """The candidate organizations whose auth token signed this request."""
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature or not params.get("AccountSid"):
            return []
        async with as_service_role(request) as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                queries.TWILIO_WEBHOOK_CREDENTIALS,
                {
                    "account_sid": params["AccountSid"],
                    "encryption_key": settings.encryption_key,
                    **lookup,
                },
            )
            candidates = await cur.fetchall()
        url = signed_url(request)
        return [
            row["org_id"]
            for row in candidates
            if RequestValidator(row["auth_token"]).validate(url, params, signature)
        ]

    async def status_callback(request: Request) -> Response:
        params = await _form(request)
        org_id = _uuid_or_none(request.query_params.get("org_id"))
        message_id = _uuid_or_none(request.query_params.get("message_id"))
        message_sid = params.get("MessageSid") or params.get("SmsSid")
        status = params.get("MessageStatus") or params.get("SmsStatus")
        orgs = await signed_orgs(
            request,
            params,
            {
                "org_id": org_id,
                "message_sid": message_sid,
                "to": None,
                "messaging_service_sid": None,
            },
        )
        if not orgs:
            log.warning("rejected a status callback with no valid signature")
            return _forbidden()
        if not message_sid or not status:
            return Response("MessageSid and MessageStatus are required", status_code=400)
        # A status callback is about one message of one organization: its
        # candidates are the organization its URL names (the worker asks
        # for ?org_id=) or the one that sent the message SID, so the signed
        # list has one entry (at most: a SID Twilio gave twice, the lowest id).
        async with as_service_role(request) as conn:
            await conn.execute(
                queries.RECORD_SMS_STATUS,
                {
                    "org_id": orgs[0],
                    "message_id": message_id,
                    "provider_message_id": message_sid,
                    "status": status,
                    "error_code": params.get("ErrorCode"),
                },
            )
        metrics.record_sms_status_callback(status)
        return Response(status_code=204)

    async def inbound_sms(request: Request) -> Response:
        params = await _form(request)
        orgs = await signed_orgs(
            request,
            params,
            {
                "org_id": _uuid_or_none(request.query_params.get("org_id")),
                "message_sid": None,
                "to": params.get("To"),
                "messaging_service_sid": params.get("MessagingServiceSid"),
            },
        )
        if not orgs:
            log.warning("rejected an inbound SMS with no valid signature")
            return _forbidden()
        # One call with every signed candidate: on a number several clinics
        # share, SQL applies the message to the one clinic of the
        # conversation (carrier opt-outs to all of them).
        async with as_service_role(request) as conn, conn.cursor() as cur:
            await cur.execute(
                queries.RECEIVE_INBOUND_SMS,
                {
                    "org_ids": orgs,
                    "from": params.get("From"),
                    "to": params.get("To") or params.get("MessagingServiceSid"),
                    "body": params.get("Body", ""),
                    "message_sid": params.get("MessageSid") or params.get("SmsSid"),
                },
            )
            row = await cur.fetchone()
        answer = row[0] if row else {}
        reply: str | None = answer.get("reply")
        twiml = MessagingResponse()
        if reply:
            twiml.message(reply)
        return Response(str(twiml), media_type="application/xml")

    return [
        Route(STATUS_PATH, _answered(status_callback), methods=["POST"]),
        Route(INBOUND_PATH, _answered(inbound_sms), methods=["POST"]),
    ]


def twilio_webhook_surface(settings: TwilioWebhookSettings) -> Surface:
    """The webhooks on the service's pool, their wake-ups through its notifier."""
    return Surface(
        name="sms",
        routes=twilio_webhook_routes(
            lambda request: service_state(request).pool,
            settings,
            after_commit=lambda request: service_state(request).after_commit,
        ),
        exception_handlers=JSON_ERROR_HANDLERS,
    )
