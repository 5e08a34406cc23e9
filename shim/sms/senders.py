"""SMS senders: hand one outbox message to a provider and say what happened.

`ConsoleSender` prints the SMS (development: `make run` works without a
Twilio account; it prints one-time codes in clear, so never in production).
`TwilioSender` uses the official twilio library; its HTTP client can point
at another base URL (TWILIO_API_BASE_URL), which is how the tests run the
real library against a local Twilio-compatible server.

Senders decide nothing: whether a failure is retried, and what it means for
the message, is up to booking.record_sms_failure in SQL.
"""

from __future__ import annotations

import sys
import threading
import uuid
from dataclasses import dataclass
from typing import Any, TextIO
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

TWILIO_API_BASE_URL = "https://api.twilio.com"


@dataclass(frozen=True)
class OutgoingSms:
    """A claimed outbox message (a row of booking.claim_sms_batch)."""

    org_id: uuid.UUID
    message_id: uuid.UUID
    kind: str
    recipient: str
    body: str
    attempts: int


@dataclass(frozen=True)
class TwilioAccount:
    """An organization's Twilio settings (booking.twilio_credentials)."""

    account_sid: str
    auth_token: str
    from_number: str | None
    messaging_service_sid: str | None


@dataclass(frozen=True)
class Accepted:
    """The provider took the message."""

    provider: str
    provider_message_id: str
    provider_status: str


@dataclass(frozen=True)
class Failed:
    """The provider refused the message, or could not be reached.

    http_status is None when no HTTP answer came (network error) or the
    worker could not even try.
    """

    http_status: int | None
    error_code: str
    error_message: str


SendOutcome = Accepted | Failed


class ConsoleSender:
    """Prints each SMS and reports it sent (no delivery receipts follow)."""

    def __init__(self, out: TextIO | None = None) -> None:
        self._out = out or sys.stdout
        self._lock = threading.Lock()

    def send(self, sms: OutgoingSms) -> Accepted:
        with self._lock:
            print(f"[sms {sms.kind} to {sms.recipient}] {sms.body}", file=self._out, flush=True)
        return Accepted("console", f"console-{uuid.uuid4().hex}", "sent")


class BaseUrlHttpClient(TwilioHttpClient):
    """The library's own HTTP client, sending requests for *.twilio.com to
    another base URL (a Twilio-compatible server) when one is configured."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._base = urlsplit(base_url.rstrip("/"))

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        return super().request(
            method,
            self._rebase(url),
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )

    def _rebase(self, url: str) -> str:
        parts = urlsplit(url)
        if not (parts.hostname or "").endswith("twilio.com"):
            return url
        return urlunsplit(
            parts._replace(
                scheme=self._base.scheme,
                netloc=self._base.netloc,
                path=self._base.path + parts.path,
            )
        )


class TwilioSender:
    """Sends through Twilio's Messages API with the organization's account.

    One HTTP client per thread: the library's client wraps a requests
    Session, which is not meant to be shared between threads.
    """

    def __init__(self, api_base_url: str = TWILIO_API_BASE_URL, timeout: float = 15.0) -> None:
        self._api_base_url = api_base_url
        self._timeout = timeout
        self._local = threading.local()

    def _http_client(self) -> BaseUrlHttpClient:
        client: BaseUrlHttpClient | None = getattr(self._local, "client", None)
        if client is None:
            client = BaseUrlHttpClient(self._api_base_url, self._timeout)
            self._local.client = client
        return client

    def send(
        self, sms: OutgoingSms, account: TwilioAccount, status_callback: str | None
    ) -> SendOutcome:
        client = Client(account.account_sid, account.auth_token, http_client=self._http_client())
        arguments: dict[str, Any] = {"to": sms.recipient, "body": sms.body}
        if account.messaging_service_sid:
            arguments["messaging_service_sid"] = account.messaging_service_sid
        else:
            arguments["from_"] = account.from_number
        if status_callback:
            arguments["status_callback"] = status_callback
        try:
            message = client.messages.create(**arguments)
        except TwilioRestException as exc:
            code = str(exc.code) if exc.code is not None else f"HTTP_{exc.status}"
            return Failed(exc.status, code, exc.msg or str(exc))
        except requests.RequestException as exc:
            return Failed(None, "NETWORK", f"{type(exc).__name__}: {exc}")
        if not message.sid:
            return Failed(None, "NO_MESSAGE_SID", "the provider answered without a message sid")
        return Accepted("twilio", message.sid, str(message.status or "queued"))
