"""`make run` pieces: the secrets, the development database, the example
organization and its phone-flow configuration, and the printed curl command,
pasted into a shell (tests/test_readme_phone_flow.py runs the whole service
and the README's phone flow)."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from shim import run
from shim.database.migrate import migrate
from shim.service.settings import DEVELOPMENT_TWILIO_ACCOUNT_SID
from shim.sms.worker import WorkerSettings
from tests.gateway.conftest import settings_for
from tests.gateway.server import running_gateway


def test_the_secret_comes_from_the_environment_or_a_saved_file(tmp_path: Path) -> None:
    assert run.jwt_secret({"JWT_SECRET": "s" * 40}, tmp_path) == "s" * 40
    assert not (tmp_path / "jwt_secret").exists()
    generated = run.jwt_secret({}, tmp_path)
    assert len(generated) >= 32
    assert stat.S_IMODE((tmp_path / "jwt_secret").stat().st_mode) == 0o600
    assert run.jwt_secret({}, tmp_path) == generated


def test_the_voice_agent_secret_is_kept_like_the_jwt_secret(tmp_path: Path) -> None:
    assert run.voice_agent_secret({"VOICE_AGENT_SECRET": "v" * 40}, tmp_path) == "v" * 40
    generated = run.voice_agent_secret({}, tmp_path)
    assert len(generated) >= 32
    assert generated != run.jwt_secret({}, tmp_path)
    assert stat.S_IMODE((tmp_path / "voice_agent_secret").stat().st_mode) == 0o600
    assert run.voice_agent_secret({}, tmp_path) == generated
    assert run.data_folder({}) == run.DATA_DIR
    assert run.data_folder({"CLINIC_BOOKING_DATA_DIR": str(tmp_path)}) == tmp_path


@pytest.fixture(scope="module")
def development_database(server_url: str) -> Iterator[str]:
    """A database made the way `make run` makes it, dropped afterwards."""
    name = f"make_run_{uuid.uuid4().hex[:10]}"
    url = run.ensure_database(server_url, name)
    try:
        assert run.ensure_database(server_url, name) == url  # exists: no error
        for _ in range(2):  # a restart applies nothing new and inserts nothing twice
            migrate(url)
            run.ensure_example_organization(url)
        yield url
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            drop = sql.SQL("drop database if exists {} with (force)")
            conn.execute(drop.format(sql.Identifier(name)))


def test_the_example_organization_has_its_default_calendar(development_database: str) -> None:
    with psycopg.connect(development_database) as conn:
        organizations = conn.execute(
            "select org_id::text, timezone, phone_region from booking.organizations"
        ).fetchall()
        calendars = conn.execute(
            "select calendar_id, is_default from booking.calendars where org_id = %s",
            [run.EXAMPLE_ORG_ID],
        ).fetchall()
    assert organizations == [(run.EXAMPLE_ORG_ID, "America/New_York", "US")]
    assert calendars == [("cal-1", True)]


def test_the_example_clinic_is_configured_for_the_phone_flow(development_database: str) -> None:
    secret = "dev-voice-secret-" + "x" * 32
    for _ in range(2):  # a restart changes nothing
        flow = run.configure_example_clinic(development_database, secret, "http://127.0.0.1:3001")
    assert flow == run.PhoneFlow(secret, run.EXAMPLE_ALERT_PHONE, "http://127.0.0.1:3001")
    with psycopg.connect(development_database) as conn:
        resolved = conn.execute("select public.resolve_voice_agent(%s)", [secret]).fetchone()[0]
        links = conn.execute("select booking.public_base_url()").fetchone()[0]
    assert resolved["org_id"] == run.EXAMPLE_ORG_ID
    assert links == "http://127.0.0.1:3001"


def test_the_example_clinic_has_the_waitlist_on(development_database: str) -> None:
    secret = "dev-voice-secret-" + "w" * 32
    for _ in range(2):  # a restart changes nothing
        run.configure_example_clinic(development_database, secret, "http://127.0.0.1:3001")
    with psycopg.connect(development_database, autocommit=True) as conn:
        overview = conn.execute(
            "select public.waitlist_overview(%s)", [run.EXAMPLE_ORG_ID]
        ).fetchone()[0]
        assert overview["settings"]["enabled"] is True
        # tried at any hour: no quiet hours
        assert overview["settings"]["quiet_start"] == overview["settings"]["quiet_end"]
        changed = conn.execute(
            "select public.set_waitlist_settings(%s, '{\"enabled\": false}')",
            [run.EXAMPLE_ORG_ID],
        ).fetchone()[0]
        assert changed["success"], changed
        run.configure_example_clinic(development_database, secret, "http://127.0.0.1:3001")
        kept = conn.execute("select public.waitlist_overview(%s)", [run.EXAMPLE_ORG_ID]).fetchone()[
            0
        ]
        assert kept["settings"]["enabled"] is False, "settings changed by hand are kept"
        conn.execute(
            "select public.set_waitlist_settings(%s, '{\"enabled\": true}')",
            [run.EXAMPLE_ORG_ID],
        )


def test_integration_settings_entered_by_hand_are_kept(development_database: str) -> None:
    secret = "dev-voice-secret-" + "y" * 32
    with psycopg.connect(development_database, autocommit=True) as conn:
        conn.execute(
            "select public.set_integration_settings(%s, null, p_hot_lead_alert_phone => %s)",
            [run.EXAMPLE_ORG_ID, "+14155550111"],
        )
    flow = run.configure_example_clinic(development_database, secret, "http://127.0.0.1:3001")
    assert flow.alert_phone == "+14155550111"


def test_the_example_clinic_gets_the_development_twilio_account(
    development_database: str, tmp_path: Path
) -> None:
    secret = "dev-voice-secret-" + "z" * 32
    twilio = run.development_twilio({}, tmp_path)
    assert twilio == run.development_twilio({}, tmp_path), "kept in the data folder"
    for _ in range(2):  # a restart changes nothing
        flow = run.configure_example_clinic(
            development_database, secret, "http://127.0.0.1:3001", twilio
        )
    assert flow.alert_phone is not None, "an alert phone is kept (or the example's set)"
    account = (
        "select twilio_account_sid, twilio_from_number from booking.integration_settings"
        " where org_id = %s"
    )
    with psycopg.connect(development_database, autocommit=True) as conn:
        row = conn.execute(account, [run.EXAMPLE_ORG_ID]).fetchone()
        assert row == (DEVELOPMENT_TWILIO_ACCOUNT_SID, run.EXAMPLE_SMS_NUMBER)
        real = "AC" + "1" * 32
        answer = conn.execute(
            "select public.set_integration_settings(%s, %s, %s, 'token', '+14155550123')",
            [run.EXAMPLE_ORG_ID, twilio.encryption_key, real],
        ).fetchone()[0]
        assert answer["success"], answer
    run.configure_example_clinic(development_database, secret, "http://127.0.0.1:3001", twilio)
    with psycopg.connect(development_database) as conn:
        row = conn.execute(account, [run.EXAMPLE_ORG_ID]).fetchone()
    assert row == (real, "+14155550123"), "a real account entered by hand is kept"


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl command")
def test_the_printed_curl_books_an_appointment(development_database: str) -> None:
    settings = settings_for(development_database, schemas=("public",))
    with running_gateway(settings) as base_url:
        now = datetime.now(UTC)
        text = run.banner(settings, base_url, now, run.first_free_slot(development_database, now))
        assert f"anon key          {settings.anon_key}" in text
        assert f"service_role key  {settings.service_role_key}" in text
        assert "make psql" in text
        command = text[text.index("curl ") : text.index("Press Ctrl-C")]
        first = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True)
        again = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True)
    booked = json.loads(first.stdout)
    assert booked["success"] is True
    assert json.loads(again.stdout)["appointment_id"] == booked["appointment_id"]
    # After a restart the banner names the same appointment: not a new booking.
    restarted = run.first_free_slot(development_database, datetime.now(UTC))
    assert restarted == datetime.fromisoformat(booked["scheduled_at"])


def test_a_given_database_url_is_used_as_is(tmp_path: Path) -> None:
    owner, login = "postgresql://owner@db/app", "postgresql://authenticator@db/app"
    env = {"DATABASE_URL": owner, "GATEWAY_DATABASE_URL": login}
    with run.development_database(env, tmp_path) as urls:
        assert urls == (owner, login)
    assert not (tmp_path / "postgres").exists()  # no cluster of our own


@pytest.mark.parametrize(
    ("given", "used"),
    [(None, "auto"), ("", "auto"), ("twilio", "twilio"), ("console", "console")],
)
def test_make_run_prints_sms_unless_told_otherwise(
    development_database: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    given: str | None,
    used: str,
) -> None:
    """The worker's default is Twilio only; `make run` gives the service
    SMS_SENDER=auto (the console for clinics without Twilio) unless it is set."""
    served: list[Mapping[str, str]] = []
    monkeypatch.setattr(
        run, "serve", lambda _settings, _slot, env, _owner, _flow, _staff: served.append(env)
    )
    env = {
        "DATABASE_URL": development_database,
        "JWT_SECRET": "s" * 40,
        "CLINIC_BOOKING_DATA_DIR": str(tmp_path),
    }
    if given is not None:
        env["SMS_SENDER"] = given
    assert run.main(env) == 0
    assert [e["SMS_SENDER"] for e in served] == [used]
    assert WorkerSettings.from_env({**served[0], "DATABASE_URL": "x"}).sender == used
