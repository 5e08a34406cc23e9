"""Reading an RPC request: arguments, schema profile, media type, preferences, range.

Follows PostgREST's ApiRequest: JSON body keys (or query parameters for GET)
are the argument names, `Accept-Profile`/`Content-Profile` pick the schema,
`Accept` picks the output, `Prefer` and `limit`/`offset`/`Range` shape the
answer. Filtering, ordering and embedding of RPC results are not served.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from shim.gateway import errors
from shim.http_input.text_fields import has_nul
from shim.http_input.whole_numbers import whole_number
from shim.service.settings import ServiceSettings

# Query parameters that are never function arguments.
_RESERVED = {"select", "columns", "order", "limit", "offset", "on_conflict", "and", "or"}
# `col=op.value` is a filter on the function's result, as in PostgREST.
_FILTER = re.compile(
    r"^(not\.)?(eq|neq|gt|gte|lt|lte|like|ilike|match|imatch|in|is|isdistinct|fts|plfts|phfts"
    r"|wfts|cs|cd|ov|sl|sr|nxr|nxl|adj)(\([^)]*\))?\."
)
# Bounds of more than 18 digits (toward bigint's limit) do not match: the header is ignored.
_RANGE = re.compile(r"\s*(?:items=)?([0-9]{1,18})-([0-9]{0,18})\s*", re.ASCII)

_KNOWN_PREFERENCES = {
    "return": {"minimal", "headers-only", "representation"},
    "count": {"exact", "planned", "estimated"},
    "resolution": {"merge-duplicates", "ignore-duplicates"},
    "missing": {"default", "null"},
    "handling": {"strict", "lenient"},
    "tx": {"commit", "rollback"},
    "timezone": None,  # any value is well-formed
    "max-affected": None,
}


class Output(enum.Enum):
    ARRAY = "application/json"
    OBJECT = "application/vnd.pgrst.object+json"


@dataclass(frozen=True)
class MediaChoice:
    output: Output
    strip_nulls: bool

    @property
    def content_type(self) -> str:
        if self.output is Output.OBJECT:
            stripped = ";nulls=stripped" if self.strip_nulls else ""
            return f"application/vnd.pgrst.object+json{stripped}; charset=utf-8"
        if self.strip_nulls:
            return "application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8"
        return "application/json; charset=utf-8"


@dataclass(frozen=True)
class Preferences:
    count: str | None = None
    strict: bool = False
    invalid: tuple[str, ...] = ()

    @property
    def counts_rows(self) -> bool:
        return self.count in ("exact", "estimated")

    def applied(self) -> str | None:
        applied = []
        if self.count is not None:
            applied.append(f"count={self.count}")
        if self.strict:
            applied.append("handling=strict")
        return ", ".join(applied) or None


@dataclass(frozen=True)
class RpcRequest:
    """An RPC call as the client asked for it, before the function is looked up."""

    method: str
    schema: str
    negotiated_by_profile: bool
    function: str
    keys: frozenset[str]
    json_body: str | None  # the JSON body (POST application/json)
    pairs: tuple[tuple[str, str], ...]  # the arguments of GET or a form
    json_post: bool
    media: MediaChoice
    preferences: Preferences
    offset: int
    limit: int | None

    @property
    def read_only_method(self) -> bool:
        return self.method in ("GET", "HEAD")

    def arguments(self, variadic: frozenset[str]) -> str:
        """The arguments as JSON text; repeated VARIADIC parameters become an array."""
        if self.json_body is not None:
            return self.json_body
        arguments: dict[str, Any] = {}
        for name, value in self.pairs:
            if name in variadic:
                arguments.setdefault(name, []).append(value)
            else:
                arguments[name] = value
        return json.dumps(arguments, ensure_ascii=False)


# -- media types ----------------------------------------------------------------------
def _media_ranges(accept: str | None) -> list[tuple[str, dict[str, str]]]:
    if accept is None or not accept.strip():
        return [("*/*", {})]
    ranges: list[tuple[float, int, str, dict[str, str]]] = []
    for position, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        if not parts[0]:
            continue
        params = {}
        for param in parts[1:]:
            key, _, value = param.partition("=")
            params[key.strip().lower()] = value.strip()
        try:
            quality = float(params.pop("q", "1"))
        except ValueError:
            quality = 1.0
        if quality > 0:
            ranges.append((-quality, position, parts[0].lower(), params))
    return [(media, params) for _, _, media, params in sorted(ranges)]


def negotiate(accept: str | None) -> MediaChoice:
    """The output for an Accept header; 406 PGRST107 when nothing fits."""
    ranges = _media_ranges(accept)
    for media, params in ranges:
        stripped = params.get("nulls") == "stripped"
        if media in ("*/*", "application/*", "application/json"):
            return MediaChoice(Output.ARRAY, False)
        if media in ("application/vnd.pgrst.object+json", "application/vnd.pgrst.object"):
            return MediaChoice(Output.OBJECT, stripped)
        if media == "application/vnd.pgrst.array+json":
            return MediaChoice(Output.ARRAY, stripped)
    raise errors.media_type_error([media for media, _ in ranges])


def require_openapi(accept: str | None) -> None:
    """406 PGRST107 unless the Accept header admits the OpenAPI document."""
    ranges = _media_ranges(accept)
    wanted = {"*/*", "application/*", "application/json", "application/openapi+json"}
    if not any(media in wanted for media, _ in ranges):
        raise errors.media_type_error([media for media, _ in ranges])


# -- schema profile -------------------------------------------------------------------
def schema_for(
    headers: Mapping[str, str], method: str, settings: ServiceSettings
) -> tuple[str, bool]:
    """The schema of the request and whether it was negotiated by profile."""
    name = "accept-profile" if method in ("GET", "HEAD") else "content-profile"
    profile = headers.get(name)
    if profile is None:
        return settings.default_schema, len(settings.schemas) > 1
    if profile not in settings.schemas:
        raise errors.unacceptable_schema(profile, settings.schemas)
    return profile, True


# -- preferences ----------------------------------------------------------------------
def preferences(prefer_headers: Sequence[str]) -> Preferences:
    count = None
    strict = False
    invalid: list[str] = []
    for header in prefer_headers:
        for token in (t.strip() for t in header.split(",")):
            if not token:
                continue
            key, _, value = token.partition("=")
            key, value = key.strip(), value.strip()
            allowed = _KNOWN_PREFERENCES.get(key, set())
            if key not in _KNOWN_PREFERENCES or (allowed is not None and value not in allowed):
                invalid.append(token)
            elif key == "count":
                count = value
            elif key == "handling":
                strict = value == "strict"
    result = Preferences(count=count, strict=strict, invalid=tuple(invalid))
    if result.strict and result.invalid:
        raise errors.invalid_preferences(list(result.invalid))
    return result


# -- query string ---------------------------------------------------------------------
def _reject_unserved(name: str, value: str) -> None:
    """Query parameters other than arguments, columns and paging shape the result."""
    if name == "select" and value.strip() in ("", "*"):
        return
    raise errors.not_implemented(
        f"This gateway serves RPC only: '{name}' (filtering, ordering, selecting or "
        "embedding the result of a function) is not supported"
    )


def _page(
    query: Sequence[tuple[str, str]], method: str, range_header: str | None
) -> tuple[int, int | None]:
    offset, limit = 0, None
    for name, value in query:
        if name not in ("limit", "offset") or not value.strip(" \t"):
            continue  # a blank value is no value, as in PostgREST
        number = whole_number(value, allow_negative=True)
        if number is None:
            raise errors.invalid_query_parameter(name, value)
        if name == "limit":
            if number < 0:
                raise errors.invalid_range("Limit should be greater than or equal to zero.")
            limit = number
        else:
            offset = max(number, 0)
    if method in ("GET", "HEAD") and range_header and (match := _RANGE.fullmatch(range_header)):
        lower = int(match.group(1))
        upper = int(match.group(2)) if match.group(2) else None
        if upper is not None and lower > upper:
            raise errors.invalid_range(
                "The lower boundary must be lower than or equal to the upper boundary "
                "in the Range header."
            )
        end = None if limit is None else offset + limit - 1
        offset = max(offset, lower)
        if upper is not None:
            end = upper if end is None else min(end, upper)
        limit = None if end is None else max(end - offset + 1, 0)
    return offset, limit


def _depth(value: Any, limit: int) -> bool:
    """True when JSON nesting stays within `limit` levels."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return True


