"""`make run`: the development server, from nothing.

Without DATABASE_URL, a PostgreSQL cluster of our own runs under
.data/postgres (kept between runs) with the database `clinic_booking`.
Migrations are applied, the spec's example organization is inserted and
configured for the phone flow (a voice-agent secret, a hot-lead alert
phone, the package setting public_base_url = the service's own address),
and the gateway serves on PORT (default 3001). It prints the base URL, the
keys, the voice-agent secret, the alert phone and a curl command that books
an appointment. Ctrl-C stops the server and the cluster.

With DATABASE_URL (and PORT, JWT_SECRET) in the environment, those are used
and no cluster is started; the gateway logs in as `authenticator` on that
server (GATEWAY_DATABASE_URL overrides), never as DATABASE_URL's login.
JWT_SECRET and VOICE_AGENT_SECRET default to secrets generated once and kept
in .data/ (CLINIC_BOOKING_DATA_DIR moves it). SMS_SENDER defaults to `auto`
here: the SMS of organizations without Twilio settings (one-time codes and
hot-lead alerts included) are printed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import shlex
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import LiteralString

import psycopg
import uvicorn
from psycopg import sql

from shim import queries
from shim.database.local_postgres import LocalPostgres, LocalPostgresError
from shim.database.migrate import migrate
from shim.database.url import with_database, with_user
from shim.http_input.request_head import max_head_bytes, server_options
from shim.service.auth import sign, with_api_keys
from shim.service.settings import (
    DEVELOPMENT_TWILIO_ACCOUNT_SID,
    ServiceSettings,
    SettingsError,
)
from shim.service.state import ServiceState
from shim.service_app import ServiceServer, Terminated, build_service_app, stop_on_sigterm

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".data"
DEV_DATABASE = "clinic_booking"
EXAMPLE_ORG_ID = "a0000000-0000-0000-0000-000000000001"
EXAMPLE_ALERT_PHONE = "+14155550100"  # the clinic owner's phone; alerts are printed
EXAMPLE_SMS_NUMBER = "+14155550199"  # the example clinic's (development) Twilio number
EXAMPLE_PATIENT = {"phone": "+14155552671", "service_type": "consultation", "duration": 30}
EXAMPLE_ORG = {
    "org_id": EXAMPLE_ORG_ID,
    "name": "Example Clinic",
    "timezone": "America/New_York",
    "phone_region": "US",
}

log = logging.getLogger("shim.run")

# -- the development database and its example clinic (SQL) ---------------------------
DEV_CREATE_DATABASE = sql.SQL("create database {name}")

# The spec's example organization, with the default calendar cal-1 that
# public.create_organization would give it. Inserted directly: its id is fixed.
DEV_EXAMPLE_ORGANIZATION: LiteralString = """
insert into booking.organizations (org_id, name, timezone, phone_region)
values (%(org_id)s, %(name)s, %(timezone)s, %(phone_region)s)
on conflict (org_id) do nothing
"""
DEV_EXAMPLE_CALENDAR: LiteralString = """
select public.create_calendar(%(org_id)s, 'cal-1', 'Main calendar')
 where not exists (select from booking.calendars where org_id = %(org_id)s)
"""

# The slot the example curl books: the example patient's next appointment
# (so the printed command answers the same appointment after a restart, as
# a repeated booking does), else the first slot check_availability offers
# in the next two weeks.
DEV_FIRST_FREE_SLOT: LiteralString = """
(select a.scheduled_at
   from booking.appointments a
   join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
  where a.org_id = %(org_id)s and c.phone = %(patient_phone)s and a.status <> 'cancelled'
    and a.duration_minutes = %(duration_minutes)s and a.service_type = %(service_type)s
    and a.scheduled_at > now() + interval '10 minutes'
  order by a.scheduled_at
  limit 1)
union all
(select (slot ->> 'start')::timestamptz
   from generate_series(0, 14) as day_offset
  cross join lateral json_array_elements(
          public.check_availability(%(org_id)s, current_date + day_offset) -> 'slots')
        with ordinality as s(slot, position)
  order by day_offset, position
  limit 1)
