"""Benchmark 8, waitlist (issue 25): how soon a freed slot's first offer
reaches the provider, and how many claims per second one hot slot takes.

    .venv/bin/python -m bench.waitlist [--rounds 300] [--claim-rounds 40]
                                       [--claimants 50] [--cost-rounds 200]

(`python -m bench` runs it with the other benchmarks.) On a clinic of its
own with the waitlist on (no quiet hours):

1. Offer latency: a real SMS worker process (python -m shim.sms.worker, as
   bench/sms_latency.py) sends through the local Twilio-compatible server
   (tests/sms/twilio_server.py), which records when each request arrives.
   Each round one patient joins the waitlist, another patient's
   appointment is booked and then cancelled by the clinic, committed as the
   service commits (the wake-ups it owes sent after COMMIT:
   shim/database/after_commit.py); the figure is the time from the end of
   the cancelling COMMIT (as the client saw it) to the provider receiving
   the offer SMS. Rounds run one after the other; the patient leaves the
   list afterwards. Goal: p50 < 300 ms, p99 < 1 s.
2. Hot slot: each round --claimants patients join (batches of that size),
   a slot is freed so all of them are offered it, and each claims at the
   same moment on a connection of its own (as anon,
   public.claim_waitlist_offer with the token of the link in its offer
   SMS): claims per second from the release to the last answer. Every
   round must have exactly one winner, every other answer OFFER_TAKEN (or
   BUSY_RETRY, counted), one appointment in the slot and no overlap.
3. Cost: what the waitlist adds to a booking and a cancellation (the
   triggers that free and take time for it). Three clinics, the variants
   alternating round by round on one connection: the waitlist off; on with
   nobody waiting; on with 3 patients waiting who fit (the cancellation
   queues 3 offers; they leave after the round, untimed). Each round books
   a slot and cancels it; the booking and the cancellation are timed from
   the client, commit included.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, LiteralString

import psycopg
from psycopg.types.json import Jsonb

from bench import queries as bench_queries
from bench.common import BenchServer, Distribution, Progress, bench_server
from bench.sms_latency import KEY, listeners, start_workers, stop_workers, wait
from shim import queries
from shim.database.after_commit import notify_owed
from tests.fixtures import create_org, local_noon
from tests.sms.twilio_server import FakeTwilio

ROOT = Path(__file__).resolve().parent.parent
OFFER_LINK = re.compile(r"/w/([A-Za-z0-9_-]{32})")
GOAL_P50_MS = 300.0
GOAL_P99_MS = 1000.0

IN_THE_SLOT = """
select count(*) from booking.appointments
 where org_id = %s and status <> 'cancelled'
   and scheduled_at < %s and scheduled_at + make_interval(mins => duration_minutes) > %s
