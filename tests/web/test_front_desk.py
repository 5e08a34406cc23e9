"""The front desk in a real browser (issue 23): a receptionist's morning —
today's day view, check a patient in, search a patient by part of the
name, book a walk-in inside the minimum notice, block 12:00-13:00 (the
voice agent's availability no longer offers it), mark yesterday's no-show
and correct it; the same flows without JavaScript. Plus what the pages
refuse: unknown codes in the query string, a NUL in a form, a block over
an appointment (the page names it)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import psycopg
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.fixtures import Clinic, local_noon, unique_phone
from tests.web.conftest import DOCS, WebServer, appointment_row, book_via_rest, sign_in
from tests.web.test_layout_and_screenshots import assert_fits_and_is_labelled

ZONE = ZoneInfo("America/New_York")


def local_today() -> datetime:
    return datetime.now(ZONE)


def started_today(web: WebServer, db: psycopg.Connection, clinic: Clinic, name: str) -> str:
    """An appointment of today that has started (30 minutes ago, or at local
    midnight when that was later): it may be checked in and given an outcome."""
    appointment_id: str = book_via_rest(web, clinic, name=name)["appointment_id"]
    db.execute(
        "update booking.appointments set scheduled_at = s, ends_at = s + interval '30 minutes'"
        " from (select greatest(date_trunc('minute', now()) - interval '30 minutes',"
        "   ((now() at time zone 'America/New_York')::date)::timestamp"
        "   at time zone 'America/New_York') as s) x"
        " where org_id = %s and id = %s",
        (clinic.org_id, appointment_id),
    )
    return appointment_id


def on_day(db: psycopg.Connection, clinic: Clinic, appointment_id: str, days: int) -> None:
    """Move an appointment to noon, `days` from today (negative: the past)."""
    at = local_noon(days)
    db.execute(
        "update booking.appointments set scheduled_at = %s, ends_at = %s"
        " where org_id = %s and id = %s",
        (at, at + timedelta(minutes=30), clinic.org_id, appointment_id),
    )


def history(db: psycopg.Connection, clinic: Clinic, appointment_id: str) -> list[tuple]:
    rows = db.execute(
        "select action, coalesce(reason, '') from booking.appointment_history"
        " where org_id = %s and appointment_id = %s order by occurred_at",
        (clinic.org_id, appointment_id),
    ).fetchall()
    return [tuple(row) for row in rows]


def entry(page: Page, appointment_id: str) -> Locator:
    return page.locator(f'li[data-appointment-id="{appointment_id}"]')


def check_in_and_yesterdays_no_show(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    today_id = started_today(web, db, clinic, "Tom Today")
    yesterday_id = book_via_rest(web, clinic, name="Yvonne Yesterday")["appointment_id"]
    on_day(db, clinic, yesterday_id, -1)
    future_id = book_via_rest(
        web, clinic, name="Fay Future", at=local_noon(2) + timedelta(hours=3)
    )["appointment_id"]

    page.goto(f"{web.base_url}/dashboard")
    page.get_by_role("link", name="Day view").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("(today)")
    expect(entry(page, today_id)).to_contain_text("Tom Today")
    entry(page, today_id).get_by_role("button", name="Check in").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded")
    expect(entry(page, today_id)).to_contain_text("Arrived")
    assert db.execute(
        "select checked_in_at is not null from booking.appointments where id = %s", (today_id,)
    ).fetchone() == (True,)

    # A future day: no check-in or outcome buttons (the SQL's flags).
    page.get_by_role("link", name="Next day").click()
    page.get_by_role("link", name="Next day").click()
    expect(entry(page, future_id)).to_contain_text("Fay Future")
    expect(entry(page, future_id).get_by_role("button")).to_have_count(0)

    # Yesterday: no-show, then its correction.
    page.get_by_role("link", name="Today").click()
    page.get_by_role("link", name="Previous day").click()
    expect(entry(page, yesterday_id)).to_contain_text("Yvonne Yesterday")
    entry(page, yesterday_id).get_by_role("button", name="No-show").click()
    expect(entry(page, yesterday_id)).to_contain_text("No-show")
    assert appointment_row(db, clinic, yesterday_id)[0] == "no_show"
    expect(entry(page, yesterday_id).get_by_role("button", name="No-show")).to_have_count(0)
    entry(page, yesterday_id).get_by_label("Reason (optional)").fill("Came late, we missed her")
    entry(page, yesterday_id).get_by_role("button", name="Completed").click()
    expect(entry(page, yesterday_id)).to_contain_text("Completed")
    assert appointment_row(db, clinic, yesterday_id)[0] == "completed"
    assert history(db, clinic, yesterday_id) == [
        ("no_show", ""),
        ("completed", "Came late, we missed her"),
    ]


def search_and_walk_in(page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection) -> None:
    book_via_rest(web, clinic, name="Johanna Smithers", at=local_noon(3))
    # The calendar's real rules: a 15-minute grid and two hours' notice.
    db.execute(
        "select public.set_calendar_settings(%s, 'cal-1',"
        ' \'{"slot_interval_minutes": 15, "min_notice_minutes": 120}\')',
        (clinic.org_id,),
    )
    page.goto(f"{web.base_url}/dashboard/day")
    page.get_by_role("link", name="Patients").first.click()
    page.get_by_label("Name or phone number").fill("johan")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("1 patient found")
    page.get_by_role("link", name="Johanna Smithers").click()
    expect(page.get_by_role("heading", name="Johanna Smithers")).to_be_visible()
    expect(page.get_by_role("heading", name="Upcoming appointments")).to_be_visible()

    walk_in_day = local_today().date()
    if local_today().hour >= 23:  # nothing left today on the grid
        walk_in_day += timedelta(days=1)
    page.get_by_role("link", name="New appointment").first.click()
    page.get_by_label("Service").fill("Cleaning")
    page.get_by_label("Date").fill(walk_in_day.isoformat())
    page.get_by_role("button", name="Show free times").click()
    first = page.locator('input[name="slot"]').first
    start = first.get_attribute("value")
    assert start is not None
    first.check()
    phone = unique_phone()
    page.get_by_label("Patient's name").fill("walk in")
    page.get_by_label("Patient's phone").fill(phone)
    page.get_by_role("button", name="Book the appointment").click()
    expect(page.get_by_role("status")).to_contain_text("booked")
    expect(page.get_by_role("link", name="Walk In", exact=True)).to_be_visible()
    row = db.execute(
        "select a.booked_by_staff, a.scheduled_at from booking.appointments a"
        " join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id"
        " where a.org_id = %s and c.phone = %s",
        (clinic.org_id, phone),
    ).fetchone()
    assert row is not None
    assert row[0] is True
    booked_at = row[1]
    assert booked_at == datetime.fromisoformat(start.replace("Z", "+00:00"))
    if walk_in_day == local_today().date():  # inside the two hours a patient is refused
        assert booked_at < datetime.now(ZONE) + timedelta(hours=2)


def block_lunch(page: Page, web: WebServer, clinic: Clinic) -> None:
    day = local_today().date() + timedelta(days=2)
    page.goto(f"{web.base_url}/dashboard/day?date={day.isoformat()}")
    page.get_by_label("From").fill("12:00")
    page.get_by_label("Until").fill("13:00")
    page.get_by_label("Reason (optional)").last.fill("Lunch")
    page.get_by_role("button", name="Block this time").click()
    expect(page.get_by_role("status")).to_contain_text("blocked")
    # On the clinic's clock: a US clinic reads 12-hour times.
    expect(page.locator("li.block")).to_contain_text("12:00 PM\u20131:00 PM Blocked: Lunch")

    # What the voice agent's availability (check_availability) offers now.
    answer = web.rest(
        "check_availability",
        {"p_org_id": str(clinic.org_id), "p_date": day.isoformat(), "p_service_type": "Cleaning"},
    ).json()
    starts = {datetime.fromisoformat(s["start"]).astimezone(ZONE) for s in answer["slots"]}
    noon = datetime.combine(day, datetime.min.time(), ZONE).replace(hour=12)
    assert noon - timedelta(minutes=30) in starts
    assert noon + timedelta(hours=1) in starts
    blocked = [s for s in starts if noon - timedelta(minutes=29) <= s < noon + timedelta(hours=1)]
    assert blocked == []


def test_a_receptionists_morning(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    sign_in(page, web, web.member_token(clinic.org_id))
    check_in_and_yesterdays_no_show(page, web, clinic, db)
    block_lunch(page, web, clinic)
    search_and_walk_in(page, web, clinic, db)


def test_the_front_desk_works_without_javascript(
    no_js_context: BrowserContext, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    page = no_js_context.new_page()
    sign_in(page, web, web.member_token(clinic.org_id))
    check_in_and_yesterdays_no_show(page, web, clinic, db)
    block_lunch(page, web, clinic)
    search_and_walk_in(page, web, clinic, db)


def _signed_in(web: WebServer, clinic: Clinic) -> tuple[httpx.Client, str]:
    browser = httpx.Client(base_url=web.base_url, timeout=10)
    csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', browser.get("/dashboard").text)
    assert csrf is not None
    browser.post(
        "/dashboard/sign-in",
        data={"access_token": web.member_token(clinic.org_id), "csrf_token": csrf.group(1)},
    )
    page = browser.get("/dashboard/day").text
    member_csrf = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert member_csrf is not None
    return browser, member_csrf.group(1)


def test_the_front_desk_pages_refuse_what_they_cannot_take(
    web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    day = local_noon(2)
    book_via_rest(web, clinic, name="Colin Collide", at=day)
    browser, csrf = _signed_in(web, clinic)
    try:
        # The dashboard offers no outcome for an appointment that has not started.
        dashboard = browser.get("/dashboard").text
        assert "Colin Collide" in dashboard
        assert "Mark completed" not in dashboard
        assert "Mark no-show" not in dashboard
        # Only known codes are shown; anything else in the query is ignored.
        page = browser.get("/dashboard/day", params={"error": "<b>Call 555-0100</b>"}).text
        assert "555-0100" not in page
        assert 'role="alert"' not in page
        # A success notice only when the day agrees: no booking, no claim.
        page = browser.get("/dashboard/day", params={"notice": "booked"}).text
        assert "The appointment is booked" not in page
        page = browser.get(
            "/dashboard/day", params={"notice": "booked", "item": str(clinic.org_id)}
        ).text
        assert "The appointment is booked" not in page
        # A NUL anywhere in a form: 4xx, never 5xx.
        for path, data in (
            ("/dashboard/blocks", {"date": "2030-01-01", "starts": "12:00\x00", "ends": "13:00"}),
            ("/dashboard/new-appointment", {"name": "A\x00B", "slot": "2030-01-01T12:00:00Z"}),
            ("/dashboard/patients/" + str(clinic.org_id), {"name": "A\x00"}),
        ):
            answer = browser.post(path, data={"csrf_token": csrf, **data})
            assert 300 <= answer.status_code < 500, (path, answer.status_code)
        # A block over an appointment: refused, and the page names it.
        answer = browser.post(
            "/dashboard/blocks",
            data={
                "csrf_token": csrf,
                "date": day.astimezone(ZONE).date().isoformat(),
                "starts": "11:00",
                "ends": "13:00",
                "reason": "Meeting",
            },
        )
        assert answer.status_code == 409
        assert "Colin Collide" in answer.text
        assert "Move or cancel them first" in answer.text
    finally:
        browser.close()
    assert db.execute(
        "select count(*) from booking.calendar_blocks where org_id = %s", (clinic.org_id,)
    ).fetchone() == (0,)


def test_the_front_desk_fits_a_phone_a_tablet_and_a_desktop(
    browser: Browser,
    web: WebServer,
    db: psycopg.Connection,
    make_clinic: Callable[..., Clinic],
    tmp_path: Path,
) -> None:
    """Every front-desk page at three widths: nothing wider than the screen,
    every control labelled, the skip link first. With WRITE_SCREENSHOTS=1
    the day view's screenshots go to docs/screenshots/ (docs/pages.md)."""
    folder = DOCS / "screenshots" if os.environ.get("WRITE_SCREENSHOTS") == "1" else tmp_path
    clinic = make_clinic("Riverside Family Clinic")
    tomorrow = local_noon(1)
    for hours, name in ((-3, "Ada Lovelace"), (-2.5, "Grace Hopper"), (2, "Katherine Johnson")):
        book_via_rest(web, clinic, name=name, at=tomorrow + timedelta(hours=hours))
    db.execute(
        "select public.claim_slot_atomic(%s, null, %s, 'call-front-desk', 'Mary Jackson', %s)",
        (clinic.org_id, tomorrow + timedelta(hours=3), unique_phone()),
    )
    db.execute(
        "select public.block_calendar_time(%s, 'cal-1', %s, %s, 'Lunch')",
        (clinic.org_id, tomorrow, tomorrow + timedelta(hours=1)),
    )
    day = tomorrow.astimezone(ZONE).date().isoformat()
    token = web.member_token(clinic.org_id)
    for name, viewport in (
        ("desktop", {"width": 1280, "height": 900}),
        ("tablet", {"width": 820, "height": 1180}),
        ("phone", {"width": 360, "height": 740}),
    ):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        sign_in(page, web, token)
        page.goto(f"{web.base_url}/dashboard/day?date={day}")
        expect(page.locator("li.block")).to_contain_text("Lunch")
        assert_fits_and_is_labelled(page, viewport["width"])
        page.screenshot(path=folder / f"front-desk-day-{name}.png", full_page=True)
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        for path in (
            "/dashboard/patients?q=ada",
            f"/dashboard/new-appointment?service=Cleaning&date={day}",
        ):
            page.goto(web.base_url + path)
            assert_fits_and_is_labelled(page, viewport["width"])
        page.goto(f"{web.base_url}/dashboard/patients?q=ada")
        page.get_by_role("link", name="Ada Lovelace").click()
        assert_fits_and_is_labelled(page, viewport["width"])
        context.close()


