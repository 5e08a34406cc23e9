-- booking.enqueue_sms takes when a message is due and, for a reminder, the
-- start and offset it announces, so a reminder is written once. Before,
-- booking.sync_reminders inserted it due now and then updated
-- next_attempt_at, appointment_scheduled_at and reminder_offset_minutes: a
-- second row version through every index of booking.sms_outbox (the update
-- changes an indexed column, so it cannot be HOT) on every booking.
-- The function file defines the new signature; the old one goes here.
-- depends: 0090_events_without_commit_lock

set local lock_timeout = '5s';
set local statement_timeout = '60s';

-- (internal: no API role may execute it; every caller is a package function)
-- squawk-ignore ban-drop-function
drop function if exists booking.enqueue_sms(uuid, text, text, text, uuid, text, timestamptz);
