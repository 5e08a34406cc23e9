-- public.calendar_day_view: a calendar's day or week in the clinic's zone
-- (appointments with status, patient, service and what staff may record
-- now; cancelled ones with their reason; live holds; blocked time), any
-- date past or future, under RLS; its index.
begin;
select plan(22);
set constraints all immediate;

call tests.create_org('View Clinic');
call tests.create_org('Other View Clinic');
call tests.create_staff_account('desk@view.test', 'View Clinic', 'front_desk');
create function pg_temp.local(p_days integer, p_time text) returns timestamptz language sql as $$
  select (((now() at time zone 'America/New_York')::date + p_days) + p_time::time) at time zone 'America/New_York';
$$;
create function pg_temp.day(p_days integer) returns date language sql as $$
  select (now() at time zone 'America/New_York')::date + p_days;
$$;
grant execute on all functions in schema pg_temp to public;
do $$
declare
  v_id text;
begin
  perform set_config('t.a', public.book_appointment_atomic(tests.org_id('View Clinic'), 'Ada Lovelace', null, '+14155551301',
    'Cleaning', pg_temp.local(2, '09:30'), 30) ->> 'appointment_id', true);
  v_id := public.book_appointment_atomic(tests.org_id('View Clinic'), 'Gone Patient', null, '+14155551302',
    'Whitening', pg_temp.local(2, '10:00'), 60) ->> 'appointment_id';
  perform public.cancel_appointment(tests.org_id('View Clinic'), v_id::uuid, 'Patient is travelling');
  perform public.claim_slot_atomic(tests.org_id('View Clinic'), 'cal-1', pg_temp.local(2, '11:00'), 'view-call',
    'Held Patient', '+14155551303');
  perform public.block_calendar_time(tests.org_id('View Clinic'), 'cal-1', pg_temp.local(2, '12:00'), pg_temp.local(2, '13:00'), 'Lunch');
  perform set_config('t.past', public.book_appointment_atomic(tests.org_id('View Clinic'), 'Past Patient', null, '+14155551304',
    'Cleaning', pg_temp.local(3, '09:00'), 30) ->> 'appointment_id', true);
  update booking.appointments set scheduled_at = pg_temp.local(-1, '09:00'), ends_at = pg_temp.local(-1, '09:30')
   where id = current_setting('t.past')::uuid;
  perform set_config('t.started', public.book_appointment_atomic(tests.org_id('View Clinic'), 'Started Patient', null,
    '+14155551305', 'Cleaning', pg_temp.local(4, '09:00'), 30) ->> 'appointment_id', true);
  -- started a minute ago (or at local midnight, when that is later: still today)
  update booking.appointments
     set scheduled_at = greatest(now() - interval '1 minute', pg_temp.local(0, '00:00')),
         ends_at = greatest(now() - interval '1 minute', pg_temp.local(0, '00:00')) + interval '30 minutes'
   where id = current_setting('t.started')::uuid;
end $$;

select has_index('booking', 'appointments', 'appointments_org_id_scheduled_at',
  array['org_id', 'scheduled_at'], 'a clinic''s appointments are indexed by start (the day view''s range scan)');
select function_privs_are('public', 'calendar_day_view', array['uuid', 'text', 'date', 'integer'], 'anon', array[]::text[],
  'anon cannot read a day view');
select is(p.prosecdef, false, 'calendar_day_view is SECURITY INVOKER: RLS decides')
  from pg_proc p where p.oid = 'public.calendar_day_view(uuid, text, date, integer)'::regprocedure;

call tests.authenticate_as_account('desk@view.test');
create temp table v on commit drop as
  select public.calendar_day_view(tests.org_id('View Clinic'), null, pg_temp.day(2))::jsonb as d;
select is((select d ->> 'calendar_id' || '/' || (d ->> 'timezone') from v), 'cal-1/America/New_York',
  'the default calendar, in the clinic''s zone');
