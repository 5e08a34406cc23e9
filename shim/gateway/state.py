"""What the running gateway shares between requests: settings, pool, schema
cache, and the sender of after-commit wake-ups."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from psycopg_pool import AsyncConnectionPool

from shim.database.after_commit import AfterCommitNotifier
from shim.gateway import errors, schema_cache
from shim.gateway.schema_cache import SchemaCache
from shim.gateway.settings import GatewaySettings

log = logging.getLogger("shim.gateway")

SUPERUSER_LOGIN = (
    "the gateway's database login is a superuser, so a token's role claim could act as any"
    " role: log the gateway in as the NOINHERIT role `authenticator` (GATEWAY_DATABASE_URL="
    "postgresql://authenticator:PASSWORD@HOST/DB; the migrations create it), or set"
    " GATEWAY_UNSAFE_ALLOW_SUPERUSER=true (unsafe: development only)"
)


class SuperuserLoginError(RuntimeError):
    """The gateway's login is a superuser and GATEWAY_UNSAFE_ALLOW_SUPERUSER is not set."""


@dataclass
class GatewayState:
    settings: GatewaySettings
    pool: AsyncConnectionPool[Any]
    cache: SchemaCache | None = None
    # Wake-ups owed by committed request transactions (request_transaction).
    after_commit: AfterCommitNotifier | None = None
    _reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def require_cache(self) -> SchemaCache:
        """The schema cache; 503 PGRST002 until it was read once."""
        if self.cache is None:
            raise errors.schema_cache_not_ready()
        return self.cache

    async def reload_schema_cache(self) -> None:
        async with self._reload_lock:
            timeout = self.settings.pool_acquisition_timeout
            async with self.pool.connection(timeout=timeout) as conn:
                cache = await schema_cache.load(conn, self.settings.schemas)
            if cache.login_is_superuser and not self.settings.allow_superuser_login:
                self.cache = None  # never serve: every request answers 503 PGRST002
                log.error("refusing to serve: %s", SUPERUSER_LOGIN)
                raise SuperuserLoginError(SUPERUSER_LOGIN)
            self.cache = cache
        count = sum(len(overloads) for overloads in self.cache.routines.values())
        log.info("schema cache loaded: %d functions in %s", count, ", ".join(self.settings.schemas))
