"""The REST gateway alone, for the benchmarks: `python -m bench.gateway_server`.

Configured like `make run` (ServiceSettings.from_env: DATABASE_URL or
GATEWAY_DATABASE_URL, JWT_SECRET, PORT, DB_POOL, ...), one uvicorn process,
access log on stderr; but without the SMS worker and the hold sweeper of
the full service, so the booking figures are the gateway's own.
"""

from __future__ import annotations

import importlib
import logging
import sys

import uvicorn

from shim.gateway import create_app
from shim.service.settings import ServiceSettings


def _available(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    # uvicorn's auto mode takes uvloop and httptools when they are installed.
    logging.getLogger("bench.gateway_server").info(
        "event loop %s, HTTP parser %s",
        "uvloop" if _available("uvloop") else "asyncio",
        "httptools" if _available("httptools") else "h11",
    )
    settings = ServiceSettings.from_env()
    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
    )
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
