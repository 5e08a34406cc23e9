"""The voice agent's join_waitlist tool over HTTP (issue 25): at its spec
route (camelCase) and through the platform's tool-calls webhook. The
patient's phone is the platform's caller id, never a number the model
passes; the entry is the patient's own (joined_by patient_phone, the tool
runs as service_role); a repeated toolCallId acts once."""

from __future__ import annotations

import json
import uuid
from datetime import time
from typing import Any

import httpx
import psycopg
from psycopg.types.json import Jsonb

from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import Service, caller_call, day, tool_calls_message

ROUTE = "waitlist/join"


def enable_waitlist(owner_db: psycopg.Connection, clinic: Clinic, **settings: Any) -> None:
    answer = owner_db.execute(
        "select public.set_waitlist_settings(%s, %s)",
        (clinic.org_id, Jsonb({"enabled": True, **settings})),
    ).fetchone()[0]
    assert answer["success"] is True, answer


def entry(owner_db: psycopg.Connection, entry_id: str) -> dict[str, Any]:
    with owner_db.cursor(row_factory=psycopg.rows.dict_row) as cur:
        row = cur.execute(
            "select e.*, c.phone, c.name as contact_name from booking.waitlist_entries e"
            "  join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id"
            " where e.id = %s",
            (entry_id,),
        ).fetchone()
    assert row is not None, "no such entry"
    return row


