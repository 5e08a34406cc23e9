"""`python -m shim serve`: the service in production.

No example data, nothing printed but logs (JSON lines on stderr, LOG_LEVEL),
configuration only from the environment (docs/deploy.md lists every
variable). Before serving it checks what would make the deployment unsafe
and refuses to start, naming each problem and its fix; `--check` prints the
same verdict and exits (0: ready to serve, 2: not), for deploy pipelines.

Refused unless ALLOW_INSECURE_DEVELOPMENT=true: a public base URL that is
not https or names a loopback or localhost address, the console SMS sender
(it prints one-time codes). Refused always: no token verification, no
public base URL, no webhook base URLs (Twilio, voice agent), a superuser
database login (unless also GATEWAY_UNSAFE_ALLOW_SUPERUSER=true), stored
Twilio credentials without SETTINGS_ENCRYPTION_KEY, a database that does not
answer or lacks the migrations.

`make run` is the development server (shim/run.py): it sets the
development defaults itself and never goes through these checks.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import psycopg
import uvicorn

from shim import queries
from shim.database.migrate import latest_migration_id
from shim.http_input.request_head import max_head_bytes, server_options
from shim.service.auth import with_api_keys
from shim.service.retention import purge_interval_hours
from shim.service.settings import ServiceSettings, SettingsError, boolean_setting
from shim.service_app import ServiceServer, Terminated, build_service_app, stop_on_sigterm

log = logging.getLogger("shim.serve")

INSECURE_FLAG = "ALLOW_INSECURE_DEVELOPMENT"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the error)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(env: Mapping[str, str]) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    level = (env.get("LOG_LEVEL") or "INFO").upper()
    root.setLevel(level if level in logging.getLevelNamesMapping() else "INFO")
    logging.getLogger("yoyo").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Deployment:
    """What serve runs with, once every check passed."""

    settings: ServiceSettings
    env: dict[str, str]
    worker_database_url: str


def _is_loopback(host: str) -> bool:
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback or ipaddress.ip_address(name).is_unspecified
    except ValueError:
        return False


def url_problem(name: str, value: str | None, *, insecure: bool) -> str | None:
    """What is wrong with a public URL setting, or None."""
    if not value:
        return f"{name} is not set: set it to the https URL the world reaches this service at"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{name} must be an absolute https URL, got {value!r}"
    if insecure:
        return None
    if parts.scheme != "https":
        return f"{name} must be https (got {value!r}), or set {INSECURE_FLAG}=true for development"
    if _is_loopback(parts.hostname):
        return (
            f"{name} names this machine ({parts.hostname}): patients and webhooks cannot reach it;"
            f" set the public URL, or {INSECURE_FLAG}=true for development"
        )
    return None


def configuration_problems(env: Mapping[str, str]) -> tuple[ServiceSettings | None, list[str]]:
    """The settings (None when they cannot be read) and what is wrong with the environment."""
    problems: list[str] = []
    try:
        insecure = boolean_setting(env, INSECURE_FLAG, False)
    except SettingsError as exc:
        return None, [str(exc)]
    settings: ServiceSettings | None
    try:
        settings = with_api_keys(ServiceSettings.from_env(env))
        max_head_bytes(env)
        purge_interval_hours(env)
    except (SettingsError, ValueError) as exc:
        settings = None
        problems.append(str(exc))
    for name in ("PUBLIC_BASE_URL", "TWILIO_WEBHOOK_BASE_URL", "VOICE_AGENT_BASE_URL"):
        if (problem := url_problem(name, env.get(name), insecure=insecure)) is not None:
            problems.append(problem)
    if env.get("SUPABASE_URL") and (
        problem := url_problem("SUPABASE_URL", env.get("SUPABASE_URL"), insecure=insecure)
    ):
        problems.append(problem)
    sender = (env.get("SMS_SENDER") or "twilio").lower()
    if sender not in ("twilio", "console", "auto"):
        problems.append(f"SMS_SENDER must be twilio, console or auto, got {sender!r}")
    elif sender != "twilio" and not insecure:
        problems.append(
            f"SMS_SENDER={sender} prints SMS bodies, one-time codes included, to the log:"
            f" use twilio, or set {INSECURE_FLAG}=true for development"
        )
    if settings is not None and settings.allow_superuser_login and not insecure:
        problems.append(f"GATEWAY_UNSAFE_ALLOW_SUPERUSER=true needs {INSECURE_FLAG}=true too")
    return settings, problems


def database_problems(settings: ServiceSettings, env: Mapping[str, str]) -> list[str]:
    """What the database says: the login, the migrations, stored credentials."""
    try:
        with psycopg.connect(settings.database_url, connect_timeout=10, autocommit=True) as conn:
            login = conn.execute(queries.LOGIN_ROLES).fetchone()
            if login is not None and login[0] and not settings.allow_superuser_login:
                return [
                    "the service's database login is a superuser, so a token's role claim could"
                    " act as any role: log in as the NOINHERIT role `authenticator`"
                    " (GATEWAY_DATABASE_URL=postgresql://authenticator:PASSWORD@HOST/DB)"
                ]
            with conn.transaction():
                conn.execute(queries.ACT_AS_SERVICE_ROLE)
                row = conn.execute(queries.DEPLOYMENT_STATUS).fetchone()
    except psycopg.errors.UndefinedFunction:
        return ["the database lacks this version's functions: run `make migrate` first"]
    except psycopg.Error as exc:
        return [f"the database does not answer as the service's login: {str(exc).strip()}"]
    status = row[0] if row else {}
    problems = []
    if status.get("latest_migration") != latest_migration_id():
        problems.append(
            f"the database's newest migration is {status.get('latest_migration')!r}, this code's"
            f" {latest_migration_id()!r}: run `make migrate` before starting the new code"
        )
    if status.get("stored_credentials") and not env.get("SETTINGS_ENCRYPTION_KEY"):
        problems.append(
            "clinics have stored Twilio credentials or voice-agent HMAC keys but"
            " SETTINGS_ENCRYPTION_KEY is not set:"
            " set the key they were stored with"
        )
    return problems


def check(env: Mapping[str, str]) -> tuple[Deployment | None, list[str]]:
    settings, problems = configuration_problems(env)
    if settings is not None:
        problems += database_problems(settings, env)
    if settings is None or problems:
        return None, problems
    worker_url = env.get("SMS_WORKER_DATABASE_URL") or env.get("DATABASE_URL") or ""
    if not worker_url:
        return None, ["DATABASE_URL (or SMS_WORKER_DATABASE_URL) for the SMS worker is not set"]
    return Deployment(settings, dict(env), worker_url), []


def set_public_base_url(deployment: Deployment) -> None:
    """The links in patients' SMS start with PUBLIC_BASE_URL (a package setting)."""
    url = deployment.env["PUBLIC_BASE_URL"]
    with (
        psycopg.connect(deployment.settings.database_url, autocommit=True) as conn,
        conn.transaction(),
    ):
        conn.execute(queries.ACT_AS_SERVICE_ROLE)
        conn.execute(queries.SET_PUBLIC_BASE_URL, {"public_base_url": url})