"""
JOIN = """
select public.join_waitlist(%s, %s, %s, 'consultation', p_earliest => %s, p_latest => %s)
"""
BOOK = """
select public.book_appointment_atomic(%s, 'Bench Canceller', null, %s, 'consultation', %s, 30)
"""
CANCEL = "select public.cancel_appointment(%s, %s)"
LEAVE = "select public.leave_waitlist(%s, %s)"
CLAIM = "select public.claim_waitlist_offer(%s)"
OFFERS_OF = "select count(*) from booking.waitlist_offers where org_id = %s"


class Phones:
    """Numbers used once each (no recipient's hourly limit is reached)."""

    def __init__(self, area: int) -> None:
        self.area = area
        self.next = 2_000_000

    def __call__(self) -> str:
        self.next += 1
        return f"+1{self.area}{self.next:07d}"


def committed(conn: psycopg.Connection, statement: LiteralString, parameters: tuple) -> Any:
    """One statement committed as the service commits; its answer. The
    wake-ups it owes go out after COMMIT."""
    conn.execute("begin")
    row = conn.execute(statement, parameters).fetchone()
    owed = conn.execute(queries.AFTER_COMMIT_OWED).fetchone()
    conn.execute("commit")
    notify_owed(conn, owed[0] if owed else None)
    if row is None or not isinstance(row[0], dict) or not row[0].get("success"):
        raise RuntimeError(f"{statement.split('(')[0]} answered {row}")
    return row[0]


def waitlist_clinic(conn: psycopg.Connection, name: str, batch_size: int) -> uuid.UUID:
    org_id = create_org(conn, name)  # open around the clock
    settings = {"enabled": True, "batch_size": batch_size, "offer_minutes": 15,
                "quiet_start": "00:00", "quiet_end": "00:00"}  # fmt: skip
    answer = conn.execute(
        "select public.set_waitlist_settings(%s, %s)", (org_id, Jsonb(settings))
    ).fetchone()
    if answer is None or not answer[0]["success"]:
        raise RuntimeError(f"set_waitlist_settings answered {answer}")
    return org_id


def slot_start(round_number: int) -> datetime:
    """A 30-minute slot of its own for each round, in the next weeks."""
    return local_noon(2) + timedelta(minutes=30 * round_number)


def free_slot(conn: psycopg.Connection, org_id: uuid.UUID, start: datetime, phone: str) -> float:
    """Books `start` for someone and cancels it (as the clinic); the time
    (time.time) the cancelling COMMIT ended."""
    booked = committed(conn, BOOK, (org_id, phone, start))
    conn.execute("begin")
    row = conn.execute(CANCEL, (org_id, booked["appointment_id"])).fetchone()
    owed = conn.execute(queries.AFTER_COMMIT_OWED).fetchone()
    conn.execute("commit")
    ended = time.time()
    notify_owed(conn, owed[0] if owed else None)
    if row is None or not row[0].get("success"):
        raise RuntimeError(f"cancel_appointment answered {row}")
    return ended


# -- 1. commit to the first offer at the provider --------------------------------------
def measure_offer_latency(
    url: str, fake: FakeTwilio, rounds: int, workdir: Path, progress: Progress
) -> dict[str, Any]:
    account_sid, auth_token = "AC" + uuid.uuid4().hex, uuid.uuid4().hex
    fake.add_account(account_sid, auth_token)
    waiting, cancelling = Phones(628), Phones(415)
    latencies: list[float] = []
    with psycopg.connect(url, autocommit=True) as conn:
        org_id = waitlist_clinic(conn, "Waitlist Bench Clinic", batch_size=1)
        conn.execute(
            "select public.set_integration_settings(%s, %s, %s, %s, '+14155550100')",
            (org_id, KEY, account_sid, auth_token),
        )
        processes = start_workers(url, fake, 1, 8, workdir)
        try:
            if not wait(lambda: listeners(conn) == 1, timeout=30):
                raise RuntimeError("the worker did not start")
            warmup = min(10, rounds)
            for n in range(warmup + rounds):
                start = slot_start(n)
                phone = waiting()
                day = start.date()
                entry = committed(conn, JOIN, (org_id, f"Waiting {n}", phone, day, day))
                ended = free_slot(conn, org_id, start, cancelling())

                def offered(patient: str = phone) -> float | None:
                    return next(
                        (r.received_at for r in reversed(fake.accepted)
                         if r.to == patient and OFFER_LINK.search(r.body)),
                        None,
                    )  # fmt: skip

                if not wait(lambda: offered() is not None, timeout=30):
                    raise RuntimeError(f"round {n}: no offer reached the provider")
                arrived = offered()
                assert arrived is not None
                if n >= warmup:
                    latencies.append(arrived - ended)
                conn.execute(LEAVE, (org_id, entry["waitlist_entry_id"]))
        finally:
            stop_workers(processes)
    progress(f"waitlist: {rounds} offers timed")
    return {
        "rounds": rounds,
        "commit_to_first_offer": Distribution.of_seconds(latencies).to_json(),
        "goal": {"p50_ms": GOAL_P50_MS, "p99_ms": GOAL_P99_MS},
    }


# -- 2. one hot slot, many claimants ------------------------------------------------------
def claim_round(
    connections: list[psycopg.Connection], tokens: list[str]
) -> tuple[float, list[dict[str, Any]]]:
    """Every token claimed at once, one per connection: seconds from the
    release to the last answer, and the answers."""
    gate = threading.Barrier(len(tokens) + 1)
    answers: list[dict[str, Any]] = [{} for _ in tokens]
    finished: list[float] = [0.0 for _ in tokens]

    def claim(index: int) -> None:
        gate.wait()
        try:
            row = connections[index].execute(CLAIM, (tokens[index],)).fetchone()
            answers[index] = row[0] if row else {}
        except psycopg.Error as exc:
            answers[index] = {"error": f"{type(exc).__name__}: {exc}".strip()}
        finished[index] = time.perf_counter()

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(len(tokens))]
    for thread in threads:
        thread.start()
    gate.wait()
    released = time.perf_counter()
    for thread in threads:
        thread.join()
    return max(finished) - released, answers


