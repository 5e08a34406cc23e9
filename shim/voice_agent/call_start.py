"""The platform's `assistant-request`: the assistant for a call and its variables.

When a clinic's phone number on the platform has a server URL and no
assistant, Vapi asks that URL which assistant answers (a server message of
type "assistant-request", with the call and the caller id) and waits at most
7.5 s. The answer is Vapi's `ServerMessageResponseAssistantRequest`:

    {"assistant": <the assistant configuration, without server: the
                   phone number's server and credential serve its tools>,
     "assistantOverrides": {"variableValues": {"clinic_name", "clinic_hours",
         "clinic_phone", "today", "timezone", "caller_has_upcoming_appointment"}}}

The organization is the one the request's credential resolves to (never the
model's); the values come from public.voice_call_context in one transaction
as the organization (the caller-id policy decides what may be said about
the caller: "yes" or "no" under verify_changes and trust_attested, "unknown"
under verify_all, without a caller id or past the lookup limits).
"""

from __future__ import annotations

import uuid
from typing import Any

from shim import queries
from shim.service.errors import ServiceError
from shim.service.state import ServiceState
from shim.voice_agent import assistant_config
from shim.voice_agent.auth import CallFacts
from shim.voice_agent.database import call_function, organization_caller

UNKNOWN = "unknown"


async def call_context(
    state: ServiceState, org_id: uuid.UUID, facts: CallFacts | None, path: str
) -> dict[str, Any]:
    """public.voice_call_context's answer; ServiceError on database failures."""
    answer = await call_function(
        state,
        organization_caller(org_id),
        path,
        queries.VOICE_CALL_CONTEXT,
        {
            "org_id": org_id,
            "caller_phone": facts.caller_number if facts else None,
            "call_id": facts.call_id if facts else None,
        },
        read_only=False,
    )
    if not isinstance(answer, dict) or answer.get("success") is not True:
        raise ServiceError(500, "CALL_CONTEXT_FAILED", f"voice_call_context answered {answer!r}")
    return answer


def clinic_facts(context: dict[str, Any]) -> assistant_config.ClinicFacts:
    return assistant_config.ClinicFacts(
        name=context.get("clinic_name"),
        phone=context.get("transfer_phone"),
        phone_display=context.get("clinic_phone_display"),
    )


def variable_values(context: dict[str, Any]) -> dict[str, str]:
    """The prompt's {{variables}}, all text (an unknown value as "unknown")."""
    has_upcoming = context.get("caller_has_upcoming_appointment")
    return {
        "clinic_name": str(context.get("clinic_name") or ""),
        "clinic_hours": str(context.get("hours_summary") or UNKNOWN),
        "clinic_phone": str(context.get("clinic_phone_display") or UNKNOWN),
        "today": str(context.get("today_text") or ""),
        "today_iso": str(context.get("today") or ""),
        "timezone": str(context.get("timezone_name") or context.get("timezone") or ""),
        "caller_has_upcoming_appointment": (
            UNKNOWN if has_upcoming is None else "yes" if has_upcoming else "no"
        ),
    }


def assistant_request_answer(context: dict[str, Any]) -> dict[str, Any]:
    """The answer to an assistant-request (ServerMessageResponseAssistantRequest)."""
    return {
        "assistant": assistant_config.build(None, None, clinic_facts(context)),
        "assistantOverrides": {"variableValues": variable_values(context)},
    }
