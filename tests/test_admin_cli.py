"""`python -m shim admin create-clinic`, run as an operator runs it, on the
real database: a clinic with its phone and its owner's invitation link; a
second run finds the same clinic and prints a fresh link; once the owner
has joined it says where to sign in; bad input is refused in words with
exit code 2 and creates nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://book.example.com"
LINK = re.compile(re.escape(BASE) + r"/dashboard/invitations/([A-Za-z0-9_-]{32,})$", re.MULTILINE)


def run_admin(database_url: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PUBLIC_BASE_URL")}
    if database_url is not None:
        env |= {"DATABASE_URL": database_url, "PUBLIC_BASE_URL": BASE + "/"}
    return subprocess.run(
        [sys.executable, "-m", "shim", "admin", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def create_clinic(database_url: str | None, name: str, email: str, **options: str):
    arguments = {"timezone": "America/Chicago", "phone": "(312) 555-0100", **options}
    flags = [f"--{key.replace('_', '-')}={value}" for key, value in arguments.items()]
    return run_admin(
        database_url, "create-clinic", f"--name={name}", f"--owner-email={email}", *flags
    )


def clinics_named(db: psycopg.Connection, name: str) -> list[tuple]:
    return db.execute(
        "select org_id, contact_phone, phone_region, timezone from booking.organizations"
        " where name = %s",
        (name,),
    ).fetchall()


def live_invitation_token_hash(
    db: psycopg.Connection, org_id: uuid.UUID, email: str
) -> list[bytes]:
    rows = db.execute(
        "select token_hash from booking.staff_invitations where org_id = %s and email = %s"
        " and role = 'owner' and accepted_at is null and revoked_at is null",
        (org_id, email),
    ).fetchall()
    return [bytes(row[0]) for row in rows]


def token_hash(db: psycopg.Connection, token: str) -> bytes:
    row = db.execute("select booking.staff_token_hash(%s)", (token,)).fetchone()
    assert row is not None
    return bytes(row[0])


def test_create_clinic_prints_the_owner_link_and_runs_again_without_a_duplicate(
    database_url: str, db: psycopg.Connection
) -> None:
    name = f"Admin Clinic {uuid.uuid4().hex[:8]}"
    email = f"owner-{uuid.uuid4().hex[:8]}@example.com"

    first = create_clinic(database_url, name, email)
    assert first.returncode == 0, first.stderr
    assert f'Created the clinic "{name}"' in first.stdout
    first_link = LINK.search(first.stdout)
    assert first_link, first.stdout
    [(org_id, phone, region, timezone)] = clinics_named(db, name)
    assert (phone, region, timezone) == ("+13125550100", "US", "America/Chicago")
    assert str(org_id) in first.stdout
    assert live_invitation_token_hash(db, org_id, email) == [token_hash(db, first_link.group(1))]

    again = create_clinic(database_url, name, email.upper())
    assert again.returncode == 0, again.stderr
    assert "exists already" in again.stdout
    assert "nothing was created" in again.stdout
    second_link = LINK.search(again.stdout)
    assert second_link, again.stdout
    assert second_link.group(1) != first_link.group(1)
    assert len(clinics_named(db, name)) == 1
    assert live_invitation_token_hash(db, org_id, email) == [token_hash(db, second_link.group(1))]

    accepted = db.execute(
        "select public.accept_staff_invitation(%s, 'correct horse battery staple')",
        (second_link.group(1),),
    ).fetchone()
    assert accepted is not None
    assert accepted[0]["success"], accepted
    joined = create_clinic(database_url, name, email)
    assert joined.returncode == 0, joined.stderr
    assert (
        "has joined as its owner and signs in at https://book.example.com/dashboard"
        in joined.stdout
    )
    assert not LINK.search(joined.stdout)
    assert len(clinics_named(db, name)) == 1


def test_the_region_comes_from_the_phone_or_the_option(
    database_url: str, db: psycopg.Connection
) -> None:
    name = f"Admin London {uuid.uuid4().hex[:8]}"
    done = create_clinic(
        database_url, name, "gb@example.com", timezone="Europe/London", phone="+44 20 7946 0018"
    )
    assert done.returncode == 0, done.stderr
    assert [row[1:3] for row in clinics_named(db, name)] == [("+442079460018", "GB")]

    national = f"Admin Leeds {uuid.uuid4().hex[:8]}"
    done = create_clinic(
        database_url,
        national,
        "gb@example.com",
        timezone="Europe/London",
        phone="0113 496 0000",
        region="gb",
    )
    assert done.returncode == 0, done.stderr
    assert [row[1:3] for row in clinics_named(db, national)] == [("+441134960000", "GB")]


def test_bad_input_is_refused_in_words_with_exit_code_2(
    database_url: str, db: psycopg.Connection
) -> None:
    name = f"Admin Refused {uuid.uuid4().hex[:8]}"
    cases = [
        ({"timezone": "Mars/Olympus"}, "time zone must be an IANA name"),
        ({"phone": "+1 900 555 0100"}, "premium-rate"),
        ({"phone": "555"}, "not a valid number"),
        ({"phone": "020 7946 0018", "region": "XX"}, "two-letter country code"),
    ]
    for options, words in cases:
        refused = create_clinic(database_url, name, "refused@example.com", **options)
        assert refused.returncode == 2, (options, refused.stdout, refused.stderr)
        assert words in refused.stderr, (options, refused.stderr)
        assert "INVALID_" not in refused.stderr
        assert refused.stdout == ""
    bad_email = create_clinic(database_url, name, "not an email")
    assert bad_email.returncode == 2
    assert "owner's email is not a valid address" in bad_email.stderr
    assert clinics_named(db, name) == []

    unset = create_clinic(None, name, "refused@example.com")
    assert unset.returncode == 2
    assert "DATABASE_URL is not set" in unset.stderr
    assert "PUBLIC_BASE_URL is not set" in unset.stderr

    missing = run_admin(database_url, "create-clinic", "--name", name)
    assert missing.returncode == 2
    assert "--timezone" in missing.stderr