def run_server(deployment: Deployment) -> None:
    settings = deployment.settings
    app = build_service_app(settings, deployment.env, deployment.worker_database_url)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=deployment.env.get("FORWARDED_ALLOW_IPS") or "127.0.0.1",
        timeout_graceful_shutdown=10,
        **server_options(max_head_bytes(deployment.env)),
    )
    ServiceServer(config, app.state.events).run()


def main(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> int:
    env = dict(os.environ if environ is None else environ)
    only_check = "--check" in argv
    if not only_check:
        configure_logging(env)
    deployment, problems = check(env)
    if deployment is None:
        if not only_check:
            for problem in problems:
                log.error("refusing to start: %s", problem)
        print(
            f"serve: {len(problems)} problem(s), not starting:\n"
            + "\n".join(f"  - {problem}" for problem in problems),
            file=sys.stderr,
        )
        return 2
    if only_check:
        print("serve: the configuration is ready to serve", file=sys.stderr)
        return 0
    stop_on_sigterm()
    try:
        set_public_base_url(deployment)
        log.info("serving on %s:%d", deployment.settings.host, deployment.settings.port)
        run_server(deployment)
    except (KeyboardInterrupt, Terminated):
        pass  # uvicorn re-raises the signal it handled: by now everything has stopped
    log.info("stopped")
    return 0
