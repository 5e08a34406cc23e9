"""The front desk's pages (issue 23): a calendar's day or week, check-in and
outcomes, blocked time, patient search and the patient page, and the new
appointment form for walk-ins.

    GET  /dashboard/day?date=&calendar=&view=week     the day (or week) view
    POST /dashboard/appointments/<id>/attendance       check in, completed, no-show, clear
    POST /dashboard/blocks                             block time
    POST /dashboard/blocks/<id>/remove                 remove blocked time
    GET  /dashboard/patients?q=                        patient search
    GET  /dashboard/patients/<id>, POST                the patient page, contact corrections
    GET  /dashboard/new-appointment?calendar=&service=&date=, POST   staff booking

Reads: public.calendar_day_view, search_patients, patient_details,
staff_booking_options; actions: set_appointment_attendance,
block_calendar_time, remove_calendar_block, update_patient_contact,
staff_book_appointment; all as the member (their own checks and RLS
decide). Which buttons show is the SQL's answer (the day view's can_*
flags). Every form works without JavaScript (POST-redirect-GET; a refusal
that needs explaining, such as a block over appointments, is rendered at
once). Only known codes from the query string are ever shown.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.service.errors import ServiceError
from shim.web import session
from shim.web.live_events import DASHBOARD_EVENT_TYPES
from shim.web.page_responses import (
    Refused,
    StaffPost,
    checked_form,
    error_page,
    form_page,
    redirect,
    sign_in_page,
    signed_out,
    staff_action,
    staff_page,
    staff_scope,
)
from shim.web.session import Member
from shim.web.sql_calls import feed_position, organization_answer

PATH = "/dashboard"
ROW_MINUTES = 15  # the day view's grid: one row per quarter hour
NOTICES = frozenset({"booked", "blocked", "unblocked", "attendance", "patient_saved"})
# The codes the front desk's pages may be sent back with (?error=): others are ignored.
ERRORS = frozenset(
    {
        "APPOINTMENT_CANCELLED",
        "APPOINTMENT_NOT_FOUND",
        "APPOINTMENT_NOT_STARTED",
        "APPOINTMENT_NOT_TODAY",
        "BLOCK_NOT_FOUND",
        "BUSY_RETRY",
        "CALENDAR_NOT_FOUND",
        "INVALID_INPUT",
        "INVALID_REASON",
        "INVALID_STATUS",
        "INVALID_TIME",
        "PAST_TIME",
    }
)
ATTENDANCE = frozenset({"arrived", "completed", "no_show", "expected"})
TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00")
MAX_TEXT = 500


class BadInput(Exception):
    """A field the pages will not send to SQL (a NUL, too long, not a date)."""


def _text(raw: str | None, limit: int = MAX_TEXT) -> str | None:
    """A form or query field: trimmed, None when blank; BadInput when the
    database could not take it (a NUL) or it is far too long."""
    if raw is None:
        return None
    if "\x00" in raw or len(raw) > limit:
        raise BadInput(raw[:20])
    return raw.strip() or None


def _date(raw: str | None) -> str | None:
    """A YYYY-MM-DD field (years 2000-2199, as calendar_day_view takes), or None."""
    value = _text(raw, 10)
    if value is None:
        return None
    try:
        date = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadInput(value) from exc
    if not 2000 <= date.year < 2200:
        raise BadInput(value)
    return date.isoformat()


def _uuid(raw: str | None) -> str | None:
    try:
        return str(uuid.UUID(raw or ""))
    except ValueError:
        return None


def _calendar(raw: str | None) -> str | None:
    try:
        return _text(raw, 100)
    except BadInput:
        return None


def _known(value: str | None, known: frozenset[str]) -> str | None:
    return value if value in known else None


def _long_date(iso: str) -> str:
    """Monday, December 7, 2026: the pages' way of writing a date."""
    date = dt.date.fromisoformat(iso)
    return f"{date:%A}, {date:%B} {date.day}, {date.year}"


def _minutes(hh_mm: str) -> int:
    hours, minutes = hh_mm.split(":")
    return int(hours) * 60 + int(minutes)


