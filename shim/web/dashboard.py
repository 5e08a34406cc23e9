"""GET /dashboard: the clinic's live dashboard, and its forms.

    GET  /dashboard                    sign-in screen, or the dashboard
    POST /dashboard/sign-in            token -> session cookie (see session.py)
    POST /dashboard/sign-out
    GET  /dashboard/panel              the dashboard's live part, re-read on each event
    GET  /dashboard/events             the live feed (SSE) as the signed-in member
    GET  /dashboard/appointments/<id>/cancel        the confirmation step
    POST /dashboard/appointments/<id>/cancel | /outcome | /reschedule
    GET  /dashboard/appointments/<id>/reschedule?date=   the slot picker

Reads: public.dashboard_overview, public.dashboard_appointment,
public.reschedule_options; actions: public.cancel_appointment,
public.reschedule_appointment, public.set_appointment_outcome; all as the
member, under RLS. Every action posts a form and redirects back
(POST-redirect-GET) with the SQL's answer code in the query string.
"""

from __future__ import annotations

from typing import Any, LiteralString
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from shim import queries
from shim.service import staff_tokens
from shim.service.errors import ServiceError
from shim.service.state import service_state
from shim.web import session, supabase_auth
from shim.web.forms import BadForm, read_form
from shim.web.live_events import DASHBOARD_EVENT_TYPES, EVENT_WORDS, HOT_LEAD_CREATED
from shim.web.page_responses import (
    SIGN_IN_SCOPE,
    Endpoint,
    Refused,
    StaffPost,
    appointment_id,
    checked_form,
    error_page,
    form_page,
    local_date,
    query_error,
    redirect,
    sign_in_page,
    signed_out,
    staff_action,
    staff_page,
    staff_scope,
)
from shim.web.security import CSRF_FIELD, request_csrf, with_page_headers
from shim.web.session import Member
from shim.web.sql_calls import call, call_as_service, feed_position

DASHBOARD_DAYS = 7
FEED_EVENTS = 50  # the newest events the panel says in words


def _signed_out_text() -> Response:
    """What the page's script reads when the session is over (it then says so)."""
    return with_page_headers(PlainTextResponse("Signed out", status_code=401))


async def _read(
    request: Request, member: Member, statement: LiteralString, params: dict[str, Any]
) -> Any:
    return await call(request, member.caller, statement, params, read_only=True, path="/dashboard")


async def _act(post: StaffPost, statement: LiteralString, params: dict[str, Any]) -> Any:
    """A staff action's SQL, as the member, on the posted appointment."""
    member = post.member
    params = {"org_id": member.org_id, "appointment_id": post.appointment_id, **params}
    return await call(
        post.request, member.caller, statement, params, read_only=False, path="/dashboard"
    )


async def _overview(request: Request, member: Member) -> tuple[Any, str]:
    cursor = await feed_position(request, member)
    overview = await _read(
        request,
        member,
        queries.WEB_DASHBOARD_OVERVIEW,
        {"org_id": member.org_id, "days": DASHBOARD_DAYS},
    )
    return overview, cursor


async def _feed(request: Request, member: Member) -> Any:
    """The newest events in words (public.dashboard_feed), for the feed column."""
    params = {"org_id": member.org_id, "limit": FEED_EVENTS}
    return await _read(request, member, queries.WEB_DASHBOARD_FEED, params)


@staff_page
async def dashboard_page(request: Request, member: Member) -> Response:
    overview, cursor = await _overview(request, member)
    context = {
        "overview": overview,
        "feed": await _feed(request, member),
        "cursor": cursor,
        "event_types": DASHBOARD_EVENT_TYPES,
        "event_words": EVENT_WORDS,
        "hot_lead_event_type": HOT_LEAD_CREATED,
        "notice": request.query_params.get("notice"),
        "error": query_error(request),
        "manages_staff": member.staff_role in ("owner", "admin"),
        "unread_texts": await _unread_texts(request, member),
    }
    return form_page(request, "dashboard.html", context, staff_scope(member))


async def _unread_texts(request: Request, member: Member) -> int:
    """The clinic's unread texts (public.sms_inbox), for the header's link."""
    inbox = await _read(request, member, queries.WEB_SMS_INBOX, {"org_id": member.org_id})
    unread = inbox.get("unread_total") if isinstance(inbox, dict) else None
    return unread if isinstance(unread, int) else 0


