-- send_otp and confirm_held_slot: codes only in the SMS, keyed hashes,
-- 5 wrong attempts lock, resend invalidates, limits, one transaction.
begin;
select plan(40);

call tests.create_org('Code Clinic');
call tests.create_org('Other Code Clinic');
create function pg_temp.claim(p_call text, p_minutes integer, p_phone text default '+14155550601') returns uuid
language sql as $$
  select (public.claim_slot_atomic(tests.org_id('Code Clinic'), 'cal-1', tests.local_noon(2) + make_interval(mins => p_minutes),
            p_call, 'Cody Code', p_phone) ->> 'hold_id')::uuid
$$;
-- The code as the SMS server would read it.
create function pg_temp.texted_code(p_call text) returns text language sql as $$
  select substring(body from 'code is ([0-9]{4})') from booking.sms_outbox
   where kind = 'otp' and call_id = p_call and status <> 'canceled' order by created_at desc, id limit 1
$$;
create function pg_temp.confirm(p_hold uuid, p_code text) returns json language sql as $$
  select public.confirm_held_slot(p_hold, tests.org_id('Code Clinic'), null, p_code)
$$;

create temp table h as select pg_temp.claim('call-a', 0) as id;
select is(public.confirm_held_slot((select id from h), null, null, '1234') ->> 'error', 'OTP_NOT_SENT', 'a code must be sent first');
create temp table sent as select public.send_otp((select id from h), '+1 (415) 555-0601') as r;
select is((select r ->> 'code_sent' from sent), 'true', 'the code is sent');
select is((select array_agg(k order by k) from sent, json_object_keys(r) k), array['code_sent', 'expires_at', 'success'],
  'the answer carries no code');
select results_eq($$ select kind, recipient, status from booking.sms_outbox where call_id = 'call-a' $$,
  $$ values ('otp', '+14155550601', 'pending') $$, 'one otp SMS is queued to the patient');
select is((select expires_at from booking.sms_outbox where call_id = 'call-a'),
  (select expires_at from booking.appointment_holds where id = (select id from h)), 'the SMS expires with the hold');
select ok(pg_temp.texted_code('call-a') ~ '^[0-9]{4}$', 'the SMS holds a 4-digit code');
select is((select otp_hash from booking.appointment_holds where id = (select id from h)),
  booking.otp_hash(pg_temp.texted_code('call-a'), (select id from h)), 'only its keyed hash is stored');
select isnt((select otp_hash from booking.appointment_holds where id = (select id from h)),
  extensions.digest(pg_temp.texted_code('call-a'), 'sha256'), 'the hash is keyed, not a plain digest');

select is(pg_temp.confirm((select id from h), 'abcd') ->> 'error', 'INVALID_OTP_FORMAT', 'a code has 4 digits');
create temp table wrong as select pg_temp.confirm((select id from h),
  lpad(((pg_temp.texted_code('call-a')::integer + 1) % 10000)::text, 4, '0')) as r;
select is((select r ->> 'error' from wrong), 'INVALID_OTP', 'a wrong code is refused');
select is((select r ->> 'attempts_remaining' from wrong), '4', 'with the attempts remaining');
select is(pg_temp.confirm((select id from h), 'x') ->> 'error', 'INVALID_OTP_FORMAT', 'a malformed code does not count as an attempt');

create temp table ok as select pg_temp.confirm((select id from h), regexp_replace(pg_temp.texted_code('call-a'), '(.)', '\1 ', 'g')) as r;
select is((select r ->> 'success' from ok), 'true', 'the right code, read out digit by digit, confirms');
select results_eq($$ select status, appointment_id::text from booking.appointment_holds where id = (select id from h) $$,
  $$ select 'consumed', (select r ->> 'appointment_id' from ok) $$, 'the hold is consumed into the appointment');
select is((select count(*)::integer from booking.sms_outbox where kind = 'confirmation'
            and appointment_id = (select (r ->> 'appointment_id')::uuid from ok)), 1, 'the confirmation SMS is enqueued in the same transaction');
select is(pg_temp.confirm((select id from h), pg_temp.texted_code('call-a')) ->> 'appointment_id',
  (select r ->> 'appointment_id' from ok), 'a repeated confirmation answers the same appointment');
select is(public.send_otp((select id from h), null) ->> 'error', 'HOLD_ALREADY_CONFIRMED', 'no code for a confirmed hold');
select is(public.release_hold((select id from h)) ->> 'error', 'HOLD_ALREADY_CONFIRMED', 'a confirmed hold cannot be released');

-- A caller who never confirms cannot rename a patient.
select is(public.book_appointment_atomic(tests.org_id('Code Clinic'), 'Pat Original', null, '+14155550690', 'consultation',
  tests.local_noon(9), 30) ->> 'success', 'true', 'a patient exists');
