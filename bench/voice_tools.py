"""Benchmark 7, voice tools: each voice-agent tool route over HTTP with the
platform's message format, mixed, in an open loop at half the measured
capacity over 64 clinics: p50/p95/p99 per tool.

    .venv/bin/python -m bench.voice_tools [--quick]

(`python -m bench` runs it with the others.) The service's voice-agent
routes (bench.gateway_server with BENCH_VOICE_AGENT=1: the gateway and the
voice-agent surface, no SMS worker) on a database of their own; 64 clinics
open around the clock, each with a voice-agent secret, the caller-id policy
trust_attested (so cancel and reschedule act on the attested caller id and
change something, as the platform's call object says) and budgets that the
run cannot reach. Each request is a Vapi server message: a "tool-calls"
message with one tool call (its own toolCallId, a call object with the
caller id and the STIR/SHAKEN header) on POST /api/vapi/tools, or an
"end-of-call-report" on POST /api/vapi/webhook:

  availability  check_availability for a day
  hold          reserve_atomic of a free slot (its own call)
  send code     send_otp for a hold made beforehand
  confirm       verify_otp with the code texted for a hold made beforehand
                (read from the outbox): books the appointment
  lookup        lookup_appointments by an attested caller id with appointments
  cancel        cancel_appointment of one of the caller's appointments
  reschedule    reschedule_appointment of one to a free slot
  call report   end-of-call-report of a call

Every mutating request has its own hold, appointment or call, made in SQL
before the phase that uses it. Capacity: the mixed requests in a closed loop
on CAPACITY_CONNECTIONS connections. Then the open loop: requests start at
a constant rate (OPEN_LOOP_SHARE of that capacity), the tools in turn,
each on a connection free at that moment (a new one when none is); the
latency of a request counts from its scheduled start, so queueing counts.
A request fails on a status other than 200 or a tool-call "error" (the
shim's refusal); the answers' own success is counted per tool too.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from bench.common import (
    BenchServer,
    Distribution,
    GatewayProcess,
    Progress,
    SlotPlan,
    bench_server,
    create_clinics,
)
from bench.http_client import HttpConnection

CLINICS = 64
OPEN_LOOP_SHARE = 0.5
CAPACITY_CONNECTIONS = 8
P99_GOAL_MS = 50.0
TOOLS = (
    "availability", "hold", "send_code", "confirm", "lookup", "cancel", "reschedule",
    "call_report",
)  # fmt: skip
ATTESTED = {"X-StirVerstat": "TN-Validation-Passed-A"}
CODE = re.compile(r"code is (\d{4})")


@dataclass
class Clinic:
    org_id: uuid.UUID
    secret: str
    plan: SlotPlan
    next_slot: Iterator[int] = field(default_factory=itertools.count)

    def slot(self) -> tuple[int, str]:
        n = next(self.next_slot)
        return n, self.plan.start(n).isoformat()


@dataclass
class Request:
    tool: str
    path: str
    body: bytes
    headers: dict[str, str]


def _tool_call(
    clinic: Clinic, name: str, arguments: dict[str, Any], caller: str, call_id: str
) -> Request:
    message = {
        "message": {
            "type": "tool-calls",
            "call": {
                "id": call_id,
                "customer": {"number": caller},
                "phoneCallProviderDetails": {"sip": {"headers": ATTESTED}},
            },
            "toolCallList": [
                {
                    "id": f"toolu_{uuid.uuid4().hex}",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ],
        }
    }
    return Request(name, "/api/vapi/tools", json.dumps(message).encode(), _headers(clinic))


def _headers(clinic: Clinic) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Vapi-Secret": clinic.secret}


def _phone(clinic_index: int, n: int) -> str:
    return f"+1415{(clinic_index % 64) * 100_000 + 2_000_000 + n % 100_000:07d}"


def setup_clinics(database_url: str, count: int) -> list[Clinic]:
    orgs = create_clinics(database_url, count, "voice")
    # Half-hour slots (the default service's length), 02:00 to 22:00 UTC.
    plan = SlotPlan(SlotPlan.starting_in(2).first_day_epoch, step_seconds=1800, per_day=40,
                    minutes=30)  # fmt: skip
    clinics = []
    with psycopg.connect(database_url, autocommit=True) as conn:
        for org_id in orgs:
            secret = uuid.uuid4().hex + uuid.uuid4().hex
            row = conn.execute(
                "select public.set_voice_agent(%s, %s, null, null)", (org_id, secret)
            ).fetchone()
            if not row or not row[0].get("success"):
                raise RuntimeError(f"set_voice_agent: {row}")
            conn.execute(
                "insert into booking.voice_caller_policies"
                " (org_id, caller_id_policy, lookups_per_call, lookups_per_hour)"
                " values (%s, 'trust_attested', 1000, 100000)",
                (org_id,),
            )
            conn.execute(
                "insert into booking.sms_limits (org_id, otp_codes_per_hour) values (%s, 100000)",
                (org_id,),
            )
            clinics.append(Clinic(org_id, secret, plan))
    return clinics


def _member(conn: psycopg.Connection[Any], org_id: uuid.UUID) -> None:
    claims = json.dumps({"role": "authenticated", "app_metadata": {"org_id": str(org_id)}})
    conn.execute("select set_config('request.jwt.claims', %s, true)", (claims,))


def make_requests(database_url: str, clinics: list[Clinic], per_tool: int) -> list[Request]:
    """per_tool requests of each tool, spread over the clinics, in turn
    (availability, hold, send code, ...), with the holds, codes and
    appointments they need made first."""
    per_clinic = -(-per_tool // len(clinics))
    made: dict[str, list[Request]] = {tool: [] for tool in TOOLS}
    day = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    with psycopg.connect(database_url) as conn:
        for index, clinic in enumerate(clinics):
            _member(conn, clinic.org_id)
            for _ in range(per_clinic):
                made["availability"].append(
                    _tool_call(clinic, "check_availability", {"date": day},
                               _phone(index, 99_999), f"call-{uuid.uuid4().hex}")
                )  # fmt: skip
                n, start = clinic.slot()
                made["hold"].append(
                    _tool_call(clinic, "reserve_atomic",
                               {"slotId": start, "patientName": "Bench Caller",
                                "patientPhone": _phone(index, n)},
                               _phone(index, n), f"call-{uuid.uuid4().hex}")
                )  # fmt: skip
                # A hold to text a code for, and one whose code was texted.
                for tool in ("send_code", "confirm"):
                    n, start = clinic.slot()
                    phone, call_id = _phone(index, n), f"call-{uuid.uuid4().hex}"
                    hold = conn.execute(
                        "select public.claim_slot_atomic(%s, null, %s, %s, 'Bench Caller', %s)",
                        (clinic.org_id, start, call_id, phone),
                    ).fetchone()
                    hold_id = _succeeded(hold)["hold_id"]
                    if tool == "send_code":
                        made[tool].append(
                            _tool_call(clinic, "send_otp", {"holdId": hold_id}, phone, call_id)
                        )
                        continue
                    _succeeded(
                        conn.execute("select public.send_otp(%s, null)", (hold_id,)).fetchone()
                    )
                    body = conn.execute(
                        "select body from booking.sms_outbox where org_id = %s and recipient = %s"
                        " and kind = 'otp' order by created_at desc limit 1",
                        (clinic.org_id, phone),
                    ).fetchone()
                    code = CODE.search(body[0]) if body else None
                    assert code is not None, body
                    made[tool].append(
                        _tool_call(clinic, "verify_otp",
                                   {"holdId": hold_id, "providedOTP": code.group(1)}, phone,
                                   call_id)
                    )  # fmt: skip
                # Appointments to look up, cancel and move, each of its own patient.
                for tool in ("lookup", "cancel", "reschedule"):
                    n, start = clinic.slot()
                    phone = _phone(index, n)
                    booked = conn.execute(
                        "select public.book_appointment_atomic(%s, 'Bench Patient', null, %s,"
                        " 'consultation', %s, 30)",
                        (clinic.org_id, phone, start),
                    ).fetchone()
                    appointment = _succeeded(booked)["appointment_id"]
                    call_id = f"call-{uuid.uuid4().hex}"
                    if tool == "lookup":
                        request = _tool_call(clinic, "lookup_appointments", {}, phone, call_id)
                    elif tool == "cancel":
                        arguments = {"appointmentId": appointment}
                        request = _tool_call(
                            clinic, "cancel_appointment", arguments, phone, call_id
                        )
                    else:
                        _, target = clinic.slot()
                        request = _tool_call(
                            clinic, "reschedule_appointment",
                            {"appointmentId": appointment, "slotId": target}, phone, call_id,
                        )  # fmt: skip
                    made[tool].append(request)
                made["call_report"].append(_call_report(clinic, _phone(index, 99_998)))
            conn.commit()
    for tool, requests in made.items():
        for request in requests:
            request.tool = tool  # the benchmark's name for it
    ordered = []
    for position in range(per_clinic * len(clinics)):
        ordered += [made[tool][position] for tool in TOOLS]
    return ordered


def _succeeded(row: Any) -> dict[str, Any]:
    if row is None or not isinstance(row[0], dict) or row[0].get("success") is not True:
        raise RuntimeError(f"voice tools: setting up failed: {row}")
    return row[0]


def _call_report(clinic: Clinic, phone: str) -> Request:
    ended = datetime.now(UTC)
    message = {
        "message": {
            "type": "end-of-call-report",
            "call": {"id": f"call-{uuid.uuid4().hex}", "type": "inboundPhoneCall"},
            "customer": {"number": phone},
            "startedAt": (ended - timedelta(seconds=240)).isoformat(),
            "endedAt": ended.isoformat(),
            "endedReason": "customer-ended-call",
            "artifact": {"transcript": "AI: Hello.\nUser: Just a question.", "messages": []},
            "analysis": {"summary": "The caller asked about hours.", "successEvaluation": "true"},
        }
    }
    return Request("call_report", "/api/vapi/webhook", json.dumps(message).encode(),
                   _headers(clinic))  # fmt: skip


@dataclass
class Outcome:
    tool: str
    seconds: float
    failed: bool
    succeeded: bool  # the answer's own success


def _judge(tool: str, status: int, body: bytes) -> tuple[bool, bool]:
    """(failed, succeeded)."""
    if status != 200:
        return True, False
    answer = json.loads(body)
    if tool == "call_report":
        return False, answer.get("success") is True
    (result,) = answer["results"]
    if "error" in result:
        return True, False
    return False, json.loads(result["result"]).get("success") is True


class Connections:
    """Keep-alive connections, each used by one request at a time; one idle
    longer than IDLE_SECONDS is closed rather than used (uvicorn closes
    connections idle for 5 s)."""

    IDLE_SECONDS = 3.0

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.free: list[tuple[HttpConnection, float]] = []
        self.opened = 0

    async def take(self) -> HttpConnection:
        while self.free:
            connection, since = self.free.pop()
            if time.monotonic() - since < self.IDLE_SECONDS:
                return connection
            await connection.close()
        self.opened += 1
        return await HttpConnection(self.host, self.port).open()

    def give(self, connection: HttpConnection) -> None:
        self.free.append((connection, time.monotonic()))

    async def close(self) -> None:
        for connection, _ in self.free:
            await connection.close()
        self.free = []


async def _send(connections: Connections, request: Request, started: float) -> Outcome:
    connection = await connections.take()
    status, body, _ = await connection.send(
        connection.request_bytes(request.path, request.headers, request.body)
    )
    connections.give(connection)
    failed, succeeded = _judge(request.tool, status, body)
    return Outcome(request.tool, time.perf_counter() - started, failed, succeeded)


async def closed_loop(base: tuple[str, int], requests: list[Request], clients: int) -> float:
    """Requests per second with `clients` connections sending back to back."""
    connections = Connections(*base)
    queue = list(reversed(requests))

    async def client() -> int:
        done = 0
        while queue:
            request = queue.pop()
            outcome = await _send(connections, request, time.perf_counter())
            if outcome.failed:
                raise RuntimeError(f"voice tools: {request.tool} failed in the closed loop")
            done += 1
        return done

    started = time.perf_counter()
    done = sum(await asyncio.gather(*(client() for _ in range(clients))))
    seconds = time.perf_counter() - started
    await connections.close()
    return done / seconds


async def open_loop(
    base: tuple[str, int], requests: list[Request], rate: float
) -> tuple[list[Outcome], int, float]:
    """(outcomes, connections opened, seconds): request i starts at i / rate."""
    connections = Connections(*base)
    began = time.perf_counter()
    tasks = []
    for i, request in enumerate(requests):
        due = began + i / rate
        if (delay := due - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_send(connections, request, due)))
    outcomes = await asyncio.gather(*tasks)
    seconds = time.perf_counter() - began
    await connections.close()
    return list(outcomes), connections.opened, seconds


def run(
    database_url: str,
    gateway_url: str,
    progress: Progress,
    *,
    capacity_per_tool: int,
    open_loop_seconds: float,
    workdir: Path,
) -> dict[str, Any]:
    clinics = setup_clinics(database_url, CLINICS)
    progress(f"voice tools: {CLINICS} clinics; making {capacity_per_tool} requests per tool")
    with GatewayProcess(
        gateway_url, workdir / "voice-tools-gateway.log", extra_env={"BENCH_VOICE_AGENT": "1"}
    ) as gateway:
        host, port = "127.0.0.1", gateway.port
        warmup = make_requests(database_url, clinics, len(clinics))
        asyncio.run(closed_loop((host, port), warmup, CAPACITY_CONNECTIONS))
        measured = make_requests(database_url, clinics, capacity_per_tool)
        progress(f"voice tools: capacity, {len(measured)} mixed requests, closed loop")
        capacity = asyncio.run(closed_loop((host, port), measured, CAPACITY_CONNECTIONS))
        rate = max(OPEN_LOOP_SHARE * capacity, 8.0)
        per_tool = max(int(rate * open_loop_seconds / len(TOOLS)), 8)
        requests = make_requests(database_url, clinics, per_tool)
        progress(
            f"voice tools: open loop at {rate:.0f} requests/s ({OPEN_LOOP_SHARE:.0%} of "
            f"{capacity:.0f}), {len(requests)} requests"
        )
        outcomes, opened, seconds = asyncio.run(open_loop((host, port), requests, rate))
    tools = {}
    for tool in TOOLS:
        mine = [o for o in outcomes if o.tool == tool]
        tools[tool] = {
            "latency": Distribution.of_seconds([o.seconds for o in mine]).to_json(),
            "requests": len(mine),
            "failures": sum(o.failed for o in mine),
            "succeeded": sum(o.succeeded for o in mine),
        }
    return {
        "clinics": CLINICS,
        "capacity": round(capacity, 1),
        "share": OPEN_LOOP_SHARE,
        "rate": round(rate, 1),
        "achieved_rate": round(len(outcomes) / seconds, 1),
        "seconds": round(seconds, 2),
        "requests": len(outcomes),
        "connections": opened,
        "failures": sum(o.failed for o in outcomes),
        "all": Distribution.of_seconds([o.seconds for o in outcomes]).to_json(),
        "tools": tools,
        "goal": {"p99_ms": P99_GOAL_MS},
    }


def measure(
    server: BenchServer, progress: Progress, *, quick: bool, workdir: Path
) -> dict[str, Any]:
    database = server.fresh_database("bench_voice")
    return run(
        database.url, database.gateway_url, progress,
        capacity_per_tool=64 if quick else 256, open_loop_seconds=2 if quick else 15,
        workdir=workdir,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    workdir = Path(__file__).resolve().parent / "out"
    workdir.mkdir(parents=True, exist_ok=True)
    progress = Progress()
    with bench_server(progress) as server:
        result = measure(server, progress, quick=args.quick, workdir=workdir)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