async def _member_form(request: Request) -> tuple[Member, dict[str, str]]:
    """A signed-in member's posted form with a valid CSRF token; else Refused."""
    member = await session.session_member(request)
    if member is None:
        raise Refused(sign_in_page(request, "expired", status_code=401))
    return member, await checked_form(request, staff_scope(member))


def _back_to_day(
    date: str | None,
    calendar: str | None,
    *,
    notice: str | None = None,
    item: str | None = None,
    error: str | None = None,
) -> Response:
    """Back to the day, with the SQL's answer: a notice about `item` (an
    appointment or block id), shown only when the day agrees, or an error code."""
    return redirect(
        "front_desk_day", date=date, calendar=calendar, notice=notice, item=item, error=error
    )


def _agreed_notice(notice: str | None, item: str | None, days: list[dict[str, Any]]) -> str | None:
    """The notice, when what the day shows agrees with it (a link cannot claim
    a booking or a change that did not happen); else None."""
    if notice is None or item is None:
        return None
    appointments = {a["appointment_id"]: a for d in days for a in d["appointments"]}
    blocks = {b["block_id"] for d in days for b in d["blocks"]}
    agrees = {
        "booked": item in appointments and appointments[item]["booked_by_staff"],
        "attendance": item in appointments,
        "blocked": item in blocks,
        "unblocked": item not in blocks,
    }
    return notice if agrees.get(notice) else None


