"""GET /dashboard: the clinic's live dashboard, and its forms.

    GET  /dashboard                    sign-in screen, or the dashboard
    POST /dashboard/sign-in            token -> session cookie (see session.py)
    POST /dashboard/sign-out
    GET  /dashboard/panel              the dashboard's live part, re-read on each event
    GET  /dashboard/events             the live feed (SSE) as the signed-in member
    POST /dashboard/appointments/<id>/cancel | /outcome | /reschedule
    GET  /dashboard/appointments/<id>/reschedule?date=   the slot picker

Reads: public.dashboard_overview, public.dashboard_appointment,
public.reschedule_options; actions: public.cancel_appointment,
public.reschedule_appointment, public.set_appointment_outcome; all as the
member, under RLS. Every action posts a form and redirects back
(POST-redirect-GET) with the SQL's answer code in the query string.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from shim import queries
from shim.service.errors import ServiceError
from shim.service.state import service_state
from shim.web import session
from shim.web.forms import BadForm, read_form
from shim.web.security import CSRF_FIELD, Csrf, request_csrf, with_page_headers
from shim.web.session import Member
from shim.web.sql_calls import call
from shim.web.templates import render

Endpoint = Callable[[Request], Awaitable[Response]]
DASHBOARD_DAYS = 7
SIGN_IN_SCOPE = "sign-in"
OUTCOMES = ("completed", "no_show")


def _redirect(url: str) -> Response:
    return with_page_headers(RedirectResponse(url, status_code=303))


def _csrf(request: Request) -> Csrf:
    return request_csrf(request)


def _scope(member: Member) -> str:
    return f"dashboard:{member.org_id}"


def _appointment_id(request: Request) -> str | None:
    try:
        return str(uuid.UUID(request.path_params["appointment_id"]))
    except ValueError:
        return None


def _sign_in_page(request: Request, reason: str | None, status_code: int = 200) -> Response:
    csrf = _csrf(request)
    value, new = csrf.browser_value(request)
    response = render(
        "sign_in.html",
        {
            "reason": reason,
            "csrf_token": csrf.token(value, SIGN_IN_SCOPE),
            "csrf_field": CSRF_FIELD,
        },
        status_code=status_code,
    )
    if new:
        csrf.set_cookie(response, request, value)
    if session.has_session_cookie(request):
        session.end_session(response, request)
    return response


def _error_page(message: str, status_code: int) -> Response:
    return render(
        "error.html", {"message": message, "status_code": status_code}, status_code=status_code
    )


async def _read(request: Request, member: Member, statement: Any, params: dict[str, Any]) -> Any:
    return await call(request, member.caller, statement, params, read_only=True, path="/dashboard")


async def _write(request: Request, member: Member, statement: Any, params: dict[str, Any]) -> Any:
    return await call(request, member.caller, statement, params, read_only=False, path="/dashboard")


def _signed_out(exc: ServiceError) -> bool:
    """The database or the token no longer admits the member."""
    return exc.status in (401, 403)


async def _overview(request: Request, member: Member) -> tuple[Any, str]:
    # The position first: every event after it is replayed to the page's
    # stream, so nothing committed between the two reads is missed.
    cursor = await _read(
        request, member, queries.WEB_DASHBOARD_FEED_POSITION, {"org_id": member.org_id}
    )
    overview = await _read(
        request,
        member,
        queries.WEB_DASHBOARD_OVERVIEW,
        {"org_id": member.org_id, "days": DASHBOARD_DAYS},
    )
    return overview, str(cursor)


async def dashboard_page(request: Request) -> Response:
    member = session.session_member(request, service_state(request))
    if member is None:
        reason = "expired" if session.has_session_cookie(request) else None
        return _sign_in_page(request, reason)
    try:
        overview, cursor = await _overview(request, member)
    except ServiceError as exc:
        if _signed_out(exc):
            return _sign_in_page(request, "refused")
        raise
    csrf = _csrf(request)
    value, new = csrf.browser_value(request)
    response = render(
        "dashboard.html",
        {
            "overview": overview,
            "cursor": cursor,
            "csrf_token": csrf.token(value, _scope(member)),
            "csrf_field": CSRF_FIELD,
            "notice": request.query_params.get("notice"),
            "error": request.query_params.get("error"),
        },
    )
    if new:
        csrf.set_cookie(response, request, value)
    return response


async def panel(request: Request) -> Response:
    """The live part of the dashboard, for the page's script to swap in."""
    member = session.session_member(request, service_state(request))
    if member is None:
        return with_page_headers(PlainTextResponse("Signed out", status_code=401))
    try:  # one read: the page's stream already has its position
        overview = await _read(
            request,
            member,
            queries.WEB_DASHBOARD_OVERVIEW,
            {"org_id": member.org_id, "days": DASHBOARD_DAYS},
        )
    except ServiceError as exc:
        if _signed_out(exc):
            return with_page_headers(PlainTextResponse("Signed out", status_code=401))
        raise
    csrf = _csrf(request)
    value, _new = csrf.browser_value(request)
    return render(
        "dashboard_panel.html",
        {
            "overview": overview,
            "csrf_token": csrf.token(value, _scope(member)),
            "csrf_field": CSRF_FIELD,
        },
    )


