"""`make run`: the development server, from nothing.

Without DATABASE_URL, a PostgreSQL cluster of our own runs under
.data/postgres (kept between runs) with the database `clinic_booking`.
Migrations are applied, the spec's example organization is inserted, and the
gateway serves on PORT (default 3001). It prints the base URL, the anon and
service_role keys and a curl command that books an appointment. Ctrl-C stops
the server and the cluster.

With DATABASE_URL (and PORT, JWT_SECRET) in the environment, those are used
and no cluster is started. JWT_SECRET defaults to a secret generated once
and kept in .data/jwt_secret. SMS_SENDER defaults to `auto` here: the SMS of
organizations without Twilio settings (one-time codes included) are printed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import shlex
import socket
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import uvicorn
from psycopg import sql

from shim import queries
from shim.database.local_postgres import LocalPostgres, LocalPostgresError
from shim.database.migrate import migrate
from shim.database.url import with_database, with_user
from shim.events.stream import EventFeed
from shim.gateway import GatewaySettings, GatewayState, SettingsError
from shim.gateway.auth import sign, with_api_keys
from shim.service_app import build_service_app

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".data"
DEV_DATABASE = "clinic_booking"
EXAMPLE_ORG_ID = "a0000000-0000-0000-0000-000000000001"
EXAMPLE_ORG = {
    "org_id": EXAMPLE_ORG_ID,
    "name": "Example Clinic",
    "timezone": "America/New_York",
    "phone_region": "US",
}

log = logging.getLogger("shim.run")


def jwt_secret(environ: Mapping[str, str], data_dir: Path) -> str:
    """JWT_SECRET, else the secret saved in <data_dir>/jwt_secret (made on first use)."""
    if secret := environ.get("JWT_SECRET"):
        return secret
    path = data_dir / "jwt_secret"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(secret + "\n", encoding="utf-8")
    return secret


def ensure_database(server_url: str, name: str) -> str:
    """The URL of database `name` on the server, created when missing."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        if conn.execute(queries.DATABASE_EXISTS, [name]).fetchone() is None:
            conn.execute(queries.DEV_CREATE_DATABASE.format(name=sql.Identifier(name)))
    return with_database(server_url, name)


def ensure_example_organization(database_url: str) -> None:
    with psycopg.connect(database_url) as conn, conn.transaction():
        conn.execute(queries.DEV_EXAMPLE_ORGANIZATION, EXAMPLE_ORG)
        conn.execute(queries.DEV_EXAMPLE_CALENDAR, EXAMPLE_ORG)


