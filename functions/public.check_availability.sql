-- The free start times of one local date on a calendar.
-- The contract is the COMMENT at the end of this file.
-- Slots are booking.available_slots: booking.offered_slots minus conflicts
-- with appointments and live holds, the same rule the booking and hold
-- functions enforce (booking.slot_is_free). Past dates have no slots.
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
  v_duration := booking.service_duration(p_org_id, v_calendar.calendar_id, v_service_type);
  if v_duration is null and p_date between current_date - 1
                                        and current_date + v_calendar.max_advance_days + 1 then
    return booking.json_error('UNKNOWN_SERVICE_TYPE', 'The calendar does not offer this service type');
  end if;
  return booking.available_slots(p_org_id, v_calendar.calendar_id, p_date, v_duration, v_service_type);
end;
$$;

revoke execute on function public.check_availability(uuid, date, text, text) from public, anon, authenticated, service_role;
grant execute on function public.check_availability(uuid, date, text, text) to authenticated, service_role;
comment on function public.check_availability(uuid, date, text, text) is
'Free start times of one local date on a calendar, for a service.

Arguments: p_org_id; p_date (the clinic''s local date); p_calendar_id (NULL: the default calendar); p_service_type (NULL: the calendar''s default duration).
Answer: {"success": true, "date", "timezone", "calendar_id", "service_type", "duration_minutes", "slots": [{"start", "local_start", "local_time"}]}: opening hours, date overrides, slot grid, buffers, minimum notice and horizon, DST-correct, minus booked appointments and live holds (booking.offered_slots, the rule booking checks).
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_DATE, UNKNOWN_SERVICE_TYPE. Raises 42501 when an authenticated caller asks for another organization.';
