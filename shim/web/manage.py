"""GET <PUBLIC_BASE_URL>/a/<token>: the patient's manage page, opened from
the link in an appointment SMS.

    GET  /a/<token>                    the appointment, and what the patient may do
    GET  /a/<token>/cancel             the confirmation step (optional reason)
    POST /a/<token>/cancel
    GET  /a/<token>/reschedule?date=   a date, and the free times of that date
    POST /a/<token>/reschedule

Everything goes through the token functions (public.manage_appointment,
manage_available_slots, manage_cancel, manage_reschedule) as anon: the SQL
decides what is allowed (notice periods, limits, status) and says why not.
An unknown token is a plain 404 that reveals nothing. The token is in the
URL, so the pages send no Referer, are never cached, and the access log
shows /a/<token> instead of it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from shim import queries
from shim.service.errors import ServiceError
from shim.service.state import service_state
from shim.web.forms import BadForm, read_form
from shim.web.security import CSRF_FIELD, Csrf, request_csrf, with_page_headers
from shim.web.sql_calls import anonymous, call
from shim.web.templates import render

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,256}")
LOGGED_PATH = "/a/<token>"


def _token(request: Request) -> str | None:
    """The path's token, when it can be one; the access log never shows it."""
    request.state.access_log_path = LOGGED_PATH
    token: str = request.path_params["token"]
    return token if TOKEN_PATTERN.fullmatch(token) else None


def not_found() -> Response:
    return render("not_found.html", {}, status_code=404)


async def not_found_page(request: Request) -> Response:
    request.state.access_log_path = "/a/<path>"
    return not_found()


def _redirect(url: str) -> Response:
    return with_page_headers(RedirectResponse(url, status_code=303))


def _csrf(request: Request) -> Csrf:
    return request_csrf(request)


async def _sql(request: Request, statement: Any, params: dict[str, Any], *, write: bool) -> Any:
    caller = anonymous(service_state(request))
    return await call(request, caller, statement, params, read_only=not write, path="/a")


async def _appointment(request: Request, token: str) -> dict[str, Any] | None:
    answer = await _sql(request, queries.WEB_MANAGE_APPOINTMENT, {"token": token}, write=False)
    if not isinstance(answer, dict) or answer.get("success") is False:
        return None
    return answer


def _page(request: Request, template: str, token: str, context: dict[str, Any]) -> Response:
    csrf = _csrf(request)
    value, new = csrf.browser_value(request)
    response = render(
        template,
        {
            **context,
            "base": f"/a/{token}",
            "csrf_token": csrf.token(value, f"manage:{token}"),
            "csrf_field": CSRF_FIELD,
            "done": request.query_params.get("done"),
            "error": request.query_params.get("error"),
        },
    )
    if new:
        csrf.set_cookie(response, request, value)
    return response


async def manage_page(request: Request) -> Response:
    token = _token(request)
    appointment = None if token is None else await _appointment(request, token)
    if token is None or appointment is None:
        return not_found()
    return _page(request, "manage.html", token, {"appointment": appointment})


async def cancel_page(request: Request) -> Response:
    token = _token(request)
    appointment = None if token is None else await _appointment(request, token)
    if token is None or appointment is None:
        return not_found()
    return _page(request, "manage_cancel.html", token, {"appointment": appointment})


def _local_date(raw: str | None, default: str) -> str:
    try:
        return dt.date.fromisoformat(raw).isoformat() if raw else default
    except ValueError:
        return default


async def reschedule_page(request: Request) -> Response:
    token = _token(request)
    appointment = None if token is None else await _appointment(request, token)
    if token is None or appointment is None:
        return not_found()
    date = _local_date(request.query_params.get("date"), appointment["local_date"])
    slots = None
    if appointment.get("can_reschedule"):
        slots = await _sql(
            request, queries.WEB_MANAGE_AVAILABLE_SLOTS, {"token": token, "date": date}, write=False
        )
    context = {"appointment": appointment, "date": date, "availability": slots}
    return _page(request, "manage_reschedule.html", token, context)


async def _post(request: Request) -> tuple[str, dict[str, str]] | Response:
    token = _token(request)
    if token is None:
        return not_found()
    try:
        form = await read_form(request)
    except BadForm:
        return render(
            "error.html",
            {"message": "The form could not be read.", "status_code": 400},
            status_code=400,
        )
    if not _csrf(request).valid(request, form.get(CSRF_FIELD), f"manage:{token}"):
        message = "This form has expired. Go back, reload the page and try again."
        return render("error.html", {"message": message, "status_code": 403}, status_code=403)
    return token, form


def _after(token: str, answer: Any, done: str, retry_path: str) -> Response:
    if not isinstance(answer, dict):
        return not_found()
    if answer.get("success") is True:
        return _redirect(f"/a/{token}?" + urlencode({"done": done}))
    error = str(answer.get("error"))
    if error == "APPOINTMENT_NOT_FOUND":
        return not_found()
    return _redirect(f"/a/{token}{retry_path}?" + urlencode({"error": error}))


async def cancel(request: Request) -> Response:
    posted = await _post(request)
    if isinstance(posted, Response):
        return posted
    token, form = posted
    reason = form.get("reason", "").strip() or None
    answer = await _sql(
        request, queries.WEB_MANAGE_CANCEL, {"token": token, "reason": reason}, write=True
    )
    return _after(token, answer, "cancelled", "")


async def reschedule(request: Request) -> Response:
    posted = await _post(request)
    if isinstance(posted, Response):
        return posted
    token, form = posted
    slot = form.get("slot", "").strip()
    if not slot:
        return _redirect(f"/a/{token}/reschedule?" + urlencode({"error": "NO_SLOT_CHOSEN"}))
    params = {"token": token, "new_scheduled_at": slot}
    try:
        answer = await _sql(request, queries.WEB_MANAGE_RESCHEDULE, params, write=True)
    except ServiceError as exc:
        if exc.status >= 500:
            raise
        answer = {"success": False, "error": "INVALID_TIME"}  # not a time at all
    return _after(token, answer, "rescheduled", "/reschedule")
