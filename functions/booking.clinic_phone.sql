-- The number a clinic's patients are told to call (E.164): the clinic's
-- own (organizations.contact_phone, public.set_clinic_profile), else its
-- voice agent's number, else its SMS sender's; NULL when it has none.
-- booking.phone_display formats it for the clinic's region.
create or replace function booking.clinic_phone(p_org_id uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select o.contact_phone from booking.organizations o where o.org_id = p_org_id),
    (select v.phone_number from booking.voice_agents v where v.org_id = p_org_id),
    (select s.twilio_from_number from booking.integration_settings s where s.org_id = p_org_id));
$$;

revoke execute on function booking.clinic_phone(uuid) from public, anon, authenticated, service_role;
comment on function booking.clinic_phone(uuid) is
  'The number patients are told to call (E.164): the clinic''s contact phone, else the voice agent''s, else the SMS sender''s, else NULL.';
