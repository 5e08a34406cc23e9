"""shim.http_input.request_body.read_body on its own: the declared length is read as
ASCII digits, and the body is refused as soon as it passes the limit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.requests import Request

from shim.http_input.request_body import BodyTooLarge, ClientDisconnect, read_body


def _request(content_length: str | None, chunks: list[bytes], disconnect: bool = False) -> Request:
    headers = (
        [] if content_length is None else [(b"content-length", content_length.encode("latin-1"))]
    )
    pending = chunks  # consumed as the body is read

    async def receive() -> dict[str, Any]:
        if pending:
            return {"type": "http.request", "body": pending.pop(0), "more_body": True}
        if disconnect:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers, "query_string": b""}
    return Request(scope, receive)


@pytest.mark.parametrize("declared", [None, "", "\u00b2", "\u00b9\u00b9", "9" * 5000, "-1", "5"])
def test_a_declared_length_that_is_not_a_number_is_ignored(declared: str | None) -> None:
    body = asyncio.run(read_body(_request(declared, [b"ab", b"cd"]), limit=10))
    assert body == b"abcd"


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    request = _request("11", [b"x"])
    with pytest.raises(BodyTooLarge):
        asyncio.run(read_body(request, limit=10))


def test_reading_stops_once_the_limit_is_passed() -> None:
    chunks = [b"x" * 4] * 100
    request = _request(None, chunks)
    with pytest.raises(BodyTooLarge) as refused:
        asyncio.run(read_body(request, limit=10))
    assert refused.value.limit == 10
    assert len(chunks) == 100 - 3, "three chunks of 4 bytes pass a limit of 10"


def test_a_client_that_goes_away_is_client_disconnect() -> None:
    with pytest.raises(ClientDisconnect):
        asyncio.run(read_body(_request(None, [b"x"], disconnect=True), limit=10))
