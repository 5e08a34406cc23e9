"""The configuration the platform accepts as given: the served JSON
type-checks against the voice platform's published TypeScript types
(@vapi-ai/server-sdk, pinned in tools/ensure-vapi-types.sh with the
TypeScript compiler; a dev-only check, installed from the npm registry into
a cache directory outside the repository, as chromium for the pages).

    GET /api/vapi/assistant-config (generic, and with a clinic's secret:
        its transfer tool)                      as Vapi.CreateAssistantDto
    the answer to an "assistant-request"       as Vapi.ServerMessageResponseAssistantRequest

Object literals get TypeScript's excess-property checks, so a property the
type does not have (the old `server.secret`) fails the compile: the first
test shows it does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.fixtures import Clinic, unique_phone
from tests.voice_agent.conftest import Service

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def vapi_types() -> Path:
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.fail("node and npm are needed for the platform's types (tools/ensure-vapi-types.sh)")
    completed = subprocess.run(
        ["bash", str(ROOT / "tools" / "ensure-vapi-types.sh")],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    return Path(completed.stdout.strip().splitlines()[-1])


def type_errors(types_dir: Path, declarations: dict[str, tuple[str, Any]]) -> str:
    """tsc's complaints ("" when none) about `const name: Vapi.<type> = <json>;` each."""
    lines = ['import type { Vapi } from "@vapi-ai/server-sdk";', ""]
    for name, (type_name, value) in declarations.items():
        lines.append(f"export const {name}: Vapi.{type_name} = {json.dumps(value, indent=2)};")
    with tempfile.TemporaryDirectory(dir=types_dir) as work:
        source = Path(work) / "served.ts"
        source.write_text("\n".join(lines) + "\n")
        completed = subprocess.run(
            [
                "node", str(types_dir / "node_modules" / "typescript" / "bin" / "tsc"),
                "--noEmit", "--strict", "--target", "es2020", "--module", "commonjs",
                "--moduleResolution", "node", "--skipLibCheck", str(source),
            ],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    return "" if completed.returncode == 0 else completed.stdout + completed.stderr


def test_the_check_refuses_a_property_the_type_lacks(vapi_types: Path):
    old = {"name": "x", "server": {"url": "https://x.example/api/vapi/webhook", "secret": "s"}}
    assert "secret" in type_errors(vapi_types, {"old": ("CreateAssistantDto", old)})


def test_the_served_configuration_and_call_start_answer_type_check(
    vapi_types: Path, service: Service, clinic: Clinic, owner_db: psycopg.Connection
):
    owner_db.execute(
        "update booking.organizations set contact_phone = %s where org_id = %s",
        (unique_phone(), clinic.org_id),
    )
    generic = httpx.get(f"{service.base_url}/api/vapi/assistant-config", timeout=30)
    assert generic.status_code == 200
    own = httpx.get(
        f"{service.base_url}/api/vapi/assistant-config", headers=clinic.voice_headers(), timeout=30
    )
    assert own.status_code == 200
    assert any(tool["type"] == "transferCall" for tool in own.json()["model"]["tools"])
    request = {"message": {"type": "assistant-request", "call": {"id": "call-types",
               "customer": {"number": unique_phone()}}}}  # fmt: skip
    answer = httpx.post(
        f"{service.base_url}/api/vapi/webhook",
        json=request,
        headers=clinic.voice_headers(),
        timeout=30,
    )
    assert answer.status_code == 200
    assert "assistant" in answer.json()
    errors = type_errors(
        vapi_types,
        {
            "generic": ("CreateAssistantDto", generic.json()),
            "clinic": ("CreateAssistantDto", own.json()),
            "callStart": ("ServerMessageResponseAssistantRequest", answer.json()),
        },
    )
    assert errors == ""
