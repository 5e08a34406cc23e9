"""RESULTS.md and the latency-against-concurrency chart from one run's results."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

CHART_NAME = "latency_vs_concurrency.png"
# The fixes found with make bench-profile and measured with bench/ab.py,
# written by hand (they are history, not this run's figures).
FIXES = Path(__file__).with_name("fixes.md")


def _ms(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# -- summary ------------------------------------------------------------------------
def _gateway_summary(result: dict[str, Any]) -> list[list[object]]:
    top = max(result["concurrency"])
    ratio = result["http_over_direct_throughput"][str(top)]
    goal = result["goal"]
    open_loop = result["open_loop"]
    http_loop = result["open_loop_http"]
    p99 = open_loop["latency"]["p99"]
    return [
        [
            "gateway overhead",
            f"HTTP/direct throughput, {top} clients",
            f"{ratio:.2f}",
            f"≥ {goal['ratio_at_32']}",
            _mark(ratio >= goal["ratio_at_32"]),
        ],
        [
            "gateway overhead",
            f"open loop: HTTP p99 at {open_loop['rate']:g} bookings/s "
            f"({open_loop['share']:.0%} of direct capacity), {open_loop['connections']} clinics",
            f"{_ms(p99)} ms",
            f"< {goal['open_loop_p99_ms']} ms",
            _mark(p99 < goal["open_loop_p99_ms"]),
        ],
        [
            "gateway overhead",
            f"open loop: HTTP p99 at {http_loop['rate']:g} bookings/s "
            f"({http_loop['share']:.0%} of HTTP capacity), {http_loop['connections']} clinics",
            f"{_ms(http_loop['latency']['p99'])} ms",
            "",
            "",
        ],
    ]


def _contention_summary(result: dict[str, Any]) -> list[list[object]]:
    rows: list[list[object]] = []
    for scenario in result["scenarios"]:
        name = scenario["scenario"].replace("_", " ")
        exact = scenario["rounds_with_exactly_one_winner"]
        losers = scenario["loser_latency"]
        rows += [
            [
                "contention",
                f"{name}: rounds with exactly one winner ({scenario['clients']} clients)",
                f"{exact}/{scenario['rounds']}",
                "all",
                _mark(exact == scenario["rounds"]),
            ],
            [
                "contention",
                f"{name}: 5xx answers",
                scenario["server_errors"],
                "0",
                _mark(scenario["server_errors"] == 0),
            ],
            [
                "contention",
                f"{name}: losers' latency p50 / p99",
                f"{_ms(losers['p50'])} / {_ms(losers['p99'])} ms",
                "quick",
                "",
            ],
        ]
    rows.append(
        [
            "contention",
            "overlapping appointments (independent query)",
            result["overlaps"],
            "0",
            _mark(result["overlaps"] == 0),
        ]
    )
    return rows


def _growth_summary(result: dict[str, Any]) -> list[list[object]]:
    largest = result["phases"][-1]["existing_appointments"]
    goal = result["goal"]["largest_over_empty_p50"]
    rows: list[list[object]] = []
    for call in ("booking", "check_availability"):
        ratio = result["largest_over_empty"][call]["p50"]
        rows.append(
            [
                "growth",
                f"{call} p50 with {largest:,} appointments / empty",
                f"{ratio:.2f}x",
                f"≤ {goal}x",
                _mark(ratio <= goal),
            ]
        )
    return rows


def _sms_summary(result: dict[str, Any]) -> list[list[object]]:
    rows: list[list[object]] = []
    for config in result["configurations"]:
        latency = config["latency"]["commit_to_provider"]
        rows.append(
            [
                "sms",
                f"{config['workers']} worker(s): commit-to-provider p50 / p99",
                f"{_ms(latency['p50'])} / {_ms(latency['p99'])} ms",
                "",
                "",
            ]
        )
    for config in result["configurations"]:
        latency = config["without_wake_up"]["commit_to_provider"]
        rows.append(
            [
                "sms",
                f"{config['workers']} worker(s), committed without wake-up (psql): p50 / p99",
                f"{_ms(latency['p50'])} / {_ms(latency['p99'])} ms",
                "",
                "",
            ]
        )
    speeds = [c["throughput"]["messages_per_second"] for c in result["configurations"]]
    counts = [str(c["workers"]) for c in result["configurations"]]
    rows.append(
        [
            "sms",
            f"messages/s with {' → '.join(counts)} workers",
            " → ".join(f"{s:g}" for s in speeds)
            + (f" ({speeds[-1] / speeds[0]:.2f}x)" if len(speeds) > 1 else ""),
            "",
            "",
        ]
    )
    rows.append(
        [
            "sms",
            "duplicate sends",
            result["duplicate_sends"],
            "0",
            _mark(result["duplicate_sends"] == 0),
        ]
    )
    return rows


FEED_VARIANTS = {
    "direct": "feed as shipped (a direct SQL caller)",
    "woken": "feed and a wake-up transaction per booking",
    "merged": "feed and one notifier beside the clients",
}


def _feed_summary(result: dict[str, Any]) -> list[list[object]]:
    goal = result["goal"]["over_off"]
    rows: list[list[object]] = []
    for variant, says in FEED_VARIANTS.items():
        for clients in result["cost_clients"]:
            ratio = result[f"{variant}_over_off"][str(clients)]
            rows.append(
                [
                    "feed cost",
                    f"direct bookings/s, {says} / off, {clients} clients",
                    f"{ratio:.2f}",
                    f"≥ {goal}",
                    _mark(ratio >= goal),
                ]
            )
    scaling = result["scaling"]
    rows.append(
        [
            "feed cost",
            "direct bookings/s at " + ", ".join(str(r["clients"]) for r in scaling) + " clients",
            " / ".join(f"{r['throughput']:g}" for r in scaling),
            "rises, then holds",
            "",
        ]
    )
    rows.append(
        [
            "feed cost",
            "the same with the feed off",
            " / ".join(f"{r['throughput']:g}" for r in result["scaling_off"]),
            "",
            "",
        ]
    )
    return rows


def _feed_work_summary(result: dict[str, Any]) -> list[list[object]]:
    if "skipped" in result:
        return [["feed work", "instructions per booking (callgrind)", result["skipped"], "", ""]]
    goal = result["goal"]["off_over"]
    counts = result["instructions_per_booking"]
    rows: list[list[object]] = [
        [
            "feed work",
            "instructions per booking (callgrind), direct / woken / off",
            " / ".join(f"{counts[v] / 1e6:.2f} M" for v in ("direct", "woken", "off")),
            "",
            "",
        ]
    ]
    for variant, ratio in result["off_over"].items():
        says = FEED_VARIANTS[variant]
        rows.append(
            [
                "feed work",
                f"off / {says}, in instructions",
                f"{ratio:.3f}",
                f"≥ {goal}",
                _mark(ratio >= goal),
            ]
        )
    return rows


VOICE_TOOLS = {
    "availability": "availability (check_availability)",
    "hold": "hold (reserve_atomic)",
    "send_code": "send code (send_otp)",
    "confirm": "confirm (verify_otp, the right code: books)",
    "lookup": "lookup (lookup_appointments)",
    "cancel": "cancel (cancel_appointment)",
    "reschedule": "reschedule (reschedule_appointment)",
    "call_report": "end-of-call report",
}


def _voice_tools_summary(result: dict[str, Any]) -> list[list[object]]:
    goal = result["goal"]["p99_ms"]
    rows: list[list[object]] = []
    for tool, figures in result["tools"].items():
        latency = figures["latency"]
        rows.append(
            [
                "voice tools",
                f"{VOICE_TOOLS.get(tool, tool)}: p50 / p95 / p99 at {result['rate']:g} "
                f"requests/s (50% of capacity), {result['clinics']} clinics",
                f"{_ms(latency['p50'])} / {_ms(latency['p95'])} / {_ms(latency['p99'])} ms",
                f"p99 < {goal:g} ms",
                _mark(latency["p99"] < goal),
            ]
        )
    rows.append(["voice tools", "failed requests", result["failures"], "0",
                 _mark(result["failures"] == 0)])  # fmt: skip
    return rows


def _waitlist_summary(result: dict[str, Any]) -> list[list[object]]:
    latency = result["offer_latency"]["commit_to_first_offer"]
    goal = result["offer_latency"]["goal"]
    hot = result["hot_slot"]
    return [
        [
            "waitlist",
            "cancelling commit to the first offer SMS at the provider: p50 / p95 / p99",
            f"{_ms(latency['p50'])} / {_ms(latency['p95'])} / {_ms(latency['p99'])} ms",
            f"p50 < {goal['p50_ms']:g} ms, p99 < {goal['p99_ms']:g} ms",
            _mark(latency["p50"] < goal["p50_ms"] and latency["p99"] < goal["p99_ms"]),
        ],
        [
            "waitlist",
            f"claims/s on one hot slot, {hot['claimants']} claimants: median round / overall",
            f"{hot['claims_per_second']['p50']:g} / {hot['claims_per_second']['overall']:g}",
            "",
            "",
        ],
        *(
            [
                [
                    "waitlist",
                    "cancellation p50: waitlist off / on, nobody waiting / on, 3 offers queued",
                    " / ".join(
                        _ms(result["cost"]["variants"][v]["cancel"]["p50"])
                        for v in result["cost"]["variants"]
                    )
                    + " ms",
                    "",
                    "",
                ]
            ]
            if "cost" in result
            else []
        ),
        [
            "waitlist",
            "hot-slot rounds with exactly one winner, no overlap",
            f"{hot['one_winner_rounds']} of {hot['rounds']}, {hot['overlaps']} overlaps",
            "all, 0",
            _mark(hot["one_winner_rounds"] == hot["rounds"] and hot["overlaps"] == 0),
        ],
    ]


SUMMARIES: dict[str, Callable[[dict[str, Any]], list[list[object]]]] = {
    "gateway": _gateway_summary,
    "contention": _contention_summary,
    "growth": _growth_summary,
    "sms": _sms_summary,
    "feed": _feed_summary,
    "feed_work": _feed_work_summary,
    "voice_tools": _voice_tools_summary,
    "waitlist": _waitlist_summary,
}


def summary(results: dict[str, Any]) -> str:
    rows: list[list[object]] = []
    for name, summarize in SUMMARIES.items():
        if name in results["benchmarks"]:
            rows += summarize(results["benchmarks"][name])
    timing = [
        [name, "took", f"{seconds:.0f} s", "< 180 s" if not results["quick"] else "", ""]
        for name, seconds in results["seconds"].items()
    ]
    return table(["benchmark", "figure", "result", "goal", "met"], rows + timing)


# -- sections -----------------------------------------------------------------------
def _gateway_section(result: dict[str, Any]) -> str:
    rows = []
    ratios = result["http_over_direct_throughput"]
    for run in result["runs"]:
        latency = run["latency"]
        rows.append(
            [
                run["clients"],
                run["mode"],
                f"{run['throughput']:g}",
                _ms(latency["p50"]),
                _ms(latency["p95"]),
                _ms(latency["p99"]),
                _ms(latency["max"]),
                ratios[str(run["clients"])] if run["mode"] == "http" else "",
                run["failures"],
                "" if run["gateway_cpu"] is None else f"{run['gateway_cpu']:.2f}",
                f"{run['loader_cpu']:.2f}",
            ]
        )
    header = [
        "clients", "path", "bookings/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
        "HTTP/direct", "failures", "gateway CPU", "load generator CPU",
    ]  # fmt: skip
    runs_by = {(r["mode"], r["clients"]): r for r in result["runs"]}
    top = max(result["concurrency"])
    http_top = runs_by["http", top]
    little = 1000 * top / http_top["throughput"] if http_top["throughput"] else math.nan
    notes = [
        f"- Clients wait for their answer before sending the next request (a closed loop), so "
        f"at {top} clients the mean latency is {top} / throughput (Little's law): "
        f"{top} / {http_top['throughput']:g} per second = {little:.0f} ms through HTTP: a "
        "throughput figure, not what a caller waits. The latency goal is the open loop's "
        "below.",
    ]
    open_loop = result["open_loop"]
    loops = [open_loop, result["open_loop_http"]]
    open_rows = [
        [
            f"{loop['share']:.0%} of {loop['basis']}",
            f"{loop['rate']:g}",
            f"{loop['achieved_rate']:g}",
            f"{loop['capacity']:g}",
            loop["connections"],
            " / ".join(_ms(loop["latency"][s]) for s in ("p50", "p95", "p99", "max")),
            loop["failures"],
            loop["late_sends"],
            f"{loop['gateway_cpu']:.2f}",
        ]
        for loop in loops
    ]
    open_header = [
        "rate basis", "rate /s", "achieved /s", "capacity /s", "clinics",
        "p50 / p95 / p99 / max ms", "failures", "late sends", "gateway CPU",
    ]  # fmt: skip
    open_loop_text = [
        "",
        "**Open loop.** Bookings over HTTP arriving at a constant rate, "
        f"{open_loop['share']:.0%} of the direct capacity measured above (the best direct "
        f"throughput; the goal's rate), for {open_loop['seconds']:g} s after a warm-up of 3 s "
        "at the same rate on the same clinics: wrk with "
        "`bench/wrk_book_paced.lua` (one schedule; a free connection waits for the next slot, "
        "so a slow answer delays no other request), "
        f"{open_loop['connections']} connections each on a clinic of its own. "
        "Latency from sending to the whole answer; late sends: requests sent more than 10 ms "
        "behind their slot because every connection was busy. Second row: the same at "
        f"{open_loop['share']:.0%} of the best HTTP throughput. On this machine the gateway's "
        "CPU comes out of the same two cores as the database's, so half the direct capacity "
        "over HTTP is a larger share of what the HTTP path can carry; the second row is the "
        "load a deployment with the gateway on cores of its own would see in the same "
        "proportion.",
        "",
        table(open_header, open_rows),
    ]
    return "\n".join(
        [
            "## 1. Gateway overhead",
            "",
            f"Bookings through HTTP (wrk, `bench/wrk_book.lua`) and direct (pgbench, "
            f"`bench/pgbench_book.sql`), {result['seconds_per_run']} s per run after a warm-up, "
            "each client on a clinic of its own booking distinct free slots. HTTP/direct is the "
            "ratio of throughputs at the same concurrency. CPU columns: CPU seconds per second "
            "of the gateway process and of the load generator (of 2 cores).",
            "",
            table(header, rows),
            "",
            f"![latency against concurrency]({CHART_NAME})",
            "",
            *notes,
            *open_loop_text,
        ]
    )


def _contention_section(result: dict[str, Any]) -> str:
    rows = []
    for scenario in result["scenarios"]:
        losers, winners = scenario["loser_latency"], scenario["winner_latency"]
        rows.append(
            [
                scenario["scenario"].replace("_", " "),
                scenario["rounds"],
                f"{scenario['rounds_with_exactly_one_winner']}/{scenario['rounds']}",
                ", ".join(f"{k}: {v}" for k, v in scenario["statuses"].items()),
                ", ".join(f"{k}: {v}" for k, v in scenario["loser_codes"].items()),
                " / ".join(_ms(losers[s]) for s in ("p50", "p95", "p99", "max")),
                " / ".join(_ms(winners[s]) for s in ("p50", "p99")),
            ]
        )
    header = [
        "scenario", "rounds", "exactly one winner", "HTTP statuses", "losers' answers",
        "losers p50 / p95 / p99 / max ms", "winners p50 / p99 ms",
    ]  # fmt: skip
    return "\n".join(
        [
            "## 2. Contention",
            "",
            f"{result['scenarios'][0]['clients']} clients send their booking at the same instant "
            "through HTTP, round after round; every round is one conflict (the same slot, or "
            "slots of mixed durations that all contain the round's midpoint). Latency is from "
            "sending the request to reading the whole answer. An independent self-join over "
            f"`booking.appointments` found **{result['overlaps']}** overlapping appointments.",
            "",
            table(header, rows),
        ]
    )


def _growth_section(result: dict[str, Any]) -> str:
    rows = []
    for phase in result["phases"]:
        booking, availability = phase["booking"], phase["check_availability"]
        rows.append(
            [
                f"{phase['existing_appointments']:,}",
                " / ".join(_ms(booking[s]) for s in ("p50", "p95", "p99")),
                " / ".join(_ms(availability[s]) for s in ("p50", "p95", "p99")),
                f"{booking['count']} / {availability['count']}",
            ]
        )
    ratios = result["largest_over_empty"]
    rows.append(
        [
            "**largest / empty**",
            " / ".join(f"{ratios['booking'][s]:.2f}x" for s in ("p50", "p95", "p99")),
            " / ".join(f"{ratios['check_availability'][s]:.2f}x" for s in ("p50", "p95", "p99")),
            "",
        ]
    )
    header = [
        "existing appointments", "booking p50 / p95 / p99 ms",
        "check_availability p50 / p95 / p99 ms", "samples",
    ]  # fmt: skip
    plans = result["plans"]
    plan_text = [
        "<details><summary>Plans at "
        f"{plans['existing_appointments']:,} appointments (auto_explain, every statement the "
        "call runs that reads or writes a growing table)</summary>",
        "",
    ]
    for call in ("booking", "check_availability"):
        for plan in plans[call]:
            query = " ".join(plan["query"].split())
            shown = query if len(query) <= 160 else query[:160] + "…"
            plan_text += [
                f"`{call}` ran {plan['executions']}x: `{shown}`",
                "",
                "```",
                plan["plan"],
                "```",
                "",
            ]
    plan_text.append("</details>")
    return "\n".join(
        [
            "## 3. Growth",
            "",
            "Latency of one booking after another (pgbench, 1 client) and of "
            "check_availability on the probe clinic's first dates (open around the clock on a "
            "one-minute grid: 1440 candidate starts a day), with existing appointments spread "
            "over clinics of 1000 appointments each, bulk-loaded in SQL with the triggers off "
            "(`session_replication_role = replica`, as superuser; one `appointment.booked` event "
            "and one delivered confirmation per appointment are loaded directly), then "
            "`VACUUM ANALYZE`. Each phase measures on a fresh probe "
            "clinic, so only the size of the tables changes. Every lookup is an index scan "
            "bounded by the clinic and the time range, whose cost does not depend on other "
            "clinics' rows (plans below).",
            "",
            table(header, rows),
            "",
            *plan_text,
        ]
    )


def _sms_section(result: dict[str, Any]) -> str:
    rows = []
    for config in result["configurations"]:
        latency = config["latency"]["commit_to_provider"]
        throughput = config["throughput"]
        rows.append(
            [
                config["workers"],
                f"{latency['count']} at {config['latency']['rate_per_second']:g}/s",
                " / ".join(_ms(latency[s]) for s in ("p50", "p95", "p99", "max")),
                throughput["messages"],
                f"{throughput['messages_per_second']:g}",
                " / ".join(str(n) for n in throughput["per_worker"]),
            ]
        )
    header = [
        "workers", "bookings", "commit-to-provider p50 / p95 / p99 / max ms",
        "burst", "messages/s", "messages per worker",
    ]  # fmt: skip
    return "\n".join(
        [
            "## 4. SMS",
            "",
            "Worker processes (`python -m shim.sms.worker`, "
            f"{result['concurrency_per_worker']} sends in flight each) against the local "
            "Twilio-compatible server. Latency: from the end of each booking's COMMIT to the "
            "server receiving its confirmation; the booking commits as the service commits "
            "(its wake-up sent after the COMMIT). Without wake-up: bookings committed as psql "
            "would, found by the workers' poll (`SMS_WORKER_POLL_INTERVAL`). Throughput: a "
            "burst of one-time-code messages enqueued in one transaction. Duplicate sends: "
            f"{result['duplicate_sends']}.",
            "",
            table(header, rows),
            "",
            table(
                ["workers", "bookings without wake-up", "commit-to-provider p50 / p95 / p99 ms"],
                [
                    [
                        c["workers"],
                        f"{c['without_wake_up']['commit_to_provider']['count']} at "
                        f"{c['without_wake_up']['rate_per_second']:g}/s",
                        " / ".join(
                            _ms(c["without_wake_up"]["commit_to_provider"][s])
                            for s in ("p50", "p95", "p99")
                        ),
                    ]
                    for c in result["configurations"]
                ],
            ),
        ]
    )


def _wake_ups_per_booking(result: dict[str, Any]) -> str:
    runs = [r for r in result["cost_runs"] if "wake_up_transactions" in r]
    booked = sum(r["transactions"] for r in runs)
    if not booked:
        return ""
    sent = sum(r["wake_up_transactions"] for r in runs)
    return f"; it sent {sent / booked:.2f} wake-up transactions per booking in this run"


def _feed_section(result: dict[str, Any]) -> str:
    cost_rows = []
    for clients in result["cost_clients"]:
        runs = [r for r in result["cost_runs"] if r["clients"] == clients]
        for variant in (*FEED_VARIANTS, "off"):
            mine = [r for r in runs if r["variant"] == variant]
            ratio = result.get(f"{variant}_over_off", {}).get(str(clients), "")
            cost_rows.append(
                [
                    clients,
                    variant,
                    " / ".join(f"{r['throughput']:g}" for r in mine),
                    " / ".join(_ms(r["latency"]["p99"]) for r in mine),
                    ratio,
                ]
            )
    scaling_rows = [
        [
            r["clients"],
            f"{r['throughput']:g}",
            " / ".join(_ms(r["latency"][s]) for s in ("p50", "p95", "p99")),
            f"{off['throughput']:g}",
            " / ".join(_ms(off["latency"][s]) for s in ("p50", "p95", "p99")),
            f"{r['throughput'] / off['throughput']:.2f}",
        ]
        for r, off in zip(result["scaling"], result["scaling_off"], strict=True)
    ]
    seconds = result["seconds_per_run"]
    length = (
        f"{seconds} s per run, the rate counted after the first {result['warm_up_seconds']} s "
        "(a new connection plans every statement on its first bookings)"
        if seconds
        else "a few transactions per run (quick)"
    )
    return "\n".join(
        [
            "## 5. Feed cost",
            "",
            "Direct bookings (pgbench, each client on a fresh clinic of its own, one pipeline "
            "per booking as the gateway sends it): *direct*, the live feed as shipped for a "
            "direct SQL caller (`bench/pgbench_book_events.sql`: the events written, the "
            "wake-ups owed and not sent; streams and the SMS worker find the changes by their "
            "poll); *woken*, the same followed by the wake-ups read before COMMIT and sent "
            "after it in a transaction of their own, one per booking "
            "(`bench/pgbench_book_feed.sql`: what the gateway sends for a request none other "
            "is merged with, the costlier bound of the service's path); *merged*, direct's "
            "bookings with one more pgbench client beside them sending wake-up transactions "
            "for every clinic one at a time, at most one a millisecond "
            "(`bench/pgbench_notifier.sql`: the gateway's notifier under load"
            f"{_wake_ups_per_booking(result)}); *off*, the same "
            "booking with every event trigger disabled (`bench/pgbench_book_nofeed.sql`). "
            f"{length}, alternating on one database, {result['rounds']} round(s), each "
            "variant first in turn; the ratio to *off* is the median of the rounds' ratios.",
            "",
            table(
                ["clients", "variant", "bookings/s per round", "p99 ms per round", "/ off"],
                cost_rows,
            ),
            "",
            "Throughput against clients (each client on a clinic of its own: no lock in "
            "common), *direct* and *off* alternating (each first in turn"
            + (
                f", {result['scaling_seconds_per_run']} s per run, counted after the first "
                f"{result['warm_up_seconds']} s"
                if result["scaling_seconds_per_run"]
                else ""
            )
            + "): it should "
            "rise to the core count and then hold; *off* shows what PostgreSQL alone does with "
            "that many busy backends on the machine's cores.",
            "",
            table(
                [
                    "clients",
                    "direct bookings/s",
                    "direct p50 / p95 / p99 ms",
                    "off bookings/s",
                    "off p50 / p95 / p99 ms",
                    "direct / off",
                ],
                scaling_rows,
            ),
        ]
    )


def _feed_work_section(result: dict[str, Any]) -> str:
    intro = [
        "## 6. Feed work",
        "",
        "Instructions one booking costs a PostgreSQL backend (valgrind's callgrind, "
        "single-user mode on a cluster of its own, each booking its own transaction), the "
        "variants of section 5: a count the machine's load does not change, where its "
        "throughputs do by tens of percent. Work only: waiting on a lock costs no "
        "instructions (section 5 has the throughput).",
        "",
    ]
    if "skipped" in result:
        return "\n".join([*intro, f"Skipped: {result['skipped']}."])
    counts = result["instructions_per_booking"]
    rows = [
        [variant, f"{counts[variant]:,}", result["off_over"].get(variant, "")]
        for variant in ("direct", "woken", "off")
    ]
    return "\n".join(
        [
            *intro,
            f"{result['bookings']} bookings after {result['warm']} warm-up bookings per variant.",
            "",
            table(["variant", "instructions per booking", "off / variant"], rows),
        ]
    )


def _voice_tools_section(result: dict[str, Any]) -> str:
    rows = []
    for tool, figures in result["tools"].items():
        latency = figures["latency"]
        rows.append(
            [
                VOICE_TOOLS.get(tool, tool), figures["requests"], figures["succeeded"],
                figures["failures"], _ms(latency["p50"]), _ms(latency["p95"]),
                _ms(latency["p99"]), _ms(latency["max"]),
            ]
        )  # fmt: skip
    every = result["all"]
    rows.append(
        ["all, mixed", result["requests"], "", result["failures"], _ms(every["p50"]),
         _ms(every["p95"]), _ms(every["p99"]), _ms(every["max"])]
    )  # fmt: skip
    return "\n".join(
        [
            "## 7. Voice tools",
            "",
            "Each voice-agent tool route over HTTP with the platform's message format (a Vapi "
            "`tool-calls` message with one tool call, its own `toolCallId` and an attested "
            "caller id, on `POST /api/vapi/tools`; the end-of-call report on "
            "`POST /api/vapi/webhook`), the eight kinds in turn, on "
            f"{result['clinics']} clinics (policy `trust_attested`, so cancel and reschedule "
            "act). Every mutating request has a hold, code or appointment of its own, made "
            "before. Capacity: the mixed requests back to back on 8 connections, "
            f"{result['capacity']:g} requests/s. Open loop: requests start at "
            f"{result['rate']:g}/s ({result['share']:.0%} of that; achieved "
            f"{result['achieved_rate']:g}/s over {result['seconds']:g} s, "
            f"{result['connections']} connections), latency from each request's scheduled "
            "start (`bench/voice_tools.py`). Succeeded: the answer's own `success`.",
            "",
            table(
                ["tool", "requests", "succeeded", "failed", "p50 ms", "p95 ms", "p99 ms", "max ms"],
                rows,
            ),
        ]
    )


def _waitlist_section(result: dict[str, Any]) -> str:
    offer = result["offer_latency"]
    latency = offer["commit_to_first_offer"]
    goal = offer["goal"]
    hot = result["hot_slot"]
    rounds = hot["round_seconds"]
    rates = hot["claims_per_second"]
    outcomes = ", ".join(f"{name} {count}" for name, count in sorted(hot["outcomes"].items()))
    offer_row = [
        "cancelling commit to first offer at the provider",
        latency["count"],
        *(_ms(latency[s]) for s in ("p50", "p95", "p99", "max")),
        f"p50 < {goal['p50_ms']:g} ms, p99 < {goal['p99_ms']:g} ms",
    ]
    hot_row = [
        f"{hot['claimants']} claimants",
        hot["rounds"],
        " / ".join(_ms(rounds[s]) for s in ("p50", "p95", "max")),
        " / ".join(f"{rates[s]:g}" for s in ("p50", "min", "max")),
        f"{rates['overall']:g}",
        f"{hot['one_winner_rounds']} of {hot['rounds']}",
        outcomes,
        hot["overlaps"],
    ]
    hot_header = [
        "hot slot", "rounds", "round p50 / p95 / max ms", "claims/s median / min / max",
        "claims/s overall", "one winner", "answers", "overlaps",
    ]  # fmt: skip
    return "\n".join(
        [
            "## 8. Waitlist",
            "",
            "A clinic with the waitlist on (no quiet hours), a real SMS worker process against "
            "the local Twilio-compatible server, which records when each request arrives "
            "(`bench/waitlist.py`). Offer latency: each round one patient joins the waitlist "
            "and another patient's appointment is booked and cancelled by the clinic, "
            "committed as the service commits (the wake-ups sent after COMMIT); the time from "
            "the end of the cancelling COMMIT to the provider receiving the offer SMS, rounds "
            "one after the other. Hot slot: each round "
            f"{hot['claimants']} patients are offered one freed slot and all claim it at once "
            "(`public.claim_waitlist_offer` as anon, one connection each, the tokens of the "
            "links in their offer SMS); claims per second from the release to the last answer.",
            "",
            table(
                ["offer latency", "rounds", "p50 ms", "p95 ms", "p99 ms", "max ms", "goal"],
                [offer_row],
            ),
            "",
            table(hot_header, [hot_row]),
            *_waitlist_cost(result.get("cost")),
        ]
    )


def _waitlist_cost(cost: dict[str, Any] | None) -> list[str]:
    if not cost:
        return []
    rows = [
        [variant, *(f"{_ms(ops[op]['p50'])} / {_ms(ops[op]['p95'])}" for op in ("book", "cancel"))]
        for variant, ops in cost["variants"].items()
    ]
    return [
        "",
        "What the waitlist adds to a booking and a cancellation (the variants alternating "
        f"round by round, {cost['rounds']} rounds, {cost['offers_sent']} offers queued; "
        "timed from the client, commit included):",
        "",
        table(["clinic", "booking p50 / p95 ms", "cancellation p50 / p95 ms"], rows),
    ]


SECTIONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "gateway": _gateway_section,
    "contention": _contention_section,
    "growth": _growth_section,
    "sms": _sms_section,
    "feed": _feed_section,
    "feed_work": _feed_work_section,
    "voice_tools": _voice_tools_section,
    "waitlist": _waitlist_section,
}


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    mode = "quick smoke test (`--quick`)" if results["quick"] else "full run (`make bench`)"
    parts = [
        "# Benchmark results",
        "",
        f"{mode}, {results['date']} · {machine['cpus']} CPU cores · "
        f"PostgreSQL {machine['postgresql']} · Python {machine['python']} · "
        f"{results['total_seconds']:.0f} s in all.",
        "",
        "The machine is shared and noisy: every figure is a ratio or a distribution measured "
        "within this one run, and absolute times compare only within it."
        + (
            " Load average (1 min) at the start and the end of the run: "
            + " / ".join(f"{v:g}" for v in machine["load_average"])
            + f" on {machine['cpus']} cores (other engineers' work runs on the same machine)."
            if machine.get("load_average")
            else ""
        ),
        "",
        "## Summary",
        "",
        summary(results),
    ]
    for name, section in SECTIONS.items():
        if name in results["benchmarks"]:
            parts += ["", section(results["benchmarks"][name])]
    if FIXES.exists():
        parts += ["", FIXES.read_text().strip()]
    return "\n".join(parts) + "\n"


def chart(result: dict[str, Any], path: Path, subtitle: str) -> None:
    """Latency (p50, p99) and throughput against concurrency, HTTP and direct."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    concurrency = result["concurrency"]
    runs = {(r["mode"], r["clients"]): r for r in result["runs"]}
    figure, (latency_axes, throughput_axes) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {"http": ("tab:blue", "HTTP (gateway)"), "direct": ("tab:orange", "direct (pgbench)")}
    for mode, (color, label) in styles.items():
        for stat, line in (("p50", "-"), ("p99", "--")):
            latency_axes.plot(
                concurrency,
                [runs[mode, c]["latency"][stat] for c in concurrency],
                line,
                marker="o",
                color=color,
                label=f"{label} {stat}",
            )
        throughput_axes.plot(
            concurrency,
            [runs[mode, c]["throughput"] for c in concurrency],
            "-",
            marker="o",
            color=color,
            label=label,
        )
    for axes in (latency_axes, throughput_axes):
        axes.set_xscale("log", base=2)
        axes.set_xticks(concurrency, [str(c) for c in concurrency])
        axes.set_xlabel("concurrent clients")
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize=8)
    latency_axes.set_yscale("log")
    latency_axes.set_ylabel("booking latency (ms)")
    latency_axes.set_title("Latency against concurrency")
    throughput_axes.set_ylabel("bookings per second")
    throughput_axes.set_ylim(bottom=0)
    throughput_axes.set_title("Throughput against concurrency")
    figure.suptitle(f"book_appointment_atomic: HTTP and direct · {subtitle}", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
