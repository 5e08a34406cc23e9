"""The clinic's settings, for its owners and administrators.

Under /dashboard/settings (<cal> is /calendars/<calendar id>):

    GET                   profile, calendars, reminders, SMS, voice agent, waitlist
    POST /profile         public.set_clinic_profile
    POST /reminders       public.set_reminder_offsets
    POST /sms             public.set_integration_settings
    POST /sms/test        public.send_test_sms (through the outbox)
    POST /voice-agent     public.set_voice_agent (a new secret, shown once)
    POST /waitlist        public.set_waitlist_settings (read: public.waitlist_overview)
    POST /calendars       public.create_calendar
    GET  <cal>            one calendar: hours, closed days, services, rules
    POST <cal>/rules      public.set_calendar_settings (name, notice periods, ...)
    POST <cal>/hours      public.set_weekly_hours
    POST <cal>/overrides  public.set_date_override
    POST <cal>/overrides/clear   public.clear_date_override
    POST <cal>/services   public.upsert_service_type

Every call runs as the member (public.clinic_settings to read, the setting's
own function to change): the SQL decides who may (front desk and anyone
else: 42501, answered with a page that says the settings are for owners and
administrators) and what is valid (its error code, answered in words). The
page only turns form fields into the functions' arguments; a field it
cannot read becomes a value the function refuses, so the SQL's code is the
answer. Secrets: the Twilio auth token goes in and never comes back; the
voice agent's secret is generated here, stored by SQL as a digest, and
shown once.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import secrets
import unicodedata
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any, LiteralString

from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.http_input.text_fields import has_nul
from shim.service.errors import ServiceError
from shim.service.state import service_state
from shim.web import session
from shim.web.page_responses import (
    Endpoint,
    Refused,
    checked_form,
    error_page,
    form_page,
    query_error,
    redirect,
    sign_in_page,
    signed_out,
    staff_page,
    staff_scope,
)
from shim.web.page_settings import (
    ASSISTANT_CONFIG_PATH,
    TWILIO_INBOUND_PATH,
    VOICE_AGENT_TOOLS_PATH,
    VOICE_AGENT_WEBHOOK_PATH,
    page_settings,
)
from shim.web.session import Member
from shim.web.settings_display import phone_regions, time_zone_choices
from shim.web.sql_calls import call

NOT_A_MANAGER = "The clinic's settings are for its owners and administrators."
DAYS = (
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
)
INTERVALS_PER_DAY = 2
RULES = (
    "slot_interval_minutes",
    "default_duration_minutes",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "min_notice_minutes",
    "max_advance_days",
    "cancel_notice_minutes",
    "reschedule_notice_minutes",
)
# The waitlist settings' fields, as INVALID_SETTINGS names them (answered in words).
WAITLIST_FIELDS = frozenset({"enabled", "batch_size", "offer_minutes", "quiet_start", "quiet_end"})
INT32_MAX = 2**31 - 1
_WHOLE = re.compile(r"[0-9]{1,9}")
_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]{1,2}")


# -- calling the SQL as the member --------------------------------------------------------
async def _read(request: Request, member: Member, statement: LiteralString) -> Any:
    return await call(
        request,
        member.caller,
        statement,
        {"org_id": member.org_id},
        read_only=True,
        path="/dashboard/settings",
    )


async def _change(
    request: Request, member: Member, statement: LiteralString, params: dict[str, Any]
) -> dict[str, Any]:
    """The function's answer; Refused with the page to answer when the SQL
    refuses the member (42501: not a manager; signed out) or the input."""
    try:
        answer = await call(
            request,
            member.caller,
            statement,
            {"org_id": member.org_id, **params},
            read_only=False,
            path="/dashboard/settings",
        )
    except ServiceError as exc:
        if exc.code == "42501":
            raise Refused(error_page(NOT_A_MANAGER, 403)) from exc
        if signed_out(exc):
            raise Refused(sign_in_page(request, "refused", status_code=exc.status)) from exc
        if exc.code == "BKKEY":
            raise Refused(_back(request, error="NO_ENCRYPTION_KEY")) from exc
        if exc.status < 500:
            raise Refused(_back(request, error="INVALID_INPUT")) from exc
        raise
    if not isinstance(answer, dict):
        raise Refused(_back(request, error="INVALID_INPUT"))
    return answer


def _back(request: Request, **params: Any) -> Response:
    """Back to the page the form was on: the calendar's, or the settings page."""
    calendar_id = request.path_params.get("calendar_id")
    section = params.pop("section", None)
    if calendar_id is not None and "\x00" not in calendar_id:
        response = redirect("settings_calendar", calendar_id=calendar_id, **params)
    else:
        response = redirect("settings", **params)
    if section:
        response.headers["location"] += f"#{section}"
    return response