async def panel(request: Request) -> Response:
    """The live part of the dashboard, for the page's script to swap in."""
    member = await session.session_member(request)
    if member is None:
        return _signed_out_text()
    try:  # one read: the page's stream already has its position
        overview = await _read(
            request,
            member,
            queries.WEB_DASHBOARD_OVERVIEW,
            {"org_id": member.org_id, "days": DASHBOARD_DAYS},
        )
        feed = await _feed(request, member)
        unread_texts = await _unread_texts(request, member)
    except ServiceError as exc:
        if signed_out(exc):
            return _signed_out_text()
        raise
    context = {"overview": overview, "feed": feed, "unread_texts": unread_texts}
    return form_page(request, "dashboard_panel.html", context, staff_scope(member))


MAX_EMAIL_LENGTH = 320
MAX_PASSWORD_LENGTH = 1024


async def sign_in(request: Request) -> Response:
    """Email and password (a staff account), or an identity provider's token
    pasted by hand: both through this one form, never from a link."""
    try:
        form = await read_form(request)
    except BadForm:
        return sign_in_page(request, "invalid", status_code=400)
    if not request_csrf(request).valid(request, form.get(CSRF_FIELD), SIGN_IN_SCOPE):
        return sign_in_page(request, "stale_form", status_code=403)
    if "email" in form or "password" in form:
        return await _sign_in_with_password(request, form)
    token = form.get("access_token", "").strip()
    member = session.member_from_token(token, service_state(request))
    if member is None and len(token) <= session.MAX_TOKEN_LENGTH:
        # A token that names no clinic: the user's memberships choose one.
        member = await session.start_provider_session(request, {"access_token": token})
    elif member is not None:
        session.start_token_session(request, member)
    if member is None or not await session.still_active(request, member):
        session.forget(request)
        return sign_in_page(request, "invalid", status_code=401)
    return redirect("dashboard")


async def _sign_in_with_password(request: Request, form: dict[str, str]) -> Response:
    settings = service_state(request).settings
    email = form.get("email", "").strip()
    password = form.get("password", "")
    if not email or not password:
        return sign_in_page(request, "missing_credentials", status_code=400)
    if len(email) > MAX_EMAIL_LENGTH or len(password) > MAX_PASSWORD_LENGTH:
        return sign_in_page(request, "invalid_credentials", status_code=401)
    if supabase_auth.configured(settings):
        provided = await supabase_auth.password_grant(settings, email, password)
        if provided is None:
            return sign_in_page(request, "invalid_credentials", status_code=401)
        if await session.start_provider_session(request, provided, form.get("org_id")) is None:
            return sign_in_page(request, "no_clinic", status_code=403)
        return redirect("dashboard")
    if not staff_tokens.can_issue(settings):
        return sign_in_page(request, "no_accounts", status_code=400)
    answer = await call_as_service(
        request, queries.STAFF_SIGN_IN, {"email": email, "password": password}
    )
    if not isinstance(answer, dict) or answer.get("success") is not True:
        error = answer.get("error") if isinstance(answer, dict) else None
        if error == "ACCOUNT_LOCKED":
            return sign_in_page(request, "locked", status_code=429)
        return sign_in_page(request, "invalid_credentials", status_code=401)
    if session.start_staff_session(request, answer, form.get("org_id")) is None:
        return sign_in_page(request, "no_clinic", status_code=403)
    return redirect("dashboard")


async def sign_out(request: Request) -> Response:
    """POST with the dashboard's form token: the session ends on the server
    (public.staff_sign_out, sign_out_access_token), then the cookies."""
    member = await session.session_member(request)
    if member is not None:
        try:
            await checked_form(request, staff_scope(member))
        except Refused as refused:
            return refused.response
        await session.sign_out(request)
    return redirect("dashboard")


def events_route(events_endpoint: Endpoint) -> Endpoint:
    """/dashboard/events: the live feed as the signed-in member. The session
    token becomes the request's bearer token; the cookie header and any
    other credential are dropped, so the feed authenticates exactly the
    member (and Last-Event-ID, sent by EventSource on reconnect, passes)."""

    async def endpoint(request: Request) -> Response:
        member = await session.session_member(request)
        if member is None:
            return _signed_out_text()
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


