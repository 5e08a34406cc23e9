"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for bursts of
simultaneous requests (bench/contention.py).

Only what the gateway answers is read: a status line, headers and a
Content-Length body. It costs far less CPU per request than a general
client, so the load generator does not slow the gateway it measures on
this two-core machine (its own CPU time is reported with the results).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping


class HttpConnection:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def open(self) -> HttpConnection:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            await self._writer.wait_closed()
            self._writer = None

    def request_bytes(self, path: str, headers: Mapping[str, str], body: bytes) -> bytes:
        lines = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    async def send(self, request: bytes) -> tuple[int, bytes, float]:
        """(status, body, seconds from writing the request to reading the whole answer)."""
        assert self._reader is not None
        assert self._writer is not None
        started = time.perf_counter()
        self._writer.write(request)
        status_line = await self._reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        body = await self._reader.readexactly(length)
        return status, body, time.perf_counter() - started
