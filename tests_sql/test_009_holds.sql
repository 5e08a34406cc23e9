-- claim_slot_atomic and release_hold: a live hold blocks other holds and
-- bookings of any overlapping interval; expiry needs no cron.
begin;
select plan(35);

call tests.create_org('Hold Clinic');
call tests.create_org('Rival Clinic');
create function pg_temp.claim(p_call text, p_minutes_after_noon integer default 0, p_phone text default '+14155550501',
                              p_service text default null, p_org text default 'Hold Clinic')
returns json language sql as $$
  select public.claim_slot_atomic(tests.org_id(p_org), 'cal-1',
           tests.local_noon(2) + make_interval(mins => p_minutes_after_noon), p_call, 'Holly Hold', p_phone, 10, p_service)
$$;
grant execute on function pg_temp.claim(text, integer, text, text, text) to public;
create temp table first_hold as select pg_temp.claim('call-1') as r;
grant select on first_hold to public;

select is((select r ->> 'success' from first_hold), 'true', 'a free slot is held');
select ok((select (r ->> 'expires_at')::timestamptz between now() + interval '9 minutes' and now() + interval '11 minutes' from first_hold),
  'the hold lasts 10 minutes by default');
select is((select status from booking.appointment_holds where id = (select (r ->> 'hold_id')::uuid from first_hold)), 'active', 'it is stored active');
select is(pg_temp.claim('call-1') ->> 'hold_id', (select r ->> 'hold_id' from first_hold), 'the same call claiming the same slot gets the same hold');
select is(pg_temp.claim('call-2', 0, '+14155550502') ->> 'error', 'SLOT_UNAVAILABLE', 'another call cannot hold the same slot');
select is(pg_temp.claim('call-2', 10, '+14155550502') ->> 'error', 'SLOT_UNAVAILABLE', 'nor an overlapping one');
select is(pg_temp.claim('call-2', 30, '+14155550502') ->> 'success', 'true', 'an adjacent slot can be held by another call');
select is(public.book_appointment_atomic(tests.org_id('Hold Clinic'), 'Bo Booker', null, '+14155550503', 'consultation',
  tests.local_noon(2) - interval '15 minutes', 30) ->> 'error', 'SLOT_UNAVAILABLE', 'a hold blocks an overlapping direct booking');
select is(pg_temp.claim('call-3', 0, '+14155550504', null, 'Rival Clinic') ->> 'success', 'true', 'another organization is independent');
select ok(not exists (
  select from json_array_elements(public.check_availability(tests.org_id('Hold Clinic'), (tests.local_noon(2) at time zone 'America/New_York')::date) -> 'slots') s
   where (s ->> 'start')::timestamptz = tests.local_noon(2)), 'check_availability does not offer a held slot');

-- A call holds one slot at a time.
create temp table moved as select pg_temp.claim('call-1', 120) as r;
select is((select r ->> 'success' from moved), 'true', 'the same call can move to another slot');
select is((select status from booking.appointment_holds where id = (select (r ->> 'hold_id')::uuid from first_hold)), 'released',
  'its previous hold is released');
select is(pg_temp.claim('call-4', 0, '+14155550505') ->> 'success', 'true', 'and that slot is free again');

-- Expiry needs no cron.
update booking.appointment_holds set expires_at = now() - interval '1 second', created_at = now() - interval '11 minutes'
 where id = (select (r ->> 'hold_id')::uuid from moved);
select is(pg_temp.claim('call-5', 120, '+14155550506') ->> 'success', 'true', 'an expired hold stops counting');
select is((select status from booking.appointment_holds where id = (select (r ->> 'hold_id')::uuid from moved)), 'expired',
  'and is marked expired when its slot is claimed again');

-- Release.
select is(public.release_hold((select (r ->> 'hold_id')::uuid from first_hold)) ->> 'success', 'true', 'releasing a released hold is fine');
create temp table h5 as select id from booking.appointment_holds where call_sid = 'call-5';
select is(public.release_hold((select id from h5), tests.org_id('Hold Clinic')) ->> 'success', 'true', 'a hold can be released');
select is(public.release_hold((select id from h5), tests.org_id('Hold Clinic')) ->> 'success', 'true', 'releasing twice is fine');
select is(public.book_appointment_atomic(tests.org_id('Hold Clinic'), 'Bo Booker', null, '+14155550503', 'consultation',
  tests.local_noon(2) + interval '120 minutes', 30) ->> 'success', 'true', 'a released slot can be booked');
