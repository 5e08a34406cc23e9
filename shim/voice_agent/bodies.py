"""Reading a voice-platform request body: size limit, JSON, nesting, clean text.

Every failure is a BodyError with the HTTP status and code the routes
answer with; nothing here raises anything else for any input.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from shim.http_input import request_body

# PostgreSQL text and jsonb cannot hold NUL; UTF-8 cannot hold lone surrogates.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class BodyError(Exception):
    status: int
    code: str
    message: str


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body; 413 beyond `limit` bytes (declared or streamed)."""
    try:
        return await request_body.read_body(request, limit)
    except request_body.BodyTooLarge as exc:
        raise BodyError(413, "BODY_TOO_LARGE", str(exc)) from None
    except request_body.ClientDisconnect as exc:
        raise BodyError(400, "INVALID_JSON", "The client disconnected") from exc


def parse_json(text: str | bytes, max_depth: int) -> Any:
    """JSON text as Python values; BodyError 400 when it is not JSON, nests
    deeper than max_depth or holds text PostgreSQL cannot store."""
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BodyError(400, "INVALID_JSON", "The body is not valid JSON") from exc
    check_json(value, max_depth)
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return number


def check_json(value: Any, max_depth: int) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                raise BodyError(
                    400, "INVALID_JSON", "Text must not contain NUL or unpaired surrogates"
                )
        elif isinstance(item, dict | list):
            if depth > max_depth:
                raise BodyError(400, "INVALID_JSON", f"JSON nested deeper than {max_depth} levels")
            if isinstance(item, dict):
                stack.extend((key, depth) for key in item)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)


def member(value: Any, *path: str) -> Any:
    """value[path[0]][path[1]]... or None when any step is not an object member."""
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def text_member(value: Any, *path: str) -> str | None:
    """A non-blank string member, else None."""
    found = member(value, *path)
    return found if isinstance(found, str) and found.strip() else None
