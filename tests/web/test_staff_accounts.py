"""Staff accounts in the dashboard, in a real browser: sign in with email and
password, stay signed in across the access token's expiry, sign out for
good (the old cookie no longer opens the dashboard), invite a front-desk
member who joins and signs in, and what a front-desk member may not see."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.fixtures import Clinic
from tests.gateway.test_jwks import KeyFile
from tests.web.conftest import WebServer, serving

PASSWORD = "correct horse battery staple"


def create_account(web: WebServer, clinic: Clinic, role: str, email: str | None = None) -> str:
    """A staff account of the clinic, made as an invitation is accepted."""
    email = email or f"{role}-{uuid.uuid4().hex[:8]}@clinic.test"
    invited = web.rest(
        "invite_staff_member",
        {"p_org_id": str(clinic.org_id), "p_email": email, "p_phone": None, "p_role": role},
    ).json()
    assert invited["success"] is True, invited
    accepted = web.rest(
        "accept_staff_invitation",
        {"p_token": invited["invitation_token"], "p_password": PASSWORD, "p_email": None},
    ).json()
    assert accepted["success"] is True, accepted
    return email


def sign_in_with_password(page: Page, web: WebServer, email: str, password: str) -> None:
    page.goto(f"{web.base_url}/dashboard")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_sign_in_with_email_and_password(page: Page, web: WebServer, clinic: Clinic) -> None:
    email = create_account(web, clinic, "owner")
    sign_in_with_password(page, web, email, PASSWORD)
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["dashboard_session"]["httpOnly"] is True
    assert cookies["dashboard_refresh"]["httpOnly"] is True
    assert cookies["dashboard_refresh"]["sameSite"] == "Strict"


def test_a_wrong_password_and_an_unknown_email_answer_alike(
    page: Page, web: WebServer, clinic: Clinic
) -> None:
    email = create_account(web, clinic, "front_desk")
    sign_in_with_password(page, web, email, "not the password at all")
    expect(page.get_by_role("alert")).to_have_text("The email or password is not right.")
    sign_in_with_password(page, web, "nobody@clinic.test", "not the password at all")
    expect(page.get_by_role("alert")).to_have_text("The email or password is not right.")


@pytest.fixture(scope="module")
def short_lived(database_url: str) -> Iterator[WebServer]:
    """The service with 10-second access tokens: a refresh on every request."""
    with serving(database_url, staff_access_token_seconds=10) as server:
        yield server


def test_a_session_outlives_its_access_token(
    page: Page, short_lived: WebServer, clinic: Clinic
) -> None:
    email = create_account(short_lived, clinic, "front_desk")
    sign_in_with_password(page, short_lived, email, PASSWORD)
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    first = {c["name"]: c["value"] for c in page.context.cookies()}
    time.sleep(11)  # the access token has expired
    page.goto(f"{short_lived.base_url}/dashboard")
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    second = {c["name"]: c["value"] for c in page.context.cookies()}
    assert second["dashboard_session"] != first["dashboard_session"]
    assert second["dashboard_refresh"] != first["dashboard_refresh"]  # rotated
    page.locator('#live-status[data-state="live"]').wait_for()


def test_sign_out_ends_the_session_for_good(
    page: Page, context: BrowserContext, web: WebServer, clinic: Clinic
) -> None:
    email = create_account(web, clinic, "front_desk")
    sign_in_with_password(page, web, email, PASSWORD)
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    copied = context.cookies()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Email")).to_be_visible()
    # The cookies as they were before sign-out open nothing any more.
    cookie_header = "; ".join(f"{c['name']}={c['value']}" for c in copied)
    replay = httpx.get(f"{web.base_url}/dashboard", headers={"Cookie": cookie_header}, timeout=10)
    assert "Sign in with the token" in replay.text
    assert clinic.name not in replay.text


def test_sign_out_needs_the_forms_token(page: Page, web: WebServer, clinic: Clinic) -> None:
    email = create_account(web, clinic, "front_desk")
    sign_in_with_password(page, web, email, PASSWORD)
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    cookie_header = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    forged = httpx.post(
        f"{web.base_url}/dashboard/sign-out",
        data={"csrf_token": "0" * 64},
        headers={"Cookie": cookie_header},
        timeout=10,
    )
    assert forged.status_code == 403
    page.goto(f"{web.base_url}/dashboard")
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)  # still signed in


def test_an_owner_invites_a_front_desk_member_who_joins(
    browser_context_pair: tuple[Page, Page],
    web: WebServer,
    clinic: Clinic,
    caplog: pytest.LogCaptureFixture,
) -> None:
    owner_page, invitee_page = browser_context_pair
    owner = create_account(web, clinic, "owner")
    sign_in_with_password(owner_page, web, owner, PASSWORD)
    owner_page.get_by_role("link", name="Staff").click()
    invitee = f"desk-{uuid.uuid4().hex[:8]}@clinic.test"
    owner_page.get_by_label("Email").fill(invitee)
    owner_page.get_by_label("Role").select_option("front_desk")
    owner_page.get_by_role("button", name="Create the invitation").click()
    link = owner_page.locator(".invitation-link").inner_text()
    assert "/dashboard/invitations/" in link

    with caplog.at_level(logging.INFO, logger="shim.access"):
        invitee_page.goto(link)
        invitee_page.get_by_label("Password", exact=True).fill("a front desk password")
        invitee_page.get_by_label("The same password again").fill("a front desk password")
        invitee_page.get_by_role("button", name="Join").click()
        expect(invitee_page.locator(".clinic-name")).to_have_text(clinic.name)
    token = link.rsplit("/", 1)[1]
    assert token not in "\n".join(record.getMessage() for record in caplog.records)

    # A front-desk member has no staff page: a clear page says why.
    expect(invitee_page.get_by_role("link", name="Staff")).to_have_count(0)
    invitee_page.goto(f"{web.base_url}/dashboard/staff")
    expect(invitee_page.get_by_role("alert")).to_contain_text("owners and administrators")

    # The invitation was single use.
    invitee_page.context.clear_cookies()
    invitee_page.goto(link)
    invitee_page.get_by_label("Password", exact=True).fill("another long password")
    invitee_page.get_by_label("The same password again").fill("another long password")
    invitee_page.get_by_role("button", name="Join").click()
    expect(invitee_page.get_by_role("alert")).to_contain_text("used already")

    # The owner sees the new member, and disabling them ends their session.
    owner_page.goto(f"{web.base_url}/dashboard/staff")
    row = owner_page.locator("tr", has_text=invitee)
    expect(row).to_contain_text("Front desk")
    row.get_by_role("button", name="Disable").click()
    expect(owner_page.get_by_role("status")).to_contain_text("saved")
    sign_in_with_password(invitee_page, web, invitee, "a front desk password")
    expect(invitee_page.get_by_role("alert")).to_contain_text("not a member of any clinic")


@pytest.fixture
def browser_context_pair(
    context: BrowserContext, no_js_context: BrowserContext
) -> tuple[Page, Page]:
    """Two browsers: the owner's (with JavaScript) and the invitee's (without:
    joining works with plain forms)."""
    return context.new_page(), no_js_context.new_page()


@pytest.fixture(scope="module")
def jwks_web(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[WebServer, KeyFile]]:
    """The service verifying an identity provider's ES256/RS256 tokens (a JWKS file)."""
    keys = KeyFile(tmp_path_factory.mktemp("jwks") / "jwks.json")
    keys.add("ec-1", "ES256")
    keys.add("rsa-1", "RS256")
    with serving(database_url, jwks_url=keys.url, jwks_refresh_seconds=0.01) as server:
        yield server, keys


