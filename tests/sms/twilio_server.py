"""A local Twilio-compatible Messages API on 127.0.0.1 for tests and benches.

Accepts what the real twilio library sends (POST
/2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP basic
auth with the account SID and auth token), records every request, and
answers like Twilio: 201 with the Message resource as JSON, or an error as
{"code", "message", "more_info", "status"}. It can be told to fail: the next
N requests with a status and Twilio error code, every request to a given
number, hold requests until released (a request whose client died while
held is recorded unanswered and creates no message), or be down (port
closed: connection refused) and back up on the same port.
"""

from __future__ import annotations

import base64
import json
import select
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

ERROR_MESSAGES = {
    20003: "Authenticate",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    21211: "The 'To' number is not a valid phone number.",
    21610: "Attempt to send to unsubscribed recipient",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class ReceivedRequest:
    received_at: float
    account_sid: str
    auth_user: str | None
    params: dict[str, str]
    answered_status: int
    sid: str | None

    @property
    def to(self) -> str:
        return self.params.get("To", "")

    @property
    def body(self) -> str:
        return self.params.get("Body", "")

    @property
    def accepted(self) -> bool:
        return self.answered_status == 201


@dataclass
class _Failure:
    status: int
    code: int


@dataclass
class _State:
    accounts: dict[str, str] = field(default_factory=dict)
    requests: list[ReceivedRequest] = field(default_factory=list)
    next_failures: list[_Failure] = field(default_factory=list)
    failing_numbers: dict[str, _Failure] = field(default_factory=dict)
    hold: threading.Event | None = None
    held: int = 0


class FakeTwilio:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._state = _State()
        self._lock = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeTwilio:
        server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close the port: clients get connection refused until start()."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self.release()

    # -- configuration ----------------------------------------------------------
    def add_account(self, account_sid: str, auth_token: str) -> None:
        with self._lock:
            self._state.accounts[account_sid] = auth_token

    def fail_next(self, count: int, status: int, code: int) -> None:
        with self._lock:
            self._state.next_failures.extend(_Failure(status, code) for _ in range(count))

    def fail_number(self, number: str, status: int, code: int) -> None:
        with self._lock:
            self._state.failing_numbers[number] = _Failure(status, code)

    def hold_requests(self) -> None:
        """Keep answering nothing until release() (a slow or hung provider)."""
        with self._lock:
            self._state.hold = threading.Event()

    def release(self) -> None:
        with self._lock:
            hold, self._state.hold = self._state.hold, None
        if hold is not None:
            hold.set()

    # -- observation --------------------------------------------------------------
    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._lock:
            return list(self._state.requests)

    @property
    def accepted(self) -> list[ReceivedRequest]:
        return [r for r in self.requests if r.accepted]

    @property
    def held(self) -> int:
        with self._lock:
            return self._state.held

    def wait_for(self, predicate: object, timeout: float = 10.0) -> bool:
        """Wait until predicate(self) is true (checked on every request)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate(self):  # type: ignore[operator]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, 0.05))
            return True

    # -- request handling (called on the server's threads) --------------------------
    def _wait_if_held(self) -> None:
        with self._lock:
            hold = self._state.hold
            if hold is None:
                return
            self._state.held += 1
        hold.wait()
        with self._lock:
            self._state.held -= 1

    def _handle(
        self,
        account_sid: str,
        auth: tuple[str, str] | None,
        params: dict[str, str],
        client_gone: bool,
    ) -> tuple[int, dict[str, object]]:
        received_at = time.time()
        with self._lock:
            if client_gone:
                # The client died before we answered: like a request that never
                # reached Twilio, nothing is created (answered_status 0).
                status, payload = 0, {}
            else:
                status, payload = self._answer(account_sid, auth, params)
            self._state.requests.append(
                ReceivedRequest(
                    received_at=received_at,
                    account_sid=account_sid,
                    auth_user=auth[0] if auth else None,
                    params=params,
                    answered_status=status,
                    sid=str(payload.get("sid")) if status == 201 else None,
                )
            )
            self._lock.notify_all()
        return status, payload

    def _answer(
        self, account_sid: str, auth: tuple[str, str] | None, params: dict[str, str]
    ) -> tuple[int, dict[str, object]]:
        state = self._state
        if auth is None or state.accounts.get(auth[0]) != auth[1] or auth[0] != account_sid:
            return _error(401, 20003)
        if state.next_failures:
            failure = state.next_failures.pop(0)
            return _error(failure.status, failure.code)
        if (failure := state.failing_numbers.get(params.get("To", ""))) is not None:
            return _error(failure.status, failure.code)
        if not params.get("To") or not params.get("Body"):
            return _error(400, 21604)
        sid = "SM" + uuid.uuid4().hex
        service = params.get("MessagingServiceSid")
        now = formatdate(usegmt=True).replace("GMT", "+0000")
        return 201, {
            "sid": sid,
            "account_sid": account_sid,
            "to": params["To"],
            "from": params.get("From"),
            "messaging_service_sid": service,
            "body": params["Body"],
            "status": "accepted" if service else "queued",
            "num_segments": "1",
            "num_media": "0",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "date_created": now,
            "date_updated": now,
            "date_sent": None,
            "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}/Media.json"
            },
        }


def _error(status: int, code: int) -> tuple[int, dict[str, object]]:
    return status, {
        "code": code,
        "message": ERROR_MESSAGES.get(code, "Error"),
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def _handler_for(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as api.twilio.com

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            parts = self.path.split("?")[0].strip("/").split("/")
            if len(parts) != 4 or parts[0] != "2010-04-01" or parts[3] != "Messages.json":
                self._reply(404, {"code": 20404, "message": "not found", "status": 404})
                return
            fake._wait_if_held()
            status, payload = fake._handle(
                parts[2], self._auth(), dict(parse_qsl(raw)), self._client_gone()
            )
            if status:
                self._reply(status, payload)
            else:
                self.close_connection = True

        def _client_gone(self) -> bool:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            try:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True

        def _auth(self) -> tuple[str, str] | None:
            header = self.headers.get("Authorization", "")
            if not header.startswith("Basic "):
                return None
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return user, password

        def _reply(self, status: int, payload: dict[str, object]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
