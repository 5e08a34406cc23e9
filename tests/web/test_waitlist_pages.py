"""The waitlist's pages in a real browser (issue 25): the offer page a
waitlisted patient opens from the offer SMS (take the time: booked; too
late: "just taken", still on the list; leave the list), with and without
JavaScript, at a phone's width, with the manage page's headers; the manage
page's "tell me if an earlier time opens"; the staff's waitlist page (add,
remove, refusals in words, live); the settings' waitlist section; the
waitlist's events in the live feed's words."""

from __future__ import annotations

import logging
import os
import re
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from psycopg.types.json import Jsonb

from shim.web.security import CONTENT_SECURITY_POLICY
from tests.fixtures import Clinic, local_date, local_noon, unique_phone
from tests.web.conftest import (
    DOCS,
    WebServer,
    book_via_rest,
    manage_link,
    next_slot,
    sign_in,
    wait_live,
)
from tests.web.test_layout_and_screenshots import assert_fits_and_is_labelled
from tests.web.test_staff_accounts import PASSWORD, create_account, sign_in_with_password

OFFER_LINK = re.compile(r"https?://[^\s/]+(?::\d+)?(/w/[A-Za-z0-9_-]+)")
TAKEN = "Sorry, that time was just taken — you stay on the waitlist"


# -- setting a clinic's waitlist up ----------------------------------------------------------
def _answer(db: psycopg.Connection, query: str, params: tuple[Any, ...]) -> dict[str, Any]:
    row = db.execute(query, params).fetchone()
    assert row is not None
    answer: dict[str, Any] = row[0]
    return answer


def enable_waitlist(db: psycopg.Connection, clinic: Clinic, **settings: Any) -> None:
    """The waitlist on, without quiet hours (the tests run at any hour)."""
    wanted = {"enabled": True, "quiet_start": "00:00", "quiet_end": "00:00", **settings}
    answer = _answer(
        db, "select public.set_waitlist_settings(%s, %s)", (clinic.org_id, Jsonb(wanted))
    )
    assert answer["success"] is True, answer
    answer = _answer(
        db,
        "select public.upsert_service_type(p_org_id => %s, p_calendar_id => 'cal-1',"
        " p_service_type => 'consultation', p_duration_minutes => 30, p_value_cents => 0,"
        " p_active => true, p_display_name => 'Consultation')",
        (clinic.org_id,),
    )
    assert answer["success"] is True, answer


def join(db: psycopg.Connection, clinic: Clinic, name: str, phone: str | None = None) -> str:
    answer = _answer(
        db,
        "select public.join_waitlist(%s, %s, %s, 'consultation')",
        (clinic.org_id, name, phone or unique_phone()),
    )
    assert answer["success"] is True, answer
    return str(answer["waitlist_entry_id"])


