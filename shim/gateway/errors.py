"""PostgREST's request errors (PGRST1xx, PGRST2xx): what the REST gateway
answers for a request it cannot serve. The shared errors (JWT, apikey,
pool, database) and the JSON rendering are shim.service.errors'.
"""

from __future__ import annotations

from shim.service.errors import ServiceError


def invalid_body(message: str, details: str | None = None) -> ServiceError:
    return ServiceError(400, "PGRST102", message, details)


def invalid_rpc_method(method: str) -> ServiceError:
    return ServiceError(405, "PGRST101", f"Cannot use the {method} method on RPC")


def unacceptable_schema(schema: str, exposed: tuple[str, ...]) -> ServiceError:
    return ServiceError(
        406,
        "PGRST106",
        f"Invalid schema: {schema}",
        None,
        "Only the following schemas are exposed: " + ", ".join(exposed),
    )


def media_type_error(accepted: list[str]) -> ServiceError:
    return ServiceError(
        406, "PGRST107", "None of these media types are available: " + ", ".join(accepted)
    )


def singularity_error(rows: int) -> ServiceError:
    return ServiceError(
        406,
        "PGRST116",
        "Cannot coerce the result to a single JSON object",
        f"The result contains {rows} rows",
    )


def not_implemented(details: str) -> ServiceError:
    return ServiceError(400, "PGRST127", "Feature not implemented", details)


def invalid_preferences(preferences: list[str]) -> ServiceError:
    return ServiceError(
        400,
        "PGRST122",
        "Invalid preferences given with handling=strict",
        "Invalid preferences: " + ", ".join(preferences),
    )


def invalid_query_parameter(name: str, value: str) -> ServiceError:
    """PGRST100, PostgREST's code for a query parameter it cannot parse.

    PostgREST itself ignores a limit or offset that is not a number; this
    gateway refuses it rather than answer every row.
    """
    shown = value if len(value) <= 64 else value[:64] + "..."
    return ServiceError(
        400,
        "PGRST100",
        f"failed to parse {name} parameter ({shown})",
        f"{name} must be a whole number: ASCII digits, optionally after one minus sign",
    )


def malformed_query_parameter(name: str) -> ServiceError:
    """PGRST100 for a query parameter PostgreSQL could not hold (a NUL)."""
    return ServiceError(
        400,
        "PGRST100",
        f"failed to parse {name.replace(chr(0), '')!r} parameter",
        "Query parameters cannot contain the NUL character",
    )


def invalid_range(details: str) -> ServiceError:
    return ServiceError(416, "PGRST103", "Requested range not satisfiable", details)


def invalid_resource_path() -> ServiceError:
    return ServiceError(404, "PGRST125", "Invalid path specified in request URL")


def table_not_found(schema: str, name: str) -> ServiceError:
    return ServiceError(
        404, "PGRST205", f"Could not find the table '{schema}.{name}' in the schema cache"
    )
