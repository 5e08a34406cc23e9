"""The clinic's waitlist, for its staff (issue 25).

    GET  /dashboard/waitlist                  the open entries, the times being
                                              offered now, the weekly figures
    POST /dashboard/waitlist/add              public.join_waitlist (as staff)
    POST /dashboard/waitlist/<entry id>/remove   public.leave_waitlist

Reads public.waitlist_overview (with the add form's calendars and
services), acts with join_waitlist and leave_waitlist,
all as the member under the functions' own tenant checks: the SQL decides
what a window may be, who may join and what is offered; the page writes
its answers in words. Live like the day view: the page carries the feed's
position and the event types it re-reads itself on (day_live.js swaps
#waitlist-live). Without JavaScript it is a plain, reloadable page; every
form is POST-redirect-GET (a refused add is rendered at once with what was
typed).
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
from shim.web.live_events import WAITLIST_PAGE_EVENT_TYPES
from shim.web.page_responses import (
    Refused,
    checked_form,
    error_page,
    form_page,
    redirect,
    sign_in_page,
    signed_out,
    staff_page,
    staff_scope,
)
from shim.web.session import Member
from shim.web.sql_calls import feed_position, organization_answer

PATH = "/dashboard"
NOTICES = frozenset({"added", "already_on_list", "removed"})
# The codes the page may be sent back with, or answer an add with.
ERRORS = frozenset(
    {
        "WAITLIST_DISABLED",
        "WAITLIST_ENTRY_NOT_FOUND",
        "INVALID_NAME",
        "INVALID_PHONE",
        "PHONE_NOT_ALLOWED",
        "INVALID_SERVICE_TYPE",
        "UNKNOWN_SERVICE_TYPE",
        "CALENDAR_NOT_FOUND",
        "INVALID_WINDOW",
        "WINDOW_IN_PAST",
        "TOO_MANY_WAITLIST_ENTRIES",
        "INVALID_DATE",
        "INVALID_TIME",
        "INVALID_INPUT",
    }
)
WEEKDAYS = (
    (1, "Mon", "Monday"),
    (2, "Tue", "Tuesday"),
    (3, "Wed", "Wednesday"),
    (4, "Thu", "Thursday"),
    (5, "Fri", "Friday"),
    (6, "Sat", "Saturday"),
    (7, "Sun", "Sunday"),
)
TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")
FIELD_LIMITS = {"name": 200, "phone": 40, "service": 100, "calendar": 100}


class BadInput(Exception):
    """A field the page will not send to SQL; its code says which in words."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _choices(overview: dict[str, Any]) -> dict[str, Any]:
    """The clinic's name, zone and clock, and the add form's calendars and
    services, as public.waitlist_overview answers them."""
    return {
        "name": overview.get("name"),
        "timezone": overview.get("timezone"),
        "time_format": overview.get("time_format") or "24h",
        "calendars": overview.get("calendars") or [],
        "services": [
            (service["service_type"], service["service_name"])
            for service in overview.get("services") or []
        ],
    }


def _agreed_notice(
    notice: str | None, item: str | None, entries: list[dict[str, Any]]
) -> str | None:
    """The notice, when the list agrees with it (a link cannot claim an
    entry was added or removed when it was not)."""
    if notice is None or item is None:
        return None
    listed = {str(entry["waitlist_entry_id"]) for entry in entries}
    agrees = notice == "removed" if item not in listed else notice != "removed"
    return notice if agrees else None


