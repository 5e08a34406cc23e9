"""The pages' routes (see dashboard.py and manage.py)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from shim.web import dashboard, manage
from shim.web.dashboard import Endpoint
from shim.web.templates import static_endpoint

APPOINTMENT = "/dashboard/appointments/{appointment_id}"


def web_routes(events_endpoint: Endpoint) -> list[BaseRoute]:
    """Every page route; events_endpoint is the live feed's (GET /api/events)."""
    return [
        Route("/static/{version}/{name}", static_endpoint, methods=["GET", "HEAD"]),
        Route("/dashboard", dashboard.dashboard_page, methods=["GET", "HEAD"]),
        Route("/dashboard/sign-in", dashboard.sign_in, methods=["POST"]),
        Route("/dashboard/sign-out", dashboard.sign_out, methods=["POST"]),
        Route("/dashboard/panel", dashboard.panel, methods=["GET"]),
        Route("/dashboard/events", dashboard.events_route(events_endpoint), methods=["GET"]),
        Route(f"{APPOINTMENT}/cancel", dashboard.cancel, methods=["POST"]),
        Route(f"{APPOINTMENT}/outcome", dashboard.outcome, methods=["POST"]),
        Route(f"{APPOINTMENT}/reschedule", dashboard.reschedule_page, methods=["GET", "HEAD"]),
        Route(f"{APPOINTMENT}/reschedule", dashboard.reschedule, methods=["POST"]),
        Route("/a/{token}", manage.manage_page, methods=["GET", "HEAD"]),
        Route("/a/{token}/cancel", manage.cancel_page, methods=["GET", "HEAD"]),
        Route("/a/{token}/cancel", manage.cancel, methods=["POST"]),
        Route("/a/{token}/reschedule", manage.reschedule_page, methods=["GET", "HEAD"]),
        Route("/a/{token}/reschedule", manage.reschedule, methods=["POST"]),
    ]
