-- The free start times of one local date on a calendar for an appointment
-- of p_duration_minutes: check_availability's success answer, also used by
-- the manage link (public.manage_available_slots), so one rule lists what
-- can be booked.
--   {"success": true, "date", "timezone", "calendar_id", "service_type",
--    "duration_minutes", "slots": [{"start" (UTC ISO-8601), "local_start",
--    "local_time"}]}
-- Slots are booking.offered_slots minus conflicts with appointments and
-- live holds, the rule booking.slot_is_free applies to one start: the
-- date's busy time (booking.busy_time, read once) must not overlap the
-- start's booking.claimed_range. p_ignore_appointment_id: an appointment
-- being rescheduled, whose own interval does not block it and whose
-- current start is never offered (moving there is no move: the reschedule
-- answers SAME_TIME). The caller has checked the organization, the
-- calendar and the date.
create or replace function booking.available_slots(
  p_org_id uuid,
  p_calendar_id text,
  p_date date,
  p_duration_minutes integer,
  p_service_type text,
  p_ignore_appointment_id uuid default null,
  p_min_notice_minutes integer default null
) returns json
language plpgsql
stable
set search_path = ''
as $$
declare
  v_timezone text;
  v_calendar booking.calendars;
  v_buffer integer;
  v_busy tstzmultirange;
  v_current_start timestamptz;
begin
  select o.timezone into v_timezone from booking.organizations o where o.org_id = p_org_id;
  select * into v_calendar from booking.calendars c
   where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  -- Dates outside [yesterday, horizon] offer nothing (and far ones would
  -- overflow local timestamps): answer at once.
  if p_date < current_date - 1 or p_date > current_date + v_calendar.max_advance_days + 1
     or p_duration_minutes is null then
    return json_build_object('success', true, 'date', p_date, 'timezone', v_timezone,
      'calendar_id', p_calendar_id, 'service_type', p_service_type,
      'duration_minutes', p_duration_minutes, 'slots', '[]'::json);
  end if;
  -- Every start offered on p_date lies between its local midnights, so its
  -- claimed range lies within this window (a day wider on each side, so no
  -- time zone offset can matter).
  select a.scheduled_at into v_current_start from booking.appointments a
   where a.org_id = p_org_id and a.id = p_ignore_appointment_id;
  v_buffer := v_calendar.buffer_before_minutes + v_calendar.buffer_after_minutes;
  v_busy := booking.busy_time(p_org_id, p_calendar_id,
    ((p_date - 1)::timestamp at time zone v_timezone) - make_interval(mins => v_buffer),
    ((p_date + 2)::timestamp at time zone v_timezone) + make_interval(mins => p_duration_minutes + v_buffer),
    null, p_ignore_appointment_id);

  return json_build_object(
    'success', true,
    'date', p_date,
    'timezone', v_timezone,
    'calendar_id', p_calendar_id,
    'service_type', p_service_type,
    'duration_minutes', p_duration_minutes,
    'slots', coalesce((
      select json_agg(json_build_object(
               'start', booking.to_iso8601_utc(s.starts_at),
               'local_start', booking.to_iso8601_local(s.starts_at, v_timezone),
               'local_time', to_char(s.local_start, 'HH24:MI')) order by s.starts_at)
        from booking.offered_slots(p_org_id, p_calendar_id, p_date, p_duration_minutes,
                                  null, p_min_notice_minutes) s
       where s.starts_at is distinct from v_current_start
         and not (v_busy && booking.claimed_range(s.starts_at,
                                                  s.starts_at + make_interval(mins => p_duration_minutes),
                                                  v_buffer))), '[]'::json));
end;
$$;

revoke execute on function booking.available_slots(uuid, text, date, integer, text, uuid, integer) from public, anon, authenticated, service_role;
comment on function booking.available_slots(uuid, text, date, integer, text, uuid, integer) is
  'check_availability''s success answer for a calendar, local date and duration: offered starts minus busy time (appointments, live holds, blocked time, buffers), ignoring the appointment p_ignore_appointment_id (its interval does not block, its current start is not offered); p_min_notice_minutes replaces the calendar''s notice (staff: 0).';
