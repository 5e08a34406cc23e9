"""The voice platform's own credentials over HTTP (issue 26 §4): the secret
header, Authorization: Bearer, and an HMAC-SHA256 signature of the raw body
(x-vapi-signature; with x-timestamp the signed text is "{timestamp}.{body}"
and must be within 5 minutes); several per clinic for rotation; a request
carrying none is refused before its body is read. Tenant resolution is as
before: the organization comes from the credential (and, for a signature,
the platform's assistant id), never from the model."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Callable

import httpx
import psycopg
import pytest

from tests.fixtures import Clinic
from tests.voice_agent.conftest import ENCRYPTION_KEY, Service, day


@pytest.fixture
def keyed(
    make_clinic: Callable[..., Clinic], owner_db: psycopg.Connection
) -> tuple[Clinic, str, dict[str, str]]:
    """A clinic with an assistant id, two bearer tokens and two HMAC keys."""
    assistant = f"asst-{uuid.uuid4().hex[:12]}"
    clinic = make_clinic(assistant_id=assistant)
    keys = {name: secrets.token_urlsafe(32) for name in ("bearer1", "bearer2", "hmac1", "hmac2")}
    ids = {}
    for name, secret in keys.items():
        kind = "hmac" if name.startswith("hmac") else "token"
        answer = owner_db.execute(
            "select public.add_voice_credential(%s, %s, %s, %s)",
            (clinic.org_id, kind, secret, ENCRYPTION_KEY),
        ).fetchone()[0]
        assert answer["success"], answer
        ids[name] = answer["credential_id"]
    keys.update({f"{name}_id": value for name, value in ids.items()})
    return clinic, assistant, keys


def _body(assistant: str) -> bytes:
    message = {
        "message": {
            "type": "tool-calls",
            "call": {"id": f"call-{uuid.uuid4().hex[:8]}", "assistantId": assistant},
            "toolCallList": [
                {
                    "id": "toolu_check",
                    "function": {"name": "check_availability", "arguments": {"date": day(2)}},
                }
            ],
        }
    }
    return json.dumps(message).encode()


def _sign(key: str, text: bytes) -> str:
    return hmac.new(key.encode(), text, hashlib.sha256).hexdigest()


def _post(
    service: Service, body: bytes, headers: dict[str, str], path: str = "/api/vapi/tools"
) -> httpx.Response:
    return httpx.post(
        f"{service.base_url}{path}",
        content=body,
        headers={"content-type": "application/json", **headers},
        timeout=30,
    )


def _answered(response: httpx.Response) -> bool:
    if response.status_code != 200:
        return False
    result = json.loads(response.json()["results"][0]["result"])
    return result["success"] is True


def test_the_secret_header_and_bearer_tokens(service: Service, keyed: tuple) -> None:
    clinic, assistant, keys = keyed
    body = _body(assistant)
    assert _answered(_post(service, body, {"X-Vapi-Secret": clinic.voice_secret}))
    assert _answered(_post(service, body, {"Authorization": f"Bearer {keys['bearer1']}"}))
    assert _answered(_post(service, body, {"authorization": f"bearer {keys['bearer2']}"}))
    assert _answered(_post(service, body, {"X-Vapi-Secret": keys["bearer2"]}))
    wrong = _post(service, body, {"Authorization": f"Bearer {keys['bearer1']}x"})
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "UNAUTHORIZED"
    basic = _post(service, body, {"Authorization": f"Basic {keys['bearer1']}"})
    assert basic.status_code == 401, "only the Bearer scheme carries a token"


def test_hmac_signatures(service: Service, keyed: tuple) -> None:
    _clinic, assistant, keys = keyed
    body = _body(assistant)
    stamp = str(int(time.time()))
    signed = _sign(keys["hmac1"], f"{stamp}.".encode() + body)
    assert _answered(_post(service, body, {"x-vapi-signature": signed, "x-timestamp": stamp}))
    assert _answered(_post(service, body, {"x-vapi-signature": _sign(keys["hmac1"], body)})), (
        "without a timestamp the raw body is signed"
    )
    digest = hmac.new(keys["hmac2"].encode(), body, hashlib.sha256).digest()
    assert _answered(
        _post(service, body, {"x-signature": "sha256=" + base64.b64encode(digest).decode()})
    ), "the second key (rotation), Vapi's default header, base64 with a prefix"

    tampered = body.replace(b"tool-calls", b"tool-callz")
    refused = _post(service, tampered, {"x-vapi-signature": signed, "x-timestamp": stamp})
    assert refused.status_code == 401, "a tampered body"
    old = str(int(time.time()) - 301)
    stale = _post(
        service,
        body,
        {"x-vapi-signature": _sign(keys["hmac1"], f"{old}.".encode() + body), "x-timestamp": old},
    )
    assert stale.status_code == 401, "a stale timestamp"
    wrong = _post(service, body, {"x-vapi-signature": _sign(secrets.token_urlsafe(32), body)})
    assert wrong.status_code == 401, "a wrong secret"
    garbage = _post(service, body, {"x-vapi-signature": "x" * 5000})
    assert garbage.status_code == 401


def test_retell_signatures(service: Service, keyed: tuple) -> None:
    """x-retell-signature: "v=<ms>,d=<hex>", the HMAC-SHA256 of the body
    followed by the timestamp, with the Retell API key (an hmac credential);
    as retell-sdk's verify computes it."""
    _clinic, assistant, keys = keyed
    body = _body(assistant)
    now_ms = str(int(time.time() * 1000))

    def retell(key: str, stamp: str, text: bytes = body) -> dict[str, str]:
        return {"x-retell-signature": f"v={stamp},d={_sign(key, text + stamp.encode())}"}

    assert _answered(_post(service, body, retell(keys["hmac1"], now_ms)))
    assert _answered(_post(service, body, retell(keys["hmac2"], now_ms))), "rotation"
    tampered = body.replace(b"tool-calls", b"tool-callz")
    assert _post(service, tampered, retell(keys["hmac1"], now_ms)).status_code == 401
    old_ms = str(int(time.time() * 1000) - 301_000)
    assert _post(service, body, retell(keys["hmac1"], old_ms)).status_code == 401, "stale"
    vapi_style = {"x-retell-signature": f"v={now_ms},d={_sign(keys['hmac1'], body)}"}
    assert _post(service, body, vapi_style).status_code == 401, "the body alone is not signed"
    wrong = _post(service, body, retell(secrets.token_urlsafe(32), now_ms))
    assert wrong.status_code == 401, "a wrong key"
    for garbage in ("v=1,d=zz", "d=" + "a" * 64, "x" * 5000):
        assert _post(service, body, {"x-retell-signature": garbage}).status_code == 401


