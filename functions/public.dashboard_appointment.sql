-- One appointment as the dashboard's staff actions show it (the reschedule
-- page's heading and slot picker), read as the caller under RLS.
-- The contract is the COMMENT at the end of this file.
create or replace function public.dashboard_appointment(p_org_id uuid, p_appointment_id uuid)
returns json
language plpgsql
stable
set search_path = ''
as $$
declare
  v_answer json;
begin
  if p_org_id is null or p_appointment_id is null then
    raise exception 'p_org_id and p_appointment_id are required' using errcode = '22023';
  end if;
  select json_build_object(
           'success', true,
           'appointment_id', a.id,
           'calendar_id', a.calendar_id,
           'calendar_name', c.name,
           'timezone', o.timezone,
           'scheduled_at', a.scheduled_at,
           'local_date', (a.scheduled_at at time zone o.timezone)::date,
           'local_time', to_char(a.scheduled_at at time zone o.timezone, 'HH24:MI'),
           'duration_minutes', a.duration_minutes,
           'patient_name', ct.name,
           'service_type', a.service_type,
           'status', a.status)
    into v_answer
    from booking.appointments a
    join booking.organizations o on o.org_id = a.org_id
    join booking.calendars c on c.org_id = a.org_id and c.calendar_id = a.calendar_id
    join booking.contacts ct on ct.org_id = a.org_id and ct.id = a.contact_id
   where a.org_id = p_org_id and a.id = p_appointment_id;
  return coalesce(v_answer, json_build_object('success', false, 'error', 'APPOINTMENT_NOT_FOUND'));
end;
$$;

revoke execute on function public.dashboard_appointment(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.dashboard_appointment(uuid, uuid) to authenticated, service_role;
comment on function public.dashboard_appointment(uuid, uuid) is
'One appointment for the dashboard''s staff actions.

Arguments: p_org_id; p_appointment_id.
Answer: {"success": true, "appointment_id", "calendar_id", "calendar_name", "timezone", "scheduled_at", "local_date", "local_time", "duration_minutes", "patient_name", "service_type", "status"}; SECURITY INVOKER, so RLS decides what the caller sees.
Errors: APPOINTMENT_NOT_FOUND when the caller cannot see it (another clinic''s and unknown ones are not told apart). Raises 22023 for a NULL argument.';
