"""The pages' forms cannot be posted with a CSRF value the client chose, nor
from another origin of the same site (another port of this host)."""

from __future__ import annotations

import re

import httpx

from tests.web.conftest import WebServer

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def test_a_csrf_cookie_the_client_chose_is_replaced(web: WebServer) -> None:
    planted = "A" * 43
    with httpx.Client(base_url=web.base_url, timeout=10) as browser:
        browser.cookies.set("csrf", planted, path="/")
        page = browser.get("/dashboard")
        issued = page.cookies.get("csrf")
        assert issued is not None
        assert issued != planted
        assert "." in issued  # the server's value carries its signature
        # A value the server issued is kept.
        assert browser.get("/dashboard").cookies.get("csrf") is None


def test_a_form_posted_from_another_origin_of_the_same_site_is_refused(
    web: WebServer, clinic: object
) -> None:
    del clinic
    with httpx.Client(base_url=web.base_url, timeout=10) as browser:
        token = CSRF.search(browser.get("/dashboard").text)
        assert token is not None
        port = int(web.base_url.rsplit(":", 1)[1])
        other = f"http://127.0.0.1:{port + 1}"
        refused = browser.post(
            "/dashboard/sign-in",
            data={"access_token": "x", "csrf_token": token.group(1)},
            headers={"Origin": other},
        )
        assert refused.status_code == 403
        same = browser.post(
            "/dashboard/sign-in",
            data={"access_token": "x", "csrf_token": token.group(1)},
            headers={"Origin": web.base_url},
        )
        assert same.status_code == 401  # past the CSRF check: the token is not valid
        for site in ("same-site", "cross-site"):  # as a browser says it
            refused = browser.post(
                "/dashboard/sign-in",
                data={"access_token": "x", "csrf_token": token.group(1)},
                headers={"Sec-Fetch-Site": site, "Origin": "null"},
            )
            assert refused.status_code == 403