def first_free_slot(database_url: str, now: datetime) -> datetime:
    """The example clinic's first bookable slot (fallback: tomorrow 15:00 UTC)."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(queries.DEV_FIRST_FREE_SLOT, EXAMPLE_ORG).fetchone()
    if row is None:
        return (now + timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
    return row[0]


@contextmanager
def development_database(environ: Mapping[str, str], data_dir: Path) -> Iterator[tuple[str, str]]:
    """(owner URL for migrations, login URL for the gateway); stops our cluster on exit."""
    if url := environ.get("DATABASE_URL"):
        yield url, environ.get("GATEWAY_DATABASE_URL") or url
        return
    cluster = LocalPostgres(data_dir=data_dir / "postgres")
    log.info("starting PostgreSQL in %s", cluster.data_dir)
    try:
        database_url = ensure_database(cluster.start(), DEV_DATABASE)
        # The gateway logs in as `authenticator`, as PostgREST does on Supabase.
        yield database_url, with_user(database_url, "authenticator")
    finally:
        log.info("stopping PostgreSQL")
        cluster.stop()


def service_environment(env: Mapping[str, str]) -> dict[str, str]:
    """The environment the service is built from. The SMS worker defaults to
    Twilio only; `make run` also prints the SMS of organizations without
    Twilio settings (the example clinic's codes), unless SMS_SENDER is set."""
    return {**env, "SMS_SENDER": env.get("SMS_SENDER") or "auto"}


def example_booking(start: datetime) -> dict[str, object]:
    return {
        "p_org_id": EXAMPLE_ORG_ID,
        "p_patient_name": "Jane Doe",
        "p_patient_email": "jane@example.com",
        "p_patient_phone": "+14155552671",
        "p_service_type": "consultation",
        "p_scheduled_at": start.astimezone(UTC).isoformat(),
        "p_duration_minutes": 30,
    }


def example_curl(rest_url: str, apikey: str, start: datetime) -> str:
    body = json.dumps(example_booking(start))
    return (
        f"curl -sS {rest_url}/rpc/book_appointment_atomic \\\n"
        f"  -H {shlex.quote('apikey: ' + apikey)} \\\n"
        f"  -H 'Content-Type: application/json' \\\n"
        f"  -d {shlex.quote(body)}"
    )


def banner(settings: GatewaySettings, base_url: str, now: datetime, slot: datetime) -> str:
    rest_url = f"{base_url}/rest/v1"
    member = sign(
        {
            "role": "authenticated",
            "sub": str(uuid.uuid4()),
            "app_metadata": {"org_id": EXAMPLE_ORG_ID},
            "exp": int(now.timestamp()) + 86_400,
        },
        settings.jwt_secret,
    )
    return "\n".join(
        [
            "",
            "clinic-booking is running",
            f"  REST base URL     {rest_url}",
            f"  anon key          {settings.anon_key}",
            f"  service_role key  {settings.service_role_key}",
            f"  member JWT (24 h, example clinic) {member}",
            f"  health            {base_url}/health    OpenAPI  {rest_url}/",
            f"  live events (SSE) {base_url}/api/events?access_token=<member JWT>",
            f"  dashboard         {base_url}/dashboard#access_token={member}",
            "",
            f"Book an appointment at the example clinic {EXAMPLE_ORG_ID}:",
            "",
            example_curl(rest_url, settings.service_role_key, slot),
            "",
            "Press Ctrl-C to stop.",
            "",
        ]
    )


class ServiceServer(uvicorn.Server):
    """uvicorn, ending the live feed's streams when it stops: they never
    finish by themselves, and uvicorn waits for open responses. Their
    clients resume with Last-Event-ID."""

    def __init__(self, config: uvicorn.Config, events: EventFeed) -> None:
        super().__init__(config)
        self.events = events

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.events.close()
        await super().shutdown(sockets)


def serve(
    settings: GatewaySettings, slot: datetime, env: Mapping[str, str], owner_url: str
) -> None:
    """Run the gateway until Ctrl-C; print the banner once it answers."""
    host = "127.0.0.1" if settings.host in ("", "0.0.0.0", "::") else settings.host  # noqa: S104

    async def announce(state: GatewayState) -> None:
        while not (server.started and state.cache is not None):
            await asyncio.sleep(0.05)
        base_url = f"http://{host}:{settings.port}"
        print(banner(settings, base_url, datetime.now(UTC), slot), flush=True)

    app = build_service_app(settings, env, owner_url, extra_background_tasks=[announce])
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,  # a backstop; event streams end on shutdown
    )
    server = ServiceServer(config, app.state.events)
    server.run()


def main(environ: Mapping[str, str] | None = None) -> int:
    env = dict(os.environ if environ is None else environ)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("yoyo").setLevel(logging.WARNING)
    try:
        secret = jwt_secret(env, DATA_DIR)
        with development_database(env, DATA_DIR) as (database_url, gateway_url):
            started = time.monotonic()
            applied, functions = migrate(database_url)
            ensure_example_organization(database_url)
            log.info(
                "migrations applied: %d; function files applied: %d (%.1fs)",
                applied, functions, time.monotonic() - started,
            )  # fmt: skip
            settings = GatewaySettings.from_env(
                {**env, "JWT_SECRET": secret, "GATEWAY_DATABASE_URL": gateway_url}
            )
            slot = first_free_slot(database_url, datetime.now(UTC))
            serve(with_api_keys(settings), slot, service_environment(env), database_url)
    except KeyboardInterrupt:
        pass  # uvicorn re-raises the Ctrl-C it handled; everything is stopped by now
    except (SettingsError, LocalPostgresError) as exc:
        print(f"make run: {exc}", file=sys.stderr)
        return 2
    print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
