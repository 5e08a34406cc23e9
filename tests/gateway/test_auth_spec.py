"""Supabase's apikey check and PostgREST's JWT authentication
(test/spec/Feature/Auth/AuthSpec.hs), ported."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import jwt
import pytest

from shim.service import auth
from shim.service.errors import ServiceError
from shim.service.settings import ServiceSettings, SettingsError
from tests.gateway.conftest import JWT_SECRET, Gateway, raw_request

WRITE = {"Content-Profile": "rpc_fixtures"}


def call(gateway: Gateway, headers: dict[str, str], path: str = "sayhello") -> httpx.Response:
    body = {} if path == "whoami" else {"name": "jdoe"}
    return httpx.post(
        f"{gateway.rest_url}/rpc/{path}", json=body, headers={**WRITE, **headers}, timeout=30
    )


def with_bearer(gateway: Gateway, token: str) -> dict[str, str]:
    return {"apikey": gateway.anon_key, "Authorization": f"Bearer {token}"}


def segment(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def assert_jwt_failure(response: httpx.Response, code: str, message: str) -> dict[str, Any]:
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == (
        f'Bearer error="invalid_token", error_description="{message}"'
    )
    body = response.json()
    assert (body["code"], body["message"], body["hint"]) == (code, message, None)
    return body


# -- Supabase's apikey ---------------------------------------------------------------------
def test_missing_apikey_gives_supabase_401(gateway: Gateway) -> None:
    response = call(gateway, {})
    assert response.status_code == 401
    assert response.json() == {
        "code": None,
        "details": None,
        "message": "No API key found in request",
        "hint": "No `apikey` request header or url param was found.",
    }


def test_invalid_apikey_gives_supabase_401(gateway: Gateway) -> None:
    forged = jwt.encode({"role": "service_role"}, JWT_SECRET, algorithm="HS256")
    for apikey in ("nonsense", forged):
        response = call(gateway, {"apikey": apikey})
        assert response.status_code == 401
        assert response.json()["message"] == "Invalid API key"
        assert response.json()["hint"] == (
            "Double check your Supabase `anon` or `service_role` API key."
        )


def test_apikey_as_url_parameter(gateway: Gateway) -> None:
    response = httpx.get(
        f"{gateway.rest_url}/rpc/sayhello",
        params={"name": "x", "apikey": gateway.anon_key},
        headers={"Accept-Profile": "rpc_fixtures"},
    )
    assert response.json() == "Hello, x"


def test_the_apikey_is_the_bearer_when_authorization_is_absent(gateway: Gateway) -> None:
    anon = call(gateway, {"apikey": gateway.anon_key}, "whoami").json()
    service = call(gateway, {"apikey": gateway.service_role_key}, "whoami").json()
    assert (anon["current_user"], service["current_user"]) == ("anon", "service_role")


# -- privileges ---------------------------------------------------------------------------
def test_anon_without_privilege_gets_401_with_challenge(gateway: Gateway) -> None:
    response = call(gateway, {"apikey": gateway.anon_key}, "privileged_hello")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {
        "code": "42501",
        "details": None,
        "hint": None,
        "message": "permission denied for function privileged_hello",
    }


def test_authenticated_without_privilege_gets_403(gateway: Gateway) -> None:
    token = gateway.token({"role": "authenticated"})
    response = call(gateway, with_bearer(gateway, token), "privileged_hello")
    assert response.status_code == 403
    assert "www-authenticate" not in response.headers
    assert response.json()["code"] == "42501"


def test_role_with_privilege_executes(gateway: Gateway) -> None:
    token = gateway.token({"role": "service_role"})
    response = call(gateway, with_bearer(gateway, token), "privileged_hello")
    assert (response.status_code, response.json()) == (200, "Privileged hello to jdoe")


def test_a_role_that_does_not_exist_gives_401(gateway: Gateway) -> None:
    token = gateway.token({"role": "no_such_role"})
    response = call(gateway, with_bearer(gateway, token))
    assert response.status_code == 401
    assert response.json()["code"] == "22023"
    assert response.json()["message"] == 'role "no_such_role" does not exist'


def test_a_token_without_role_acts_as_anon(gateway: Gateway) -> None:
    token = gateway.token({"sub": "someone"})
    assert call(gateway, with_bearer(gateway, token), "whoami").json()["current_user"] == "anon"


def test_claims_reach_sql_with_the_role(gateway: Gateway) -> None:
    token = gateway.token({"role": "authenticated", "app_metadata": {"org_id": "x"}})
    response = httpx.post(
        f"{gateway.rest_url}/rpc/get_guc_value",
        json={"name": "request.jwt.claims"},
        headers={**WRITE, **with_bearer(gateway, token)},
    )
    claims = json.loads(response.json())
    assert claims["role"] == "authenticated"
    assert claims["app_metadata"] == {"org_id": "x"}


def test_bearer_and_lowercase_bearer(gateway: Gateway) -> None:
    token = gateway.token({"role": "service_role"})
    for scheme in ("Bearer", "bearer"):
        headers = {"apikey": gateway.anon_key, "Authorization": f"{scheme} {token}"}
        assert call(gateway, headers, "privileged_hello").status_code == 200


# -- JWT failures --------------------------------------------------------------------------
def test_empty_jwt(gateway: Gateway) -> None:
    # httpx refuses to send a header value with trailing white space.
    response = raw_request(
        gateway,
        b"POST /rest/v1/rpc/sayhello HTTP/1.1",
        {"apikey": gateway.anon_key, "Authorization": "Bearer ", **WRITE},
        b'{"name": "x"}',
    )
    body = assert_jwt_failure(response, "PGRST301", "Empty JWT is sent in Authorization header")
    assert body["details"] is None


def test_jwt_with_two_parts(gateway: Gateway) -> None:
    token = (
        "ey9zdGdyZXN0X3Rlc3RfYXV0aG9yIiwiaWQiOiJqZG9lIn0.y4vZuu1dDdwAl0-S00MCRWRYMlJ5YAMSir6Es6W"
    )
    response = call(gateway, with_bearer(gateway, token))
    assert_jwt_failure(response, "PGRST301", "Expected 3 parts in JWT; got 2")


def test_jwt_with_a_wrong_signature(gateway: Gateway) -> None:
    token = jwt.encode({"role": "service_role"}, "another-secret-" + "x" * 32, algorithm="HS256")
    response = call(gateway, with_bearer(gateway, token))
    assert_jwt_failure(response, "PGRST301", "JWT cryptographic operation failed")


def test_garbage_jwt(gateway: Gateway) -> None:
    response = call(gateway, with_bearer(gateway, "abc.def.ghi"))
    assert_jwt_failure(response, "PGRST301", "JWT cryptographic operation failed")


def test_unsigned_jwt(gateway: Gateway) -> None:
    token = f"{segment({'alg': 'none', 'typ': 'JWT'})}.{segment({'role': 'service_role'})}."
    response = call(gateway, with_bearer(gateway, token))
    body = assert_jwt_failure(response, "PGRST301", "Wrong or unsupported encoding algorithm")
    assert body["details"] is not None


@pytest.mark.parametrize("algorithm", ["HS512", "RS256"])
def test_jwt_for_another_key_type(gateway: Gateway, algorithm: str) -> None:
    header = segment({"alg": algorithm, "typ": "JWT"})
    token = f"{header}.{segment({'role': 'service_role'})}.c2lnbmF0dXJl"
    response = call(gateway, with_bearer(gateway, token))
    body = assert_jwt_failure(response, "PGRST301", "No suitable key or wrong key type")
    assert body["details"] == "No suitable key was found to decode the JWT"


def test_jwt_whose_claims_are_not_an_object(gateway: Gateway) -> None:
    token = jwt.api_jws.encode(b"[1, 2]", JWT_SECRET, algorithm="HS256")
    response = call(gateway, with_bearer(gateway, token))
    assert_jwt_failure(response, "PGRST303", "Parsing claims failed")


NOW = int(time.time())
AUD_MESSAGE = "The JWT 'aud' claim must be a string or an array of strings"


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"exp": NOW - 300}, "JWT expired"),
        ({"nbf": NOW + 300}, "JWT not yet valid"),
        ({"iat": NOW + 300}, "JWT issued at future"),
        ({"exp": "invalid"}, "The JWT 'exp' claim must be a number"),
        ({"nbf": "invalid"}, "The JWT 'nbf' claim must be a number"),
        ({"iat": "invalid"}, "The JWT 'iat' claim must be a number"),
        ({"aud": {"invalid": "value"}}, AUD_MESSAGE),
        ({"aud": [{"invalid": "value"}, "test"]}, AUD_MESSAGE),
    ],
)
def test_jwt_claim_failures(gateway: Gateway, claims: dict[str, Any], message: str) -> None:
    token = jwt.encode(
        {"role": "service_role", "exp": NOW + 3600, **claims}, JWT_SECRET, algorithm="HS256"
    )
    response = call(gateway, with_bearer(gateway, token))
    body = assert_jwt_failure(response, "PGRST303", message)
    assert body["details"] is None


def test_a_token_without_exp_is_refused(gateway: Gateway) -> None:
    """Unlike PostgREST: a token that never expires is never accepted."""
    token = jwt.encode({"role": "service_role"}, JWT_SECRET, algorithm="HS256")
    response = call(gateway, with_bearer(gateway, token), "privileged_hello")
    body = assert_jwt_failure(
        response, "PGRST303", "The JWT has no 'exp' claim: tokens that never expire are refused"
    )
    assert body["details"] is None


def test_time_claims_have_30_seconds_of_leeway(gateway: Gateway) -> None:
    now = int(time.time())
    claims = {"role": "service_role", "exp": now - 20, "nbf": now + 20, "iat": now + 20}
    token = jwt.encode(claims, JWT_SECRET, algorithm="HS256")
    assert call(gateway, with_bearer(gateway, token), "privileged_hello").status_code == 200


def test_the_server_recovers_after_auth_failures(gateway: Gateway) -> None:
    call(gateway, with_bearer(gateway, "abc"))
    token = gateway.token({"role": "service_role"})
    assert call(gateway, with_bearer(gateway, token), "privileged_hello").status_code == 200


def test_jwt_secret_must_be_32_characters() -> None:
    with pytest.raises(SettingsError, match="JWT_SECRET"):
        ServiceSettings(database_url="postgresql:///x", jwt_secret="short")


# -- verified tokens are kept, their time claims are not --------------------------------


def _settings() -> ServiceSettings:
    return ServiceSettings(database_url="postgresql:///x", jwt_secret=JWT_SECRET)


def test_a_kept_token_still_expires() -> None:
    now = int(time.time())
    token = jwt.encode({"role": "service_role", "exp": now + 60}, JWT_SECRET, algorithm="HS256")
    assert auth.authenticate(f"Bearer {token}", _settings(), now=now).role == "service_role"
    with pytest.raises(ServiceError) as raised:
        auth.authenticate(f"Bearer {token}", _settings(), now=now + 120)
    assert (raised.value.code, raised.value.message) == ("PGRST303", "JWT expired")


def test_a_token_differing_only_in_its_signature_is_refused() -> None:
    token = jwt.encode({"role": "service_role", "exp": NOW + 3600}, JWT_SECRET, algorithm="HS256")
    assert auth.authenticate(f"Bearer {token}", _settings()).role == "service_role"
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    with pytest.raises(ServiceError) as raised:
        auth.authenticate(f"Bearer {forged}", _settings())
    assert raised.value.code == "PGRST301"


def test_a_kept_token_is_refused_under_another_secret() -> None:
    token = jwt.encode({"role": "service_role", "exp": NOW + 3600}, JWT_SECRET, algorithm="HS256")
    assert auth.authenticate(f"Bearer {token}", _settings()).role == "service_role"
    other = ServiceSettings(database_url="postgresql:///x", jwt_secret="another-secret-" + "x" * 32)
    with pytest.raises(ServiceError):
        auth.authenticate(f"Bearer {token}", other)


def test_kept_claims_cannot_be_changed_by_a_caller() -> None:
    claims = {"role": "service_role", "app": {"a": 1}, "exp": NOW + 3600}
    token = jwt.encode(claims, JWT_SECRET, algorithm="HS256")
    caller = auth.authenticate(f"Bearer {token}", _settings())
    caller.claims["role"] = "postgres"  # the caller's own copy
    assert auth.authenticate(f"Bearer {token}", _settings()).role == "service_role"
