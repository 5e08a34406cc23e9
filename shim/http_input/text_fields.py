"""Text a request carries as form fields or query parameters.

PostgreSQL text cannot hold the NUL character: a name or value with one
would fail in the driver (psycopg DataError) or the server. Every route
that takes form or query input refuses such a request as malformed (400,
or 403 where an unsigned webhook is answered) before the database is asked.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["has_nul"]


def has_nul(pairs: Iterable[tuple[str, str]]) -> bool:
    """True when a name or a value contains the NUL character."""
    return any("\x00" in name or "\x00" in value for name, value in pairs)