def test_a_retell_custom_function_as_retell_sends_it(service: Service, keyed: tuple) -> None:
    """Retell's custom-function body ({"call": {"agent_id", ...}, "name",
    "args"}) on a spec route, signed with x-retell-signature: the clinic
    from the signature and the agent id, the arguments from args."""
    _clinic, assistant, keys = keyed
    body = json.dumps(
        {
            "call": {"call_id": f"call-{uuid.uuid4().hex[:8]}", "agent_id": assistant},
            "name": "check_availability",
            "args": {"date": day(2)},
        }
    ).encode()
    now_ms = str(int(time.time() * 1000))
    signed = {"x-retell-signature": f"v={now_ms},d={_sign(keys['hmac1'], body + now_ms.encode())}"}
    answer = _post(service, body, signed, "/api/vapi/tools/calendar/check")
    assert answer.status_code == 200, answer.text
    assert answer.json()["success"] is True
    other_agent = body.replace(assistant.encode(), b"asst-someone-else")
    resigned = {
        "x-retell-signature": f"v={now_ms},d={_sign(keys['hmac1'], other_agent + now_ms.encode())}"
    }
    refused = _post(service, other_agent, resigned, "/api/vapi/tools/calendar/check")
    assert refused.status_code == 401, "the key belongs to the agent's clinic only"


def test_rotation(service: Service, keyed: tuple, owner_db: psycopg.Connection) -> None:
    clinic, assistant, keys = keyed
    body = _body(assistant)
    for name in ("bearer1", "hmac1"):
        answer = owner_db.execute(
            "select public.revoke_voice_credential(%s, %s)", (clinic.org_id, keys[f"{name}_id"])
        ).fetchone()[0]
        assert answer["success"], answer
    assert _post(service, body, {"Authorization": f"Bearer {keys['bearer1']}"}).status_code == 401
    assert _answered(_post(service, body, {"Authorization": f"Bearer {keys['bearer2']}"}))
    assert _post(service, body, {"x-vapi-signature": _sign(keys["hmac1"], body)}).status_code == 401
    assert _answered(_post(service, body, {"x-vapi-signature": _sign(keys["hmac2"], body)}))


def test_a_request_without_a_credential_is_refused(service: Service, keyed: tuple) -> None:
    _clinic, assistant, _keys = keyed
    for path in ("/api/vapi/tools", "/api/vapi/webhook", "/api/vapi/tools/booking/lookup"):
        response = _post(service, _body(assistant), {}, path)
        assert response.status_code == 401, path
        assert "No credential" in response.json()["message"]
    huge = httpx.post(
        f"{service.base_url}/api/vapi/tools",
        content=b"{" * (256 * 1024),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert huge.status_code == 401, "refused before the body is read (not 413)"


def test_a_signature_names_only_its_own_clinic(
    service: Service, keyed: tuple, make_clinic: Callable[..., Clinic]
) -> None:
    _clinic, _assistant, keys = keyed
    rival_assistant = f"asst-{uuid.uuid4().hex[:12]}"
    make_clinic(assistant_id=rival_assistant)
    rival_body = _body(rival_assistant)
    refused = _post(service, rival_body, {"x-vapi-signature": _sign(keys["hmac2"], rival_body)})
    assert refused.status_code == 401, "a key verifies only for its own clinic's assistant"
