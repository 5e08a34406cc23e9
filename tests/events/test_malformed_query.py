"""A NUL character in the event feed's query is malformed: 400 with the
gateway's body, before the database is asked."""

from __future__ import annotations

from tests.events.conftest import EventServer


def test_nul_in_the_query_gives_400(events_server: EventServer) -> None:
    token = events_server.token({"role": "service_role"})
    for params in ({"org_id": "\x00"}, {"last_event_id": "1\x00"}, {"access_token": "a\x00b"}):
        response = events_server.get(token, params=params)
        assert response.status_code == 400, (params, response.text)
        assert set(response.json()) == {"code", "details", "hint", "message"}
