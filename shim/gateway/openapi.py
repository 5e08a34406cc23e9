"""The OpenAPI (Swagger 2.0) document of GET /rest/v1/, built from the schema cache.

Shaped like PostgREST's (src/PostgREST/Response/OpenAPI.hs) for functions:
one path /rpc/<name> per function, POST always and GET for functions that
are not VOLATILE; the function's COMMENT gives the operation's summary (its
first line) and description (the rest, leading blank lines dropped), and is
the body schema's description whole. As PostgREST's
default openapi-mode (follow-privileges), only functions the caller may
execute are listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shim.gateway.schema_cache import Routine, RoutineParam, TypeRef

VERSION = "13.0.0 (clinic-booking gateway)"
_SWAGGER_TYPES = {
    "varchar": "string",
    "bpchar": "string",
    "text": "string",
    "bool": "boolean",
    "int2": "integer",
    "int4": "integer",
    "int8": "integer",
    "numeric": "number",
    "float4": "number",
    "float8": "number",
}
_JSON_TYPES = {"json", "jsonb"}
_PRODUCES = [
    "application/json",
    "application/vnd.pgrst.object+json;nulls=stripped",
    "application/vnd.pgrst.object+json",
]


def _swagger_type(type_ref: TypeRef) -> str | None:
    if type_ref.is_array:
        return "array"
    if type_ref.schema == "pg_catalog" and type_ref.name in _JSON_TYPES:
        return None
    if type_ref.schema == "pg_catalog":
        return _SWAGGER_TYPES.get(type_ref.name, "string")
    return "string"


def _element_type(type_ref: TypeRef) -> str:
    if type_ref.schema == "pg_catalog":
        return _SWAGGER_TYPES.get(type_ref.name, "string")
    return "string"


def _property(param: RoutineParam) -> dict[str, Any]:
    schema: dict[str, Any] = {"format": param.type.display}
    if (swagger_type := _swagger_type(param.type)) is not None:
        schema["type"] = swagger_type
    if param.type.is_array:
        schema["items"] = {"type": _element_type(param.type)}
    return schema


def _query_parameter(param: RoutineParam) -> dict[str, Any]:
    parameter: dict[str, Any] = {"name": param.name, "in": "query", "required": param.required}
    if param.variadic:
        parameter |= {
            "type": "array",
            "collectionFormat": "multi",
            "items": {"type": _element_type(param.type), "format": param.type.display[:-2]},
        }
    else:
        swagger_type = _swagger_type(param.type)
        parameter |= {
            "format": param.type.display,
            "type": "string" if swagger_type in (None, "array") else swagger_type,
        }
    return parameter


def _operation(routine: Routine) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "tags": [f"(rpc) {routine.name}"],
        "produces": _PRODUCES,
        "responses": {"200": {"description": "OK"}},
    }
    if routine.description:
        summary, description = _summary_and_description(routine.description)
        operation["summary"] = summary
        if description:
            operation["description"] = description
    return operation


def _summary_and_description(comment: str) -> tuple[str, str]:
    """A function COMMENT's first line, and the rest without the blank lines
    that separate it (PostgREST's makeProcPathItem)."""
    summary, _, rest = comment.partition("\n")
    return summary, rest.lstrip("\n")


def _path_item(routine: Routine) -> dict[str, Any]:
    named = [p for p in routine.params if p.name]
    body_schema: dict[str, Any] = {
        "type": "object",
        "properties": {p.name: _property(p) for p in named},
        "required": [p.name for p in named if p.required],
    }
    if routine.description:
        body_schema["description"] = routine.description
    post = _operation(routine) | {
        "parameters": [
            {"name": "args", "in": "body", "required": True, "schema": body_schema},
            {"$ref": "#/parameters/preferParams"},
        ]
    }
    item: dict[str, Any] = {"post": post}
    if not routine.is_volatile:
        item["get"] = _operation(routine) | {"parameters": [_query_parameter(p) for p in named]}
    return item


def document(
    routines: Iterable[Routine],
    *,
    schema_description: str | None,
    host: str,
    scheme: str,
) -> dict[str, Any]:
    title, _, description = (schema_description or "").partition("\n")
    paths: dict[str, Any] = {
        "/": {
            "get": {
                "tags": ["Introspection"],
                "summary": "OpenAPI description (this document)",
                "produces": ["application/openapi+json", "application/json"],
                "responses": {"200": {"description": "OK"}},
            }
        }
    }
    for routine in sorted(routines, key=lambda r: (r.name, r.oid)):
        paths.setdefault(f"/rpc/{routine.name}", _path_item(routine))
    return {
        "swagger": "2.0",
        "info": {
            "title": title.strip() or "clinic-booking REST API",
            "description": description.strip()
            or "The functions of the exposed schema, served PostgREST-style by clinic-booking.",
            "version": VERSION,
        },
        "host": host,
        "basePath": "/rest/v1",
        "schemes": [scheme],
        "consumes": ["application/json", "application/x-www-form-urlencoded"],
        "produces": _PRODUCES,
        "paths": paths,
        "definitions": {},
        "parameters": {
            "preferParams": {
                "name": "Prefer",
                "description": "Preference",
                "required": False,
                "in": "header",
                "type": "string",
                "enum": ["count=exact", "handling=strict", "handling=lenient"],
            }
        },
        "externalDocs": {
            "description": "PostgREST Documentation",
            "url": "https://docs.postgrest.org/en/v13/references/api/functions.html",
        },
    }
