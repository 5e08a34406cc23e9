-- The voice agent's patient tools: a caller known by the platform's caller
-- id sees and changes only the upcoming appointments of that number at that
-- clinic (lookup_appointments, cancel_appointment_by_phone,
-- reschedule_appointment_by_phone), as actor patient_phone, with the time
-- in words; tenant matrix: anon, member of A, member of B, service_role.
-- The clinic trusts a fully attested caller id (caller-id policy
-- trust_attested, the platform says STIR/SHAKEN A): the changes below act
-- on the caller id alone. Under the default policy a caller id needs the
-- texted code to change anything: test_107_caller_id_policy.
begin;
select plan(40);

call tests.create_org('Phone Clinic');
call tests.create_org('Other Phone Clinic');
create temp table appts (name text primary key, id uuid, at timestamptz);
grant select on appts to public;
create function pg_temp.book(p_name text, p_org text, p_phone text, p_at timestamptz) returns void language plpgsql as $$
begin
  insert into appts values (p_name, (public.book_appointment_atomic(tests.org_id(p_org), 'Pat Phone', null, p_phone,
    'consultation', p_at, 30) ->> 'appointment_id')::uuid, p_at);
end;
$$;
do $$
begin
  perform pg_temp.book('a1', 'Phone Clinic', '+14155550601', tests.local_noon(2));
  perform pg_temp.book('a2', 'Phone Clinic', '+14155550601', tests.local_noon(3));
  perform pg_temp.book('a3', 'Phone Clinic', '+14155550602', tests.local_noon(2) + interval '1 hour');
  perform pg_temp.book('a4', 'Other Phone Clinic', '+14155550601', tests.local_noon(2));
  perform pg_temp.book('soon', 'Phone Clinic', '+14155550601', tests.within_local_day(date_trunc('minute', now()) + interval '30 minutes', 30));
  perform pg_temp.book('past', 'Phone Clinic', '+14155550601', tests.local_noon(5));
end $$;
update booking.appointments set scheduled_at = scheduled_at - interval '7 days', ends_at = ends_at - interval '7 days'
 where id = (select id from appts where name = 'past');
select is((select count(*)::integer from appts where id is not null), 6, 'fixture appointments booked');
select is(public.set_caller_id_policy(tests.org_id('Phone Clinic'), 'trust_attested') ->> 'caller_id_policy',
  'trust_attested', 'the clinic trusts fully attested caller ids');
create function pg_temp.id(p_name text) returns uuid language sql as $$ select id from appts where name = p_name $$;
create temp table expected_text as
  select name, booking.local_time_text(at, 'America/New_York') as local_text from appts;
grant select on expected_text to public;

grant execute on function pg_temp.id(text) to public;
call tests.authenticate_as('Phone Clinic');
create temp table found as
  select public.lookup_appointments(tests.org_id('Phone Clinic'), '+14155550601') as r;
select is((select r ->> 'success' from found), 'true', 'a caller id finds the caller''s appointments');
select is((select r ->> 'verified_by' from found), 'caller_id', 'known by the caller id');
select is((select array_agg(e.value ->> 'appointment_id' order by e.n) from found,
                  json_array_elements(r -> 'appointments') with ordinality e(value, n)),
  array[pg_temp.id('soon'), pg_temp.id('a1'), pg_temp.id('a2')]::text[],
  'only the upcoming appointments of that number at this clinic, soonest first');
select is((select r -> 'appointments' -> 1 ->> 'local_text' from found),
  (select local_text from expected_text where name = 'a1'), 'each says its local time in words');
select is((select r -> 'appointments' -> 1 ->> 'can_cancel' from found), 'true', 'and whether the patient may cancel it');
select is((select r ->> 'count' from found), '3', 'count says how many');
select is(public.lookup_appointments(tests.org_id('Phone Clinic'), '(415) 555-0601') ->> 'count', '3',
  'the caller id is read as a phone number of the clinic''s region');
select is(public.lookup_appointments(tests.org_id('Phone Clinic'), '+14155550601', '+14155550602') ->> 'count', '3',
  'a phone the model names does not replace the caller id');
select is(public.lookup_appointments(tests.org_id('Phone Clinic'), '+14155550602') ->> 'count', '1',
  'another caller sees only theirs');
select is((public.lookup_appointments(tests.org_id('Phone Clinic'), '+14155550699') -> 'appointments')::jsonb, '[]'::jsonb,
  'a number without appointments sees none');
select is(public.lookup_appointments(tests.org_id('Phone Clinic'), null) ->> 'error', 'PHONE_REQUIRED',
  'without a caller id or a phone: PHONE_REQUIRED');
select is(public.lookup_appointments(tests.org_id('Phone Clinic'), 'anonymous') ->> 'error', 'PHONE_REQUIRED',
  'a withheld caller id is no caller id');

