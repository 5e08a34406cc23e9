"""`python -m shim serve`: refuses every unsafe setting with a message that
names it and its fix (`--check` says the same and exits), serves otherwise,
logs JSON lines, and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest

from shim import serve
from shim.database.migrate import migrate
from tests import database
from tests.gateway.conftest import gateway_login_url
from tests.test_readme_phone_flow import ROOT, Lines

PUBLIC = "https://clinic.example"


@pytest.fixture(scope="module")
def serve_database(server_url: str, database_url: str) -> Iterator[str]:
    """A database of its own: serve changes a package setting."""
    del database_url  # the API roles exist on the server (the service's login)
    with database.fresh_database(server_url, prefix="serve") as url:
        migrate(url)
        yield url


def good_env(url: str, **changes: str) -> dict[str, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "DATABASE_URL": url,
        "GATEWAY_DATABASE_URL": gateway_login_url(url),
        "JWT_SECRET": "serve-tests-secret-0123456789-abcdefghijkl",
        "PUBLIC_BASE_URL": PUBLIC,
        "TWILIO_WEBHOOK_BASE_URL": PUBLIC,
        "VOICE_AGENT_BASE_URL": PUBLIC,
        "PORT": str(port),
    }
    env.update(changes)
    return {key: value for key, value in env.items() if value != ""}


def verdict(env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = serve.main(["--check"], env)
    return code, capsys.readouterr().err


def test_a_safe_configuration_is_ready(
    serve_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = verdict(good_env(serve_database), capsys)
    assert (code, "ready to serve" in err) == (0, True), err


def test_nothing_configured_names_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = verdict({}, capsys)
    assert code == 2
    for name in (
        "DATABASE_URL",
        "PUBLIC_BASE_URL",
        "TWILIO_WEBHOOK_BASE_URL",
        "VOICE_AGENT_BASE_URL",
    ):
        assert name in err


def test_no_token_verification_is_refused(
    serve_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = verdict(good_env(serve_database, JWT_SECRET=""), capsys)
    assert code == 2
    assert "JWT_SECRET" in err
    assert "JWT_JWKS_URL" in err


@pytest.mark.parametrize(
    "url", ["http://clinic.example", "https://localhost:8443", "https://127.0.0.1", "https://[::1]"]
)
def test_an_insecure_or_local_public_url_is_refused_unless_development(
    serve_database: str, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = verdict(good_env(serve_database, PUBLIC_BASE_URL=url), capsys)
    assert code == 2
    assert "PUBLIC_BASE_URL" in err
    assert serve.INSECURE_FLAG in err
    allowed = good_env(serve_database, PUBLIC_BASE_URL=url, ALLOW_INSECURE_DEVELOPMENT="true")
    assert verdict(allowed, capsys)[0] == 0


@pytest.mark.parametrize("sender", ["console", "auto"])
def test_the_console_sender_is_refused_unless_development(
    serve_database: str, sender: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = verdict(good_env(serve_database, SMS_SENDER=sender), capsys)
    assert code == 2
    assert "one-time codes" in err
    allowed = good_env(serve_database, SMS_SENDER=sender, ALLOW_INSECURE_DEVELOPMENT="true")
    assert verdict(allowed, capsys)[0] == 0


def test_unset_webhook_urls_are_refused(
    serve_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    env = good_env(serve_database, TWILIO_WEBHOOK_BASE_URL="", VOICE_AGENT_BASE_URL="")
    code, err = verdict(env, capsys)
    assert code == 2
    assert "TWILIO_WEBHOOK_BASE_URL is not set" in err
    assert "VOICE_AGENT_BASE_URL is not set" in err


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"METRICS_TOKEN": "short"}, "METRICS_TOKEN must be at least 16 characters"),
        ({"DATA_PURGE_INTERVAL_HOURS": "daily"}, "DATA_PURGE_INTERVAL_HOURS must be a number"),
        ({"DATA_PURGE_INTERVAL_HOURS": "-1"}, "DATA_PURGE_INTERVAL_HOURS must be 0 or more"),
    ],
)
def test_bad_metrics_and_purge_settings_are_refused(
    serve_database: str, changes: dict[str, str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = verdict(good_env(serve_database, **changes), capsys)
    assert code == 2
    assert named in err
    assert "short" not in err.replace(named, "")  # the token is not repeated


def test_metrics_and_purge_settings_are_accepted(
    serve_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    env = good_env(
        serve_database, METRICS_TOKEN="metrics-token-0123456789", DATA_PURGE_INTERVAL_HOURS="0"
    )
    assert verdict(env, capsys)[0] == 0


def test_a_superuser_login_is_refused(
    serve_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(serve_database) as conn:
        superuser = conn.execute("select rolsuper from pg_roles where rolname = current_user")
        if not superuser.fetchone()[0]:  # type: ignore[index]
            pytest.skip("the test server's login is not a superuser")
    code, err = verdict(good_env(serve_database, GATEWAY_DATABASE_URL=serve_database), capsys)
    assert code == 2
    assert "superuser" in err


def test_stored_credentials_need_the_encryption_key(
    serve_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    org_id = uuid.uuid4()
    with psycopg.connect(serve_database, autocommit=True) as conn:
        conn.execute(
            "insert into booking.organizations (org_id, name, timezone, phone_region)"
            " values (%s, 'Keyed Clinic', 'America/New_York', 'US')",
            [org_id],
        )
        conn.execute(
            "insert into booking.integration_settings (org_id, twilio_account_sid,"
            " twilio_auth_token_encrypted, twilio_from_number)"
            " values (%s, %s, '\\x00'::bytea, '+14155550100')",
            [org_id, "AC" + "0" * 32],
        )
    try:
        code, err = verdict(good_env(serve_database), capsys)
        assert code == 2
        assert "SETTINGS_ENCRYPTION_KEY" in err
        keyed = good_env(serve_database, SETTINGS_ENCRYPTION_KEY="k" * 32)
        assert verdict(keyed, capsys)[0] == 0
    finally:
        with psycopg.connect(serve_database, autocommit=True) as conn:
            conn.execute("delete from booking.organizations where org_id = %s", [org_id])


def test_a_database_without_the_migrations_is_refused(
    server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with database.fresh_database(server_url, prefix="serve_empty") as url:
        code, err = verdict(good_env(url), capsys)
    assert code == 2
    assert "make migrate" in err or "does not answer" in err


@pytest.mark.slow
def test_serve_serves_logs_json_and_stops_on_sigterm(serve_database: str) -> None:
    env = good_env(serve_database, LOG_LEVEL="info")
    process = subprocess.Popen(
        [sys.executable, "-m", "shim", "serve"],
        cwd=ROOT,
        env={**env, "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output = Lines(process.stdout)
    base_url = f"http://127.0.0.1:{env['PORT']}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, output.lines
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, output.lines
    finally:
        if process.poll() is None:
            process.kill()
    time.sleep(0.2)  # the reader thread takes the last lines
    logged = [json.loads(line) for line in output.lines if line.strip()]
    assert logged, "no log lines"
    assert {"time", "level", "logger", "message"} <= set(logged[0])
    with psycopg.connect(serve_database) as conn:
        base = conn.execute("select booking.public_base_url()").fetchone()
    assert base == (PUBLIC,)


def test_a_database_behind_this_codes_migrations_is_refused(
    server_url: str, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del database_url
    with database.fresh_database(server_url, prefix="serve_behind") as url:
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "delete from yoyo._yoyo_migration"
                " where migration_id = (select max(migration_id) from yoyo._yoyo_migration)"
            )
        code, err = verdict(good_env(url), capsys)
    assert code == 2
    assert "run `make migrate` before starting the new code" in err
