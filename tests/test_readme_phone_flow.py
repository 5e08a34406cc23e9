"""The README's phone flow, pasted as a newcomer pastes it: every shell block
of its "Try the phone flow" section runs, in order, in one bash session,
against the service started as `make run` starts it (`python -m shim.run`,
on a fresh database, SMS printed by the console sender). The only change to
the blocks is the one the README asks for: the code printed in the
`make run` terminal goes into CODE."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from shim import run
from tests import database
from tests.gateway.conftest import gateway_login_url

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SECTION = "### Try the phone flow"
PATIENT_PHONE = "+14155552672"
WAITING_PHONE = "+14155552673"
CODE_LINE = re.compile(r"^CODE=[0-9]{4}\b.*$", re.MULTILINE)
DONE = "__readme_block_done__"

pytestmark = pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("bash") is None, reason="needs curl and bash"
)


def readme_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    section = section[: section.index("\n## ")]
    return re.findall(r"^```sh\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)


class Lines:
    """The lines a process writes to one stream, read by a thread."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self._new: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))
            self._new.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            try:
                self._new.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r}: {self.lines}") from None

    def next_line(self, timeout: float) -> str:
        return self._new.get(timeout=timeout)


class Shell:
    """One bash session, as the terminal the README's blocks are pasted into."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            ["bash", "--noprofile", "--norc"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.output = Lines(self.process.stdout)

    def paste(self, block: str, timeout: float = 60) -> list[str]:
        """The lines the block printed."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{block}\necho {DONE}\n")
        self.process.stdin.flush()
        printed = []
        while (line := self.output.next_line(timeout)) != DONE:
            printed.append(line)
        return printed

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def answer(printed: list[str]) -> dict:
    """The JSON answer among the lines a block printed (the last JSON line)."""
    answers = [json.loads(line) for line in printed if line.startswith("{")]
    assert answers, f"no JSON answer in {printed}"
    return answers[-1]


