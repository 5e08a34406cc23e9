-- Verification codes that cannot be farmed (issue 26 §2): phone
-- verifications count in the clinic's hourly code budget and in the
-- numbers-per-call limit; wrong codes per number are capped per day, each
-- lock longer than the one before; the answer is the same whether the
-- number is a patient's, has opted out, is locked or rate-limited; lookups
-- are limited per call and per clinic.
begin;
select plan(45);

call tests.create_org('Farm Clinic');
call tests.create_org('Quiet Clinic');
-- Eight patients, each with an upcoming appointment.
do $$
begin
  for i in 1..8 loop
    perform public.book_appointment_atomic(tests.org_id('Farm Clinic'), 'Pat ' || i, null,
      '+1415555081' || i, 'consultation', tests.local_noon(2) + make_interval(mins => 30 * i), 30);
  end loop;
  perform public.book_appointment_atomic(tests.org_id('Farm Clinic'), 'Opted Out', null, '+14155550831',
    'consultation', tests.local_noon(3), 30);
  perform public.book_appointment_atomic(tests.org_id('Farm Clinic'), 'Limited', null, '+14155550832',
    'consultation', tests.local_noon(3) + interval '1 hour', 30);
  perform public.book_appointment_atomic(tests.org_id('Farm Clinic'), 'Locked', null, '+14155550833',
    'consultation', tests.local_noon(3) + interval '2 hours', 30);
  perform public.book_appointment_atomic(tests.org_id('Farm Clinic'), 'Brute', null, '+14155550834',
    'consultation', tests.local_noon(3) + interval '3 hours', 30);
  perform booking.record_sms_opt_out(tests.org_id('Farm Clinic'), '+14155550831', true, 'STOP', 'inbound_keyword');
end $$;
create function pg_temp.codes(p_phone text) returns integer language sql security definer as $$
  select count(*)::integer from booking.sms_outbox where recipient = p_phone and kind = 'otp'
$$;
create function pg_temp.all_codes(p_org text) returns integer language sql security definer as $$
  select count(*)::integer from booking.sms_outbox where org_id = tests.org_id(p_org) and kind = 'otp'
$$;
create function pg_temp.look(p_phone text, p_call text) returns json language sql as $$
  select public.lookup_appointments(tests.org_id('Farm Clinic'), null, p_phone, p_call_id => p_call)
$$;
create function pg_temp.shape(p_answer json) returns jsonb language sql as $$
  select p_answer::jsonb - 'verification_id' - 'expires_at'
$$;
grant execute on function pg_temp.codes(text), pg_temp.all_codes(text), pg_temp.look(text, text),
  pg_temp.shape(json) to public;
create temp table answers (name text primary key, r json);
grant select, insert on answers to public;
create function pg_temp.r(p_name text) returns json language sql as $$ select r from answers where name = p_name $$;
grant execute on function pg_temp.r(text) to public;

-- The hourly budget: 8 codes asked with a budget of 2, 2 sent.
select is(public.set_sms_limits(tests.org_id('Farm Clinic'), null, 2) ->> 'otp_codes_per_hour', '2', 'a budget of 2 codes an hour');
call tests.authenticate_as('Farm Clinic');
do $$
begin
  for i in 1..8 loop
    insert into answers values ('budget' || i, pg_temp.look('+1415555081' || i, 'budget-call-' || i));
  end loop;
end $$;
select is((select count(*)::integer from answers where name like 'budget%' and r ->> 'error' = 'VERIFICATION_REQUIRED'), 2,
  'two verifications start');
select is((select count(*)::integer from answers where name like 'budget%' and r ->> 'error' = 'SMS_RATE_LIMITED'), 6,
  'the other six are over the budget');
select is(pg_temp.all_codes('Farm Clinic'), 2, '8 codes asked with a budget of 2: 2 sent');
call tests.clear_authentication();
create function pg_temp.claim(p_org text, p_call text, p_phone text, p_minutes integer) returns uuid language sql as $$
  select (public.claim_slot_atomic(tests.org_id(p_org), 'cal-1', tests.local_noon(6) + make_interval(mins => p_minutes),
            p_call, 'Hold Er', p_phone) ->> 'hold_id')::uuid
