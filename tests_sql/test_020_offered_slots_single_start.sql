-- booking.offered_slots(..., p_only_start) decides one start without
-- listing the day; it must agree with the full listing for every start:
-- daylight-saving days in two time zones, a lunch break with a date
-- override on a 15-minute grid, and a one-minute grid around the clock
-- (midnight on both sides). Candidates: every 5 minutes across three days
-- around the date, plus off-grid ones (7 minutes, 30 seconds past).
begin;
select plan(8);

call tests.create_org('Single Start NY', 'America/New_York', 'US', false);
call tests.create_org('Single Start London', 'Europe/London', 'GB', false);
call tests.create_org('Single Start Lunch', 'America/New_York', 'US', false);
call tests.create_org('Single Start Always', 'America/New_York', 'US');

-- Next Monday (1 to 7 days ahead).
create temp table d as
  select current_date + (8 - extract(isodow from current_date)::integer) as monday;
create function pg_temp.setup() returns void language sql as $$
  select public.set_weekly_hours(tests.org_id(o), null,
           '{"sun": [["00:00", "04:00"]], "mon": [["09:00", "10:00"]]}')
    from unnest(array['Single Start NY', 'Single Start London']) o;
  select public.set_calendar_settings(tests.org_id(o), null,
           '{"max_advance_days": 1095, "min_notice_minutes": 0}')
    from unnest(array['Single Start NY', 'Single Start London']) o;
  select public.set_weekly_hours(tests.org_id('Single Start Lunch'), null,
           '{"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "tue": [["09:00", "17:00"]]}');
  select public.set_calendar_settings(tests.org_id('Single Start Lunch'), null,
           '{"slot_interval_minutes": 15, "min_notice_minutes": 0, "max_advance_days": 365}');
  select public.set_date_override(tests.org_id('Single Start Lunch'), null,
           (select monday from d) + 7, '[["13:00", "14:00"], ["15:10", "16:00"]]');
$$;
select pg_temp.setup() is null as ignore_me into temp setup_done;

-- Candidate starts around p_date, and those of them that p_date offers,
-- decided one by one and read from the full listing.
create function pg_temp.candidates(p_org text, p_date date) returns setof timestamptz
language sql as $$
  with bounds as (
    select (p_date - 1)::timestamp at time zone o.timezone as first,
           (p_date + 2)::timestamp at time zone o.timezone as last
      from booking.organizations o where o.org_id = tests.org_id(p_org))
  select g from bounds, generate_series(bounds.first, bounds.last, interval '5 minutes') g
  union
  select g + step from bounds, generate_series(bounds.first, bounds.last, interval '1 hour') g,
         unnest(array[interval '7 minutes', interval '30 seconds']) step
$$;
create function pg_temp.decided(p_org text, p_date date, p_minutes integer) returns setof timestamptz
language sql as $$
  select c from pg_temp.candidates(p_org, p_date) c
   where exists (select from booking.offered_slots(tests.org_id(p_org), 'cal-1', p_date, p_minutes, c) s
                  where s.starts_at = c)
$$;
create function pg_temp.listed(p_org text, p_date date, p_minutes integer) returns setof timestamptz
language sql as $$
  select c from pg_temp.candidates(p_org, p_date) c
   where c in (select s.starts_at
                 from booking.offered_slots(tests.org_id(p_org), 'cal-1', p_date, p_minutes) s)
$$;

select set_eq($$ select pg_temp.decided('Single Start NY', '2027-03-14', 30) $$,
              $$ select pg_temp.listed('Single Start NY', '2027-03-14', 30) $$,
              'New York spring forward: the same starts (02:00 and 02:30 do not exist)');
select set_eq($$ select pg_temp.decided('Single Start NY', '2027-11-07', 30) $$,
              $$ select pg_temp.listed('Single Start NY', '2027-11-07', 30) $$,
              'New York fall back: the same starts (01:00 and 01:30 offered once)');
select set_eq($$ select pg_temp.decided('Single Start NY', '2027-11-07', 90) $$,
              $$ select pg_temp.listed('Single Start NY', '2027-11-07', 90) $$,
              'New York fall back, 90 minutes: the same starts (ending by closing time)');
select set_eq($$ select pg_temp.decided('Single Start London', '2027-03-28', 30) $$,
              $$ select pg_temp.listed('Single Start London', '2027-03-28', 30) $$,
              'London spring forward: the same starts');
select set_eq($$ select pg_temp.decided('Single Start Lunch', (select monday from d) + 7, 45) $$,
              $$ select pg_temp.listed('Single Start Lunch', (select monday from d) + 7, 45) $$,
              'a date override with an off-grid opening (15:10): the same starts');
select set_eq($$ select pg_temp.decided('Single Start Lunch', (select monday from d), 45) $$,
              $$ select pg_temp.listed('Single Start Lunch', (select monday from d), 45) $$,
              'weekly hours with a lunch break on a 15-minute grid: the same starts');
select set_eq($$ select pg_temp.decided('Single Start Always', current_date + 3, 1) $$,
              $$ select pg_temp.listed('Single Start Always', current_date + 3, 1) $$,
              'around the clock on a one-minute grid: the same starts, midnight included');
select ok((select count(*) from pg_temp.listed('Single Start Always', current_date + 3, 1)) >= 288,
          'the around-the-clock day offers every candidate of its date (the comparison is not vacuous)');

select * from finish();
rollback;