# -- the day view ------------------------------------------------------------------
def _timeline(day: dict[str, Any]) -> dict[str, Any]:
    """Where each item of a day sits on the page's quarter-hour grid
    (presentation only: the times are the SQL's). The grid spans 08:00-18:00
    at least, and every item of the day."""
    items: list[dict[str, Any]] = []
    for appointment in day["appointments"]:
        if appointment["status"] == "cancelled":
            continue
        start = max(0, int(appointment["start_minute"]))
        end = min(24 * 60, int(appointment["start_minute"]) + int(appointment["duration_minutes"]))
        items.append({"kind": "appointment", "start": start, "end": end, "item": appointment})
    for hold in day["holds"]:
        items.append(
            {
                "kind": "hold",
                "start": _minutes(hold["local_time"]),
                "end": _minutes(hold["local_end_time"]) or 24 * 60,
                "item": hold,
            }
        )
    for block in day["blocks"]:
        items.append(
            {
                "kind": "block",
                "start": _minutes(block["local_time"]),
                "end": _minutes(block["local_end_time"]),
                "item": block,
            }
        )
    first = min([8 * 60, *(i["start"] for i in items)]) // 60 * 60
    last = max([18 * 60, *(i["end"] for i in items)])
    last = min(24 * 60, -(-last // 60) * 60)
    for entry in items:
        entry["row"] = (entry["start"] - first) // ROW_MINUTES + 1
        length = max(entry["end"] - entry["start"], 1)
        entry["span"] = -(-length // ROW_MINUTES)
    items.sort(key=lambda i: (i["start"], i["kind"]))
    hours = [
        {"label": f"{m // 60:02d}:00", "row": (m - first) // ROW_MINUTES + 1}
        for m in range(first, last, 60)
    ]
    return {
        "items": items,
        "hours": hours,
        "rows": (last - first) // ROW_MINUTES,
        "cancelled": [a for a in day["appointments"] if a["status"] == "cancelled"],
    }


async def _day_response(
    request: Request,
    member: Member,
    *,
    date: str | None,
    calendar: str | None,
    week: bool,
    notice: str | None = None,
    item: str | None = None,
    error: str | None = None,
    collisions: dict[str, Any] | None = None,
    block_form: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    cursor = await feed_position(request, member)
    view = await organization_answer(
        request,
        member,
        queries.WEB_CALENDAR_DAY_VIEW,
        {"calendar_id": calendar, "date": date, "days": 7 if week else 1},
        read_only=True,
    )
    if view.get("success") is not True:
        if calendar is not None:  # an unknown calendar: the default one's day
            return _back_to_day(date, None, error="CALENDAR_NOT_FOUND")
        return error_page("This clinic has no calendar yet.", 404)
    shown = dt.date.fromisoformat(view["date"])
    step = 7 if week else 1
    days = [
        {**day, "title": _long_date(day["date"]), "timeline": _timeline(day)}
        for day in view["dates"]
    ]
    context = {
        "view": view,
        "days": days,
        "notice": _agreed_notice(notice, item, view["dates"]),
        "week": week,
        "title": _long_date(view["date"]),
        "is_today": view["date"] == view["today"],
        "previous_date": (shown - dt.timedelta(days=step)).isoformat(),
        "next_date": (shown + dt.timedelta(days=step)).isoformat(),
        "error": error,
        "collisions": collisions,
        "block_form": block_form or {},
        "row_minutes": ROW_MINUTES,
        "cursor": cursor,
        "event_types": DASHBOARD_EVENT_TYPES,
    }
    return form_page(
        request, "front_desk_day.html", context, staff_scope(member), status_code=status_code
    )


@staff_page
async def day_page(request: Request, member: Member) -> Response:
    params = request.query_params
    try:
        date = _date(params.get("date"))
    except BadInput:
        date = None
    return await _day_response(
        request,
        member,
        date=date,
        calendar=_calendar(params.get("calendar")),
        week=params.get("view") == "week",
        notice=_known(params.get("notice"), NOTICES),
        item=_uuid(params.get("item")),
        error=_known(params.get("error"), ERRORS),
    )


@staff_action
async def attendance(post: StaffPost) -> Response:
    """Check in, completed, no-show or clear (expected), with an optional reason."""
    form = post.form
    calendar = _calendar(form.get("calendar"))
    try:
        date = _date(form.get("date"))
        reason = _text(form.get("reason"))
    except BadInput:
        return _back_to_day(None, calendar, error="INVALID_INPUT")
    choice = form.get("attendance", "")
    if choice not in ATTENDANCE:
        return _back_to_day(date, calendar, error="INVALID_STATUS")
    answer = await organization_answer(
        post.request,
        post.member,
        queries.WEB_SET_APPOINTMENT_ATTENDANCE,
        {"appointment_id": post.appointment_id, "attendance": choice, "reason": reason},
        read_only=False,
    )
    if form.get("back") == "appointment":  # posted from the appointment's page
        done = answer.get("success") is True
        return redirect(
            "appointment_detail",
            appointment_id=post.appointment_id,
            notice="attendance" if done else None,
            error=None if done else _known(str(answer.get("error")), ERRORS),
        )
    if answer.get("success") is True:
        return _back_to_day(date, calendar, notice="attendance", item=post.appointment_id)
    return _back_to_day(date, calendar, error=_known(str(answer.get("error")), ERRORS))


async def block_time(request: Request) -> Response:
    """POST /dashboard/blocks: a local date, from and until (HH:MM), a reason.
    A block over appointments is refused by the SQL, which names them: the
    day page is rendered at once with them listed."""
    try:
        member, form = await _member_form(request)
    except Refused as refused:
        return refused.response
    calendar = _calendar(form.get("calendar"))
    try:
        date = _date(form.get("date"))
        reason = _text(form.get("reason"), 200)
        starts = _text(form.get("starts"), 5)
        ends = _text(form.get("ends"), 5)
    except BadInput:
        return _back_to_day(None, calendar, error="INVALID_INPUT")
    if date is None or not (starts and TIME.fullmatch(starts) and ends and TIME.fullmatch(ends)):
        return _back_to_day(date, calendar, error="INVALID_TIME")
    try:
        answer = await organization_answer(
            request,
            member,
            queries.WEB_BLOCK_CALENDAR_TIME,
            {
                "calendar_id": calendar,
                "date": date,
                "starts": starts,
                "ends": ends,
                "reason": reason,
            },
            read_only=False,
        )
    except ServiceError as exc:
        if signed_out(exc):
            return sign_in_page(request, "refused", status_code=exc.status)
        raise
    if answer.get("success") is True:
        return _back_to_day(date, calendar, notice="blocked", item=str(answer.get("block_id")))
    if answer.get("error") == "BLOCK_COLLIDES":
        return await _day_response(
            request,
            member,
            date=date,
            calendar=calendar,
            week=False,
            collisions=answer,
            block_form={"starts": starts, "ends": ends, "reason": reason or ""},
            status_code=409,
        )
    return _back_to_day(date, calendar, error=_known(str(answer.get("error")), ERRORS))


async def remove_block(request: Request) -> Response:
    try:
        member, form = await _member_form(request)
    except Refused as refused:
        return refused.response
    calendar = _calendar(form.get("calendar"))
    try:
        date = _date(form.get("date"))
    except BadInput:
        date = None
    block = _uuid(request.path_params.get("block_id"))
    if block is None:
        return _back_to_day(date, calendar, error="BLOCK_NOT_FOUND")
    answer = await organization_answer(
        request, member, queries.WEB_REMOVE_CALENDAR_BLOCK, {"block_id": block}, read_only=False
    )
    if answer.get("success") is True:
        return _back_to_day(date, calendar, notice="unblocked", item=block)
    return _back_to_day(date, calendar, error=_known(str(answer.get("error")), ERRORS))


# -- patients ------------------------------------------------------------------------
@staff_page
async def patients_page(request: Request, member: Member) -> Response:
    try:
        query = _text(request.query_params.get("q"), 100)
    except BadInput:
        query = None
    found: dict[str, Any] | None = None
    if query is not None:
        found = await organization_answer(
            request, member, queries.WEB_SEARCH_PATIENTS, {"query": query}, read_only=True
        )
    context = {"query": query or "", "found": found}
    return form_page(request, "front_desk_patients.html", context, staff_scope(member))


async def _patient_response(
    request: Request,
    member: Member,
    contact: str,
    *,
    notice: str | None = None,
    error: str | None = None,
    entered: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    details = await organization_answer(
        request, member, queries.WEB_PATIENT_DETAILS, {"contact_id": contact}, read_only=True
    )
    if details.get("success") is not True:
        return error_page("There is no such patient.", 404)
    for appointment in (*details["upcoming"], *details["past"]):
        appointment["long_date"] = _long_date(appointment["local_date"])
    context = {
        "details": details,
        "patient": {**details["patient"], **(entered or {})},
        "notice": notice,
        "error": error,
    }
    return form_page(
        request, "front_desk_patient.html", context, staff_scope(member), status_code=status_code
    )


@staff_page
async def patient_page(request: Request, member: Member) -> Response:
    contact = _uuid(request.path_params.get("contact_id"))
    if contact is None:
        return error_page("There is no such patient.", 404)
    notice = _known(request.query_params.get("notice"), NOTICES)
    return await _patient_response(request, member, contact, notice=notice)


PATIENT_ERRORS = frozenset(
    {"INVALID_NAME", "INVALID_PHONE", "INVALID_EMAIL", "PHONE_NOT_ALLOWED", "PHONE_TAKEN"}
)


async def update_patient(request: Request) -> Response:
    try:
        member, form = await _member_form(request)
    except Refused as refused:
        return refused.response
    contact = _uuid(request.path_params.get("contact_id"))
    if contact is None:
        return error_page("There is no such patient.", 404)
    try:
        fields = {
            "name": _text(form.get("name"), 200) or "",
            "phone": _text(form.get("phone"), 40) or "",
            "email": _text(form.get("email"), 320) or "",
        }
    except BadInput:
        return await _patient_response(
            request, member, contact, error="INVALID_INPUT", status_code=400
        )
    answer = await organization_answer(
        request,
        member,
        queries.WEB_UPDATE_PATIENT_CONTACT,
        {"contact_id": contact, **fields, "email": fields["email"] or None},
        read_only=False,
    )
    if answer.get("success") is True:
        return redirect("patient", contact_id=contact, notice="patient_saved")
    code = str(answer.get("error"))
    if code not in PATIENT_ERRORS:
        return error_page("There is no such patient.", 404)
    return await _patient_response(
        request, member, contact, error=code, entered=fields, status_code=400
    )


# -- a new appointment (walk-ins) --------------------------------------------------------
BOOKING_ERRORS = frozenset(
    {
        "INVALID_NAME",
        "INVALID_PHONE",
        "INVALID_EMAIL",
        "PHONE_NOT_ALLOWED",
        "INVALID_SERVICE_TYPE",
        "UNKNOWN_SERVICE_TYPE",
        "INVALID_TIME",
        "INVALID_DURATION",
        "INVALID_DATE",
        "PAST_TIME",
        "TOO_FAR_AHEAD",
        "OUTSIDE_HOURS",
        "SLOT_UNAVAILABLE",
        "BUSY_RETRY",
        "CALENDAR_NOT_FOUND",
        "NO_SLOT_CHOSEN",
        "INVALID_INPUT",
    }
)


async def _new_appointment_response(
    request: Request,
    member: Member,
    fields: Mapping[str, str | None],
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    view = await organization_answer(
        request,
        member,
        queries.WEB_CALENDAR_DAY_VIEW,
        {"calendar_id": fields.get("calendar"), "date": fields.get("date"), "days": 1},
        read_only=True,
    )
    if view.get("success") is not True:
        view = await organization_answer(
            request,
            member,
            queries.WEB_CALENDAR_DAY_VIEW,
            {"calendar_id": None, "date": fields.get("date"), "days": 1},
            read_only=True,
        )
        if view.get("success") is not True:
            return error_page("This clinic has no calendar yet.", 404)
    date = view["date"]
    service = fields.get("service")
    options: dict[str, Any] | None = None
    if service:
        options = await organization_answer(
            request,
            member,
            queries.WEB_STAFF_BOOKING_OPTIONS,
            {"calendar_id": view["calendar_id"], "service_type": service, "date": date},
            read_only=True,
        )
        if options.get("success") is not True and error is None:
            error = _known(str(options.get("error")), BOOKING_ERRORS)
    context = {
        "view": view,
        "date": date,
        "long_date": _long_date(date),
        "service": service or "",
        "options": options if options and options.get("success") is True else None,
        "fields": {k: v or "" for k, v in fields.items()},
        "error": error,
    }
    return form_page(
        request,
        "front_desk_new_appointment.html",
        context,
        staff_scope(member),
        status_code=status_code,
    )


@staff_page
async def new_appointment_page(request: Request, member: Member) -> Response:
    params = request.query_params
    try:
        fields: dict[str, str | None] = {
            "calendar": _calendar(params.get("calendar")),
            "service": _text(params.get("service"), 100),
            "date": _date(params.get("date")),
            "name": _text(params.get("name"), 200),
            "phone": _text(params.get("phone"), 40),
            "email": _text(params.get("email"), 320),
        }
    except BadInput:
        fields = {}
    contact = _uuid(params.get("contact"))
    if contact is not None:  # an existing patient: their details, filled in
        details = await organization_answer(
            request, member, queries.WEB_PATIENT_DETAILS, {"contact_id": contact}, read_only=True
        )
        if details.get("success") is True:
            patient = details["patient"]
            fields.update(name=patient["name"], phone=patient["phone"], email=patient["email"])
    return await _new_appointment_response(request, member, fields)


async def book_appointment(request: Request) -> Response:
    try:
        member, form = await _member_form(request)
    except Refused as refused:
        return refused.response
    try:
        fields: dict[str, str | None] = {
            "calendar": _calendar(form.get("calendar")),
            "service": _text(form.get("service"), 100),
            "date": _date(form.get("date")),
            "name": _text(form.get("name"), 200),
            "phone": _text(form.get("phone"), 40),
            "email": _text(form.get("email"), 320),
        }
        slot = _text(form.get("slot"), 40)
    except BadInput:
        return await _new_appointment_response(
            request, member, {}, error="INVALID_INPUT", status_code=400
        )
    if slot is None:
        return await _new_appointment_response(
            request, member, fields, error="NO_SLOT_CHOSEN", status_code=400
        )
    try:
        start = dt.datetime.fromisoformat(slot.replace("Z", "+00:00"))
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        return await _new_appointment_response(
            request, member, fields, error="INVALID_TIME", status_code=400
        )
    answer = await organization_answer(
        request,
        member,
        queries.WEB_STAFF_BOOK_APPOINTMENT,
        {
            "calendar_id": fields["calendar"],
            "service_type": fields["service"],
            "scheduled_at": start.isoformat(),
            "name": fields["name"],
            "phone": fields["phone"],
            "email": fields["email"],
        },
        read_only=False,
    )
    if answer.get("success") is True:
        return _back_to_day(
            fields["date"],
            fields["calendar"],
            notice="booked",
            item=str(answer.get("appointment_id")),
        )
    code = _known(str(answer.get("error")), BOOKING_ERRORS) or "INVALID_INPUT"
    return await _new_appointment_response(request, member, fields, error=code, status_code=409)
