"""GET <PUBLIC_BASE_URL>/w/<token>: a waitlist offer, opened from the link in
the offer SMS ("a time opened ... use <link>").

    GET  /w/<token>          the offered time in words, and what the patient may do
    POST /w/<token>/claim    "Take this time" (public.claim_waitlist_offer)
    POST /w/<token>/leave    "Take me off the waitlist" (public.leave_waitlist_by_offer)

The token is the credential, as the manage page's (manage.py): every call is
a token function run as anon (public.waitlist_offer reads it), and the SQL
decides who wins a time (the first valid claim, under the calendar lock)
and says why not (OFFER_TAKEN, OFFER_EXPIRED, BUSY_RETRY), answered in
words. What the page shows follows the offer's status as the SQL answers it
(open, claimed, taken, expired, declined), so a page never says "booked" of
an offer that is not. An unknown token is the manage page's plain 404. The
token is in the URL: no Referer, never cached, and the access log shows
/w/<token> instead of it.
"""

from __future__ import annotations

from typing import Any, LiteralString

from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.service.state import service_state
from shim.web.page_responses import (
    FLASH_COOKIE,
    PatientPost,
    form_page,
    not_found,
    offer_form,
    offer_scope,
    patient_token,
    redirect,
    redirect_with_flash,
    take_flash,
)
from shim.web.paths import LOGGED_OFFER_PAGE, hide_patient_token
from shim.web.sql_calls import anonymous, call

# The codes a claim or a leave may come back with (?error=): others are not shown.
ERRORS = frozenset({"OFFER_TAKEN", "OFFER_EXPIRED", "BUSY_RETRY", "NOT_DONE"})


async def not_found_page(request: Request) -> Response:
    hide_patient_token(request)
    return not_found()


async def _sql(request: Request, statement: LiteralString, token: str, *, write: bool) -> Any:
    caller = anonymous(service_state(request))
    return await call(request, caller, statement, {"token": token}, read_only=not write, path="/w")


async def offer_page(request: Request) -> Response:
    token = patient_token(request, LOGGED_OFFER_PAGE)
    offer = (
        None
        if token is None
        else await _sql(request, queries.WEB_WAITLIST_OFFER, token, write=False)
    )
    if token is None or not isinstance(offer, dict) or offer.get("success") is not True:
        return not_found()
    error = request.query_params.get("error")
    left = request.cookies.get(FLASH_COOKIE) == "left"
    context = {
        "offer": offer,
        "token": token,
        "error": error if error in ERRORS else None,
        "left": left and offer.get("can_claim") is not True,
    }
    response = form_page(request, "waitlist_offer.html", context, offer_scope(token))
    take_flash(request, response, "offer", token=token)
    return response


def _after(post: PatientPost, answer: Any, done: str) -> Response:
    if not isinstance(answer, dict) or answer.get("error") == "OFFER_NOT_FOUND":
        return not_found()
    if answer.get("success") is True:
        return redirect_with_flash(post.request, "offer", done, token=post.token)
    error = str(answer.get("error"))
    return redirect("offer", token=post.token, error=error if error in ERRORS else "NOT_DONE")


@offer_form
async def claim(post: PatientPost) -> Response:
    answer = await _sql(post.request, queries.WEB_CLAIM_WAITLIST_OFFER, post.token, write=True)
    return _after(post, answer, "booked")


@offer_form
async def leave(post: PatientPost) -> Response:
    answer = await _sql(post.request, queries.WEB_LEAVE_WAITLIST_BY_OFFER, post.token, write=True)
    return _after(post, answer, "left")
