"""The dashboard in a real browser: live updates from the event feed,
the hot lead highlight, reconnecting after the server drops the stream,
tenant isolation and the sign-in screen for bad tokens."""

from __future__ import annotations

import time
from collections.abc import Callable

import psycopg
from playwright.sync_api import BrowserContext, Page, Request, expect

from shim.service.auth import sign
from tests.fixtures import Clinic, create_org, wait_until
from tests.web.conftest import (
    JWT_SECRET,
    WebServer,
    book_via_rest,
    end_of_call_report,
    sign_in,
    wait_live,
)


def test_a_booking_made_through_the_rest_api_appears_within_one_second_without_reload(
    page: Page, web: WebServer, clinic: Clinic
) -> None:
    sign_in(page, web, web.member_token(clinic.org_id))
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    wait_live(page)
    page.evaluate("window.notReloaded = true")
    booked = book_via_rest(web, clinic, name="Grace Live")
    answered = time.monotonic()
    row = page.locator(f'tr[data-appointment-id="{booked["appointment_id"]}"]')
    row.wait_for(timeout=1000)
    elapsed = time.monotonic() - answered
    assert elapsed < 1.0
    expect(row).to_contain_text("Grace Live")
    expect(row).to_contain_text("Scheduled")
    assert page.evaluate("window.notReloaded") is True
    print(f"\nbooking visible on the dashboard {elapsed * 1000:.0f} ms after the REST answer")


def test_an_end_of_call_report_that_scores_hot_shows_the_highlighted_hot_lead(
    page: Page, web: WebServer, clinic: Clinic
) -> None:
    sign_in(page, web, web.member_token(clinic.org_id))
    wait_live(page)
    expect(page.locator(".hot-lead")).to_have_count(0)
    answer = end_of_call_report(web, clinic, "Harriet Hot")
    lead = page.locator(".hot-lead.is-new")
    lead.wait_for(timeout=2000)
    expect(lead).to_contain_text(f"score {answer['lead_score']}")
    calls = page.locator("table.calls tr.is-hot")
    expect(calls).to_have_count(1)
    expect(calls).to_contain_text(str(answer["lead_score"]))
    expect(page.locator("#feed li[data-event-type='hot_lead.created']")).to_have_count(1)


