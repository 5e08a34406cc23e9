-- check_availability and the one rule it shares with booking: hours,
-- overrides, grid, buffers, notice, horizon, service types.
begin;
select plan(41);

call tests.create_org('Hours Clinic', 'America/New_York', 'US', false);
-- Next Monday (1 to 7 days ahead) and the Saturday before it.
create temp table d as
  select current_date + (8 - extract(isodow from current_date)::integer) as monday;
grant select on d to public;
create function pg_temp.slot_times(p_date date, p_service text default null) returns text[]
language sql as $$
  select coalesce(array_agg(s ->> 'local_time' order by s ->> 'start'), '{}')
    from json_array_elements(public.check_availability(tests.org_id('Hours Clinic'), p_date, null, p_service) -> 'slots') s
$$;
create function pg_temp.local(p_date date, p_time time) returns timestamptz
language sql as $$ select (p_date + p_time) at time zone 'America/New_York' $$;
create function pg_temp.book(p_at timestamptz, p_minutes integer default 30, p_service text default 'consultation')
returns text language sql as $$
  select coalesce(public.book_appointment_atomic(tests.org_id('Hours Clinic'), 'Hana Hours', null,
           '+14155550301', p_service, p_at, p_minutes) ->> 'error', 'BOOKED')
$$;

-- Default rules of a new organization.
select is(cardinality(pg_temp.slot_times((select monday from d))), 16, 'Monday 09:00-17:00 in 30-minute slots: 16 slots');
select is((pg_temp.slot_times((select monday from d)))[1], '09:00', 'the first slot is at opening time');
select is((pg_temp.slot_times((select monday from d)))[16], '16:30', 'the last slot ends at closing time');
select is(pg_temp.slot_times((select monday from d) - 2), '{}', 'Saturday is closed');
select is(pg_temp.slot_times(current_date - 7), '{}', 'a past date has no slots');
select is(pg_temp.slot_times(current_date + 120), '{}', 'no slots beyond the 90-day horizon');
select is(
  (select s ->> 'start' from json_array_elements(public.check_availability(tests.org_id('Hours Clinic'), (select monday from d)) -> 'slots') s limit 1),
  booking.to_iso8601_utc(pg_temp.local((select monday from d), '09:00')), 'slots carry their UTC instant');
select is((public.check_availability(tests.org_id('Hours Clinic'), (select monday from d)) ->> 'timezone'),
  'America/New_York', 'the answer names the time zone');

-- Booking follows the same rule.
select is(pg_temp.book(pg_temp.local((select monday from d), '10:00'), 60), 'BOOKED', 'an offered slot books');
select is(cardinality(pg_temp.slot_times((select monday from d))), 14, 'a booked hour removes two slots');
select ok(not ('10:30' = any (pg_temp.slot_times((select monday from d)))), 'a slot inside the booking is not offered');
select is(pg_temp.book(pg_temp.local((select monday from d), '10:15')), 'OUTSIDE_HOURS', 'off-grid starts are refused');
select is(pg_temp.book(pg_temp.local((select monday from d) - 2, '10:00')), 'OUTSIDE_HOURS', 'closed days are refused');
select is(pg_temp.book(pg_temp.local((select monday from d), '16:45'), 30), 'OUTSIDE_HOURS', 'a slot must end by closing time');
select is(pg_temp.book(pg_temp.local((select monday from d), '16:30'), 60), 'OUTSIDE_HOURS', 'a long appointment must end by closing time too');
select is(pg_temp.book(now() + interval '20 minutes'), 'TOO_SOON', 'inside the minimum notice is refused');
select is(pg_temp.book(pg_temp.local(current_date + 120, '10:00')), 'TOO_FAR_AHEAD', 'beyond the horizon is refused');