def _answered(answer: dict[str, Any], request: Request, notice: str, section: str) -> Response:
    if answer.get("success") is True:
        return _back(request, notice=notice, section=section)
    return _back(request, error=str(answer.get("error") or "INVALID_INPUT"), section=section)


def settings_post(
    handler: Callable[[Request, Member, dict[str, str]], Awaitable[Response]],
) -> Endpoint:
    """A settings form post: signed in (else the sign-in screen), a readable
    form with its CSRF token (else 400/403; a NUL in a field: 400 in words,
    page_responses.checked_form), no NUL in the URL's ids (answered in
    words), then the handler; a Refused is answered with the page it carries."""

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        try:
            member = await session.session_member(request)
            if member is None:
                return sign_in_page(request, "expired", status_code=401)
            form = await checked_form(request, staff_scope(member))
            if has_nul(request.path_params.items()):
                return _back(request, error="INVALID_TEXT")
            return await handler(request, member, form)
        except Refused as refused:
            return refused.response

    return endpoint


# -- reading form fields ---------------------------------------------------------------
def _text(form: dict[str, str], name: str) -> str | None:
    value = form.get(name, "").strip()
    return value or None


def _whole(value: str | None) -> int | None:
    """A whole number as typed, or None (the SQL then refuses the call)."""
    if value is None or not _WHOLE.fullmatch(value.strip()):
        return None
    number = int(value)
    return number if number <= INT32_MAX else None


def _cents(value: str | None) -> int | None:
    """A price such as 80, 80.5 or 80.50 in cents; None when it is not one."""
    if value is None:
        return 0
    try:  # Decimal's errors (1e400, 1e999999999, NaN, ...) are ArithmeticErrors
        text = value.strip()
        if _DECIMAL_COMMA.fullmatch(text):  # 80,50 (but 1,000 is no price: ambiguous)
            text = text.replace(",", ".")
        amount = Decimal(text)
        if not amount.is_finite() or amount < 0 or amount > INT32_MAX:
            return None
        cents = amount * 100
        return int(cents) if cents == cents.to_integral_value() <= INT32_MAX else None
    except ArithmeticError:
        return None


def _intervals(form: dict[str, str], prefix: str) -> list[list[str]]:
    """The [opens, closes] pairs of a day's fields; an interval with only
    one end goes as it is (the SQL answers INVALID_HOURS)."""
    found = []
    for n in range(1, INTERVALS_PER_DAY + 1):
        opens = form.get(f"{prefix}_{n}_opens", "").strip()
        closes = form.get(f"{prefix}_{n}_closes", "").strip()
        if opens or closes:
            found.append([opens, "24:00" if closes == "00:00" and opens else closes])
    return found


def _calendar_id(request: Request) -> str:
    return str(request.path_params["calendar_id"])


# -- the pages -------------------------------------------------------------------------
async def _settings(request: Request, member: Member) -> dict[str, Any] | Response:
    try:
        found = await _read(request, member, queries.WEB_CLINIC_SETTINGS)
    except ServiceError as exc:
        if exc.code == "42501":
            return error_page(NOT_A_MANAGER, 403)
        raise
    if not isinstance(found, dict) or found.get("success") is not True:
        return error_page("This clinic could not be found.", 404)
    profile = await _read(request, member, queries.WEB_CLINIC_PROFILE)
    found["profile"] = profile if isinstance(profile, dict) else {}
    waitlist = await _read(request, member, queries.WEB_WAITLIST_OVERVIEW)
    found["waitlist"] = waitlist.get("settings") if isinstance(waitlist, dict) else None
    return found


