"""The pages as a surface of the service: `web_surface(events_endpoint)`.

Every path under /dashboard, /a, /w and /static is the pages', so whatever goes
wrong there is answered as a page with the pages' headers: an error the
database gave (unavailable, overloaded), an unknown path, a method a page
does not take, the unexpected. Never JSON, and never a patient's token in
the access log.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from shim.service.application import Surface
from shim.service.errors import ServiceError
from shim.web import (
    appointment_page,
    dashboard,
    front_desk,
    inbox,
    manage,
    settings_pages,
    staff,
    waitlist,
    waitlist_offer,
)
from shim.web.page_responses import Endpoint, error_page, not_found
from shim.web.page_settings import PageSettings
from shim.web.paths import OFFER_PREFIX, PATHS, PATIENT_PREFIX, hide_patient_token
from shim.web.session import SessionCookies
from shim.web.templates import static_endpoint

log = logging.getLogger(__name__)

PREFIXES = ("/dashboard", "/a", "/w", "/static")
UNAVAILABLE = "The service is busy or unavailable. Please try again in a moment."


async def service_error_page(request: Request, exc: Exception) -> Response:
    """A ServiceError (the database unavailable, overloaded, a refusal) as a page."""
    assert isinstance(exc, ServiceError)
    hide_patient_token(request)
    log.warning("page %s failed: %s %s", request.url.path, exc.status, exc.code)
    if exc.status >= 500:
        return error_page(UNAVAILABLE, exc.status)
    return error_page("The request could not be read.", 400)


async def http_error_page(request: Request, exc: Exception) -> Response:
    """An unknown page (404) or a method no page takes (405), as a page."""
    assert isinstance(exc, HTTPException)
    hide_patient_token(request)
    if exc.status_code == 404:
        if request.url.path.startswith((PATIENT_PREFIX, OFFER_PREFIX)):
            return not_found()
        return error_page("There is no such page.", 404)
    if exc.status_code == 405:
        response = error_page("This page cannot be used that way.", 405)
        if exc.headers:
            response.headers.update(exc.headers)
        return response
    return error_page("The request could not be read.", exc.status_code)


async def unexpected_error_page(request: Request, exc: Exception) -> Response:
    hide_patient_token(request)
    log.error("unexpected error on page %s", request.url.path, exc_info=exc)
    return error_page(UNAVAILABLE, 500)


def web_routes(events_endpoint: Endpoint) -> list[BaseRoute]:
    """Every page route; events_endpoint is the live feed's (GET /api/events)."""
    events_route = dashboard.events_route(events_endpoint)
    return [
        Route(PATHS["static"], static_endpoint, methods=["GET", "HEAD"]),
        Route(PATHS["dashboard"], dashboard.dashboard_page, methods=["GET", "HEAD"]),
        Route(PATHS["sign_in"], dashboard.sign_in, methods=["POST"]),
        Route(PATHS["sign_out"], dashboard.sign_out, methods=["POST"]),
        Route(PATHS["dashboard_panel"], dashboard.panel, methods=["GET"]),
        Route(PATHS["staff"], staff.staff_list, methods=["GET", "HEAD"]),
        Route(PATHS["staff_invite"], staff.invite, methods=["POST"]),
        Route(PATHS["staff_role"], staff.set_role, methods=["POST"]),
        Route(PATHS["staff_disabled"], staff.set_disabled, methods=["POST"]),
        Route(PATHS["staff_reset"], staff.reset_password, methods=["POST"]),
        Route(PATHS["password_reset"], staff.password_reset_page, methods=["GET", "HEAD"]),
        Route(PATHS["password_reset"], staff.complete_password_reset, methods=["POST"]),
        Route(PATHS["invitation"], staff.invitation_page, methods=["GET", "HEAD"]),
        Route(PATHS["invitation"], staff.accept_invitation, methods=["POST"]),
        Route(PATHS["dashboard_events"], events_route, methods=["GET"]),
        *settings_routes(),
        Route(PATHS["appointment_detail"], appointment_page.detail_page, methods=["GET", "HEAD"]),
        Route(PATHS["appointment_confirm"], appointment_page.confirm, methods=["POST"]),
        Route(PATHS["appointment_cancel"], dashboard.cancel_page, methods=["GET", "HEAD"]),
        Route(PATHS["appointment_cancel"], dashboard.cancel, methods=["POST"]),
        Route(PATHS["appointment_outcome"], dashboard.outcome, methods=["POST"]),
        Route(PATHS["appointment_reschedule"], dashboard.reschedule_page, methods=["GET", "HEAD"]),
        Route(PATHS["appointment_reschedule"], dashboard.reschedule, methods=["POST"]),
        Route(PATHS["front_desk_day"], front_desk.day_page, methods=["GET", "HEAD"]),
        Route(PATHS["appointment_attendance"], front_desk.attendance, methods=["POST"]),
        Route(PATHS["front_desk_block"], front_desk.block_time, methods=["POST"]),
        Route(PATHS["front_desk_block_remove"], front_desk.remove_block, methods=["POST"]),
        Route(PATHS["patients"], front_desk.patients_page, methods=["GET", "HEAD"]),
        Route(PATHS["patient"], front_desk.patient_page, methods=["GET", "HEAD"]),
        Route(PATHS["patient"], front_desk.update_patient, methods=["POST"]),
        Route(PATHS["new_appointment"], front_desk.new_appointment_page, methods=["GET", "HEAD"]),
        Route(PATHS["new_appointment"], front_desk.book_appointment, methods=["POST"]),
        Route(PATHS["inbox"], inbox.inbox_page, methods=["GET", "HEAD"]),
        Route(PATHS["inbox_thread"], inbox.thread_page, methods=["GET", "HEAD"]),
        Route(PATHS["inbox_reply"], inbox.reply, methods=["POST"]),
        Route(PATHS["manage"], manage.manage_page, methods=["GET", "HEAD"]),
        Route(PATHS["manage_cancel"], manage.cancel_page, methods=["GET", "HEAD"]),
        Route(PATHS["manage_cancel"], manage.cancel, methods=["POST"]),
        Route(PATHS["manage_reschedule"], manage.reschedule_page, methods=["GET", "HEAD"]),
        Route(PATHS["manage_reschedule"], manage.reschedule, methods=["POST"]),
        Route(PATHS["manage_earlier_time"], manage.earlier_time, methods=["POST"]),
        Route(PATHS["waitlist"], waitlist.waitlist_page, methods=["GET", "HEAD"]),
        Route(PATHS["waitlist_add"], waitlist.add, methods=["POST"]),
        Route(PATHS["waitlist_remove"], waitlist.remove, methods=["POST"]),
        Route(PATHS["offer"], waitlist_offer.offer_page, methods=["GET", "HEAD"]),
        Route(PATHS["offer_claim"], waitlist_offer.claim, methods=["POST"]),
        Route(PATHS["offer_leave"], waitlist_offer.leave, methods=["POST"]),
        # Anything else under /a/ is the same plain 404 as an unknown token.
        Route(
            PATIENT_PREFIX + "{rest:path}", manage.not_found_page, methods=["GET", "HEAD", "POST"]
        ),
        Route(
            OFFER_PREFIX + "{rest:path}",
            waitlist_offer.not_found_page,
            methods=["GET", "HEAD", "POST"],
        ),
    ]