async def sign_in(request: Request) -> Response:
    try:
        form = await read_form(request)
    except BadForm:
        return _sign_in_page(request, "invalid", status_code=400)
    if not _csrf(request).valid(request, form.get(CSRF_FIELD), SIGN_IN_SCOPE):
        return _sign_in_page(request, "stale_form", status_code=403)
    member = session.member_from_token(form.get("access_token", ""), service_state(request))
    if member is None:
        return _sign_in_page(request, "invalid", status_code=401)
    response = _redirect("/dashboard")
    session.start_session(response, request, member)
    return response


async def sign_out(request: Request) -> Response:
    response = _redirect("/dashboard")
    session.end_session(response, request)
    return response


def events_route(events_endpoint: Endpoint) -> Endpoint:
    """/dashboard/events: the live feed as the signed-in member. The session
    token becomes the request's bearer token; the cookie header and any
    other credential are dropped, so the feed authenticates exactly the
    member (and Last-Event-ID, sent by EventSource on reconnect, passes)."""

    async def endpoint(request: Request) -> Response:
        member = session.session_member(request, service_state(request))
        if member is None:
            return with_page_headers(PlainTextResponse("Signed out", status_code=401))
        dropped = {b"cookie", b"authorization", b"apikey"}
        headers = [(k, v) for k, v in request.scope["headers"] if k.lower() not in dropped]
        headers.append((b"authorization", f"Bearer {member.token}".encode()))
        cursor = request.query_params.get("last_event_id")
        scope = {
            **request.scope,
            "headers": headers,
            "query_string": urlencode({"last_event_id": cursor} if cursor else {}).encode(),
        }
        return await events_endpoint(Request(scope, request.receive))

    return endpoint


async def _action(
    request: Request, run: Callable[[Member, str, dict[str, str]], Awaitable[Any]]
) -> tuple[Member, str, dict[str, Any]] | Response:
    """The checks every staff action makes; the SQL's answer, or a response."""
    member = session.session_member(request, service_state(request))
    if member is None:
        return _sign_in_page(request, "expired", status_code=401)
    appointment_id = _appointment_id(request)
    if appointment_id is None:
        return _error_page("No such appointment.", 404)
    try:
        form = await read_form(request)
    except BadForm:
        return _error_page("The form could not be read.", 400)
    if not _csrf(request).valid(request, form.get(CSRF_FIELD), _scope(member)):
        return _error_page("This form has expired. Go back, reload the page and try again.", 403)
    try:
        answer = await run(member, appointment_id, form)
    except ServiceError as exc:
        if _signed_out(exc):
            return _sign_in_page(request, "refused", status_code=exc.status)
        if exc.status < 500:
            return _redirect("/dashboard?" + urlencode({"error": "INVALID_INPUT"}))
        raise
    return member, appointment_id, answer


