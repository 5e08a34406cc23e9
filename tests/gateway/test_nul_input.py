"""A NUL character in a query parameter or form field of the gateway is
malformed input: 400 with PostgREST's body before the database is asked
(PostgreSQL text cannot hold it)."""

from __future__ import annotations

import httpx

READ = {"Accept-Profile": "rpc_fixtures"}
WRITE = {"Content-Profile": "rpc_fixtures"}


def assert_400(response: httpx.Response, code: str) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"code", "details", "hint", "message"}
    assert body["code"] == code


def test_nul_in_a_get_argument(http: httpx.Client) -> None:
    assert_400(http.get("/rpc/sayhello?name=jd%00oe", headers=READ), "PGRST100")
    assert_400(http.get("/rpc/sayhello?na%00me=jdoe", headers=READ), "PGRST100")


def test_nul_in_a_form_field(http: httpx.Client) -> None:
    form = {**WRITE, "Content-Type": "application/x-www-form-urlencoded"}
    assert_400(http.post("/rpc/sayhello", content=b"name=jd%00oe", headers=form), "PGRST102")