async def _page(
    request: Request,
    member: Member,
    *,
    notice: str | None = None,
    item: str | None = None,
    error: str | None = None,
    entered: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    cursor = await feed_position(request, member)
    overview = await organization_answer(
        request, member, queries.WEB_WAITLIST_OVERVIEW, {}, read_only=True
    )
    if overview.get("success") is not True:
        return error_page("The waitlist could not be read.", 404)
    context = {
        "overview": overview,
        "choices": _choices(overview),
        "weekdays": WEEKDAYS,
        "notice": _agreed_notice(notice, item, overview["entries"]),
        "error": error,
        "entered": dict(entered or {}),
        "manages_settings": member.staff_role in ("owner", "admin"),
        "cursor": cursor,
        "event_types": WAITLIST_PAGE_EVENT_TYPES,
    }
    return form_page(
        request, "waitlist.html", context, staff_scope(member), status_code=status_code
    )


def _uuid(raw: str | None) -> str | None:
    try:
        return str(uuid.UUID(raw or ""))
    except ValueError:
        return None


def _known(value: str | None, known: frozenset[str]) -> str | None:
    return value if value in known else None


@staff_page
async def waitlist_page(request: Request, member: Member) -> Response:
    params = request.query_params
    return await _page(
        request,
        member,
        notice=_known(params.get("notice"), NOTICES),
        item=_uuid(params.get("item")),
        error=_known(params.get("error"), ERRORS),
    )


async def _member_form(request: Request) -> tuple[Member, dict[str, str]]:
    member = await session.session_member(request)
    if member is None:
        raise Refused(sign_in_page(request, "expired", status_code=401))
    return member, await checked_form(request, staff_scope(member))


def _field(form: Mapping[str, str], name: str) -> str | None:
    value = form.get(name, "").strip()
    if len(value) > FIELD_LIMITS.get(name, 10):
        raise BadInput("INVALID_INPUT")
    return value or None


def _date(form: Mapping[str, str], name: str) -> str | None:
    value = _field(form, name)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise BadInput("INVALID_DATE") from exc


def _time(form: Mapping[str, str], name: str) -> str | None:
    value = _field(form, name)
    if value is not None and not TIME.fullmatch(value):
        raise BadInput("INVALID_TIME")
    return value


def _join_params(form: Mapping[str, str]) -> dict[str, Any]:
    """join_waitlist's arguments from the form (BadInput for one it cannot read)."""
    weekdays = [number for number, _short, _name in WEEKDAYS if form.get(f"weekday_{number}")]
    return {
        "name": _field(form, "name") or "",
        "phone": _field(form, "phone") or "",
        "service_type": _field(form, "service") or "",
        "calendar_id": _field(form, "calendar"),
        "earliest": _date(form, "earliest"),
        "latest": _date(form, "latest"),
        "weekdays": weekdays or None,
        "day_start": _time(form, "day_start"),
        "day_end": _time(form, "day_end"),
    }


def _refused_in_session(request: Request, exc: ServiceError) -> Response:
    if signed_out(exc):
        return sign_in_page(request, "refused", status_code=exc.status)
    if exc.status < 500:
        return redirect("waitlist", error="INVALID_INPUT")
    raise exc


async def add(request: Request) -> Response:
    try:
        member, form = await _member_form(request)
    except Refused as refused:
        return refused.response
    entered = {key: value[:200] for key, value in form.items() if key != "csrf_token"}
    try:
        params = _join_params(form)
    except BadInput as bad:
        return await _page(request, member, error=bad.code, entered=entered, status_code=400)
    try:
        answer = await organization_answer(
            request, member, queries.WEB_JOIN_WAITLIST, params, read_only=False
        )
    except ServiceError as exc:
        return _refused_in_session(request, exc)
    if answer.get("success") is True:
        notice = "already_on_list" if answer.get("already_on_list") else "added"
        return redirect("waitlist", notice=notice, item=str(answer.get("waitlist_entry_id")))
    code = _known(str(answer.get("error")), ERRORS) or "INVALID_INPUT"
    return await _page(request, member, error=code, entered=entered, status_code=409)


async def remove(request: Request) -> Response:
    try:
        member, _form = await _member_form(request)
    except Refused as refused:
        return refused.response
    entry = _uuid(request.path_params.get("entry_id"))
    if entry is None:
        return redirect("waitlist", error="WAITLIST_ENTRY_NOT_FOUND")
    try:
        answer = await organization_answer(
            request,
            member,
            queries.WEB_LEAVE_WAITLIST,
            {"waitlist_entry_id": entry},
            read_only=False,
        )
    except ServiceError as exc:
        return _refused_in_session(request, exc)
    if answer.get("success") is True:
        return redirect("waitlist", notice="removed", item=entry)
    return redirect("waitlist", error=_known(str(answer.get("error")), ERRORS) or "INVALID_INPUT")
