"""Reading an HTML form (application/x-www-form-urlencoded) with a size limit."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request

from shim.http_input.request_body import BodyTooLarge, ClientDisconnect, read_body

FORM_LIMIT = 16 * 1024


class BadForm(Exception):
    """Not a form we can read: too large, not urlencoded, not UTF-8, or text
    PostgreSQL cannot hold (a NUL character)."""


class TextNotStorable(BadForm):
    """A field holds a NUL character, which PostgreSQL's text cannot store."""


async def read_form(request: Request) -> dict[str, str]:
    """Field name -> its first value (forms of these pages never repeat one)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise BadForm("expected a form")
    try:
        body = await read_body(request, FORM_LIMIT)
        text = body.decode("utf-8")
    except (BodyTooLarge, ClientDisconnect, UnicodeDecodeError) as exc:
        raise BadForm(str(exc)) from exc
    try:
        fields = parse_qs(
            text, keep_blank_values=True, strict_parsing=False, max_num_fields=50, errors="strict"
        )
    except ValueError as exc:  # UnicodeDecodeError included: %-escapes that are not UTF-8
        raise BadForm(str(exc)) from exc
    form = {name: values[0] for name, values in fields.items()}
    if any("\x00" in name or "\x00" in value for name, value in form.items()):
        raise TextNotStorable("a field contains a NUL character")
    return form
