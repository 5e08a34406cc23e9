"""The voice agent's tools: name, spec route, SQL function, arguments.

Each tool is one SQL function (statements in shim.queries). This module
only translates: the language model's camelCase arguments become typed SQL
parameters (a date, a uuid, a timestamp with offset, ...), and the
organization is the one the webhook secret resolved to, never an argument;
likewise the caller's phone number for the patient tools (lookup, cancel,
reschedule, join_waitlist) is the caller id the platform gave, never an
argument.
What a value means (is the slot free, is the code right, may this caller
use this hold) is decided in SQL.

Translation failures and refusals are ToolError: a code, a message and the
HTTP status a spec route answers with. SQL business outcomes
({"success": false, "error": ...}) are answers, not ToolErrors.
"""

from __future__ import annotations

import enum
import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, LiteralString

from shim import queries
from shim.service import metrics
from shim.service.errors import ServiceError
from shim.service.state import ServiceState
from shim.voice_agent.database import (
    call_function,
    call_function_once,
    organization_caller,
    service_role_caller,
)

log = logging.getLogger("shim.voice_agent")

_INT32 = 2**31


class Kind(enum.Enum):
    TEXT = "text"
    UUID = "uuid"
    DATE = "date"
    TIMESTAMP = "timestamp"
    INTEGER = "integer"
    TIME = "time"  # a local time of day, HH:MM


@dataclass(frozen=True)
class Argument:
    parameter: str  # the SQL statement's placeholder
    names: tuple[str, ...]  # accepted argument names; the first is advertised
    kind: Kind
    description: str
    required: bool = False

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class Tool:
    name: str  # the function name in tool calls and the assistant config
    path: str  # the spec's route
    statement: LiteralString
    description: str
    arguments: tuple[Argument, ...]
    read_only: bool = False
    takes_call_id: bool = False
    # The caller id the platform gave (never a model argument) as the SQL
    # statement's caller_phone: whose appointments the tool may see and change;
    # with it caller_attested (STIR/SHAKEN "A" as the platform reported it)
    # and call_id (the platform's call id, for the limits per call).
    takes_caller_phone: bool = False
    offered_to_agent: bool = True  # in the assistant config and /api/vapi/tools
    request_start: str | None = None  # what the agent says while the tool runs
    # The booking function it calls, whose answers /metrics counts (shim.service.metrics).
    booking_function: str | None = None
    # Runs as service_role instead of a member of the resolved organization:
    # the SQL function tells the patient's own requests (by phone) from staff's by it.
    as_service_role: bool = False


@dataclass(frozen=True)
class ToolError(Exception):
    code: str
    message: str
    status: int  # on the spec routes
    retry_after: int | None = None  # seconds, a Retry-After header on the spec routes

    def answer(self) -> dict[str, Any]:
        return {"success": False, "error": self.code, "message": self.message}

    def headers(self) -> dict[str, str]:
        return {} if self.retry_after is None else {"Retry-After": str(self.retry_after)}


def invalid_arguments(message: str) -> ToolError:
    return ToolError("INVALID_ARGUMENTS", message, 400)


_PHONE = "The patient's mobile number, e.g. +14155550123; codes and confirmations are texted there"
_CALENDAR = "Leave out: the clinic's main calendar"
_SERVICE = "The service the patient asked for, e.g. consultation; leave out for the default"
_VERIFICATION = (
    "Only after an answer VERIFICATION_REQUIRED with a verification_id, or verified_by code: "
    "that verification_id"
)
_CODE = "Only with verificationId: the 4 digits the caller read back"
_APPOINTMENT = "The appointment_id of one of the appointments lookup_appointments returned"

