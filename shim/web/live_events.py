"""The live-feed event types the dashboard refreshes on.

booking.record_event (the trigger function of schema/0090) decides what an
event says; SQL keeps no list of the types, so this is the one list the
pages use: the dashboard renders it into its page (data-event-types, and
data-hot-lead-event-type) and its script listens for exactly these.
tests/web/test_live_event_types.py reads the trigger function from the
catalog and fails when it can emit a type this list lacks, or this list
names one it cannot emit.

EVENT_WORDS says each type in words without names: what the feed shows for
an event until the panel's re-read brings its full sentence
(feed_words.html over public.dashboard_feed), so no raw type is ever shown.
"""

from __future__ import annotations

# 'appointment.' || status (booking.appointments_status_check), and the
# three an appointment's other changes make.
APPOINTMENT_EVENTS = (
    "appointment.booked",
    "appointment.scheduled",
    "appointment.confirmed",
    "appointment.completed",
    "appointment.cancelled",
    "appointment.no_show",
    "appointment.rescheduled",
    "appointment.patient_confirmed",
)
# 'hold.claimed', then 'hold.' || status (booking.appointment_holds_status_check,
# consumed named confirmed).
HOLD_EVENTS = ("hold.claimed", "hold.active", "hold.released", "hold.expired", "hold.confirmed")
SMS_EVENTS = ("sms.queued", "sms.status_changed", "sms.rate_limited", "sms.received")
HOT_LEAD_CREATED = "hot_lead.created"  # the page highlights the lead it names
# The waitlist's (issue 25): an entry joined or left, a freed time offered,
# claimed, an offer (or an entry) that ran out.
WAITLIST_EVENTS = (
    "waitlist.joined",
    "waitlist.left",
    "waitlist.offered",
    "waitlist.claimed",
    "waitlist.expired",
)
DASHBOARD_EVENT_TYPES = (
    *APPOINTMENT_EVENTS,
    *HOLD_EVENTS,
    *SMS_EVENTS,
    HOT_LEAD_CREATED,
    *WAITLIST_EVENTS,
)
# What the waitlist page (waitlist.py) re-reads itself on: its entries, the
# times being offered and the week's figures change with these.
WAITLIST_PAGE_EVENT_TYPES = (*APPOINTMENT_EVENTS, *HOLD_EVENTS, *WAITLIST_EVENTS)

EVENT_WORDS: dict[str, str] = {
    "appointment.booked": "Appointment booked",
    "appointment.scheduled": "Appointment expected again",
    "appointment.confirmed": "Appointment confirmed",
    "appointment.completed": "Appointment completed",
    "appointment.cancelled": "Appointment cancelled",
    "appointment.no_show": "A patient did not come (no-show)",
    "appointment.rescheduled": "Appointment moved",
    "appointment.patient_confirmed": "A patient confirmed their appointment",
    "hold.claimed": "A caller is holding a time",
    "hold.active": "A time is held",
    "hold.released": "A held time was released",
    "hold.expired": "A held time expired",
    "hold.confirmed": "A held time was booked",
    "sms.queued": "SMS queued",
    "sms.status_changed": "SMS status updated",
    "sms.rate_limited": "An SMS was held back: a sending limit was reached",
    "sms.received": "A text message came in",
    HOT_LEAD_CREATED: "New hot lead",
    "waitlist.joined": "A patient joined the waitlist",
    "waitlist.left": "A patient left the waitlist",
    "waitlist.offered": "A freed time was offered to the waitlist",
    "waitlist.claimed": "A patient on the waitlist took a freed time",
    "waitlist.expired": "A waitlist offer or entry ran out",
}
