"""Whatever goes wrong under the pages' paths is answered as a page, with the
pages' headers: the web surface renders its own errors (never the REST
gateway's JSON), and a patient's token never reaches the access log."""

from __future__ import annotations

import logging

import httpx
import pytest

from shim.web.security import PAGE_HEADERS
from tests.web.conftest import WebServer


def assert_page(response: httpx.Response, status: int) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    for name, value in PAGE_HEADERS.items():
        assert response.headers[name] == value, name
    assert "PGRST" not in response.text


@pytest.mark.parametrize(
    "path", ["/dashboard/nope", "/dashboard/appointments/x/y/z", "/static/v1/nothing.js"]
)
def test_an_unknown_page_is_a_page(web: WebServer, path: str) -> None:
    response = httpx.get(f"{web.base_url}{path}", timeout=10)
    if path.startswith("/static/"):
        assert response.status_code == 404
        assert (
            response.headers["Content-Security-Policy"] == PAGE_HEADERS["Content-Security-Policy"]
        )
        return
    assert_page(response, 404)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_a_method_no_page_takes_is_a_page_and_logs_no_token(
    web: WebServer, method: str, caplog: pytest.LogCaptureFixture
) -> None:
    patient_token = "Q" * 43
    with caplog.at_level(logging.INFO, logger="shim.access"):
        response = httpx.request(method, f"{web.base_url}/a/{patient_token}", timeout=10)
        dashboard = httpx.request(method, f"{web.base_url}/dashboard", timeout=10)
    assert_page(response, 405)
    assert_page(dashboard, 405)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert patient_token not in logged


def test_paths_outside_the_pages_keep_the_apis_json(web: WebServer) -> None:
    response = httpx.get(f"{web.base_url}/nowhere", timeout=10)
    assert response.status_code == 404
    assert response.json()["message"] == "no Route matched with those values"
    rest = httpx.get(f"{web.base_url}/rest/v1/rpc/x", timeout=10)
    assert (rest.status_code, rest.json()["message"]) == (401, "No API key found in request")


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
@pytest.mark.parametrize("suffix", ["", "/cancel", "/reschedule", "/nowhere", "/"])
def test_the_access_log_never_shows_a_manage_token(
    web: WebServer, method: str, suffix: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Whatever the method, sub-path or status, the token is not logged."""
    patient_token = "Zq" * 21 + "Z"
    with caplog.at_level(logging.INFO, logger="shim.access"):
        response = httpx.request(method, f"{web.base_url}/a/{patient_token}{suffix}", timeout=10)
    assert response.status_code < 500
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/a/" in logged
    assert patient_token not in logged
