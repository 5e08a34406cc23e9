"""A token's role claim names only a role the gateway's login may switch to.

Not the login itself, not a superuser, not `none` (which resets the role to
the login), not an empty name or one with a NUL: those answer 401/403 with
PostgREST's body, before a connection is taken. And the gateway never
serves over a superuser login unless GATEWAY_UNSAFE_ALLOW_SUPERUSER is set;
even then a role claim cannot name a superuser.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from shim import run
from shim.database.url import with_user
from shim.gateway import create_app
from shim.service.application import refuse_superuser_login
from shim.service.settings import ServiceSettings, SettingsError
from shim.service.state import SuperuserLoginError
from tests.gateway.conftest import Gateway, settings_for
from tests.gateway.server import running_gateway

CREATE_ORG = "create_organization"


def superuser_name(database_url: str) -> str:
    with psycopg.connect(database_url) as conn:
        return conn.execute("select current_user").fetchone()[0]


def post(gateway: Gateway, role: object, function: str = "whoami") -> httpx.Response:
    token = gateway.token({"role": role})
    body = (
        {"p_name": f"Rogue {uuid.uuid4().hex[:8]}", "p_timezone": "UTC", "p_phone_region": "US"}
        if function == CREATE_ORG
        else {}
    )
    return httpx.post(
        f"{gateway.rest_url}/rpc/{function}",
        json=body,
        headers={
            "apikey": gateway.anon_key,
            "Authorization": f"Bearer {token}",
            **({} if function == CREATE_ORG else {"Content-Profile": "rpc_fixtures"}),
        },
        timeout=30,
    )


def assert_refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "details", "hint", "message"}
    assert body["code"] == code
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_the_login_itself_and_superusers_are_refused(gateway: Gateway, database_url: str) -> None:
    assert_refused(post(gateway, superuser_name(database_url), CREATE_ORG), 403, "42501")
    assert_refused(post(gateway, "authenticator", CREATE_ORG), 403, "42501")


@pytest.mark.parametrize("role", ["none", "", "service\x00role", "\x00", "NONE", "no_such_role"])
def test_roles_that_cannot_be_assumed_give_401(gateway: Gateway, role: str) -> None:
    assert_refused(post(gateway, role, CREATE_ORG), 401, "22023")


def test_the_api_roles_still_work(gateway: Gateway) -> None:
    assert post(gateway, "service_role").json()["current_user"] == "service_role"
    assert post(gateway, "authenticated").json()["current_user"] == "authenticated"


@pytest.fixture(scope="module")
def superuser_gateway(database_url: str, rpc_fixtures: str) -> Iterator[Gateway]:
    """The issue's set-up: the gateway logs in as a superuser (opted in)."""
    settings = settings_for(database_url).with_changes(
        database_url=database_url, allow_superuser_login=True
    )
    with running_gateway(settings) as base_url:
        yield Gateway(base_url, settings)


def test_over_a_superuser_login_a_token_still_cannot_act_as_a_superuser(
    superuser_gateway: Gateway, database_url: str
) -> None:
    before = count_organizations(database_url)
    assert_refused(post(superuser_gateway, superuser_name(database_url), CREATE_ORG), 403, "42501")
    assert_refused(post(superuser_gateway, "none", CREATE_ORG), 401, "22023")
    assert_refused(post(superuser_gateway, "pg_execute_server_program"), 403, "42501")
    assert count_organizations(database_url) == before
    assert post(superuser_gateway, "service_role").json()["current_user"] == "service_role"


def count_organizations(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("select count(*) from booking.organizations").fetchone()[0]


def test_a_superuser_login_refuses_to_start(database_url: str) -> None:
    settings = settings_for(database_url).with_changes(database_url=database_url)
    with pytest.raises(SuperuserLoginError, match="GATEWAY_UNSAFE_ALLOW_SUPERUSER"):
        asyncio.run(refuse_superuser_login(settings))
    app = create_app(settings)

    async def start() -> None:
        async with app.router.lifespan_context(app):
            pass

    with pytest.raises(SuperuserLoginError):
        asyncio.run(start())


def test_the_opt_in_is_an_explicit_variable() -> None:
    env = {"DATABASE_URL": "postgresql:///x", "JWT_SECRET": "s" * 40}
    assert ServiceSettings.from_env(env).allow_superuser_login is False
    opted_in = {**env, "GATEWAY_UNSAFE_ALLOW_SUPERUSER": "true"}
    assert ServiceSettings.from_env(opted_in).allow_superuser_login is True


def test_make_run_logs_the_gateway_in_as_authenticator(tmp_path: Path) -> None:
    env = {"DATABASE_URL": "postgresql://postgres:secret@db:5432/app"}
    with run.development_database(env, tmp_path) as (owner, login):
        assert owner == env["DATABASE_URL"]
        assert login == "postgresql://authenticator@db:5432/app"


def test_make_run_says_what_to_do_when_authenticator_cannot_log_in(server_url: str) -> None:
    with pytest.raises(SettingsError, match="GATEWAY_DATABASE_URL"):
        run.check_gateway_login(with_user(server_url, "no_such_login_role"))