$$;
select is(public.send_otp(pg_temp.claim('Farm Clinic', 'hold-call', '+14155550899', 0), null) ->> 'error', 'SMS_RATE_LIMITED',
  'hold codes share the budget verifications used');
select is(public.set_sms_limits(tests.org_id('Farm Clinic'), null, 1000) ->> 'otp_codes_per_hour', '1000', 'a large budget again');

-- Numbers per call: verifications and hold codes of one call, at most 3 numbers.
call tests.authenticate_as('Farm Clinic');
select is(pg_temp.look('+14155550821', 'farm-call') ->> 'error', 'VERIFICATION_REQUIRED', 'a call verifies a first number');
select is(pg_temp.look('+14155550822', 'farm-call') ->> 'error', 'VERIFICATION_REQUIRED', 'a second');
select is(pg_temp.look('+14155550823', 'farm-call') ->> 'error', 'VERIFICATION_REQUIRED', 'a third (none a patient)');
select is(pg_temp.look('+14155550811', 'farm-call') ->> 'error', 'OTP_CALL_PHONE_LIMIT', 'not a fourth, patient or not');
select is(pg_temp.look('+14155550821', 'farm-call') ->> 'error', 'VERIFICATION_REQUIRED', 'a number the call verified already may again');
call tests.clear_authentication();
select is(public.send_otp(pg_temp.claim('Farm Clinic', 'farm-call', '+14155550824', 60), null) ->> 'error',
  'OTP_CALL_PHONE_LIMIT', 'and the call''s hold codes count the verified numbers');

-- Same answer, same shape: patient, not a patient, opted out, rate-limited, locked.
update booking.otp_phone_locks set locked_until = null;  -- (none yet)
insert into booking.otp_phone_locks (org_id, phone, locks, locked_until)
values (tests.org_id('Farm Clinic'), '+14155550833', 1, now() + interval '1 day');
call tests.authenticate_as('Farm Clinic');
do $$ begin perform pg_temp.look('+14155550832', 'limit-' || i) from generate_series(1, 3) i; end $$;
insert into answers values
  ('patient', pg_temp.look('+14155550818', 'same-1')),
  ('stranger', pg_temp.look('+14155550898', 'same-2')),
  ('opted_out', pg_temp.look('+14155550831', 'same-3')),
  ('limited', pg_temp.look('+14155550832', 'same-4')),
  ('locked', pg_temp.look('+14155550833', 'same-5'));
select is(pg_temp.shape(pg_temp.r('patient')) ->> 'error', 'VERIFICATION_REQUIRED', 'a patient''s number: VERIFICATION_REQUIRED');
select is(pg_temp.shape(pg_temp.r('stranger')), pg_temp.shape(pg_temp.r('patient')), 'a stranger''s: the same answer');
select is(pg_temp.shape(pg_temp.r('opted_out')), pg_temp.shape(pg_temp.r('patient')), 'an opted-out patient''s: the same');
select is(pg_temp.shape(pg_temp.r('limited')), pg_temp.shape(pg_temp.r('patient')), 'a rate-limited patient''s: the same');
select is(pg_temp.shape(pg_temp.r('locked')), pg_temp.shape(pg_temp.r('patient')), 'a locked patient''s: the same');
select is((select array_agg(distinct k order by k) from answers, json_object_keys(r) k
            where name in ('patient', 'stranger', 'opted_out', 'limited', 'locked')),
          (select array_agg(k order by k) from json_object_keys(pg_temp.r('patient')) k), 'with the same keys');
call tests.clear_authentication();
select is(array[pg_temp.codes('+14155550818'), pg_temp.codes('+14155550898'), pg_temp.codes('+14155550831'),
                pg_temp.codes('+14155550832'), pg_temp.codes('+14155550833')],
          array[1, 0, 0, 3, 0], 'only the patient under its limits got a code (the limited one had its 3)');
