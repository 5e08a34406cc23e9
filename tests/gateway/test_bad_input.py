"""Bad input gets a clear 4xx with PostgREST's error body, never a 500, and the
server keeps serving afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.gateway.conftest import Gateway, raw_request

WRITE = {"Content-Profile": "rpc_fixtures"}
LIMIT = 64 * 1024  # max_body_bytes of the test gateway


def assert_clear_4xx(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "message", "details", "hint"}
    assert all(value is None or isinstance(value, str) for value in body.values())
    if code is not None:
        assert body["code"] == code


@pytest.fixture(autouse=True)
def keeps_serving(gateway: Gateway, http: httpx.Client) -> Iterator[None]:
    yield
    assert httpx.get(f"{gateway.base_url}/health").status_code == 200
    response = http.post("/rpc/sayhello", json={"name": "still here"}, headers=WRITE)
    assert response.json() == "Hello, still here"


def test_unknown_function(http: httpx.Client) -> None:
    assert_clear_4xx(http.post("/rpc/no_such_function", json={}), 404, "PGRST202")
    assert_clear_4xx(http.post("/rpc/'; drop table x; --", json={}), 404, "PGRST202")
    assert_clear_4xx(http.post("/rpc/" + "x" * 5000, json={}), 404, "PGRST202")


def test_wrong_types(http: httpx.Client) -> None:
    response = http.post("/rpc/add_them", json={"a": "one", "b": 2}, headers=WRITE)
    assert_clear_4xx(response, 400, "22P02")
    response = http.post("/rpc/add_them", content=b'{"a": 1e999, "b": 2}', headers=WRITE)
    assert_clear_4xx(response, 400)
    response = http.post("/rpc/add_them", json={"a": [1], "b": {"x": 1}}, headers=WRITE)
    assert_clear_4xx(response, 400)
    response = http.post("/rpc/sayhello", content=b'{"name": "\\u0000"}', headers=WRITE)
    assert_clear_4xx(response, 400, "22P05")
    response = http.post("/rpc/sayhello", content=b'{"name": "\\ud800"}', headers=WRITE)
    assert_clear_4xx(response, 400)


def test_a_body_over_the_limit_gives_413(http: httpx.Client) -> None:
    big = b'{"name": "' + b"x" * LIMIT + b'"}'
    assert_clear_4xx(http.post("/rpc/sayhello", content=big, headers=WRITE), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies while reading
        yield b'{"name": "'
        for _ in range(LIMIT // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    assert_clear_4xx(http.post("/rpc/sayhello", content=chunks(), headers=WRITE), 413)
    under = b'{"name": "' + b"x" * (LIMIT - 100) + b'"}'
    assert http.post("/rpc/sayhello", content=under, headers=WRITE).status_code == 200


@pytest.mark.parametrize(
    "body",
    [b"sdfsdf", b"{", b'{"name": }', b"\xff\xfe{}", b'{"name": "\xc3\x28"}', b"[1, 2"],
    ids=["text", "unclosed", "missing value", "bom garbage", "invalid utf-8", "unclosed array"],
)
def test_malformed_json_gives_400(http: httpx.Client, body: bytes) -> None:
    response = http.post("/rpc/sayhello", content=body, headers=WRITE)
    assert_clear_4xx(response, 400, "PGRST102")
    assert response.json()["message"] == "Empty or invalid json"


def test_deeply_nested_json_gives_400(http: httpx.Client) -> None:
    for depth in (65, 5_000, 30_000):
        body = b'{"arg": ' + b"[" * depth + b"]" * depth + b"}"
        response = http.post("/rpc/json_argument", content=body, headers=WRITE)
        assert_clear_4xx(response, 400, "PGRST102")
    ok = b'{"arg": ' + b"[" * 60 + b"]" * 60 + b"}"
    assert http.post("/rpc/json_argument", content=ok, headers=WRITE).json() == "array"


def test_unsupported_content_type_gives_400(http: httpx.Client) -> None:
    headers = {**WRITE, "Content-Type": "text/csv"}
    response = http.post("/rpc/sayhello", content=b"name\nx", headers=headers)
    assert_clear_4xx(response, 400, "PGRST102")
    assert response.json()["message"] == "Content-Type not acceptable: text/csv"


def test_a_missing_content_type_means_json(gateway: Gateway) -> None:
    response = raw_request(
        gateway,
        b"POST /rest/v1/rpc/sayhello HTTP/1.1",
        {"apikey": gateway.anon_key, **WRITE},
        b'{"name": "x"}',
    )
    assert response.json() == "Hello, x"


def test_missing_headers(gateway: Gateway) -> None:
    response = httpx.post(f"{gateway.rest_url}/rpc/sayhello", json={"name": "x"})
    assert_clear_4xx(response, 401)
    response = raw_request(gateway, b"GET /rest/v1/rpc/sayhello?name=x HTTP/1.1", {})
    assert_clear_4xx(response, 401)


def test_invalid_utf8_in_the_url_and_headers(gateway: Gateway) -> None:
    headers = {"apikey": gateway.anon_key, "Accept-Profile": "rpc_fixtures", "X-Odd": "\xff\xfe"}
    response = raw_request(gateway, b"GET /rest/v1/rpc/sayhello?name=%ff%fe HTTP/1.1", headers)
    assert response.status_code == 200
    response = raw_request(gateway, b"GET /rest/v1/rpc/say%ffhello HTTP/1.1", headers)
    assert_clear_4xx(response, 404, "PGRST202")


def test_odd_accept_prefer_and_range_headers(http: httpx.Client) -> None:
    response = http.post("/rpc/sayhello", json={"name": "x"}, headers={**WRITE, "Accept": ";;,,"})
    assert_clear_4xx(response, 406, "PGRST107")
    strict = {**WRITE, "Prefer": "handling=strict, bogus=1"}
    assert_clear_4xx(
        http.post("/rpc/sayhello", json={"name": "x"}, headers=strict), 400, "PGRST122"
    )
    lenient = {**WRITE, "Prefer": "bogus=1", "Range": "garbage"}
    assert http.post("/rpc/sayhello", json={"name": "x"}, headers=lenient).status_code == 200
    backwards = {"Accept-Profile": "rpc_fixtures", "Range": "5-1"}
    response = http.get("/rpc/getitemrange?min=1&max=3", headers=backwards)
    assert_clear_4xx(response, 416, "PGRST103")


def test_many_unknown_keys(http: httpx.Client) -> None:
    body = {f"key_{i}": i for i in range(3000)}
    response = http.post("/rpc/sayhello", json=body, headers=WRITE)
    assert_clear_4xx(response, 404, "PGRST202")
    assert response.json()["hint"] is None


def test_paths_that_are_not_functions(http: httpx.Client, gateway: Gateway) -> None:
    assert_clear_4xx(http.get("/appointments"), 404, "PGRST205")
    assert_clear_4xx(http.get("/a/b/c"), 404, "PGRST125")
    assert_clear_4xx(http.post("/", json={}), 405, "PGRST117")
    response = httpx.get(f"{gateway.base_url}/nowhere")
    assert_clear_4xx(response, 404)


READ = {"Accept-Profile": "rpc_fixtures"}


@pytest.mark.parametrize(
    "value",
    ["--5", "\u00b2", "\u0661\u0662", "1e3", "+5", "5-", "0x10", "1.0", "9" * 20, "9" * 5000],
    ids=[
        "double minus", "superscript two", "arabic-indic digits", "exponent", "plus", "minus after",
        "hex", "decimal", "beyond bigint", "beyond int() digit limit",
    ],
)  # fmt: skip
@pytest.mark.parametrize("name", ["limit", "offset"])
def test_a_limit_or_offset_that_is_not_a_whole_number_gives_400(
    http: httpx.Client, name: str, value: str
) -> None:
    params = {"min": "2", "max": "4", name: value}
    response = http.get("/rpc/getitemrange", params=params, headers=READ)
    assert_clear_4xx(response, 400, "PGRST100")
    response = http.post(
        "/rpc/getitemrange", params={name: value}, json={"min": 2, "max": 4}, headers=WRITE
    )
    assert_clear_4xx(response, 400, "PGRST100")


def test_whole_number_limits_and_offsets_still_page(http: httpx.Client) -> None:
    params = {"min": "2", "max": "4", "limit": " 1 ", "offset": "-3"}  # a negative offset is 0
    response = http.get("/rpc/getitemrange", params=params, headers=READ)
    assert (response.status_code, response.json()) == (200, [{"id": 3}])
    blank = http.get(
        "/rpc/getitemrange", params={"min": "2", "max": "4", "limit": ""}, headers=READ
    )
    assert (blank.status_code, blank.json()) == (200, [{"id": 3}, {"id": 4}])  # as if absent
    negative = http.get(
        "/rpc/getitemrange", params={"min": "2", "max": "4", "limit": "-1"}, headers=READ
    )
    assert_clear_4xx(negative, 416, "PGRST103")


def test_a_range_header_with_too_many_digits_is_ignored(http: httpx.Client) -> None:
    for bound in ("9" * 5000, "9" * 20):
        response = http.get(
            "/rpc/getitemrange?min=2&max=4", headers={**READ, "Range": f"0-{bound}"}
        )
        assert (response.status_code, response.json()) == (200, [{"id": 3}, {"id": 4}])