select is((select jsonb_array_length(d #> '{dates,0,appointments}') from v), 2, 'the day''s appointments, the cancelled one too');
select is((select d #>> '{dates,0,appointments,0,local_time}' || '-' || (d #>> '{dates,0,appointments,0,local_end_time}') from v),
  '09:30-10:00', 'at their local times');
select is((select d #>> '{dates,0,appointments,0,patient_name}' || '/' || (d #>> '{dates,0,appointments,0,service_type}')
             || '/' || (d #>> '{dates,0,appointments,0,status}') from v),
  'Ada Lovelace/Cleaning/scheduled', 'with patient, service and status');
select is((select (d #>> '{dates,0,appointments,0,start_minute}')::integer from v), 570, 'and its minute of the day (09:30)');
select is((select d #>> '{dates,0,appointments,1,cancellation_reason}' || '/' || (d #>> '{dates,0,appointments,1,cancelled_by}') from v),
  'Patient is travelling/staff', 'a cancelled appointment shows who cancelled and why');
select is((select d #>> '{dates,0,holds,0,local_time}' || '/' || (d #>> '{dates,0,holds,0,patient_name}') from v),
  '11:00/Held Patient', 'the live hold');
select is((select d #>> '{dates,0,blocks,0,local_time}' || '-' || (d #>> '{dates,0,blocks,0,local_end_time}')
             || '/' || (d #>> '{dates,0,blocks,0,reason}') from v),
  '12:00-13:00/Lunch', 'the blocked time');
select is((select (d #>> '{dates,0,appointments,0,can_check_in}') || (d #>> '{dates,0,appointments,0,can_complete}')
             || (d #>> '{dates,0,appointments,0,can_no_show}') from v),
  'falsefalsefalse', 'a future day''s appointment: no check-in, no outcome yet');

create temp table yesterday on commit drop as
  select public.calendar_day_view(tests.org_id('View Clinic'), 'cal-1', pg_temp.day(-1))::jsonb as d;
select is((select (d #>> '{dates,0,appointments,0,can_complete}') || (d #>> '{dates,0,appointments,0,can_no_show}')
             || (d #>> '{dates,0,appointments,0,can_check_in}') || (d #>> '{dates,0,appointments,0,can_clear}') from yesterday),
  'truetruetruefalse', 'yesterday''s appointment: completed, no-show or arrived may be recorded');
select public.set_appointment_attendance(tests.org_id('View Clinic'), current_setting('t.past')::uuid, 'no_show') is not null as marked
  into temp marked;
select is((select (d #>> '{dates,0,appointments,0,can_no_show}') || (d #>> '{dates,0,appointments,0,can_clear}')
             || (d #>> '{dates,0,appointments,0,can_complete}')
             from (select public.calendar_day_view(tests.org_id('View Clinic'), 'cal-1', pg_temp.day(-1))::jsonb as d) x),
  'falsetruetrue', 'after a no-show: its correction is offered, and completed');

create temp table week on commit drop as
  select public.calendar_day_view(tests.org_id('View Clinic'), 'cal-1', pg_temp.day(-1), 7)::jsonb as d;
select is((select jsonb_array_length(d -> 'dates') from week), 7, 'a week: seven days');
select is((select string_agg(jsonb_array_length(x -> 'appointments')::text, ',') from week, jsonb_array_elements(d -> 'dates') x),
  '1,1,0,2,0,0,0', 'each with its own appointments (yesterday''s, the one started today, day 2''s two)');
select is(public.calendar_day_view(tests.org_id('View Clinic'), 'cal-9', pg_temp.day(0)) ->> 'error', 'CALENDAR_NOT_FOUND',
  'an unknown calendar: CALENDAR_NOT_FOUND');
select throws_ok(format('select public.calendar_day_view(%L, null, current_date, 8)', tests.org_id('View Clinic')),
  '22023', null, 'more than 7 days: 22023');
select throws_ok(format('select public.calendar_day_view(%L, null, current_date)', tests.org_id('Other View Clinic')),
  '42501', null, 'another clinic''s calendar: 42501');
-- The dashboard's panel offers outcomes by the same rule.
select is((select string_agg(x ->> 'can_complete' || '/' || (x ->> 'can_no_show'), ',')
             from jsonb_array_elements(public.dashboard_overview(tests.org_id('View Clinic'))::jsonb #> '{calendars,0,appointments}') x
            where x ->> 'appointment_id' = current_setting('t.a')),
  'false/false', 'the dashboard offers no outcome for an appointment that has not started');
select is((select string_agg(x ->> 'can_complete' || '/' || (x ->> 'can_no_show'), ',')
             from jsonb_array_elements(public.dashboard_overview(tests.org_id('View Clinic'))::jsonb #> '{calendars,0,appointments}') x
            where x ->> 'appointment_id' = current_setting('t.started')),
  'true/true', 'and both for one that has');
call tests.authenticate_as_anon();
select throws_ok(format('select public.calendar_day_view(%L, null, current_date)', tests.org_id('View Clinic')),
  '42501', null, 'anon: 42501');
call tests.clear_authentication();

select * from finish();
rollback;
