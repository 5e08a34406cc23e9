-- The text of an appointment's confirmation SMS: clinic name, service,
-- local date and time (DST-correct), manage link (p_reschedule_url: the
-- page where the patient reschedules or cancels), opt-out hint.
-- At most 1600 characters (the outbox limit): names are capped at 200 and
-- services at 100 characters by their tables.
create or replace function booking.confirmation_sms_text(
  p_clinic_name text,
  p_service_type text,
  p_scheduled_at timestamptz,
  p_timezone text,
  p_reschedule_url text
) returns text
language plpgsql
volatile
strict
set search_path = ''
as $$
begin
  return p_clinic_name || ': your ' || p_service_type || ' appointment is confirmed for '
      || booking.local_time_text(p_scheduled_at, p_timezone) || '. '
      || 'To reschedule or cancel: ' || p_reschedule_url || ' Reply STOP to opt out.';
end;
$$;

revoke execute on function booking.confirmation_sms_text(text, text, timestamptz, text, text) from public, anon, authenticated, service_role;
comment on function booking.confirmation_sms_text(text, text, timestamptz, text, text) is
  'Confirmation SMS text: clinic, service, local date/time with zone abbreviation, manage link (reschedule or cancel), STOP hint.';