def _known_field(field: str | None) -> str | None:
    return field if field in WAITLIST_FIELDS else None


def _base(configured: str | None, request: Request) -> str | None:
    """A public base URL: the one configured, else PUBLIC_BASE_URL; never the Host."""
    chosen = configured or service_state(request).settings.public_base_url
    return chosen.rstrip("/") if chosen else None


def _context(request: Request, clinic: dict[str, Any], **extra: Any) -> dict[str, Any]:
    settings = page_settings(request)
    twilio = _base(settings.twilio_webhook_base_url, request)
    voice = _base(settings.voice_agent_base_url, request)
    return {
        "clinic": clinic,
        "time_format": clinic["profile"].get("effective_time_format", "24h"),
        "notice": request.query_params.get("notice"),
        "error": query_error(request),
        "field": _known_field(request.query_params.get("field")),
        "days": DAYS,
        "intervals_per_day": INTERVALS_PER_DAY,
        "twilio_inbound_url": twilio + TWILIO_INBOUND_PATH if twilio else None,
        "voice_tools_url": voice + VOICE_AGENT_TOOLS_PATH if voice else None,
        "voice_webhook_url": voice + VOICE_AGENT_WEBHOOK_PATH if voice else None,
        "assistant_config_url": ASSISTANT_CONFIG_PATH,
        "can_store_token": settings.encryption_key is not None,
        "new_secret": None,
        "test_sms_to": None,
        **extra,
    }


async def _settings_page(request: Request, member: Member, **extra: Any) -> Response:
    clinic = await _settings(request, member)
    if isinstance(clinic, Response):
        return clinic
    context = _context(
        request,
        clinic,
        time_zones=time_zone_choices(clinic.get("timezones") or [], clinic["timezone"]),
        regions=phone_regions(),
        **extra,
    )
    return form_page(request, "settings.html", context, staff_scope(member))


@staff_page
async def settings_page(request: Request, member: Member) -> Response:
    return await _settings_page(request, member)


@staff_page
async def calendar_page(request: Request, member: Member) -> Response:
    clinic = await _settings(request, member)
    if isinstance(clinic, Response):
        return clinic
    wanted = _calendar_id(request)
    calendar = next((c for c in clinic["calendars"] if c["calendar_id"] == wanted), None)
    if calendar is None:
        return error_page("The clinic has no such calendar.", 404)
    context = _context(request, clinic, calendar=calendar)
    return form_page(request, "settings_calendar.html", context, staff_scope(member))


# -- the clinic's forms ------------------------------------------------------------------
@settings_post
async def save_profile(request: Request, member: Member, form: dict[str, str]) -> Response:
    answer = await _change(
        request,
        member,
        queries.WEB_SET_CLINIC_PROFILE,
        {
            "name": form.get("name", ""),
            "contact_phone": _text(form, "contact_phone"),
            "address": _text(form, "address"),
            "timezone": form.get("timezone", ""),
            "phone_region": form.get("phone_region", ""),
            "time_format": _text(form, "time_format"),
        },
    )
    return _answered(answer, request, "profile_saved", "profile")


def _reminder_minutes(raw: str) -> list[int | None]:
    """'24, 2' (hours before) -> [1440, 120]; a part that is not a number of
    hours (whole or .25 steps) becomes None, which the SQL refuses."""
    offsets: list[int | None] = []
    for part in re.split(r"[,;\s]+", raw.strip()):
        if part:
            offsets.append(_minutes_of_hours(part.removesuffix("h")))
    return offsets


def _minutes_of_hours(text: str) -> int | None:
    try:  # Decimal's errors (1e999999999, NaN, ...) are ArithmeticErrors
        hours = Decimal(text)
        if not hours.is_finite() or not 0 < hours <= INT32_MAX:
            return None
        minutes = hours * 60
        return int(minutes) if minutes == minutes.to_integral_value() <= INT32_MAX else None
    except ArithmeticError:
        return None


