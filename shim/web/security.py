"""What every page response carries, and the CSRF check of every form.

Headers: a strict Content-Security-Policy (no inline script or style, no
third-party origin; the pages use only their own versioned static files),
`Cache-Control: no-store` (pages show personal data; the patient page's URL
holds its token), `Referrer-Policy: no-referrer` (the token must not leak to
another site through Referer), no framing, no MIME sniffing.

CSRF: double submit, signed. The browser holds a random value in an
HttpOnly, SameSite=Strict cookie; each form carries HMAC(key, value, scope)
where the scope names what the form acts on (the dashboard session's
organization, or a patient link). A form posted from another site has
neither the cookie (SameSite) nor the matching field.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from shim.service.state import service_state

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSRF_COOKIE = "csrf"
CSRF_FIELD = "csrf_token"


def secure_cookies(request: Request) -> bool:
    """Cookies are Secure when the page was reached over HTTPS."""
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded.split(",")[0].strip() == "https"


def with_page_headers(response: Response) -> Response:
    for name, value in PAGE_HEADERS.items():
        response.headers[name] = value
    return response


class Csrf:
    """Form tokens signed with a key derived from the service's JWT secret."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"clinic-booking pages csrf\x00" + secret.encode()).digest()

    def browser_value(self, request: Request) -> tuple[str, bool]:
        """The browser's CSRF cookie value, and whether it is new (to be set)."""
        value = request.cookies.get(CSRF_COOKIE, "")
        if 32 <= len(value) <= 128 and value.isascii():
            return value, False
        return secrets.token_urlsafe(32), True

    def token(self, browser_value: str, scope: str) -> str:
        message = browser_value.encode() + b"\x00" + scope.encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def valid(self, request: Request, submitted: str | None, scope: str) -> bool:
        value = request.cookies.get(CSRF_COOKIE)
        if not value or not submitted:
            return False
        return hmac.compare_digest(self.token(value, scope), submitted)

    @staticmethod
    def set_cookie(response: Response, request: Request, value: str) -> None:
        response.set_cookie(
            CSRF_COOKIE,
            value,
            httponly=True,
            samesite="strict",
            secure=secure_cookies(request),
            path="/",
        )


@functools.lru_cache(maxsize=4)
def _csrf_for_secret(secret: str) -> Csrf:
    return Csrf(secret)


def request_csrf(request: Request) -> Csrf:
    """The CSRF signer of the running service (keyed by its signing secret)."""
    secret: str = service_state(request).settings.signing_secret
    return _csrf_for_secret(secret)
