"""Who may stream which organization: the gateway's JWTs and error bodies,
the organization checks of public.event_feed_start, RLS on the events."""

from __future__ import annotations

import uuid

import httpx
import psycopg
import pytest

from shim.service import metrics
from tests.events.conftest import EventServer, book, feed_ids
from tests.fixtures import Clinic, wait_until

ERROR_KEYS = {"code", "details", "hint", "message"}


def assert_error(response: httpx.Response, status: int, code: str | None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == code
    return body


# -- authentication -----------------------------------------------------------------------------
def test_a_missing_jwt_is_401(events_server: EventServer) -> None:
    response = events_server.get()
    assert_error(response, 401, "PGRST302")
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_apikey_is_checked_but_does_not_authenticate(
    events_server: EventServer, clinic: Clinic
) -> None:
    only_apikey = events_server.get(headers={"apikey": events_server.service_role_key})
    assert_error(only_apikey, 401, "PGRST302")
    wrong_apikey = events_server.get(
        events_server.member_token(clinic.org_id), headers={"apikey": "not-a-project-key"}
    )
    assert wrong_apikey.status_code == 401
    assert wrong_apikey.json()["message"] == "Invalid API key"
    with events_server.stream(
        events_server.member_token(clinic.org_id),
        headers={"apikey": events_server.settings.anon_key},
    ) as stream:
        assert stream.status == 200, stream.body


@pytest.mark.parametrize(
    "authorization", ["Bearer not.a.jwt", "Bearer abc", "Bearer", "bearer a.b.c"]
)
def test_a_malformed_jwt_is_401(events_server: EventServer, authorization: str) -> None:
    response = events_server.get(headers={"Authorization": authorization})
    assert_error(response, 401, "PGRST301")
    assert response.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


def test_a_forged_or_expired_jwt_is_401(events_server: EventServer, clinic: Clinic) -> None:
    import jwt

    claims = {"role": "authenticated", "app_metadata": {"org_id": str(clinic.org_id)}}
    forged = jwt.encode(claims, "another-secret-0123456789-0123456789-abc", algorithm="HS256")
    assert_error(events_server.get(forged), 401, "PGRST301")
    expired = events_server.member_token(clinic.org_id, lifetime=-120)
    body = assert_error(events_server.get(expired), 401, "PGRST303")
    assert body["message"] == "JWT expired"


def test_the_anon_role_is_401(events_server: EventServer, clinic: Clinic) -> None:
    anon_key = events_server.settings.anon_key
    response = events_server.get(anon_key, params={"org_id": str(clinic.org_id)})
    assert_error(response, 401, "42501")
    assert response.headers["www-authenticate"] == "Bearer"
    assert_error(events_server.get(anon_key), 401, "42501")


def test_access_token_query_parameter_for_browsers(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    token = events_server.member_token(clinic.org_id)
    with events_server.stream(None, params={"access_token": token}) as stream:
        assert stream.status == 200, stream.body
        book(db, clinic.org_id)
        assert [e.type for e in stream.take(2)] == ["appointment.booked", "sms.queued"]
    # The Authorization header, when sent, is what counts.
    response = events_server.get("forged.token.here", params={"access_token": token})
    assert_error(response, 401, "PGRST301")
    assert_error(events_server.get(None, params={"access_token": "x"}), 401, "PGRST301")


def test_the_stream_ends_when_the_jwt_expires(events_server: EventServer, clinic: Clinic) -> None:
    # Expired 28 s ago: still inside the gateway's 30 s leeway, so admitted,
    # and the stream ends 2 s later.
    token = events_server.member_token(clinic.org_id, lifetime=-28)
    with events_server.stream(token) as stream:
        assert stream.status == 200, stream.body
        assert stream.ended.wait(8), "the stream outlived its token"
        assert "token expired" in stream.comments


# -- organizations ------------------------------------------------------------------------------
def test_a_member_cannot_name_another_organization(
    events_server: EventServer, clinic: Clinic, other_clinic: Clinic
) -> None:
    token = events_server.member_token(clinic.org_id)
    body = assert_error(
        events_server.get(token, params={"org_id": str(other_clinic.org_id)}), 403, "42501"
    )
    assert body["hint"]
    with events_server.stream(token, params={"org_id": str(clinic.org_id)}) as own:
        assert own.status == 200, own.body


def test_a_member_without_an_organization_is_403(events_server: EventServer) -> None:
    no_org = events_server.token({"role": "authenticated", "sub": str(uuid.uuid4())})
    assert_error(events_server.get(no_org), 403, "42501")
    bad_org = events_server.token({"role": "authenticated", "app_metadata": {"org_id": "x"}})
    assert_error(events_server.get(bad_org), 403, "42501")


def test_service_role_must_name_an_existing_organization(
    events_server: EventServer, clinic: Clinic, db: psycopg.Connection
) -> None:
    key = events_server.service_role_key
    body = assert_error(events_server.get(key), 400, "22023")
    assert "org_id" in body["hint"]
    assert_error(events_server.get(key, params={"org_id": str(uuid.uuid4())}), 404, "PT404")
    with events_server.stream(key, params={"org_id": str(clinic.org_id)}) as stream:
        assert stream.status == 200, stream.body
        book(db, clinic.org_id)
        assert [e.id for e in stream.take(2)] == feed_ids(db, clinic.org_id)


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({"org_id": "not-a-uuid"}, {}),
        ({"org_id": "\u0000"}, {}),
        ({}, {"Last-Event-ID": "abc"}),
        ({}, {"Last-Event-ID": "-1"}),
        ({}, {"Last-Event-ID": str(2**63)}),
        ({"last_event_id": "\u0661\u0662"}, {}),  # Arabic-Indic digits
        ({"last_event_id": "1e3"}, {}),
        ({"last_event_id": "9" * 5000}, {}),  # beyond int()'s 4300 digits
        ({}, {"Last-Event-ID": "--1"}),
    ],
)
def test_bad_parameters_are_400(
    events_server: EventServer, clinic: Clinic, params: dict, headers: dict
) -> None:
    response = events_server.get(events_server.member_token(clinic.org_id), params, headers)
    assert_error(response, 400, "22P02")


