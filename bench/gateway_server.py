"""The REST gateway alone, for the benchmarks: `python -m bench.gateway_server`.

Configured like `make run` (ServiceSettings.from_env: DATABASE_URL or
GATEWAY_DATABASE_URL, JWT_SECRET, PORT, DB_POOL, ...), one uvicorn process,
access log on stderr; but without the SMS worker and the hold sweeper of
the full service, so the booking figures are the gateway's own.
BENCH_VOICE_AGENT=1 serves the voice-agent routes next to it
(bench/voice_tools.py).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys

import uvicorn

from shim.gateway import create_app
from shim.gateway.app import gateway_surface
from shim.service.application import build_application
from shim.service.settings import ServiceSettings
from shim.voice_agent import VoiceAgentSettings, voice_agent_surface


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
    if os.environ.get("BENCH_VOICE_AGENT") == "1":
        surfaces = [gateway_surface(), voice_agent_surface(VoiceAgentSettings.from_env())]
        app = build_application(settings, surfaces)
    else:
        app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
    )
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
