"""Benchmark 2, contention: 64 clients book conflicting slots through HTTP at
the same instant.

Two scenarios, in rounds (each round on its own stretch of one clinic's
calendar, far from the others):
  same slot   all 64 ask for the same start and duration;
  overlapping all 64 ask for slots of mixed durations (1 to 180 minutes)
              that all contain the round's midpoint, so any two overlap.
Each round is one conflict: exactly one request may win. The 64 requests
wait on one asyncio event and leave together on 64 keep-alive
connections (bench.http_client), with a member JWT of the clinic and
distinct patients. Checked: one winner per round, no 5xx (and no other
non-200 answer), every loser answered SLOT_UNAVAILABLE (or BUSY_RETRY,
counted), and an independent self-join over booking.appointments finds no
two overlapping appointments. Reported: the losers' and winners' latency.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import (
    ANON_KEY,
    BenchServer,
    Distribution,
    GatewayProcess,
    Progress,
    create_clinics,
    member_token,
    overlaps,
)
from bench.http_client import HttpConnection

CLIENTS = 64
RPC_PATH = "/rest/v1/rpc/book_appointment_atomic"
MIDPOINT_HOURS = (4, 8, 12, 16, 20)  # UTC clinic: rounds never cross midnight


def round_midpoint(first_day: datetime, round_number: int) -> datetime:
    day, slot = divmod(round_number, len(MIDPOINT_HOURS))
    return first_day + timedelta(days=day, hours=MIDPOINT_HOURS[slot])


def booking_body(org: uuid.UUID, patient: int, start: datetime, minutes: int) -> bytes:
    return json.dumps(
        {
            "p_org_id": str(org),
            "p_patient_name": f"Contender {patient}",
            "p_patient_email": None,
            "p_patient_phone": f"+1415{3_000_000 + patient:07d}",
            "p_service_type": "consultation",
            "p_scheduled_at": start.isoformat(),
            "p_duration_minutes": minutes,
        }
    ).encode()


def same_slot_requests(org: uuid.UUID, midpoint: datetime, first_patient: int) -> list[bytes]:
    return [booking_body(org, first_patient + i, midpoint, 30) for i in range(CLIENTS)]


def overlapping_requests(
    org: uuid.UUID, midpoint: datetime, first_patient: int, rng: random.Random
) -> list[bytes]:
    bodies = []
    for i in range(CLIENTS):
        before, after = rng.randint(0, 89), rng.randint(1, 90)
        start = midpoint - timedelta(minutes=before)
        bodies.append(booking_body(org, first_patient + i, start, before + after))
    return bodies


async def one_round(
    connections: Sequence[HttpConnection], requests: Sequence[bytes]
) -> list[tuple[int, bytes, float]]:
    go = asyncio.Event()

    async def client(connection: HttpConnection, request: bytes) -> tuple[int, bytes, float]:
        await go.wait()
        return await connection.send(request)

    tasks = [asyncio.create_task(client(c, r)) for c, r in zip(connections, requests, strict=True)]
    await asyncio.sleep(0.01)  # every task waits on the event
    go.set()
    return list(await asyncio.gather(*tasks))


async def run_rounds(
    gateway: GatewayProcess, org: uuid.UUID, rounds: int, first_day: datetime, seed: int
) -> dict[str, Any]:
    token = member_token(org)
    headers = {
        "apikey": ANON_KEY,
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
    }
    connections = [await HttpConnection("127.0.0.1", gateway.port).open() for _ in range(CLIENTS)]
    rng = random.Random(seed)
    outcomes: list[dict[str, Any]] = []
    try:
        for scenario in ("same_slot", "overlapping"):
            winners_per_round: list[int] = []
            statuses: Counter[int] = Counter()
            codes: Counter[str] = Counter()
            loser_latency: list[float] = []
            winner_latency: list[float] = []
            for number in range(rounds):
                round_number = number if scenario == "same_slot" else rounds + number
                midpoint = round_midpoint(first_day, round_number)
                first_patient = round_number * CLIENTS
                bodies = (
                    same_slot_requests(org, midpoint, first_patient)
                    if scenario == "same_slot"
                    else overlapping_requests(org, midpoint, first_patient, rng)
                )
                requests = [
                    connections[0].request_bytes(RPC_PATH, headers, body) for body in bodies
                ]
                answers = await one_round(connections, requests)
                winners = 0
                for status, body, seconds in answers:
                    statuses[status] += 1
                    result = json.loads(body) if status == 200 else {}
                    if result.get("success") is True:
                        winners += 1
                        winner_latency.append(seconds)
                    else:
                        codes[str(result.get("error") or f"HTTP {status}")] += 1
                        loser_latency.append(seconds)
                winners_per_round.append(winners)
            outcomes.append(
                {
                    "scenario": scenario,
                    "rounds": rounds,
                    "clients": CLIENTS,
                    "rounds_with_exactly_one_winner": sum(1 for w in winners_per_round if w == 1),
                    "winners_per_round": dict(Counter(winners_per_round)),
                    "statuses": {str(k): v for k, v in sorted(statuses.items())},
                    "server_errors": sum(v for k, v in statuses.items() if k >= 500),
                    "loser_codes": dict(codes),
                    "loser_latency": Distribution.of_seconds(loser_latency).to_json(),
                    "winner_latency": Distribution.of_seconds(winner_latency).to_json(),
                }
            )
    finally:
        for connection in connections:
            await connection.close()
    return {"scenarios": outcomes}


def measure(
    server: BenchServer, progress: Progress, *, quick: bool, workdir: Path
) -> dict[str, Any]:
    rounds = 3 if quick else 40
    database = server.fresh_database("bench_contention")
    (org,) = create_clinics(database.url, 1, "contention")
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    first_day = today + timedelta(days=2)
    with GatewayProcess(database.gateway_url, workdir / "gateway-contention.log") as gateway:
        progress(f"contention: {CLIENTS} clients, {rounds} rounds per scenario")
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu_before, started = usage.ru_utime + usage.ru_stime, time.monotonic()
        result = asyncio.run(run_rounds(gateway, org, rounds, first_day, seed=7))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        wall = time.monotonic() - started
    result["overlaps"] = overlaps(database.url, [org])
    result["loader_cpu"] = round((usage.ru_utime + usage.ru_stime - cpu_before) / wall, 2)
    return result
