-- Staff cancel, optionally without texting the patient (issue 23): the
-- history records whether the patient was texted about a change.
-- depends: 0107_front_desk
--
-- * booking.appointment_history.patient_notified: for a cancellation,
--   whether the patient was texted about it (staff may choose not to;
--   patients' own cancellations always are); NULL for other changes and
--   for rows before this migration.
-- * public.cancel_appointment and booking.cancel_appointment_as gain
--   p_notify_patient (default true): their old signatures are dropped here
--   and functions/ creates the new ones.

set local lock_timeout = '5s';
set local statement_timeout = '300s';

alter table booking.appointment_history add column patient_notified boolean;
comment on column booking.appointment_history.patient_notified is
  'A cancellation: true when the cancellation SMS was asked for (booking.enqueue_appointment_sms; opt-outs and destination rules still apply), false when staff chose not to text the patient; NULL for other changes and rows before migration 0111.';

-- squawk-ignore ban-drop-function
drop function if exists public.cancel_appointment(uuid, uuid, text);
-- squawk-ignore ban-drop-function
drop function if exists booking.cancel_appointment_as(uuid, uuid, text, text);