-- Three verifications, then a booking code: the same answer for a stranger as for a patient.
call tests.authenticate_as('Farm Clinic');
do $$ begin perform pg_temp.look('+14155550897', 'stranger-' || i) from generate_series(1, 3) i; end $$;
call tests.clear_authentication();
select is(public.send_otp(pg_temp.claim('Farm Clinic', 'after-1', '+14155550897', 120), null) ->> 'error', 'OTP_RATE_LIMITED',
  'three verifications of a stranger''s number, then a booking code: OTP_RATE_LIMITED');
select is(public.send_otp(pg_temp.claim('Farm Clinic', 'after-2', '+14155550832', 180), null) ->> 'error', 'OTP_RATE_LIMITED',
  'as for a patient''s');

-- A hold's code to an opted-out number: the same answer as any other, the SMS suppressed.
select is((public.send_otp(pg_temp.claim('Farm Clinic', 'opted-hold', '+14155550831', 600), null)::jsonb - 'expires_at'),
          (public.send_otp(pg_temp.claim('Farm Clinic', 'plain-hold', '+14155550895', 660), null)::jsonb - 'expires_at'),
  'a hold code to an opted-out number answers as to any number');
select is((select status from booking.sms_outbox where recipient = '+14155550831' and kind = 'otp'), 'suppressed',
  'and is recorded as suppressed, not sent');

-- Wrong codes per number and day: 10, then the number is locked, longer each time.
create function pg_temp.wrong(p_name text) returns text language sql as $$
  select public.lookup_appointments(tests.org_id('Farm Clinic'), null, null,
    (select (r ->> 'verification_id')::uuid from answers where name = p_name), '0000') ->> 'error'
$$;
grant execute on function pg_temp.wrong(text) to public;
call tests.authenticate_as('Farm Clinic');
insert into answers values ('brute1', pg_temp.look('+14155550834', 'brute-1')), ('brute2', pg_temp.look('+14155550834', 'brute-2')),
  ('brute3', pg_temp.look('+14155550834', 'brute-3'));
