-- Staff: the starts public.staff_book_appointment would take on a date
-- (booking.available_slots without the minimum notice). The dashboard's
-- new-appointment form reads it. The contract is the COMMENT at the end.
create or replace function public.staff_booking_options(
  p_org_id uuid,
  p_calendar_id text,
  p_service_type text,
  p_date date
) returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_calendar booking.calendars;
  v_service_type text;
  v_duration integer;
begin
  perform booking.assert_org_access(p_org_id);
  v_calendar := booking.find_calendar(p_org_id, p_calendar_id);
  if v_calendar.calendar_id is null then
    return booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no such calendar');
  end if;
  v_service_type := booking.normalize_service_type(p_service_type);
  if v_service_type is null then
    return booking.json_error('INVALID_SERVICE_TYPE', 'The service type must be 1 to 100 characters');
  end if;
  v_duration := booking.service_duration(p_org_id, v_calendar.calendar_id, v_service_type);
  if v_duration is null then
    return booking.json_error('UNKNOWN_SERVICE_TYPE', 'The calendar does not offer this service type');
  end if;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;
  return booking.available_slots(p_org_id, v_calendar.calendar_id, p_date, v_duration, v_service_type,
                                 null, 0);
end;
$$;

revoke execute on function public.staff_booking_options(uuid, text, text, date) from public, anon, authenticated, service_role;
grant execute on function public.staff_booking_options(uuid, text, text, date) to authenticated, service_role;
comment on function public.staff_booking_options(uuid, text, text, date) is
'Staff: the free starts of a local date that staff_book_appointment takes (the minimum notice does not apply).

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_service_type; p_date.
Answer: check_availability''s shape {"success": true, "date", "timezone", "calendar_id", "service_type", "duration_minutes", "slots": [{"start", "local_start", "local_time"}]}: opening hours, date overrides, grid, horizon, minus appointments, live holds and blocked time (booking.available_slots).
Errors: CALENDAR_NOT_FOUND, INVALID_SERVICE_TYPE, UNKNOWN_SERVICE_TYPE, INVALID_DATE. Raises 42501 when the caller acts for another organization.';