-- Cancel.
select is(public.cancel_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('a3'), '+14155550601', p_caller_attested => true) ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'another patient''s appointment cannot be cancelled');
select is(public.cancel_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('a4'), '+14155550601', p_caller_attested => true) ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'nor one of the same number at another clinic');
select is(public.cancel_appointment_by_phone(tests.org_id('Phone Clinic'), gen_random_uuid(), '+14155550601', p_caller_attested => true) ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'nor an unknown id');
select is(public.cancel_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('a1'), null) ->> 'error',
  'VERIFICATION_REQUIRED', 'without a caller id a change needs a verified code');
create temp table too_late as
  select public.cancel_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('soon'), '+14155550601', p_caller_attested => true) as r;
select is((select r ->> 'error' from too_late), 'TOO_LATE_TO_CHANGE', 'inside the notice a patient cannot cancel');
select ok((select (r -> 'appointment')::jsonb ? 'clinic_phone' from too_late),
  'the answer carries the clinic''s number for the agent to offer');
select is(public.cancel_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('past'), '+14155550601', p_caller_attested => true) ->> 'error',
  'APPOINTMENT_IN_PAST', 'a past appointment cannot be cancelled');
create temp table cancelled as
  select public.cancel_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('a1'), '+14155550601', null, 'Feeling better', p_caller_attested => true) as r;
select is((select r ->> 'status' from cancelled), 'cancelled', 'the caller cancels their appointment');
select is((select r -> 'appointment' ->> 'local_text' from cancelled),
  (select local_text from expected_text where name = 'a1'), 'the answer says which, in words');
select is(public.cancel_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('a1'), '+14155550601', p_caller_attested => true) ->> 'success',
  'true', 'cancelling again answers success');
select is(public.lookup_appointments(tests.org_id('Phone Clinic'), '+14155550601') ->> 'count', '2',
  'a cancelled appointment is no longer listed');

-- Reschedule.
create temp table moved as
  select public.reschedule_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('a2'),
           tests.local_noon(4), '+14155550601', p_caller_attested => true) as r;
select is((select r ->> 'success' from moved), 'true', 'the caller moves their appointment');
select is((select (r ->> 'scheduled_at')::timestamptz from moved), tests.local_noon(4), 'to the new time');
select is((select (r -> 'appointment' ->> 'scheduled_at')::timestamptz from moved), tests.local_noon(4),
  'and the summary is of the moved appointment');
select is(public.reschedule_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('a2'),
           tests.local_noon(2) + interval '1 hour', '+14155550601', p_caller_attested => true) ->> 'error', 'SLOT_UNAVAILABLE',
  'not onto another appointment');
select is(public.reschedule_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('a3'),
           tests.local_noon(6), '+14155550601', p_caller_attested => true) ->> 'error', 'APPOINTMENT_NOT_FOUND',
  'another patient''s appointment cannot be moved');
select is(public.reschedule_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('soon'),
           tests.local_noon(6), '+14155550601', p_caller_attested => true) ->> 'error', 'TOO_LATE_TO_CHANGE',
  'inside the notice a patient cannot move it');
select is(public.reschedule_appointment_by_phone(tests.org_id('Phone Clinic'), pg_temp.id('a1'),
           tests.local_noon(6), '+14155550601', p_caller_attested => true) ->> 'error', 'APPOINTMENT_CANCELLED',
  'a cancelled appointment cannot be moved');

-- Tenant matrix.
call tests.authenticate_as('Other Phone Clinic');
select throws_ok(format('select public.lookup_appointments(%L, ''+14155550601'')', tests.org_id('Phone Clinic')),
  '42501', null, 'a member of another clinic cannot look up');
select throws_ok(format('select public.cancel_appointment_by_phone(%L, %L, ''+14155550601'', p_caller_attested => true)',
  tests.org_id('Phone Clinic'), pg_temp.id('a2')), '42501', null, 'nor cancel');
select throws_ok(format('select public.reschedule_appointment_by_phone(%L, %L, %L, ''+14155550601'', p_caller_attested => true)',
  tests.org_id('Phone Clinic'), pg_temp.id('a2'), tests.local_noon(6)), '42501', null, 'nor reschedule');
call tests.authenticate_as_anon();
select throws_ok(format('select public.lookup_appointments(%L, ''+14155550601'')', tests.org_id('Phone Clinic')),
  '42501', null, 'anon cannot look up');
select throws_ok(format('select public.cancel_appointment_by_phone(%L, %L, ''+14155550601'', p_caller_attested => true)',
  tests.org_id('Phone Clinic'), pg_temp.id('a2')), '42501', null, 'nor cancel');
call tests.authenticate_as_service_role();
select is(public.lookup_appointments(tests.org_id('Phone Clinic'), '+14155550601') ->> 'count', '2',
  'service_role may act for any clinic');
call tests.clear_authentication();

select is((select actor || '/' || action || '/' || coalesce(reason, '') from booking.appointment_history
            where appointment_id = pg_temp.id('a1')), 'patient_phone/cancelled/Feeling better',
  'the history says a patient cancelled by phone, and why');
select is((select count(*)::integer from booking.appointment_history
            where appointment_id = pg_temp.id('a2') and actor = 'patient_phone' and action = 'rescheduled'), 1,
  'and that a patient moved one by phone');

select * from finish();
rollback;
