"""What a tool answers when its SQL raises instead of answering: integrity
violations are the arguments' fault (409 INVALID_ARGUMENTS), a deadlock or
serialization failure is worth the same call again (503 BUSY_RETRY with
Retry-After), the rest as before.

No input of the five tools makes the SQL functions raise these SQLSTATEs
(they answer business errors instead), so the HTTP tests run the tool's
transaction as the service runs it, with a statement that raises the
SQLSTATE in place of the tool's own."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from shim.service.errors import ServiceError, status_for_sqlstate
from shim.voice_agent import tool_calls
from shim.voice_agent.database import call_function
from shim.voice_agent.tool_calls import AGENT_TOOLS, _tool_error
from tests.voice_agent.conftest import day, spec_call, tool_calls_message


def _api_error(sqlstate: str) -> ServiceError:
    return ServiceError(status_for_sqlstate(sqlstate, "m", authenticated=True), sqlstate, "m")


@pytest.mark.parametrize(
    ("sqlstate", "code", "status", "retry_after"),
    [
        ("23505", "INVALID_ARGUMENTS", 409, None),  # unique
        ("23503", "INVALID_ARGUMENTS", 409, None),  # foreign key
        ("23514", "INVALID_ARGUMENTS", 409, None),  # check
        ("23P01", "INVALID_ARGUMENTS", 409, None),  # exclusion
        ("40P01", "BUSY_RETRY", 503, 1),  # deadlock
        ("40001", "BUSY_RETRY", 503, 1),  # serialization failure
        # unchanged:
        ("42501", "NOT_ALLOWED", 403, None),
        ("22023", "INVALID_ARGUMENTS", 400, None),
        ("08006", "SERVICE_UNAVAILABLE", 503, None),
        ("57014", "SERVICE_UNAVAILABLE", 503, None),
        ("XX000", "SERVICE_UNAVAILABLE", 503, None),
        ("P0001", "TOOL_FAILED", 500, None),
    ],
)
def test_sqlstates_map_to_tool_errors(
    sqlstate: str, code: str, status: int, retry_after: int | None
) -> None:
    error = _tool_error(_api_error(sqlstate), AGENT_TOOLS["reserve_atomic"])
    assert (error.code, error.status, error.retry_after) == (code, status, retry_after)


@pytest.fixture
def sql_raises(monkeypatch: pytest.MonkeyPatch) -> Any:
    """raise_(sqlstate): every tool's SQL raises that SQLSTATE (in the tool's
    own transaction, as its role)."""

    def raise_(sqlstate: str) -> None:
        assert re.fullmatch("[0-9A-Z]{5}", sqlstate)
        statement = f"do $$ begin raise exception 'test' using errcode = '{sqlstate}'; end $$"

        async def raising(state: Any, caller: Any, path: str, _statement: Any, *_: Any, **kw: Any):
            return await call_function(state, caller, path, statement, {}, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(tool_calls, "call_function", raising)

    return raise_


@pytest.mark.parametrize("sqlstate", ["23505", "23514", "23503"])
def test_an_integrity_violation_is_409_invalid_arguments(
    http: httpx.Client, sql_raises: Any, sqlstate: str
) -> None:
    sql_raises(sqlstate)
    response = spec_call(http, "calendar/check", date=day(2))
    assert response.status_code == 409, response.text
    assert response.json()["success"] is False
    assert response.json()["error"] == "INVALID_ARGUMENTS"
    message = tool_calls_message("call-integrity", [("check_availability", {"date": day(2)})])
    (result,) = http.post("/api/vapi/tools", json=message).json()["results"]
    assert "result" not in result
    assert json.loads(result["error"]) == response.json()


@pytest.mark.parametrize("sqlstate", ["40P01", "40001"])
def test_a_deadlock_or_serialization_failure_is_503_busy_retry(
    http: httpx.Client, sql_raises: Any, sqlstate: str
) -> None:
    sql_raises(sqlstate)
    response = spec_call(http, "calendar/check", date=day(2))
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "1"
    assert response.json()["error"] == "BUSY_RETRY"
    message = tool_calls_message("call-busy", [("check_availability", {"date": day(2)})])
    answer = http.post("/api/vapi/tools", json=message)
    assert answer.status_code == 200
    (result,) = answer.json()["results"]
    assert json.loads(result["error"])["error"] == "BUSY_RETRY"


def test_the_tools_work_again_afterwards(http: httpx.Client) -> None:
    response = spec_call(http, "calendar/check", date=day(2))
    assert (response.status_code, response.json()["success"]) == (200, True)