limit 1
"""

# The example clinic's voice-agent secret (set again only when it changed,
# so an assistant id or number configured by hand is kept).
DEV_EXAMPLE_VOICE_AGENT: LiteralString = """
select public.set_voice_agent(%(org_id)s, %(secret)s)
 where not exists (
   select from booking.voice_agents
    where org_id = %(org_id)s
      and secret_sha256 = extensions.digest(convert_to(%(secret)s, 'UTF8'), 'sha256'))
"""

# The waitlist on (issue 25: a freed time is texted to waiting patients),
# without quiet hours so that it can be tried at any hour (a clinic's default
# is 20:00-08:00), only for a clinic without waitlist settings (settings
# changed by hand are kept).
DEV_EXAMPLE_WAITLIST: LiteralString = """
select public.set_waitlist_settings(
  %(org_id)s, '{"enabled": true, "quiet_start": "00:00", "quiet_end": "00:00"}'::jsonb)
 where not exists (select from booking.waitlist_settings where org_id = %(org_id)s)
"""

# A hot-lead alert phone, only for a clinic without integration settings
# (set_integration_settings replaces them as a whole: Twilio settings
# entered by hand are kept); when no development Twilio account is given.
DEV_EXAMPLE_ALERT_PHONE: LiteralString = """
select public.set_integration_settings(%(org_id)s, null, p_hot_lead_alert_phone => %(alert_phone)s)
 where not exists (select from booking.integration_settings where org_id = %(org_id)s)
"""
# The development Twilio account (so `make sms-reply` can sign inbound SMS)
# and a hot-lead alert phone, unless the clinic has a real Twilio account
# (set_integration_settings replaces the settings as a whole: Twilio settings
# entered by hand are kept; an alert phone entered by hand too).
DEV_EXAMPLE_TWILIO: LiteralString = """
select public.set_integration_settings(
         %(org_id)s, %(encryption_key)s, %(account_sid)s, %(auth_token)s, %(sms_number)s, null,
         coalesce((select s.hot_lead_alert_phone from booking.integration_settings s
                    where s.org_id = %(org_id)s), %(alert_phone)s))
 where not exists (select from booking.integration_settings s
                    where s.org_id = %(org_id)s and s.twilio_account_sid <> %(account_sid)s)
"""
DEV_ALERT_PHONE: LiteralString = (
    "select hot_lead_alert_phone from booking.integration_settings where org_id = %(org_id)s"
)


def data_folder(environ: Mapping[str, str]) -> Path:
    """Where `make run` keeps its cluster and secrets: CLINIC_BOOKING_DATA_DIR, else .data."""
    given = environ.get("CLINIC_BOOKING_DATA_DIR")
    return Path(given).resolve() if given else DATA_DIR


def jwt_secret(environ: Mapping[str, str], data_dir: Path) -> str:
    """JWT_SECRET, else the secret saved in <data_dir>/jwt_secret (made on first use)."""
    return saved_secret(environ.get("JWT_SECRET"), data_dir / "jwt_secret")


def voice_agent_secret(environ: Mapping[str, str], data_dir: Path) -> str:
    """VOICE_AGENT_SECRET, else the secret saved in <data_dir>/voice_agent_secret:
    the example clinic's X-Vapi-Secret."""
    return saved_secret(environ.get("VOICE_AGENT_SECRET"), data_dir / "voice_agent_secret")


EXAMPLE_OWNER_EMAIL = "owner@example-clinic.test"


@dataclass(frozen=True)
class ExampleOwner:
    email: str
    password: str