select is(public.release_hold(gen_random_uuid()) ->> 'error', 'HOLD_NOT_FOUND', 'an unknown hold is HOLD_NOT_FOUND');
select is(pg_temp.claim('call-6', 120, '+14155550507') ->> 'error', 'SLOT_UNAVAILABLE', 'a booked slot cannot be held');

-- Bad input.
create temp table by_phone as select pg_temp.claim(null, 300, '+14155550520') as r;
select is((select call_sid from booking.appointment_holds where id = (select (r ->> 'hold_id')::uuid from by_phone)),
  'phone:+14155550520', 'without a call id the hold is keyed by the patient''s E.164 phone');
select is(pg_temp.claim(null, 360, '(415) 555-0520') ->> 'success', 'true', 'the same phone, spelled differently, moves its hold');
select is((select status from booking.appointment_holds where id = (select (r ->> 'hold_id')::uuid from by_phone)), 'released',
  'so one phone holds one slot');
select is(pg_temp.claim('call with spaces') ->> 'error', 'INVALID_CALL_SID', 'call ids are visible characters');
select is(public.claim_slot_atomic(tests.org_id('Hold Clinic'), 'cal-1', tests.local_noon(3), 'call-7', 'Holly', '+14155550508', 10, repeat('x', 101)) ->> 'error',
  'INVALID_SERVICE_TYPE', 'an overlong service type is refused, not raised');
select is(public.claim_slot_atomic(tests.org_id('Hold Clinic'), 'cal-1', tests.local_noon(3), 'call-7', 'Holly', '+14155550508', 0) ->> 'error',
  'INVALID_HOLD_MINUTES', 'holds last at least a minute');
select is(public.claim_slot_atomic(tests.org_id('Hold Clinic'), 'cal-9', tests.local_noon(3), 'call-7', 'Holly', '+14155550508') ->> 'error',
  'CALENDAR_NOT_FOUND', 'an unknown calendar is refused');
select is(public.claim_slot_atomic(tests.org_id('Hold Clinic'), 'cal-1', now() - interval '1 hour', 'call-7', 'Holly', '+14155550508') ->> 'error',
  'PAST_TIME', 'a past slot cannot be held');

select is(public.claim_slot_atomic(tests.org_id('Hold Clinic'), 'cal-9', now() - interval '1 hour', 'call-7', 'Holly', '+14155550508') ->> 'error',
  'PAST_TIME', 'a past slot is refused before the calendar is looked up, as book_appointment_atomic does');

-- Contacts: a hold creates a new one, never renames an existing one.
select is(pg_temp.claim('call-9', 420, '+14155550503') ->> 'success', 'true', 'Bo Booker''s phone can hold a slot');
select is((select name from booking.contacts where org_id = tests.org_id('Hold Clinic') and phone = '+14155550503'),
  'Bo Booker', 'the name given with a hold does not rename the existing contact');

-- The constraint backs the functions.
select throws_ok($$
  insert into booking.appointment_holds (org_id, calendar_id, contact_id, call_sid, patient_name, scheduled_at, duration_minutes, ends_at, expires_at)
  select org_id, calendar_id, contact_id, 'raw-call', 'Raw', scheduled_at + interval '5 minutes', 5, scheduled_at + interval '10 minutes', now() + interval '5 minutes'
    from booking.appointment_holds where call_sid = 'call-2' and status = 'active' $$,
  '23P01', null, 'a raw INSERT of an overlapping active hold violates appointment_holds_no_overlap');

-- Tenants.
create temp table h2 as select id from booking.appointment_holds where call_sid = 'call-2' and status = 'active';
grant select on h2 to public;
call tests.authenticate_as('Rival Clinic');
select is(public.release_hold((select id from h2)) ->> 'error', 'HOLD_NOT_FOUND',
  'another organization cannot release a hold (it is not found for them)');
select throws_ok($$ select pg_temp.claim('call-8', 240) $$, '42501', null, 'another organization cannot claim for this one');
call tests.clear_authentication();

select * from finish();
rollback;
