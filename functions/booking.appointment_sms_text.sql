-- The text of a lifecycle SMS of an appointment, as it stands now:
--   reminder      clinic, service, local date and time with zone, and
--                 "Reply Y to confirm or C to cancel."
--   cancellation  clinic, service, the cancelled local date and time
--   reschedule    clinic, service, the new local date and time, p_link
-- Never asks the patient to reply STOP or CANCEL (carrier opt-out words:
-- such a reply would unsubscribe the patient instead). At most 1600
-- characters: names are capped at 200 and services at 100 by their tables.
create or replace function booking.appointment_sms_text(
  p_kind text,
  p_clinic_name text,
  p_service_type text,
  p_scheduled_at timestamptz,
  p_timezone text,
  p_link text default null
) returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_when text := booking.local_time_text(p_scheduled_at, p_timezone);
begin
  return case p_kind
    when 'reminder' then
      p_clinic_name || ': reminder of your ' || p_service_type || ' appointment on ' || v_when
      || '. Reply Y to confirm or C to cancel.'
    when 'cancellation' then
      p_clinic_name || ': your ' || p_service_type || ' appointment on ' || v_when
      || ' has been cancelled. Call us to book again.'
    when 'reschedule' then
      p_clinic_name || ': your ' || p_service_type || ' appointment has moved to ' || v_when || '.'
      || coalesce(' To change it: ' || p_link, '')
  end;
end;
$$;

revoke execute on function booking.appointment_sms_text(text, text, text, timestamptz, text, text) from public, anon, authenticated, service_role;
comment on function booking.appointment_sms_text(text, text, text, timestamptz, text, text) is
  'Text of a reminder ("Reply Y to confirm or C to cancel."), cancellation or reschedule SMS: clinic, service, local date/time with zone; never asks for STOP or CANCEL.';
