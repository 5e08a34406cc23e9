-- Blocked time (public.block_calendar_time, remove_calendar_block): front
-- desk may block; availability, bookings, holds and reschedules no longer
-- take it; a block never covers an active appointment or a live hold (the
-- answer names them); removing it offers the time again; tenants.
begin;
select plan(24);
set constraints all immediate;

call tests.create_org('Block Clinic');
call tests.create_org('Other Block Clinic');
call tests.create_staff_account('desk@block.test', 'Block Clinic', 'front_desk');
call tests.create_staff_account('desk@other-block.test', 'Other Block Clinic', 'front_desk');
create function pg_temp.local(p_days integer, p_time text) returns timestamptz language sql as $$
  select (((now() at time zone 'America/New_York')::date + p_days) + p_time::time) at time zone 'America/New_York';
$$;
create function pg_temp.offered(p_days integer, p_time text) returns boolean language sql as $$
  select exists (select from jsonb_array_elements(public.check_availability(tests.org_id('Block Clinic'),
                   (now() at time zone 'America/New_York')::date + p_days, 'cal-1', 'Cleaning')::jsonb -> 'slots') s
                  where (s ->> 'start')::timestamptz = pg_temp.local(p_days, p_time));
$$;
grant execute on all functions in schema pg_temp to public;
select set_config('t.booked', public.book_appointment_atomic(tests.org_id('Block Clinic'), 'Booked Patient', null,
  '+14155550801', 'Cleaning', pg_temp.local(3, '12:30'), 30) ->> 'appointment_id', true) is not null as booked
  into temp booked_done;

select function_privs_are('public', 'block_calendar_time',
  array['uuid', 'text', 'timestamp with time zone', 'timestamp with time zone', 'text'], 'anon', array[]::text[],
  'anon cannot block time');
select is(pg_temp.offered(2, '12:00'), true, 'before: 12:00 is offered');

call tests.authenticate_as_account('desk@block.test');
create temp table lunch on commit drop as
  select public.block_calendar_time(tests.org_id('Block Clinic'), 'cal-1', pg_temp.local(2, '12:00'),
                                    pg_temp.local(2, '13:00'), ' Lunch ')::jsonb as r;
select is((select r ->> 'success' || '/' || (r ->> 'reason') from lunch), 'true/Lunch', 'front desk blocks 12:00-13:00 (lunch)');
select is(pg_temp.offered(2, '12:00') or pg_temp.offered(2, '12:30') or pg_temp.offered(2, '11:31'), false,
  'availability no longer offers a start that would run into it');
select is(pg_temp.offered(2, '11:30') and pg_temp.offered(2, '13:00'), true, 'the times around it stay offered');
select is(public.book_appointment_atomic(tests.org_id('Block Clinic'), 'Late Lunch', null, '+14155550802', 'Cleaning',
  pg_temp.local(2, '12:15'), 30) ->> 'error', 'SLOT_UNAVAILABLE', 'a booking in it: SLOT_UNAVAILABLE');
select is(public.staff_book_appointment(tests.org_id('Block Clinic'), 'cal-1', 'Cleaning', pg_temp.local(2, '12:15'),
  'Late Lunch', '+14155550802') ->> 'error', 'SLOT_UNAVAILABLE', 'a staff booking too');
select is(public.claim_slot_atomic(tests.org_id('Block Clinic'), 'cal-1', pg_temp.local(2, '12:45'), 'block-call',
  'Held Lunch', '+14155550803') ->> 'error', 'SLOT_UNAVAILABLE', 'and a hold');
select is(public.reschedule_appointment(tests.org_id('Block Clinic'), current_setting('t.booked')::uuid,
  pg_temp.local(2, '12:00')) ->> 'error', 'SLOT_UNAVAILABLE', 'and a reschedule into it');
select is((select created_by_account_id from booking.calendar_blocks where id = (select (r ->> 'block_id')::uuid from lunch)),
  tests.account_id('desk@block.test'), 'the block records who added it');

-- Collisions.
create temp table collide on commit drop as
  select public.block_calendar_time(tests.org_id('Block Clinic'), 'cal-1', pg_temp.local(3, '12:00'),
                                    pg_temp.local(3, '14:00'), 'Meeting')::jsonb as r;
select is((select r ->> 'error' from collide), 'BLOCK_COLLIDES', 'a block over an appointment: BLOCK_COLLIDES');
select is((select r #>> '{appointments,0,appointment_id}' from collide), current_setting('t.booked'),
  'naming the appointment');
select is((select (r #>> '{appointments,0,scheduled_at}')::timestamptz from collide), pg_temp.local(3, '12:30'),
  'with its time');
select is((select count(*)::integer from booking.calendar_blocks where starts_at = pg_temp.local(3, '12:00')), 0,
  'and nothing is blocked');
select is(public.block_calendar_time(tests.org_id('Block Clinic'), 'cal-1', pg_temp.local(3, '12:00'),
  pg_temp.local(3, '12:30')) ->> 'success', 'true', 'up to the appointment''s start is fine');
select is(public.block_calendar_time(tests.org_id('Block Clinic'), 'cal-1', pg_temp.local(2, '14:00'),
  pg_temp.local(2, '13:00')) ->> 'error', 'INVALID_TIME', 'an end before the start: INVALID_TIME');
select is(public.block_calendar_time(tests.org_id('Block Clinic'), 'cal-1', pg_temp.local(-2, '12:00'),
  pg_temp.local(-2, '13:00')) ->> 'error', 'PAST_TIME', 'a block that is over: PAST_TIME');
select is(public.block_calendar_time(tests.org_id('Block Clinic'), 'cal-9', pg_temp.local(2, '15:00'),
  pg_temp.local(2, '16:00')) ->> 'error', 'CALENDAR_NOT_FOUND', 'an unknown calendar: CALENDAR_NOT_FOUND');
call tests.clear_authentication();

-- A live hold collides too.
select public.claim_slot_atomic(tests.org_id('Block Clinic'), 'cal-1', pg_temp.local(4, '09:00'), 'hold-call',
  'Held Patient', '+14155550804') ->> 'hold_id' as hold_id into temp held;
call tests.authenticate_as_account('desk@block.test');
select is(public.block_calendar_time(tests.org_id('Block Clinic'), 'cal-1', pg_temp.local(4, '08:00'),
  pg_temp.local(4, '10:00'))::jsonb #>> '{holds,0,scheduled_at}' is not null, true, 'a live hold: BLOCK_COLLIDES naming it');

-- Another clinic's member.
call tests.authenticate_as_account('desk@other-block.test');
select is((select count(*)::integer from booking.calendar_blocks where org_id = tests.org_id('Block Clinic')), 0,
  'another clinic''s member reads none of its blocks (RLS)');
select is(public.remove_calendar_block(tests.org_id('Other Block Clinic'), (select (r ->> 'block_id')::uuid from lunch)) ->> 'error',
  'BLOCK_NOT_FOUND', 'nor removes one through its own clinic');
select throws_ok(format('select public.block_calendar_time(%L, ''cal-1'', now() + interval ''1 day'', now() + interval ''25 hours'')',
  tests.org_id('Block Clinic')), '42501', null, 'nor blocks another clinic''s time');

-- Removing.
call tests.authenticate_as_account('desk@block.test');
select is(public.remove_calendar_block(tests.org_id('Block Clinic'), (select (r ->> 'block_id')::uuid from lunch)) ->> 'success',
  'true', 'front desk removes the block');
select is(pg_temp.offered(2, '12:00'), true, 'and 12:00 is offered again');
call tests.clear_authentication();

select * from finish();
rollback;
