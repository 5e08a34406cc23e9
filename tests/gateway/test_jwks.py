"""Tokens signed with asymmetric keys (ES256, RS256, EdDSA) published as a
JWKS, as Supabase Auth signs them; and the new sb_ project keys.

The keys are generated here; the JWKS is a file: URL, re-read on an unknown
key id (no restart needed to rotate)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from shim.service import auth
from shim.service.errors import ServiceError
from shim.service.settings import ServiceSettings, SettingsError
from tests.gateway.conftest import JWT_SECRET, Gateway, settings_for
from tests.gateway.server import running_gateway

PUBLISHABLE = "sb_publishable_" + "p" * 32
SECRET = "sb_secret_" + "s" * 32
NO_KEY = "No suitable key or wrong key type"


class KeyFile:
    """A JWKS file and the private keys behind it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.private: dict[str, Any] = {}
        self.published: dict[str, dict[str, Any]] = {}

    @property
    def url(self) -> str:
        return self.path.as_uri()

    def add(self, kid: str, kind: str) -> None:
        if kind == "ES256":
            key: Any = ec.generate_private_key(ec.SECP256R1())
            public = ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
        elif kind == "RS256":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            public = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
        else:
            key = ed25519.Ed25519PrivateKey.generate()
            public = OKPAlgorithm.to_jwk(key.public_key(), as_dict=True)
        self.private[kid] = (key, kind)
        self.published[kid] = {**public, "kid": kid, "alg": kind, "use": "sig"}
        self.write()

    def remove(self, kid: str) -> None:
        self.published.pop(kid)
        self.write()

    def write(self) -> None:
        self.path.write_text(json.dumps({"keys": list(self.published.values())}))

    def token(self, kid: str, claims: dict[str, Any], *, lifetime: int = 600) -> str:
        key, kind = self.private[kid]
        payload = {"exp": int(time.time()) + lifetime, **claims}
        return jwt.encode(payload, key, algorithm=kind, headers={"kid": kid})

    def public_pem(self, kid: str) -> bytes:
        key, _ = self.private[kid]
        return key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


@pytest.fixture
def keys(tmp_path: Path) -> KeyFile:
    keys = KeyFile(tmp_path / "jwks.json")
    keys.add("ec-1", "ES256")
    keys.add("rsa-1", "RS256")
    return keys


def settings(keys: KeyFile, **changes: Any) -> ServiceSettings:
    base = ServiceSettings(
        database_url="postgresql:///x",
        jwt_secret=JWT_SECRET,
        jwks_url=keys.url,
        jwks_refresh_seconds=0.01,
        publishable_key=PUBLISHABLE,
        secret_key=SECRET,
    )
    return base.with_changes(**changes)


def member(org_id: str | None = None) -> dict[str, Any]:
    org = org_id or str(uuid.uuid4())
    return {"role": "authenticated", "sub": str(uuid.uuid4()), "app_metadata": {"org_id": org}}


def refused(token: str, config: ServiceSettings) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        auth.authenticate(f"Bearer {token}", config)
    assert raised.value.status == 401
    return raised.value


# -- verification ------------------------------------------------------------------------
@pytest.mark.parametrize("kid", ["ec-1", "rsa-1"])
def test_es256_and_rs256_tokens_are_verified_with_the_key_their_kid_names(
    keys: KeyFile, kid: str
) -> None:
    caller = auth.authenticate(f"Bearer {keys.token(kid, member())}", settings(keys))
    assert caller.role == "authenticated"


def test_eddsa_tokens_are_verified(keys: KeyFile) -> None:
    keys.add("ed-1", "EdDSA")
    token = keys.token("ed-1", member())
    assert auth.authenticate(f"Bearer {token}", settings(keys)).role == "authenticated"


def test_hs256_tokens_still_use_the_secret(keys: KeyFile) -> None:
    token = jwt.encode({"role": "service_role", "exp": int(time.time()) + 60}, JWT_SECRET)
    assert auth.authenticate(f"Bearer {token}", settings(keys)).role == "service_role"
    assert refused(token, settings(keys, jwt_secret="", service_secret="x" * 32)).message == NO_KEY


