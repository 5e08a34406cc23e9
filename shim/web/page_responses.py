"""What the pages answer with, written once: a redirect, an error page, the
patient's plain 404, the sign-in screen, a page that carries a form
(`form_page`: its CSRF token, and the browser's CSRF cookie when it has
none), and when a refusal of the database means "signed out".

The dashboard's pages and every form post are decorated, so each handler
gets what it needs and only returns a response: `staff_page` (GET) checks
the session; `staff_action` (POST /dashboard/appointments/<id>/...)
checks the session, the appointment id, the form and its CSRF token, and
answers a refusal of the database as the sign-in screen; `patient_form`
(POST /a/<token>/...) and `offer_form` (POST /w/<token>/...) check the
token's shape, the form and its CSRF token.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from shim.service.errors import ServiceError
from shim.web import security, session
from shim.web.forms import BadForm, TextNotStorable, read_form
from shim.web.paths import LOGGED_OFFER_PAGE, LOGGED_PATIENT_PAGE, page_url
from shim.web.security import CSRF_FIELD, request_csrf, with_page_headers
from shim.web.session import Member
from shim.web.templates import known_error_codes, render

Endpoint = Callable[[Request], Awaitable[Response]]
Post = TypeVar("Post")
SIGN_IN_SCOPE = "sign-in"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,256}")
FORM_UNREADABLE = "The form could not be read."
FORM_NOT_STORABLE = (
    "The form contained a character that cannot be stored (a NUL byte). Go back and retype it."
)
FORM_EXPIRED = "This form has expired. Go back, reload the page and try again."

# The codes of a ServiceError that mean the member is no longer admitted:
# the token is no longer valid (PGRST301: bad signature or expired;
# PGRST303: its claims are not acceptable), or the database refuses the
# member's role what it asks (42501 insufficient_privilege, as
# dashboard_overview raises for another clinic's organization).
SIGNED_OUT_CODES = frozenset({"PGRST301", "PGRST303", "42501"})


def signed_out(error: ServiceError) -> bool:
    """Whether a refusal means the member is signed out (see SIGNED_OUT_CODES).

    Not by HTTP status: that is how the APIs show an error, not what it
    means. 22023 is one only when it is SET ROLE's 'role "…" does not
    exist' (the token names a role the database does not have; told apart
    as errors.status_for_sqlstate tells it): the functions raise the same
    code for an argument out of range, the form's fault, not the member's
    access. Anything else (the database away, a bad input) is not."""
    if error.code in SIGNED_OUT_CODES:
        return True
    message = error.message
    return (
        error.code == "22023"
        and message.startswith('role "')
        and message.endswith(" does not exist")
    )


def redirect(name: str, /, **params: Any) -> Response:
    """POST-redirect-GET: 303 to the page named `name` (paths.page_url)."""
    return with_page_headers(RedirectResponse(page_url(name, **params), status_code=303))


def error_page(message: str, status_code: int) -> Response:
    return render(
        "error.html", {"message": message, "status_code": status_code}, status_code=status_code
    )


def not_found() -> Response:
    """The patient's 404: the same for an unknown token as for anything else."""
    return render("not_found.html", {}, status_code=404)


def form_page(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    csrf_scope: str,
    *,
    status_code: int = 200,
) -> Response:
    """A page with forms: each carries the CSRF token of `csrf_scope`; the
    browser's CSRF cookie is set when it has none yet."""
    csrf = request_csrf(request)
    value, new = csrf.browser_value(request)
    response = render(
        template,
        {**context, "csrf_token": csrf.token(value, csrf_scope), "csrf_field": CSRF_FIELD},
        status_code=status_code,
    )
    if new:
        csrf.set_cookie(response, request, value)
    return response


def query_error(request: Request) -> str | None:
    """The `error` query parameter of a page reached by a redirect, when it is
    a code the pages have a sentence for; anything else (a link someone made
    up) is ignored, so no page shows text chosen by whoever wrote the URL."""
    code = request.query_params.get("error")
    return code if code in _KNOWN_ERRORS else None


_KNOWN_ERRORS = known_error_codes()


FLASH_COOKIE = "page_done"
_FLASH_SECONDS = 60


def redirect_with_flash(request: Request, name: str, done: str, /, **params: Any) -> Response:
    """POST-redirect-GET that tells the next page what was just done, in a
    short-lived cookie scoped to that page, not in its URL: a link cannot
    make a page claim something happened."""
    response = redirect(name, **params)
    response.set_cookie(
        FLASH_COOKIE,
        done,
        max_age=_FLASH_SECONDS,
        path=page_url(name, **params),
        httponly=True,
        samesite="strict",
        secure=security.secure_cookies(request),
    )
    return response


def take_flash(request: Request, response: Response, name: str, /, **params: Any) -> None:
    """The flash is shown once: the response clears it."""
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(
            FLASH_COOKIE,
            path=page_url(name, **params),
            httponly=True,
            samesite="strict",
            secure=security.secure_cookies(request),
        )


def sign_in_page(request: Request, reason: str | None, status_code: int = 200) -> Response:
    """The dashboard's sign-in screen; it ends a session the browser still has."""
    context = {"reason": reason, "notice": request.query_params.get("notice")}
    response = form_page(request, "sign_in.html", context, SIGN_IN_SCOPE, status_code=status_code)
    if session.has_session_cookie(request):
        session.forget(request)
    return response


