-- The text of an appointment's confirmation SMS: clinic name, the service
-- as patients read it (booking.service_display_name), the local date and
-- time on the clinic's clock (booking.format_local_time, DST-correct),
-- manage link (p_reschedule_url: the page where the patient reschedules or
-- cancels) offered only for what the notice periods still allow, else the
-- clinic's phone (booking.sms_change_offer), opt-out hint. NULL for an unknown appointment or link.
-- At most 1600 characters (the outbox limit): names are capped at 200 and
-- services at 100 characters by their tables.
create or replace function booking.confirmation_sms_text(
  p_org_id uuid,
  p_appointment_id uuid,
  p_reschedule_url text
) returns text
language plpgsql
volatile
strict
set search_path = ''
as $$
declare
  v_text text;
begin
  select o.name || ': your ' || booking.service_display_name(a.org_id, a.calendar_id, a.service_type)
         || ' appointment is confirmed for ' || booking.format_local_time(a.org_id, a.scheduled_at) || '. '
         || booking.sms_change_offer(a.org_id, a.id, 'link', p_reschedule_url) || ' Reply STOP to opt out.'
    into v_text
    from booking.appointments a
    join booking.organizations o on o.org_id = a.org_id
   where a.org_id = p_org_id and a.id = p_appointment_id;
  return v_text;
end;
$$;

revoke execute on function booking.confirmation_sms_text(uuid, uuid, text) from public, anon, authenticated, service_role;
comment on function booking.confirmation_sms_text(uuid, uuid, text) is
  'Confirmation SMS text of an appointment: clinic, service as patients read it, local date/time on the clinic''s clock with zone abbreviation, manage link for what the notices still allow (reschedule and/or cancel; else the clinic''s phone), STOP hint.';
