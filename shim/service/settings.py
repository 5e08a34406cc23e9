"""The service's configuration, read from the environment, and the readers
every surface uses for its own settings (integer_setting, seconds_setting,
boolean_setting; SettingsError names the variable).

The names follow PostgREST's settings where one exists (db-schemas becomes
DB_SCHEMAS, db-pool becomes DB_POOL, ...); the apikey settings follow
Supabase's gateway.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

MIN_JWT_SECRET_LENGTH = 32
MIN_METRICS_TOKEN_LENGTH = 16
# The Twilio account `make run` gives its example clinic so that signed
# inbound SMS (`make sms-reply`) can be tried locally: not a real account
# (Twilio issues no SID of zeros). A worker in SMS_SENDER=auto prints the SMS
# of this account like those of organizations without Twilio settings.
DEVELOPMENT_TWILIO_ACCOUNT_SID = "AC" + "0" * 32


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


def boolean_setting(environ: Mapping[str, str], name: str, default: bool) -> bool:
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
class ServiceSettings:
    """What the service shares: the database login, the pool, caller verification
    (JWT_SECRET and/or JWT_JWKS_URL, the project keys) and the REST gateway's
    request limits; docs/deploy.md ("Configuration") lists the variables."""

    database_url: str
    # HS256 tokens are verified with this secret (and the legacy project keys
    # signed with it); asymmetric ones (ES256, RS256, EdDSA) with the keys
    # published at jwks_url (https:, or file: for air-gapped installs). One
    # of the two is required.
    jwt_secret: str = field(default="", repr=False)
    jwks_url: str = ""
    # An unknown key id re-reads the JWKS at most this often (key rotation).
    jwks_refresh_seconds: float = 30.0
    jwt_audience: str = ""
    jwt_issuer: str = ""
    # The service's own key for what it signs itself (the pages' CSRF
    # tokens): SERVICE_SECRET, else JWT_SECRET.
    service_secret: str = field(default="", repr=False)
    # Where the world reaches the service (PUBLIC_BASE_URL): cookies are
    # Secure whenever it is https, whatever a proxy header says.
    public_base_url: str = ""
    # Supabase Auth (SUPABASE_URL, e.g. https://<project>.supabase.co): the
    # dashboard's email and password sign in there (its password grant),
    # instead of the service's own staff accounts.
    supabase_url: str = ""
    # The lifetime of the access tokens the service issues its staff
    # accounts (at most 15 minutes); a refresh token keeps a shift going.
    staff_access_token_seconds: int = 900
    schemas: tuple[str, ...] = ("public",)
    extra_search_path: tuple[str, ...] = ("public",)
    anon_role: str = "anon"
    # The project's API keys, as Supabase issues them: legacy JWTs (anon,
    # service_role) and/or the new sb_publishable_... / sb_secret_... keys.
    anon_key: str = field(default="", repr=False)
    service_role_key: str = field(default="", repr=False)
    publishable_key: str = field(default="", repr=False)
    secret_key: str = field(default="", repr=False)
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
    # GET /metrics answers only `Authorization: Bearer <metrics_token>`;
    # without a token it is 404, as if it did not exist.
    metrics_token: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if not self.database_url:
            raise SettingsError("DATABASE_URL is not set")
        if not self.jwt_secret and not self.jwks_url:
            raise SettingsError(
                "no token verification: set JWT_SECRET (HS256) and/or JWT_JWKS_URL"
                " (e.g. https://<project>.supabase.co/auth/v1/.well-known/jwks.json)"
            )
        for name, value in (
            ("JWT_SECRET", self.jwt_secret),
            ("SERVICE_SECRET", self.service_secret),
        ):
            if value and len(value) < MIN_JWT_SECRET_LENGTH:
                raise SettingsError(
                    f"{name} must be at least {MIN_JWT_SECRET_LENGTH} characters long"
                )
        if not self.signing_secret:
            raise SettingsError("SERVICE_SECRET is required when JWT_SECRET is not set")
        if self.jwks_url and not self.jwks_url.startswith(("https://", "file:")):
            raise SettingsError("JWT_JWKS_URL must be an https: URL or a file: path")
        for name, key, prefix in (
            ("PUBLISHABLE_KEY", self.publishable_key, "sb_publishable_"),
            ("SECRET_KEY", self.secret_key, "sb_secret_"),
        ):
            if key and not key.startswith(prefix):
                raise SettingsError(f"{name} must start with {prefix}")
        if not self.schemas:
            raise SettingsError("DB_SCHEMAS must name at least one schema")
        if self.pool_size < 1:
            raise SettingsError("DB_POOL must be at least 1")
        if not 10 <= self.staff_access_token_seconds <= 900:
            raise SettingsError("STAFF_ACCESS_TOKEN_SECONDS must be between 10 and 900")
        if self.metrics_token and len(self.metrics_token) < MIN_METRICS_TOKEN_LENGTH:
            raise SettingsError(
                f"METRICS_TOKEN must be at least {MIN_METRICS_TOKEN_LENGTH} characters long"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServiceSettings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("GATEWAY_DATABASE_URL") or env.get("DATABASE_URL", ""),
            jwt_secret=env.get("JWT_SECRET", ""),
            jwks_url=env.get("JWT_JWKS_URL", ""),
            jwks_refresh_seconds=seconds_setting(env, "JWT_JWKS_REFRESH_SECONDS", 30.0),
            jwt_audience=env.get("JWT_AUDIENCE", ""),
            jwt_issuer=env.get("JWT_ISSUER", ""),
            service_secret=env.get("SERVICE_SECRET", ""),
            public_base_url=env.get("PUBLIC_BASE_URL", ""),
            supabase_url=env.get("SUPABASE_URL", "").rstrip("/"),
            staff_access_token_seconds=integer_setting(
                env, "STAFF_ACCESS_TOKEN_SECONDS", 900, minimum=10
            ),
            schemas=_names(env.get("DB_SCHEMAS", "public")),
            extra_search_path=_names(env.get("DB_EXTRA_SEARCH_PATH", "public")),
            anon_role=env.get("DB_ANON_ROLE", "anon"),
            anon_key=env.get("ANON_KEY", ""),
            service_role_key=env.get("SERVICE_ROLE_KEY", ""),
            publishable_key=env.get("PUBLISHABLE_KEY", ""),
            secret_key=env.get("SECRET_KEY", ""),
            host=env.get("HOST", "127.0.0.1"),
            port=integer_setting(env, "PORT", 3001, minimum=1),
            pool_size=integer_setting(env, "DB_POOL", 10, minimum=1),
            pool_acquisition_timeout=seconds_setting(env, "DB_POOL_ACQUISITION_TIMEOUT", 10.0),
            prepared_statements=boolean_setting(env, "DB_PREPARED_STATEMENTS", True),
            max_body_bytes=integer_setting(env, "MAX_BODY_BYTES", 1_048_576, minimum=0),
            max_json_depth=integer_setting(env, "MAX_JSON_DEPTH", 64, minimum=1),
            channel=env.get("DB_CHANNEL", "pgrst"),
            allow_superuser_login=boolean_setting(env, "GATEWAY_UNSAFE_ALLOW_SUPERUSER", False),
            metrics_token=env.get("METRICS_TOKEN", "").strip(),
        )

    def with_changes(self, **changes: object) -> ServiceSettings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def signing_secret(self) -> str:
        """The key of what the service signs itself (SERVICE_SECRET, else JWT_SECRET)."""
        return self.service_secret or self.jwt_secret

    @property
    def default_schema(self) -> str:
        return self.schemas[0]
