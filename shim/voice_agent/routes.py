"""The voice agent's HTTP routes, for the service's route list.

    POST /api/vapi/tools/calendar/check          the spec's routes: body
    POST /api/vapi/tools/booking/reserve-atomic  {"toolCall": {"arguments":
    POST /api/vapi/tools/booking/send-otp        {...}}}, answer the SQL
    POST /api/vapi/tools/booking/verify-otp      function's JSON with the
    POST /api/vapi/tools/booking/send-confirmation  spec's camelCase keys
    POST /api/vapi/tools/bookClinicAppointment
    POST /api/vapi/tools/booking/lookup      a patient's appointments by phone:
    POST /api/vapi/tools/booking/cancel      the caller is call.customer.number
    POST /api/vapi/tools/booking/reschedule  (or a code texted to the phone)
    POST /api/vapi/tools     the platform's server messages: "tool-calls"
    POST /api/vapi/webhook   answer {"results": [...]}; "end-of-call-report"
                             is stored; "assistant-request" answers the
                             assistant and the call's variables
                             (call_start.py); other types answer {} (both
                             paths take every message type)
    GET  /api/vapi/assistant-config   the assistant to paste (Vapi's
                             CreateAssistantDto); with a clinic's secret
                             header or Bearer token: that clinic's, with
                             its transfer tool

Every POST needs a credential of the clinic: `X-Vapi-Secret`,
`Authorization: Bearer`, or an HMAC signature `x-vapi-signature` (auth.py;
401 without a known one, 403 when the assistant or called number belongs to
another organization). Bodies: at
most the service's MAX_BODY_BYTES (413) and MAX_JSON_DEPTH (400).
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from psycopg.types.json import Jsonb
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shim import queries
from shim.service.application import JSON_ERROR_HANDLERS, Surface
from shim.service.errors import ServiceError
from shim.service.state import service_state
from shim.service.transaction import call_as_service_role
from shim.voice_agent import assistant_config, call_start
from shim.voice_agent.auth import (
    MISSING_CREDENTIAL,
    AuthError,
    CallFacts,
    call_facts,
    request_credentials,
    resolve_organization,
)
from shim.voice_agent.bodies import BodyError, member, parse_json, read_body, text_member
from shim.voice_agent.tool_calls import (
    AGENT_TOOLS,
    TOOLS,
    Tool,
    ToolError,
    camel_case,
    run_tool,
)

log = logging.getLogger("shim.voice_agent")

TOOLS_PATH = "/api/vapi/tools"
WEBHOOK_PATH = "/api/vapi/webhook"
ASSISTANT_CONFIG_PATH = "/api/vapi/assistant-config"
MAX_TOOL_CALLS = 16  # per tool-calls message; more get an error result each


@dataclass(frozen=True)
class VoiceAgentSettings:
    # The public base URL the voice platform reaches this service at (the
    # assistant config's server URLs); unset: the URL of the config request.
    public_base_url: str | None = None
    # SETTINGS_ENCRYPTION_KEY: decrypts the clinics' HMAC keys (signed requests).
    encryption_key: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> VoiceAgentSettings:
        return cls(
            public_base_url=env.get("VOICE_AGENT_BASE_URL") or None,
            encryption_key=env.get("SETTINGS_ENCRYPTION_KEY") or None,
        )


def _failure(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"success": False, "error": code, "message": message}, status_code=status)


def _one_line(value: Any) -> str:
    """JSON text on one line (json.dumps escapes newlines inside strings)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


async def _authorized_body(
    request: Request, voice: VoiceAgentSettings
) -> tuple[Any, uuid.UUID, CallFacts]:
    """The parsed body and the organization it resolves to; BodyError or AuthError.
    A request without any credential is refused before its body is read."""
    state = service_state(request)
    credentials = request_credentials(request.headers)
    if not credentials.present:
        raise AuthError(401, "UNAUTHORIZED", MISSING_CREDENTIAL)
    settings = state.settings
    raw = await read_body(request, settings.max_body_bytes)
    body = parse_json(raw, settings.max_json_depth)
    facts = call_facts(body)
    org_id = await resolve_organization(
        state, credentials, raw, facts, request.url.path, voice.encryption_key
    )
    return body, org_id, facts


