"""Request line plus headers over MAX_REQUEST_HEAD_BYTES (16 KiB by default)
are refused with 431 and the connection closed, with the server's memory
bounded, whatever HTTP parser uvicorn runs. Real servers, real sockets."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from shim.http_input.request_head import DEFAULT_MAX_HEAD_BYTES, max_head_bytes

# A tiny ASGI app served exactly as `make run` serves (server_options).
SERVER = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from shim.http_input.request_head import server_options

async def ok(request):
    body = await request.body()
    return PlainTextResponse(f"ok {len(body)}")

app = Starlette(routes=[Route("/health", ok, methods=["GET", "POST"])])
options = server_options(int(sys.argv[2]), sys.argv[3])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", **options)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(parser: str, limit: int = DEFAULT_MAX_HEAD_BYTES) -> Iterator[tuple[int, int]]:
    """(port, pid) of a server process."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), str(limit), parser],
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.05)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def exchange(port: int, head: bytes, body: bytes = b"", pieces: int = 1 << 16) -> bytes:
    """Send the request (in pieces of `pieces` bytes); what came back before the close."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        request = head + body
        try:
            for start in range(0, len(request), pieces):
                sock.sendall(request[start : start + pieces])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused and closed while we were still sending
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
        return received


def read_response(sock: socket.socket) -> bytes:
    """One whole response of a kept-alive connection."""
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def head_with(header_bytes: int, method: str = "GET", extra: str = "") -> bytes:
    return (
        f"{method} /health HTTP/1.1\r\nHost: x\r\nX-Big: {'a' * header_bytes}\r\n{extra}"
        "Connection: close\r\n\r\n"
    ).encode()


def status(answer: bytes) -> int | None:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else None


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status_file:
        for line in status_file:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.parametrize("parser", ["httptools", "h11"])
def test_heads_over_the_limit_are_refused(parser: str) -> None:
    refused = {431}
    with server(parser) as (port, _pid):
        assert status(exchange(port, head_with(8 * 1024))) == 200
        assert status(exchange(port, head_with(20 * 1024))) in refused
        # One 64 MiB header, sent at once and in small pieces (slow drip).
        assert status(exchange(port, head_with(64 * 1024 * 1024))) in refused
        assert status(exchange(port, head_with(256 * 1024), pieces=1024)) in refused
        # A small head with a large body is fine: the body has its own limit.
        body = b"x" * 300_000
        post = head_with(100, "POST", f"Content-Length: {len(body)}\r\n")
        assert exchange(port, post, body).endswith(f"ok {len(body)}".encode())


@pytest.mark.parametrize("parser", ["httptools", "h11"])
def test_the_limit_counts_each_request_of_a_connection_afresh(parser: str) -> None:
    with server(parser, limit=4096) as (port, _pid):
        request = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"p" * 3000 + b"\r\n\r\n"
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            for _ in range(10):
                sock.sendall(request)
                assert status(read_response(sock)) == 200


def test_memory_stays_bounded_under_huge_headers() -> None:
    with server("httptools") as (port, pid):
        exchange(port, head_with(100))
        before = rss_kib(pid)
        threads = [
            threading.Thread(target=exchange, args=(port, head_with(64 * 1024 * 1024)))
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert status(exchange(port, head_with(100))) == 200
        assert rss_kib(pid) - before < 20 * 1024  # under 20 MB (it grew by 320 MB before)


def test_the_limit_is_configurable() -> None:
    assert max_head_bytes({}) == 16 * 1024
    assert max_head_bytes({"MAX_REQUEST_HEAD_BYTES": "65536"}) == 65536
    for bad in ("12", "lots", "-1", "\uff11\uff16"):
        with pytest.raises(ValueError, match="MAX_REQUEST_HEAD_BYTES"):
            max_head_bytes({"MAX_REQUEST_HEAD_BYTES": bad})