def _json_keys(body: bytes, settings: ServiceSettings) -> tuple[str, frozenset[str]]:
    """The body as text and its argument keys (PostgREST's payloadAttributes)."""
    if not body.strip():
        return "{}", frozenset()
    try:
        text = body.decode("utf-8")
        value = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise errors.invalid_body("Empty or invalid json") from exc
    if not _depth(value, settings.max_json_depth):
        raise errors.invalid_body(
            "Empty or invalid json", f"JSON nesting deeper than {settings.max_json_depth} levels"
        )
    if isinstance(value, dict):
        return text, frozenset(value)
    if isinstance(value, list) and value:
        first = value[0]
        if isinstance(first, dict) and all(
            isinstance(item, dict) and item.keys() == first.keys() for item in value
        ):
            return text, frozenset(first)
        raise errors.invalid_body("All object keys must match")
    return text, frozenset()  # a scalar or []: no named arguments


def content_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "application/json").split(";")[0].strip().lower()


@dataclass(frozen=True)
class RawRequest:
    """What the RPC handler needs from the HTTP request."""

    method: str
    function: str
    query: Sequence[tuple[str, str]]
    headers: Mapping[str, str]
    prefer: Sequence[str]
    body: bytes


def parse(raw: RawRequest, settings: ServiceSettings) -> RpcRequest:
    """Read the request; raises ApiError for malformed input."""
    schema, by_profile = schema_for(raw.headers, raw.method, settings)
    media = negotiate(raw.headers.get("accept"))
    prefs = preferences(raw.prefer)
    query = [(k, v) for k, v in raw.query if k != "apikey"]
    for name, value in query:
        if has_nul([(name, value)]):
            raise errors.malformed_query_parameter(name)
    read_only = raw.method in ("GET", "HEAD")
    columns: frozenset[str] | None = None
    for name, value in query:
        if name == "columns":
            columns = frozenset(c.strip().strip('"') for c in value.split(",") if c.strip())
        elif name in ("limit", "offset"):
            continue
        elif name in _RESERVED or not read_only or "." in name or _FILTER.match(value):
            _reject_unserved(name, value)
    offset, limit = _page(query, raw.method, raw.headers.get("range"))
    json_body: str | None = None
    pairs: list[tuple[str, str]] = []
    if read_only:
        pairs = [(k, v) for k, v in query if k not in _RESERVED]
        keys = frozenset(k for k, _ in pairs)
    else:
        kind = content_type(raw.headers)
        if kind == "application/json":
            json_body, keys = _json_keys(raw.body, settings)
        elif kind == "application/x-www-form-urlencoded":
            try:
                pairs = parse_qsl(raw.body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError as exc:
                raise errors.invalid_body("Empty or invalid form data") from exc
            if has_nul(pairs):
                raise errors.invalid_body("Empty or invalid form data")
            keys = frozenset(k for k, _ in pairs)
        else:
            raise errors.invalid_body(f"Content-Type not acceptable: {kind}")
        if columns is not None:
            keys = columns
    return RpcRequest(
        method=raw.method,
        schema=schema,
        negotiated_by_profile=by_profile,
        function=raw.function,
        keys=keys,
        json_body=json_body,
        pairs=tuple(pairs),
        json_post=json_body is not None,
        media=media,
        preferences=prefs,
        offset=offset,
        limit=limit,
    )