-- Overrides and weekly hours.
select is(public.set_date_override(tests.org_id('Hours Clinic'), null, (select monday from d)) ->> 'success', 'true', 'a date can be closed');
select is(pg_temp.slot_times((select monday from d)), '{}', 'a closed date has no slots');
select is(public.set_date_override(tests.org_id('Hours Clinic'), 'cal-1', (select monday from d), '[["13:00", "14:00"]]') ->> 'success', 'true', 'a date can have special hours');
select is(pg_temp.slot_times((select monday from d)), array['13:00', '13:30'], 'special hours replace the weekly hours');
select is(public.clear_date_override(tests.org_id('Hours Clinic'), 'cal-1', (select monday from d)) ->> 'removed', 'true', 'an override can be cleared');
select is(public.set_weekly_hours(tests.org_id('Hours Clinic'), 'cal-1', '{"mon": [["13:00", "17:00"], ["09:00", "12:00"]]}') ->> 'success', 'true', 'weekly hours with a lunch break');
select is(cardinality(pg_temp.slot_times((select monday from d))), 12, 'the lunch break and the booking are not offered');
select is(public.set_weekly_hours(tests.org_id('Hours Clinic'), 'cal-1', '{"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}') ->> 'error', 'INVALID_HOURS', 'overlapping intervals are refused');
select is(public.set_weekly_hours(tests.org_id('Hours Clinic'), 'cal-1', '{"mon": [["9am", "5pm"]]}') ->> 'error', 'INVALID_HOURS', 'times must be HH:MM');
select is(cardinality(pg_temp.slot_times((select monday from d))), 12, 'a refused change leaves the hours as they were');

-- Buffers: clean-up time after each appointment.
select is(public.set_calendar_settings(tests.org_id('Hours Clinic'), null, '{"buffer_after_minutes": 15}') ->> 'success', 'true', 'buffers can be set');
select is(pg_temp.book(pg_temp.local((select monday from d), '11:00')), 'SLOT_UNAVAILABLE', 'a start inside the previous appointment''s buffer is refused');

-- Service types.
select is(public.upsert_service_type(tests.org_id('Hours Clinic'), null, 'cleaning', 90) ->> 'success', 'true', 'a service type can be added');
select is((public.check_availability(tests.org_id('Hours Clinic'), (select monday from d), null, 'cleaning') ->> 'duration_minutes')::integer,
  90, 'availability for a service type uses its duration');
select is(pg_temp.slot_times((select monday from d), 'cleaning'), array['13:00', '13:30', '14:00', '14:30', '15:00', '15:30'],
  'only starts where 90 minutes fit (and keep the buffer) are offered');
select is(public.check_availability(tests.org_id('Hours Clinic'), (select monday from d), null, 'massage') ->> 'error',
  'UNKNOWN_SERVICE_TYPE', 'a service type the catalog does not list is refused');
select is(pg_temp.book(pg_temp.local((select monday from d), '14:00'), 30, 'consultation'), 'UNKNOWN_SERVICE_TYPE',
  'once a calendar has a catalog, bookings must name one of its services');

select is(pg_temp.book(pg_temp.local((select monday from d), '14:00'), 30, 'cleaning'), 'INVALID_DURATION',
  'a catalog service is booked for its own length');
select is(pg_temp.book(pg_temp.local((select monday from d), '14:00'), 90, 'Cleaning'), 'BOOKED',
  'service names match whatever their case');
select is(public.upsert_service_type(tests.org_id('Hours Clinic'), null, 'CLEANING', 60) ->> 'success', 'true',
  'a service can be renamed by case');
select is((select count(*)::integer from booking.service_types where org_id = tests.org_id('Hours Clinic') and lower(service_type) = 'cleaning'),
  1, 'one row per service whatever the spelling');
select is(public.check_availability(tests.org_id('Hours Clinic'), '200000-01-03') ->> 'slots', '[]',
  'a date far beyond the horizon has no slots (and raises nothing)');

call tests.authenticate_as('Hours Clinic');
select throws_ok(format('select public.set_weekly_hours(%L, null, ''{}'')', tests.org_id('Hours Clinic')), '42501', null,
  'clinic members cannot change hours (admin functions are service_role only)');
select ok((public.check_availability(tests.org_id('Hours Clinic'), (select monday from d)) ->> 'success')::boolean,
  'clinic members can check their own availability');
call tests.clear_authentication();

select * from finish();
rollback;
