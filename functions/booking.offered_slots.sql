-- THE rule for what is bookable: the start times a calendar offers on one
-- local date for an appointment of p_duration_minutes, before conflicts.
--
-- Hours come from the date's override if it has one, else from the weekly
-- hours of its ISO weekday, in the organization's time zone. Starts step by
-- slot_interval_minutes in local wall-clock time from each opening time; a
-- local time that does not exist (spring-forward gap) is skipped, and the
-- appointment must end by the closing instant (so DST days have the right
-- number of slots). Starts closer than min_notice_minutes or further than
-- max_advance_days from now() are not offered (so past dates offer none).
-- Conflicts with appointments and holds: booking.slot_is_free().
--
-- p_only_start: when given, the answer is the rows whose starts_at equals
-- it (zero or one), found without generating the day's grid: a candidate
-- is on a window's grid when it lies between opening and closing and its
-- wall-clock distance from the opening is a whole number of steps, which
-- is exactly when generate_series(open, close, step) would produce it.
-- booking.unbookable_reason decides one start this way.
--
-- plan_cache_mode = force_generic_plan: with a custom plan the planner drops
-- the branch p_only_start does not take and finds that plan so much cheaper
-- than the generic one that it re-plans the query on every call (0.3 ms,
-- the largest single cost of a booking); the generic plan skips the branch
-- at run time instead, and every lookup in it is by primary key.
create or replace function booking.offered_slots(
  p_org_id uuid,
  p_calendar_id text,
  p_date date,
  p_duration_minutes integer,
  p_only_start timestamptz default null,
  p_min_notice_minutes integer default null
) returns table (starts_at timestamptz, local_start timestamp)
language plpgsql
stable
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
begin
  return query
  with calendar as (
    select c.slot_interval_minutes, c.min_notice_minutes, c.max_advance_days, o.timezone
      from booking.calendars c
      join booking.organizations o on o.org_id = c.org_id
     where c.org_id = p_org_id and c.calendar_id = p_calendar_id
  ), hours as (
    select h.opens_at, h.closes_at
      from booking.calendar_override_hours h
     where h.org_id = p_org_id and h.calendar_id = p_calendar_id and h.on_date = p_date
    union all
    select w.opens_at, w.closes_at
      from booking.calendar_weekly_hours w
     where w.org_id = p_org_id and w.calendar_id = p_calendar_id
       and w.iso_weekday = extract(isodow from p_date)
       and not exists (select from booking.calendar_date_overrides d
                        where d.org_id = p_org_id and d.calendar_id = p_calendar_id
                          and d.on_date = p_date)
  ), windows as (
    select p_date + h.opens_at as local_open,
           case when h.closes_at = '00:00' then (p_date + 1)::timestamp
                else p_date + h.closes_at end as local_close
      from hours h
  )
  select distinct local_ts at time zone c.timezone, local_ts
    from calendar c
   cross join windows w
   cross join lateral (
     select g.local_ts
       from generate_series(w.local_open, w.local_close,
                            make_interval(mins => c.slot_interval_minutes)) as g(local_ts)
      where p_only_start is null
     union all
     select p_only_start at time zone c.timezone
      where p_only_start is not null
        and (p_only_start at time zone c.timezone) between w.local_open and w.local_close
        and mod(extract(epoch from (p_only_start at time zone c.timezone) - w.local_open),
                60 * c.slot_interval_minutes) = 0
   ) as candidate(local_ts)
   where p_duration_minutes between 1 and 1440
     and (p_only_start is null or local_ts at time zone c.timezone = p_only_start)
     and (local_ts at time zone c.timezone) at time zone c.timezone = local_ts
     and (local_ts at time zone c.timezone) + make_interval(mins => p_duration_minutes)
         <= w.local_close at time zone c.timezone
     and local_ts at time zone c.timezone >= now() + make_interval(mins => coalesce(p_min_notice_minutes, c.min_notice_minutes))
     and local_ts at time zone c.timezone <= now() + make_interval(days => c.max_advance_days)
   order by 1;
end;
$$;

revoke execute on function booking.offered_slots(uuid, text, date, integer, timestamptz, integer) from public, anon, authenticated, service_role;
comment on function booking.offered_slots(uuid, text, date, integer, timestamptz, integer) is
  'Start instants a calendar offers on a local date for a duration (hours, overrides, grid, DST, notice, horizon); conflicts excluded by slot_is_free. With p_only_start: only that start, if offered, without listing the day. p_min_notice_minutes replaces the calendar''s notice (staff bookings: 0).';
