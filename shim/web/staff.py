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

import functools
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, LiteralString

from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.service.errors import ServiceError
from shim.service.state import service_state
from shim.web import session
from shim.web.page_responses import (
    Endpoint,
    Refused,
    checked_form,
    error_page,
    form_page,
    query_error,
    redirect,
    sign_in_page,
    staff_page,
    staff_scope,
)
from shim.web.paths import LOGGED_INVITATION, LOGGED_RESET, page_url
from shim.web.session import Member
from shim.web.sql_calls import call, call_as_service

ROLES = ("owner", "admin", "front_desk")
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
    try:  # the SQL decides who manages staff (booking.assert_can_manage_staff)
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
        "error": query_error(request),
        "invited": None,
        "role": None,
        "reset_link": None,
        **extra,
    }
    return form_page(request, "staff.html", context, staff_scope(member))


@staff_page
async def staff_list(request: Request, member: Member) -> Response:
    return await _staff_page(request, member, {})


async def _manage(
    request: Request, statement: LiteralString, params: Callable[[dict[str, str]], dict[str, Any]]
) -> tuple[Member, dict[str, str], dict[str, Any]]:
    """A staff-page form post: signed in, its form and CSRF token checked,
    then the SQL as the member; Refused with the page to answer when any of
    that fails (the sign-in screen, a refusal, the SQL's error code)."""
    member = await session.session_member(request)
    if member is None:
        raise Refused(sign_in_page(request, "expired", status_code=401))
    form = await checked_form(request, staff_scope(member))
    try:
        answer = await _as_member(request, member, statement, params(form))
    except ServiceError as exc:
        if _refused(exc):
            raise Refused(error_page(NOT_A_MANAGER, 403)) from exc
        raise
    if not isinstance(answer, dict) or answer.get("success") is not True:
        error = answer.get("error") if isinstance(answer, dict) else "INVALID_INPUT"
        raise Refused(redirect("staff", error=str(error)))
    return member, form, answer


def _answered(handler: Callable[[Request], Awaitable[Response]]) -> Endpoint:
    """The handler, with its Refused answered by the page it carries."""

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except Refused as refused:
            return refused.response

    return endpoint


def _invitation_params(form: dict[str, str]) -> dict[str, Any]:
    return {
        "email": form.get("email", "").strip() or None,
        "phone": form.get("phone", "").strip() or None,
        "role": form.get("role", ""),
    }


@_answered
async def invite(request: Request) -> Response:
    member, form, answer = await _manage(request, queries.INVITE_STAFF_MEMBER, _invitation_params)
    params = _invitation_params(form)
    invited = {
        "link": _public_base(request) + page_url("invitation", token=answer["invitation_token"]),
        "email": params["email"],
        "phone": params["phone"],
        "texted": answer.get("sms_message_id") is not None,
    }
    return await _staff_page(request, member, {"invited": invited, "role": params["role"]})


def _of_member(request: Request, values: dict[str, Any]) -> dict[str, Any]:
    """The member the path names (an unknown id: UNKNOWN_MEMBER, as SQL says it)."""
    try:
        account_id = str(uuid.UUID(request.path_params["account_id"]))
    except ValueError:
        raise Refused(redirect("staff", error="UNKNOWN_MEMBER")) from None
    return {"account_id": account_id, **values}


@_answered
async def set_role(request: Request) -> Response:
    await _manage(
        request,
        queries.SET_STAFF_ROLE,
        lambda form: _of_member(request, {"role": form.get("role", "")}),
    )
    return redirect("staff", notice="changed")


@_answered
async def set_disabled(request: Request) -> Response:
    await _manage(
        request,
        queries.SET_STAFF_MEMBER_DISABLED,
        lambda form: _of_member(request, {"disabled": form.get("disabled") == "true"}),
    )
    return redirect("staff", notice="changed")


@_answered
async def reset_password(request: Request) -> Response:
    """An owner or admin makes a one-time reset link for a member, to pass on."""
    member, _form, answer = await _manage(
        request, queries.RESET_STAFF_PASSWORD, lambda _form: _of_member(request, {})
    )
    link = _public_base(request) + page_url("password_reset", token=answer["reset_token"])
    return await _staff_page(request, member, {"reset_link": link})


# -- the invitee, a member who forgot their password ---------------------------------------
# Both follow a one-time link whose token is in the path (never logged) and
# choose a password, typed twice.
INVITATION_SCOPE = "invitation"
RESET_SCOPE = "password-reset"


def _link_token(request: Request, logged_as: str) -> str:
    request.state.access_log_path = logged_as
    return str(request.path_params["token"])


async def _chosen_password(request: Request, scope: str, page: str, token: str) -> dict[str, str]:
    """The link's form, checked, its two passwords the same; else Refused."""
    form = await checked_form(request, scope)
    if form.get("password", "") != form.get("password_again", ""):
        raise Refused(redirect(page, token=token, error="PASSWORDS_DIFFER"))
    return form


async def invitation_page(request: Request) -> Response:
    token = _link_token(request, LOGGED_INVITATION)
    context = {"token": token, "error": query_error(request)}
    return form_page(request, "invitation.html", context, INVITATION_SCOPE)


@_answered
async def accept_invitation(request: Request) -> Response:
    token = _link_token(request, LOGGED_INVITATION)
    form = await _chosen_password(request, INVITATION_SCOPE, "invitation", token)
    password = form["password"]
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


async def password_reset_page(request: Request) -> Response:
    token = _link_token(request, LOGGED_RESET)
    context = {"token": token, "error": query_error(request)}
    return form_page(request, "password_reset.html", context, RESET_SCOPE)


@_answered
async def complete_password_reset(request: Request) -> Response:
    token = _link_token(request, LOGGED_RESET)
    form = await _chosen_password(request, RESET_SCOPE, "password_reset", token)
    answer = await call_as_service(
        request, queries.COMPLETE_PASSWORD_RESET, {"reset": token, "password": form["password"]}
    )
    if not isinstance(answer, dict) or answer.get("success") is not True:
        error = answer.get("error") if isinstance(answer, dict) else "INVALID_RESET_TOKEN"
        return redirect("password_reset", token=token, error=str(error))
    return redirect("dashboard", notice="password_changed")