@settings_post
async def save_reminders(request: Request, member: Member, form: dict[str, str]) -> Response:
    offsets = _reminder_minutes(form.get("hours_before", ""))
    answer = await _change(request, member, queries.WEB_SET_REMINDER_OFFSETS, {"offsets": offsets})
    return _answered(answer, request, "reminders_saved", "reminders")


@settings_post
async def save_sms(request: Request, member: Member, form: dict[str, str]) -> Response:
    """Twilio's credentials (the auth token stored encrypted, kept when left
    empty for the same account), the hot-lead alert phone and the HELP
    reply: set_integration_settings replaces them as a whole, so a clinic
    with Twilio gives its account SID again to save (the page shows only its
    last 4). "Stop using Twilio" sends no account, which removes the
    credentials."""
    remove = form.get("action") == "remove"
    if not remove and form.get("twilio_set") == "true" and _text(form, "account_sid") is None:
        # Saving the alert phone alone would remove Twilio (the function
        # replaces the settings as a whole): ask, rather than do that.
        return _back(request, error="ACCOUNT_SID_AGAIN", section="sms")
    answer = await _change(
        request,
        member,
        queries.WEB_SET_INTEGRATION_SETTINGS,
        {
            "encryption_key": page_settings(request).encryption_key,
            "twilio_account_sid": None if remove else _text(form, "account_sid"),
            "twilio_auth_token": None if remove else _text(form, "auth_token"),
            "twilio_from_number": None if remove else _text(form, "from_number"),
            "twilio_messaging_service_sid": (
                None if remove else _text(form, "messaging_service_sid")
            ),
            "hot_lead_alert_phone": _text(form, "hot_lead_alert_phone"),
            "sms_help_reply": _text(form, "sms_help_reply"),
        },
    )
    return _answered(answer, request, "sms_removed" if remove else "sms_saved", "sms")


@settings_post
async def send_test_sms(request: Request, member: Member, form: dict[str, str]) -> Response:
    answer = await _change(request, member, queries.WEB_SEND_TEST_SMS, {"to": form.get("to", "")})
    return _answered(answer, request, "test_sms_queued", "sms")


@settings_post
async def rotate_voice_secret(request: Request, member: Member, form: dict[str, str]) -> Response:
    """A new secret (256 bits), stored as its digest by SQL; the page that
    answers shows it once: it is in no URL, log or later page."""
    secret = secrets.token_urlsafe(32)
    answer = await _change(
        request,
        member,
        queries.WEB_SET_VOICE_AGENT,
        {
            "secret": secret,
            "assistant_id": _text(form, "assistant_id"),
            "phone_number": _text(form, "phone_number"),
        },
    )
    if answer.get("success") is not True:
        return _back(request, error=str(answer.get("error") or "INVALID_INPUT"), section="voice")
    return await _settings_page(request, member, new_secret=secret, notice="voice_saved")


