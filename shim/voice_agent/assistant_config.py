"""The assistant configuration for the voice platform (Vapi), as its API
types have it (`CreateAssistantDto` of @vapi-ai/server-sdk;
tests/voice_agent/test_platform_types.py compiles it with TypeScript).

An assistant object: the system prompt with the five phases
(system_prompt.md, next to this file), the nine tools with their
JSON-schema parameters and server (POST /api/vapi/tools), the assistant's
server for the other server messages (POST /api/vapi/webhook, where the
end-of-call report arrives) and, when the clinic has a phone number, a
`transferCall` tool to the clinic.

A server is Vapi's `Server`: `url`, `timeoutSeconds` and the credential as
a header, `{"X-Vapi-Secret": SECRET_PLACEHOLDER}` (the secret is not known
here: only its SHA-256 is stored); a clinic that uses a platform credential
(Bearer or HMAC) replaces `headers` with `credentialId`. The answer to an
`assistant-request` (call_start.py) is the same assistant without any
`server`: the platform then sends tool calls and reports to the phone
number's server, with the phone number's credential.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from shim.voice_agent.tool_calls import AGENT_TOOLS, Argument, Kind, Tool

SYSTEM_PROMPT_FILE = Path(__file__).with_name("system_prompt.md")
SECRET_PLACEHOLDER = "<the secret given to public.set_voice_agent>"  # noqa: S105
SECRET_HEADER_NAME = "X-Vapi-Secret"  # noqa: S105 (a header name)
DEFAULT_MODEL = {"provider": "openai", "model": "gpt-4o", "temperature": 0.2}
# Vapi's default tool timeout is 20 s and it does not retry; the tools answer in milliseconds.
SERVER_TIMEOUT_SECONDS = 20
TRANSFER_TOOL_NAME = "transferCall"  # the function name Vapi gives a transferCall tool

_SCHEMA_TYPES: dict[Kind, dict[str, str]] = {
    Kind.TEXT: {"type": "string"},
    Kind.UUID: {"type": "string", "format": "uuid"},
    Kind.DATE: {"type": "string", "format": "date"},
    Kind.TIMESTAMP: {"type": "string", "format": "date-time"},
    Kind.INTEGER: {"type": "integer"},
    Kind.TIME: {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
}


@dataclass(frozen=True)
class ClinicFacts:
    """What the configuration says about one clinic (public.voice_call_context)."""

    name: str | None = None
    phone: str | None = None  # E.164: the transfer tool's number; None: no transfer tool
    phone_display: str | None = None


@cache
def system_prompt() -> str:
    return SYSTEM_PROMPT_FILE.read_text(encoding="utf-8").strip()


def server(url: str) -> dict[str, Any]:
    """Vapi's `Server` with the secret header credential."""
    return {
        "url": url,
        "timeoutSeconds": SERVER_TIMEOUT_SECONDS,
        "headers": {SECRET_HEADER_NAME: SECRET_PLACEHOLDER},
    }


def parameters_schema(arguments: tuple[Argument, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            argument.name: {**_SCHEMA_TYPES[argument.kind], "description": argument.description}
            for argument in arguments
        },
        "required": [argument.name for argument in arguments if argument.required],
    }


def tool_definition(tool: Tool, tools_url: str | None) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "type": "function",
        "async": False,
        "function": {
            "name": tool.name,
            "description": tool.description,
            "parameters": parameters_schema(tool.arguments),
        },
    }
    if tools_url is not None:
        definition["server"] = server(tools_url)
    if tool.request_start:
        definition["messages"] = [{"type": "request-start", "content": tool.request_start}]
    return definition


def transfer_tool(phone: str) -> dict[str, Any]:
    """Vapi's transferCall tool with one destination: the clinic's phone (E.164)."""
    return {
        "type": "transferCall",
        "destinations": [
            {
                "type": "number",
                "number": phone,
                "description": "The clinic's front desk: a person at the clinic",
                "message": "I'm transferring you to the clinic now. Please hold.",
            }
        ],
        "messages": [
            {"type": "request-start", "content": "I'm transferring you to the clinic now."},
            {
                "type": "request-failed",
                "content": "I couldn't reach the clinic just now. Please call the clinic directly.",
            },
        ],
    }


def build(
    tools_url: str | None, webhook_url: str | None, clinic: ClinicFacts | None = None
) -> dict[str, Any]:
    """The assistant; tools_url and webhook_url None: no `server` anywhere
    (the answer to an assistant-request: the phone number's server is used)."""
    tools = [tool_definition(tool, tools_url) for tool in AGENT_TOOLS.values()]
    if clinic is not None and clinic.phone:
        tools.append(transfer_tool(clinic.phone))
    config: dict[str, Any] = {
        "name": "Clinic receptionist",
        "firstMessage": (
            f"Hello, thank you for calling {clinic.name}. How can I help you today?"
            if clinic is not None and clinic.name
            else "Hello, thank you for calling. How can I help you today?"
        ),
        "model": {
            **DEFAULT_MODEL,
            "messages": [{"role": "system", "content": system_prompt()}],
            "tools": tools,
        },
        "serverMessages": ["tool-calls", "end-of-call-report"],
    }
    if webhook_url is not None:
        config["server"] = server(webhook_url)
    return config