@pytest.fixture
def make_run_service(database_url: str, server_url: str, tmp_path: Path) -> Iterator[Lines]:
    """`python -m shim.run` on a fresh database, its data folder at
    tmp_path/.data; yields its stdout once the banner is printed."""
    del database_url  # the API roles exist on the server (the gateway's login)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with database.fresh_database(server_url, prefix="make_run_readme") as url:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"JWT_SECRET", "VOICE_AGENT_SECRET", "SMS_SENDER", "PUBLIC_BASE_URL"}
        }
        env.update(
            DATABASE_URL=url,
            GATEWAY_DATABASE_URL=gateway_login_url(url),
            PORT=str(port),
            CLINIC_BOOKING_DATA_DIR=str(tmp_path / ".data"),
        )
        service = subprocess.Popen(
            [sys.executable, "-m", "shim.run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert service.stdout is not None
        try:
            output = Lines(service.stdout)
            output.wait_for("clinic-booking is running", timeout=180)
            output.wait_for("Press Ctrl-C to stop", timeout=10)
            yield output
        finally:
            service.send_signal(signal.SIGINT)
            try:
                service.wait(timeout=30)
            except subprocess.TimeoutExpired:
                service.kill()
                service.wait()


def test_the_readme_phone_flow_runs_as_written(make_run_service: Lines, tmp_path: Path) -> None:
    output = make_run_service
    port = re.search(r"REST base URL +http://127\.0\.0\.1:(\d+)/", "\n".join(output.lines))
    assert port is not None
    secret = (tmp_path / ".data" / "voice_agent_secret").read_text(encoding="utf-8").strip()
    assert output.wait_for(r"X-Vapi-Secret: (\S+)", 1)[1] == secret
    assert output.wait_for(r"hot-lead alerts +to (\S+)", 1)[1] == run.EXAMPLE_ALERT_PHONE
    assert output.wait_for(r"links in SMS +(\S+)", 1)[1] == f"http://127.0.0.1:{port[1]}"

    blocks = readme_blocks()
    assert len(blocks) == 11, (
        "setup, the five phases, the end-of-call report, reply Y, a caller joining the waitlist, "
        "reply C, the waitlisted patient's Y"
    )
    setup, check, reserve, send_code, verify, confirm, report, reply_y, join, reply_c, take = blocks
    assert len(CODE_LINE.findall(verify)) == 1
    # A terminal in the checkout (make sms-reply), make run's data folder
    # where this test's service keeps it.
    env = {**os.environ, "PORT": port[1], "CLINIC_BOOKING_DATA_DIR": str(tmp_path / ".data")}
    shell = Shell(ROOT, env)
    try:
        assert shell.paste(setup) == []

        checked = answer(shell.paste(check))
        assert checked["success"] is True, checked
        assert checked["slots"], checked

        held = answer(shell.paste(reserve))
        assert held["success"] is True, held

        sent = answer(shell.paste(send_code))
        assert sent == {"success": True, "codeSent": True, "expiresAt": held["expiresAt"]}
        code = output.wait_for(rf"\[sms otp to \{PATIENT_PHONE}\] .* code is (\d{{4}})", 10)[1]

        booked = answer(shell.paste(CODE_LINE.sub(f"CODE={code}", verify)))
        assert booked["success"] is True, booked
        assert booked["scheduledAt"] == checked["slots"][0]["start"]
        confirmation = output.wait_for(rf"\[sms confirmation to \{PATIENT_PHONE}\] (.*)", 10)[1]
        # the manage link: this service's own address and an unguessable token
        assert re.search(rf"http://127\.0\.0\.1:{port[1]}/a/[A-Za-z0-9_-]{{32,}}", confirmation)

        confirmed = answer(shell.paste(confirm))
        assert confirmed["success"] is True, confirmed
        assert confirmed["messageSent"] is True, confirmed
        assert confirmed["messageId"].startswith("console-")
        # the stored text: its manage link left it once sent (only the hash is kept)
        assert confirmed["content"] == re.sub(
            r"http://\S+/a/[A-Za-z0-9_-]+", "[manage link]", confirmation
        )

        reported = answer(shell.paste(report))
        assert reported["success"] is True, reported
        assert (reported["lead_score"], reported["hot_lead"], reported["alert"]) == (
            85,
            True,
            "queued",
        )
        output.wait_for(rf"\[sms hot_lead_alert to \{run.EXAMPLE_ALERT_PHONE}\] Hot lead", 10)

        # The patient answers the confirmation by SMS: Y, then C.
        replied = shell.paste(reply_y)
        assert any("accepted" in line for line in replied), replied
        output.wait_for(
            rf"\[sms reply to \{PATIENT_PHONE}\] Example Clinic: thank you, .* is confirmed", 10
        )
        joined = answer(shell.paste(join))
        assert joined["success"] is True, joined
        assert joined["alreadyOnList"] is False, joined
        replied = shell.paste(reply_c)
        assert any("accepted" in line for line in replied), replied
        output.wait_for(rf"\[sms cancellation to \{PATIENT_PHONE}\] ", 10)
        # The freed time goes to the waitlist at once, with its link.
        offer = output.wait_for(rf"\[sms waitlist_offer to \{WAITING_PHONE}\] (.*)", 10)[1]
        assert offer.startswith("Example Clinic: a consultation time opened on Monday, "), offer
        assert re.search(rf"http://127\.0\.0\.1:{port[1]}/w/[A-Za-z0-9_-]{{32}}", offer), offer
        # Y answers the offer only once the worker recorded it sent (the reply
        # context): the console sender prints, then the worker records.
        time.sleep(1)
        replied = shell.paste(take)
        assert any("accepted" in line for line in replied), replied
        booked_again = output.wait_for(rf"\[sms confirmation to \{WAITING_PHONE}\] (.*)", 10)[1]
        assert "appointment is confirmed for Monday" in booked_again, booked_again
    finally:
        shell.close()