def _calendar_slug(name: str) -> str:
    """A calendar id from its name ('Dr. Émile Roux' -> 'dr-emile-roux');
    people only ever see the name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")
    return slug or "calendar"


@settings_post
async def add_calendar(request: Request, member: Member, form: dict[str, str]) -> Response:
    name = form.get("name", "")
    slug = _calendar_slug(name)
    answer: dict[str, Any] = {}
    for attempt in range(1, 6):
        calendar_id = slug if attempt == 1 else f"{slug}-{attempt}"
        answer = await _change(
            request, member, queries.WEB_CREATE_CALENDAR, {"calendar_id": calendar_id, "name": name}
        )
        if answer.get("error") != "CALENDAR_EXISTS":
            break
    if answer.get("success") is True:
        return redirect("settings_calendar", calendar_id=answer["calendar_id"], notice="created")
    return _back(request, error=str(answer.get("error") or "INVALID_INPUT"), section="calendars")


# -- a calendar's forms -------------------------------------------------------------------
@settings_post
async def save_rules(request: Request, member: Member, form: dict[str, str]) -> Response:
    """The name and the booking rules; an empty field stays as it is, a field
    that is not a whole number goes as typed (the SQL answers INVALID_SETTINGS)."""
    changes: dict[str, Any] = {}
    if _text(form, "name") is not None:
        changes["name"] = form["name"].strip()
    for rule in RULES:
        raw = _text(form, rule)
        if raw is not None:
            number = _whole(raw)
            changes[rule] = raw if number is None else number
    answer = await _change(
        request,
        member,
        queries.WEB_SET_CALENDAR_SETTINGS,
        {"calendar_id": _calendar_id(request), "settings": json.dumps(changes)},
    )
    return _answered(answer, request, "rules_saved", "rules")


@settings_post
async def save_hours(request: Request, member: Member, form: dict[str, str]) -> Response:
    hours = {day: _intervals(form, day) for day, _name in DAYS}
    hours = {day: intervals for day, intervals in hours.items() if intervals}
    answer = await _change(
        request,
        member,
        queries.WEB_SET_WEEKLY_HOURS,
        {"calendar_id": _calendar_id(request), "hours": json.dumps(hours)},
    )
    return _answered(answer, request, "hours_saved", "hours")


def _date(raw: str | None) -> str | None:
    try:
        return dt.date.fromisoformat(raw.strip()).isoformat() if raw else None
    except ValueError:
        return None


@settings_post
async def save_override(request: Request, member: Member, form: dict[str, str]) -> Response:
    """A closed day ([] hours) or special hours for one date."""
    closed = form.get("kind", "closed") == "closed"
    hours = [] if closed else _intervals(form, "special")
    if not closed and not hours:
        return _back(request, error="NO_SPECIAL_HOURS", section="overrides")
    answer = await _change(
        request,
        member,
        queries.WEB_SET_DATE_OVERRIDE,
        {
            "calendar_id": _calendar_id(request),
            "date": _date(form.get("date")),
            "hours": json.dumps(hours),
            "note": _text(form, "note"),
        },
    )
    return _answered(answer, request, "override_saved", "overrides")


@settings_post
async def clear_override(request: Request, member: Member, form: dict[str, str]) -> Response:
    date = _date(form.get("date"))
    if date is None:
        return _back(request, error="INVALID_DATE", section="overrides")
    answer = await _change(
        request,
        member,
        queries.WEB_CLEAR_DATE_OVERRIDE,
        {"calendar_id": _calendar_id(request), "date": date},
    )
    return _answered(answer, request, "override_cleared", "overrides")


@settings_post
async def save_service(request: Request, member: Member, form: dict[str, str]) -> Response:
    answer = await _change(
        request,
        member,
        queries.WEB_UPSERT_SERVICE_TYPE,
        {
            "calendar_id": _calendar_id(request),
            "service_type": form.get("service_type", ""),
            "display_name": _text(form, "display_name"),
            "duration_minutes": _whole(_text(form, "duration_minutes")),
            "value_cents": _cents(_text(form, "price")),
            "active": form.get("active") == "true",
        },
    )
    return _answered(answer, request, "service_saved", "services")


# -- the waitlist --------------------------------------------------------------------------
@settings_post
async def save_waitlist(request: Request, member: Member, form: dict[str, str]) -> Response:
    """On or off, the batch size, the minutes an offer stands and the quiet
    hours; a number that is not one goes as typed, and INVALID_SETTINGS
    names the field the SQL refused (answered in words)."""
    changes: dict[str, Any] = {"enabled": form.get("enabled") == "true"}
    for name in ("batch_size", "offer_minutes"):
        raw = _text(form, name)
        number = _whole(raw)
        changes[name] = raw if number is None else number
    for name in ("quiet_start", "quiet_end"):
        changes[name] = _text(form, name) or ""
    answer = await _change(
        request, member, queries.WEB_SET_WAITLIST_SETTINGS, {"settings": json.dumps(changes)}
    )
    if answer.get("success") is True:
        return _back(request, notice="waitlist_saved", section="waitlist")
    error = str(answer.get("error") or "INVALID_INPUT")
    field = _known_field(str(answer.get("field"))) if error == "INVALID_SETTINGS" else None
    return _back(request, error=error, field=field, section="waitlist")
