-- public.set_appointment_attendance: check-in (arrived), completed,
-- no_show and corrections (expected), on past days too; outcomes refused
-- before the start, check-in before the local day; every change in the
-- history with the member and the reason; the tenant matrix.
begin;
select plan(23);
set constraints all immediate;

call tests.create_org('Attend Clinic');
call tests.create_org('Other Attend Clinic');
call tests.create_staff_account('desk@attend.test', 'Attend Clinic', 'front_desk');
create function pg_temp.book(p_phone text, p_at timestamptz) returns text language sql as $$
  select public.book_appointment_atomic(tests.org_id('Attend Clinic'), 'Pat Attend', null, p_phone,
         'Cleaning', p_at, 30) ->> 'appointment_id';
$$;
create function pg_temp.attend(p_id text, p_attendance text, p_reason text default null) returns jsonb language sql as $$
  select public.set_appointment_attendance(tests.org_id('Attend Clinic'), p_id::uuid, p_attendance, p_reason)::jsonb;
$$;
grant execute on all functions in schema pg_temp to public;
do $$
begin
  -- later today (within the local day), tomorrow, and one moved to yesterday
  perform set_config('t.today', pg_temp.book('+14155550901',
    tests.within_local_day(date_bin('1 minute', now() + interval '3 hours', timestamptz '2000-01-01'), 30, true)), true);
  perform set_config('t.tomorrow', pg_temp.book('+14155550902', tests.local_noon(1)), true);
  perform set_config('t.yesterday', pg_temp.book('+14155550903', tests.local_noon(2)), true);
  update booking.appointments set scheduled_at = tests.local_noon(-1), ends_at = tests.local_noon(-1) + interval '30 minutes'
   where id = current_setting('t.yesterday')::uuid;
end $$;

select function_privs_are('public', 'set_appointment_attendance', array['uuid', 'uuid', 'text', 'text'], 'anon',
  array[]::text[], 'anon cannot record attendance');

call tests.authenticate_as_account('desk@attend.test');
select is(pg_temp.attend(current_setting('t.tomorrow'), 'arrived') ->> 'error', 'APPOINTMENT_NOT_TODAY',
  'no check-in before the appointment''s day');
select is(pg_temp.attend(current_setting('t.today'), 'completed') ->> 'error', 'APPOINTMENT_NOT_STARTED',
  'completed is refused before the start');
select is(pg_temp.attend(current_setting('t.today'), 'no_show') ->> 'error', 'APPOINTMENT_NOT_STARTED',
  'so is a no-show');
select is(pg_temp.attend(current_setting('t.today'), 'arrived') - 'appointment_id',
  '{"success": true, "status": "scheduled", "arrived": true}', 'a patient checks in early on the day');
select ok((select checked_in_at is not null from booking.appointments where id = current_setting('t.today')::uuid),
  'the check-in time is recorded');
select is(pg_temp.attend(current_setting('t.today'), 'arrived') ->> 'success', 'true', 'checking in again: success');
select is(pg_temp.attend(current_setting('t.today'), 'expected', 'wrong patient') ->> 'arrived', 'false',
  'a check-in is corrected (expected)');

-- Yesterday's no-show, corrected.
select is(pg_temp.attend(current_setting('t.yesterday'), 'no_show', 'did not come') ->> 'status', 'no_show',
  'yesterday''s no-show is recorded');
select is(pg_temp.attend(current_setting('t.yesterday'), 'arrived', 'came late, we missed it') - 'appointment_id',
  '{"success": true, "status": "scheduled", "arrived": true}', 'and corrected: the patient did arrive');
select is(pg_temp.attend(current_setting('t.yesterday'), 'completed') ->> 'status', 'completed', 'then completed');
select is((select checked_in_at is not null from booking.appointments where id = current_setting('t.yesterday')::uuid),
  true, 'completed keeps the check-in');
select is(pg_temp.attend(current_setting('t.yesterday'), 'completed') ->> 'success', 'true', 'the same again: success');
select is(pg_temp.attend(current_setting('t.yesterday'), 'no_show') ->> 'arrived', 'false', 'a no-show is not checked in');
select is(pg_temp.attend(current_setting('t.yesterday'), 'expected') ->> 'status', 'scheduled',
  'expected clears the outcome');
call tests.clear_authentication();

select is((select string_agg(action || ':' || from_status || '>' || to_status || ':' || coalesce(reason, '-'), ',' order by occurred_at)
             from booking.appointment_history where appointment_id = current_setting('t.yesterday')::uuid),
  'no_show:scheduled>no_show:did not come,checked_in:no_show>scheduled:came late, we missed it,completed:scheduled>completed:-,no_show:completed>no_show:-,attendance_cleared:no_show>scheduled:-',
  'every change is a history row with its reason, none for the repeat');
select is((select count(*)::integer from booking.appointment_history
            where appointment_id = current_setting('t.yesterday')::uuid and actor = 'staff'
              and actor_account_id = tests.account_id('desk@attend.test')), 5, 'each naming the member');
select is((select string_agg(type, ',' order by txid, seq) from booking.events
            where payload ->> 'appointment_id' = current_setting('t.yesterday')
              and type in ('appointment.no_show', 'appointment.completed', 'appointment.scheduled')),
  'appointment.no_show,appointment.scheduled,appointment.completed,appointment.no_show,appointment.scheduled',
  'each status change is a live-feed event');

-- Codes and tenants.
call tests.authenticate_as_account('desk@attend.test');
select is(pg_temp.attend(current_setting('t.today'), 'confirmed') ->> 'error', 'INVALID_STATUS', 'an unknown attendance: INVALID_STATUS');
select is(pg_temp.attend(current_setting('t.today'), 'arrived', repeat('x', 501)) ->> 'error', 'INVALID_REASON',
  'a reason over 500 characters: INVALID_REASON');
select is(public.set_appointment_outcome(tests.org_id('Attend Clinic'), current_setting('t.today')::uuid, 'completed') ->> 'error',
  'APPOINTMENT_NOT_STARTED', 'set_appointment_outcome follows the same rule');
select throws_ok(format('select public.set_appointment_attendance(%L, %L, ''arrived'')',
  tests.org_id('Other Attend Clinic'), current_setting('t.today')), '42501', null,
  'a member cannot act for another clinic');
call tests.authenticate_as('Other Attend Clinic');
select is(public.set_appointment_attendance(tests.org_id('Other Attend Clinic'), current_setting('t.today')::uuid, 'arrived') ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'another clinic''s appointment is unknown through its own clinic');
call tests.clear_authentication();

select * from finish();
rollback;