TOOLS: tuple[Tool, ...] = (
    Tool(
        name="check_availability",
        path="/api/vapi/tools/calendar/check",
        statement=queries.VOICE_CHECK_AVAILABILITY,
        read_only=True,
        request_start="Let me check the calendar.",
        description=(
            "Phase 1. The free start times of one day at this clinic. Offer only times it "
            "returns: say each slot's local_time; its start is the slotId for reserve_atomic."
        ),
        arguments=(
            Argument(
                "date", ("date",), Kind.DATE, "The day, YYYY-MM-DD, in the clinic's time zone", True
            ),
            Argument("service_type", ("serviceType",), Kind.TEXT, _SERVICE),
            Argument("calendar_id", ("calendarId",), Kind.TEXT, _CALENDAR),
        ),
    ),
    Tool(
        name="reserve_atomic",
        path="/api/vapi/tools/booking/reserve-atomic",
        statement=queries.VOICE_CLAIM_SLOT,
        booking_function="claim_slot_atomic",
        takes_call_id=True,
        request_start="One moment while I hold that time for you.",
        description=(
            "Phase 2. Holds the chosen slot for this call for 10 minutes so nobody else can "
            "take it. Returns hold_id and contact_id. On SLOT_UNAVAILABLE call "
            "check_availability again and offer other times."
        ),
        arguments=(
            Argument(
                "slot_time",
                ("slotId",),
                Kind.TIMESTAMP,
                "The start of a slot from check_availability, unchanged",
                True,
            ),
            Argument("patient_name", ("patientName",), Kind.TEXT, "The patient's full name", True),
            Argument("patient_phone", ("patientPhone",), Kind.TEXT, _PHONE, True),
            Argument("service_type", ("serviceType",), Kind.TEXT, _SERVICE),
            Argument("calendar_id", ("calendarId",), Kind.TEXT, _CALENDAR),
        ),
    ),
    Tool(
        name="send_otp",
        path="/api/vapi/tools/booking/send-otp",
        statement=queries.VOICE_SEND_OTP,
        request_start="I'm texting you a confirmation code now.",
        description=(
            "Phase 3. Texts a 4-digit confirmation code for the hold to the patient's phone. "
            "Never say or guess the code: ask the patient to read it back."
        ),
        arguments=(
            Argument("hold_id", ("holdId",), Kind.UUID, "The hold_id from reserve_atomic", True),
            Argument(
                "patient_phone",
                ("patientPhone",),
                Kind.TEXT,
                "Leave out: the number the slot was reserved for (another number is refused)",
            ),
        ),
    ),
    Tool(
        name="verify_otp",
        path="/api/vapi/tools/booking/verify-otp",
        statement=queries.VOICE_CONFIRM_HELD_SLOT,
        booking_function="confirm_held_slot",
        request_start="Let me check that code.",
        description=(
            "Phase 4. Checks the code the patient read back and, when it is right, books the "
            "appointment (returns appointment_id). INVALID_OTP: ask again (attempts_remaining). "
            "HOLD_EXPIRED: start again with reserve_atomic. OTP_LOCKED: no booking on this call."
        ),
        arguments=(
            Argument("hold_id", ("holdId",), Kind.UUID, "The hold_id from reserve_atomic", True),
            Argument(
                "otp",
                ("providedOTP", "otp", "code"),
                Kind.TEXT,
                "The 4 digits the patient read back",
                True,
            ),
            Argument("contact_id", ("contactId",), Kind.UUID, "The contact_id from reserve_atomic"),
            Argument("service_type", ("serviceType",), Kind.TEXT, _SERVICE),
        ),
    ),
    Tool(
        name="send_confirmation_sms",
        path="/api/vapi/tools/booking/send-confirmation",
        statement=queries.VOICE_SEND_CONFIRMATION_SMS,
        description=(
            "Phase 5. You MUST call this right after verify_otp succeeds: the patient's "
            "confirmation SMS with date, time and clinic. The booking is complete only after "
            "this call."
        ),
        arguments=(
            Argument(
                "appointment_id",
                ("appointmentId",),
                Kind.UUID,
                "The appointment_id from verify_otp",
                True,
            ),
            Argument(
                "patient_phone",
                ("patientPhone",),
                Kind.TEXT,
                "Leave out: the SMS goes to the patient's number on record",
            ),
            Argument("contact_id", ("contactId",), Kind.UUID, "The contact_id from reserve_atomic"),
        ),
    ),
    Tool(
        name="lookup_appointments",
        path="/api/vapi/tools/booking/lookup",
        statement=queries.VOICE_LOOKUP_APPOINTMENTS,
        takes_caller_phone=True,
        request_start="Let me look up your appointments.",
        description=(
            "The caller's upcoming appointments at this clinic (the caller is known by the "
            "number they call from). Read back each appointment's local_text. If it answers "
            "PHONE_REQUIRED, ask for the mobile number the appointment was booked with and "
            "call again with patientPhone; VERIFICATION_REQUIRED: a 4-digit code was texted to "
            "that number, ask the caller to read it back and call again with verificationId "
            "and code."
        ),
        arguments=(
            Argument(
                "patient_phone",
                ("patientPhone",),
                Kind.TEXT,
                "Only after PHONE_REQUIRED: the mobile number the appointment was booked with",
            ),
            Argument("verification_id", ("verificationId",), Kind.UUID, _VERIFICATION),
            Argument(
                "code",
                ("code", "providedOTP", "otp"),
                Kind.TEXT,
                "Only with verificationId: the 4 digits the caller read back",
            ),
        ),
    ),
    Tool(
        name="cancel_appointment",
        path="/api/vapi/tools/booking/cancel",
        statement=queries.VOICE_CANCEL_APPOINTMENT,
        takes_caller_phone=True,
        request_start="One moment while I cancel that.",
        description=(
            "Cancels one of the caller's upcoming appointments. Ask the caller to confirm "
            "which one (say its local_text) before you call it. VERIFICATION_REQUIRED: a "
            "4-digit code was texted to the patient's phone; ask the caller to read it back "
            "and call again with verificationId and code. TOO_LATE_TO_CHANGE: it is too "
            "close to the appointment to cancel by phone; give the clinic's number "
            "(appointment.clinic_phone) and ask them to call the clinic."
        ),
        arguments=(
            Argument("appointment_id", ("appointmentId",), Kind.UUID, _APPOINTMENT, True),
            Argument("verification_id", ("verificationId",), Kind.UUID, _VERIFICATION),
            Argument("code", ("code", "providedOTP", "otp"), Kind.TEXT, _CODE),
            Argument("reason", ("reason",), Kind.TEXT, "Why, in the caller's words (optional)"),
        ),
    ),
    Tool(
        name="reschedule_appointment",
        path="/api/vapi/tools/booking/reschedule",
        statement=queries.VOICE_RESCHEDULE_APPOINTMENT,
        takes_caller_phone=True,
        request_start="One moment while I move your appointment.",
        description=(
            "Moves one of the caller's upcoming appointments to a new time: first call "
            "check_availability for the new day and let the caller choose a returned slot. "
            "VERIFICATION_REQUIRED: a 4-digit code was texted to the patient's phone; ask the "
            "caller to read it back and call again with verificationId and code. On success "
            "read back appointment.local_text. SLOT_UNAVAILABLE: offer other times. "
            "SAME_TIME: the appointment is already at that time; nothing changed. "
            "TOO_LATE_TO_CHANGE or RESCHEDULE_LIMIT: give the clinic's number "
            "(appointment.clinic_phone)."
        ),
        arguments=(
            Argument("appointment_id", ("appointmentId",), Kind.UUID, _APPOINTMENT, True),
            Argument(
                "new_scheduled_at",
                ("slotId", "newScheduledAt"),
                Kind.TIMESTAMP,
                "The start of a slot from check_availability, unchanged",
                True,
            ),
            Argument("verification_id", ("verificationId",), Kind.UUID, _VERIFICATION),
            Argument("code", ("code", "providedOTP", "otp"), Kind.TEXT, _CODE),
        ),
    ),
    Tool(
        name="join_waitlist",
        path="/api/vapi/tools/waitlist/join",
        statement=queries.VOICE_JOIN_WAITLIST,
        takes_caller_phone=True,
        as_service_role=True,
        request_start="One moment while I put you on the waitlist.",
        description=(
            "Puts the caller on the clinic's waitlist when no offered time suits them: when a "
            "matching time opens, the clinic texts the number they call from, and the first "
            "to reply Y gets it. Ask first; say the window back (success: waitlist_entry_id; "
            "already_on_list true: they were on it already, the window is widened). "
            "INVALID_PHONE: their number is hidden or cannot get texts; give the clinic's "
            "number. WAITLIST_DISABLED: this clinic has no waitlist; offer other days. "
            "TOO_MANY_WAITLIST_ENTRIES: they are on the waitlist for 5 things already. "
            "INVALID_WINDOW or WINDOW_IN_PAST: ask for dates again. UNKNOWN_SERVICE_TYPE: ask "
            "which service."
        ),
        arguments=(
            Argument("patient_name", ("patientName",), Kind.TEXT, "The patient's full name", True),
            Argument(
                "service_type",
                ("serviceType",),
                Kind.TEXT,
                "The service the patient wants, e.g. consultation",
                True,
            ),
            Argument(
                "earliest",
                ("earliestDate", "earliest"),
                Kind.DATE,
                "The first day that suits, YYYY-MM-DD in the clinic's time zone; leave out: today",
            ),
            Argument(
                "latest",
                ("latestDate", "latest"),
                Kind.DATE,
                "The last day that suits, YYYY-MM-DD; leave out: four weeks from the first day",
            ),
            Argument(
                "day_start",
                ("earliestTime", "dayStart"),
                Kind.TIME,
                "Only times starting at or after this local time, HH:MM 24-hour (e.g. 13:00 "
                "for afternoons); give latestTime with it; leave both out: any time",
            ),
            Argument(
                "day_end",
                ("latestTime", "dayEnd"),
                Kind.TIME,
                "Only times starting before this local time, HH:MM 24-hour (e.g. 12:00 for "
                "mornings); give earliestTime with it; leave both out: any time",
            ),
        ),
    ),
    Tool(
        name="book_clinic_appointment",
        path="/api/vapi/tools/bookClinicAppointment",
        statement=queries.VOICE_BOOK_APPOINTMENT,
        booking_function="book_appointment_atomic",
        offered_to_agent=False,  # books without a hold or code: not for the voice agent
        description="Books directly, without hold or code (the spec's bookClinicAppointment).",
        arguments=(
            Argument("patient_name", ("name", "patientName"), Kind.TEXT, "Patient name", True),
            Argument("patient_phone", ("phone", "patientPhone"), Kind.TEXT, _PHONE, True),
            Argument("patient_email", ("email", "patientEmail"), Kind.TEXT, "E-mail (optional)"),
            Argument("service_type", ("serviceType",), Kind.TEXT, "The service", True),
            Argument(
                "scheduled_at",
                ("scheduledAt", "datetime", "slotId"),
                Kind.TIMESTAMP,
                "Start, ISO-8601 with offset",
                True,
            ),
            Argument(
                "duration_minutes", ("duration", "durationMinutes"), Kind.INTEGER, "Minutes", True
            ),
        ),
    ),
)