def test_other_methods_are_405(events_server: EventServer, clinic: Clinic) -> None:
    response = httpx.post(events_server.events_url, timeout=10)
    assert_error(response, 405, "PGRST117")


# -- tenant isolation -----------------------------------------------------------------------------
def test_members_receive_only_their_own_organizations_events(
    events_server: EventServer,
    clinic: Clinic,
    other_clinic: Clinic,
    db: psycopg.Connection,
) -> None:
    with (
        events_server.stream(events_server.member_token(clinic.org_id)) as a,
        events_server.stream(events_server.member_token(other_clinic.org_id)) as b,
        events_server.stream(
            events_server.service_role_key, params={"org_id": str(other_clinic.org_id)}
        ) as service_b,
    ):
        book(db, other_clinic.org_id)
        book(db, other_clinic.org_id)
        book(db, clinic.org_id)
        b_events = b.take(4)
        assert [e.data["appointment_id"] for e in b_events[::2]] == [
            e.data["appointment_id"] for e in service_b.take(4)[::2]
        ]
        a_events = a.take(2)
        assert [e.id for e in a_events] == feed_ids(db, clinic.org_id)
        assert [e.id for e in b_events] == feed_ids(db, other_clinic.org_id)
        b_appointments = {e.data["appointment_id"] for e in b_events}
        assert a_events[0].data["appointment_id"] not in b_appointments
        a.assert_quiet(0.3)
        b.assert_quiet(0.1)
        service_b.assert_quiet(0.1)


def test_rls_decides_even_when_a_stream_is_woken_for_another_organization(
    events_server: EventServer,
    clinic: Clinic,
    other_clinic: Clinic,
    db: psycopg.Connection,
) -> None:
    """Wake A's stream with B's wake-ups (the notification a committer sends
    and the listener's poll): it reads as A's member, so nothing of B's
    reaches it."""
    listener = events_server.feed.listener
    with events_server.stream(events_server.member_token(clinic.org_id)) as a:
        mine = set(listener._subscribers[str(clinic.org_id)])
        routed_wrongly = listener._subscribers.setdefault(str(other_clinic.org_id), set())
        routed_wrongly |= mine  # what a routing bug would do
        try:
            notifications, polls = listener.notifications, listener.polls
            book(db, other_clinic.org_id)
            db.execute("select pg_notify('booking_events', %s)", (str(other_clinic.org_id),))
            assert wait_until(lambda: listener.notifications > notifications)
            assert wait_until(lambda: listener.polls > polls + 1)
            a.assert_quiet(0.5)
        finally:
            routed_wrongly -= mine
            if not routed_wrongly:
                del listener._subscribers[str(other_clinic.org_id)]
        book(db, clinic.org_id)
        assert [e.id for e in a.take(2)] == feed_ids(db, clinic.org_id)


def test_open_streams_are_counted_for_metrics(events_server: EventServer, clinic: Clinic) -> None:
    """clinic_booking_feed_streams_open (shim.service.metrics) follows the
    streams of this process: one more while a stream is open, back after."""

    def open_streams() -> float:
        return metrics.REGISTRY.get_sample_value("clinic_booking_feed_streams_open") or 0

    before = open_streams()
    with events_server.stream(events_server.member_token(clinic.org_id)) as stream:
        assert stream.status == 200, stream.body
        assert open_streams() == before + 1
    assert wait_until(lambda: open_streams() == before), open_streams()
