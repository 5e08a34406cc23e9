-- The sentence a patient SMS ends with when only the clinic can help:
-- "Please call the clinic at <number>." with the number patients call
-- (the voice agent's, else the SMS sender's), or without a number when
-- the clinic has none.
create or replace function booking.sms_call_clinic(p_org_id uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select 'Please call the clinic' || coalesce(' at ' || coalesce(
      (select v.phone_number from booking.voice_agents v where v.org_id = p_org_id),
      (select s.twilio_from_number from booking.integration_settings s where s.org_id = p_org_id)), '') || '.';
$$;

revoke execute on function booking.sms_call_clinic(uuid) from public, anon, authenticated, service_role;
comment on function booking.sms_call_clinic(uuid) is
  '"Please call the clinic at <number>." (the number patients call), or without a number when the clinic has none.';
