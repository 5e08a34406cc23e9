"""The pages' small shared rules, without a server: the named paths, when a
refusal of the database means "signed out", and the date parameter."""

from __future__ import annotations

import pytest

from shim.service.errors import ServiceError, jwt_error, role_not_allowed
from shim.web.page_responses import local_date, signed_out
from shim.web.paths import PATHS, page_url
from shim.web.templates import ENVIRONMENT, static_url


def test_page_url_fills_the_path_and_puts_the_rest_in_the_query() -> None:
    appointment = "6f1c2d4e-0000-4000-8000-000000000001"
    assert page_url("dashboard") == "/dashboard"
    assert page_url("dashboard", notice="cancelled") == "/dashboard?notice=cancelled"
    assert page_url("dashboard", error=None) == "/dashboard"
    assert (
        page_url("appointment_reschedule", appointment_id=appointment, error="SLOT_UNAVAILABLE")
        == f"/dashboard/appointments/{appointment}/reschedule?error=SLOT_UNAVAILABLE"
    )
    assert page_url("manage_cancel", token="a/b c") == "/a/a%2Fb%20c/cancel"
    assert page_url("dashboard_events", last_event_id="12-3") == (
        "/dashboard/events?last_event_id=12-3"
    )
    with pytest.raises(KeyError):
        page_url("manage")  # its token is missing


def test_templates_and_static_files_use_the_same_paths() -> None:
    assert ENVIRONMENT.globals["page_url"] is page_url
    assert static_url("app.css").startswith("/static/")
    assert PATHS["static"] == "/static/{version}/{name}"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (jwt_error("PGRST301", "JWT expired"), True),
        (jwt_error("PGRST303", "JWT claims invalid"), True),
        (ServiceError(403, "42501", "not allowed to read organization"), True),
        (role_not_allowed("nobody", exists=False, authenticated=True), True),
        (role_not_allowed("postgres", exists=True, authenticated=True), True),
        (ServiceError(400, "22023", "p_org_id and p_appointment_id are required"), False),
        (ServiceError(400, "22P02", "invalid input syntax for type timestamp"), False),
        (ServiceError(503, "PGRST001", "Database client error. Retrying the connection."), False),
    ],
)
def test_signed_out_is_decided_by_what_the_error_means(error: ServiceError, expected: bool) -> None:
    assert signed_out(error) is expected


def test_a_bad_date_parameter_falls_back_to_the_default() -> None:
    assert local_date("2026-03-04", "2026-01-01") == "2026-03-04"
    for raw in (None, "", "2026-02-30", "yesterday"):
        assert local_date(raw, "2026-01-01") == "2026-01-01"
