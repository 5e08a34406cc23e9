"""The service's neutral error, the errors every surface shares, and the
SQLSTATE-to-HTTP mapping.

A ServiceError is an HTTP status plus PostgREST's four fields (code,
message, details, hint) and any headers it needs (WWW-Authenticate). It
says nothing of how it is shown: the APIs (gateway, events, voice agent)
answer it as JSON with `json_response`, as PostgREST v13 does
({"code", "details", "hint", "message"}, each a string or null, with a
`Proxy-Status: PostgREST; error=<code>` header); the pages render a page.

Raised here: caller verification (jwt_error, the apikey check), the
transaction's failures (pool, lost connection, a role the login may not
switch to, the catalog not yet read) and database errors, mapped as
PostgREST's `mapSQLtoHTTP` maps them (src/PostgREST/Error.hs).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import psycopg
from starlette.responses import Response

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@dataclass
class ServiceError(Exception):
    status: int
    code: str | None
    message: str
    details: str | None = None
    hint: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def body(self) -> bytes:
        payload = {
            "code": self.code,
            "details": self.details,
            "hint": self.hint,
            "message": self.message,
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(error: ServiceError, *, include_body: bool = True) -> Response:
    """The error as the APIs answer it: PostgREST's JSON body and headers."""
    headers = {"Content-Type": JSON_CONTENT_TYPE, **error.headers}
    if error.code is not None:
        headers.setdefault("Proxy-Status", f"PostgREST; error={error.code}")
    body = error.body()
    headers["Content-Length"] = str(len(body))
    return Response(body if include_body else b"", status_code=error.status, headers=headers)