def free_a_time(web: WebServer, clinic: Clinic, at: datetime | None = None) -> datetime:
    """A booking, then its cancellation: a freed time the waitlist is offered."""
    at = at or next_slot()
    booked = book_via_rest(web, clinic, name="Carl Canceller", at=at)
    answer = web.rest(
        "cancel_appointment",
        {
            "p_org_id": str(clinic.org_id),
            "p_appointment_id": booked["appointment_id"],
            "p_reason": "test",
        },
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["success"] is True, answer.text
    return at


def offer_links(db: psycopg.Connection, web: WebServer, clinic: Clinic) -> dict[str, str]:
    """Each offered patient's name -> the link in their offer SMS, on this server."""
    rows = db.execute(
        "select c.name, o.body from booking.sms_outbox o"
        " join booking.waitlist_offers w on w.org_id = o.org_id and w.message_id = o.id"
        " join booking.waitlist_entries e on e.org_id = w.org_id and e.id = w.entry_id"
        " join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id"
        " where o.org_id = %s and o.kind = 'waitlist_offer'",
        (clinic.org_id,),
    ).fetchall()
    links = {}
    for name, body in rows:
        found = OFFER_LINK.search(body)
        assert found is not None, f"no offer link in {body!r}"
        links[name] = web.base_url + found.group(1)
    return links


def entry_status(db: psycopg.Connection, entry_id: str) -> str:
    row = db.execute("select status from booking.waitlist_entries where id = %s", (entry_id,))
    found = row.fetchone()
    assert found is not None
    return str(found[0])


def booked_at(db: psycopg.Connection, clinic: Clinic, at: datetime) -> list[str]:
    """The names of the patients with a live appointment starting at `at`."""
    rows = db.execute(
        "select c.name from booking.appointments a"
        " join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id"
        " where a.org_id = %s and a.scheduled_at = %s and a.status in ('scheduled', 'confirmed')",
        (clinic.org_id, at),
    ).fetchall()
    return [row[0] for row in rows]


def fits_the_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


# -- the offer page ----------------------------------------------------------------------------
def take_and_lose(
    first: BrowserContext,
    second: BrowserContext,
    web: WebServer,
    clinic: Clinic,
    db: psycopg.Connection,
) -> None:
    enable_waitlist(db, clinic)
    ada = join(db, clinic, "Ada Waiting")
    ben = join(db, clinic, "Ben Waiting")
    at = free_a_time(web, clinic)
    links = offer_links(db, web, clinic)
    assert set(links) == {"Ada Waiting", "Ben Waiting"}

    ada_page, ben_page = first.new_page(), second.new_page()
    response = ada_page.goto(links["Ada Waiting"])
    assert response is not None
    assert response.status == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    facts = ada_page.locator(".facts")
    expect(facts).to_contain_text(clinic.name)
    expect(facts).to_contain_text("Consultation")
    expect(facts.locator(".offer-ends")).to_contain_text("at ")
    assert fits_the_width(ada_page)
    ben_page.goto(links["Ben Waiting"])  # Ben reads the offer too, then waits

    ada_page.get_by_role("button", name="Take this time").click()
    expect(ada_page.get_by_role("heading", name="You're booked")).to_be_visible()
    expect(ada_page.get_by_role("status")).to_contain_text("You're booked: Consultation on")
    expect(ada_page.get_by_role("button", name="Take this time")).to_have_count(0)
    assert booked_at(db, clinic, at) == ["Ada Waiting"]
    assert entry_status(db, ada) == "booked"

    # Ben's page still shows the button: his claim is told, in words, it lost.
    ben_page.get_by_role("button", name="Take this time").click()
    expect(ben_page.locator("main")).to_contain_text(TAKEN)
    expect(ben_page.get_by_role("button", name="Take this time")).to_have_count(0)
    assert booked_at(db, clinic, at) == ["Ada Waiting"]
    assert entry_status(db, ben) == "open"

    # He leaves the list from the same page.
    ben_page.get_by_role("button", name="Take me off the waitlist").click()
    expect(ben_page.get_by_role("status")).to_contain_text("You're off the waitlist")
    expect(ben_page.get_by_role("button", name="Take me off the waitlist")).to_have_count(0)
    assert entry_status(db, ben) == "left"
    assert fits_the_width(ben_page)


def test_the_first_patient_takes_the_time_the_second_is_told_and_leaves(
    browser: Browser, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    phones = [
        browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
        for _ in range(2)
    ]
    try:
        take_and_lose(phones[0], phones[1], web, clinic, db)
    finally:
        for context in phones:
            context.close()


def test_the_offer_page_works_without_javascript(
    browser: Browser, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    contexts = [
        browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
        for _ in range(2)
    ]
    try:
        take_and_lose(contexts[0], contexts[1], web, clinic, db)
    finally:
        for context in contexts:
            context.close()


def test_an_offer_that_ran_out_says_so_and_the_patient_stays_on_the_list(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    enable_waitlist(db, clinic, batch_size=1)
    entry = join(db, clinic, "Cleo Late")
    free_a_time(web, clinic)
    link = offer_links(db, web, clinic)["Cleo Late"]
    page.goto(link)
    db.execute(
        "update booking.waitlist_offers set expires_at = now() - interval '1 minute'"
        " where org_id = %s and entry_id = %s",
        (clinic.org_id, entry),
    )
    page.get_by_role("button", name="Take this time").click()
    expect(page.locator("main")).to_contain_text("This offer has ended — you stay on the waitlist")
    expect(page.get_by_role("button", name="Take this time")).to_have_count(0)
    assert entry_status(db, entry) == "open"


def test_an_unknown_or_malformed_offer_link_is_the_plain_not_found_page(
    web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    manage_404 = httpx.get(f"{web.base_url}/a/{secrets.token_urlsafe(24)}", timeout=10)
    assert manage_404.status_code == 404
    for path in (
        f"/w/{secrets.token_urlsafe(24)}",
        "/w/short",
        "/w/%00%00",
        f"/w/{secrets.token_urlsafe(24)}/else",
    ):
        response = httpx.get(web.base_url + path, timeout=10)
        assert response.status_code == 404, path
        assert response.text == manage_404.text, path
        assert response.headers["referrer-policy"] == "no-referrer"
    # A claim or a leave of an unknown link, with a well-formed form: the same page.
    browser = httpx.Client(base_url=web.base_url, timeout=10)
    for action in ("claim", "leave"):
        response = browser.post(
            f"/w/{secrets.token_urlsafe(24)}/{action}", data={"csrf_token": "0" * 64}
        )
        assert response.status_code in (403, 404), response.status_code
        assert response.status_code < 500


def test_the_access_log_never_shows_an_offer_token(
    web: WebServer, caplog: pytest.LogCaptureFixture
) -> None:
    token = "W" * 43
    with caplog.at_level(logging.INFO, logger="shim.access"):
        httpx.get(f"{web.base_url}/w/{token}", timeout=10)
        httpx.post(f"{web.base_url}/w/{token}/claim", timeout=10)
        httpx.get(f"{web.base_url}/w/{token}/else", timeout=10)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert '"path": "/w/<token>"' in logged
    assert '"path": "/w/<path>"' in logged
    assert token not in logged


def test_the_offer_forms_are_csrf_protected(
    web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    enable_waitlist(db, clinic, batch_size=1)
    entry = join(db, clinic, "Dan Forged")
    free_a_time(web, clinic)
    link = offer_links(db, web, clinic)["Dan Forged"]
    browser = httpx.Client(timeout=10)
    page = browser.get(link)
    assert page.status_code == 200
    for action in ("claim", "leave"):
        forged = browser.post(f"{link}/{action}", data={"csrf_token": "0" * 64})
        assert forged.status_code == 403
        assert "This form has expired" in forged.text
    assert entry_status(db, entry) == "open"


# -- the manage page: an earlier time -----------------------------------------------------------
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_patient_asks_for_an_earlier_time_and_stops(
    browser: Browser, web: WebServer, clinic: Clinic, db: psycopg.Connection, javascript: bool
) -> None:
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 360, "height": 740}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        booked = book_via_rest(web, clinic, name="Eve Early", at=local_noon(6))
        link = manage_link(db, web, clinic, booked["appointment_id"])
        page.goto(link)
        # The waitlist is off: no such control.
        expect(page.get_by_role("button", name="Tell me if an earlier time opens")).to_have_count(0)

        enable_waitlist(db, clinic)
        page.goto(link)
        page.get_by_role("button", name="Tell me if an earlier time opens").click()
        expect(page.get_by_role("status")).to_contain_text("on the waitlist for an earlier time")
        expect(page.locator(".earlier-state")).to_contain_text(
            "We'll text you if an earlier time opens"
        )
        row = db.execute(
            "select status from booking.waitlist_entries where org_id = %s and appointment_id = %s",
            (clinic.org_id, booked["appointment_id"]),
        ).fetchall()
        assert [r[0] for r in row] == ["open"]
        assert fits_the_width(page)

        page.get_by_role("button", name=re.compile("^Stop")).click()
        expect(page.get_by_role("status")).to_contain_text("You're off the waitlist")
        expect(page.get_by_role("button", name="Tell me if an earlier time opens")).to_be_visible()
        row = db.execute(
            "select status from booking.waitlist_entries where org_id = %s and appointment_id = %s",
            (clinic.org_id, booked["appointment_id"]),
        ).fetchall()
        assert [r[0] for r in row] == ["left"]

        # Turned off while the page is open: the refusal is said in words.
        answer = _answer(
            db,
            "select public.set_waitlist_settings(%s, %s)",
            (clinic.org_id, Jsonb({"enabled": False})),
        )
        assert answer["success"] is True, answer
        page.get_by_role("button", name="Tell me if an earlier time opens").click()
        expect(page.get_by_role("alert")).to_have_text("The clinic's waitlist is turned off.")
        expect(page.get_by_role("button", name="Tell me if an earlier time opens")).to_have_count(0)
    finally:
        context.close()


# -- the staff's waitlist page -------------------------------------------------------------------
def test_the_front_desk_adds_and_removes_and_the_page_is_live(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    sign_in(page, web, web.member_token(clinic.org_id))
    wait_live(page)
    page.get_by_role("link", name="Waitlist").first.click()
    expect(page.get_by_role("heading", name="Waitlist", level=1)).to_be_visible()
    expect(page.locator(".waitlist-state")).to_contain_text("The waitlist is turned off")
    expect(page.get_by_role("button", name="Add to the waitlist")).to_have_count(0)

    enable_waitlist(db, clinic, batch_size=2, offer_minutes=20)
    page.reload()
    expect(page.locator(".waitlist-state")).to_contain_text("2 matching patients at a time")
    expect(page.locator("#weeks-heading + p + p")).to_have_text(
        "No time has freed up in the last 8 weeks."
    )

    # A refusal in words, with what was typed kept.
    first_day = local_date(3)
    page.get_by_label("Patient's name").fill("Fay Form")
    page.get_by_label("Mobile phone").fill(unique_phone())
    page.get_by_label("Service").select_option("consultation")
    page.get_by_label("Earliest date").fill(first_day.isoformat())
    page.get_by_label("Latest date").fill((first_day - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add to the waitlist").click()
    expect(page.get_by_role("alert")).to_contain_text("Those dates cannot be used")
    expect(page.get_by_label("Patient's name")).to_have_value("Fay Form")

    page.get_by_label("Latest date").fill((first_day + timedelta(days=10)).isoformat())
    page.get_by_label("Tue").check()
    page.get_by_label("Starting from").fill("09:00")
    page.get_by_label("Starting before").fill("12:00")
    page.get_by_role("button", name="Add to the waitlist").click()
    expect(page.get_by_role("status")).to_contain_text("The patient is on the waitlist")
    rows = page.locator("table.waitlist-entries tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Fay Form")
    expect(rows.first).to_contain_text("any calendar")
    expect(rows.first).to_contain_text("by the clinic")
    entry_id = rows.first.get_attribute("data-waitlist-entry-id")
    assert entry_id is not None
    joined_by = db.execute(
        "select joined_by, weekdays from booking.waitlist_entries where id = %s", (entry_id,)
    ).fetchone()
    assert joined_by is not None
    assert joined_by[0] == "staff"
    assert list(joined_by[1]) == [2]

    # Live: a patient joins by phone, a time frees up and is offered.
    page.evaluate("window.stayedOnPage = true")
    join(db, clinic, "Gus Phone")
    expect(rows).to_have_count(2, timeout=15_000)
    expect(page.locator("table.waitlist-entries")).to_contain_text("Gus Phone")
    free_a_time(web, clinic)
    expect(page.locator(".offering li")).to_have_count(1, timeout=15_000)
    expect(page.locator("#waitlist-status")).to_have_text("The waitlist is up to date.")
    this_week = page.locator(".waitlist-weeks tbody tr")
    expect(this_week).to_have_count(1)
    expect(this_week.locator("td").first).to_have_text("1")  # one time freed
    assert page.evaluate("window.stayedOnPage") is True, "no reload"

    # Remove.
    fay = page.locator(f'tr[data-waitlist-entry-id="{entry_id}"]')
    fay.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.get_by_role("status")).to_contain_text("The patient is off the waitlist")
    expect(fay).to_have_count(0)
    assert entry_status(db, entry_id) == "left"

    # At a phone's width, the page fits (its tables scroll in their own box).
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert fits_the_width(page)


def test_the_waitlist_page_refuses_what_it_cannot_take_in_words(
    web: WebServer, clinic: Clinic, db: psycopg.Connection, make_clinic: Callable[..., Clinic]
) -> None:
    enable_waitlist(db, clinic)
    other = make_clinic()
    enable_waitlist(db, other)
    others_entry = join(db, other, "Kim Otherclinic")
    browser = httpx.Client(base_url=web.base_url, timeout=10, follow_redirects=True)
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', browser.get("/dashboard").text)
    assert csrf is not None
    browser.post(
        "/dashboard/sign-in",
        data={"access_token": web.member_token(clinic.org_id), "csrf_token": csrf.group(1)},
    )
    page = browser.get("/dashboard/waitlist")
    assert page.status_code == 200
    assert "Kim Otherclinic" not in page.text
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert found is not None
    token = found.group(1)
    base = {"csrf_token": token, "name": "Hal Input", "phone": unique_phone()}
    cases = [
        ({**base, "service": "consultation", "earliest": "not a date"}, 400, "Give the dates"),
        ({**base, "service": "consultation", "day_start": "9am"}, 400, "hours and minutes"),
        ({**base, "service": "no-such-service"}, 409, "does not offer that service"),
        ({**base, "service": "consultation", "phone": "12"}, 409, "phone number is not valid"),
        ({**base, "service": "consultation", "name": "x" * 300}, 400, "could not be read"),
        (
            {**base, "service": "consultation", "earliest": "2001-01-01", "latest": "2001-01-02"},
            409,
            "in the past",
        ),
    ]
    for form, status, words in cases:
        response = browser.post("/dashboard/waitlist/add", data=form)
        assert response.status_code == status, (form, response.status_code)
        assert words in response.text, (form, words)
    removed = browser.post(f"/dashboard/waitlist/{uuid.uuid4()}/remove", data={"csrf_token": token})
    assert removed.status_code == 200  # followed to the page
    assert "no longer on the waitlist" in removed.text
    foreign = browser.post(f"/dashboard/waitlist/{others_entry}/remove", data={"csrf_token": token})
    assert "no longer on the waitlist" in foreign.text
    assert entry_status(db, others_entry) == "open"
    not_an_id = browser.post("/dashboard/waitlist/nonsense/remove", data={"csrf_token": token})
    assert "no longer on the waitlist" in not_an_id.text
    forged = browser.post("/dashboard/waitlist/add", data={**base, "csrf_token": "0" * 64})
    assert forged.status_code == 403


# -- the settings' waitlist section --------------------------------------------------------------
def test_an_owner_turns_the_waitlist_on_and_a_wrong_value_is_named(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    owner = create_account(web, clinic, "owner")
    sign_in_with_password(page, web, owner, PASSWORD)
    page.goto(f"{web.base_url}/dashboard/waitlist")
    page.get_by_role("link", name="Turn it on in the settings").click()
    section = page.locator("#waitlist")
    section.get_by_label("Offer freed times to the waitlist").check()
    section.get_by_label("Patients texted at a time").fill("5")
    section.get_by_label("Minutes an offer stands").fill("20")
    section.get_by_label("From").fill("21:00")
    section.get_by_label("Until").fill("07:30")
    section.get_by_role("button", name="Save the waitlist settings").click()
    expect(page.get_by_role("status")).to_have_text("The waitlist settings are saved.")
    row = db.execute(
        "select enabled, batch_size, offer_minutes, quiet_start::text, quiet_end::text"
        " from booking.waitlist_settings where org_id = %s",
        (clinic.org_id,),
    ).fetchone()
    assert row is not None
    assert tuple(row) == (True, 5, 20, "21:00:00", "07:30:00")
    expect(section.get_by_label("Patients texted at a time")).to_have_value("5")

    section.get_by_label("Patients texted at a time").fill("99")
    section.get_by_role("button", name="Save the waitlist settings").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Patients texted at a time must be a whole number from 1 to 50."
    )
    section.get_by_label("Patients texted at a time").fill("3")
    section.get_by_label("Minutes an offer stands").fill("soon")
    section.get_by_role("button", name="Save the waitlist settings").click()
    expect(page.get_by_role("alert")).to_have_text(
        "The minutes an offer stands must be a whole number from 5 to 240."
    )
    row = db.execute(
        "select batch_size, offer_minutes from booking.waitlist_settings where org_id = %s",
        (clinic.org_id,),
    ).fetchone()
    assert row is not None
    assert tuple(row) == (5, 20)


def test_the_front_desk_sees_the_waitlist_but_not_its_settings(
    page: Page, web: WebServer, clinic: Clinic
) -> None:
    desk = create_account(web, clinic, "front_desk")
    sign_in_with_password(page, web, desk, PASSWORD)
    page.goto(f"{web.base_url}/dashboard/waitlist")
    expect(page.locator(".waitlist-state")).to_contain_text(
        "An owner or administrator can turn it on"
    )
    expect(page.get_by_role("link", name="Turn it on in the settings")).to_have_count(0)


# -- the live feed in words ----------------------------------------------------------------------
def test_the_waitlist_events_reach_the_feed_in_words(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    enable_waitlist(db, clinic, batch_size=1)
    sign_in(page, web, web.member_token(clinic.org_id))
    wait_live(page)
    feed = page.locator("#feed")
    entry = join(db, clinic, "Ida Feed")
    expect(feed.locator("li[data-event-type='waitlist.joined']")).to_contain_text(
        "Ida Feed joined the waitlist"
    )
    at = free_a_time(web, clinic)
    expect(feed.locator("li[data-event-type='waitlist.offered']")).to_contain_text(
        "was offered to Ida Feed"
    )
    link = offer_links(db, web, clinic)["Ida Feed"]
    claimed = httpx.Client(timeout=10)
    form = claimed.get(link).text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form)
    assert token is not None
    claimed.post(f"{link}/claim", data={"csrf_token": token.group(1)})
    expect(feed.locator("li[data-event-type='waitlist.claimed']")).to_contain_text(
        "Ida Feed took a freed time from the waitlist"
    )
    assert booked_at(db, clinic, at) == ["Ida Feed"]
    assert entry_status(db, entry) == "booked"
    other = join(db, clinic, "Jon Leaves")
    _answer(db, "select public.leave_waitlist(%s, %s)", (clinic.org_id, other))
    expect(feed.locator("li[data-event-type='waitlist.left']")).to_contain_text(
        "Jon Leaves left the waitlist"
    )
    text = feed.inner_text()
    assert "waitlist." not in text


# -- layout -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "viewport",
    [{"width": 360, "height": 740}, {"width": 1280, "height": 900}],
    ids=["phone", "desktop"],
)
def test_the_waitlist_pages_fit_and_label_every_control(
    browser: Browser,
    web: WebServer,
    clinic: Clinic,
    db: psycopg.Connection,
    tmp_path: Path,
    viewport: dict[str, int],
) -> None:
    """Both pages fit the screen, every control labelled; with
    WRITE_SCREENSHOTS=1 their pictures go to docs/screenshots/ (docs/pages.md)."""
    screenshots = DOCS / "screenshots" if os.environ.get("WRITE_SCREENSHOTS") == "1" else tmp_path
    enable_waitlist(db, clinic)
    for name in ("Ada Lovelace", "Grace Hopper", "Katherine Johnson"):
        join(db, clinic, name)
    free_a_time(web, clinic, local_noon(2))
    name = "phone" if viewport["width"] < 500 else "desktop"
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, web, web.member_token(clinic.org_id))
        page.goto(f"{web.base_url}/dashboard/waitlist")
        expect(page.locator("table.waitlist-entries tbody tr")).to_have_count(3)
        assert_fits_and_is_labelled(page, viewport["width"])
        page.screenshot(path=screenshots / f"waitlist-{name}.png", full_page=True)

        patient = context.new_page()
        patient.goto(offer_links(db, web, clinic)["Ada Lovelace"])
        expect(patient.get_by_role("button", name="Take this time")).to_be_visible()
        assert_fits_and_is_labelled(patient, viewport["width"])
        patient.screenshot(path=screenshots / f"waitlist-offer-{name}.png", full_page=True)
    finally:
        context.close()
