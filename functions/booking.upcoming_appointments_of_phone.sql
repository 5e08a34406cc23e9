-- The upcoming appointments (scheduled, start still ahead) of one phone
-- number at one organization, soonest first: what a patient may see and
-- change by phone or by text.
create or replace function booking.upcoming_appointments_of_phone(p_org_id uuid, p_phone text)
returns setof booking.appointments
language sql
stable
set search_path = ''
as $$
  select a.*
    from booking.appointments a
    join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
   where a.org_id = p_org_id and c.phone = p_phone
     and a.status in ('scheduled', 'confirmed') and a.scheduled_at > now()
   order by a.scheduled_at, a.id;
$$;

revoke execute on function booking.upcoming_appointments_of_phone(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.upcoming_appointments_of_phone(uuid, text) is
  'Scheduled appointments of a phone number at an organization whose start is still ahead, soonest first.';
