-- True while a reminder announcing p_scheduled_at is still worth sending:
-- its appointment is scheduled or confirmed and still starts then.
create or replace function booking.reminder_is_current(
  p_org_id uuid,
  p_appointment_id uuid,
  p_scheduled_at timestamptz
) returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select from booking.appointments a
     where a.org_id = p_org_id and a.id = p_appointment_id
       and a.status in ('scheduled', 'confirmed') and a.scheduled_at = p_scheduled_at);
$$;

revoke execute on function booking.reminder_is_current(uuid, uuid, timestamptz) from public, anon, authenticated, service_role;
comment on function booking.reminder_is_current(uuid, uuid, timestamptz) is
  'True when the appointment is scheduled or confirmed and starts at p_scheduled_at (the start its reminder announces).';
