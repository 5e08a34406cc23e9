"""A PostgreSQL cluster of our own, from the installed server binaries.

Used when DATABASE_URL is not set: `make test` starts a throwaway cluster in a
temporary folder and removes it afterwards; `make run` keeps one under
`.data/postgres` in the checkout so that data survives a restart.

The server listens only on a Unix socket in a private folder (no TCP port), so
it never collides with a server that already listens on 5432. PostgreSQL
refuses to run as root; when we are root the cluster belongs to the `postgres`
system user and its commands run through `runuser`.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

SERVER_SETTINGS = {
    "listen_addresses": "''",
    "max_connections": "200",
    "shared_buffers": "128MB",
    "fsync": "on",
    "log_min_messages": "warning",
    "logging_collector": "off",
}


class LocalPostgresError(RuntimeError):
    pass


def find_bindir() -> Path:
    """The directory of initdb/pg_ctl: PG_BINDIR, else the newest Debian install."""
    if env := os.environ.get("PG_BINDIR"):
        return Path(env)
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if debian:
        return debian[-1].parent
    if found := shutil.which("initdb"):
        return Path(found).parent
    raise LocalPostgresError(
        "PostgreSQL server binaries not found: install Debian's postgresql-15 or set DATABASE_URL"
    )


def _owner_account() -> pwd.struct_passwd | None:
    """The unprivileged account to run the server as, when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError as exc:
        raise LocalPostgresError(
            "running as root needs the 'postgres' system user to own the cluster"
        ) from exc


@dataclass
class LocalPostgres:
    data_dir: Path
    port: int = 5432
    socket_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="pgsock-")))
    # Server settings on top of SERVER_SETTINGS, e.g. shared_preload_libraries for benchmarks.
    settings: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.bindir = find_bindir()
        self.owner = _owner_account()

    # -- commands -------------------------------------------------------------
    def command(self, *args: str, wrapper: Sequence[str] = ()) -> list[str]:
        """A server program (args[0], e.g. pg_ctl) with its arguments, run as
        the cluster's owner, under `wrapper` (e.g. valgrind) when given."""
        command = [*wrapper, str(self.bindir / args[0]), *args[1:]]
        if self.owner is not None:
            command = ["runuser", "-u", self.owner.pw_name, "--", *command]
        return command

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = self.command(*args)
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            raise LocalPostgresError(
                f"{args[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout}"
            )
        return result

    def _give_to_owner(self, path: Path) -> None:
        if self.owner is not None:
            os.chown(path, self.owner.pw_uid, self.owner.pw_gid)

    # -- lifecycle ------------------------------------------------------------
    @property
    def initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def init(self) -> None:
        if self.initialized:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._give_to_owner(self.data_dir)
        self._run(
            "initdb",
            "-D", str(self.data_dir),
            "-U", "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-instructions",
        )  # fmt: skip

    @property
    def running(self) -> bool:
        """A server runs on this data folder (pg_ctl status: its postmaster.pid is live)."""
        if not self.initialized:
            return False
        return self._run("pg_ctl", "-D", str(self.data_dir), "status", check=False).returncode == 0

    def start(self) -> str:
        """Initialise when needed, start, and return a superuser connection URL.

        A server still running on this data folder (an earlier run killed
        before it could stop it) is stopped first: it listens on that run's
        socket folder, not this one's. A stale postmaster.pid (the server
        itself was killed) is PostgreSQL's to clear, and it does."""
        self.init()
        if self.running:
            self.stop()
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self._give_to_owner(self.socket_dir)
        settings = {**SERVER_SETTINGS, **self.settings}
        options = " ".join(f"-c {k}={v}" for k, v in settings.items())
        options += f" -c unix_socket_directories='{self.socket_dir}' -p {self.port}"
        log = self.data_dir / "server.log"
        self._run("pg_ctl", "-D", str(self.data_dir), "-o", options, "-l", str(log), "-w", "start")
        return self.url("postgres")

    def stop(self) -> None:
        if self.initialized:
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        shutil.rmtree(self.socket_dir, ignore_errors=True)

    def url(self, dbname: str) -> str:
        host = quote(str(self.socket_dir), safe="")
        return f"postgresql://postgres@/{dbname}?host={host}&port={self.port}"


def throwaway_cluster(settings: dict[str, str] | None = None) -> LocalPostgres:
    """A cluster in a fresh temporary folder; call remove() when done."""
    base = Path(tempfile.mkdtemp(prefix="clinic-booking-pg-"))
    if (owner := _owner_account()) is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    return LocalPostgres(
        data_dir=base / "data", socket_dir=base / "socket", settings=dict(settings or {})
    )
