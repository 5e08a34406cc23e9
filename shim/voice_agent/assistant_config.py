"""The assistant configuration to paste into the voice platform (Vapi).

An assistant object: the system prompt with the five phases
(system_prompt.md, next to this file), the five tools with their JSON-schema
parameters and server URL (POST /api/vapi/tools), and the assistant's server
URL for the other server messages (POST /api/vapi/webhook, where the
end-of-call report arrives). The secret is not known here: put the secret
given to public.set_voice_agent where SECRET_PLACEHOLDER stands; the
platform sends it as X-Vapi-Secret.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from shim.voice_agent.tool_calls import AGENT_TOOLS, Argument, Kind, Tool

SYSTEM_PROMPT_FILE = Path(__file__).with_name("system_prompt.md")
SECRET_PLACEHOLDER = "<the secret given to public.set_voice_agent>"  # noqa: S105
DEFAULT_MODEL = {"provider": "openai", "model": "gpt-4o", "temperature": 0.2}

_SCHEMA_TYPES: dict[Kind, dict[str, str]] = {
    Kind.TEXT: {"type": "string"},
    Kind.UUID: {"type": "string", "format": "uuid"},
    Kind.DATE: {"type": "string", "format": "date"},
    Kind.TIMESTAMP: {"type": "string", "format": "date-time"},
    Kind.INTEGER: {"type": "integer"},
}


@cache
def system_prompt() -> str:
    return SYSTEM_PROMPT_FILE.read_text(encoding="utf-8").strip()


def parameters_schema(arguments: tuple[Argument, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            argument.name: {**_SCHEMA_TYPES[argument.kind], "description": argument.description}
            for argument in arguments
        },
        "required": [argument.name for argument in arguments if argument.required],
    }


def tool_definition(tool: Tool, tools_url: str) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "type": "function",
        "async": False,
        "function": {
            "name": tool.name,
            "description": tool.description,
            "parameters": parameters_schema(tool.arguments),
        },
        "server": {"url": tools_url, "secret": SECRET_PLACEHOLDER},
    }
    if tool.request_start:
        definition["messages"] = [{"type": "request-start", "content": tool.request_start}]
    return definition


def build(tools_url: str, webhook_url: str) -> dict[str, Any]:
    return {
        "name": "Clinic receptionist",
        "firstMessage": "Hello, thank you for calling. How can I help you today?",
        "model": {
            **DEFAULT_MODEL,
            "messages": [{"role": "system", "content": system_prompt()}],
            "tools": [tool_definition(tool, tools_url) for tool in AGENT_TOOLS.values()],
        },
        "server": {"url": webhook_url, "secret": SECRET_PLACEHOLDER},
        "serverMessages": ["tool-calls", "end-of-call-report"],
    }