AGENT_TOOLS: dict[str, Tool] = {tool.name: tool for tool in TOOLS if tool.offered_to_agent}


# -- arguments --------------------------------------------------------------------------
def _present(arguments: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    """The first given value among `names`; blank strings count as not given."""
    for name in names:
        value = arguments.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        return value
    return None


def _text(name: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # e.g. a phone number or a code sent as a number
    raise invalid_arguments(f"{name} must be a string")


def convert(argument: Argument, value: Any) -> Any:
    """A JSON argument as the SQL parameter's Python value, or ToolError."""
    name = argument.name
    if argument.kind is Kind.TEXT:
        return _text(name, value)
    if argument.kind is Kind.INTEGER:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,10}\s*", value, re.ASCII):
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and -_INT32 < value < _INT32:
            return value
        raise invalid_arguments(f"{name} must be a whole number")
    text = _text(name, value).strip()
    try:
        if argument.kind is Kind.TIME:
            if not re.fullmatch(r"[0-9]{2}:[0-9]{2}(:00)?", text):
                raise ValueError(text)
            return time.fromisoformat(text)
        if argument.kind is Kind.UUID:
            return uuid.UUID(text)
        if argument.kind is Kind.DATE:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                raise ValueError(text)
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        expected = {
            Kind.UUID: "an id returned by an earlier tool",
            Kind.DATE: "a date as YYYY-MM-DD",
            Kind.TIMESTAMP: "an ISO-8601 time with offset",
            Kind.TIME: "a time of day as HH:MM (24-hour)",
        }[argument.kind]
        raise invalid_arguments(f"{name} must be {expected}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise invalid_arguments(
            f"{name} must include a UTC offset (use a slot's start from check_availability)"
        )
    return moment


def check_tenant(arguments: Mapping[str, Any], org_id: uuid.UUID) -> None:
    """A tenantId argument is accepted only when it names the resolved organization."""
    claimed = arguments.get("tenantId")
    if claimed is None or (isinstance(claimed, str) and not claimed.strip()):
        return
    try:
        matches = isinstance(claimed, str) and uuid.UUID(claimed.strip()) == org_id
    except ValueError:
        matches = False
    if not matches:
        raise ToolError("TENANT_MISMATCH", "This assistant books only for its own clinic", 403)


def call_id_for(arguments: Mapping[str, Any], platform_call_id: str | None) -> str | None:
    """The call a hold belongs to: the platform's call id; else a callSid or
    callId argument (spec routes without a call object); else None, and
    claim_slot_atomic derives one from the patient's normalized phone, so one
    caller holds one slot at a time however the number is spelled."""
    if platform_call_id:
        return platform_call_id
    given = _present(arguments, ("callSid", "callId"))
    return None if given is None else _text("callSid", given)


def sql_parameters(
    tool: Tool,
    arguments: Mapping[str, Any],
    org_id: uuid.UUID,
    platform_call_id: str | None,
    caller_phone: str | None = None,
    caller_attested: bool = False,
) -> dict[str, Any]:
    check_tenant(arguments, org_id)
    parameters: dict[str, Any] = {"org_id": org_id}
    for argument in tool.arguments:
        value = _present(arguments, argument.names)
        if value is None:
            if argument.required:
                raise invalid_arguments(f"{argument.name} is required")
            parameters[argument.parameter] = None
        else:
            parameters[argument.parameter] = convert(argument, value)
    if tool.takes_call_id:
        parameters["call_sid"] = call_id_for(arguments, platform_call_id)
    if tool.takes_caller_phone:  # the platform's, never arguments
        parameters["caller_phone"] = caller_phone
        parameters["caller_attested"] = caller_attested
        parameters["call_id"] = platform_call_id
    return parameters


# -- running ----------------------------------------------------------------------------
# Deadlock, serialization failure: the transaction was rolled back; the same
# call again normally succeeds (as BUSY_RETRY from a calendar lock timeout).
_RETRYABLE = {"40P01", "40001"}


def _tool_error(exc: ServiceError, tool: Tool) -> ToolError:
    code = exc.code or ""
    if code == "42501":
        return ToolError("NOT_ALLOWED", "That belongs to another clinic", 403)
    if code in _RETRYABLE:
        log.warning("voice agent: %s rolled back: %s %s", tool.name, code, exc.message)
        return ToolError("BUSY_RETRY", "The booking service is busy; retry the same call", 503, 1)
    if code.startswith("23"):  # integrity: unique, check, foreign key, exclusion
        log.warning("voice agent: %s refused by a constraint: %s %s", tool.name, code, exc.message)
        return ToolError(
            "INVALID_ARGUMENTS", "The arguments conflict with the clinic's records", 409
        )
    if exc.status >= 500:
        log.warning("voice agent: %s unavailable: %s %s", tool.name, exc.code, exc.message)
        return ToolError("SERVICE_UNAVAILABLE", "The booking service is unavailable; retry", 503)
    if code.startswith("22"):
        return invalid_arguments(f"An argument is out of range: {exc.message}")
    log.error("voice agent: %s failed: %s %s", tool.name, exc.code, exc.message)
    return ToolError("TOOL_FAILED", "The tool failed", 500)


async def run_tool(
    state: ServiceState,
    tool: Tool,
    arguments: Mapping[str, Any],
    org_id: uuid.UUID,
    platform_call_id: str | None,
    path: str,
    caller_phone: str | None = None,
    caller_attested: bool = False,
    tool_call_id: str | None = None,
) -> dict[str, Any]:
    """The SQL function's JSON answer (a success or a business failure), or ToolError.
    caller_phone, caller_attested: the caller id the platform gave and whether it
    reported it fully attested, for the patient tools. tool_call_id: the
    platform's id of this call; a tool that changes something answers a
    repeated id with its first answer, without acting again."""
    counted = tool.booking_function or ""
    try:
        parameters = sql_parameters(
            tool, arguments, org_id, platform_call_id, caller_phone, caller_attested
        )
        caller = service_role_caller() if tool.as_service_role else organization_caller(org_id)
        try:
            if tool_call_id is not None and not tool.read_only:
                answer = await call_function_once(
                    state,
                    caller,
                    path,
                    tool.statement,
                    parameters,
                    tool=tool.name,
                    tool_call_id=tool_call_id,
                )
            else:
                answer = await call_function(
                    state, caller, path, tool.statement, parameters, read_only=tool.read_only
                )
        except ServiceError as exc:
            raise _tool_error(exc, tool) from exc
        if not isinstance(answer, dict):
            log.error("voice agent: %s answered %r", tool.name, answer)
            raise ToolError("TOOL_FAILED", "The tool failed", 500)
    except ToolError as exc:
        metrics.record_booking_error(counted, "voice_agent", exc.code)
        raise
    metrics.record_booking_answer(counted, "voice_agent", answer)
    return answer


def camel_case(value: Any) -> Any:
    """Keys as the spec's routes spell them: hold_id -> holdId (recursively)."""
    if isinstance(value, dict):
        return {_camel(str(key)): camel_case(item) for key, item in value.items()}
    if isinstance(value, list):
        return [camel_case(item) for item in value]
    return value


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
