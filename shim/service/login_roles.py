"""The roles the service's database login may act as, read from the catalog.

A request runs as the role its caller names (a token's `role` claim, or the
anon role): only a role the login may SET ROLE to, never the login itself, a
superuser or a predefined pg_* role. SET ROLE does not apply a role's own
settings (ALTER ROLE ... SET), so the transaction applies them, as PostgREST
does (shim.service.transaction).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row

from shim import queries


@dataclass(frozen=True)
class LoginRoles:
    role_settings: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    switchable_roles: frozenset[str] = frozenset()
    existing_roles: frozenset[str] = frozenset()
    login_is_superuser: bool = False


async def load(conn: psycopg.AsyncConnection[Any]) -> LoginRoles:
    """Read the login's roles in one read-only transaction."""
    async with conn.transaction():
        cursor = conn.cursor(row_factory=dict_row)
        await cursor.execute(queries.READ_ONLY_TRANSACTION)
        await cursor.execute(queries.LOGIN_ROLE_SETTINGS)
        role_settings: dict[str, dict[str, str]] = {}
        for row in await cursor.fetchall():
            name, _, value = row["setting"].partition("=")
            role_settings.setdefault(row["role"], {})[name] = value
        await cursor.execute(queries.LOGIN_ROLES)
        login = await cursor.fetchone()
    return LoginRoles(
        role_settings={role: tuple(s.items()) for role, s in role_settings.items()},
        switchable_roles=frozenset(login["switchable_roles"] if login else ()),
        existing_roles=frozenset(login["all_roles"] if login else ()),
        login_is_superuser=bool(login and login["login_is_superuser"]),
    )
