"""Gateway configuration, read from the environment.

The names follow PostgREST's settings where one exists (db-schemas becomes
DB_SCHEMAS, db-pool becomes DB_POOL, ...); the apikey settings follow
Supabase's gateway.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

MIN_JWT_SECRET_LENGTH = 32


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the variable."""


def _names(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def integer_setting(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _boolean(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.strip().lower() in ("true", "on", "yes", "1"):
        return True
    if raw.strip().lower() in ("false", "off", "no", "0"):
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def seconds_setting(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from exc
    if value <= 0:
        raise SettingsError(f"{name} must be positive, got {value}")
    return value


@dataclass(frozen=True)
class GatewaySettings:
    """Everything the gateway needs; see docs/deploy.md ("Configuration") for the variables."""

    database_url: str
    jwt_secret: str = field(repr=False)
    schemas: tuple[str, ...] = ("public",)
    extra_search_path: tuple[str, ...] = ("public",)
    anon_role: str = "anon"
    anon_key: str = field(default="", repr=False)
    service_role_key: str = field(default="", repr=False)
    host: str = "127.0.0.1"
    port: int = 3001
    pool_size: int = 10
    pool_acquisition_timeout: float = 10.0
    prepared_statements: bool = True
    max_body_bytes: int = 1_048_576
    max_json_depth: int = 64
    channel: str = "pgrst"
    # Serving over a superuser login lets a token's role claim name any role:
    # refused at start unless GATEWAY_UNSAFE_ALLOW_SUPERUSER=true.
    allow_superuser_login: bool = False

    def __post_init__(self) -> None:
        if not self.database_url:
            raise SettingsError("DATABASE_URL is not set")
        if len(self.jwt_secret) < MIN_JWT_SECRET_LENGTH:
            raise SettingsError(
                f"JWT_SECRET must be at least {MIN_JWT_SECRET_LENGTH} characters long"
            )
        if not self.schemas:
            raise SettingsError("DB_SCHEMAS must name at least one schema")
        if self.pool_size < 1:
            raise SettingsError("DB_POOL must be at least 1")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> GatewaySettings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("GATEWAY_DATABASE_URL") or env.get("DATABASE_URL", ""),
            jwt_secret=env.get("JWT_SECRET", ""),
            schemas=_names(env.get("DB_SCHEMAS", "public")),
            extra_search_path=_names(env.get("DB_EXTRA_SEARCH_PATH", "public")),
            anon_role=env.get("DB_ANON_ROLE", "anon"),
            anon_key=env.get("ANON_KEY", ""),
            service_role_key=env.get("SERVICE_ROLE_KEY", ""),
            host=env.get("HOST", "127.0.0.1"),
            port=integer_setting(env, "PORT", 3001, minimum=1),
            pool_size=integer_setting(env, "DB_POOL", 10, minimum=1),
            pool_acquisition_timeout=seconds_setting(env, "DB_POOL_ACQUISITION_TIMEOUT", 10.0),
            prepared_statements=_boolean(env, "DB_PREPARED_STATEMENTS", True),
            max_body_bytes=integer_setting(env, "MAX_BODY_BYTES", 1_048_576, minimum=0),
            max_json_depth=integer_setting(env, "MAX_JSON_DEPTH", 64, minimum=1),
            channel=env.get("DB_CHANNEL", "pgrst"),
            allow_superuser_login=_boolean(env, "GATEWAY_UNSAFE_ALLOW_SUPERUSER", False),
        )

    def with_changes(self, **changes: object) -> GatewaySettings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def default_schema(self) -> str:
        return self.schemas[0]
