-- The sentence a patient SMS ends with when only the clinic can help:
-- "Please call the clinic at <number>." with the number patients call
-- (booking.clinic_phone, formatted for the clinic's region by
-- booking.phone_display), or without a number when the clinic has none.
create or replace function booking.sms_call_clinic(p_org_id uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select 'Please call the clinic' || coalesce(' at ' || booking.phone_display(booking.clinic_phone(o.org_id), o.phone_region), '')
         || '.'
    from booking.organizations o
   where o.org_id = p_org_id;
$$;

revoke execute on function booking.sms_call_clinic(uuid) from public, anon, authenticated, service_role;
comment on function booking.sms_call_clinic(uuid) is
  '"Please call the clinic at <number>." (booking.clinic_phone as its patients read it), or without a number when the clinic has none.';