select is((select array_agg(pg_temp.wrong('brute1')) from generate_series(1, 5)),
  array['INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'OTP_LOCKED'], 'five wrong codes lock a verification');
select is((select array_agg(pg_temp.wrong('brute2')) from generate_series(1, 4)),
  array['INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP'], 'a second verification: four more');
select is(public.lookup_appointments(tests.org_id('Farm Clinic'), null, null,
  (select (r ->> 'verification_id')::uuid from answers where name = 'brute2'), '0000') ->> 'error', 'OTP_LOCKED',
  'the tenth wrong code of the day locks the number');
select is(public.lookup_appointments(tests.org_id('Farm Clinic'), null, null,
  (select (r ->> 'verification_id')::uuid from answers where name = 'brute3'), '0000') ->> 'error', 'OTP_LOCKED',
  'the eleventh is refused');
call tests.clear_authentication();
select is((select failures from booking.otp_phone_locks where phone = '+14155550834'), 0, 'and not even counted');
select ok((select locked_until between now() + interval '23 hours' and now() + interval '25 hours'
             from booking.otp_phone_locks where phone = '+14155550834'), 'the first lock lasts a day');
-- The right code of a fresh verification does not help while locked (none is texted anyway).
update booking.sms_outbox set created_at = created_at - interval '11 minutes' where recipient = '+14155550834';
update booking.phone_verifications set created_at = created_at - interval '11 minutes' where phone = '+14155550834';
call tests.authenticate_as('Farm Clinic');
insert into answers values ('brute4', pg_temp.look('+14155550834', 'brute-4'));
call tests.clear_authentication();
select is(pg_temp.codes('+14155550834'), 3, 'a locked number gets no code');
-- A day later: ten more wrong codes lock it for two days.
update booking.otp_phone_locks set locked_until = now() - interval '1 second', window_start = now() - interval '1 day'
 where phone = '+14155550834';
call tests.authenticate_as('Farm Clinic');
insert into answers values ('brute5', pg_temp.look('+14155550834', 'brute-5')), ('brute6', pg_temp.look('+14155550834', 'brute-6'));
select is((select count(*)::integer from generate_series(1, 5) where pg_temp.wrong('brute5') in ('INVALID_OTP', 'OTP_LOCKED')), 5,
  'after the lock, five wrong codes');
select is((select array_agg(pg_temp.wrong('brute6')) from generate_series(1, 5)),
  array['INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'OTP_LOCKED'], 'and five more');
call tests.clear_authentication();
select ok((select locked_until between now() + interval '47 hours' and now() + interval '49 hours'
             from booking.otp_phone_locks where phone = '+14155550834'), 'lock the number again, for two days');
select is((select locks from booking.otp_phone_locks where phone = '+14155550834'), 2, 'its second lock');

-- Wrong hold codes count for the number too: new holds buy no new guesses.
create function pg_temp.hold_code(p_hold uuid) returns text language sql security definer as $$
  select substring(body from 'code is ([0-9]{4})') from booking.sms_outbox o
    join booking.appointment_holds h on h.org_id = o.org_id and h.call_sid = o.call_id
   where h.id = p_hold and o.kind = 'otp' order by o.created_at desc, o.id limit 1
$$;
create function pg_temp.wrong_hold(p_hold uuid) returns text language sql as $$
  select public.confirm_held_slot(p_hold_id => p_hold, p_org_id => tests.org_id('Farm Clinic'), p_contact_id => null,
    p_otp => lpad(((pg_temp.hold_code(p_hold)::integer + 1) % 10000)::text, 4, '0')) ->> 'error'
$$;
create temp table holds as
  select n, pg_temp.claim('Farm Clinic', 'guess-' || n, '+14155550896', 240 + 60 * n) as id from generate_series(1, 3) n;
select is((select count(*)::integer from holds, lateral public.send_otp(id, null) r where n < 3 and r ->> 'success' = 'true'), 2,
  'two holds of one number get their codes');
select is((select array_agg(pg_temp.wrong_hold((select id from holds where n = 1))) from generate_series(1, 5)),
  array['INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'OTP_LOCKED'], 'five wrong codes lock a hold');
select is((select array_agg(pg_temp.wrong_hold((select id from holds where n = 2))) from generate_series(1, 5)),
  array['INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'INVALID_OTP', 'OTP_LOCKED'], 'five more on a second hold');
select is(public.send_otp((select id from holds where n = 3), null) ->> 'error', 'OTP_LOCKED',
  'then the number is locked: no code for a third hold');

-- Lookups per call and per clinic.
call tests.authenticate_as_service_role();
select is(public.set_caller_id_policy(tests.org_id('Farm Clinic'), null, 3, 1000) ->> 'lookups_per_call', '3',
  'three lookups per call');
call tests.authenticate_as('Farm Clinic');
select is((select array_agg(public.lookup_appointments(tests.org_id('Farm Clinic'), '+14155550811',
                              p_call_id => 'busy-call') ->> 'success') from generate_series(1, 3)),
  array['true', 'true', 'true'], 'a call looks up three times');
select is(public.lookup_appointments(tests.org_id('Farm Clinic'), '+14155550811', p_call_id => 'busy-call') ->> 'error',
  'LOOKUP_RATE_LIMITED', 'not a fourth');
select is(public.lookup_appointments(tests.org_id('Farm Clinic'), '+14155550811', p_call_id => 'next-call') ->> 'success',
  'true', 'another call still may');
call tests.clear_authentication();
insert into booking.voice_lookups (org_id, call_id) select tests.org_id('Farm Clinic'), null from generate_series(1, 1000);
call tests.authenticate_as('Farm Clinic');
select is(public.lookup_appointments(tests.org_id('Farm Clinic'), '+14155550811', p_call_id => 'late-call') ->> 'error',
  'LOOKUP_RATE_LIMITED', 'the clinic''s lookups per hour are limited');
call tests.authenticate_as('Quiet Clinic');
select is(public.lookup_appointments(tests.org_id('Quiet Clinic'), '+14155550811', p_call_id => 'late-call') ->> 'success',
  'true', 'another clinic''s are not');
call tests.clear_authentication();
select is(public.set_sms_limits(tests.org_id('Quiet Clinic'), null, 60) ->> 'otp_codes_per_hour', '60', 'the other clinic keeps its budget');

select * from finish();
rollback;
