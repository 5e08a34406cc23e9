"""`make run` stops as process managers stop it: SIGTERM ends the server and
its own PostgreSQL cluster, and after any crash (SIGKILL included) the next
`make run` starts first time, on the same data folder."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from shim.database.local_postgres import LocalPostgres
from tests.test_readme_phone_flow import ROOT, Lines

pytestmark = pytest.mark.slow
STARTED = "clinic-booking is running"


@pytest.fixture
def data_folder() -> Iterator[Path]:
    """A data folder the cluster's owner (`postgres`, when we are root) can use."""
    base = Path(tempfile.mkdtemp(prefix="make-run-signals-"))
    base.chmod(0o755)
    try:
        yield base / ".data"
    finally:
        cluster = LocalPostgres(data_dir=base / ".data" / "postgres")
        cluster.stop()
        subprocess.run(["rm", "-rf", str(base)], check=False)


def start(data: Path) -> tuple[subprocess.Popen[str], Lines]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "GATEWAY_DATABASE_URL", "JWT_SECRET", "PUBLIC_BASE_URL"}
    }
    env.update(PORT=str(port), CLINIC_BOOKING_DATA_DIR=str(data))
    process = subprocess.Popen(
        [sys.executable, "-m", "shim.run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output = Lines(process.stdout)
    output.wait_for(STARTED, timeout=240)
    return process, output


def test_sigterm_stops_the_server_and_its_cluster(data_folder: Path) -> None:
    cluster = LocalPostgres(data_dir=data_folder / "postgres")
    process, output = start(data_folder)
    assert cluster.running
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0, output.lines
    assert not cluster.running, "SIGTERM left the cluster running"
    output.wait_for("stopping PostgreSQL", timeout=1)
    # The next run starts first time.
    again, _ = start(data_folder)
    again.send_signal(signal.SIGINT)
    assert again.wait(timeout=60) == 0
    assert not cluster.running


def test_after_sigkill_the_next_run_starts_first_time(data_folder: Path) -> None:
    cluster = LocalPostgres(data_dir=data_folder / "postgres")
    process, _ = start(data_folder)
    process.kill()  # no chance to stop anything: the cluster keeps running
    process.wait(timeout=30)
    assert cluster.running
    again, output = start(data_folder)
    assert cluster.running
    again.send_signal(signal.SIGTERM)
    assert again.wait(timeout=60) == 0, output.lines
    assert not cluster.running