def test_the_stream_reconnects_after_the_server_drops_it_and_misses_nothing(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    streams: list[Request] = []
    page.on(
        "request",
        lambda request: streams.append(request) if "/dashboard/events" in request.url else None,
    )
    sign_in(page, web, web.member_token(clinic.org_id))
    wait_live(page)
    book_via_rest(web, clinic, name="Before Drop")
    wait_until(lambda: page.locator("#feed li").count() >= 2, timeout=5)

    assert web.proxy.drop() > 0
    names = [f"Away {n}" for n in range(4)]
    for name in names:  # committed while the stream is down or coming back
        book_via_rest(web, clinic, name=name)

    def all_events_shown() -> bool:
        total = db.execute(
            "select count(*) from booking.events where org_id = %s", (clinic.org_id,)
        ).fetchone()
        return total is not None and page.locator("#feed li").count() == total[0]

    assert wait_until(all_events_shown, timeout=10), "the feed missed events"
    ids = page.locator("#feed li").evaluate_all("items => items.map(i => i.dataset.eventId)")
    assert len(ids) == len(set(ids)), "an event was shown twice"
    assert len(streams) >= 2, "the stream was not reopened"
    first_position = streams[0].url.partition("last_event_id=")[2]
    resumed = [
        request.all_headers().get("last-event-id")
        or request.url.partition("last_event_id=")[2] != first_position
        for request in streams[1:]
    ]
    assert any(resumed), "the reconnect did not resume from the last event received"
    for name in names:
        expect(page.locator("table.appointments")).to_contain_text(name)
    wait_live(page)


def test_a_member_of_clinic_b_sees_nothing_of_clinic_a(
    context: BrowserContext, web: WebServer, make_clinic: Callable[..., Clinic]
) -> None:
    clinic_a = make_clinic("Clinic A")
    clinic_b = make_clinic("Clinic B")
    secret = book_via_rest(web, clinic_a, name="Alice Private")
    page = context.new_page()
    sign_in(page, web, web.member_token(clinic_b.org_id))
    expect(page.locator(".clinic-name")).to_have_text(clinic_b.name)
    wait_live(page)
    book_via_rest(web, clinic_a, name="Alice Later")
    end_of_call_report(web, clinic_a, "Alice Caller")
    book_via_rest(web, clinic_b, name="Bob Own")  # B's own event arrives after A's
    expect(page.locator("table.appointments")).to_contain_text("Bob Own")
    content = page.content()
    for leaked in ("Alice", clinic_a.name, str(clinic_a.org_id), secret["appointment_id"]):
        assert leaked not in content
    # A's appointment by its id: not found, as an unknown one.
    other = page.goto(
        f"{web.base_url}/dashboard/appointments/{secret['appointment_id']}/reschedule"
    )
    assert other is not None
    assert other.status == 404
    assert "Alice" not in page.content()


def test_an_expired_or_forged_token_gets_the_sign_in_screen(
    context: BrowserContext, web: WebServer, clinic: Clinic
) -> None:
    page = context.new_page()
    forged = sign(
        {"role": "authenticated", "exp": int(time.time()) + 600,
         "app_metadata": {"org_id": str(clinic.org_id)}},
        "not-the-server-secret-0123456789-abcdefghijklmnop",
    )  # fmt: skip
    expired = web.member_token(clinic.org_id, lifetime=-120)
    no_clinic = web.token({"role": "authenticated", "sub": "someone"})
    for token in (forged, expired, no_clinic, "not a jwt"):
        sign_in(page, web, token)
        expect(page.get_by_role("alert")).to_contain_text("not valid")
        expect(page.get_by_label("Access token")).to_be_visible()
        assert clinic.name not in page.content()
    # A session cookie whose token has expired since: the sign-in screen again.
    context.add_cookies(
        [{"name": "dashboard_session", "value": expired, "url": f"{web.base_url}/dashboard"}]
    )
    page.goto(f"{web.base_url}/dashboard")
    expect(page.get_by_role("alert")).to_contain_text("session has ended")
    expect(page.get_by_label("Access token")).to_be_visible()


def test_a_link_with_a_token_signs_nobody_in(page: Page, web: WebServer, clinic: Clinic) -> None:
    """Login CSRF: a link carrying another clinic's token (in its fragment,
    once auto-posted) leaves the browser on the sign-in screen."""
    token = web.member_token(clinic.org_id)
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(f"{web.base_url}/dashboard#access_token={token}")
    expect(page.get_by_label("Email")).to_be_visible()
    page.wait_for_timeout(500)  # nothing posts the token behind the user's back
    expect(page.get_by_label("Email")).to_be_visible()
    assert not [url for url in urls if token in url]
    assert page.context.cookies() == [] or all(
        cookie["name"] != "dashboard_session" for cookie in page.context.cookies()
    )


def test_signing_out_ends_the_session(page: Page, web: WebServer, db: psycopg.Connection) -> None:
    org_id = create_org(db, "Sign Out Clinic")
    sign_in(page, web, sign_token(web, str(org_id)))
    wait_live(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Access token")).to_be_visible()
    page.goto(f"{web.base_url}/dashboard")
    expect(page.get_by_label("Access token")).to_be_visible()


def sign_token(web: WebServer, org_id: str) -> str:
    return sign(
        {"role": "authenticated", "exp": int(time.time()) + 600,
         "app_metadata": {"org_id": org_id}},
        JWT_SECRET,
    )  # fmt: skip


def test_a_session_that_ends_while_the_page_is_open_shows_signed_out(
    context: BrowserContext, web: WebServer, clinic: Clinic
) -> None:
    page = context.new_page()
    sign_in(page, web, web.member_token(clinic.org_id))
    wait_live(page)
    # The token expires (here: the cookie now holds an expired one) and the
    # connection drops: the reconnect is refused, and the page says so.
    expired = web.member_token(clinic.org_id, lifetime=-120)
    context.add_cookies(
        [{"name": "dashboard_session", "value": expired, "url": f"{web.base_url}/dashboard"}]
    )
    assert web.proxy.drop() > 0
    link = page.get_by_role("link", name="Signed out — sign in again")
    link.wait_for(timeout=5000)
    link.click()
    expect(page.get_by_label("Access token")).to_be_visible()
