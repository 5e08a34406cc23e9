"""The clinic's staff: who may sign in, with which role, and invitations.

    GET  /dashboard/staff                       members, roles, pending invitations
    POST /dashboard/staff/invite                invite by email (or phone) with a role
    POST /dashboard/staff/<account>/role        change a member's role
    POST /dashboard/staff/<account>/disabled    disable or enable a member
    POST /dashboard/staff/<account>/password-reset   a one-time reset link (1 hour)
    GET  /dashboard/invitations/<token>         the invitee chooses a password
    POST /dashboard/invitations/<token>         ... and lands on the dashboard
    GET  /dashboard/password-reset/<token>      a member chooses a new password
    POST /dashboard/password-reset/<token>      ... (every session of theirs ends)

Owners and administrators only (the SQL decides: public.list_staff,
invite_staff_member, set_staff_role, set_staff_member_disabled run as the
member, whose account is the token's `sub`); anyone else gets a page that
says so. An invitation's link is shown once, to the inviter, to pass on;
only its hash is stored, and its path never reaches the access log.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, LiteralString

from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.service.errors import ServiceError
from shim.service.state import service_state
from shim.web import session
from shim.web.forms import BadForm, read_form
from shim.web.page_responses import (
    FORM_EXPIRED,
    FORM_UNREADABLE,
    error_page,
    form_page,
    redirect,
    sign_in_page,
    staff_page,
    staff_scope,
)
from shim.web.paths import LOGGED_INVITATION, LOGGED_RESET, page_url
from shim.web.security import CSRF_FIELD, request_csrf
from shim.web.session import Member
from shim.web.sql_calls import call, call_as_service

ROLES = ("owner", "admin", "front_desk")
MANAGERS = ("owner", "admin")
INVITATION_SCOPE = "invitation"
NOT_A_MANAGER = "Only the clinic's owners and administrators can manage its staff."


async def _as_member(
    request: Request, member: Member, statement: LiteralString, params: dict[str, Any]
) -> Any:
    params = {"org_id": member.org_id, **params}
    return await call(request, member.caller, statement, params, read_only=False, path="/staff")


def _public_base(request: Request) -> str:
    """Where the links given out point: PUBLIC_BASE_URL, never the request's
    Host header (development without it: the address this page was read at)."""
    configured = service_state(request).settings.public_base_url
    return (configured or str(request.base_url)).rstrip("/")


def _refused(exc: ServiceError) -> bool:
    return exc.code == "42501"


async def _staff_page(request: Request, member: Member, extra: dict[str, Any]) -> Response:
    if member.staff_role is not None and member.staff_role not in MANAGERS:
        return error_page(NOT_A_MANAGER, 403)
    try:
        staff = await _as_member(request, member, queries.LIST_STAFF, {})
    except ServiceError as exc:
        if _refused(exc):
            return error_page(NOT_A_MANAGER, 403)
        raise
    context = {
        "staff": staff,
        "roles": ROLES,
        "me": str(member.caller.claims.get("sub")),
        "notice": request.query_params.get("notice"),
        "error": request.query_params.get("error"),
        "invited": None,
        "role": None,
        "reset_link": None,
        **extra,
    }
    return form_page(request, "staff.html", context, staff_scope(member))


@staff_page
async def staff_list(request: Request, member: Member) -> Response:
    return await _staff_page(request, member, {})


async def _checked(request: Request) -> tuple[Member, dict[str, str]] | Response:
    member = await session.session_member(request)
    if member is None:
        return sign_in_page(request, "expired", status_code=401)
    try:
        form = await read_form(request)
    except BadForm:
        return error_page(FORM_UNREADABLE, 400)
    if not request_csrf(request).valid(request, form.get(CSRF_FIELD), staff_scope(member)):
        return error_page(FORM_EXPIRED, 403)
    return member, form


async def invite(request: Request) -> Response:
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    member, form = checked
    params = {
        "email": form.get("email", "").strip() or None,
        "phone": form.get("phone", "").strip() or None,
        "role": form.get("role", ""),
    }
    try:
        answer = await _as_member(request, member, queries.INVITE_STAFF_MEMBER, params)
    except ServiceError as exc:
        if _refused(exc):
            return error_page(NOT_A_MANAGER, 403)
        raise
    if not isinstance(answer, dict) or answer.get("success") is not True:
        error = answer.get("error") if isinstance(answer, dict) else "INVALID_INPUT"
        return redirect("staff", error=str(error))
    link = _public_base(request) + page_url("invitation", token=answer["invitation_token"])
    invited = {
        "link": link,
        "email": params["email"],
        "phone": params["phone"],
        "texted": answer.get("sms_message_id") is not None,
    }
    return await _staff_page(request, member, {"invited": invited, "role": params["role"]})


def _account_id(request: Request) -> str | None:
    try:
        return str(uuid.UUID(request.path_params["account_id"]))
    except ValueError:
        return None


async def _change(
    request: Request,
    statement: LiteralString,
    values: Callable[[dict[str, str]], dict[str, Any]],
) -> Response:
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    member, form = checked
    account_id = _account_id(request)
    if account_id is None:
        return redirect("staff", error="UNKNOWN_MEMBER")
    try:
        answer = await _as_member(
            request, member, statement, {"account_id": account_id, **values(form)}
        )
    except ServiceError as exc:
        if _refused(exc):
            return error_page(NOT_A_MANAGER, 403)
        raise
    if isinstance(answer, dict) and answer.get("success") is True:
        return redirect("staff", notice="changed")
    error = answer.get("error") if isinstance(answer, dict) else "INVALID_INPUT"
    return redirect("staff", error=str(error))


async def set_role(request: Request) -> Response:
    return await _change(
        request, queries.SET_STAFF_ROLE, lambda form: {"role": form.get("role", "")}
    )


async def set_disabled(request: Request) -> Response:
    return await _change(
        request,
        queries.SET_STAFF_MEMBER_DISABLED,
        lambda form: {"disabled": form.get("disabled") == "true"},
    )


async def reset_password(request: Request) -> Response:
    """An owner or admin makes a one-time reset link for a member, to pass on."""
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    member, _form = checked
    account_id = _account_id(request)
    if account_id is None:
        return redirect("staff", error="UNKNOWN_MEMBER")
    try:
        answer = await _as_member(
            request, member, queries.RESET_STAFF_PASSWORD, {"account_id": account_id}
        )
    except ServiceError as exc:
        if _refused(exc):
            return error_page(NOT_A_MANAGER, 403)
        raise
    if not isinstance(answer, dict) or answer.get("success") is not True:
        error = answer.get("error") if isinstance(answer, dict) else "INVALID_INPUT"
        return redirect("staff", error=str(error))
    link = _public_base(request) + page_url("password_reset", token=answer["reset_token"])
    return await _staff_page(request, member, {"reset_link": link})


# -- the invitee ---------------------------------------------------------------------------
def _invitation_token(request: Request) -> str:
    request.state.access_log_path = LOGGED_INVITATION
    return str(request.path_params["token"])


async def invitation_page(request: Request) -> Response:
    token = _invitation_token(request)
    context = {"token": token, "error": request.query_params.get("error")}
    return form_page(request, "invitation.html", context, INVITATION_SCOPE)


async def accept_invitation(request: Request) -> Response:
    token = _invitation_token(request)
    try:
        form = await read_form(request)
    except BadForm:
        return error_page(FORM_UNREADABLE, 400)
    if not request_csrf(request).valid(request, form.get(CSRF_FIELD), INVITATION_SCOPE):
        return error_page(FORM_EXPIRED, 403)
    password = form.get("password", "")
    if password != form.get("password_again", ""):
        return redirect("invitation", token=token, error="PASSWORDS_DIFFER")
    email = form.get("email", "").strip() or None
    accepted = await call_as_service(
        request,
        queries.ACCEPT_STAFF_INVITATION,
        {"token": token, "password": password, "email": email},
    )
    if not isinstance(accepted, dict) or accepted.get("success") is not True:
        error = accepted.get("error") if isinstance(accepted, dict) else "INVALID_INVITATION"
        return redirect("invitation", token=token, error=str(error))
    if not accepted.get("password_set", True):
        # An existing account joined: it signs in with the password it has.
        return redirect("dashboard")
    answer = await call_as_service(
        request, queries.STAFF_SIGN_IN, {"email": accepted["email"], "password": password}
    )
    if isinstance(answer, dict) and answer.get("success") is True:
        session.start_staff_session(request, answer, str(accepted.get("org_id")))
    return redirect("dashboard")


# -- a member who forgot their password ---------------------------------------------------------
RESET_SCOPE = "password-reset"


def _reset_token(request: Request) -> str:
    request.state.access_log_path = LOGGED_RESET
    return str(request.path_params["token"])


async def password_reset_page(request: Request) -> Response:
    token = _reset_token(request)
    context = {"token": token, "error": request.query_params.get("error")}
    return form_page(request, "password_reset.html", context, RESET_SCOPE)


async def complete_password_reset(request: Request) -> Response:
    token = _reset_token(request)
    try:
        form = await read_form(request)
    except BadForm:
        return error_page(FORM_UNREADABLE, 400)
    if not request_csrf(request).valid(request, form.get(CSRF_FIELD), RESET_SCOPE):
        return error_page(FORM_EXPIRED, 403)
    password = form.get("password", "")
    if password != form.get("password_again", ""):
        return redirect("password_reset", token=token, error="PASSWORDS_DIFFER")
    answer = await call_as_service(
        request, queries.COMPLETE_PASSWORD_RESET, {"reset": token, "password": password}
    )
    if not isinstance(answer, dict) or answer.get("success") is not True:
        error = answer.get("error") if isinstance(answer, dict) else "INVALID_RESET_TOKEN"
        return redirect("password_reset", token=token, error=str(error))
    return redirect("dashboard", notice="password_changed")
