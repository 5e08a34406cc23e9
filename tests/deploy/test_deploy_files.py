"""The files docs/deploy.md installs: deploy/booking.service passes
`systemd-analyze verify` (the checkout's path in place of /opt/clinic-booking,
so its ExecStart names a real interpreter) and says what serve's shutdown
needs; deploy/nginx-booking.conf, exactly as shipped but for a self-signed
certificate in place of the real one, passes `nginx -t` with its include."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

from tests.deploy.nginx import (
    INSTALLED_LOCATIONS,
    LOCATIONS,
    NGINX,
    SITE,
    check_config,
    main_config,
)

ROOT = Path(__file__).resolve().parent.parent.parent
UNIT = ROOT / "deploy" / "booking.service"
INSTALL_DIR = "/opt/clinic-booking"


def unit_settings() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    systemd_analyze = shutil.which("systemd-analyze")
    assert systemd_analyze, "systemd-analyze (Debian's systemd package) is needed"
    unit = tmp_path / "booking.service"
    unit.write_text(UNIT.read_text(encoding="utf-8").replace(INSTALL_DIR, str(ROOT)))
    assert (ROOT / ".venv" / "bin" / "python").exists()
    verified = subprocess.run(
        [systemd_analyze, "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert (verified.returncode, verified.stdout + verified.stderr) == (0, "")


def test_the_unit_runs_serve_from_its_environment_file_and_stops_it_with_sigterm() -> None:
    service = unit_settings()["Service"]
    assert service["ExecStart"] == f"{INSTALL_DIR}/.venv/bin/python -m shim serve"
    assert service["EnvironmentFile"] == "/etc/clinic-booking/booking.env"
    assert service["KillSignal"] == "SIGTERM"
    assert service["Restart"] == "on-failure"
    # serve's graceful shutdown (10 s) then the SMS worker's grace (20 s) fit.
    assert int(service["TimeoutStopSec"]) >= 30
    for option in ("NoNewPrivileges", "PrivateTmp", "ProtectHome"):
        assert service[option] == "yes", option
    assert service["ProtectSystem"] == "strict"


def test_the_live_feeds_are_unbuffered_and_posts_never_retried() -> None:
    text = LOCATIONS.read_text(encoding="utf-8")
    for path in ("/api/events", "/dashboard/events"):
        block = re.search(rf"location = {re.escape(path)} \{{(.*?)\}}", text, re.DOTALL)
        assert block, path
        assert "proxy_buffering off;" in block.group(1)
        assert "proxy_read_timeout 1h;" in block.group(1)
    next_upstream = re.findall(r"^proxy_next_upstream .*$", text, re.MULTILINE)
    assert next_upstream == ["proxy_next_upstream error timeout;"]
    assert "non_idempotent" not in re.sub(r"#.*", "", text)
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header} " in text


def test_nginx_accepts_the_site_file_as_shipped(tmp_path: Path) -> None:
    """Slow tier (conftest.SLOW): needs nginx, which make test installs."""
    assert NGINX.exists(), "make test installs Debian's nginx (tools/ensure-nginx.sh)"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=api.clinic.example", "-keyout", str(key), "-out", str(cert)),
        ],
        capture_output=True,
        check=True,
    )
    text = SITE.read_text(encoding="utf-8")
    text = re.sub(r"(ssl_certificate ).*;", rf"\g<1>{cert};", text)
    text = re.sub(r"(ssl_certificate_key ).*;", rf"\g<1>{key};", text)
    text = text.replace(f"include {INSTALLED_LOCATIONS};", f"include {LOCATIONS};")
    site = tmp_path / "site.conf"
    site.write_text(text, encoding="utf-8")
    config = tmp_path / "nginx.conf"
    config.write_text(main_config(tmp_path, site), encoding="utf-8")
    checked = check_config(config, tmp_path)
    assert checked.returncode == 0, checked.stderr