def measure_hot_slot(
    url: str, rounds: int, claimants: int, first_round: int, progress: Progress
) -> dict[str, Any]:
    patients, cancelling = Phones(628), Phones(415)
    seconds: list[float] = []
    outcomes: Counter[str] = Counter()
    one_winner_rounds = 0
    overlaps = 0
    connections = [psycopg.connect(url, autocommit=True) for _ in range(claimants)]
    try:
        for conn in connections:
            conn.execute("set role anon")  # as the offer page calls it
        with psycopg.connect(url, autocommit=True) as conn:
            org_id = waitlist_clinic(conn, "Waitlist Hot Slot Clinic", batch_size=claimants)
            for n in range(rounds):
                start = slot_start(first_round + n)
                day = start.date()
                entries = []
                for k in range(claimants):
                    joined = committed(
                        conn, JOIN, (org_id, f"Claimant {n}-{k}", patients(), day, day)
                    )
                    entries.append(joined["waitlist_entry_id"])
                free_slot(conn, org_id, start, cancelling())
                tokens = offer_tokens(conn, org_id, start)
                if len(tokens) != claimants:
                    raise RuntimeError(f"round {n}: {len(tokens)} offers, not {claimants}")
                took, answers = claim_round(connections, tokens)
                seconds.append(took)
                kinds = Counter(
                    "won" if a.get("success") else str(a.get("error", "no answer")) for a in answers
                )
                outcomes.update(kinds)
                in_slot = conn.execute(
                    IN_THE_SLOT, (org_id, start + timedelta(minutes=30), start)
                ).fetchone()
                if kinds["won"] == 1 and in_slot is not None and in_slot[0] == 1:
                    one_winner_rounds += 1
                row = conn.execute(bench_queries.OVERLAPS, ([org_id],)).fetchone()
                overlaps = int(row[0]) if row else -1
                for entry_id in entries:  # the losers leave: the next round's own patients
                    conn.execute(LEAVE, (org_id, entry_id))
    finally:
        for conn in connections:
            conn.close()
    progress(f"waitlist: {rounds} rounds of {claimants} claims on one slot")
    rates = [claimants / s for s in seconds if s > 0]
    return {
        "rounds": rounds,
        "claimants": claimants,
        "round_seconds": Distribution.of_seconds(seconds).to_json(),
        "claims_per_second": {
            "p50": round(sorted(rates)[len(rates) // 2], 1) if rates else None,
            "min": round(min(rates), 1) if rates else None,
            "max": round(max(rates), 1) if rates else None,
            "overall": round(claimants * len(seconds) / sum(seconds), 1) if seconds else None,
        },
        "outcomes": dict(outcomes),
        "one_winner_rounds": one_winner_rounds,
        "overlaps": overlaps,
    }


def offer_tokens(conn: psycopg.Connection, org_id: uuid.UUID, start: datetime) -> list[str]:
    """The tokens of the links in the offer SMS of the slot at `start`."""
    rows = conn.execute(
        "select m.body from booking.waitlist_offers o"
        "  join booking.waitlist_slots s on s.org_id = o.org_id and s.id = o.slot_id"
        "  join booking.sms_outbox m on m.org_id = o.org_id and m.id = o.message_id"
        " where s.org_id = %s and s.starts_at = %s",
        (org_id, start),
    ).fetchall()
    return [m.group(1) for (body,) in rows if (m := OFFER_LINK.search(body))]


# -- 3. what the waitlist adds to a booking and a cancellation --------------------------
COST_VARIANTS = ("waitlist off", "on, nobody waiting", "on, 3 waiting: 3 offers")


def measure_cost(url: str, rounds: int, progress: Progress) -> dict[str, Any]:
    phones = Phones(628)
    times: dict[str, dict[str, list[float]]] = {
        variant: {"book": [], "cancel": []} for variant in COST_VARIANTS
    }
    with psycopg.connect(url, autocommit=True) as conn:
        off = create_org(conn, "Bench Waitlist Off")
        clinics = {
            COST_VARIANTS[0]: off,
            COST_VARIANTS[1]: waitlist_clinic(conn, "Bench Waitlist Empty", 3),
            COST_VARIANTS[2]: waitlist_clinic(conn, "Bench Waitlist Three", 3),
        }
        for round_number in range(rounds):
            start = slot_start(round_number)
            for variant, org_id in clinics.items():
                waiting = []
                if variant == COST_VARIANTS[2]:
                    day = start.date()
                    for _ in range(3):
                        patient = ("Bench Waiting", phones())
                        joined = committed(conn, JOIN, (org_id, *patient, day, day))
                        waiting.append(joined["waitlist_entry_id"])
                began = time.perf_counter()
                booked = committed(conn, BOOK, (org_id, phones(), start))
                booked_at = time.perf_counter()
                committed(conn, CANCEL, (org_id, booked["appointment_id"]))
                cancelled_at = time.perf_counter()
                times[variant]["book"].append(booked_at - began)
                times[variant]["cancel"].append(cancelled_at - booked_at)
                for entry_id in waiting:
                    committed(conn, LEAVE, (org_id, entry_id))
            if round_number % 50 == 49:
                progress(f"waitlist cost: {round_number + 1} of {rounds} rounds")
        offers = conn.execute(OFFERS_OF, (clinics[COST_VARIANTS[2]],)).fetchone()
    return {
        "rounds": rounds,
        "offers_sent": int(offers[0]) if offers else 0,
        "variants": {
            variant: {op: Distribution.of_seconds(values).to_json() for op, values in ops.items()}
            for variant, ops in times.items()
        },
    }


def run(
    url: str,
    progress: Progress,
    *,
    rounds: int,
    claim_rounds: int,
    claimants: int,
    workdir: Path,
    cost_rounds: int = 200,
) -> dict[str, Any]:
    fake = FakeTwilio().start()
    try:
        progress(f"waitlist: commit to the first offer, {rounds} rounds")
        latency = measure_offer_latency(url, fake, rounds, workdir, progress)
    finally:
        fake.stop()
    progress(f"waitlist: one hot slot, {claim_rounds} rounds of {claimants} claimants")
    hot = measure_hot_slot(url, claim_rounds, claimants, first_round=rounds + 20, progress=progress)
    progress(f"waitlist: its cost to a booking and a cancellation, {cost_rounds} rounds")
    cost = measure_cost(url, cost_rounds, progress)
    return {"offer_latency": latency, "hot_slot": hot, "cost": cost}


def measure(
    server: BenchServer, progress: Progress, *, quick: bool, workdir: Path
) -> dict[str, Any]:
    database = server.fresh_database("bench_waitlist")
    return run(
        database.url, progress, rounds=10 if quick else 300,
        claim_rounds=2 if quick else 40, claimants=50, workdir=workdir,
        cost_rounds=5 if quick else 200,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--claim-rounds", type=int, default=40)
    parser.add_argument("--claimants", type=int, default=50)
    parser.add_argument("--cost-rounds", type=int, default=200)
    args = parser.parse_args()
    workdir = ROOT / "bench" / "out"
    workdir.mkdir(parents=True, exist_ok=True)
    progress = Progress()
    with bench_server(progress) as server:
        database = server.fresh_database("bench_waitlist")
        result = run(
            database.url, progress, rounds=args.rounds, claim_rounds=args.claim_rounds,
            claimants=args.claimants, workdir=workdir, cost_rounds=args.cost_rounds,
        )  # fmt: skip
    (workdir / "waitlist.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
