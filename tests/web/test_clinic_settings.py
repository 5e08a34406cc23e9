"""The clinic's settings pages in a real browser: an owner sets a clinic up
end to end (profile with its phone, a second calendar, weekly hours, a
closed day, a service with the name patients read and a price, notice
periods, reminders, Twilio credentials and a test SMS that lands in the
outbox, the voice agent's secret rotated and its configuration downloaded),
and the voice agent then sees those hours; front desk is refused by the
SQL; bad input answers a sentence, never a 5xx; both pages fit a phone."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import psycopg
import pytest
from playwright.sync_api import Page, Response, expect

from shim.sms.twilio_webhooks import INBOUND_PATH
from shim.voice_agent.routes import ASSISTANT_CONFIG_PATH, TOOLS_PATH, WEBHOOK_PATH
from shim.web import page_settings
from tests.fixtures import Clinic
from tests.web.conftest import DOCS, WebServer, serving
from tests.web.test_staff_accounts import PASSWORD, create_account, sign_in_with_password

SETTINGS_KEY = "settings-page-test-key-0123456789"
ENV = {
    "SETTINGS_ENCRYPTION_KEY": SETTINGS_KEY,
    "TWILIO_WEBHOOK_BASE_URL": "https://sms.clinic.example",
    "VOICE_AGENT_BASE_URL": "https://voice.clinic.example",
}
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "twilio-auth-token-" + "x" * 14


@pytest.fixture(scope="module")
def settings_web(database_url: str) -> Iterator[WebServer]:
    with serving(database_url, env=ENV, public_base_url="https://clinic.example") as server:
        yield server


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """docs/screenshots/ with WRITE_SCREENSHOTS=1, else a temporary folder."""
    return DOCS / "screenshots" if os.environ.get("WRITE_SCREENSHOTS") == "1" else tmp_path


@pytest.fixture
def clinic_options() -> dict[str, object]:
    return {}


def no_server_errors(page: Page) -> list[str]:
    """The URLs of every answer of 500 or more the page gets (none expected)."""
    failures: list[str] = []

    def seen(response: Response) -> None:
        if response.status >= 500:
            failures.append(f"{response.status} {response.url}")

    page.on("response", seen)
    return failures


def next_weekday(weekday: int, after_days: int = 2) -> dt.date:
    """The first date with this ISO weekday at least `after_days` from today (Chicago)."""
    day = dt.datetime.now(ZoneInfo("America/Chicago")).date() + dt.timedelta(days=after_days)
    while day.isoweekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def test_the_pages_name_the_other_surfaces_paths_as_they_serve_them() -> None:
    assert page_settings.TWILIO_INBOUND_PATH == INBOUND_PATH
    assert page_settings.VOICE_AGENT_TOOLS_PATH == TOOLS_PATH
    assert page_settings.VOICE_AGENT_WEBHOOK_PATH == WEBHOOK_PATH
    assert page_settings.ASSISTANT_CONFIG_PATH == ASSISTANT_CONFIG_PATH


def test_an_owner_sets_up_a_clinic_in_the_pages(
    page: Page, settings_web: WebServer, clinic: Clinic, db: psycopg.Connection, tmp_path: Path
) -> None:
    web = settings_web
    failures = no_server_errors(page)
    owner = create_account(web, clinic, "owner")
    sign_in_with_password(page, web, owner, PASSWORD)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Clinic settings")).to_be_visible()

    # The profile: the phone patients are told to call, address, zone, clock.
    page.get_by_label("Phone number shown to patients").fill("415 555 0142")
    page.get_by_label("Address").fill("1 Main Street, Springfield")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label("Clock").select_option("12h")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_role("status")).to_have_text("The clinic profile is saved.")
    expect(page.get_by_label("Phone number shown to patients")).to_have_value("(415) 555-0142")
    expect(page.get_by_label("Time zone")).to_have_value("America/Chicago")
    assert "Central Time (America/Chicago)" in page.locator("#profile-timezone").inner_text()

    # Reminders a day and two hours before.
    page.get_by_label("Remind patients this many hours").fill("24, 2")
    page.get_by_role("button", name="Save the reminders").click()
    expect(page.get_by_role("status")).to_contain_text("The reminders are saved")
    row = db.execute(
        "select reminder_offsets_minutes from booking.organizations where org_id = %s",
        (clinic.org_id,),
    ).fetchone()
    assert row is not None
    assert row[0] == [1440, 120]

    # Twilio: stored, only its last 4 shown back; the webhook to paste.
    page.get_by_label("Account SID").fill(ACCOUNT_SID)
    page.get_by_label("Auth token").fill(AUTH_TOKEN)
    page.get_by_label("Sender phone number").fill("+1 415 555 0100")
    page.get_by_role("button", name="Save the SMS settings").click()
    expect(page.get_by_role("status")).to_have_text("The SMS settings are saved.")
    expect(page.locator(".sms-status")).to_contain_text("account ending in cdef")
    expect(page.locator(".sms-status")).to_contain_text("number ending in 0100")
    html = page.content()
    assert AUTH_TOKEN not in html
    assert ACCOUNT_SID not in html
    expect(page.locator(".twilio-inbound-url")).to_have_text(
        "https://sms.clinic.example/api/twilio/inbound"
    )
    stored = db.execute(
        "select position(%s::bytea in twilio_auth_token_encrypted)"
        " from booking.integration_settings where org_id = %s",
        (AUTH_TOKEN.encode(), clinic.org_id),
    ).fetchone()
    assert stored is not None
    assert stored[0] == 0, "the auth token is stored encrypted"

    # Saving the alerts alone would remove Twilio: the page asks for the SID.
    page.get_by_label("Text hot leads to this phone").fill("415 555 0177")
    page.get_by_role("button", name="Save the SMS settings").click()
    expect(page.get_by_role("alert")).to_contain_text("Give the Twilio account SID and sender")
    # With it, the stored auth token stays (the field left empty).
    page.get_by_label("Account SID").fill(ACCOUNT_SID)
    page.get_by_label("Sender phone number").fill("+1 415 555 0100")
    page.get_by_label("Text hot leads to this phone").fill("415 555 0177")
    page.get_by_role("button", name="Save the SMS settings").click()
    expect(page.get_by_role("status")).to_have_text("The SMS settings are saved.")
    expect(page.get_by_label("Text hot leads to this phone")).to_have_value("(415) 555-0177")
    expect(page.locator(".sms-status")).to_contain_text("The auth token is stored (encrypted)")

    # The test SMS goes through the outbox.
    page.get_by_label("Send a test message to").fill("(415) 555-0199")
    page.get_by_role("button", name="Send me a test SMS").click()
    expect(page.get_by_role("status")).to_contain_text("The test message is queued")
    queued = db.execute(
        "select recipient, status from booking.sms_outbox where org_id = %s and kind = 'test_sms'",
        (clinic.org_id,),
    ).fetchall()
    assert queued == [("+14155550199", "pending")]

    # The voice agent: a new secret, shown once; the configuration to import.
    page.get_by_role("button", name="Generate the secret").click()
    secret = page.locator(".voice-secret").inner_text()
    assert len(secret) >= 32
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the assistant configuration").click()
    config_path = tmp_path / "assistant-config.json"
    download_info.value.save_as(config_path)
    config = json.loads(config_path.read_text())
    assert config["server"]["url"] == "https://voice.clinic.example/api/vapi/webhook"
    page.goto(f"{web.base_url}/dashboard/settings")
    assert secret not in page.content(), "the secret is shown once"

    # A second calendar, its hours, a closed day, a service, its rules.
    page.get_by_label("New calendar's name").fill("Dr. Émile Lee")
    page.get_by_role("button", name="Add the calendar").click()
    expect(page.get_by_role("heading", name="Dr. Émile Lee")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("The calendar is added")
    calendar_id = page.url.split("/calendars/")[1].split("?")[0]
    assert calendar_id == "dr-emile-lee"
    for day in ("tue", "wed", "thu", "fri"):
        page.locator(f"#{day}-1-opens").fill("")
        page.locator(f"#{day}-1-closes").fill("")
    page.locator("#mon-1-opens").fill("08:00")
    page.locator("#mon-1-closes").fill("12:00")
    page.locator("#mon-2-opens").fill("13:00")
    page.locator("#mon-2-closes").fill("16:00")
    page.get_by_role("button", name="Save the weekly hours").click()
    expect(page.get_by_role("status")).to_have_text("The weekly hours are saved.")
    expect(page.locator('fieldset[data-day="tue"] legend')).to_contain_text("closed")

    closed = next_weekday(1, after_days=9)
    page.get_by_label("Date", exact=True).fill(closed.isoformat())
    page.get_by_label("Note (optional").fill("Training day")
    page.get_by_role("button", name="Save the day").click()
    expect(page.get_by_role("status")).to_have_text("The day is saved.")
    long_date = f"{closed:%A}, {closed:%B} {closed.day}, {closed.year}"
    expect(page.locator(f'li[data-date="{closed.isoformat()}"]')).to_contain_text(
        f"{long_date}: closed"
    )

    special = next_weekday(1, after_days=16)
    page.get_by_label("Date", exact=True).fill(special.isoformat())
    page.get_by_label("Special hours:").check()
    page.locator("#special-1-opens").fill("14:00")
    page.locator("#special-1-closes").fill("18:30")
    page.get_by_role("button", name="Save the day").click()
    expect(page.locator(f'li[data-date="{special.isoformat()}"]')).to_contain_text(
        "open 2:00 PM to 6:30 PM"
    )

    page.get_by_label("Name used by the voice agent").fill("cleaning")
    page.get_by_label("Name shown to patients (optional)").fill("Teeth cleaning")
    page.get_by_label("Duration in minutes").fill("45")
    page.get_by_label("Price").fill("80.50")
    page.get_by_role("button", name="Save the service").click()
    expect(page.get_by_role("status")).to_have_text("The service is saved.")
    expect(page.locator("table.services tbody tr")).to_contain_text(
        ["Teeth cleaning cleaning 45 minutes 80.50 Yes"], use_inner_text=True
    )

    page.get_by_label("Name", exact=True).fill("Dr. Émile Lee, room 2")
    page.get_by_label("Book at least this many minutes ahead").fill("120")
    page.get_by_label("Offer a start every this many minutes").fill("60")
    page.get_by_role("button", name="Save the name and rules").click()
    expect(page.get_by_role("status")).to_have_text("The name and booking rules are saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr. Émile Lee, room 2")
    assert failures == []

    # What the voice agent now sees: the hours, the closed day, the service.
    def availability(date: dt.date) -> list[str]:
        response = httpx.post(
            f"{web.base_url}/api/vapi/tools/calendar/check",
            json={
                "toolCall": {
                    "arguments": {
                        "date": date.isoformat(),
                        "calendarId": calendar_id,
                        "serviceType": "cleaning",
                    }
                }
            },
            headers={"X-Vapi-Secret": secret},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["success"] is True, answer
        assert answer["timezone"] == "America/Chicago"
        return [slot["localStart"][11:16] for slot in answer["slots"]]

    monday = ["08:00", "09:00", "10:00", "11:00", "13:00", "14:00", "15:00"]
    assert availability(next_weekday(1)) == monday, "45 minutes every hour, inside the hours"
    assert availability(next_weekday(2)) == [], "Tuesday is closed"
    assert availability(closed) == [], "the closed day"
    assert availability(special) == ["14:00", "15:00", "16:00", "17:00"]


def test_front_desk_is_refused_by_the_sql(
    page: Page, settings_web: WebServer, clinic: Clinic
) -> None:
    web = settings_web
    desk = create_account(web, clinic, "front_desk")
    sign_in_with_password(page, web, desk, PASSWORD)
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    expect(page.get_by_role("link", name="Settings")).to_have_count(0)
    response = page.goto(f"{web.base_url}/dashboard/settings")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("alert")).to_have_text(
        "The clinic's settings are for its owners and administrators."
    )
    response = page.goto(f"{web.base_url}/dashboard/settings/calendars/cal-1")
    assert response is not None
    assert response.status == 403
    # A form posted anyway, with the dashboard's own form token: the SQL says no.
    page.goto(f"{web.base_url}/dashboard")
    with page.expect_navigation() as navigation:
        page.evaluate(
            """() => {
              const form = document.querySelector('form[action="/dashboard/sign-out"]');
              form.action = '/dashboard/settings/reminders';
              const hours = document.createElement('input');
              hours.name = 'hours_before';
              hours.value = '1';
              form.append(hours);
              form.submit();
            }"""
        )
    answered = navigation.value
    assert answered is not None
    assert answered.status == 403
    expect(page.get_by_role("alert")).to_have_text(
        "The clinic's settings are for its owners and administrators."
    )


def test_bad_input_answers_a_sentence(page: Page, settings_web: WebServer, clinic: Clinic) -> None:
    web = settings_web
    failures = no_server_errors(page)
    owner = create_account(web, clinic, "admin")
    sign_in_with_password(page, web, owner, PASSWORD)
    page.goto(f"{web.base_url}/dashboard/settings")

    page.get_by_label("Phone number shown to patients").fill("12")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_role("alert")).to_have_text("That phone number is not valid.")

    for hours in ("soon", "1e999999999", "NaN", "0.001"):
        page.get_by_label("Remind patients this many hours").fill(hours)
        page.get_by_role("button", name="Save the reminders").click()
        expect(page.get_by_role("alert")).to_contain_text("A value is out of range")
        page.goto(f"{web.base_url}/dashboard/settings")

    page.get_by_label("Send a test message to").fill("+1 900 555 0123")
    page.get_by_role("button", name="Send me a test SMS").click()
    expect(page.get_by_role("alert")).to_have_text(
        "The clinic's text messages cannot go to that number."
    )

    page.get_by_label("Account SID").fill("AC-not-a-sid")
    page.get_by_label("Sender phone number").fill("+14155550100")
    page.get_by_role("button", name="Save the SMS settings").click()
    expect(page.get_by_role("alert")).to_contain_text("The Twilio account SID is AC followed by")

    page.get_by_label("Account SID").fill(ACCOUNT_SID)
    page.get_by_label("Auth token").fill(AUTH_TOKEN)
    page.get_by_label("Sender phone number").fill("+14155550100")
    page.get_by_role("button", name="Save the SMS settings").click()
    expect(page.get_by_role("status")).to_have_text("The SMS settings are saved.")
    page.get_by_role("button", name="Stop using Twilio").click()
    expect(page.get_by_role("status")).to_contain_text("Twilio is no longer used")
    expect(page.locator(".sms-status")).to_have_text(
        "Twilio is not set up: the clinic's text messages are not sent."
    )

    # A NUL byte cannot be stored: a 400 page that says so in words, never a 5xx.
    page.get_by_label("Address").evaluate("el => { el.value = 'Main\\u0000Street'; }")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_role("alert")).to_contain_text("a character that cannot be stored")

    page.goto(f"{web.base_url}/dashboard/settings/calendars/cal-1")
    page.locator("#mon-1-opens").fill("09:00")
    page.locator("#mon-1-closes").fill("12:00")
    page.locator("#mon-2-opens").fill("11:00")
    page.locator("#mon-2-closes").fill("14:00")
    page.get_by_role("button", name="Save the weekly hours").click()
    expect(page.get_by_role("alert")).to_contain_text("must not overlap")

    page.get_by_label("Name used by the voice agent").fill("checkup")
    page.get_by_label("Duration in minutes").fill("99999999999999")
    page.get_by_role("button", name="Save the service").click()
    expect(page.get_by_role("alert")).to_have_text(
        "The duration must be a whole number of minutes, 1 to 1440."
    )
    for price in ("eighty", "1e400", "-1", "0.001", "sNaN"):
        page.get_by_label("Name used by the voice agent").fill("checkup")
        page.get_by_label("Price").fill(price)
        page.get_by_role("button", name="Save the service").click()
        expect(page.get_by_role("alert")).to_contain_text("The price must be an amount")
        page.goto(f"{web.base_url}/dashboard/settings/calendars/cal-1")

    page.get_by_label("Book at least this many minutes ahead").fill("-5")
    page.get_by_role("button", name="Save the name and rules").click()
    expect(page.get_by_role("alert")).to_contain_text("A value is out of range")
    # A NUL byte in the path: the same sentence.
    page.evaluate(
        """() => {
          const form = document.querySelector('#hours form');
          form.action = '/dashboard/settings/calendars/cal%00-1/hours';
          form.submit();
        }"""
    )
    expect(page.get_by_role("alert")).to_contain_text("a character that cannot be stored")
    assert failures == []
    # An unknown calendar is a page too.
    response = page.goto(f"{web.base_url}/dashboard/settings/calendars/{uuid.uuid4().hex}")
    assert response is not None
    assert response.status == 404


def test_the_settings_pages_fit_a_phone(
    page: Page, settings_web: WebServer, clinic: Clinic, screenshots: Path
) -> None:
    """With WRITE_SCREENSHOTS=1 the phone's first screen of each page goes to
    docs/screenshots/ (docs/pages.md shows them)."""
    web = settings_web
    owner = create_account(web, clinic, "owner")
    weekdays = {day: [["09:00", "12:30"], ["13:30", "18:00"]] for day in ("mon", "tue", "wed")}
    hours = {**weekdays, "thu": [["09:00", "20:00"]], "fri": [["09:00", "16:00"]]}
    body = {"p_org_id": str(clinic.org_id), "p_calendar_id": "cal-1", "p_hours": hours}
    answer = web.rest("set_weekly_hours", body).json()
    assert answer["success"] is True, answer
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in_with_password(page, web, owner, PASSWORD)
    for path, name in (
        ("/dashboard/settings#sms", "settings-phone.png"),
        ("/dashboard/settings/calendars/cal-1#hours", "settings-calendar-phone.png"),
    ):
        page.goto(f"{web.base_url}{path}")
        page.screenshot(path=screenshots / name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide on a 360 px phone"
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(el => !el.labels || el.labels.length === 0).map(el => el.name)"""
        )
        assert unlabelled == [], f"{path}: controls without a label: {unlabelled}"
