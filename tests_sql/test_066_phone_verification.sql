-- A caller without a caller id proves the phone with a one-time code (the
-- holds' code machinery): texted only to a number with upcoming
-- appointments, same answer either way, keyed hash only, 5 wrong attempts,
-- 3 codes per number in 10 minutes, 15 minutes of validity, one clinic. A
-- rate-limited or opted-out number gets the same answer as any other, and
-- no SMS (test_108_unfarmable_codes).
begin;
select plan(32);

call tests.create_org('Code Clinic');
call tests.create_org('Other Code Clinic');
create temp table appts (name text primary key, id uuid);
grant select on appts to public;
insert into appts values
  ('a1', (public.book_appointment_atomic(tests.org_id('Code Clinic'), 'Cody Code', null, '+14155550701',
          'consultation', tests.local_noon(2), 30) ->> 'appointment_id')::uuid),
  ('a2', (public.book_appointment_atomic(tests.org_id('Code Clinic'), 'Other Patient', null, '+14155550702',
          'consultation', tests.local_noon(3), 30) ->> 'appointment_id')::uuid);
create function pg_temp.id(p_name text) returns uuid language sql as $$ select id from appts where name = p_name $$;
-- The latest code texted to a number (read as the owner; the answer never has it).
create function pg_temp.code(p_phone text) returns text language sql security definer as $$
  select substring(body from 'code is ([0-9]{4})') from booking.sms_outbox
   where recipient = p_phone and kind = 'otp' order by created_at desc, id limit 1
$$;
grant execute on function pg_temp.code(text) to public;
create function pg_temp.other(p_code text) returns text language sql as $$
  select lpad(((p_code::integer + 1) % 10000)::text, 4, '0') $$;
create temp table started (name text primary key, r json);
grant select, insert on started to public;

grant execute on function pg_temp.id(text), pg_temp.other(text) to public;
create function pg_temp.verify(p_name text, p_code text) returns json language sql as $$
  select public.lookup_appointments(tests.org_id('Code Clinic'), null, null,
    (select (r ->> 'verification_id')::uuid from started where name = p_name), p_code)
$$;
grant execute on function pg_temp.verify(text, text) to public;
call tests.authenticate_as('Code Clinic');
select is(public.lookup_appointments(tests.org_id('Code Clinic'), null, 'not a phone') ->> 'error', 'INVALID_PHONE',
  'an unreadable phone is INVALID_PHONE');
insert into started values ('p1', public.lookup_appointments(tests.org_id('Code Clinic'), null, '(415) 555-0701'));
select is((select r ->> 'error' from started where name = 'p1'), 'VERIFICATION_REQUIRED',
  'a phone without a caller id needs a code');
select is((select r ->> 'code_sent' from started where name = 'p1'), 'true', 'which was texted');
select ok((select (r ->> 'verification_id')::uuid is not null from started where name = 'p1'), 'the answer names the verification');
select ok((select not exists (select from json_each_text(r) where value = pg_temp.code('+14155550701'))
             from started where name = 'p1'), 'but never the code');
insert into started values ('nobody', public.lookup_appointments(tests.org_id('Code Clinic'), null, '+14155550799'));
select is((select (r::jsonb - 'verification_id' - 'expires_at' - 'created_at') from started where name = 'nobody'),
          (select (r::jsonb - 'verification_id' - 'expires_at' - 'created_at') from started where name = 'p1'),
  'a number without appointments gets the same answer');
select is(pg_temp.code('+14155550799'), null, 'but no SMS');
select is(public.lookup_appointments(tests.org_id('Code Clinic'), null, null,
  (select (r ->> 'verification_id')::uuid from started where name = 'nobody'), '0000') ->> 'error', 'INVALID_OTP',
  'and its verification never succeeds');

select is(public.cancel_appointment_by_phone(tests.org_id('Code Clinic'), pg_temp.id('a1'), null,
  (select (r ->> 'verification_id')::uuid from started where name = 'p1')) ->> 'error', 'VERIFICATION_REQUIRED',
  'an unverified code allows no change');
select is(pg_temp.verify('p1', 'abc') ->> 'error', 'INVALID_OTP_FORMAT', 'a code has 4 digits');
select is(pg_temp.verify('p1', pg_temp.other(pg_temp.code('+14155550701'))) ->> 'attempts_remaining', '4',
  'a wrong code counts');
create temp table verified as select pg_temp.verify('p1', pg_temp.code('+14155550701')) as r;
select is((select r ->> 'verified_by' from verified), 'code', 'the right code verifies the phone');
select is((select r -> 'appointments' -> 0 ->> 'appointment_id' from verified), pg_temp.id('a1')::text,
  'and lists its appointments');
select is(pg_temp.verify('p1', null) ->> 'count', '1', 'a verified id lists them again without the code');
select is(public.cancel_appointment_by_phone(tests.org_id('Code Clinic'), pg_temp.id('a2'), null,
  (select (r ->> 'verification_id')::uuid from started where name = 'p1')) ->> 'error', 'APPOINTMENT_NOT_FOUND',
  'a verified phone changes only its own appointments');
select is(public.cancel_appointment_by_phone(tests.org_id('Code Clinic'), pg_temp.id('a1'), null,
  (select (r ->> 'verification_id')::uuid from started where name = 'p1')) ->> 'status', 'cancelled',
  'and may cancel them');

call tests.authenticate_as_service_role();
select is(public.cancel_appointment_by_phone(tests.org_id('Other Code Clinic'), pg_temp.id('a1'), null,
  (select (r ->> 'verification_id')::uuid from started where name = 'p1')) ->> 'error', 'VERIFICATION_NOT_FOUND',
  'a verification counts only at its own clinic');
call tests.clear_authentication();
update booking.phone_verifications set expires_at = now() - interval '1 second'
 where id = (select (r ->> 'verification_id')::uuid from started where name = 'p1');
call tests.authenticate_as('Code Clinic');
select is(pg_temp.verify('p1', null) ->> 'error', 'VERIFICATION_EXPIRED', 'a verification expires');
select is(public.reschedule_appointment_by_phone(tests.org_id('Code Clinic'), pg_temp.id('a1'), tests.local_noon(4), null,
  (select (r ->> 'verification_id')::uuid from started where name = 'p1')) ->> 'error', 'VERIFICATION_EXPIRED',
  'and then allows no change');

-- Five wrong codes lock a verification.
insert into started values ('p2', public.lookup_appointments(tests.org_id('Code Clinic'), null, '+14155550702'));
select is(pg_temp.verify('p2', pg_temp.other(pg_temp.code('+14155550702'))) ->> 'error', 'INVALID_OTP', 'wrong 1');
select is(pg_temp.verify('p2', pg_temp.other(pg_temp.code('+14155550702'))) ->> 'error', 'INVALID_OTP', 'wrong 2');
select is(pg_temp.verify('p2', pg_temp.other(pg_temp.code('+14155550702'))) ->> 'error', 'INVALID_OTP', 'wrong 3');
select is(pg_temp.verify('p2', pg_temp.other(pg_temp.code('+14155550702'))) ->> 'error', 'INVALID_OTP', 'wrong 4');
select is(pg_temp.verify('p2', pg_temp.other(pg_temp.code('+14155550702'))) ->> 'error', 'OTP_LOCKED', 'the fifth wrong code locks');
select is(pg_temp.verify('p2', pg_temp.code('+14155550702')) ->> 'error', 'OTP_LOCKED', 'even the right code then');

-- At most 3 codes per number in 10 minutes (hold codes included).
select is(public.lookup_appointments(tests.org_id('Code Clinic'), null, '+14155550702') ->> 'error', 'VERIFICATION_REQUIRED', 'a second code');
select is(public.lookup_appointments(tests.org_id('Code Clinic'), null, '+14155550702') ->> 'error', 'VERIFICATION_REQUIRED', 'a third code');
select is(public.lookup_appointments(tests.org_id('Code Clinic'), null, '+14155550702') ->> 'error', 'VERIFICATION_REQUIRED',
  'a fourth answers the same (a rate limit must not tell that the number has appointments)');
call tests.clear_authentication();
select is((select count(*)::integer from booking.sms_outbox where recipient = '+14155550702' and kind = 'otp'), 3,
  'but only three codes were texted, through the outbox');
select ok(not exists (select from information_schema.columns where table_schema = 'booking'
   and table_name = 'phone_verifications' and column_name ~ 'code$'), 'only the code''s keyed hash is stored');
do $$
begin
  perform booking.record_sms_opt_out(tests.org_id('Code Clinic'), '+14155550701', true, 'STOP', 'inbound_keyword');
end $$;
call tests.authenticate_as('Code Clinic');
select is(public.lookup_appointments(tests.org_id('Code Clinic'), null, '+14155550701') ->> 'error', 'VERIFICATION_REQUIRED',
  'a number that opted out of the clinic''s SMS gets the same answer');
call tests.clear_authentication();
select is((select count(*)::integer from booking.sms_outbox where recipient = '+14155550701' and kind = 'otp'), 1,
  'but no code');

select * from finish();
rollback;
