"""The pages' routes (see dashboard.py and manage.py)."""

from __future__ import annotations

import functools
import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from shim.gateway.errors import ApiError
from shim.web import dashboard, manage
from shim.web.dashboard import Endpoint
from shim.web.templates import render, static_endpoint

log = logging.getLogger(__name__)

APPOINTMENT = "/dashboard/appointments/{appointment_id}"


def page(endpoint: Endpoint) -> Endpoint:
    """A page answers an error the database gave (unavailable, overloaded)
    as a page too, with the pages' headers, never as JSON."""

    @functools.wraps(endpoint)
    async def wrapped(request: Request) -> Response:
        try:
            return await endpoint(request)
        except ApiError as exc:
            log.warning("page %s failed: %s %s", endpoint.__name__, exc.status, exc.code)
            status = exc.status if exc.status >= 500 else 400
            message = (
                "The service is busy or unavailable. Please try again in a moment."
                if status >= 500
                else "The request could not be read."
            )
            return render(
                "error.html", {"message": message, "status_code": status}, status_code=status
            )

    return wrapped


def web_routes(events_endpoint: Endpoint) -> list[BaseRoute]:
    """Every page route; events_endpoint is the live feed's (GET /api/events)."""
    events_route = dashboard.events_route(events_endpoint)
    return [
        Route("/static/{version}/{name}", static_endpoint, methods=["GET", "HEAD"]),
        Route("/dashboard", page(dashboard.dashboard_page), methods=["GET", "HEAD"]),
        Route("/dashboard/sign-in", page(dashboard.sign_in), methods=["POST"]),
        Route("/dashboard/sign-out", page(dashboard.sign_out), methods=["POST"]),
        Route("/dashboard/panel", page(dashboard.panel), methods=["GET"]),
        Route("/dashboard/events", events_route, methods=["GET"]),
        Route(f"{APPOINTMENT}/cancel", page(dashboard.cancel), methods=["POST"]),
        Route(f"{APPOINTMENT}/outcome", page(dashboard.outcome), methods=["POST"]),
        Route(
            f"{APPOINTMENT}/reschedule", page(dashboard.reschedule_page), methods=["GET", "HEAD"]
        ),
        Route(f"{APPOINTMENT}/reschedule", page(dashboard.reschedule), methods=["POST"]),
        Route("/a/{token}", page(manage.manage_page), methods=["GET", "HEAD"]),
        Route("/a/{token}/cancel", page(manage.cancel_page), methods=["GET", "HEAD"]),
        Route("/a/{token}/cancel", page(manage.cancel), methods=["POST"]),
        Route("/a/{token}/reschedule", page(manage.reschedule_page), methods=["GET", "HEAD"]),
        Route("/a/{token}/reschedule", page(manage.reschedule), methods=["POST"]),
        # Anything else under /a/ is the same plain 404 as an unknown token.
        Route("/a/{rest:path}", page(manage.not_found_page), methods=["GET", "HEAD", "POST"]),
    ]
