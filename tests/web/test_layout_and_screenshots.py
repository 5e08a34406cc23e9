"""Both pages at a desktop width and at a 360 px phone width: nothing wider
than the screen, every form control labelled, keyboard reachable. With
WRITE_SCREENSHOTS=1 the screenshots are written to docs/screenshots/
(docs/pages.md shows them); otherwise to a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect

from shim.run import ExampleOwner, banner
from tests.fixtures import Clinic, create_org, local_date, local_noon, unique_phone
from tests.web.conftest import (
    DOCS,
    WebServer,
    book_via_rest,
    end_of_call_report,
    manage_link,
    sign_in,
    wait_live,
)

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    if os.environ.get("WRITE_SCREENSHOTS") == "1":
        folder = DOCS / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


def assert_fits_and_is_labelled(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width} px wide at {width} px"
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
             .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
             .map(e => e.name)"""
    )
    assert unlabelled == []


def fill_dashboard(web: WebServer, clinic: Clinic, db: psycopg.Connection) -> None:
    for hours, name in ((-3, "Ada Lovelace"), (-2.5, "Grace Hopper"), (2, "Katherine Johnson")):
        book_via_rest(web, clinic, name=name, at=local_noon(1) + timedelta(hours=hours))
    end_of_call_report(web, clinic, "Harriet Tubman")
    hold = db.execute(
        "select public.claim_slot_atomic(%s, null, %s, 'call-shot', 'Mary Jackson', %s)",
        (clinic.org_id, local_noon(1) + timedelta(hours=3), unique_phone()),
    ).fetchone()
    assert hold is not None
    assert hold[0]["success"], hold


def test_the_dashboard_fits_a_phone_and_a_desktop(
    browser: Browser,
    web: WebServer,
    db: psycopg.Connection,
    screenshots: Path,
    make_clinic: Callable[..., Clinic],
) -> None:
    clinic = make_clinic("Riverside Family Clinic")
    fill_dashboard(web, clinic, db)
    token = web.member_token(clinic.org_id)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        sign_in(page, web, token)
        wait_live(page)
        end_of_call_report(web, clinic, f"Live Lead {name}") if name == "desktop" else None
        if name == "desktop":
            page.locator(".hot-lead.is-new").wait_for()
        assert_fits_and_is_labelled(page, viewport["width"])
        page.screenshot(path=screenshots / f"dashboard-{name}.png", full_page=True)
        # keyboard: the first tab stop is the skip link, then the page's controls
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        context.close()


def test_the_manage_page_fits_a_phone_and_a_desktop(
    browser: Browser, web: WebServer, db: psycopg.Connection, screenshots: Path
) -> None:
    # the default opening hours: Monday-Friday 09:00-17:00 on a 30-minute grid
    org_id = create_org(db, "Riverside Family Clinic", open_always=False)
    clinic = Clinic(org_id, "Riverside Family Clinic", "")
    day = local_date(2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    at = datetime.combine(day, time(10), ZoneInfo("America/New_York"))
    booked = book_via_rest(web, clinic, name="Ada Lovelace", at=at)
    link = manage_link(db, web, clinic, booked["appointment_id"])
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(link)
        expect(page.get_by_role("link", name="Reschedule")).to_be_visible()
        assert_fits_and_is_labelled(page, viewport["width"])
        page.screenshot(path=screenshots / f"manage-{name}.png", full_page=True)
        page.get_by_role("link", name="Reschedule").click()
        expect(page.locator('input[name="slot"]').first).to_be_visible()
        assert_fits_and_is_labelled(page, viewport["width"])
        if name == "phone":
            page.screenshot(path=screenshots / "manage-reschedule-phone.png", full_page=False)
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        context.close()


def test_make_run_prints_the_owners_sign_in_not_a_token_link(web: WebServer) -> None:
    from datetime import UTC, datetime

    owner = ExampleOwner("owner@example-clinic.test", "p" * 40)
    now = datetime.now(UTC)
    text = banner(web.settings, "http://127.0.0.1:3001", now, now, owner=owner)
    assert "/dashboard#access_token=" not in text
    assert "http://127.0.0.1:3001/dashboard\n" in text
    assert f"sign in as      {owner.email}  password {owner.password}" in text
