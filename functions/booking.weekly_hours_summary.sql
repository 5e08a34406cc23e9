-- A clinic's opening hours in words, for the voice agent to say: the
-- weekly hours of its default calendar (booking.calendar_weekly_hours),
-- consecutive days with the same hours together, on the clinic's clock
-- (booking.effective_time_format): 'Monday to Friday 9:00 AM to 5:00 PM;
-- Saturday 10:00 AM to 1:00 PM; Sunday closed' (24h: '09:00 to 17:00').
-- Several intervals a day are joined with 'and'; 00:00 to 00:00 is 'all
-- day'; a close at 00:00 or 24:00 is 'midnight'. Date overrides (holidays) are not included: check_availability
-- knows them. NULL when the clinic has no default calendar.
create or replace function booking.weekly_hours_summary(p_org_id uuid)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_org booking.organizations;
  v_calendar booking.calendars;
  v_pattern text;
  v_days text[] := array['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  v_hours text[] := array[]::text[];
  v_parts text[] := array[]::text[];
  v_first integer := 1;
  v_day integer;
begin
  select * into v_org from booking.organizations where org_id = p_org_id;
  v_calendar := booking.find_calendar(p_org_id, null);
  if v_org.org_id is null or v_calendar.calendar_id is null then
    return null;
  end if;
  v_pattern := case when booking.effective_time_format(v_org.time_format, v_org.phone_region) = '12h'
                    then 'FMHH12:MI AM' else 'HH24:MI' end;
  for v_day in 1..7 loop
    v_hours := v_hours || coalesce(
      (select string_agg(
                case when h.opens_at = '00:00' and h.closes_at in ('00:00', '24:00') then 'all day'
                     else to_char(h.opens_at, v_pattern) || ' to '
                          || case when h.closes_at in ('00:00', '24:00') then 'midnight'
                                  else to_char(h.closes_at, v_pattern) end
                end, ' and ' order by h.opens_at)
         from booking.calendar_weekly_hours h
        where h.org_id = p_org_id and h.calendar_id = v_calendar.calendar_id
          and h.iso_weekday = v_day),
      'closed');
  end loop;
  for v_day in 1..7 loop
    if v_day = 7 or v_hours[v_day + 1] is distinct from v_hours[v_day] then
      v_parts := v_parts || (
        case when v_day = v_first then v_days[v_first]
             when v_day = v_first + 1 then v_days[v_first] || ' and ' || v_days[v_day]
             else v_days[v_first] || ' to ' || v_days[v_day] end
        || ' ' || v_hours[v_day]);
      v_first := v_day + 1;
    end if;
  end loop;
  return array_to_string(v_parts, '; ');
end;
$$;

revoke execute on function booking.weekly_hours_summary(uuid) from public, anon, authenticated, service_role;
comment on function booking.weekly_hours_summary(uuid) is
  'The weekly opening hours of the organization''s default calendar in words, on its clock (''Monday to Friday 9:00 AM to 5:00 PM; Saturday and Sunday closed''); NULL without a default calendar.';
