-- Every input the contract does not cover gets a JSON error code, never an
-- exception; past times are refused (date prevention).
begin;
select plan(20);

call tests.create_org('Input Clinic');
create temp table slot as select tests.local_noon(2) as at;
create function pg_temp.book(p_org uuid, p_name text, p_email text, p_phone text,
                             p_service text, p_at timestamptz, p_minutes integer)
returns text language sql as $$
  select public.book_appointment_atomic(p_org, p_name, p_email, p_phone, p_service, p_at, p_minutes) ->> 'error'
$$;

select is(pg_temp.book(null, 'Jane', null, '+14155552671', 'consultation', (select at from slot), 60),
  'INVALID_ORGANIZATION', 'NULL organization');
select is(pg_temp.book(gen_random_uuid(), 'Jane', null, '+14155552671', 'consultation', (select at from slot), 60),
  'INVALID_ORGANIZATION', 'unknown organization');
select is(pg_temp.book(tests.org_id('Input Clinic'), null, null, '+14155552671', 'consultation', (select at from slot), 60),
  'INVALID_NAME', 'NULL name');
select is(pg_temp.book(tests.org_id('Input Clinic'), ' ', null, '+14155552671', 'consultation', (select at from slot), 60),
  'INVALID_NAME', 'blank name');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, null, 'consultation', (select at from slot), 60),
  'INVALID_PHONE', 'NULL phone');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+1-555-1234', 'consultation', (select at from slot), 60),
  'INVALID_PHONE', 'the spec''s +1-555-1234 is not a valid number');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, 'call me maybe', 'consultation', (select at from slot), 60),
  'INVALID_PHONE', 'text is not a phone number');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', 'not-an-email', '+14155552671', 'consultation', (select at from slot), 60),
  'INVALID_EMAIL', 'invalid e-mail');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', null, (select at from slot), 60),
  'INVALID_SERVICE_TYPE', 'NULL service type');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', repeat('x', 101), (select at from slot), 60),
  'INVALID_SERVICE_TYPE', 'overlong service type');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', 'consultation', null, 60),
  'INVALID_TIME', 'NULL start');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', 'consultation', 'infinity', 60),
  'INVALID_TIME', 'infinite start (an empty range would overlap nothing)');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', 'consultation', (select at from slot), null),
  'INVALID_DURATION', 'NULL duration');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', 'consultation', (select at from slot), 0),
  'INVALID_DURATION', 'zero duration');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', 'consultation', (select at from slot), -30),
  'INVALID_DURATION', 'negative duration');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', 'consultation', (select at from slot), 1441),
  'INVALID_DURATION', 'more than a day');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', 'consultation', now() - interval '1 minute', 60),
  'PAST_TIME', 'a start in the past is refused');
select is(pg_temp.book(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', 'consultation', '2020-01-01T10:00:00Z', 60),
  'PAST_TIME', 'a start years ago is refused');

select is(
  (select array_agg(k order by k) from json_object_keys(public.book_appointment_atomic(
     tests.org_id('Input Clinic'), 'Jane', null, '+14155552671', 'consultation', now() - interval '1 day', 60)) k),
  array['created_at', 'error', 'message', 'success'], 'a failure answers success, error, message, created_at');
select matches(
  public.book_appointment_atomic(tests.org_id('Input Clinic'), 'Jane', null, '+14155552671',
    'consultation', now() - interval '1 day', 60) ->> 'message',
  '^PAST_TIME: ', 'the message starts with the code');

select * from finish();
rollback;
