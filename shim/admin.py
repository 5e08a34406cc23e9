"""`python -m shim admin ...`: setting up a deployment without SQL.

    python -m shim admin create-clinic --name "Main Street Dental" \\
        --timezone America/New_York --phone "+1 415 555 0100" \\
        --owner-email owner@example.com [--region US]

create-clinic creates a clinic (its default calendar cal-1, open Monday to
Friday 09:00-17:00) with the phone number patients are told to call, and
prints its first owner's invitation link (<PUBLIC_BASE_URL>/dashboard/
invitations/<token>, valid 7 days); the owner chooses a password there and
sets up the rest in the pages. It is idempotent (public.create_clinic): the
same name and owner email find the same clinic and print a fresh link (or,
once the owner has joined, where to sign in). Without --region the region
is the phone number's (+1: US, +44: GB), US for a number written without
a country code.

Reads DATABASE_URL (a login that may switch to service_role) and
PUBLIC_BASE_URL from the environment. Exit codes: 0 done; 2 bad input or
settings (each problem named); 1 the database failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg

from shim import queries
from shim.database.after_commit import notify_owed
from shim.web.paths import page_url

BAD_INPUT = 2
DATABASE_FAILED = 1

# public.create_clinic's codes, in words.
REFUSALS = {
    "INVALID_NAME": "the clinic name must be 1 to 200 characters (--name)",
    "INVALID_TIMEZONE": "the time zone must be an IANA name such as America/New_York"
    " or Europe/London (--timezone)",
    "INVALID_REGION": "the phone region must be a two-letter country code such as US or GB"
    " (--region)",
    "INVALID_PHONE": "the clinic's phone number is not a valid number for its region, or is a"
    " premium-rate or shared-cost number (--phone; outside the US write it with its country"
    " code, e.g. +44 20 7946 0018, or give --region)",
    "INVALID_EMAIL": "the owner's email is not a valid address (--owner-email)",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m shim admin", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    create = commands.add_parser(
        "create-clinic",
        help="create a clinic and print its first owner's invitation link (idempotent)",
    )
    create.add_argument("--name", required=True, help="the clinic's name, as patients read it")
    create.add_argument("--timezone", required=True, help="IANA time zone, e.g. America/New_York")
    create.add_argument("--phone", required=True, help="the number patients are told to call")
    create.add_argument(
        "--owner-email", required=True, help="the first owner's email (sign-in name)"
    )
    create.add_argument(
        "--region",
        help="ISO 3166 region of the clinic's phone numbers, e.g. US or GB"
        " (default: the phone's country code's, else US)",
    )
    return parser


def _fail(message: str, code: int) -> int:
    print(f"create-clinic: {message}", file=sys.stderr)
    return code


def create_clinic(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    database_url = env.get("DATABASE_URL", "")
    public_base_url = env.get("PUBLIC_BASE_URL", "").rstrip("/")
    problems = []
    if not database_url:
        problems.append("DATABASE_URL is not set (the database login, e.g. postgresql://...)")
    if not public_base_url.startswith(("https://", "http://")):
        problems.append(
            "PUBLIC_BASE_URL is not set to the service's public address"
            " (e.g. https://book.example.com): the invitation link points there"
        )
    if problems:
        for problem in problems:
            _fail(problem, BAD_INPUT)
        return BAD_INPUT
    parameters = {
        "name": args.name,
        "timezone": args.timezone,
        "region": args.region,
        "phone": args.phone,
        "owner_email": args.owner_email,
    }
    try:
        with psycopg.connect(database_url, autocommit=True) as conn:
            with conn.transaction():
                conn.execute(queries.ACT_AS_SERVICE_ROLE)
                row = conn.execute(queries.CREATE_CLINIC, parameters).fetchone()
            answer: dict[str, Any] = row[0] if row else {}
            notify_owed(conn, row[1] if row else None)
    except psycopg.errors.InsufficientPrivilege as exc:
        return _fail(
            f"the DATABASE_URL login may not act as service_role ({exc.diag.message_primary})",
            DATABASE_FAILED,
        )
    except psycopg.errors.UndefinedFunction:
        return _fail(
            "the database lacks public.create_clinic: run `make migrate` first", DATABASE_FAILED
        )
    except psycopg.Error as exc:
        return _fail(f"the database failed: {str(exc).strip()}", DATABASE_FAILED)

    if not answer.get("success"):
        code = str(answer.get("error", ""))
        return _fail(REFUSALS.get(code, str(answer.get("message", code))), BAD_INPUT)
    _report(answer, public_base_url)
    return 0


def _report(answer: Mapping[str, Any], public_base_url: str) -> None:
    if answer["created"]:
        print(f'Created the clinic "{answer["name"]}" (organization {answer["org_id"]}).')
    else:
        print(
            f'The clinic "{answer["name"]}" with owner {answer["owner_email"]} exists already'
            f" (organization {answer['org_id']}): nothing was created."
        )
    if answer["owner_joined"]:
        print(
            f"{answer['owner_email']} has joined as its owner and signs in at"
            f" {public_base_url}{page_url('dashboard')}"
        )
        return
    link = public_base_url + page_url("invitation", token=answer["invitation_token"])
    print(f"Invitation for {answer['owner_email']} (owner), valid until {answer['expires_at']}:")
    print(link)
    if not answer["created"]:
        print("(a new link: the one printed before no longer works)")


def main(argv: Sequence[str], env: Mapping[str, str] | None = None) -> int:
    try:
        args = _parser().parse_args(list(argv))
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return int(exc.code or 0)
    return create_clinic(args, os.environ if env is None else env)