def ensure_example_owner(database_url: str, data_dir: Path) -> ExampleOwner:
    """The example clinic's owner, a staff account that signs in with an email
    and a password (kept in <data_dir>/owner_password, mode 0600), made as an
    owner would invite them and they would accept: the same SQL functions."""
    password_file = data_dir / "owner_password"
    had_password = password_file.exists()
    password = saved_secret(None, password_file)
    org = {"org_id": EXAMPLE_ORG_ID}
    with psycopg.connect(database_url, autocommit=True) as conn, conn.transaction():
        conn.execute(queries.ACT_AS_SERVICE_ROLE)  # as the service does it
        staff = conn.execute(queries.LIST_STAFF, org).fetchone()
        members = staff[0].get("members", []) if staff and isinstance(staff[0], dict) else []
        existing = [m for m in members if m.get("email") == EXAMPLE_OWNER_EMAIL]
        if existing and had_password:
            return ExampleOwner(EXAMPLE_OWNER_EMAIL, password)
        if existing:  # the password file is new: the account takes its password
            reset = conn.execute(
                queries.RESET_STAFF_PASSWORD, {**org, "account_id": existing[0]["account_id"]}
            ).fetchone()
            token = reset[0].get("reset_token") if reset else None
            done = conn.execute(
                queries.COMPLETE_PASSWORD_RESET, {"reset": token, "password": password}
            ).fetchone()
            if not done or done[0].get("success") is not True:
                raise SettingsError(f"the example clinic's owner keeps its password: {done}")
            return ExampleOwner(EXAMPLE_OWNER_EMAIL, password)
        invited = conn.execute(
            queries.INVITE_STAFF_MEMBER,
            {**org, "email": EXAMPLE_OWNER_EMAIL, "phone": None, "role": "owner"},
        ).fetchone()
        token = invited[0].get("invitation_token") if invited else None
        accepted = conn.execute(
            queries.ACCEPT_STAFF_INVITATION, {"token": token, "password": password, "email": None}
        ).fetchone()
    if not accepted or accepted[0].get("success") is not True:
        raise SettingsError(f"the example clinic's owner could not be created: {accepted}")
    return ExampleOwner(EXAMPLE_OWNER_EMAIL, password)


def saved_secret(given: str | None, path: Path) -> str:
    """`given`, else the secret in `path`, generated (mode 0600) on first use."""
    if given:
        return given
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(secret + "\n", encoding="utf-8")
    return secret


def ensure_database(server_url: str, name: str) -> str:
    """The URL of database `name` on the server, created when missing."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        if conn.execute(queries.DATABASE_EXISTS, [name]).fetchone() is None:
            conn.execute(DEV_CREATE_DATABASE.format(name=sql.Identifier(name)))
    return with_database(server_url, name)


def ensure_example_organization(database_url: str) -> None:
    with psycopg.connect(database_url) as conn, conn.transaction():
        conn.execute(DEV_EXAMPLE_ORGANIZATION, EXAMPLE_ORG)
        conn.execute(DEV_EXAMPLE_CALENDAR, EXAMPLE_ORG)


@dataclass(frozen=True)
class DevelopmentTwilio:
    """The example clinic's development Twilio account: the key its auth
    token is stored with (SETTINGS_ENCRYPTION_KEY) and the token, which
    `make sms-reply` signs inbound SMS with."""

    encryption_key: str
    auth_token: str


def development_twilio(environ: Mapping[str, str], data_dir: Path) -> DevelopmentTwilio:
    """SETTINGS_ENCRYPTION_KEY, else the key saved in <data_dir>; the auth
    token saved in <data_dir>/twilio_auth_token (made on first use)."""
    return DevelopmentTwilio(
        saved_secret(environ.get("SETTINGS_ENCRYPTION_KEY"), data_dir / "settings_encryption_key"),
        saved_secret(None, data_dir / "twilio_auth_token"),
    )


@dataclass(frozen=True)
class PhoneFlow:
    """What the example clinic's phone flow needs, as the banner prints it."""

    voice_agent_secret: str
    alert_phone: str | None  # None: integration settings entered by hand, without one
    public_base_url: str


