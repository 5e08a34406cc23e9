"""The pages as a surface of the service: `web_surface(events_endpoint)`.

Every path under /dashboard, /a and /static is the pages', so whatever goes
wrong there is answered as a page with the pages' headers: an error the
database gave (unavailable, overloaded), an unknown path, a method a page
does not take, the unexpected. Never JSON, and never a patient's token in
the access log.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from shim.service.application import Surface
from shim.service.errors import ServiceError
from shim.web import dashboard, manage
from shim.web.dashboard import Endpoint
from shim.web.templates import render, static_endpoint

log = logging.getLogger(__name__)

APPOINTMENT = "/dashboard/appointments/{appointment_id}"
PREFIXES = ("/dashboard", "/a", "/static")
UNAVAILABLE = "The service is busy or unavailable. Please try again in a moment."


def _hide_token(request: Request) -> None:
    if request.url.path.startswith("/a/"):
        request.state.access_log_path = "/a/<path>"


def _error_page(status: int, message: str) -> Response:
    return render("error.html", {"message": message, "status_code": status}, status_code=status)


async def service_error_page(request: Request, exc: Exception) -> Response:
    """A ServiceError (the database unavailable, overloaded, a refusal) as a page."""
    assert isinstance(exc, ServiceError)
    _hide_token(request)
    log.warning("page %s failed: %s %s", request.url.path, exc.status, exc.code)
    if exc.status >= 500:
        return _error_page(exc.status, UNAVAILABLE)
    return _error_page(400, "The request could not be read.")


async def http_error_page(request: Request, exc: Exception) -> Response:
    """An unknown page (404) or a method no page takes (405), as a page."""
    assert isinstance(exc, HTTPException)
    _hide_token(request)
    if exc.status_code == 404:
        if request.url.path.startswith("/a/"):
            return manage.not_found()
        return _error_page(404, "There is no such page.")
    if exc.status_code == 405:
        response = _error_page(405, "This page cannot be used that way.")
        if exc.headers:
            response.headers.update(exc.headers)
        return response
    return _error_page(exc.status_code, "The request could not be read.")


async def unexpected_error_page(request: Request, exc: Exception) -> Response:
    _hide_token(request)
    log.error("unexpected error on page %s", request.url.path, exc_info=exc)
    return _error_page(500, UNAVAILABLE)


def web_routes(events_endpoint: Endpoint) -> list[BaseRoute]:
    """Every page route; events_endpoint is the live feed's (GET /api/events)."""
    events_route = dashboard.events_route(events_endpoint)
    return [
        Route("/static/{version}/{name}", static_endpoint, methods=["GET", "HEAD"]),
        Route("/dashboard", dashboard.dashboard_page, methods=["GET", "HEAD"]),
        Route("/dashboard/sign-in", dashboard.sign_in, methods=["POST"]),
        Route("/dashboard/sign-out", dashboard.sign_out, methods=["POST"]),
        Route("/dashboard/panel", dashboard.panel, methods=["GET"]),
        Route("/dashboard/events", events_route, methods=["GET"]),
        Route(f"{APPOINTMENT}/cancel", dashboard.cancel, methods=["POST"]),
        Route(f"{APPOINTMENT}/outcome", dashboard.outcome, methods=["POST"]),
        Route(f"{APPOINTMENT}/reschedule", dashboard.reschedule_page, methods=["GET", "HEAD"]),
        Route(f"{APPOINTMENT}/reschedule", dashboard.reschedule, methods=["POST"]),
        Route("/a/{token}", manage.manage_page, methods=["GET", "HEAD"]),
        Route("/a/{token}/cancel", manage.cancel_page, methods=["GET", "HEAD"]),
        Route("/a/{token}/cancel", manage.cancel, methods=["POST"]),
        Route("/a/{token}/reschedule", manage.reschedule_page, methods=["GET", "HEAD"]),
        Route("/a/{token}/reschedule", manage.reschedule, methods=["POST"]),
        # Anything else under /a/ is the same plain 404 as an unknown token.
        Route("/a/{rest:path}", manage.not_found_page, methods=["GET", "HEAD", "POST"]),
    ]


def web_surface(events_endpoint: Endpoint) -> Surface:
    return Surface(
        name="web",
        routes=web_routes(events_endpoint),
        prefixes=PREFIXES,
        exception_handlers={
            ServiceError: service_error_page,
            HTTPException: http_error_page,
            Exception: unexpected_error_page,
        },
    )
