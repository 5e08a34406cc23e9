"""The front desk's messages inbox: patients' texts and the clinic's replies.

    GET  /dashboard/messages                  conversations, unread counts
    GET  /dashboard/messages/<text id>        the conversation (marks it read)
    POST /dashboard/messages/<text id>/reply  a reply through the outbox

A conversation is named by one of its texts' id, never by the phone number
(a number never appears in a URL). Reads public.sms_inbox and
public.sms_thread; replies with public.reply_to_sms (a staff_reply through
the SMS outbox: opt-outs, destination rules and per-recipient limits
apply), all as the member under the functions' own tenant checks. The
reply form works without JavaScript (POST-redirect-GET); a refusal is
rendered at once with what was typed.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.service.errors import ServiceError
from shim.web import session
from shim.web.page_responses import (
    FLASH_COOKIE,
    Refused,
    checked_form,
    error_page,
    form_page,
    redirect_with_flash,
    sign_in_page,
    signed_out,
    staff_page,
    staff_scope,
    take_flash,
)
from shim.web.session import Member
from shim.web.sql_calls import organization_answer

PATH = "/dashboard"
MAX_REPLY = 1000
# The codes the reply form has a sentence for (front_desk_messages.html).
REPLY_ERRORS = frozenset(
    {"INVALID_BODY", "SMS_OPTED_OUT", "RECIPIENT_RATE_LIMITED", "PHONE_NOT_ALLOWED"}
)
NO_CONVERSATION = "There is no such conversation."


def _text_id(request: Request) -> str | None:
    try:
        return str(uuid.UUID(request.path_params["text_id"]))
    except ValueError:
        return None


@staff_page
async def inbox_page(request: Request, member: Member) -> Response:
    inbox = await organization_answer(request, member, queries.WEB_SMS_INBOX, {}, read_only=True)
    if inbox.get("success") is not True:
        return error_page("The messages could not be read.", 404)
    return form_page(request, "inbox.html", {"inbox": inbox}, staff_scope(member))


async def _thread_response(
    request: Request,
    member: Member,
    text_id: str,
    *,
    error: str | None = None,
    entered: str = "",
    status_code: int = 200,
) -> Response:
    thread = await organization_answer(
        request, member, queries.WEB_SMS_THREAD, {"text_id": text_id}, read_only=False
    )
    if thread.get("success") is not True:
        return error_page(NO_CONVERSATION, 404)
    sent = request.cookies.get(FLASH_COOKIE) == "sent" and error is None
    context = {"thread": thread, "error": error, "entered": entered, "sent": sent}
    response = form_page(
        request, "inbox_thread.html", context, staff_scope(member), status_code=status_code
    )
    take_flash(request, response, "inbox_thread", text_id=text_id)
    return response


@staff_page
async def thread_page(request: Request, member: Member) -> Response:
    text_id = _text_id(request)
    if text_id is None:
        return error_page(NO_CONVERSATION, 404)
    return await _thread_response(request, member, text_id)


async def reply(request: Request) -> Response:
    """Signed in (else the sign-in screen), a conversation id (else 404), a
    readable form with a valid CSRF token (else 400/403); then the reply."""
    member = await session.session_member(request)
    if member is None:
        return sign_in_page(request, "expired", status_code=401)
    text_id = _text_id(request)
    if text_id is None:
        return error_page(NO_CONVERSATION, 404)
    try:
        form = await checked_form(request, staff_scope(member))
    except Refused as refused:
        return refused.response
    body = form.get("body") or ""
    try:
        if len(body) > MAX_REPLY * 2:
            answer: dict[str, Any] = {"success": False, "error": "INVALID_BODY"}
        else:
            answer = await organization_answer(
                request,
                member,
                queries.WEB_REPLY_TO_SMS,
                {"text_id": text_id, "body": body},
                read_only=False,
            )
        if answer.get("success") is True:
            return redirect_with_flash(request, "inbox_thread", "sent", text_id=text_id)
        if answer.get("error") == "TEXT_NOT_FOUND":
            return error_page(NO_CONVERSATION, 404)
        error = str(answer.get("error"))
        return await _thread_response(
            request,
            member,
            text_id,
            error=error if error in REPLY_ERRORS else "INVALID_INPUT",
            entered=body[: MAX_REPLY * 2],
            status_code=400 if error == "INVALID_BODY" else 409,
        )
    except ServiceError as exc:
        if signed_out(exc):
            return sign_in_page(request, "refused", status_code=exc.status)
        raise