def staff_scope(member: Member) -> str:
    """What the dashboard's forms act on: the member's organization."""
    return f"dashboard:{member.org_id}"


def patient_scope(token: str) -> str:
    """What a patient page's forms act on: its manage link."""
    return f"manage:{token}"


def offer_scope(token: str) -> str:
    """What a waitlist offer page's forms act on: its offer link."""
    return f"offer:{token}"


def local_date(raw: str | None, default: str) -> str:
    """A date query parameter (YYYY-MM-DD), or the default when it is not one."""
    try:
        return dt.date.fromisoformat(raw).isoformat() if raw else default
    except ValueError:
        return default


def appointment_id(request: Request) -> str | None:
    try:
        return str(uuid.UUID(request.path_params["appointment_id"]))
    except ValueError:
        return None


def patient_token(request: Request, logged_as: str = LOGGED_PATIENT_PAGE) -> str | None:
    """The path's token (a manage link's, or a waitlist offer's), when it can
    be one; the access log shows `logged_as` instead of it."""
    request.state.access_log_path = logged_as
    token: str = request.path_params["token"]
    return token if TOKEN_PATTERN.fullmatch(token) else None


class Refused(Exception):
    """A form post that fails a check, and the page that says so."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


async def checked_form(request: Request, csrf_scope: str) -> dict[str, str]:
    """A posted form with a valid CSRF token of `csrf_scope`; else Refused
    with the page that says why (400 unreadable, 403 expired)."""
    try:
        form = await read_form(request)
    except TextNotStorable as exc:
        raise Refused(error_page(FORM_NOT_STORABLE, 400)) from exc
    except BadForm as exc:
        raise Refused(error_page(FORM_UNREADABLE, 400)) from exc
    if not request_csrf(request).valid(request, form.get(CSRF_FIELD), csrf_scope):
        raise Refused(error_page(FORM_EXPIRED, 403))
    return form


@dataclass(frozen=True)
class StaffPost:
    """A staff action's checked request: the member, the appointment, the form."""

    request: Request
    member: Member
    appointment_id: str
    form: dict[str, str]


@dataclass(frozen=True)
class PatientPost:
    """A patient form's checked request: the manage token and the form."""

    request: Request
    token: str
    form: dict[str, str]


async def _staff_post(request: Request) -> StaffPost:
    member = await session.session_member(request)
    if member is None:
        raise Refused(sign_in_page(request, "expired", status_code=401))
    appointment = appointment_id(request)
    if appointment is None:
        raise Refused(error_page("No such appointment.", 404))
    form = await checked_form(request, staff_scope(member))
    return StaffPost(request, member, appointment, form)


async def _patient_post(request: Request) -> PatientPost:
    token = patient_token(request)
    if token is None:
        raise Refused(not_found())
    return PatientPost(request, token, await checked_form(request, patient_scope(token)))


async def _offer_post(request: Request) -> PatientPost:
    token = patient_token(request, LOGGED_OFFER_PAGE)
    if token is None:
        raise Refused(not_found())
    return PatientPost(request, token, await checked_form(request, offer_scope(token)))


def _checked_post(
    check: Callable[[Request], Awaitable[Post]],
    handler: Callable[[Post], Awaitable[Response]],
    named: Callable[..., Any],
) -> Endpoint:
    """An endpoint: the checks, then the handler with what they found."""

    @functools.wraps(named)
    async def endpoint(request: Request) -> Response:
        try:
            post = await check(request)
        except Refused as refused:
            return refused.response
        return await handler(post)

    return endpoint


def staff_page(handler: Callable[[Request, Member], Awaitable[Response]]) -> Endpoint:
    """GET a dashboard page as the signed-in member: else the sign-in screen
    ("expired" when the browser still had a session), and the same when the
    database's refusal means signed out."""

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        member = await session.session_member(request)
        if member is None:
            reason = "expired" if session.has_session_cookie(request) else None
            return sign_in_page(request, reason)
        try:
            return await handler(request, member)
        except ServiceError as exc:
            if signed_out(exc):
                return sign_in_page(request, "refused")
            raise

    return endpoint


def staff_action(handler: Callable[[StaffPost], Awaitable[Response]]) -> Endpoint:
    """POST /dashboard/appointments/<id>/<action>: signed in (else the sign-in
    screen, 401), an appointment id (else 404), a readable form (else 400)
    with a valid CSRF token (else 403). A refusal of the database while the
    handler runs: signed out (the sign-in screen) or, for any other 4xx, an
    input the SQL would not take (back to the dashboard, INVALID_INPUT)."""

    async def run(post: StaffPost) -> Response:
        try:
            return await handler(post)
        except ServiceError as exc:
            if signed_out(exc):
                return sign_in_page(post.request, "refused", status_code=exc.status)
            if exc.status < 500:
                return redirect("dashboard", error="INVALID_INPUT")
            raise

    return _checked_post(_staff_post, run, handler)


def patient_form(handler: Callable[[PatientPost], Awaitable[Response]]) -> Endpoint:
    """POST /a/<token>/<action>: a token of the right shape (else the plain
    404), a readable form (else 400) with a valid CSRF token (else 403)."""
    return _checked_post(_patient_post, handler, handler)


def offer_form(handler: Callable[[PatientPost], Awaitable[Response]]) -> Endpoint:
    """POST /w/<token>/<action>: as patient_form, for a waitlist offer's link."""
    return _checked_post(_offer_post, handler, handler)
