-- Settings (an owner or admin of the organization, or service_role): the hours of one local date.
-- The contract is the COMMENT at the end of this file.
create or replace function public.set_date_override(
  p_org_id uuid,
  p_calendar_id text,
  p_date date,
  p_hours jsonb default '[]'::jsonb,
  p_note text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_admin record;
  v_calendar booking.calendars;
begin
  select * into v_admin from booking.admin_calendar(p_org_id, p_calendar_id);
  if v_admin.error is not null then
    return v_admin.error;
  end if;
  v_calendar := v_admin.calendar;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;

  delete from booking.calendar_date_overrides
   where org_id = p_org_id and calendar_id = v_calendar.calendar_id and on_date = p_date;
  insert into booking.calendar_date_overrides (org_id, calendar_id, on_date, note)
  values (p_org_id, v_calendar.calendar_id, p_date, left(p_note, 500));
  insert into booking.calendar_override_hours (org_id, calendar_id, on_date, opens_at, closes_at)
  select p_org_id, v_calendar.calendar_id, p_date, h.opens_at, h.closes_at
    from booking.parse_opening_hours(coalesce(p_hours, '[]'::jsonb)) h;
  return json_build_object('success', true, 'calendar_id', v_calendar.calendar_id, 'date', p_date);
exception
  when invalid_parameter_value or unique_violation then
    return booking.json_error('INVALID_HOURS', 'Hours must be non-overlapping ["HH:MM", "HH:MM"] intervals');
end;
$$;

revoke execute on function public.set_date_override(uuid, text, date, jsonb, text) from public, anon, authenticated, service_role;
grant execute on function public.set_date_override(uuid, text, date, jsonb, text) to authenticated, service_role;
comment on function public.set_date_override(uuid, text, date, jsonb, text) is
'Settings (an owner or admin of the organization, or service_role): sets the hours of one local date, replacing its weekly hours.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_date; p_hours ([] (default) closes the day, else [["HH:MM","HH:MM"], ...]); p_note (optional).
Answer: {"success": true, "calendar_id", "date"}; clear_date_override removes it.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_DATE, INVALID_HOURS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