def _back(answer: dict[str, Any], notice: str) -> Response:
    if answer.get("success") is True:
        return redirect("dashboard", notice=notice)
    return redirect("dashboard", error=str(answer.get("error")))


# The common reasons the confirmation step offers (presentation: the SQL
# stores the reason as text, with the member's own words after it).
CANCEL_REASONS = (
    "The patient asked to cancel",
    "The patient is unwell",
    "The practitioner is unavailable",
    "The clinic is closed",
    "Booked by mistake",
)
# The form's answer to "text the patient?"; anything else (or nothing) is
# NULL, which the SQL reads as yes.
NOTIFY_CHOICES = {"yes": True, "no": False}


def cancel_reason(form: dict[str, str]) -> str | None:
    """The chosen common reason (only one the page offers) and the free
    text, as one reason: "The clinic is closed: flooding"."""
    choice = form.get("reason_choice", "")
    parts = [choice if choice in CANCEL_REASONS else "", form.get("reason", "").strip()]
    return ": ".join(part for part in parts if part) or None


@staff_page
async def cancel_page(request: Request, member: Member) -> Response:
    """The confirmation step: the appointment, a reason (a common one and/or
    the member's words) and whether the patient is texted (yes by default)."""
    appointment = appointment_id(request)
    if appointment is None:
        return error_page("No such appointment.", 404)
    params = {"org_id": member.org_id, "appointment_id": appointment}
    found = await _read(request, member, queries.WEB_DASHBOARD_APPOINTMENT, params)
    if found.get("success") is not True:
        return error_page("No such appointment.", 404)
    context = {
        "appointment": found,
        "reasons": CANCEL_REASONS,
        "error": query_error(request),
    }
    return form_page(request, "dashboard_cancel.html", context, staff_scope(member))


@staff_action
async def cancel(post: StaffPost) -> Response:
    notify = NOTIFY_CHOICES.get(post.form.get("notify_patient", ""))
    answer = await _act(
        post,
        queries.WEB_CANCEL_APPOINTMENT,
        {"reason": cancel_reason(post.form), "notify_patient": notify},
    )
    if answer.get("success") is True:
        done = "cancelled" if notify is not False else "cancelled_quietly"
        return redirect("appointment_detail", appointment_id=post.appointment_id, notice=done)
    return redirect(
        "appointment_cancel", appointment_id=post.appointment_id, error=str(answer.get("error"))
    )


@staff_action
async def outcome(post: StaffPost) -> Response:
    status = post.form.get("status", "")
    answer = await _act(post, queries.WEB_SET_APPOINTMENT_OUTCOME, {"status": status})
    return _back(answer, "outcome")


@staff_action
async def reschedule(post: StaffPost) -> Response:
    slot = post.form.get("slot") or None
    answer = await _act(post, queries.WEB_RESCHEDULE_APPOINTMENT, {"new_scheduled_at": slot})
    if answer.get("success") is True:
        return redirect("dashboard", notice="rescheduled")
    return redirect(
        "appointment_reschedule",
        appointment_id=post.appointment_id,
        error=str(answer.get("error")),
    )


@staff_page
async def reschedule_page(request: Request, member: Member) -> Response:
    """The slot picker: the appointment, a date field (GET form) and the
    free times of that date the appointment could move to
    (public.reschedule_options: its own interval does not block them)."""
    appointment = appointment_id(request)
    if appointment is None:
        return error_page("No such appointment.", 404)
    params = {"org_id": member.org_id, "appointment_id": appointment}
    found = await _read(request, member, queries.WEB_DASHBOARD_APPOINTMENT, params)
    if found.get("success") is not True:
        return error_page("No such appointment.", 404)
    date = local_date(request.query_params.get("date"), found["local_date"])
    availability = await _read(
        request, member, queries.WEB_RESCHEDULE_OPTIONS, {**params, "date": date}
    )
    context = {
        "appointment": found,
        "date": date,
        "availability": availability,
        "error": query_error(request),
    }
    return form_page(request, "dashboard_reschedule.html", context, staff_scope(member))