# -- the spec's routes --------------------------------------------------------------------
def _spec_endpoint(
    tool: Tool, voice: VoiceAgentSettings
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            body, org_id, facts = await _authorized_body(request, voice)
        except (BodyError, AuthError) as exc:
            return _failure(exc.status, exc.code, exc.message)
        # Vapi's {"toolCall": {"arguments"}}, or Retell's custom function {"args"}.
        arguments = member(body, "toolCall", "arguments")
        if arguments is None and isinstance(body, dict) and "toolCall" not in body:
            arguments = body.get("args")
        if not isinstance(arguments, dict):
            return _failure(
                400,
                "INVALID_TOOL_CALL",
                'The body must be {"toolCall": {"arguments": {...}}} or {"args": {...}}',
            )
        try:
            answer = await run_tool(
                service_state(request),
                tool,
                arguments,
                org_id,
                facts.call_id,
                request.url.path,
                facts.caller_number,
                facts.caller_attested,
                text_member(body, "toolCall", "id"),
            )
        except ToolError as exc:
            return JSONResponse(exc.answer(), status_code=exc.status, headers=exc.headers())
        return JSONResponse(camel_case(answer))

    endpoint.__name__ = f"spec_{tool.name}"
    return endpoint


# -- server messages ----------------------------------------------------------------------
async def _tool_call_result(
    request: Request, entry: Any, org_id: uuid.UUID, facts: CallFacts
) -> dict[str, Any]:
    """One entry of toolCallList: {"toolCallId", "name", "result" | "error"}."""
    call_id = text_member(entry, "id")
    function = member(entry, "function")
    source = function if isinstance(function, dict) else entry
    name = text_member(source, "name")
    result: dict[str, Any] = {"toolCallId": call_id, "name": name}

    def error(code: str, message: str) -> dict[str, Any]:
        return {**result, "error": _one_line(ToolError(code, message, 400).answer())}

    if not isinstance(entry, dict) or call_id is None:
        return error("INVALID_TOOL_CALL", "A tool call needs an id and a function")
    tool = AGENT_TOOLS.get(name or "")
    if tool is None:
        return error("UNKNOWN_TOOL", f"No tool named {name!r}; use one of {', '.join(AGENT_TOOLS)}")
    arguments = member(source, "arguments")
    if isinstance(arguments, str):
        try:
            arguments = parse_json(arguments, service_state(request).settings.max_json_depth)
        except BodyError:
            return error("INVALID_ARGUMENTS", "The arguments are not a JSON object")
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        return error("INVALID_ARGUMENTS", "The arguments are not a JSON object")
    try:
        answer = await run_tool(
            service_state(request),
            tool,
            arguments,
            org_id,
            facts.call_id,
            request.url.path,
            facts.caller_number,
            facts.caller_attested,
            call_id,
        )
    except ToolError as exc:
        return {**result, "error": _one_line(exc.answer())}
    return {**result, "result": _one_line(answer)}


async def _tool_calls(
    request: Request, message: dict[str, Any], org_id: uuid.UUID, facts: CallFacts
) -> Response:
    calls = message.get("toolCallList", message.get("toolCalls"))
    if not isinstance(calls, list):
        return _failure(400, "INVALID_TOOL_CALLS", "message.toolCallList must be a list")
    results = []
    for position, entry in enumerate(calls):
        if position >= MAX_TOOL_CALLS:
            results.append(
                {
                    "toolCallId": text_member(entry, "id"),
                    "name": text_member(entry, "function", "name"),
                    "error": _one_line(
                        ToolError("TOO_MANY_TOOL_CALLS", "Call fewer tools at once", 400).answer()
                    ),
                }
            )
            continue
        results.append(await _tool_call_result(request, entry, org_id, facts))
    return JSONResponse({"results": results})


async def _end_of_call_report(request: Request, body: Any, org_id: uuid.UUID) -> Response:
    try:
        answer = await call_as_service_role(
            service_state(request),
            queries.VOICE_RECORD_CALL_REPORT,
            {"org_id": org_id, "report": Jsonb(body)},
        )
    except ServiceError as exc:
        if exc.status >= 500:
            log.warning("voice agent: call report not stored: %s %s", exc.code, exc.message)
            return _failure(503, "SERVICE_UNAVAILABLE", "The report was not stored; retry")
        log.warning("voice agent: call report refused: %s %s", exc.code, exc.message)
        return _failure(400, "INVALID_REPORT", "The report could not be read")
    if not isinstance(answer, dict) or answer.get("success") is not True:
        return JSONResponse(answer, status_code=400)
    return JSONResponse(answer)


async def _assistant_request(request: Request, org_id: uuid.UUID, facts: CallFacts) -> Response:
    try:
        context = await call_start.call_context(
            service_state(request), org_id, facts, request.url.path
        )
    except ServiceError as exc:
        log.warning("voice agent: assistant-request failed: %s %s", exc.code, exc.message)
        # Vapi reads "error" as the reason the call cannot be answered.
        return JSONResponse({"error": "The clinic's assistant is unavailable; call again later"})
    return JSONResponse(call_start.assistant_request_answer(context))


async def _clinic_of_config_request(
    request: Request, voice: VoiceAgentSettings
) -> assistant_config.ClinicFacts | Response | None:
    """The clinic a GET of the configuration names by its credential (the
    secret header or a Bearer token); None without one; a refusal Response."""
    credentials = request_credentials(request.headers)
    if not credentials.tokens:
        return None
    state = service_state(request)
    try:
        org_id = await resolve_organization(
            state, credentials, b"", CallFacts(None, None, None), request.url.path,
            voice.encryption_key,
        )  # fmt: skip
        context = await call_start.call_context(state, org_id, None, request.url.path)
    except AuthError as exc:
        return _failure(exc.status, exc.code, exc.message)
    except ServiceError as exc:
        log.warning("voice agent: assistant config failed: %s %s", exc.code, exc.message)
        return _failure(503, "SERVICE_UNAVAILABLE", "The service is unavailable; retry")
    return call_start.clinic_facts(context)


async def server_message(request: Request, voice: VoiceAgentSettings) -> Response:
    """A voice-platform server message: {"message": {"type", ...}}."""
    try:
        body, org_id, facts = await _authorized_body(request, voice)
    except (BodyError, AuthError) as exc:
        return _failure(exc.status, exc.code, exc.message)
    message = member(body, "message")
    if not isinstance(message, dict):
        return _failure(400, "INVALID_MESSAGE", 'The body must be {"message": {"type": ...}}')
    kind = message.get("type")
    if kind == "tool-calls":
        return await _tool_calls(request, message, org_id, facts)
    if kind == "end-of-call-report":
        return await _end_of_call_report(request, body, org_id)
    if kind == "assistant-request":
        return await _assistant_request(request, org_id, facts)
    return JSONResponse({})  # status updates, transcripts, ...: nothing to do


def voice_agent_routes(settings: VoiceAgentSettings | None = None) -> list[Route]:
    """The routes; they use the service's state (pool, roles, settings)."""
    chosen = settings or VoiceAgentSettings()

    async def assistant_config_endpoint(request: Request) -> Response:
        clinic = await _clinic_of_config_request(request, chosen)
        if isinstance(clinic, Response):
            return clinic
        base_url = (chosen.public_base_url or str(request.base_url)).rstrip("/")
        config = assistant_config.build(base_url + TOOLS_PATH, base_url + WEBHOOK_PATH, clinic)
        return JSONResponse(config)

    async def server_message_endpoint(request: Request) -> Response:
        return await server_message(request, chosen)

    return [
        *(Route(tool.path, _spec_endpoint(tool, chosen), methods=["POST"]) for tool in TOOLS),
        Route(TOOLS_PATH, server_message_endpoint, methods=["POST"]),
        Route(WEBHOOK_PATH, server_message_endpoint, methods=["POST"]),
        Route(ASSISTANT_CONFIG_PATH, assistant_config_endpoint, methods=["GET"]),
    ]


def voice_agent_surface(settings: VoiceAgentSettings | None = None) -> Surface:
    """The voice agent's routes as a surface of the service (JSON errors)."""
    return Surface(
        name="voice_agent",
        routes=voice_agent_routes(settings),
        exception_handlers=JSON_ERROR_HANDLERS,
    )
