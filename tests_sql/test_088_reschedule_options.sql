-- public.reschedule_options: the staff slot picker's free starts for moving
-- an appointment; its own interval does not block them; tenants.
begin;
select plan(12);
set constraints all immediate;

call tests.create_org('Options Clinic');
call tests.create_org('Other Options Clinic');
do $$
begin
  perform set_config('t.a', (public.book_appointment_atomic(tests.org_id('Options Clinic'), 'Pat Patient', null,
    '+14155550501', 'Cleaning', tests.local_noon(3), 60) ->> 'appointment_id'), true);
  perform set_config('t.day', (tests.local_noon(3) at time zone 'America/New_York')::date::text, true);
end $$;
create function pg_temp.starts(p_answer json) returns setof timestamptz language sql as $$
  select (s ->> 'start')::timestamptz from json_array_elements(p_answer -> 'slots') s;
$$;

select is_definer('public', 'reschedule_options', array['uuid', 'uuid', 'date'], 'reschedule_options is SECURITY DEFINER');
select function_privs_are('public', 'reschedule_options', array['uuid', 'uuid', 'date'], 'anon', array[]::text[],
  'anon cannot execute reschedule_options');

create temp table o as select public.reschedule_options(tests.org_id('Options Clinic'), current_setting('t.a')::uuid,
  current_setting('t.day')::date) as r;
select is((select (r ->> 'success')::boolean from o), true, 'the picker answers check_availability''s shape');
select ok(tests.local_noon(3) + interval '30 minutes' in (select pg_temp.starts(r) from o),
  'a start inside the appointment''s own hour is offered (its own interval does not block it)');
select ok(tests.local_noon(3) + interval '30 minutes' not in
  (select (s ->> 'start')::timestamptz
     from json_array_elements(public.check_availability(tests.org_id('Options Clinic'), current_setting('t.day')::date) -> 'slots') s),
  'while check_availability (for a new booking) does not offer it');

select is(public.reschedule_options(tests.org_id('Options Clinic'), gen_random_uuid(), current_setting('t.day')::date)::jsonb ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'an unknown appointment is not found');
select is(public.reschedule_options(tests.org_id('Options Clinic'), current_setting('t.a')::uuid, null)::jsonb ->> 'error',
  'INVALID_DATE', 'no date answers INVALID_DATE');

call tests.authenticate_as('Other Options Clinic');
select is(public.reschedule_options(tests.org_id('Other Options Clinic'), current_setting('t.a')::uuid, current_setting('t.day')::date)::jsonb ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'another clinic''s appointment answers exactly as an unknown one');
select throws_ok(format('select public.reschedule_options(%L, %L, %L)', tests.org_id('Options Clinic'), current_setting('t.a'), current_setting('t.day')),
  '42501', null, 'a member of another clinic cannot name this clinic');
call tests.authenticate_as('Options Clinic');
select is(public.reschedule_options(tests.org_id('Options Clinic'), current_setting('t.a')::uuid, current_setting('t.day')::date)::jsonb ->> 'success',
  'true', 'a member of the clinic reads its slot picker');
call tests.clear_authentication();

select is(public.cancel_appointment(tests.org_id('Options Clinic'), current_setting('t.a')::uuid)::jsonb ->> 'success',
  'true', 'staff cancel the appointment');
select is(public.reschedule_options(tests.org_id('Options Clinic'), current_setting('t.a')::uuid, current_setting('t.day')::date)::jsonb ->> 'error',
  'APPOINTMENT_CANCELLED', 'a cancelled appointment offers nothing');

select * from finish();
rollback;
