"""The benchmarks' smoke test: `python -m bench --quick` runs every benchmark
briefly on the test server, so `make test` notices when they rot. It checks
what the benchmarks check and that the report is complete, never timings.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def quick_run(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    if shutil.which("wrk") is None:
        pytest.fail("wrk is not installed: run `make bench-tools` (make test does)")
    out = tmp_path_factory.mktemp("bench")
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": server_url},
        capture_output=True,
        text=True,
        # A guard against a hang, not a speed check (benchmarks judge speed):
        # the quick run takes under 30 s alone, several times that on a
        # machine shared with other test runs.
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return {
        "out": out,
        "stdout": completed.stdout,
        "stderr": completed.stderr,
        "results": json.loads((out / "results.json").read_text()),
    }


def test_every_benchmark_ran_with_progress_and_a_table(quick_run):
    assert set(quick_run["results"]["benchmarks"]) == {
        "gateway",
        "contention",
        "growth",
        "sms",
        "feed",
        "feed_work",
        "voice_tools",
        "waitlist",
    }
    assert quick_run["results"]["quick"] is True
    assert "[bench " in quick_run["stderr"]  # progress lines
    assert "| benchmark | figure | result | goal | met |" in quick_run["stdout"]


def test_report_and_chart_are_written(quick_run):
    markdown = (quick_run["out"] / "RESULTS.md").read_text()
    for heading in ("## Summary", "## 1. Gateway overhead", "## 2. Contention", "## 3. Growth"):
        assert heading in markdown
    assert "## 4. SMS" in markdown
    assert "## 5. Feed cost" in markdown
    assert "## 6. Feed work" in markdown
    assert "## 7. Voice tools" in markdown
    assert "## 8. Waitlist" in markdown
    assert "**Open loop.**" in markdown
    assert f"{os.cpu_count()} CPU cores" in markdown
    chart = quick_run["out"] / "latency_vs_concurrency.png"
    assert chart.read_bytes().startswith(PNG_SIGNATURE)


def test_gateway_runs_book_every_slot_they_ask_for(quick_run):
    gateway = quick_run["results"]["benchmarks"]["gateway"]
    runs = {(r["mode"], r["clients"]): r for r in gateway["runs"]}
    assert set(runs) == {(m, c) for m in ("http", "direct") for c in (1, 8, 32)}
    for (mode, clients), run in runs.items():
        assert run["calls"] > 0, (mode, clients)
        assert run["failures"] == 0, (mode, clients)
        assert run["latency"]["count"] == run["calls"]
        if mode == "direct":
            assert run["booked"] == run["calls"]
        else:
            assert run["booked"] >= run["calls"] > 0
    assert set(gateway["http_over_direct_throughput"]) == {"1", "8", "32"}
    open_loop = gateway["open_loop"]
    assert open_loop["requests"] > 0
    assert open_loop["failures"] == 0
    assert open_loop["rate"] >= 0.5 * open_loop["direct_capacity"] - 0.1
    assert open_loop["latency"]["p99"] > 0
    http_loop = gateway["open_loop_http"]
    assert http_loop["basis"] == "http"
    assert http_loop["requests"] > 0
    assert http_loop["failures"] == 0
    best_http = max(r["throughput"] for r in gateway["runs"] if r["mode"] == "http")
    assert http_loop["rate"] >= max(0.5 * best_http, 10.0) - 0.1


def test_contention_has_one_winner_per_conflict_and_no_overlap(quick_run):
    contention = quick_run["results"]["benchmarks"]["contention"]
    assert [s["scenario"] for s in contention["scenarios"]] == ["same_slot", "overlapping"]
    for scenario in contention["scenarios"]:
        assert scenario["rounds_with_exactly_one_winner"] == scenario["rounds"]
        assert scenario["server_errors"] == 0
        assert scenario["statuses"] == {"200": scenario["rounds"] * scenario["clients"]}
        assert scenario["loser_latency"]["count"] == scenario["rounds"] * (scenario["clients"] - 1)
    assert contention["overlaps"] == 0


def test_growth_measures_each_size_and_shows_index_plans(quick_run):
    growth = quick_run["results"]["benchmarks"]["growth"]
    sizes = [phase["existing_appointments"] for phase in growth["phases"]]
    assert len(sizes) == 3
    assert sizes == sorted(sizes)
    assert sizes[-1] > sizes[0] + 1000
    for phase in growth["phases"]:
        assert phase["booking"]["count"] == phase["bookings_made"] > 0
        assert phase["check_availability"]["count"] > 0
    booking_plans = "\n".join(p["plan"] for p in growth["plans"]["booking"])
    assert "appointments_no_overlap" in booking_plans  # the conflict check uses the index
    assert growth["plans"]["check_availability"]


def test_sms_reaches_the_provider_once_per_message(quick_run):
    sms = quick_run["results"]["benchmarks"]["sms"]
    assert [c["workers"] for c in sms["configurations"]] == [1, 2]
    for config in sms["configurations"]:
        assert config["latency"]["commit_to_provider"]["count"] > 0
        assert config["without_wake_up"]["commit_to_provider"]["count"] > 0
        assert config["throughput"]["messages_per_second"] > 0
        assert sum(config["throughput"]["per_worker"]) == config["throughput"]["messages"]
    assert sms["duplicate_sends"] == 0


def test_feed_cost_alternates_the_feed_and_off_and_scales_over_clients(quick_run):
    feed = quick_run["results"]["benchmarks"]["feed"]
    assert feed["cost_clients"] == [8, 32]
    variants = [(r["clients"], r["variant"]) for r in feed["cost_runs"]]
    assert variants == [
        (clients, variant)
        for clients in (8, 32)
        for variant in ("direct", "woken", "merged", "off")
    ]
    for run in feed["cost_runs"] + feed["scaling"] + feed["scaling_off"]:
        assert run["transactions"] > 0
        assert run["throughput"] > 0
    for variant in ("direct", "woken", "merged"):
        assert set(feed[f"{variant}_over_off"]) == {"8", "32"}
    merged = [r for r in feed["cost_runs"] if r["variant"] == "merged"]
    assert all(r["wake_up_transactions"] > 0 for r in merged)  # its notifier ran
    assert [(r["clients"], r["variant"]) for r in feed["scaling"]] == [
        (clients, "direct") for clients in (1, 2, 4, 8, 16, 32)
    ]
    assert [(r["clients"], r["variant"]) for r in feed["scaling_off"]] == [
        (clients, "off") for clients in (1, 2, 4, 8, 16, 32)
    ]


def test_feed_work_scripts_book_in_every_variant(quick_run):
    work = quick_run["results"]["benchmarks"]["feed_work"]
    assert work["skipped"] == "quick run"  # callgrind takes a minute: full runs only
    assert work["scripts_booked"] == {"direct": 2, "woken": 2, "off": 2}


def test_every_voice_tool_answers_in_the_open_loop(quick_run):
    voice = quick_run["results"]["benchmarks"]["voice_tools"]
    assert voice["clinics"] == 64
    assert voice["failures"] == 0
    assert set(voice["tools"]) == {
        "availability", "hold", "send_code", "confirm", "lookup", "cancel", "reschedule",
        "call_report",
    }  # fmt: skip
    for tool, figures in voice["tools"].items():
        assert figures["requests"] > 0, tool
        assert figures["succeeded"] == figures["requests"], tool  # every answer a success
        assert figures["latency"]["p99"] > 0, tool


def test_waitlist_offers_reach_the_provider_and_each_hot_slot_has_one_winner(quick_run):
    waitlist = quick_run["results"]["benchmarks"]["waitlist"]
    latency = waitlist["offer_latency"]
    assert latency["commit_to_first_offer"]["count"] == latency["rounds"] > 0
    assert latency["commit_to_first_offer"]["p50"] > 0
    hot = waitlist["hot_slot"]
    assert hot["rounds"] > 0
    assert hot["one_winner_rounds"] == hot["rounds"], hot["outcomes"]
    assert hot["outcomes"]["won"] == hot["rounds"]
    assert sum(hot["outcomes"].values()) == hot["rounds"] * hot["claimants"]
    assert hot["overlaps"] == 0
    assert hot["claims_per_second"]["overall"] > 0
    cost = waitlist["cost"]
    assert cost["offers_sent"] == 3 * cost["rounds"] > 0  # each cancellation queued its 3 offers
    for variant in cost["variants"].values():
        assert variant["book"]["count"] == variant["cancel"]["count"] == cost["rounds"]