def test_a_member_sees_and_changes_nothing_of_another_clinic(
    web: WebServer, db: psycopg.Connection, make_clinic: Callable[..., Clinic]
) -> None:
    clinic_a = make_clinic("Front Desk A")
    clinic_b = make_clinic("Front Desk B")
    appointment_id = book_via_rest(web, clinic_a, name="Alice Private")["appointment_id"]
    on_day(db, clinic_a, appointment_id, -1)
    contact = db.execute(
        "select contact_id from booking.appointments where id = %s", (appointment_id,)
    ).fetchone()
    assert contact is not None
    browser, csrf = _signed_in(web, clinic_b)
    try:
        found = browser.get("/dashboard/patients", params={"q": "Alice"}).text
        assert "0 patients found" in found
        assert "Alice Private" not in found
        assert browser.get(f"/dashboard/patients/{contact[0]}").status_code == 404
        day = local_noon(-1).astimezone(ZONE).date().isoformat()
        assert "Alice" not in browser.get("/dashboard/day", params={"date": day}).text
        answer = browser.post(
            f"/dashboard/appointments/{appointment_id}/attendance",
            data={"csrf_token": csrf, "attendance": "no_show", "date": day},
        )
        assert answer.status_code == 303
        assert "error=APPOINTMENT_NOT_FOUND" in answer.headers["location"]
        answer = browser.post(
            f"/dashboard/patients/{contact[0]}",
            data={"csrf_token": csrf, "name": "Mallory", "phone": unique_phone()},
        )
        assert answer.status_code == 404
    finally:
        browser.close()
    assert appointment_row(db, clinic_a, appointment_id)[0] == "scheduled"
    assert db.execute(
        "select name from booking.contacts where id = %s", (contact[0],)
    ).fetchone() == ("Alice Private",)


def test_the_day_view_is_live(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    """A booking by the voice agent or REST, and its cancellation, appear
    on an open day view without a reload (the page re-reads itself on the
    live feed's events)."""
    sign_in(page, web, web.member_token(clinic.org_id))
    at = local_noon(2) + timedelta(hours=1)
    page.goto(f"{web.base_url}/dashboard/day?date={at.astimezone(ZONE).date().isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.evaluate("window.stayedOnPage = true")
    booked = book_via_rest(web, clinic, name="Lina Live", at=at)["appointment_id"]
    expect(entry(page, booked)).to_contain_text("Lina Live", timeout=15_000)
    answer = web.rest(
        "cancel_appointment",
        {"p_org_id": str(clinic.org_id), "p_appointment_id": booked, "p_reason": "test"},
    )
    assert answer.status_code == 200, answer.text
    expect(entry(page, booked)).to_have_count(0, timeout=15_000)
    assert page.evaluate("window.stayedOnPage") is True, "no reload"
    expect(page.locator("#schedule-status")).to_have_text("The schedule is up to date.")