def _hs256_with(secret: bytes, claims: dict[str, Any], kid: str) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
    body = b64(json.dumps(claims).encode())
    signature = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(signature)}"


def test_an_hs256_token_made_with_a_public_key_is_refused(keys: KeyFile) -> None:
    claims = {"role": "service_role", "exp": int(time.time()) + 60}
    forged = _hs256_with(keys.public_pem("ec-1"), claims, "ec-1")
    assert refused(forged, settings(keys)).code == "PGRST301"
    # Nor with the JWK's own text as the secret.
    as_text = json.dumps(keys.published["ec-1"]).encode()
    assert refused(_hs256_with(as_text, claims, "ec-1"), settings(keys)).code == "PGRST301"


def test_a_token_may_not_choose_another_algorithm_than_its_key(keys: KeyFile) -> None:
    """An RS256 token naming the EC key, and the reverse, are refused."""
    rsa_key, _ = keys.private["rsa-1"]
    payload = {**member(), "exp": int(time.time()) + 60}
    wrong = jwt.encode(payload, rsa_key, algorithm="RS256", headers={"kid": "ec-1"})
    assert refused(wrong, settings(keys)).message == NO_KEY
    ec_key, _ = keys.private["ec-1"]
    wrong = jwt.encode(payload, ec_key, algorithm="ES256", headers={"kid": "rsa-1"})
    assert refused(wrong, settings(keys)).message == NO_KEY


def test_a_token_signed_by_an_unknown_key_is_refused(keys: KeyFile, tmp_path: Path) -> None:
    stranger = KeyFile(tmp_path / "other.json")
    stranger.add("ec-1", "ES256")  # the same kid, another key
    assert refused(stranger.token("ec-1", member()), settings(keys)).code == "PGRST301"
    stranger.add("ec-9", "ES256")
    assert refused(stranger.token("ec-9", member()), settings(keys)).message == NO_KEY


def test_rotation_needs_no_restart(keys: KeyFile) -> None:
    config = settings(keys)
    old = keys.token("ec-1", member())
    assert auth.authenticate(f"Bearer {old}", config).role == "authenticated"
    keys.add("ec-2", "ES256")
    keys.remove("ec-1")
    time.sleep(0.05)  # past the refresh interval
    new = keys.token("ec-2", member())
    assert auth.authenticate(f"Bearer {new}", config).role == "authenticated"
    # A token of the removed key that was never verified before is refused.
    assert refused(keys.token("ec-1", member(), lifetime=300), config).message == NO_KEY


def test_unknown_key_ids_reread_the_set_at_most_once_per_interval(keys: KeyFile) -> None:
    config = settings(keys, jwks_refresh_seconds=3600)
    assert auth.authenticate(f"Bearer {keys.token('ec-1', member())}", config)
    keys.add("ec-3", "ES256")
    # Read once already (and within the hour): the new key is not seen yet.
    assert refused(keys.token("ec-3", member()), config).message == NO_KEY


def test_tokens_without_exp_are_refused_whatever_their_key(keys: KeyFile) -> None:
    key, _ = keys.private["ec-1"]
    token = jwt.encode(member(), key, algorithm="ES256", headers={"kid": "ec-1"})
    assert refused(token, settings(keys)).code == "PGRST303"


def test_audience_and_issuer_when_configured(keys: KeyFile) -> None:
    config = settings(
        keys, jwt_audience="authenticated", jwt_issuer="https://p.supabase.co/auth/v1"
    )
    good = {**member(), "aud": "authenticated", "iss": "https://p.supabase.co/auth/v1"}
    assert auth.authenticate(f"Bearer {keys.token('ec-1', good)}", config)
    listed = {**good, "aud": ["other", "authenticated"]}
    assert auth.authenticate(f"Bearer {keys.token('ec-1', listed)}", config)
    for claims in ({**good, "aud": "other"}, {**good, "iss": "https://elsewhere"}):
        assert refused(keys.token("ec-1", claims), config).code == "PGRST303"
    # As PostgREST: no aud passes the audience check (not the issuer's).
    no_audience = {**member(), "iss": "https://p.supabase.co/auth/v1"}
    assert auth.authenticate(f"Bearer {keys.token('ec-1', no_audience)}", config)
    assert refused(keys.token("ec-1", member()), config).message == "JWT issuer is not accepted"


