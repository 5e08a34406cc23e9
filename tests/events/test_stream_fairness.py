"""One clinic cannot take the live feed from the others: beyond
EVENTS_MAX_STREAMS_PER_ORG (default a quarter of EVENTS_MAX_STREAMS) its
new streams get 503 with Retry-After, while other clinics still connect."""

from __future__ import annotations

import uuid

import psycopg

from shim.events.stream import EventFeedSettings
from tests.events.conftest import serving
from tests.fixtures import create_org, wait_until


def test_the_per_organization_cap_defaults_to_a_quarter() -> None:
    assert EventFeedSettings.from_env({}).streams_per_org == 50
    assert EventFeedSettings.from_env({"EVENTS_MAX_STREAMS": "40"}).streams_per_org == 10
    assert EventFeedSettings.from_env({"EVENTS_MAX_STREAMS": "2"}).streams_per_org == 1
    configured = {"EVENTS_MAX_STREAMS": "40", "EVENTS_MAX_STREAMS_PER_ORG": "3"}
    assert EventFeedSettings.from_env(configured).streams_per_org == 3


def test_one_clinic_cannot_deny_the_feed_to_others(
    database_url: str, db: psycopg.Connection
) -> None:
    greedy = create_org(db, f"Greedy Clinic {uuid.uuid4().hex[:8]}")
    other = create_org(db, f"Patient Clinic {uuid.uuid4().hex[:8]}")
    with serving(database_url, {"EVENTS_MAX_STREAMS": "8"}) as server:
        greedy_token = server.member_token(greedy)
        opened = [server.stream(greedy_token), server.stream(greedy_token)]
        try:
            assert [s.status for s in opened] == [200, 200]
            refused = server.get(greedy_token)
            assert refused.status_code == 503
            assert set(refused.json()) == {"code", "details", "hint", "message"}
            assert refused.json()["message"] == "Too many event streams for this organization"
            assert refused.headers["retry-after"] == "1"
            with server.stream(server.member_token(other)) as others:
                assert others.status == 200
            opened.pop().close()
            assert wait_until(lambda: server.feed.streams_by_org.get(str(greedy)) == 1)
            with server.stream(greedy_token) as again:
                assert again.status == 200
        finally:
            for stream in opened:
                stream.close()


def test_one_member_cannot_take_the_clinics_streams(
    database_url: str, db: psycopg.Connection
) -> None:
    """EVENTS_MAX_STREAMS_PER_MEMBER: a member's streams beyond the cap get
    503 with Retry-After; another member of the same clinic still connects."""
    assert EventFeedSettings.from_env({}).max_streams_per_member == 5
    clinic = create_org(db, f"Busy Clinic {uuid.uuid4().hex[:8]}")
    env = {"EVENTS_MAX_STREAMS": "40", "EVENTS_MAX_STREAMS_PER_MEMBER": "2"}
    with serving(database_url, env) as server:
        tabs = server.member_token(clinic)
        opened = [server.stream(tabs), server.stream(tabs)]
        try:
            assert [s.status for s in opened] == [200, 200]
            refused = server.get(tabs)
            assert refused.status_code == 503
            assert refused.json()["message"] == "Too many event streams for this member"
            assert refused.headers["retry-after"] == "1"
            with server.stream(server.member_token(clinic)) as colleague:
                assert colleague.status == 200
            opened.pop().close()
            assert wait_until(lambda: sum(server.feed.streams_by_member.values()) == 1)
            with server.stream(tabs) as again:
                assert again.status == 200
        finally:
            for stream in opened:
                stream.close()
