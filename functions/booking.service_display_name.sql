-- A service as patients read it: its display name
-- (service_types.display_name, set with public.upsert_service_type), else
-- the service type itself (also for a service type the calendar no longer
-- lists).
create or replace function booking.service_display_name(p_org_id uuid, p_calendar_id text, p_service_type text)
returns text
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select s.display_name from booking.service_types s
      where s.org_id = p_org_id and s.calendar_id = p_calendar_id
        and lower(s.service_type) = lower(p_service_type)),
    p_service_type);
$$;

revoke execute on function booking.service_display_name(uuid, text, text) from public, anon, authenticated, service_role;
-- The front desk's reads (public.calendar_day_view, patient_details) run as
-- the member (SECURITY INVOKER): RLS decides which service_types rows it sees.
grant execute on function booking.service_display_name(uuid, text, text) to authenticated;
comment on function booking.service_display_name(uuid, text, text) is
  'The name patients read for a calendar''s service type: its display name, else the service type.';