def test_the_caller_joins_by_the_number_they_call_from(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    enable_waitlist(owner_db, clinic)
    phone, other = unique_phone(), unique_phone()
    joined = caller_call(
        http,
        ROUTE,
        phone,
        patientName="Wendy Waiting",
        serviceType="consultation",
        earliestDate=day(2),
        latestDate=day(9),
        earliestTime="13:00",
        latestTime="17:30",
        patientPhone=other,  # not an argument of this tool: the caller id is the phone
    )
    assert joined.status_code == 200, joined.text
    answer = joined.json()
    assert answer["success"] is True, answer
    assert answer["alreadyOnList"] is False
    row = entry(owner_db, answer["waitlistEntryId"])
    assert row["phone"] == phone, "the platform's caller id, not the model's patientPhone"
    assert row["org_id"] == clinic.org_id
    assert row["joined_by"] == "patient_phone", "run as service_role: the patient's own entry"
    assert row["status"] == "open"
    assert row["service_type"] == "consultation"
    assert (row["earliest"].isoformat(), row["latest"].isoformat()) == (day(2), day(9))
    assert (row["day_start"], row["day_end"]) == (time(13, 0), time(17, 30))
    assert row["calendar_id"] is None, "any calendar"

    again = caller_call(
        http, ROUTE, phone, patientName="Wendy Waiting", serviceType="consultation",
        earliestDate=day(2), latestDate=day(12),
    ).json()  # fmt: skip
    assert again["success"] is True, again
    assert again["alreadyOnList"] is True
    assert again["waitlistEntryId"] == answer["waitlistEntryId"]
    count = owner_db.execute(
        "select count(*) from booking.waitlist_entries e"
        "  join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id"
        " where e.org_id = %s and c.phone = %s",
        (clinic.org_id, phone),
    ).fetchone()[0]
    assert count == 1
    assert (
        owner_db.execute(
            "select count(*) from booking.waitlist_entries e"
            "  join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id"
            " where c.phone = %s",
            (other,),
        ).fetchone()[0]
        == 0
    )

    events = service.rest(clinic.org_id, "events_since", p_org_id=str(clinic.org_id), p_limit=1000)
    assert events.status_code == 200, events.text
    assert any(
        e["type"] == "waitlist.joined"
        and e["payload"].get("waitlist_entry_id") == answer["waitlistEntryId"]
        for e in events.json()
    ), "the dashboard's feed shows the join"


def test_the_webhook_acts_once_per_tool_call_id(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    enable_waitlist(owner_db, clinic)
    phone = unique_phone()
    message = tool_calls_message(
        "call-" + uuid.uuid4().hex[:8],
        [("join_waitlist", json.dumps({"patientName": "Rory", "serviceType": "consultation"}))],
        call={"customer": {"number": phone}},
    )
    first = http.post("/api/vapi/tools", json=message)
    assert first.status_code == 200, first.text
    (result,) = first.json()["results"]
    answer = json.loads(result["result"])
    assert answer["success"] is True, answer
    assert answer["already_on_list"] is False  # snake_case on the webhook
    # The platform repeats the call: the first answer, nothing done again
    # (not even "already on the list").
    repeated = http.post("/api/vapi/webhook", json=message)
    assert repeated.json()["results"][0]["result"] == result["result"]
    entries = owner_db.execute(
        "select count(*) from booking.waitlist_entries where org_id = %s and id = %s",
        (clinic.org_id, answer["waitlist_entry_id"]),
    ).fetchone()[0]
    assert entries == 1
    joined_events = owner_db.execute(
        "select count(*) from booking.events where org_id = %s and type = 'waitlist.joined'"
        " and payload ->> 'waitlist_entry_id' = %s",
        (clinic.org_id, answer["waitlist_entry_id"]),
    ).fetchone()[0]
    assert joined_events == 1


def test_codes_the_agent_answers_in_words(
    http: httpx.Client, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    phone = unique_phone()
    closed = caller_call(http, ROUTE, phone, patientName="Nell", serviceType="consultation")
    assert closed.status_code == 200, closed.text
    assert closed.json()["error"] == "WAITLIST_DISABLED", "the clinic has not turned it on"
    assert closed.json()["message"]

    enable_waitlist(owner_db, clinic)
    withheld = caller_call(http, ROUTE, None, patientName="Nell", serviceType="consultation")
    assert withheld.status_code == 200, withheld.text
    assert withheld.json()["error"] == "INVALID_PHONE", "no caller id: nobody to text"
    hidden = tool_calls_message(
        "call-x",
        [("join_waitlist", {"patientName": "Nell", "serviceType": "consultation"})],
        customer={"number": ""},
    )
    answer = http.post("/api/vapi/webhook", json=hidden).json()["results"][0]
    assert json.loads(answer["result"])["error"] == "INVALID_PHONE"

    backwards = caller_call(
        http, ROUTE, phone, patientName="Nell", serviceType="consultation",
        earliestDate=day(5), latestDate=day(3),
    ).json()  # fmt: skip
    assert backwards["error"] == "INVALID_WINDOW", backwards
    evening = caller_call(
        http, ROUTE, phone, patientName="Nell", serviceType="consultation",
        earliestTime="18:00", latestTime="09:00",
    ).json()  # fmt: skip
    assert evening["error"] == "INVALID_WINDOW", evening
    past = caller_call(
        http, ROUTE, phone, patientName="Nell", serviceType="consultation",
        earliestDate=day(-10), latestDate=day(-3),
    ).json()  # fmt: skip
    assert past["error"] == "WINDOW_IN_PAST", past
    nothing = owner_db.execute(
        "select count(*) from booking.waitlist_entries where org_id = %s", (clinic.org_id,)
    ).fetchone()[0]
    assert nothing == 0


def test_bad_arguments_are_400(http: httpx.Client, service: Service, clinic: Clinic):
    phone = unique_phone()
    for arguments, field in (
        ({"serviceType": "consultation"}, "patientName"),
        ({"patientName": "Ann"}, "serviceType"),
        ({"patientName": "Ann", "serviceType": "x", "earliestDate": "next week"}, "earliestDate"),
        ({"patientName": "Ann", "serviceType": "x", "earliestTime": "9am"}, "earliestTime"),
        ({"patientName": "Ann", "serviceType": "x", "latestTime": "24:30"}, "latestTime"),
        ({"patientName": "Ann", "serviceType": "x", "latestTime": 9}, "latestTime"),
    ):
        response = caller_call(http, ROUTE, phone, **arguments)
        assert response.status_code == 400, (arguments, response.text)
        assert response.json()["error"] == "INVALID_ARGUMENTS"
        assert field in response.json()["message"]
    unsigned = httpx.post(
        f"{service.base_url}/api/vapi/tools/{ROUTE}", json={"toolCall": {"arguments": {}}}
    )
    assert unsigned.status_code == 401
