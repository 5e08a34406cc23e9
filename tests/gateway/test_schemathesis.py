"""The gateway under schemathesis, bounded: every operation of the OpenAPI
document (GET /rest/v1/) as a clinic member and as service_role, a fixed
number of generated examples each (derandomized, so a failure reproduces),
on a database of its own. No answer may be a 5xx, and every error answer
(4xx) must be PostgREST's body: {"code", "details", "hint", "message"}, each
a string or null.

SCHEMATHESIS_EXAMPLES (default 8) sets the examples per operation and role.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from shim.database.migrate import migrate
from tests import database, fixtures
from tests.gateway.conftest import JWT_SECRET, gateway_login_url
from tests.gateway.conftest import settings_for as gateway_settings
from tests.gateway.server import running_gateway

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))
ERROR_KEYS = {"code", "details", "hint", "message"}


@pytest.fixture(scope="module")
def fuzz_gateway(server_url: str) -> Iterator[tuple[str, str, Any]]:
    """(base URL, organization id, settings) of a gateway on its own database."""
    with database.fresh_database(server_url, prefix="schemathesis") as url:
        database.apply_supabase_default_privileges(url)
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            org = str(fixtures.create_org(conn, "Fuzzed Clinic"))
        settings = gateway_settings(url).with_changes(database_url=gateway_login_url(url))
        with running_gateway(settings) as base_url:
            yield base_url, org, settings


def token(claims: dict[str, Any]) -> str:
    import jwt

    return jwt.encode({"exp": int(time.time()) + 3600, **claims}, JWT_SECRET, algorithm="HS256")


def problems_of(response: httpx.Response) -> list[str]:
    if response.status_code >= 500:
        return [f"{response.status_code}: {response.text[:200]}"]
    if response.status_code < 400:
        return []
    try:
        body = response.json()
    except ValueError:
        return [f"{response.status_code} without a JSON body: {response.text[:200]}"]
    if not isinstance(body, dict) or set(body) != ERROR_KEYS:
        return [f"{response.status_code} body is not PostgREST's: {response.text[:200]}"]
    if not all(v is None or isinstance(v, str) for v in body.values()):
        return [f"{response.status_code} body has non-string fields: {response.text[:200]}"]
    return []


@pytest.mark.parametrize("role", ["member", "service_role"])
def test_generated_calls_never_give_5xx_or_odd_error_bodies(
    fuzz_gateway: tuple[str, str, Any], role: str
) -> None:
    base_url, org, gateway = fuzz_gateway
    bearer = (
        token({"role": "authenticated", "sub": str(uuid.uuid4()), "app_metadata": {"org_id": org}})
        if role == "member"
        else gateway.service_role_key
    )
    headers = {"apikey": gateway.anon_key, "Authorization": f"Bearer {bearer}"}
    document = httpx.get(f"{base_url}/rest/v1/", headers=headers, timeout=30).json()
    schema = schemathesis.openapi.from_dict(document)
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) >= 10, "the document lists the functions the caller may execute"
    problems: list[str] = []
    calls = [0]
    with httpx.Client(base_url=f"{base_url}/rest/v1", headers=headers, timeout=30) as client:
        for operation in operations:
            exercise(operation, client, base_url, headers, problems, calls)
    assert calls[0] >= len(operations)
    assert problems == []


def exercise(
    operation: Any,
    client: httpx.Client,
    base_url: str,
    headers: dict[str, str],
    problems: list[str],
    calls: list[int],
) -> None:
    """EXAMPLES generated calls of one operation; problems collected, not raised."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def one_call(case: Any) -> None:
        calls[0] += 1
        kwargs = case.as_transport_kwargs(base_url=f"{base_url}/rest/v1")
        body = kwargs.get("json")
        response = client.request(
            kwargs["method"],
            kwargs["url"],
            params=kwargs.get("params"),
            content=None if body is None else json.dumps(body),
            headers={
                **{k: str(v) for k, v in (kwargs.get("headers") or {}).items()},
                **headers,
                "Content-Type": "application/json",
            },
        )
        problems.extend(f"{operation.label}: {p}" for p in problems_of(response))

    one_call()