create temp table h9 as select pg_temp.claim('call-rename', 420, '+14155550690') as id;
select is((select name from booking.contacts where phone = '+14155550690'), 'Pat Original', 'claiming with another name does not rename the patient');
select is(public.send_otp((select id from h9), null) ->> 'success', 'true', 'the caller gets a code');
select is(pg_temp.confirm((select id from h9), pg_temp.texted_code('call-rename')) ->> 'success', 'true', 'and confirms it');
select is((select name from booking.contacts where phone = '+14155550690'), 'Cody Code', 'the verified caller''s name reaches the contact');

-- Brute force stops at 5.
create temp table h2 as select pg_temp.claim('call-b', 60, '+14155550602') as id;
select is(public.send_otp((select id from h2), null) ->> 'success', 'true', 'a second hold gets a code');
create temp table guesses as
  select n, pg_temp.confirm((select id from h2), lpad(((pg_temp.texted_code('call-b')::integer + n) % 10000)::text, 4, '0')) ->> 'error' as error
    from generate_series(1, 5) n;
select is((select array_agg(error order by n) from guesses),
  array['INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'OTP_LOCKED'], 'the fifth wrong code locks the hold');
select is(pg_temp.confirm((select id from h2), pg_temp.texted_code('call-b')) ->> 'error', 'OTP_LOCKED', 'even the right code is refused then');
select is(public.send_otp((select id from h2), null) ->> 'error', 'OTP_LOCKED', 'and no new code is sent');

-- A resend replaces the code; limits per hold and per number.
create temp table h3 as select pg_temp.claim('call-c', 120, '+14155550603') as id;
select public.send_otp((select id from h3), null) is not null as sent into temp s1;
create temp table first_code as select pg_temp.texted_code('call-c') as code;
select is(public.send_otp((select id from h3), null) ->> 'success', 'true', 'a code can be sent again');
select is(case when (select code from first_code) = pg_temp.texted_code('call-c') then 'INVALID_OTP'
               else pg_temp.confirm((select id from h3), (select code from first_code)) ->> 'error' end,
  'INVALID_OTP', 'the previous code no longer works');
select is((select status from booking.sms_outbox where kind = 'otp' and call_id = 'call-c' order by created_at, status limit 1), 'canceled',
  'a resend cancels the previous code SMS still waiting in the queue');
select is(public.send_otp((select id from h3), null) ->> 'success', 'true', 'a third code can be sent');
select is(public.send_otp((select id from h3), null) ->> 'error', 'OTP_SEND_LIMIT', 'a fourth is refused');
create temp table h4 as select pg_temp.claim('call-d', 180, '+14155550603') as id;
select is(public.send_otp((select id from h4), null) ->> 'error', 'OTP_RATE_LIMITED', 'a number gets at most 3 codes in 10 minutes');

-- Other refusals.
create temp table h5 as select pg_temp.claim('call-e', 240, '+14155550605') as id;
select is(public.send_otp((select id from h5), '+14155550699') ->> 'error', 'PHONE_MISMATCH', 'codes go only to the reserved number');
update booking.appointment_holds set expires_at = now() - interval '1 second', created_at = now() - interval '1 hour' where id = (select id from h5);
select is(public.send_otp((select id from h5), null) ->> 'error', 'HOLD_EXPIRED', 'no code for an expired hold');
select is(pg_temp.confirm((select id from h5), '1234') ->> 'error', 'HOLD_EXPIRED', 'an expired hold cannot be confirmed');
grant select on h3 to public;
call tests.authenticate_as('Other Code Clinic');
select is(public.send_otp((select id from h3), null) ->> 'error', 'HOLD_NOT_FOUND',
  'another organization cannot send codes for this hold (it is not found for them)');
call tests.clear_authentication();

-- Codes stay secret.
call tests.authenticate_as('Code Clinic');
select throws_ok('select body from booking.sms_outbox', '42501', null, 'clinic members cannot read SMS bodies');
call tests.clear_authentication();
create temp table otp_message as select id, org_id from booking.sms_outbox where call_id = 'call-c' order by created_at limit 1;
select booking.record_sms_accepted(org_id, id, 'console', 'SMotp', 'sent') is not null as accepted into temp accepted_otp from otp_message;
select is((select body ~ '[0-9]{4}' from booking.sms_outbox where id = (select id from otp_message)), false,
  'a sent one-time-code SMS no longer holds its code');
select is((select count(*)::integer from booking.sms_outbox where kind = 'confirmation' and body ~ '\*\*\*\*'), 0,
  'other messages are not redacted');

select * from finish();
rollback;
