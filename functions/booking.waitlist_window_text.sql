-- A waitlist entry's window in words, as staff read it: "Dec 8 – Jan 4",
-- then the weekdays ("Mon, Wed") and the time of day ("9:00 AM–12:00 PM"
-- or "09:00–12:00" on the clinic's clock) when set.
create or replace function booking.waitlist_window_text(
  p_earliest date,
  p_latest date,
  p_weekdays integer[],
  p_day_start time,
  p_day_end time,
  p_twelve_hour boolean
) returns text
language sql
immutable
set search_path = ''
as $$
  select to_char(p_earliest, 'Mon FMDD')
         || case when p_latest = p_earliest then '' else ' – ' || to_char(p_latest, 'Mon FMDD') end
         || coalesce(', ' || case when p_weekdays = array[1, 2, 3, 4, 5] then 'weekdays'
                                  else (select string_agg((array['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])[d], ', '
                                                          order by d)
                                          from unnest(p_weekdays) d) end, '')
         || coalesce(', ' || to_char(p_day_start, case when p_twelve_hour then 'FMHH12:MI AM' else 'HH24:MI' end)
                     || '–' || to_char(p_day_end, case when p_twelve_hour then 'FMHH12:MI AM' else 'HH24:MI' end), '');
$$;

revoke execute on function booking.waitlist_window_text(date, date, integer[], time, time, boolean) from public, anon, authenticated, service_role;
comment on function booking.waitlist_window_text(date, date, integer[], time, time, boolean) is
  'A waitlist window in words: "Dec 8 – Jan 4, weekdays, 9:00 AM–12:00 PM" (dates, then weekdays and time of day when set; 12- or 24-hour clock).';
