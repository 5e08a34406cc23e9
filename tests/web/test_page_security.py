"""What every page answers with, checked over plain HTTP: security headers,
CSRF refusals, versioned static files, the plain 404 of an unknown patient
link, and no token in the access log."""

from __future__ import annotations

import logging
import re

import httpx
import psycopg
import pytest

from shim.web.templates import STATIC_FILES, static_url
from tests.fixtures import Clinic
from tests.web.conftest import WebServer, appointment_row, book_via_rest, manage_link

PAGES = ["/dashboard", "/a/" + "x" * 43, "/a/short"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_a_strict_csp_no_store_and_no_referrer(web: WebServer, path: str) -> None:
    response = httpx.get(f"{web.base_url}{path}", timeout=10)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_no_page_has_an_inline_script_or_style(web: WebServer) -> None:
    html = httpx.get(f"{web.base_url}/dashboard", timeout=10).text
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html
    assert " style=" not in html


def test_an_unknown_patient_link_is_a_plain_404_that_reveals_nothing(web: WebServer) -> None:
    for token in ("x" * 43, "short", "not/a/token"):
        response = httpx.get(f"{web.base_url}/a/{token}", timeout=10)
        assert response.status_code == 404
        assert "This page does not exist." in response.text
        assert "appointment" not in response.text.lower()


def test_static_files_are_versioned_and_cached_for_good(web: WebServer) -> None:
    url = static_url("dashboard.js")
    response = httpx.get(f"{web.base_url}{url}", timeout=10)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-type"].startswith("text/javascript")
    stale = httpx.get(f"{web.base_url}/static/000000000000/dashboard.js", timeout=10)
    assert stale.status_code == 404
    assert set(STATIC_FILES) >= {"app.css", "dashboard.js"}


def test_forms_without_the_csrf_token_are_refused(web: WebServer, clinic: Clinic) -> None:
    token = web.member_token(clinic.org_id)
    with httpx.Client(base_url=web.base_url, timeout=10) as browser:
        browser.get("/dashboard")  # sets the CSRF cookie
        refused = browser.post("/dashboard/sign-in", data={"access_token": token})
        assert refused.status_code == 403
        assert "dashboard_session" not in refused.cookies
        forged = browser.post(
            "/dashboard/sign-in", data={"access_token": token, "csrf_token": "0" * 64}
        )
        assert forged.status_code == 403
        page = browser.get("/dashboard").text
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
        assert csrf is not None
        signed_in = browser.post(
            "/dashboard/sign-in", data={"access_token": token, "csrf_token": csrf.group(1)}
        )
        assert signed_in.status_code == 303
        cookie = signed_in.headers["set-cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
        assert "Path=/dashboard" in cookie
        action = f"/dashboard/appointments/{clinic.org_id}/cancel"
        assert browser.post(action, data={"csrf_token": "0" * 64}).status_code == 403
        # a form posted from another site has no CSRF cookie at all
        with httpx.Client(base_url=web.base_url, timeout=10) as other_site:
            other_site.cookies.set("dashboard_session", token, path="/dashboard")
            assert other_site.post(action, data={"csrf_token": csrf.group(1)}).status_code == 403


def test_the_access_log_never_shows_a_token(
    web: WebServer, clinic: Clinic, caplog: pytest.LogCaptureFixture
) -> None:
    token = web.member_token(clinic.org_id)
    patient_token = "T" * 43
    with (
        caplog.at_level(logging.INFO, logger="shim.access"),
        httpx.Client(base_url=web.base_url, timeout=10) as browser,
    ):
        browser.get("/dashboard")
        page = browser.get("/dashboard").text
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
        assert csrf is not None
        browser.post(
            "/dashboard/sign-in", data={"access_token": token, "csrf_token": csrf.group(1)}
        )
        assert browser.get("/dashboard/panel").status_code == 200
        browser.get(f"/a/{patient_token}")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert '"path": "/a/<token>"' in logged
    assert '"path": "/dashboard/panel"' in logged
    assert token not in logged
    assert patient_token not in logged


def test_a_form_that_is_not_a_form_is_a_clear_4xx(web: WebServer, clinic: Clinic) -> None:
    response = httpx.post(
        f"{web.base_url}/dashboard/sign-in",
        content=b"{}",
        headers={"content-type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400
    too_large = httpx.post(
        f"{web.base_url}/a/{'x' * 43}/cancel",
        content=b"a=" + b"x" * 20000,
        headers={"content-type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert too_large.status_code in (400, 404)


def test_bad_input_on_the_pages_is_never_a_500(
    web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    booked = book_via_rest(web, clinic, name="Odd Input")
    link = manage_link(db, web, clinic, booked["appointment_id"])
    path = link.removeprefix(web.base_url)
    with httpx.Client(base_url=web.base_url, timeout=10) as browser:
        for date in ("0001-01-01", "9999-12-31", "2026-02-30", "yesterday", "x" * 300):
            assert browser.get(f"{path}/reschedule", params={"date": date}).status_code == 200
        page = browser.get(f"{path}/cancel").text
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
        assert csrf is not None
        for slot in ("garbage", "2026-13-45T99:00:00Z", "", "1999-01-01T10:00:00Z", "x" * 5000):
            answer = browser.post(
                f"{path}/reschedule", data={"csrf_token": csrf.group(1), "slot": slot}
            )
            assert answer.status_code == 303, (slot, answer.status_code)
            assert "error=" in answer.headers["location"]
        too_long = browser.post(
            f"{path}/cancel", data={"csrf_token": csrf.group(1), "reason": "r" * 10000}
        )
        # SQL decides the reason's length (INVALID_REASON), the page does not cut it
        assert too_long.status_code == 303
        assert "error=INVALID_REASON" in too_long.headers["location"]
        assert "at most 500 characters" in browser.get(too_long.headers["location"]).text
        # the dashboard, signed in
        sign_in_page = browser.get("/dashboard").text
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', sign_in_page)
        assert csrf is not None
        browser.post(
            "/dashboard/sign-in",
            data={"access_token": web.member_token(clinic.org_id), "csrf_token": csrf.group(1)},
        )
        staff_side = book_via_rest(web, clinic, name="Odd Staff Input")
        appointment = f"/dashboard/appointments/{staff_side['appointment_id']}"
        for date in ("0001-01-01", "9999-12-31", "nonsense"):
            assert (
                browser.get(f"{appointment}/reschedule", params={"date": date}).status_code == 200
            )
        assert browser.get("/dashboard/appointments/not-a-uuid/reschedule").status_code == 404
        dashboard = browser.get("/dashboard").text
        member_csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', dashboard)
        assert member_csrf is not None
        for action, data in (
            ("reschedule", {"slot": "garbage"}),
            ("outcome", {"status": "exploded"}),
            ("cancel", {"reason": "r" * 10000}),
        ):
            answer = browser.post(
                f"{appointment}/{action}", data={"csrf_token": member_csrf.group(1), **data}
            )
            assert answer.status_code in (303, 400), (action, answer.status_code, answer.text[:200])
        assert (
            db.execute(
                "select status from booking.appointments where id = %s",
                (staff_side["appointment_id"],),
            ).fetchone()[0]
            == "scheduled"
        ), "an over-long reason cancels nothing"


def test_a_link_cannot_make_a_page_say_something(
    web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    """?error= shows only codes the pages have a sentence for (nothing from
    the URL itself), and ?done= claims nothing: what the patient just did
    travels in a short-lived cookie, shown only when the appointment agrees."""
    made_up = "Your card was declined, call +1 900 555 0100"
    for path in ("/dashboard", f"/dashboard?error={made_up}"):
        page = httpx.get(f"{web.base_url}{path}", timeout=10).text
        assert "declined" not in page
        assert 'role="alert"' not in page
    booked = book_via_rest(web, clinic)
    link = manage_link(db, web, clinic, booked["appointment_id"])
    for query in (f"?error={made_up}", "?done=cancelled", "?done=rescheduled", "?error=BOGUS"):
        page = httpx.get(link + query, timeout=10).text
        assert "declined" not in page
        assert "BOGUS" not in page
        assert "is cancelled" not in page
        assert "is moved to" not in page
        assert 'role="status"' not in page
    known = httpx.get(link + "?error=TOO_LATE_TO_CHANGE", timeout=10).text
    assert "too close to the appointment" in known
    # a forged flash cookie does not agree with the appointment either
    forged = httpx.get(link, cookies={"page_done": "cancelled"}, timeout=10).text
    assert "is cancelled" not in forged


def test_the_patients_own_cancel_is_confirmed_once(
    web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    booked = book_via_rest(web, clinic)
    link = manage_link(db, web, clinic, booked["appointment_id"])
    with httpx.Client(timeout=10) as browser:
        page = browser.get(link + "/cancel").text
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
        assert csrf is not None
        done = browser.post(link + "/cancel", data={"csrf_token": csrf.group(1)})
        assert done.status_code == 303
        assert "done=" not in done.headers["location"]
        shown = browser.get(link).text
        assert "Your appointment is cancelled." in shown
        again = browser.get(link).text
        assert "Your appointment is cancelled." not in again  # shown once


@pytest.mark.parametrize("field", ["%00", "a%00b", "%C3%28", "%FF"])
def test_nul_or_invalid_text_in_a_page_form_is_a_400_page(
    web: WebServer, clinic: Clinic, db: psycopg.Connection, field: str
) -> None:
    """A NUL character or %-escapes that are not UTF-8, in any page form
    (the patient's, the sign-in): a 400 page, never a 5xx."""
    booked = book_via_rest(web, clinic)
    link = manage_link(db, web, clinic, booked["appointment_id"])
    with httpx.Client(timeout=10) as browser:
        page = browser.get(link + "/cancel").text
        csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
        assert csrf is not None
        for url, body in (
            (link + "/cancel", f"csrf_token={csrf.group(1)}&reason={field}"),
            (link + "/reschedule", f"csrf_token={csrf.group(1)}&slot={field}"),
            (f"{web.base_url}/dashboard/sign-in", f"email={field}&password=x"),
        ):
            answer = browser.post(
                url, content=body, headers={"content-type": "application/x-www-form-urlencoded"}
            )
            assert answer.status_code == 400, (url, answer.status_code)
            assert "<html" in answer.text.lower()
    assert appointment_row(db, clinic, booked["appointment_id"])[0] == "scheduled"
