"""The front desk's appointment page, from the day view and the dashboard.

    GET  /dashboard/appointments/<id>           history, SMS, reminders, actions
    POST /dashboard/appointments/<id>/confirm   confirm on the patient's behalf

Reads public.appointment_detail (the appointment on the clinic's clock, who
did what when with reasons, the SMS for it with their delivery status, its
reminders, and what staff may do now: the rules the actions enforce); the
actions are the day view's check-in/outcome form (front_desk.attendance,
which comes back here), the reschedule picker, the cancel confirmation step
(dashboard.cancel_page) and public.confirm_appointment_for_patient, all as
the member under the functions' own tenant checks.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from shim import queries
from shim.web.page_responses import (
    StaffPost,
    appointment_id,
    error_page,
    form_page,
    query_error,
    redirect,
    staff_action,
    staff_page,
    staff_scope,
)
from shim.web.session import Member
from shim.web.sql_calls import call

# What the page may say was just done (?notice=): fixed sentences, chosen by key.
NOTICES = ("cancelled", "cancelled_quietly", "confirmed", "attendance")


@staff_page
async def detail_page(request: Request, member: Member) -> Response:
    appointment = appointment_id(request)
    if appointment is None:
        return error_page("No such appointment.", 404)
    detail = await call(
        request,
        member.caller,
        queries.WEB_APPOINTMENT_DETAIL,
        {"org_id": member.org_id, "appointment_id": appointment},
        read_only=True,
        path="/dashboard",
    )
    if detail.get("success") is not True:
        return error_page("No such appointment.", 404)
    notice = request.query_params.get("notice")
    context = {
        "appointment": detail["appointment"],
        "history": detail["history"],
        "sms_messages": detail["messages"],
        "reminders": detail["reminders"],
        "patient_texts": detail.get("patient_texts") or [],
        "notice": notice if notice in NOTICES else None,
        "error": query_error(request),
    }
    return form_page(request, "appointment_detail.html", context, staff_scope(member))


@staff_action
async def confirm(post: StaffPost) -> Response:
    """The patient said they will come: recorded as staff's, with the member."""
    answer = await call(
        post.request,
        post.member.caller,
        queries.WEB_CONFIRM_FOR_PATIENT,
        {"org_id": post.member.org_id, "appointment_id": post.appointment_id},
        read_only=False,
        path="/dashboard",
    )
    if answer.get("success") is True:
        return redirect(
            "appointment_detail", appointment_id=post.appointment_id, notice="confirmed"
        )
    error = str(answer.get("error"))
    return redirect("appointment_detail", appointment_id=post.appointment_id, error=error)
