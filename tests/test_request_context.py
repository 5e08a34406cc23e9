"""shim.service_request.request_context: what the SQL of a request sees of it, shared
by the /rest/v1 endpoints, the live event feed and the pages."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from shim.events import stream as event_stream
from shim.service import request_context as service_request
from shim.service.auth import Caller

CALLER = Caller("authenticated", {"role": "authenticated"}, "Bearer a.b.c")


def _request(
    path: str, headers: dict[str, str], query: bytes = b"", method: str = "POST"
) -> Request:
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": [(k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()],
    }
    return Request(scope)


def test_the_transaction_never_sees_the_apikey_or_the_cookie_header() -> None:
    request = _request(
        "/rest/v1/rpc/f",
        {"apikey": "key", "Cookie": "a=1; b=2", "X-Custom": "yes", "Authorization": "Bearer x"},
    )
    context = service_request.request_context(request, CALLER, "public")
    assert context.headers == {"x-custom": "yes", "authorization": "Bearer a.b.c"}
    assert dict(context.cookies) == {"a": "1", "b": "2"}
    assert (context.method, context.path, context.schema) == ("POST", "/rpc/f", "public")
    assert set(service_request.HIDDEN_HEADERS) == {"cookie", "apikey"}


def test_the_event_feed_names_its_own_path_and_method() -> None:
    request = _request("/api/events", {"apikey": "key"}, method="HEAD")
    context = service_request.request_context(
        request, CALLER, "public", method="GET", path=event_stream.EVENTS_PATH
    )
    assert (context.method, context.path) == ("GET", "/api/events")
    assert "apikey" not in context.headers


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [({"apikey": "h"}, b"apikey=q", "h"), ({}, b"apikey=q", "q"), ({}, b"", None)],
)
def test_the_apikey_is_the_header_else_the_query_parameter(
    headers: dict[str, str], query: bytes, expected: str | None
) -> None:
    assert service_request.request_api_key(_request("/", headers, query)) == expected


def test_the_event_feed_uses_the_gateways_request_helpers() -> None:
    assert event_stream.request_context is service_request.request_context
    assert event_stream.request_api_key is service_request.request_api_key
    assert not hasattr(event_stream, "_context")
    assert not hasattr(event_stream, "_HIDDEN_HEADERS")
