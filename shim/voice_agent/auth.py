"""Which organization a voice-platform request belongs to.

The platform sends the shared secret in `X-Vapi-Secret`; the assistant id
and the called number come from the message (`call.assistantId` or
`assistant.id`, `phoneNumber.number` or `call.phoneNumber.number`); the
caller's own number from `call.customer.number` or `customer.number`. All of
them go to public.resolve_voice_agent (as service_role), which finds the
organization by the secret's SHA-256 digest and checks that a configured
assistant id or number agrees. The secret is never compared as text here
or in SQL: the time a lookup takes depends only on the digest of what the
caller sent, which tells them nothing about a stored secret. The
organization never comes from what the language model says.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from shim import queries
from shim.service.errors import ServiceError
from shim.service.state import ServiceState
from shim.service.transaction import call_as_service_role
from shim.voice_agent.bodies import member, text_member

log = logging.getLogger("shim.voice_agent")

SECRET_HEADER = "x-vapi-secret"  # noqa: S105 (a header name)
MAX_SECRET_LENGTH = 512  # public.set_voice_agent accepts no longer secret


@dataclass(frozen=True)
class AuthError(Exception):
    status: int
    code: str
    message: str


@dataclass(frozen=True)
class CallFacts:
    """What the platform (not the model) says about the call."""

    call_id: str | None
    assistant_id: str | None
    phone_number: str | None  # the clinic's number that was called
    # The caller's own number (caller id), e.g. +14155550123; None when
    # withheld or absent. Who the caller is for the patient tools.
    caller_number: str | None = None
    # The platform reported the caller id fully attested (STIR/SHAKEN "A").
    caller_attested: bool = False


# STIR/SHAKEN: the verification status of a fully attested caller id, as
# Twilio reports it (the StirVerstat parameter of an incoming call) and as
# a SIP trunk passes it on. Vapi gives a SIP call's headers in
# call.phoneCallProviderDetails.sip.headers; a clinic that answers with
# Twilio forwards StirVerstat as a custom SIP header (<Sip>...?X-StirVerstat=
# {{StirVerstat}}); docs/voice-agent.md shows how.
FULL_ATTESTATION = "tn-validation-passed-a"
ATTESTATION_HEADERS = frozenset({"x-stirverstat", "stirverstat", "x-twilio-verstat", "x-verstat"})


def _attested(call: Any) -> bool:
    """True when the call's SIP headers report a fully attested caller id."""
    headers = member(call, "phoneCallProviderDetails", "sip", "headers")
    if not isinstance(headers, dict):
        return False
    return any(
        isinstance(name, str)
        and name.strip().lower() in ATTESTATION_HEADERS
        and isinstance(value, str)
        and value.strip().lower() == FULL_ATTESTATION
        for name, value in headers.items()
    )


def call_facts(body: Any) -> CallFacts:
    """From a server message ({"message": {...}}) or a spec-route body."""
    scopes = [scope for scope in (member(body, "message"), body) if isinstance(scope, dict)]

    def first(*path: str) -> str | None:
        for scope in scopes:
            if (found := text_member(scope, *path)) is not None:
                return found
        return None

    return CallFacts(
        call_id=first("call", "id"),
        assistant_id=first("call", "assistantId") or first("assistant", "id"),
        phone_number=first("phoneNumber", "number") or first("call", "phoneNumber", "number"),
        caller_number=first("call", "customer", "number") or first("customer", "number"),
        caller_attested=any(_attested(member(scope, "call")) for scope in scopes),
    )


async def resolve_organization(
    state: ServiceState, secret: str | None, facts: CallFacts, path: str
) -> uuid.UUID:
    """The organization of the request, or AuthError (401, 403, 503)."""
    if not secret:
        raise AuthError(401, "UNAUTHORIZED", "The X-Vapi-Secret header is missing")
    if len(secret) > MAX_SECRET_LENGTH:
        raise AuthError(401, "UNAUTHORIZED", "The X-Vapi-Secret is not known")
    try:
        answer = await call_as_service_role(
            state,
            queries.VOICE_RESOLVE_AGENT,
            {
                "secret": secret,
                "assistant_id": facts.assistant_id,
                "phone_number": facts.phone_number,
            },
        )
    except ServiceError as exc:
        log.warning("voice agent: tenant resolution failed: %s %s", exc.code, exc.message)
        raise AuthError(503, "SERVICE_UNAVAILABLE", "The service is unavailable; retry") from exc
    if isinstance(answer, dict) and answer.get("success") is True:
        return uuid.UUID(str(answer["org_id"]))
    code = str(member(answer, "error") or "UNKNOWN_SECRET")
    log.warning("voice agent: request refused on %s: %s", path, code)
    if code == "UNKNOWN_SECRET":
        raise AuthError(401, "UNAUTHORIZED", "The X-Vapi-Secret is not known")
    raise AuthError(403, code, str(member(answer, "message") or code))
