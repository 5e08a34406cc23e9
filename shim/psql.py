"""`make psql`: a psql session on the database `make run` uses.

DATABASE_URL when it is set; else `make run`'s own cluster under .data/postgres
(CLINIC_BOOKING_DATA_DIR moves it), database clinic_booking, as the
superuser `postgres`. While `make run` serves, its cluster is running and
psql joins it through the socket folder the server recorded in
postmaster.pid; otherwise the cluster is started for the session and stopped
after it. The session's search_path is `booking, public`, so the spec's
monitoring queries run as they are written. Arguments are passed to psql
(`make psql PSQL_ARGS='-c "select * from daily_report"'`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from shim.database.local_postgres import LocalPostgres, LocalPostgresError, find_bindir
from shim.database.url import with_database
from shim.run import DEV_DATABASE, data_folder

SEARCH_PATH_OPTION = "-c search_path=booking,public"


def psql_command() -> str:
    """The psql of the installed server, else the one on PATH."""
    try:
        candidate = find_bindir() / "psql"
    except LocalPostgresError:
        candidate = None
    if candidate is not None and candidate.exists():
        return str(candidate)
    if found := shutil.which("psql"):
        return found
    raise LocalPostgresError("psql not found: install Debian's postgresql-client")


def running_cluster_url(cluster_dir: Path) -> str | None:
    """The superuser URL of the running cluster in cluster_dir, from its
    postmaster.pid (line 4: port, line 5: socket folder), or None."""
    try:
        lines = (cluster_dir / "postmaster.pid").read_text(encoding="utf-8").splitlines()
        pid, port, socket_dir = int(lines[0]), int(lines[3]), lines[4]
    except (OSError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # a stale file: the server is gone
    except PermissionError:
        pass  # the server runs as another user (the postgres account): it is there
    host = quote(socket_dir, safe="")
    return f"postgresql://postgres@/{DEV_DATABASE}?host={host}&port={port}"


def session_environment(environ: Mapping[str, str]) -> dict[str, str]:
    options = " ".join(filter(None, [environ.get("PGOPTIONS", ""), SEARCH_PATH_OPTION]))
    return {**environ, "PGOPTIONS": options}


def run_psql(url: str, arguments: Sequence[str], environ: Mapping[str, str]) -> int:
    command = [psql_command(), url, *arguments]
    return subprocess.run(command, env=session_environment(environ), check=False).returncode


def main(arguments: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    env = dict(os.environ if environ is None else environ)
    given = list(sys.argv[1:] if arguments is None else arguments)
    try:
        if url := env.get("DATABASE_URL"):
            return run_psql(url, given, env)
        cluster_dir = data_folder(env) / "postgres"
        if (url := running_cluster_url(cluster_dir)) is not None:
            return run_psql(url, given, env)
        cluster = LocalPostgres(data_dir=cluster_dir)
        if not cluster.initialized:
            print("make psql: no database yet; `make run` creates it", file=sys.stderr)
            return 2
        print(f"make psql: starting PostgreSQL in {cluster_dir} for this session", file=sys.stderr)
        try:
            return run_psql(with_database(cluster.start(), DEV_DATABASE), given, env)
        finally:
            cluster.stop()
    except LocalPostgresError as exc:
        print(f"make psql: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
