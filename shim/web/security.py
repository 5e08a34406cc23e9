"""What every page response carries, and the CSRF check of every form.

Headers: a strict Content-Security-Policy (no inline script or style, no
third-party origin; the pages use only their own versioned static files),
`Cache-Control: no-store` (pages show personal data; the patient page's URL
holds its token), `Referrer-Policy: no-referrer` (the token must not leak to
another site through Referer), no framing, no MIME sniffing.

CSRF: double submit, signed. The browser holds a value the server issued
in an HttpOnly, SameSite=Strict cookie: random bytes and their HMAC, so a
value the client chose (a page on another port of the same host can set
cookies for this one: cookies are not isolated by port) is not accepted and
is replaced by a new one. Each form carries HMAC(key, value, scope) where
the scope names what the form acts on (the dashboard session's
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
    """Cookies are Secure when the page was reached over https, or whenever
    the public base URL is https (behind a proxy that does not say so)."""
    if service_state(request).settings.public_base_url.startswith("https://"):
        return True
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

    def _issued(self, nonce: str) -> str:
        mac = hmac.new(self._key, b"cookie\x00" + nonce.encode(), hashlib.sha256).hexdigest()
        return f"{nonce}.{mac}"

    def _issued_value(self, request: Request) -> str | None:
        """The cookie's value when this server issued it, else None."""
        value = request.cookies.get(CSRF_COOKIE, "")
        nonce, _, _mac = value.partition(".")
        if not (32 <= len(nonce) <= 128) or not value.isascii():
            return None
        return value if hmac.compare_digest(self._issued(nonce), value) else None

    def browser_value(self, request: Request) -> tuple[str, bool]:
        """The browser's CSRF cookie value, and whether it is new (to be set):
        a value this server did not issue is replaced."""
        value = self._issued_value(request)
        if value is not None:
            return value, False
        return self._issued(secrets.token_urlsafe(32)), True

    def token(self, browser_value: str, scope: str) -> str:
        message = browser_value.encode() + b"\x00" + scope.encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def valid(self, request: Request, submitted: str | None, scope: str) -> bool:
        value = self._issued_value(request)
        if value is None or not submitted or not same_origin(request):
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


def same_origin(request: Request) -> bool:
    """A form posted by a page of this origin. Another port of the same host
    is the same *site*, so SameSite cookies (and a CSRF cookie planted there)
    reach us from it: only the origin tells it apart.

    Browsers say where a request comes from in Sec-Fetch-Site (same-origin,
    same-site, cross-site, none); the pages send `Referrer-Policy:
    no-referrer`, under which a form's Origin header is "null", so Origin
    is the fallback for clients without Sec-Fetch-Site, and a client that
    sends neither (not a browser) passes to the token check."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    host = request.headers.get("host", "")
    schemes = {request.url.scheme}
    if secure_cookies(request):
        schemes.add("https")
    return origin in {f"{scheme}://{host}" for scheme in schemes}


@functools.lru_cache(maxsize=4)
def _csrf_for_secret(secret: str) -> Csrf:
    return Csrf(secret)


def request_csrf(request: Request) -> Csrf:
    """The CSRF signer of the running service (keyed by its signing secret)."""
    secret: str = service_state(request).settings.signing_secret
    return _csrf_for_secret(secret)
