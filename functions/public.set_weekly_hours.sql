-- Settings (an owner or admin of the organization, or service_role): replaces a calendar's weekly opening hours.
-- The contract is the COMMENT at the end of this file.
create or replace function public.set_weekly_hours(p_org_id uuid, p_calendar_id text, p_hours jsonb)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_admin record;
  v_calendar booking.calendars;
  v_day record;
  v_weekday smallint;
begin
  select * into v_admin from booking.admin_calendar(p_org_id, p_calendar_id);
  if v_admin.error is not null then
    return v_admin.error;
  end if;
  v_calendar := v_admin.calendar;
  if p_hours is null or jsonb_typeof(p_hours) <> 'object' then
    return booking.json_error('INVALID_HOURS', 'Hours must be an object such as {"mon": [["09:00", "17:00"]]}');
  end if;

  delete from booking.calendar_weekly_hours
   where org_id = p_org_id and calendar_id = v_calendar.calendar_id;
  for v_day in select key, value from jsonb_each(p_hours) loop
    v_weekday := case lower(v_day.key)
      when 'mon' then 1 when 'monday' then 1 when 'tue' then 2 when 'tuesday' then 2
      when 'wed' then 3 when 'wednesday' then 3 when 'thu' then 4 when 'thursday' then 4
      when 'fri' then 5 when 'friday' then 5 when 'sat' then 6 when 'saturday' then 6
      when 'sun' then 7 when 'sunday' then 7 end;
    if v_weekday is null then
      raise exception 'unknown day %', v_day.key using errcode = '22023';
    end if;
    insert into booking.calendar_weekly_hours (org_id, calendar_id, iso_weekday, opens_at, closes_at)
    select p_org_id, v_calendar.calendar_id, v_weekday, h.opens_at, h.closes_at
      from booking.parse_opening_hours(v_day.value) h;
  end loop;
  return json_build_object('success', true, 'calendar_id', v_calendar.calendar_id);
exception
  when invalid_parameter_value or unique_violation then
    return booking.json_error('INVALID_HOURS', 'Hours must map mon..sun to non-overlapping ["HH:MM", "HH:MM"] intervals');
end;
$$;

revoke execute on function public.set_weekly_hours(uuid, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.set_weekly_hours(uuid, text, jsonb) to authenticated, service_role;
comment on function public.set_weekly_hours(uuid, text, jsonb) is
'Settings (an owner or admin of the organization, or service_role): replaces a calendar''s weekly hours.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_hours {"mon": [["09:00","12:00"],["13:00","17:00"]], ...} in the organization''s local time (days mon..sun or monday..sunday; absent days are closed).
Answer: {"success": true, "calendar_id"}.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_HOURS. Raises 22023 for an unknown day name, 42501 for other callers (front desk and other clinics included).';
