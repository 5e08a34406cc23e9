"""docs/deploy.md's Supabase login role, as written: its SQL block runs as a
non-superuser role with CREATEROLE (Supabase's `postgres`: granted the API
roles WITH ADMIN OPTION, as PostgreSQL 16 and later require to grant them)
on a database set up as tests/database.py emulates Supabase (the API roles,
their default privileges, then the migrations). The role it makes may log
in, is NOINHERIT and may switch to anon, authenticated and service_role;
logged in alone it can book nothing; `python -m shim serve` logging in
only as that role (the gateway, and the SMS worker with
options=-c role=service_role) books once and sends the confirmation."""

from __future__ import annotations

import re
import secrets
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
import psycopg
import pytest
from psycopg import sql

from shim.database.migrate import migrate
from shim.database.url import with_options
from shim.service.auth import api_key
from tests import database
from tests.fixtures import create_clinic, local_noon, unique_phone, wait_until
from tests.sms.twilio_server import FakeTwilio, free_port

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "deploy.md"
MARKER = "<!-- tests/deploy/test_supabase_login_role.py runs this block as written -->"
PASSWORD_PLACEHOLDER = "A-LONG-RANDOM-PASSWORD"
LOGIN = "booking_service"
JWT_SECRET = "supabase-login-tests-secret-0123456789-abcdef"
ENCRYPTION_KEY = "supabase-login-tests-settings-key"
PUBLIC = "https://api.clinic.example"


def documented_sql() -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(re.escape(MARKER) + r"\n```sql\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)
    assert found, f"{DOC.name} has no SQL block after {MARKER}"
    assert PASSWORD_PLACEHOLDER in found.group(1)
    return found.group(1)


def login_url(url: str, user: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


def drop_role(conn: psycopg.Connection, role: str) -> None:
    conn.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(role)))


@dataclass(frozen=True)
class SupabaseLike:
    url: str  # the superuser's (the test's own set-up only)
    admin: str  # the non-superuser `postgres` with CREATEROLE
    login: str  # booking_service, with its password


@pytest.fixture(scope="module")
def supabase_like(server_url: str, database_url: str) -> Iterator[SupabaseLike]:
    del database_url  # the API roles exist on the server
    admin_role = f"supabase_postgres_{uuid.uuid4().hex[:8]}"
    admin_password = secrets.token_urlsafe(16)
    password = secrets.token_urlsafe(24)
    with database.fresh_database(server_url, prefix="supabase_login") as url:
        database.apply_supabase_default_privileges(url)
        migrate(url)
        with psycopg.connect(url, autocommit=True) as su:
            drop_role(su, LOGIN)  # a run that died before its clean-up
            su.execute(
                sql.SQL("create role {} login createrole nosuperuser password {}").format(
                    sql.Identifier(admin_role), sql.Literal(admin_password)
                )
            )
            su.execute(
                sql.SQL("grant anon, authenticated, service_role to {} with admin option").format(
                    sql.Identifier(admin_role)
                )
            )
        admin = login_url(url, admin_role, admin_password)
        try:
            with psycopg.connect(admin, autocommit=True) as conn:
                superuser = conn.execute(
                    "select rolsuper from pg_roles where rolname = current_user"
                ).fetchone()
                assert superuser == (False,)
                conn.execute(documented_sql().replace(PASSWORD_PLACEHOLDER, password))  # type: ignore[arg-type]
            yield SupabaseLike(url, admin, login_url(url, LOGIN, password))
        finally:
            with psycopg.connect(url, autocommit=True) as su:
                drop_role(su, LOGIN)
                drop_role(su, admin_role)


def test_the_documented_role_logs_in_and_may_only_switch_to_the_api_roles(
    supabase_like: SupabaseLike,
) -> None:
    with psycopg.connect(supabase_like.url) as su:
        attributes = su.execute(
            "select rolcanlogin, rolinherit, rolsuper, rolbypassrls, rolcreaterole"
            " from pg_roles where rolname = %s",
            (LOGIN,),
        ).fetchone()
        assert attributes == (True, False, False, False, False)
        granted = su.execute(
            "select array_agg(r.rolname::text order by r.rolname) from pg_auth_members m"
            " join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member"
            " where u.rolname = %s",
            (LOGIN,),
        ).fetchone()
        assert granted == (["anon", "authenticated", "service_role"],)
    with psycopg.connect(supabase_like.login, autocommit=True) as conn:
        assert conn.execute("select session_user::text").fetchone() == (LOGIN,)
        # NOINHERIT: the login alone holds none of the API roles' privileges.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "select public.book_appointment_atomic(gen_random_uuid(), 'x', null,"
                " '+14155550100', 'consultation', now() + interval '1 day', 30)"
            )
        conn.execute("set role service_role")
        assert conn.execute("select current_user::text").fetchone() == ("service_role",)


def test_serve_logging_in_as_the_documented_role_books_and_sends(
    supabase_like: SupabaseLike, tmp_path: Path
) -> None:
    """Slow tier (conftest.SLOW): a serve process."""
    twilio = FakeTwilio().start()
    with psycopg.connect(supabase_like.url, autocommit=True) as su:
        clinic = create_clinic(su, settings_key=ENCRYPTION_KEY, fake_twilio=twilio)
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "GATEWAY_DATABASE_URL": supabase_like.login,
        "SMS_WORKER_DATABASE_URL": with_options(supabase_like.login, "-c role=service_role"),
        "JWT_SECRET": JWT_SECRET,
        "SETTINGS_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "PUBLIC_BASE_URL": PUBLIC,
        "TWILIO_WEBHOOK_BASE_URL": PUBLIC,
        "VOICE_AGENT_BASE_URL": PUBLIC,
        "TWILIO_API_BASE_URL": twilio.base_url,
        "PORT": str(port),
        "LOG_LEVEL": "warning",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "shim", "serve"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return httpx.get(f"{base_url}/ready", timeout=2).status_code == 200
        except httpx.TransportError:
            return process.poll() is not None

    try:
        assert wait_until(ready, timeout=60), log.read_text()
        assert process.poll() is None, log.read_text()
        key = api_key("service_role", JWT_SECRET)
        phone = unique_phone()
        response = httpx.post(
            f"{base_url}/rest/v1/rpc/book_appointment_atomic",
            headers={"apikey": key, "Authorization": f"Bearer {key}"},
            json={
                "p_org_id": str(clinic.org_id),
                "p_patient_name": "Supabase Patient",
                "p_patient_email": None,
                "p_patient_phone": phone,
                "p_service_type": "consultation",
                "p_scheduled_at": local_noon(3).isoformat(),
                "p_duration_minutes": 30,
            },
            timeout=10,
        )
        assert response.status_code == 200, response.text
        assert response.json()["success"] is True, response.text
        assert twilio.wait_for(lambda t: any(r.to == phone for r in t.accepted), timeout=20), (
            log.read_text()
        )
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        twilio.stop()
    with psycopg.connect(supabase_like.url) as su:
        booked = su.execute(
            "select count(*) from booking.appointments where org_id = %s", (clinic.org_id,)
        ).fetchone()
    assert booked == (1,)