@pytest.mark.parametrize("kid", ["ec-1", "rsa-1"])
def test_an_identity_providers_es256_or_rs256_token_opens_the_dashboard(
    page: Page, jwks_web: tuple[WebServer, KeyFile], clinic: Clinic, kid: str
) -> None:
    server, keys = jwks_web
    claims = {
        "role": "authenticated",
        "sub": str(uuid.uuid4()),
        "app_metadata": {"org_id": str(clinic.org_id)},
    }
    page.goto(f"{server.base_url}/dashboard")
    page.get_by_label("access token").fill(keys.token(kid, claims))
    page.get_by_role("button", name="Sign in with the token").click()
    expect(page.locator(".clinic-name")).to_have_text(clinic.name)
    # Signed out, the same token no longer opens it.
    token_cookie = next(c for c in page.context.cookies() if c["name"] == "dashboard_session")
    page.get_by_role("button", name="Sign out").click()
    replay = httpx.get(
        f"{server.base_url}/dashboard",
        headers={"Cookie": f"dashboard_session={token_cookie['value']}"},
        timeout=10,
    )
    assert clinic.name not in replay.text


def test_an_admin_resets_a_members_password(
    browser_context_pair: tuple[Page, Page], web: WebServer, clinic: Clinic
) -> None:
    admin_page, member_page = browser_context_pair
    admin = create_account(web, clinic, "admin")
    member = create_account(web, clinic, "front_desk")
    sign_in_with_password(member_page, web, member, PASSWORD)
    expect(member_page.locator(".clinic-name")).to_have_text(clinic.name)
    old_session = "; ".join(f"{c['name']}={c['value']}" for c in member_page.context.cookies())

    sign_in_with_password(admin_page, web, admin, PASSWORD)
    admin_page.goto(f"{web.base_url}/dashboard/staff")
    admin_page.locator("tr", has_text=member).get_by_role("button", name="Reset password").click()
    link = admin_page.locator(".reset-link").inner_text()
    assert "/dashboard/password-reset/" in link

    member_page.context.clear_cookies()
    member_page.goto(link)
    member_page.get_by_label("New password", exact=True).fill("a brand new password")
    member_page.get_by_label("The same password again").fill("a brand new password")
    member_page.get_by_role("button", name="Save the new password").click()
    expect(member_page.get_by_role("status")).to_contain_text("password is changed")
    sign_in_with_password(member_page, web, member, PASSWORD)
    expect(member_page.get_by_role("alert")).to_have_text("The email or password is not right.")
    sign_in_with_password(member_page, web, member, "a brand new password")
    expect(member_page.locator(".clinic-name")).to_have_text(clinic.name)
    # The session from before the reset is over.
    replay = httpx.get(f"{web.base_url}/dashboard", headers={"Cookie": old_session}, timeout=10)
    assert clinic.name not in replay.text


def test_the_staff_page_fits_a_phone(page: Page, web: WebServer, clinic: Clinic) -> None:
    owner = create_account(web, clinic, "owner")
    create_account(web, clinic, "front_desk")
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in_with_password(page, web, owner, PASSWORD)
    page.goto(f"{web.base_url}/dashboard/staff")
    expect(page.get_by_role("button", name="Create the invitation")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Email").fill(f"later-{uuid.uuid4().hex[:6]}@clinic.test")
    page.get_by_role("button", name="Create the invitation").click()
    pending = page.locator("li", has_text="until")
    expect(pending).to_contain_text("Front desk")
    assert "T" not in pending.inner_text().rsplit("until", 1)[1]  # a date, not a raw timestamp
