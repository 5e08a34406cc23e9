"""deploy/nginx-booking.conf run for real on loopback: the site file rendered
with the test's addresses and plain http, its proxy rules included unchanged
(deploy/nginx-booking-locations.conf, by its path in the checkout), under a
main configuration of the test's own, with Debian's nginx as a non-daemon
child (make test installs it: tools/ensure-nginx.sh).

What the rendering changes, and nothing else (each must happen exactly as
counted, so an edit of the site file that the test no longer understands
fails here rather than testing something else):
- the instances' addresses in both upstreams -> the test's loopback ports;
- the port-80 server (the redirect to https) -> dropped;
- `listen 443 ssl http2` -> `listen 127.0.0.1:PORT`, the IPv6 listen, the
  ssl_* lines and the HSTS header dropped (no TLS on loopback);
- the include's installed path -> the file in the checkout.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx-booking.conf"
LOCATIONS = DEPLOY / "nginx-booking-locations.conf"
INSTALLED_LOCATIONS = "/etc/nginx/snippets/booking-locations.conf"
NGINX = Path("/usr/sbin/nginx")
# Which instance served each request, in the test's access log.
LOG_FORMAT = "'$msec $upstream_addr $status $request_method $uri'"


def _replace(pattern: str, replacement: str, text: str, count: int) -> str:
    result, made = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    assert made == count, f"{SITE.name}: expected {count} of {pattern!r}, found {made}"
    return result


def render_site(upstream_ports: Sequence[int], listen_port: int) -> str:
    """The site file for loopback: see the module's docstring."""
    text = SITE.read_text(encoding="utf-8")
    addresses = re.findall(r"^\s*server (\S+:\d+)", text, re.MULTILINE)
    instances = list(dict.fromkeys(addresses))
    assert len(instances) == len(upstream_ports), (instances, upstream_ports)
    for address, port in zip(instances, upstream_ports, strict=True):
        text = _replace(rf"^(\s*server ){re.escape(address)}\b", rf"\g<1>127.0.0.1:{port}", text, 2)
    text = _replace(r"^server \{\n(?:(?!^\}).*\n)*?.*return 301.*\n\}\n", "", text, 1)
    listen = rf"\g<1>listen 127.0.0.1:{listen_port};"
    text = _replace(r"^(\s*)listen 443 ssl http2;", listen, text, 1)
    text = _replace(r"^\s*listen \[::\]:443 .*\n", "", text, 1)
    text = _replace(r"^\s*ssl_\w+ .*\n", "", text, 4)
    text = _replace(r"^\s*add_header Strict-Transport-Security .*\n", "", text, 1)
    return _replace(
        rf"^(\s*include ){re.escape(INSTALLED_LOCATIONS)};", rf"\g<1>{LOCATIONS};", text, 1
    )


def main_config(folder: Path, site: Path) -> str:
    """nginx.conf of the test: every path in `folder`, the site in http{}."""
    temp = "\n".join(
        f"    {name}_temp_path {folder / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    log_format upstreams {LOG_FORMAT};
    access_log {folder / "access.log"} upstreams;
{temp}
    include {site};
}}
"""


@dataclass(frozen=True)
class LogLine:
    at: float  # when the request ended (epoch seconds)
    upstreams: tuple[str, ...]  # every instance tried, in order ("-": none)
    status: int
    method: str
    uri: str


@dataclass
class Nginx:
    folder: Path
    port: int
    process: subprocess.Popen[bytes]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def access_log(self) -> list[LogLine]:
        lines = []
        path = self.folder / "access.log"
        for line in path.read_text(encoding="utf-8").splitlines():
            at, *addresses, status, method, uri = line.split(" ")
            upstreams = tuple(a.rstrip(",") for a in addresses if a != ":")
            lines.append(LogLine(float(at), upstreams, int(status), method, uri))
        return lines

    def error_log(self) -> str:
        return (self.folder / "error.log").read_text(encoding="utf-8", errors="replace")


def write_config(folder: Path, upstream_ports: Sequence[int], listen_port: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    site = folder / "nginx-booking.conf"
    site.write_text(render_site(upstream_ports, listen_port), encoding="utf-8")
    config = folder / "nginx.conf"
    config.write_text(main_config(folder, site), encoding="utf-8")
    return config


def check_config(config: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NGINX), "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(config), "-t"],
        capture_output=True,
        text=True,
        check=False,
    )


@contextmanager
def running_nginx(folder: Path, upstream_ports: Sequence[int], listen_port: int) -> Iterator[Nginx]:
    """nginx in front of the instances, stopped (SIGQUIT, then SIGKILL) on exit."""
    config = write_config(folder, upstream_ports, listen_port)
    checked = check_config(config, folder)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [str(NGINX), "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    nginx = Nginx(folder, listen_port, process)
    try:
        deadline = time.monotonic() + 10
        while True:
            assert process.poll() is None, nginx.error_log()
            try:
                httpx.get(f"{nginx.base_url}/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, nginx.error_log()
                time.sleep(0.05)
        yield nginx
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGQUIT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
