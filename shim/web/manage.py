"""GET <PUBLIC_BASE_URL>/a/<token>: the patient's manage page, opened from
the link in an appointment SMS.

    GET  /a/<token>                    the appointment, and what the patient may do
    GET  /a/<token>/cancel             the confirmation step (optional reason)
    POST /a/<token>/cancel
    GET  /a/<token>/reschedule?date=   a date, and the free times of that date
    POST /a/<token>/reschedule
    POST /a/<token>/earlier-time       join or leave the waitlist for an earlier time

Everything goes through the token functions (public.manage_appointment,
manage_available_slots, manage_cancel, manage_reschedule,
manage_request_earlier_time) as anon: the SQL
decides what is allowed (notice periods, limits, status) and says why not.
An unknown token is a plain 404 that reveals nothing; a token whose
appointment ended longer ago than the package setting manage_link_days
(default 30) gets a 410 page saying the link has expired and giving the
clinic's phone. The token is in the
URL, so the pages send no Referer, are never cached, and the access log
shows /a/<token> instead of it.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.service.errors import ServiceError
from shim.service.state import service_state
from shim.web.page_responses import (
    FLASH_COOKIE,
    Endpoint,
    PatientPost,
    form_page,
    local_date,
    not_found,
    patient_form,
    patient_scope,
    patient_token,
    query_error,
    redirect,
    redirect_with_flash,
    take_flash,
)
from shim.web.paths import hide_patient_token
from shim.web.sql_calls import anonymous, call
from shim.web.templates import known_error_codes, render

KNOWN_ERRORS = known_error_codes()


async def not_found_page(request: Request) -> Response:
    hide_patient_token(request)
    return not_found()


async def _sql(request: Request, statement: Any, params: dict[str, Any], *, write: bool) -> Any:
    caller = anonymous(service_state(request))
    return await call(request, caller, statement, params, read_only=not write, path="/a")


async def _appointment(request: Request, token: str) -> dict[str, Any] | None:
    """The token's appointment, or the SQL's refusal (success false: an
    expired link says so); None for no answer at all."""
    answer = await _sql(request, queries.WEB_MANAGE_APPOINTMENT, {"token": token}, write=False)
    return answer if isinstance(answer, dict) else None


def _link_expired(answer: dict[str, Any]) -> Response:
    """The page of a link past its lifetime: what happened and whom to call."""
    context = {
        "clinic_name": answer.get("clinic_name"),
        "clinic_phone": answer.get("clinic_phone"),
        "clinic_phone_display": answer.get("clinic_phone_display"),
    }
    return render("link_expired.html", context, status_code=410)


PageContext = Callable[[Request, str, dict[str, Any]], Awaitable[dict[str, Any]]]


def _patient_page(template: str) -> Callable[[PageContext], Endpoint]:
    """GET a patient page: the token's appointment (else the plain 404), and
    `template` rendered with it and what the handler adds; its forms are
    scoped to the link."""

    def decorate(context_of: PageContext) -> Endpoint:
        @functools.wraps(context_of)
        async def endpoint(request: Request) -> Response:
            token = patient_token(request)
            appointment = None if token is None else await _appointment(request, token)
            if token is None or appointment is None:
                return not_found()
            if appointment.get("success") is False:
                if appointment.get("error") == "LINK_EXPIRED":
                    return _link_expired(appointment)
                return not_found()
            context = {
                **await context_of(request, token, appointment),
                "appointment": appointment,
                "token": token,
                "done": _done(request, appointment),
                "error": query_error(request),
            }
            response = form_page(request, template, context, patient_scope(token))
            take_flash(request, response, "manage", token=token)
            return response

        return endpoint

    return decorate


def _done(request: Request, appointment: dict[str, Any]) -> str | None:
    """What the patient just did (redirect_with_flash), when the appointment
    agrees: a page never says "cancelled" of an appointment that is not."""
    done = request.cookies.get(FLASH_COOKIE)
    if done == "cancelled" and appointment.get("status") == "cancelled":
        return done
    if done == "rescheduled" and appointment.get("status") in ("scheduled", "confirmed"):
        return done
    requested = appointment.get("earlier_time_requested")
    if (done, requested) in (("earlier_requested", True), ("earlier_stopped", False)):
        return done
    return None


@_patient_page("manage.html")
async def manage_page(request: Request, token: str, appointment: dict[str, Any]) -> dict[str, Any]:
    return {}


@_patient_page("manage_cancel.html")
async def cancel_page(request: Request, token: str, appointment: dict[str, Any]) -> dict[str, Any]:
    return {}


@_patient_page("manage_reschedule.html")
async def reschedule_page(
    request: Request, token: str, appointment: dict[str, Any]
) -> dict[str, Any]:
    date = local_date(request.query_params.get("date"), appointment["local_date"])
    slots = None
    if appointment.get("can_reschedule"):
        slots = await _sql(
            request, queries.WEB_MANAGE_AVAILABLE_SLOTS, {"token": token, "date": date}, write=False
        )
    return {"date": date, "availability": slots}


def _after(request: Request, token: str, answer: Any, done: str, retry_page: str) -> Response:
    if not isinstance(answer, dict):
        return not_found()
    if answer.get("success") is True:
        return redirect_with_flash(request, "manage", done, token=token)
    error = str(answer.get("error"))
    if error == "APPOINTMENT_NOT_FOUND":
        return not_found()
    return redirect(retry_page, token=token, error=error)


@patient_form
async def cancel(post: PatientPost) -> Response:
    reason = post.form.get("reason", "").strip() or None
    params = {"token": post.token, "reason": reason}
    answer = await _sql(post.request, queries.WEB_MANAGE_CANCEL, params, write=True)
    return _after(post.request, post.token, answer, "cancelled", "manage")


@patient_form
async def reschedule(post: PatientPost) -> Response:
    slot = post.form.get("slot", "").strip()
    if not slot:
        return redirect("manage_reschedule", token=post.token, error="NO_SLOT_CHOSEN")
    params = {"token": post.token, "new_scheduled_at": slot}
    try:
        answer = await _sql(post.request, queries.WEB_MANAGE_RESCHEDULE, params, write=True)
    except ServiceError as exc:
        if exc.status >= 500:
            raise
        answer = {"success": False, "error": "INVALID_TIME"}  # not a time at all
    return _after(post.request, post.token, answer, "rescheduled", "manage_reschedule")


@patient_form
async def earlier_time(post: PatientPost) -> Response:
    """ "Tell me if an earlier time opens" (wanted=true) and its stop (false):
    public.manage_request_earlier_time decides whether it may."""
    wanted = {"true": True, "false": False}.get(post.form.get("wanted", ""))
    if wanted is None:
        return redirect("manage", token=post.token, error="INVALID_INPUT")
    params = {"token": post.token, "wanted": wanted}
    answer = await _sql(post.request, queries.WEB_MANAGE_REQUEST_EARLIER_TIME, params, write=True)
    refused = isinstance(answer, dict) and answer.get("success") is not True
    if refused and str(answer.get("error")) not in KNOWN_ERRORS:  # in words all the same
        answer = {**answer, "error": "NOT_DONE"}
    done = "earlier_requested" if wanted else "earlier_stopped"
    return _after(post.request, post.token, answer, done, "manage")
