-- Minutes of a service type on a calendar: its configured duration, the
-- calendar's default duration when the service type is NULL or the calendar
-- has no service catalog, and NULL when the calendar has a catalog that does
-- not list it as active (UNKNOWN_SERVICE_TYPE for callers).
create or replace function booking.service_duration(
  p_org_id uuid,
  p_calendar_id text,
  p_service_type text
) returns integer
language plpgsql
stable
set search_path = ''
as $$
declare
  v_minutes integer;
begin
  select case
    when p_service_type is null then c.default_duration_minutes
    when s.duration_minutes is not null then s.duration_minutes
    when not exists (select from booking.service_types t
                      where t.org_id = p_org_id and t.calendar_id = p_calendar_id)
      then c.default_duration_minutes
  end
    into v_minutes
    from booking.calendars c
    left join booking.service_types s
      on s.org_id = c.org_id and s.calendar_id = c.calendar_id
     and lower(s.service_type) = lower(p_service_type) and s.active
   where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  return v_minutes;
end;
$$;

revoke execute on function booking.service_duration(uuid, text, text) from public, anon, authenticated, service_role;
comment on function booking.service_duration(uuid, text, text) is
  'Duration of a service type on a calendar (default duration without a catalog); NULL when the catalog does not offer it.';