def _quoted(text: str) -> str:
    """Text as a quoted-string of an HTTP header (Haskell `show` of PostgREST)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def jwt_error(code: str, message: str, details: str | None = None) -> ServiceError:
    """PGRST301/PGRST303: 401 with an RFC 6750 invalid_token challenge."""
    challenge = f'Bearer error="invalid_token", error_description={_quoted(message)}'
    return ServiceError(401, code, message, details, None, {"WWW-Authenticate": challenge})


# -- server-side errors (PGRST0xx) -------------------------------------------------
def catalog_not_ready() -> ServiceError:
    """Until the roles (and the gateway's functions) were read once."""
    return ServiceError(
        503, "PGRST002", "Could not query the database for the schema cache. Retrying."
    )


def pool_timeout() -> ServiceError:
    return ServiceError(504, "PGRST003", "Timed out acquiring connection from connection pool.")


def connection_lost(details: str | None) -> ServiceError:
    return ServiceError(503, "PGRST001", "Database client error. Retrying the connection.", details)


def internal_error() -> ServiceError:
    return ServiceError(500, "PGRSTX00", "Internal server error", None, None)


# -- Kong (Supabase's gateway) ----------------------------------------------------
def missing_api_key() -> ServiceError:
    return ServiceError(
        401, None, "No API key found in request", None,
        "No `apikey` request header or url param was found.",
    )  # fmt: skip


def invalid_api_key() -> ServiceError:
    return ServiceError(
        401, None, "Invalid API key", None,
        "Double check your Supabase `anon` or `service_role` API key.",
    )  # fmt: skip


def no_route() -> ServiceError:
    return ServiceError(404, None, "no Route matched with those values")


def unsupported_method(method: str) -> ServiceError:
    return ServiceError(405, "PGRST117", f"Unsupported HTTP method: {method}")


def request_too_large(limit: int) -> ServiceError:
    return ServiceError(
        413, None, "Request size limit exceeded", f"The request body is larger than {limit} bytes"
    )


def role_not_allowed(role: str, *, exists: bool, authenticated: bool) -> ServiceError:
    """A role claim the gateway will not assume, answered as PostgreSQL and
    PostgREST answer a failed SET ROLE: a role that exists but the login may
    not switch to (or the login itself, a superuser) 42501 (403 with a
    token); any other name ('none', empty, with a NUL) 22023, 401."""
    if exists:
        message = f'permission denied to set role "{role}"'
        status = 403 if authenticated else 401
        return ServiceError(
            status, "42501", message, None, None,
            {"WWW-Authenticate": "Bearer"} if status == 401 else {},
        )  # fmt: skip
    return ServiceError(
        401, "22023", f'role "{role}" does not exist', None, None, {"WWW-Authenticate": "Bearer"}
    )


# -- database errors -----------------------------------------------------------------
def status_for_sqlstate(sqlstate: str, message: str, authenticated: bool) -> int:
    """PostgREST's mapSQLtoHTTP."""
    exact = {
        "23503": 409,
        "23505": 409,
        "25006": 405,
        "53400": 500,
        "57P01": 503,
        "P0001": 400,
        "42P01": 404,
        "42P17": 500,
    }
    if sqlstate in exact:
        return exact[sqlstate]
    if sqlstate == "21000":
        return 400 if message.endswith("requires a WHERE clause") else 500
    if sqlstate == "22023":
        return 401 if message.startswith("role") and message.endswith("does not exist") else 400
    if sqlstate == "42883":
        return 406 if message.startswith("function xmlagg(") else 404
    if sqlstate == "42501":
        return 403 if authenticated else 401
    if sqlstate.startswith("PT"):
        digits = sqlstate[2:]
        return int(digits) if digits.isdigit() and 100 <= int(digits) <= 599 else 500
    by_class = {
        "08": 503, "09": 500, "0L": 403, "0P": 403, "25": 500, "28": 403, "2D": 500,
        "38": 500, "39": 500, "3B": 500, "40": 500, "53": 503, "54": 500, "55": 500,
        "57": 500, "58": 500, "F0": 500, "HV": 500, "P0": 500, "XX": 500,
    }  # fmt: skip
    return by_class.get(sqlstate[:2], 400)


def _raise_pgrst(message: str, detail: str | None) -> ServiceError:
    """RAISE SQLSTATE 'PGRST' with JSON MESSAGE and DETAIL: full response control."""
    message_hint = (
        "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional "
        "keys: 'details', 'hint'."
    )
    detail_hint = (
        "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional "
        "key: 'status_text'."
    )
    parse_error = "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error"
    try:
        body = json.loads(message)
        if not isinstance(body, dict) or not {"code", "message"} <= body.keys():
            raise ValueError(message)
    except ValueError:
        details = f"Invalid JSON value for MESSAGE: '{message}'"
        return ServiceError(500, "PGRST121", parse_error, details, message_hint)
    if detail is None:
        return ServiceError(
            500, "PGRST121", parse_error, "DETAIL is missing in the RAISE statement", detail_hint
        )
    try:
        control = json.loads(detail)
        status = control["status"]
        headers = control["headers"]
        if not isinstance(status, int) or not isinstance(headers, dict):
            raise TypeError(detail)
        header_values = {str(k): str(v) for k, v in headers.items()}
    except (ValueError, KeyError, TypeError):
        details = f"Invalid JSON value for DETAIL: '{detail}'"
        return ServiceError(500, "PGRST121", parse_error, details, detail_hint)

    def text(key: str) -> str | None:
        value = body.get(key)
        return None if value is None else str(value)

    return ServiceError(
        status if 100 <= status <= 599 else 500,
        str(body["code"]),
        str(body["message"]),
        text("details"),
        text("hint"),
        header_values,
    )


def from_database_error(exc: psycopg.Error, *, authenticated: bool) -> ServiceError:
    sqlstate = exc.sqlstate
    if sqlstate is None:
        # No SQLSTATE: libpq lost the connection or never had one.
        return connection_lost(str(exc).strip() or None)
    diag = exc.diag
    message = diag.message_primary or str(exc)
    if sqlstate == "PGRST":
        return _raise_pgrst(message, diag.message_detail)
    status = status_for_sqlstate(sqlstate, message, authenticated)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    return ServiceError(status, sqlstate, message, diag.message_detail, diag.message_hint, headers)
