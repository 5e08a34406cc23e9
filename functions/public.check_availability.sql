-- The free start times of one local date on a calendar.
--
-- Contract
--   in:  organization, local date (the organization's time zone), calendar
--        (NULL: the default), service type (NULL: the calendar's default
--        duration).
--   out: {"success": true, "date", "timezone", "calendar_id",
--         "service_type", "duration_minutes", "slots": [{"start" (UTC
--         ISO-8601, the slotId to reserve), "local_start", "local_time"}]}
--        or an error: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND,
--        INVALID_DATE, UNKNOWN_SERVICE_TYPE.
--   raises 42501 when an authenticated caller asks for another organization.
-- Slots are booking.offered_slots minus conflicts with appointments and
-- live holds — the same rule the booking and hold functions enforce
-- (booking.slot_is_free): the date's busy time (booking.busy_time, read
-- once) must not overlap the start's booking.claimed_range. Past dates
-- have no slots.
create or replace function public.check_availability(
  p_org_id uuid,
  p_date date,
  p_calendar_id text default null,
  p_service_type text default null
) returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_timezone text;
  v_calendar booking.calendars;
  v_service_type text := nullif(btrim(p_service_type), '');
  v_duration integer;
  v_buffer integer;
  v_busy tstzmultirange;
begin
  perform booking.assert_org_access(p_org_id);
  select timezone into v_timezone from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  v_calendar := booking.find_calendar(p_org_id, p_calendar_id);
  if v_calendar.calendar_id is null then
    return booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no such calendar');
  end if;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;
  -- Dates outside [yesterday, horizon] offer nothing (and far ones would
  -- overflow local timestamps): answer at once.
  if p_date < current_date - 1 or p_date > current_date + v_calendar.max_advance_days + 1 then
    return json_build_object('success', true, 'date', p_date, 'timezone', v_timezone,
      'calendar_id', v_calendar.calendar_id, 'service_type', v_service_type,
      'duration_minutes', booking.service_duration(p_org_id, v_calendar.calendar_id, v_service_type),
      'slots', '[]'::json);
  end if;
  v_duration := booking.service_duration(p_org_id, v_calendar.calendar_id, v_service_type);
  if v_duration is null then
    return booking.json_error('UNKNOWN_SERVICE_TYPE', 'The calendar does not offer this service type');
  end if;
  -- Every start offered on p_date lies between its local midnights, so its
  -- claimed range lies within this window (a day wider on each side, so no
  -- time zone offset can matter).
  v_buffer := v_calendar.buffer_before_minutes + v_calendar.buffer_after_minutes;
  v_busy := booking.busy_time(p_org_id, v_calendar.calendar_id,
    ((p_date - 1)::timestamp at time zone v_timezone) - make_interval(mins => v_buffer),
    ((p_date + 2)::timestamp at time zone v_timezone) + make_interval(mins => v_duration + v_buffer));

  return json_build_object(
    'success', true,
    'date', p_date,
    'timezone', v_timezone,
    'calendar_id', v_calendar.calendar_id,
    'service_type', v_service_type,
    'duration_minutes', v_duration,
    'slots', coalesce((
      select json_agg(json_build_object(
               'start', booking.to_iso8601_utc(s.starts_at),
               'local_start', booking.to_iso8601_local(s.starts_at, v_timezone),
               'local_time', to_char(s.local_start, 'HH24:MI')) order by s.starts_at)
        from booking.offered_slots(p_org_id, v_calendar.calendar_id, p_date, v_duration) s
       where not (v_busy && booking.claimed_range(s.starts_at,
                                                  s.starts_at + make_interval(mins => v_duration),
                                                  v_buffer))), '[]'::json));
end;
$$;

revoke execute on function public.check_availability(uuid, date, text, text) from public, anon, authenticated, service_role;
grant execute on function public.check_availability(uuid, date, text, text) to authenticated, service_role;
comment on function public.check_availability(uuid, date, text, text) is
  'Free start times of a local date on a calendar (default calendar when NULL) for a service type (calendar default duration when NULL): opening hours, date overrides, slot grid, buffers, minimum notice and horizon, DST-correct, minus booked appointments and live holds. Returns {"success": true, "date", "timezone", "calendar_id", "service_type", "duration_minutes", "slots": [{"start", "local_start", "local_time"}]} or error INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_DATE, UNKNOWN_SERVICE_TYPE.';
