"""A bound on the size of a request's head (request line plus headers),
whatever HTTP parser uvicorn runs.

httptools (llhttp) has no limit of its own: it keeps a header that arrives
in pieces until it ends, so a 64 MiB header was read whole. The protocol
here counts the bytes of each request's head as they are read, before the
parser sees them (up to the blank line that ends the head; a pipelined
request that begins inside a read is counted from the next read on), and
past the limit answers 431 (Request Header Fields Too
Large) and closes the connection; at most the limit plus one read (asyncio
reads at most 256 KiB) is ever held. h11 has a limit on incomplete heads
only (a whole head in one read passes): the same guard wraps it.

    uvicorn.Config(app, **server_options(max_head_bytes))

Setting (environment): MAX_REQUEST_HEAD_BYTES, default 16384 (16 KiB).
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from shim.http_input.whole_numbers import whole_number

__all__ = ["DEFAULT_MAX_HEAD_BYTES", "max_head_bytes", "server_options"]

DEFAULT_MAX_HEAD_BYTES = 16 * 1024
_TOO_LARGE = b"Request header fields too large"


def max_head_bytes(env: dict[str, str] | Any) -> int:
    """MAX_REQUEST_HEAD_BYTES (at least 1024), else 16 KiB; ValueError when malformed."""
    raw = env.get("MAX_REQUEST_HEAD_BYTES")
    if raw is None or raw == "":
        return DEFAULT_MAX_HEAD_BYTES
    value = whole_number(raw.strip())
    if value is None or value < 1024:
        raise ValueError("MAX_REQUEST_HEAD_BYTES must be a whole number of at least 1024")
    return value


class _HeadLimit:
    """Counts a request's head as it is read and answers 431 past `limit`.

    Mixed into uvicorn's protocols (before them, so data_received runs
    first): the head ends at the first blank line; the count starts again
    with the connection's next request."""

    limit = DEFAULT_MAX_HEAD_BYTES
    transport: Any
    _head_bytes = 0
    _in_head = True
    _tail = b""  # the last bytes read: the blank line may straddle two reads

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            window = self._tail + data
            end = window.find(b"\r\n\r\n")
            self._head_bytes += len(data) if end < 0 else max(0, end + 4 - len(self._tail))
            if self._head_bytes > self.limit:
                self._refuse()
                return
            self._in_head = end < 0
            self._tail = window[-3:]
        super().data_received(data)  # type: ignore[misc]

    def _next_request(self) -> None:
        self._in_head, self._head_bytes, self._tail = True, 0, b""

    def _refuse(self) -> None:
        if self.transport.is_closing():
            return
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: text/plain; charset=utf-8\r\n"
            b"content-length: " + str(len(_TOO_LARGE)).encode() + b"\r\n"
            b"connection: close\r\n\r\n" + _TOO_LARGE
        )
        self.transport.close()


class _HeadLimitedHttpTools(_HeadLimit, HttpToolsProtocol):
    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._next_request()


class _HeadLimitedH11(_HeadLimit, H11Protocol):
    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._next_request()


def server_options(
    limit: int = DEFAULT_MAX_HEAD_BYTES, parser: str = "httptools"
) -> dict[str, Any]:
    """uvicorn.Config keyword arguments that bound request heads to `limit`
    bytes, with the httptools parser (uvicorn's choice when installed) or h11."""
    base = _HeadLimitedH11 if parser == "h11" else _HeadLimitedHttpTools
    protocol = type(f"HeadLimited{base.__name__}", (base,), {"limit": limit})
    return {"http": protocol, "h11_max_incomplete_event_size": limit}
