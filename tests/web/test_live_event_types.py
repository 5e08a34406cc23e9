"""The dashboard refreshes on every event type the SQL can emit, and on no
other: shim/web/live_events.py against booking.record_event as the catalog
holds it (its `v_type := …` assignments, and the status checks of the
tables whose status names a type, narrowed by a `new.status in (…)` guard
of the branch); the page hands that list to its script,
which hard-codes no event type and no path."""

from __future__ import annotations

import re

import psycopg
from playwright.sync_api import Page, expect

from shim.web.live_events import DASHBOARD_EVENT_TYPES
from shim.web.templates import STATIC_DIR
from tests.web.conftest import Clinic, WebServer, sign_in, wait_live

ASSIGNMENT = re.compile(r"v_type\s*:=\s*(.*?);", re.S)
BRANCH = re.compile(r"tg_table_name\s*=\s*'(\w+)'")
TYPE_LITERAL = re.compile(r"'([a-z_]+\.[a-z_]+)'")
PREFIXED = re.compile(r"^'([a-z_]+)\.'\s*\|\|\s*(.*)$", re.S)
RENAMED = re.compile(r"^case new\.status when '(\w+)' then '(\w+)' else new\.status end$", re.S)
# A status-named type assigned only for some statuses: `elsif ... and
# new.status in ('left', 'expired') then v_type := 'waitlist.' || new.status;`
GUARD = re.compile(r"new\.status\s+in\s*\(([^)]*)\)\s*then\s*$", re.S)


def _statuses(db: psycopg.Connection, table: str) -> set[str]:
    row = db.execute(
        "select pg_get_constraintdef(oid) from pg_constraint where conname = %s",
        (f"{table}_status_check",),
    ).fetchone()
    assert row is not None, f"booking.{table} has no status check"
    return set(re.findall(r"'(\w+)'::text", row[0]))


def _emitted(db: psycopg.Connection) -> set[str]:
    row = db.execute("select pg_get_functiondef('booking.record_event()'::regprocedure)").fetchone()
    assert row is not None
    source: str = row[0]
    types: set[str] = set()
    branches = list(BRANCH.finditer(source))
    for assignment in ASSIGNMENT.finditer(source):
        expression = " ".join(assignment.group(1).split())
        table = next(b.group(1) for b in reversed(branches) if b.start() < assignment.start())
        prefixed = PREFIXED.match(expression)
        if prefixed is None:
            literals = TYPE_LITERAL.findall(expression)
            assert literals, f"unknown event type: {expression}"
            assert "||" not in expression, f"unknown event type: {expression}"
            types.update(literals)
            continue
        prefix, rest = prefixed.groups()
        statuses = _statuses(db, table)
        guard = GUARD.search(source[: assignment.start()].rstrip())
        if guard is not None:
            statuses &= set(re.findall(r"'(\w+)'", guard.group(1)))
        if rest == "new.status":
            types.update(f"{prefix}.{status}" for status in statuses)
        elif renamed := RENAMED.match(rest):
            old, new = renamed.groups()
            types.update(f"{prefix}.{new if s == old else s}" for s in statuses)
        else:
            raise AssertionError(f"unknown event type: {expression}")
    return types


def test_the_dashboard_listens_for_every_event_type_the_sql_emits(
    db: psycopg.Connection,
) -> None:
    emitted = _emitted(db)
    assert "appointment.booked" in emitted  # the reading of the source still works
    assert "hot_lead.created" in emitted
    assert "waitlist.left" in emitted  # a status-named type under its guard
    assert "waitlist.open" not in emitted
    listened = set(DASHBOARD_EVENT_TYPES)
    assert not emitted - listened, f"not refreshed on: {sorted(emitted - listened)}"
    assert not listened - emitted, f"never emitted: {sorted(listened - emitted)}"
    assert len(DASHBOARD_EVENT_TYPES) == len(set(DASHBOARD_EVENT_TYPES))


def test_the_script_reads_its_event_types_and_paths_from_the_page() -> None:
    script = (STATIC_DIR / "dashboard.js").read_text()
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("//"))
    assert not TYPE_LITERAL.search(code.replace('"', "'")), "an event type in dashboard.js"
    assert "/dashboard" not in code, "a path in dashboard.js"


def test_an_event_type_the_old_script_did_not_know_reaches_the_feed(
    page: Page, web: WebServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    sign_in(page, web, web.member_token(clinic.org_id))
    wait_live(page)
    listed = page.locator("#dashboard").get_attribute("data-event-types")
    assert listed is not None
    assert listed.split() == list(DASHBOARD_EVENT_TYPES)
    db.execute(
        "insert into booking.sms_rate_limit_hits (org_id, limit_name, limit_value)"
        " values (%s, 'otp_codes_per_hour', 5)",
        (clinic.org_id,),
    )
    expect(page.locator("#feed li[data-event-type='sms.rate_limited']")).to_have_count(1)