def configure_example_clinic(
    database_url: str,
    secret: str,
    public_base_url: str,
    twilio: DevelopmentTwilio | None = None,
) -> PhoneFlow:
    """The example clinic's voice-agent secret, development Twilio account
    and hot-lead alert phone, its waitlist turned on, and the package's
    public_base_url; each answer is checked."""
    with psycopg.connect(database_url) as conn, conn.transaction():
        parameters = {
            "org_id": EXAMPLE_ORG_ID,
            "secret": secret,
            "alert_phone": EXAMPLE_ALERT_PHONE,
            "public_base_url": public_base_url,
            "encryption_key": twilio.encryption_key if twilio else None,
            "account_sid": DEVELOPMENT_TWILIO_ACCOUNT_SID,
            "auth_token": twilio.auth_token if twilio else None,
            "sms_number": EXAMPLE_SMS_NUMBER,
        }
        for statement in (
            DEV_EXAMPLE_VOICE_AGENT,
            DEV_EXAMPLE_TWILIO if twilio else DEV_EXAMPLE_ALERT_PHONE,
            DEV_EXAMPLE_WAITLIST,
            queries.SET_PUBLIC_BASE_URL,
        ):
            row = conn.execute(statement, parameters).fetchone()
            if row is not None and not row[0].get("success"):
                raise SettingsError(f"configuring the example clinic failed: {row[0]}")
        alert = conn.execute(DEV_ALERT_PHONE, parameters).fetchone()
    return PhoneFlow(secret, alert[0] if alert else None, public_base_url)


def first_free_slot(database_url: str, now: datetime) -> datetime:
    """The slot the example curl books: the example patient's next
    appointment (the same command answers it again after a restart), else
    the first bookable slot (fallback: tomorrow 15:00 UTC)."""
    patient = {
        "org_id": EXAMPLE_ORG_ID,
        "patient_phone": EXAMPLE_PATIENT["phone"],
        "service_type": EXAMPLE_PATIENT["service_type"],
        "duration_minutes": EXAMPLE_PATIENT["duration"],
    }
    with psycopg.connect(database_url) as conn:
        row = conn.execute(DEV_FIRST_FREE_SLOT, patient).fetchone()
    if row is None:
        return (now + timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
    return row[0]


@contextmanager
def development_database(environ: Mapping[str, str], data_dir: Path) -> Iterator[tuple[str, str]]:
    """(owner URL for migrations, login URL for the gateway); stops our cluster on exit."""
    if url := environ.get("DATABASE_URL"):
        # Never the migration login: the gateway logs in as the NOINHERIT
        # `authenticator` (the migrations create it) unless told otherwise.
        yield url, environ.get("GATEWAY_DATABASE_URL") or with_user(url, "authenticator")
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


def check_gateway_login(url: str) -> None:
    """SettingsError with what to do when the gateway's login cannot connect."""
    try:
        with psycopg.connect(url, connect_timeout=10):
            pass
    except psycopg.OperationalError as exc:
        raise SettingsError(
            "the gateway cannot log in as its own role (by default `authenticator`, without"
            " a password, on DATABASE_URL's server): set GATEWAY_DATABASE_URL, e.g."
            f" postgresql://authenticator:PASSWORD@HOST/DB ({str(exc).strip()})"
        ) from exc


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
        "p_patient_phone": EXAMPLE_PATIENT["phone"],
        "p_service_type": EXAMPLE_PATIENT["service_type"],
        "p_scheduled_at": start.astimezone(UTC).isoformat(),
        "p_duration_minutes": EXAMPLE_PATIENT["duration"],
    }


def example_curl(rest_url: str, apikey: str, start: datetime) -> str:
    body = json.dumps(example_booking(start))
    return (
        f"curl -sS {rest_url}/rpc/book_appointment_atomic \\\n"
        f"  -H {shlex.quote('apikey: ' + apikey)} \\\n"
        f"  -H 'Content-Type: application/json' \\\n"
        f"  -d {shlex.quote(body)}"
    )