def _back(answer: dict[str, Any], notice: str, anchor: str = "") -> Response:
    if answer.get("success") is True:
        return _redirect("/dashboard?" + urlencode({"notice": notice}) + anchor)
    return _redirect("/dashboard?" + urlencode({"error": str(answer.get("error"))}) + anchor)


async def cancel(request: Request) -> Response:
    async def run(member: Member, appointment_id: str, form: dict[str, str]) -> Any:
        reason = form.get("reason", "").strip() or None
        params = {"org_id": member.org_id, "appointment_id": appointment_id, "reason": reason}
        return await _write(request, member, queries.WEB_CANCEL_APPOINTMENT, params)

    result = await _action(request, run)
    if isinstance(result, Response):
        return result
    return _back(result[2], "cancelled")


async def outcome(request: Request) -> Response:
    async def run(member: Member, appointment_id: str, form: dict[str, str]) -> Any:
        params = {
            "org_id": member.org_id,
            "appointment_id": appointment_id,
            "status": form.get("status", ""),
        }
        return await _write(request, member, queries.WEB_SET_APPOINTMENT_OUTCOME, params)

    result = await _action(request, run)
    if isinstance(result, Response):
        return result
    return _back(result[2], "outcome")


async def reschedule(request: Request) -> Response:
    async def run(member: Member, appointment_id: str, form: dict[str, str]) -> Any:
        params = {
            "org_id": member.org_id,
            "appointment_id": appointment_id,
            "new_scheduled_at": form.get("slot") or None,
        }
        return await _write(request, member, queries.WEB_RESCHEDULE_APPOINTMENT, params)

    result = await _action(request, run)
    if isinstance(result, Response):
        return result
    _member, appointment_id, answer = result
    if answer.get("success") is True:
        return _redirect("/dashboard?" + urlencode({"notice": "rescheduled"}))
    query = urlencode({"error": str(answer.get("error"))})
    return _redirect(f"/dashboard/appointments/{appointment_id}/reschedule?{query}")


def _local_date(raw: str | None, default: str) -> str:
    try:
        return dt.date.fromisoformat(raw).isoformat() if raw else default
    except ValueError:
        return default


async def reschedule_page(request: Request) -> Response:
    """The slot picker: the appointment, a date field (GET form) and the
    free times of that date the appointment could move to
    (public.reschedule_options: its own interval does not block them)."""
    member = session.session_member(request, service_state(request))
    if member is None:
        return _sign_in_page(request, "expired")
    appointment_id = _appointment_id(request)
    if appointment_id is None:
        return _error_page("No such appointment.", 404)
    try:
        appointment = await _read(
            request,
            member,
            queries.WEB_DASHBOARD_APPOINTMENT,
            {"org_id": member.org_id, "appointment_id": appointment_id},
        )
        if appointment.get("success") is not True:
            return _error_page("No such appointment.", 404)
        date = _local_date(request.query_params.get("date"), appointment["local_date"])
        availability = await _read(
            request,
            member,
            queries.WEB_RESCHEDULE_OPTIONS,
            {"org_id": member.org_id, "appointment_id": appointment_id, "date": date},
        )
    except ServiceError as exc:
        if _signed_out(exc):
            return _sign_in_page(request, "refused")
        raise
    csrf = _csrf(request)
    value, new = csrf.browser_value(request)
    response = render(
        "dashboard_reschedule.html",
        {
            "appointment": appointment,
            "date": date,
            "availability": availability,
            "error": request.query_params.get("error"),
            "csrf_token": csrf.token(value, _scope(member)),
            "csrf_field": CSRF_FIELD,
        },
    )
    if new:
        csrf.set_cookie(response, request, value)
    return response
