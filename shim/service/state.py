"""What the running service shares between requests and surfaces: settings,
the pool, the login's roles (the catalog), and the sender of after-commit
wake-ups.

The catalog is read at start and again on `NOTIFY pgrst` (PostgREST's
reload channel): the roles first, then every surface's own part (the REST
gateway's functions) through `catalog_readers`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool
from starlette.requests import Request

from shim.database.after_commit import AfterCommitNotifier
from shim.service import errors, login_roles
from shim.service.login_roles import LoginRoles
from shim.service.settings import ServiceSettings

log = logging.getLogger("shim.service")

SUPERUSER_LOGIN = (
    "the service's database login is a superuser, so a token's role claim could act as any"
    " role: log the service in as the NOINHERIT role `authenticator` (GATEWAY_DATABASE_URL="
    "postgresql://authenticator:PASSWORD@HOST/DB; the migrations create it), or set"
    " GATEWAY_UNSAFE_ALLOW_SUPERUSER=true (unsafe: development only)"
)

# A surface's part of the catalog, read on the same connection after the roles.
CatalogReader = Callable[["ServiceState", psycopg.AsyncConnection[Any]], Awaitable[None]]


class SuperuserLoginError(RuntimeError):
    """The login is a superuser and GATEWAY_UNSAFE_ALLOW_SUPERUSER is not set."""


@dataclass
class ServiceState:
    settings: ServiceSettings
    pool: AsyncConnectionPool[Any]
    roles: LoginRoles | None = None
    # Wake-ups owed by committed transactions (shim.service.transaction).
    after_commit: AfterCommitNotifier | None = None
    catalog_readers: list[CatalogReader] = field(default_factory=list)
    # Background tasks that ended (with or without an error) while the
    # service runs: /ready answers 503 while any has (e.g. the SMS worker).
    stopped_tasks: list[str] = field(default_factory=list)
    _reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def catalog_ready(self) -> bool:
        return self.roles is not None

    def require_roles(self) -> LoginRoles:
        """The login's roles; 503 PGRST002 until the catalog was read once."""
        if self.roles is None:
            raise errors.catalog_not_ready()
        return self.roles

    async def reload_catalog(self) -> None:
        """Read the roles, refuse a superuser login, then the surfaces' parts."""
        async with self._reload_lock:
            timeout = self.settings.pool_acquisition_timeout
            async with self.pool.connection(timeout=timeout) as conn:
                roles = await login_roles.load(conn)
                if roles.login_is_superuser and not self.settings.allow_superuser_login:
                    self.roles = None  # never serve: every request answers 503 PGRST002
                    log.error("refusing to serve: %s", SUPERUSER_LOGIN)
                    raise SuperuserLoginError(SUPERUSER_LOGIN)
                for read in self.catalog_readers:
                    await read(self, conn)
                self.roles = roles  # last: `roles` set means the whole catalog is read


def service_state(request: Request) -> ServiceState:
    """The running service's state, from any surface's request."""
    state: ServiceState = request.app.state.service
    return state
