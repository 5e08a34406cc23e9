-- The calendar a call addresses: p_calendar_id, or the organization's
-- default calendar when it is NULL. NULL when there is no such calendar.
create or replace function booking.find_calendar(p_org_id uuid, p_calendar_id text)
returns booking.calendars
language plpgsql
stable
set search_path = ''
as $$
declare
  v_calendar booking.calendars;
begin
  if p_calendar_id is null then
    select c.* into v_calendar from booking.calendars c where c.org_id = p_org_id and c.is_default;
  else
    select c.* into v_calendar from booking.calendars c
     where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  end if;
  return v_calendar;
end;
$$;

revoke execute on function booking.find_calendar(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.find_calendar(uuid, text) is
  'The named calendar of an organization, or its default calendar when the name is NULL.';
