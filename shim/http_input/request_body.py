"""Reading a request body with a size limit: the one reader of every route
that takes a body (the REST gateway, the voice agent, the Twilio webhooks).

A declared Content-Length over the limit is refused before anything is read;
otherwise the body is read chunk by chunk and refused as soon as it passes
the limit, so no client, signed or not, makes the process hold more than
`limit` bytes of it. Each caller answers in its own format.
"""

from __future__ import annotations

from starlette.requests import ClientDisconnect, Request

from shim.http_input.whole_numbers import whole_number

__all__ = ["BodyTooLarge", "ClientDisconnect", "read_body"]


class BodyTooLarge(Exception):
    """The body is (or is declared) larger than the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is larger than {limit} bytes")
        self.limit = limit


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body; BodyTooLarge beyond `limit` bytes, Starlette's
    ClientDisconnect when the client goes away before the body ends."""
    declared = whole_number(request.headers.get("content-length", ""))
    if declared is not None and declared > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)
