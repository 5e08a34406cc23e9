"""Jinja2 templates (templates/, one per page with a shared base.html) and
the versioned static files (static/): /static/<content hash>/<name>, so a
page always loads the files it was rendered with and they can be cached
for good.

Templates build every URL with two globals: `page_url(name, **params)` (the
pages' named paths, paths.py) and `static(name)` (a static file's versioned
URL)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from shim.web.paths import page_url
from shim.web.security import with_page_headers
from shim.web.settings_display import FILTERS

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}


def _static_files() -> dict[str, tuple[str, bytes]]:
    files = {}
    for path in sorted(STATIC_DIR.iterdir()):
        if path.suffix in STATIC_TYPES and path.is_file():
            content = path.read_bytes()
            files[path.name] = (hashlib.sha256(content).hexdigest()[:12], content)
    return files


STATIC_FILES = _static_files()


def static_url(name: str) -> str:
    version, _content = STATIC_FILES[name]
    return page_url("static", version=version, name=name)


ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENVIRONMENT.globals["static"] = static_url
ENVIRONMENT.globals["page_url"] = page_url
ENVIRONMENT.filters.update(FILTERS)


def render(
    name: str,
    context: Mapping[str, Any],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    html = ENVIRONMENT.get_template(name).render(**context)
    response = HTMLResponse(html, status_code=status_code)
    with_page_headers(response)
    return response


async def static_endpoint(request: Request) -> Response:
    """A static file by version and name; any other version is a 404, so a
    stale page never gets a newer file under an old name."""
    name = request.path_params["name"]
    found = STATIC_FILES.get(name)
    if found is None or found[0] != request.path_params["version"]:
        return with_page_headers(Response("Not found", status_code=404, media_type="text/plain"))
    content = found[1]
    suffix = Path(name).suffix
    return Response(
        content,
        media_type=STATIC_TYPES[suffix],
        headers={
            "Cache-Control": "public, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )


def known_error_codes() -> frozenset[str]:
    """The answer codes the pages have a sentence for (messages.html's ERROR_TEXT)."""
    return frozenset(ENVIRONMENT.get_template("messages.html").module.ERROR_TEXT)  # type: ignore[attr-defined]