def settings_routes() -> list[BaseRoute]:
    """The clinic's settings pages (settings_pages.py)."""
    posts = {
        "settings_profile": settings_pages.save_profile,
        "settings_reminders": settings_pages.save_reminders,
        "settings_sms": settings_pages.save_sms,
        "settings_test_sms": settings_pages.send_test_sms,
        "settings_voice_agent": settings_pages.rotate_voice_secret,
        "settings_calendars": settings_pages.add_calendar,
        "settings_rules": settings_pages.save_rules,
        "settings_hours": settings_pages.save_hours,
        "settings_override": settings_pages.save_override,
        "settings_override_clear": settings_pages.clear_override,
        "settings_service": settings_pages.save_service,
        "settings_waitlist": settings_pages.save_waitlist,
    }
    return [
        Route(PATHS["settings"], settings_pages.settings_page, methods=["GET", "HEAD"]),
        Route(PATHS["settings_calendar"], settings_pages.calendar_page, methods=["GET", "HEAD"]),
        *(Route(PATHS[name], endpoint, methods=["POST"]) for name, endpoint in posts.items()),
    ]


def web_surface(events_endpoint: Endpoint, settings: PageSettings | None = None) -> Surface:
    """The pages; `settings`: what the settings pages take from the
    environment (PageSettings.from_env: the encryption key, webhook URLs)."""
    return Surface(
        name="web",
        state={"page_settings": settings or PageSettings()},
        routes=web_routes(events_endpoint),
        prefixes=PREFIXES,
        middleware=[Middleware(SessionCookies)],
        exception_handlers={
            ServiceError: service_error_page,
            HTTPException: http_error_page,
            Exception: unexpected_error_page,
        },
    )