def banner(
    settings: ServiceSettings,
    base_url: str,
    now: datetime,
    slot: datetime,
    phone_flow: PhoneFlow | None = None,
    owner: ExampleOwner | None = None,
) -> str:
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
    voice = []
    if phone_flow is not None:
        voice = [
            f"  voice agent       {base_url}/api/vapi/tools/...  X-Vapi-Secret: "
            f"{phone_flow.voice_agent_secret}",
            f"  hot-lead alerts   to {phone_flow.alert_phone or '(none configured)'}"
            "  (SMS without Twilio settings are printed here)",
            f"  links in SMS      {phone_flow.public_base_url}",
            "  phone flow        README.md, 'Try the phone flow': five curl commands",
            f"  patient replies   make sms-reply FROM={EXAMPLE_PATIENT['phone']} TEXT=Y"
            f"  (a signed inbound SMS to {EXAMPLE_SMS_NUMBER})",
        ]
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
            *voice,
            f"  dashboard         {base_url}/dashboard",
            *(
                [f"    sign in as      {owner.email}  password {owner.password}"]
                if owner is not None
                else []
            ),
            "  database          make psql  (search_path booking, public: the spec's queries)",
            "",
            f"Book an appointment at the example clinic {EXAMPLE_ORG_ID}"
            " (again: the same appointment, also after a restart):",
            "",
            example_curl(rest_url, settings.service_role_key, slot),
            "",
            "Press Ctrl-C to stop.",
            "",
        ]
    )


def own_address(settings: ServiceSettings) -> str:
    """http://host:port the service answers at (127.0.0.1 for a wildcard host)."""
    host = "127.0.0.1" if settings.host in ("", "0.0.0.0", "::") else settings.host  # noqa: S104
    return f"http://{host}:{settings.port}"


def serve(
    settings: ServiceSettings,
    slot: datetime,
    env: Mapping[str, str],
    owner_url: str,
    phone_flow: PhoneFlow | None = None,
    owner: ExampleOwner | None = None,
) -> None:
    """Run the gateway until Ctrl-C; print the banner once it answers."""
    try:
        head_limit = max_head_bytes(env)
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc

    async def announce(state: ServiceState) -> None:
        while not (server.started and state.catalog_ready):
            await asyncio.sleep(0.05)
        now = datetime.now(UTC)
        text = banner(settings, own_address(settings), now, slot, phone_flow, owner)
        print(text, flush=True)
        await asyncio.Event().wait()  # a background task runs until the server stops (/ready)

    app = build_service_app(settings, env, owner_url, extra_background_tasks=[announce])
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,  # a backstop; event streams end on shutdown
        **server_options(head_limit),  # request line + headers: 431 beyond the limit
    )
    server = ServiceServer(config, app.state.events)
    server.run()
    if not server.started:
        raise SettingsError("the service did not start (see the error above)")


def main(environ: Mapping[str, str] | None = None) -> int:
    env = dict(os.environ if environ is None else environ)
    stop_on_sigterm()  # as Ctrl-C: the server, then the cluster
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("yoyo").setLevel(logging.WARNING)
    data = data_folder(env)
    try:
        secret = jwt_secret(env, data)
        agent_secret = voice_agent_secret(env, data)
        with development_database(env, data) as (database_url, gateway_url):
            started = time.monotonic()
            applied, functions = migrate(database_url)
            ensure_example_organization(database_url)
            log.info(
                "migrations applied: %d; function files applied: %d (%.1fs)",
                applied, functions, time.monotonic() - started,
            )  # fmt: skip
            check_gateway_login(gateway_url)
            settings = ServiceSettings.from_env(
                {**env, "JWT_SECRET": secret, "GATEWAY_DATABASE_URL": gateway_url}
            )
            twilio = development_twilio(env, data)
            phone_flow = configure_example_clinic(
                database_url,
                agent_secret,
                env.get("PUBLIC_BASE_URL") or own_address(settings),
                twilio,
            )
            owner = ensure_example_owner(database_url, data)
            slot = first_free_slot(database_url, datetime.now(UTC))
            key = {"SETTINGS_ENCRYPTION_KEY": twilio.encryption_key}
            environment = service_environment({**key, **env})
            serve(with_api_keys(settings), slot, environment, database_url, phone_flow, owner)
    except (KeyboardInterrupt, Terminated):
        pass  # uvicorn re-raises the signal it handled; everything is stopped by now
    except (SettingsError, LocalPostgresError) as exc:
        print(f"make run: {exc}", file=sys.stderr)
        return 2
    print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
