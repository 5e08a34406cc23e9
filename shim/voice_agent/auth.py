"""Which organization a voice-platform request belongs to.

The platform authenticates with any of the clinic's credentials:
  - the shared secret in `X-Vapi-Secret` (public.set_voice_agent, or a
    token credential of public.add_voice_credential);
  - `Authorization: Bearer <token>` (the same secrets);
  - an HMAC-SHA256 signature of the raw body in `x-vapi-signature` (or
    Vapi's default `x-signature`), with a timestamp in `x-timestamp` (or
    `x-vapi-timestamp`) the signed text is "{timestamp}.{body}" and must be
    within 5 minutes of now (an hmac credential of add_voice_credential);
  - Retell's `x-retell-signature: v=<milliseconds>,d=<hex>`, the HMAC-SHA256
    of "{body}{milliseconds}" with the Retell API key (stored as an hmac
    credential), within 5 minutes of now.
A request with none is refused (401) before its body is read.
The assistant id and the called number come from the message
(`call.assistantId` or `assistant.id`, `phoneNumber.number` or
`call.phoneNumber.number`); the caller's own number from
`call.customer.number` or `customer.number`. A secret goes to
public.resolve_voice_agent (as service_role), which finds the organization
by the secret's SHA-256 digest and checks that a configured assistant id or
number agrees; a signature to public.resolve_voice_agent_signed, which tries
the keys of the organization the assistant id or number names, in constant
time. A secret is never compared as text here or in SQL: the time a lookup
takes depends only on the digest of what the caller sent. The organization
never comes from what the language model says.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, LiteralString

from shim import queries
from shim.service.errors import ServiceError
from shim.service.state import ServiceState
from shim.service.transaction import call_as_service_role
from shim.voice_agent.bodies import member, text_member

log = logging.getLogger("shim.voice_agent")

SECRET_HEADER = "x-vapi-secret"  # noqa: S105 (a header name)
SIGNATURE_HEADERS = ("x-vapi-signature", "x-signature")
TIMESTAMP_HEADERS = ("x-vapi-timestamp", "x-timestamp")
RETELL_SIGNATURE_HEADER = "x-retell-signature"
_RETELL_SIGNATURE = re.compile(r"v=([0-9]{1,13}),d=([0-9a-fA-F]{64})")
MAX_SECRET_LENGTH = 512  # public.set_voice_agent accepts no longer secret
MAX_SIGNATURE_LENGTH = 128  # hex or base64 of 32 bytes, with a prefix
MISSING_CREDENTIAL = (
    "No credential: send X-Vapi-Secret, Authorization: Bearer, an x-vapi-signature"
    " or an x-retell-signature"
)


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

    # Vapi's message, else Retell's custom-function body ({"call": {"call_id",
    # "agent_id", "from_number", "to_number"}, "name", "args"}).
    return CallFacts(
        call_id=first("call", "id") or first("call", "call_id"),
        assistant_id=first("call", "assistantId")
        or first("assistant", "id")
        or first("call", "agent_id"),
        phone_number=first("phoneNumber", "number")
        or first("call", "phoneNumber", "number")
        or first("call", "to_number"),
        caller_number=first("call", "customer", "number")
        or first("customer", "number")
        or first("call", "from_number"),
        caller_attested=any(_attested(member(scope, "call")) for scope in scopes),
    )


@dataclass(frozen=True)
class Credentials:
    """What a request carries to authenticate, as sent (not yet checked)."""

    tokens: tuple[str, ...]  # X-Vapi-Secret, the Bearer token
    signature: str | None
    timestamp: str | None
    scheme: str = "vapi"  # how the signed text is made: vapi or retell

    @property
    def present(self) -> bool:
        return bool(self.tokens) or self.signature is not None


def request_credentials(headers: Mapping[str, str]) -> Credentials:
    """The credentials in a request's headers (names case-insensitive)."""
    tokens: list[str] = []
    if secret := headers.get(SECRET_HEADER):
        tokens.append(secret)
    scheme, _, token = (headers.get("authorization") or "").strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip() and token.strip() not in tokens:
        tokens.append(token.strip())
    signature = next((v for name in SIGNATURE_HEADERS if (v := headers.get(name))), None)
    timestamp = next((v for name in TIMESTAMP_HEADERS if (v := headers.get(name))), None)
    if signature is None and (retell := headers.get(RETELL_SIGNATURE_HEADER)) is not None:
        found = _RETELL_SIGNATURE.fullmatch(retell.strip()[:MAX_SIGNATURE_LENGTH])
        # A malformed one is still a credential, refused by the SQL as such.
        signature, timestamp = (found.group(2), found.group(1)) if found else (retell, None)
        return Credentials(tuple(tokens), signature, timestamp, "retell")
    return Credentials(tuple(tokens), signature, timestamp)


async def _resolve(
    state: ServiceState, statement: LiteralString, parameters: dict[str, Any]
) -> Any:
    try:
        return await call_as_service_role(state, statement, parameters)
    except ServiceError as exc:
        log.warning("voice agent: tenant resolution failed: %s %s", exc.code, exc.message)
        raise AuthError(503, "SERVICE_UNAVAILABLE", "The service is unavailable; retry") from exc


def _refusal(answer: Any, path: str) -> AuthError | None:
    """None when the answer names the organization; a mismatch is a 403."""
    if isinstance(answer, dict) and answer.get("success") is True:
        return None
    code = str(member(answer, "error") or "UNKNOWN_SECRET")
    log.warning("voice agent: request refused on %s: %s", path, code)
    if code in ("ASSISTANT_MISMATCH", "PHONE_NUMBER_MISMATCH"):
        return AuthError(403, code, str(member(answer, "message") or code))
    return AuthError(401, "UNAUTHORIZED", "The request's credential is not known")


async def resolve_organization(
    state: ServiceState,
    credentials: Credentials,
    body: bytes,
    facts: CallFacts,
    path: str,
    encryption_key: str | None = None,
) -> uuid.UUID:
    """The organization of the request, or AuthError (401, 403, 503): the
    first credential that names one; a mismatch of assistant or number is
    final (403)."""
    if not credentials.present:
        raise AuthError(401, "UNAUTHORIZED", MISSING_CREDENTIAL)
    where = {"assistant_id": facts.assistant_id, "phone_number": facts.phone_number}
    refusal = AuthError(401, "UNAUTHORIZED", "The request's credential is not known")
    for token in credentials.tokens:
        if len(token) > MAX_SECRET_LENGTH:
            continue
        answer = await _resolve(state, queries.VOICE_RESOLVE_AGENT, {"secret": token, **where})
        refusal = _refusal(answer, path) or refusal
        if refusal.status == 403:
            raise refusal
        if isinstance(answer, dict) and answer.get("success") is True:
            return uuid.UUID(str(answer["org_id"]))
    signature = credentials.signature
    if signature is not None and len(signature) <= MAX_SIGNATURE_LENGTH:
        answer = await _resolve(
            state,
            queries.VOICE_RESOLVE_AGENT_SIGNED,
            {
                "body": body,
                "signature": signature,
                "timestamp": (credentials.timestamp or "")[:32] or None,
                "encryption_key": encryption_key,
                "scheme": credentials.scheme,
                **where,
            },
        )
        refused = _refusal(answer, path)
        if refused is None:
            return uuid.UUID(str(answer["org_id"]))
        raise refused
    raise refusal
