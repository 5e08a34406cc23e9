"""One structured (JSON) log line per HTTP request, with its status and
duration, and its duration in the request-latency histogram (by the surface
that answered it: request.state.surface, set by the application's routing).

A route whose path holds a secret (the patient page's /a/<token>) sets
request.state.access_log_path to what the log shows instead.
"""

from __future__ import annotations

import json
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shim.service.metrics import record_http_request

access_log = logging.getLogger("shim.access")


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        stream = False

        async def send_with_status(message: Message) -> None:
            nonlocal status, stream
            if message["type"] == "http.response.start":
                status = message["status"]
                stream = any(
                    name.lower() == b"content-type" and value.startswith(b"text/event-stream")
                    for name, value in message.get("headers", ())
                )
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            seconds = time.perf_counter() - started
            state = scope.get("state", {})
            if not stream:  # a live feed stream lasts as long as its client stays
                record_http_request(state.get("surface", "none"), scope["method"], status, seconds)
            client = scope.get("client")
            access_log.info(
                json.dumps(
                    {
                        "method": scope["method"],
                        "path": state.get("access_log_path", scope["path"]),
                        "status": status,
                        "duration_ms": round(seconds * 1000, 2),
                        "client": client[0] if client else None,
                    },
                    ensure_ascii=False,
                )
            )
