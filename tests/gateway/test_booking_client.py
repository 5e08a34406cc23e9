"""book_appointment_atomic through the gateway with the official Python client
(postgrest, as supabase-py uses it), and multi-tenancy over HTTP.

Business outcomes are data ({"success": false, "error": CODE}); violations
raise, and the client turns them into APIError with PostgREST's code.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from postgrest import APIError

from tests.fixtures import local_noon
from tests.gateway.conftest import Gateway

PHONE = "+14155552671"


def booking(org_id: str, **changes: Any) -> dict[str, Any]:
    # A distinct day and minute per call (08:00-16:00 local, on the fixture
    # clinics' one-minute grid) keeps tests independent of each other.
    spread = uuid.uuid4().int
    start = local_noon(30 + spread % 300) + timedelta(minutes=(spread // 300) % 480 - 240)
    return {
        "p_org_id": org_id,
        "p_patient_name": "jane doe",
        "p_patient_email": "jane@example.com",
        "p_patient_phone": PHONE,
        "p_service_type": "consultation",
        "p_scheduled_at": start.isoformat(),
        "p_duration_minutes": 30,
    } | changes


def book(gateway: Gateway, bearer: str | None, body: dict[str, Any]) -> Any:
    return gateway.client(bearer).rpc("book_appointment_atomic", body).execute().data


def api_error(gateway: Gateway, bearer: str | None, body: dict[str, Any]) -> APIError:
    with pytest.raises(APIError) as caught:
        book(gateway, bearer, body)
    return caught.value


# -- success ------------------------------------------------------------------------------
def test_a_member_books_for_their_organization(
    gateway: Gateway, two_clinics: tuple[str, str]
) -> None:
    clinic_a, _ = two_clinics
    body = booking(clinic_a)
    result = book(gateway, gateway.member_token(clinic_a), body)
    assert result["success"] is True
    assert uuid.UUID(result["appointment_id"])
    again = book(gateway, gateway.member_token(clinic_a), body)
    assert again["appointment_id"] == result["appointment_id"]


def test_service_role_books_for_any_organization(
    gateway: Gateway, two_clinics: tuple[str, str]
) -> None:
    _, clinic_b = two_clinics
    client = gateway.client(gateway.service_role_key)
    result = client.rpc("book_appointment_atomic", booking(clinic_b)).execute().data
    assert result["success"] is True


# -- business failures are data -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"p_patient_phone": "555"}, "INVALID_PHONE"),
        ({"p_patient_name": "12345"}, "INVALID_NAME"),
        ({"p_patient_email": "not-an-email"}, "INVALID_EMAIL"),
        ({"p_service_type": ""}, "INVALID_SERVICE_TYPE"),
        ({"p_duration_minutes": 0}, "INVALID_DURATION"),
        ({"p_scheduled_at": "2020-01-01T10:00:00Z"}, "PAST_TIME"),
        ({"p_scheduled_at": "infinity"}, "INVALID_TIME"),
    ],
)
def test_business_failures_are_answers(
    gateway: Gateway, two_clinics: tuple[str, str], changes: dict[str, Any], code: str
) -> None:
    clinic_a, _ = two_clinics
    result = book(gateway, gateway.member_token(clinic_a), booking(clinic_a, **changes))
    assert (result["success"], result["error"]) == (False, code)


def test_an_overlapping_booking_is_slot_unavailable(
    gateway: Gateway, two_clinics: tuple[str, str]
) -> None:
    clinic_a, _ = two_clinics
    token = gateway.member_token(clinic_a)
    first = booking(clinic_a)
    assert book(gateway, token, first)["success"] is True
    overlapping = first | {"p_patient_phone": "+14155552672"}
    assert book(gateway, token, overlapping)["error"] == "SLOT_UNAVAILABLE"


def test_an_unknown_organization_is_invalid(gateway: Gateway) -> None:
    result = book(gateway, gateway.service_role_key, booking(str(uuid.uuid4())))
    assert result["error"] == "INVALID_ORGANIZATION"


# -- violations raise APIError ----------------------------------------------------------------
def test_anonymous_callers_get_401(
    gateway: Gateway, two_clinics: tuple[str, str], http: httpx.Client
) -> None:
    assert api_error(gateway, None, booking(two_clinics[0])).code == "42501"
    response = http.post("/rpc/book_appointment_atomic", json=booking(two_clinics[0]))
    assert (response.status_code, response.headers["www-authenticate"]) == (401, "Bearer")


def test_a_member_cannot_book_for_another_organization(
    gateway: Gateway, two_clinics: tuple[str, str]
) -> None:
    clinic_a, clinic_b = two_clinics
    error = api_error(gateway, gateway.member_token(clinic_a), booking(clinic_b))
    assert error.code == "42501"
    assert error.hint is not None


def test_a_missing_argument_names_the_function(
    gateway: Gateway, two_clinics: tuple[str, str]
) -> None:
    body = booking(two_clinics[0])
    del body["p_patient_email"]
    error = api_error(gateway, gateway.member_token(two_clinics[0]), body)
    assert error.code == "PGRST202"
    assert error.message == (
        "Could not find the function public.book_appointment_atomic(p_duration_minutes, "
        "p_org_id, p_patient_name, p_patient_phone, p_scheduled_at, p_service_type) "
        "in the schema cache"
    )
    assert error.hint == (
        "Perhaps you meant to call the function public.book_appointment_atomic(p_duration_minutes, "
        "p_org_id, p_patient_email, p_patient_name, p_patient_phone, p_scheduled_at, "
        "p_service_type)"
    )


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"p_org_id": "not-a-uuid"}, "22P02"),
        ({"p_duration_minutes": "thirty"}, "22P02"),
        ({"p_scheduled_at": "tomorrow-ish"}, "22007"),
        ({"p_duration_minutes": 99999999999}, "22003"),
    ],
)
def test_wrong_types_are_400(
    gateway: Gateway, two_clinics: tuple[str, str], http: httpx.Client, changes: dict, code: str
) -> None:
    body = booking(two_clinics[0], **changes)
    assert api_error(gateway, gateway.service_role_key, body).code == code
    service = {"Authorization": f"Bearer {gateway.service_role_key}"}
    response = http.post("/rpc/book_appointment_atomic", json=body, headers=service)
    assert response.status_code == 400


def test_an_unknown_function_hints_the_booking_function(gateway: Gateway) -> None:
    with pytest.raises(APIError) as caught:
        gateway.client().rpc("book_appointment_atomc", {}).execute()
    assert caught.value.code == "PGRST202"
    assert caught.value.hint == (
        "Perhaps you meant to call the function public.book_appointment_atomic"
    )


def test_only_service_role_creates_organizations(
    gateway: Gateway, two_clinics: tuple[str, str]
) -> None:
    args = {"p_name": "New Clinic", "p_timezone": "Europe/London", "p_phone_region": "GB"}
    with pytest.raises(APIError) as caught:
        gateway.client(gateway.member_token(two_clinics[0])).rpc(
            "create_organization", args
        ).execute()
    assert caught.value.code == "42501"
    created = gateway.client(gateway.service_role_key).rpc("create_organization", args).execute()
    assert created.data["success"] is True


# -- multi-tenancy over HTTP -----------------------------------------------------------------
def test_a_member_cannot_read_another_organization(
    gateway: Gateway, two_clinics: tuple[str, str], http: httpx.Client
) -> None:
    clinic_a, clinic_b = two_clinics
    member = {"Authorization": f"Bearer {gateway.member_token(clinic_a)}"}
    # Tables live in the private schema `booking`: neither served nor selectable.
    tables = http.get("/appointments", params={"org_id": f"eq.{clinic_b}"}, headers=member)
    assert (tables.status_code, tables.json()["code"]) == (404, "PGRST205")
    private = http.get("/appointments", headers={**member, "Accept-Profile": "booking"})
    assert (private.status_code, private.json()["code"]) == (406, "PGRST106")
    foreign = http.post("/rpc/book_appointment_atomic", json=booking(clinic_b), headers=member)
    assert (foreign.status_code, foreign.json()["code"]) == (403, "42501")
    assert clinic_b not in foreign.text.replace(f"organization {clinic_b}", "")


def test_a_forged_org_claim_in_user_metadata_is_ignored(
    gateway: Gateway, two_clinics: tuple[str, str]
) -> None:
    clinic_a, clinic_b = two_clinics
    token = gateway.token(
        {
            "role": "authenticated",
            "app_metadata": {"org_id": clinic_a},
            "user_metadata": {"org_id": clinic_b},
        }
    )
    error = api_error(gateway, token, booking(clinic_b))
    assert error.code == "42501"
