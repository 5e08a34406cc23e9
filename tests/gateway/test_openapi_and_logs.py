"""GET /rest/v1/ (OpenAPI from the catalog) and the access log."""

from __future__ import annotations

import json
import logging

import httpx
import psycopg
import pytest

from shim.gateway import openapi
from shim.gateway.schema_cache import ReturnShape, Routine
from tests.gateway.conftest import Gateway


def comment_of(db: psycopg.Connection, function: str) -> str:
    row = db.execute("select obj_description(%s::regprocedure, 'pg_proc')", [function]).fetchone()
    assert row is not None
    return str(row[0])


def test_openapi_lists_the_functions_with_their_comments(
    service_http: httpx.Client, db: psycopg.Connection
) -> None:
    response = service_http.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/openapi+json; charset=utf-8"
    doc = response.json()
    assert doc["swagger"] == "2.0"
    booking = doc["paths"]["/rpc/book_appointment_atomic"]
    assert set(booking) == {"post"}  # VOLATILE: no GET
    signature = "public.book_appointment_atomic(uuid, text, text, text, text, timestamptz, integer)"
    comment = comment_of(db, signature)
    # As PostgREST: the COMMENT's first line is the summary, the rest (after
    # the blank line) the description; the body schema carries it whole.
    summary, blank, *details = comment.split("\n")
    assert (summary, blank) == (booking["post"]["summary"], "")
    assert booking["post"]["description"] == "\n".join(details)
    assert booking["post"]["description"].startswith("Arguments: p_org_id;")
    args = booking["post"]["parameters"][0]["schema"]
    assert args["description"] == comment
    assert args["required"] == [
        "p_org_id", "p_patient_name", "p_patient_email", "p_patient_phone",
        "p_service_type", "p_scheduled_at", "p_duration_minutes",
    ]  # fmt: skip
    assert args["properties"]["p_scheduled_at"] == {
        "format": "timestamp with time zone",
        "type": "string",
    }
    assert args["properties"]["p_duration_minutes"] == {"format": "integer", "type": "integer"}
    assert "/rpc/create_organization" in doc["paths"]


def test_openapi_follows_privileges(
    gateway: Gateway, http: httpx.Client, two_clinics: tuple[str, str]
) -> None:
    # anon may execute only the token-gated functions in public: the manage
    # link's, a waitlist offer link's, a staff invitation's and a password reset's
    assert set(http.get("/").json()["paths"]) == {
        "/",
        "/rpc/accept_staff_invitation",
        "/rpc/claim_waitlist_offer",
        "/rpc/complete_password_reset",
        "/rpc/leave_waitlist_by_offer",
        "/rpc/manage_appointment",
        "/rpc/manage_available_slots",
        "/rpc/manage_cancel",
        "/rpc/manage_request_earlier_time",
        "/rpc/manage_reschedule",
        "/rpc/waitlist_offer",
    }
    member = {"Authorization": f"Bearer {gateway.member_token(two_clinics[0])}"}
    paths = http.get("/", headers=member).json()["paths"]
    assert "/rpc/book_appointment_atomic" in paths
    assert "/rpc/create_organization" not in paths


def test_openapi_of_another_exposed_schema(http: httpx.Client) -> None:
    doc = http.get("/", headers={"Accept-Profile": "rpc_fixtures"}).json()
    assert doc["info"]["title"] == "RPC fixtures"
    sayhello = doc["paths"]["/rpc/sayhello"]
    assert set(sayhello) == {"get", "post"}  # IMMUTABLE: GET too
    assert sayhello["get"]["summary"] == "Greets by name"
    assert sayhello["get"]["description"] == "Returns the text Hello, <name>."
    assert sayhello["post"]["summary"] == "Greets by name"
    assert "summary" not in doc["paths"]["/rpc/add_them"]["post"]  # no COMMENT
    assert "description" not in doc["paths"]["/rpc/add_them"]["post"]
    assert sayhello["get"]["parameters"] == [
        {"name": "name", "in": "query", "required": True, "format": "text", "type": "string"}
    ]


def routine_with_comment(comment: str | None) -> Routine:
    return Routine(
        oid=1,
        schema="public",
        name="f",
        description=comment,
        params=(),
        volatility="v",
        returns_set=False,
        shape=ReturnShape.SCALAR,
    )


@pytest.mark.parametrize(
    ("comment", "summary", "description"),
    [
        ("One line.", "One line.", None),
        ("Summary.\n\nDetails.\nMore details.", "Summary.", "Details.\nMore details."),
        ("Summary.\nDetails.", "Summary.", "Details."),
        ("Summary.\n\n\nDetails.", "Summary.", "Details."),
        ("Summary.\n\n", "Summary.", None),
    ],
)
def test_openapi_summary_is_the_first_line_and_description_the_rest(
    comment: str, summary: str, description: str | None
) -> None:
    doc = openapi.document(
        [routine_with_comment(comment)], schema_description=None, host="h", scheme="http"
    )
    post = doc["paths"]["/rpc/f"]["post"]
    assert post["summary"] == summary
    assert post.get("description") == description
    assert post["parameters"][0]["schema"]["description"] == comment


def test_openapi_without_comment_has_no_summary() -> None:
    doc = openapi.document(
        [routine_with_comment(None)], schema_description=None, host="h", scheme="http"
    )
    post = doc["paths"]["/rpc/f"]["post"]
    assert "summary" not in post
    assert "description" not in post


def test_openapi_rejects_other_media_types(http: httpx.Client) -> None:
    response = http.get("/", headers={"Accept": "text/csv"})
    assert (response.status_code, response.json()["code"]) == (406, "PGRST107")


def test_one_access_log_line_per_request(
    http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="shim.access"):
        http.post(
            "/rpc/sayhello", json={"name": "log"}, headers={"Content-Profile": "rpc_fixtures"}
        )
        http.post("/rpc/nothing_here", json={})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "shim.access"]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("POST", "/rest/v1/rpc/sayhello", 200),
        ("POST", "/rest/v1/rpc/nothing_here", 404),
    ]
    assert all(line["duration_ms"] >= 0 for line in lines)