def test_a_jwks_url_must_be_https_or_a_file() -> None:
    with pytest.raises(SettingsError, match="JWT_JWKS_URL"):
        ServiceSettings(
            database_url="postgresql:///x", jwks_url="http://x/jwks.json", jwt_secret=JWT_SECRET
        )
    with pytest.raises(SettingsError, match="JWT_SECRET"):
        ServiceSettings(database_url="postgresql:///x")
    with pytest.raises(SettingsError, match="SERVICE_SECRET"):
        ServiceSettings(database_url="postgresql:///x", jwks_url="file:///x.json")


# -- project keys ------------------------------------------------------------------------
def test_sb_keys_stand_for_anon_and_service_role(keys: KeyFile) -> None:
    config = settings(keys)
    assert auth.api_key_role(PUBLISHABLE, config) == "anon"
    assert auth.api_key_role(SECRET, config) == "service_role"
    assert auth.api_key_role("sb_secret_" + "x" * 32, config) is None
    assert auth.authenticate(f"Bearer {SECRET}", config).role == "service_role"
    assert auth.authenticate(f"Bearer {PUBLISHABLE}", config).role == "anon"
    with pytest.raises(ServiceError):
        auth.check_api_key("sb_publishable_unknown", config)
    with pytest.raises(SettingsError, match="PUBLISHABLE_KEY"):
        settings(keys, publishable_key="sb_secret_" + "x" * 10)


# -- through the REST gateway ----------------------------------------------------------
@pytest.fixture
def jwks_gateway(database_url: str, rpc_fixtures: str, keys: KeyFile) -> Iterator[Gateway]:
    config = settings_for(
        database_url,
        jwks_url=keys.url,
        jwks_refresh_seconds=0.01,
        publishable_key=PUBLISHABLE,
        secret_key=SECRET,
        jwt_audience="authenticated",
    )
    with running_gateway(config) as base_url:
        yield Gateway(base_url, config)


def test_rest_accepts_es256_and_rs256_user_tokens(jwks_gateway: Gateway, keys: KeyFile) -> None:
    for kid in ("ec-1", "rsa-1"):
        token = keys.token(kid, {**member(), "aud": "authenticated"})
        client = jwks_gateway.client(token, schema="rpc_fixtures")
        answer = client.rpc("get_guc_value", {"prefix": "request.jwt.claims", "name": "role"})
        assert answer.execute().data == "authenticated"


def test_rest_refuses_a_token_for_another_audience(jwks_gateway: Gateway, keys: KeyFile) -> None:
    token = keys.token("ec-1", {**member(), "aud": "somebody-else"})
    response = httpx.post(
        f"{jwks_gateway.rest_url}/rpc/sayhello",
        json={"name": "x"},
        headers={**jwks_gateway.headers(token), "Content-Profile": "rpc_fixtures"},
    )
    assert (response.status_code, response.json()["message"]) == (401, "JWT not in audience")


def test_rest_maps_sb_keys_to_roles(jwks_gateway: Gateway) -> None:
    call = {"prefix": "request.jwt.claims", "name": "role"}
    url = f"{jwks_gateway.rest_url}/rpc/get_guc_value"
    profile = {"Content-Profile": "rpc_fixtures"}
    for key, role in ((PUBLISHABLE, "anon"), (SECRET, "service_role")):
        response = httpx.post(url, json=call, headers={"apikey": key, **profile})
        assert (response.status_code, response.json()) == (200, role)
    unknown = httpx.post(url, json=call, headers={"apikey": "sb_secret_nope", **profile})
    assert unknown.status_code == 401


def test_rest_rotation_without_restart(jwks_gateway: Gateway, keys: KeyFile) -> None:
    keys.add("ec-2", "ES256")
    keys.remove("ec-1")
    time.sleep(0.05)
    token = keys.token("ec-2", {**member(), "aud": "authenticated"})
    client = jwks_gateway.client(token, schema="rpc_fixtures")
    assert client.rpc("sayhello", {"name": "rotated"}).execute().data == "Hello, rotated"
