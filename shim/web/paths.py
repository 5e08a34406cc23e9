"""The pages' paths, each named once.

routes.py builds its routes from PATHS; templates build every link and form
action with `page_url` (a Jinja global); redirects use the same function.
A patient page's path holds the manage token (/a/) or a waitlist offer's
token (/w/): the access log never shows it (`hide_patient_token`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request

APPOINTMENT = "/dashboard/appointments/{appointment_id}"
PATIENT = "/a/{token}"
OFFER = "/w/{token}"
SETTINGS = "/dashboard/settings"
CALENDAR = f"{SETTINGS}/calendars/{{calendar_id}}"
PATHS: dict[str, str] = {
    "static": "/static/{version}/{name}",
    "dashboard": "/dashboard",
    "sign_in": "/dashboard/sign-in",
    "sign_out": "/dashboard/sign-out",
    "staff": "/dashboard/staff",
    "staff_invite": "/dashboard/staff/invite",
    "staff_role": "/dashboard/staff/{account_id}/role",
    "staff_disabled": "/dashboard/staff/{account_id}/disabled",
    "invitation": "/dashboard/invitations/{token}",
    "staff_reset": "/dashboard/staff/{account_id}/password-reset",
    "password_reset": "/dashboard/password-reset/{token}",
    "settings": SETTINGS,
    "settings_profile": f"{SETTINGS}/profile",
    "settings_reminders": f"{SETTINGS}/reminders",
    "settings_sms": f"{SETTINGS}/sms",
    "settings_test_sms": f"{SETTINGS}/sms/test",
    "settings_voice_agent": f"{SETTINGS}/voice-agent",
    "settings_calendars": f"{SETTINGS}/calendars",
    "settings_calendar": CALENDAR,
    "settings_rules": f"{CALENDAR}/rules",
    "settings_hours": f"{CALENDAR}/hours",
    "settings_override": f"{CALENDAR}/overrides",
    "settings_override_clear": f"{CALENDAR}/overrides/clear",
    "settings_service": f"{CALENDAR}/services",
    "dashboard_panel": "/dashboard/panel",
    "dashboard_events": "/dashboard/events",
    "appointment_detail": APPOINTMENT,
    "appointment_confirm": f"{APPOINTMENT}/confirm",
    "appointment_cancel": f"{APPOINTMENT}/cancel",
    "appointment_outcome": f"{APPOINTMENT}/outcome",
    "appointment_reschedule": f"{APPOINTMENT}/reschedule",
    "front_desk_day": "/dashboard/day",
    "front_desk_block": "/dashboard/blocks",
    "front_desk_block_remove": "/dashboard/blocks/{block_id}/remove",
    "appointment_attendance": f"{APPOINTMENT}/attendance",
    "patients": "/dashboard/patients",
    "patient": "/dashboard/patients/{contact_id}",
    "new_appointment": "/dashboard/new-appointment",
    "inbox": "/dashboard/messages",
    "inbox_thread": "/dashboard/messages/{text_id}",
    "inbox_reply": "/dashboard/messages/{text_id}/reply",
    "manage": PATIENT,
    "manage_cancel": f"{PATIENT}/cancel",
    "manage_reschedule": f"{PATIENT}/reschedule",
    "manage_earlier_time": f"{PATIENT}/earlier-time",
    "waitlist": "/dashboard/waitlist",
    "waitlist_add": "/dashboard/waitlist/add",
    "waitlist_remove": "/dashboard/waitlist/{entry_id}/remove",
    "settings_waitlist": f"{SETTINGS}/waitlist",
    "offer": OFFER,
    "offer_claim": f"{OFFER}/claim",
    "offer_leave": f"{OFFER}/leave",
}
PATIENT_PREFIX = "/a/"
LOGGED_PATIENT_PAGE = "/a/<token>"  # a patient page's path, as the access log shows it
LOGGED_PATIENT_PATH = "/a/<path>"  # any other path under /a/
OFFER_PREFIX = "/w/"
LOGGED_OFFER_PAGE = "/w/<token>"  # a waitlist offer's page, as the access log shows it
LOGGED_OFFER_PATH = "/w/<path>"
INVITATION_PREFIX = "/dashboard/invitations/"
LOGGED_INVITATION = "/dashboard/invitations/<token>"  # an invitation's path, as logged
RESET_PREFIX = "/dashboard/password-reset/"
LOGGED_RESET = "/dashboard/password-reset/<token>"
_PLACEHOLDER = re.compile(r"{(\w+)}")


def page_url(name: str, /, **params: Any) -> str:
    """The path named `name`, its {placeholders} filled from params (quoted);
    the other params, those not None, are its query string in the order given:
    page_url("appointment_cancel", appointment_id=id),
    page_url("dashboard", notice="cancelled")."""
    template = PATHS[name]
    query = dict(params)

    def fill(match: re.Match[str]) -> str:
        return quote(str(query.pop(match.group(1))), safe="")

    path = _PLACEHOLDER.sub(fill, template)
    query = {key: value for key, value in query.items() if value is not None}
    return f"{path}?{urlencode(query)}" if query else path


def hide_patient_token(request: Request) -> None:
    """A path under /a/ holds (or may hold) a manage token, one under /w/ a
    waitlist offer's, one under /dashboard/invitations/ an invitation's: log
    it without."""
    if request.url.path.startswith(PATIENT_PREFIX):
        request.state.access_log_path = LOGGED_PATIENT_PATH
    elif request.url.path.startswith(OFFER_PREFIX):
        request.state.access_log_path = LOGGED_OFFER_PATH
    elif request.url.path.startswith(INVITATION_PREFIX):
        request.state.access_log_path = LOGGED_INVITATION
    elif request.url.path.startswith(RESET_PREFIX):
        request.state.access_log_path = LOGGED_RESET
