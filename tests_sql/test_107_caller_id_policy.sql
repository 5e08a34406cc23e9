-- The caller-id policy (issue 26): a caller id is spoofable, so under the
-- default policy (verify_changes) a lookup by caller id says only that and
-- when the caller has appointments, and cancel / reschedule text a code to
-- the appointment's number and act only with it; verify_all asks the code
-- for lookups too; trust_attested acts on a fully attested caller id
-- (STIR/SHAKEN A, as the platform reports it) and otherwise as
-- verify_changes. Owners and admins set it (set_caller_id_policy).
begin;
select plan(35);

call tests.create_org('Policy Clinic');
call tests.create_staff_account('admin@policy.example', 'Policy Clinic', 'admin');
call tests.create_staff_account('desk@policy.example', 'Policy Clinic', 'front_desk');
create temp table appts (name text primary key, id uuid);
grant select on appts to public;
insert into appts values
  ('victim', (public.book_appointment_atomic(tests.org_id('Policy Clinic'), 'Vic Tim', null, '+14155550901',
              'consultation', tests.local_noon(2), 30) ->> 'appointment_id')::uuid),
  ('victim2', (public.book_appointment_atomic(tests.org_id('Policy Clinic'), 'Vic Tim', null, '+14155550901',
              'consultation', tests.local_noon(3), 30) ->> 'appointment_id')::uuid);
create function pg_temp.id(p_name text) returns uuid language sql as $$ select id from appts where name = p_name $$;
create function pg_temp.code(p_phone text) returns text language sql security definer as $$
  select substring(body from 'code is ([0-9]{4})') from booking.sms_outbox
   where recipient = p_phone and kind = 'otp' order by created_at desc, id limit 1
$$;
create function pg_temp.codes(p_phone text) returns integer language sql security definer as $$
  select count(*)::integer from booking.sms_outbox where recipient = p_phone and kind = 'otp'
$$;
create function pg_temp.status(p_name text) returns text language sql security definer as $$
  select status from booking.appointments where id = (select id from appts where name = p_name)
$$;
grant execute on function pg_temp.id(text), pg_temp.code(text), pg_temp.codes(text), pg_temp.status(text) to public;
create temp table answers (name text primary key, r json);
grant select, insert on answers to public;
create function pg_temp.r(p_name text) returns json language sql as $$ select r from answers where name = p_name $$;
grant execute on function pg_temp.r(text) to public;

-- Who may set it.
call tests.authenticate_as('Policy Clinic');
select throws_ok(format('select public.set_caller_id_policy(%L, ''trust_attested'')', tests.org_id('Policy Clinic')),
  '42501', null, 'a token that only names the clinic cannot set the policy');
call tests.authenticate_as_account('desk@policy.example');
select throws_ok(format('select public.set_caller_id_policy(%L, ''trust_attested'')', tests.org_id('Policy Clinic')),
  '42501', null, 'nor the front desk');
call tests.authenticate_as_account('admin@policy.example');
select is(public.set_caller_id_policy(tests.org_id('Policy Clinic'), 'trust_me') ->> 'error', 'INVALID_CALLER_ID_POLICY',
  'an unknown policy is refused');
select is(public.set_caller_id_policy(tests.org_id('Policy Clinic'), null, 0) ->> 'error', 'INVALID_LOOKUP_LIMIT',
  'so is a lookup limit of 0');
select is(public.set_caller_id_policy(tests.org_id('Policy Clinic')) ->> 'caller_id_policy', 'verify_changes',
  'the default policy is verify_changes');

-- verify_changes: a spoofed caller id (the attacker sets the victim's number).
call tests.authenticate_as('Policy Clinic');
insert into answers values ('look', public.lookup_appointments(tests.org_id('Policy Clinic'), '+1 (415) 555-0901'));
select is(pg_temp.r('look') ->> 'success', 'true', 'a lookup by caller id answers');
select is(pg_temp.r('look') ->> 'count', '2', 'that the caller has appointments');
select is(pg_temp.r('look') -> 'appointments' -> 0 ->> 'local_time', '12:00', 'and when');
select is(pg_temp.r('look') ->> 'changes_need_code', 'true', 'and that a change needs the code');
select ok(not (pg_temp.r('look') -> 'appointments' -> 0)::jsonb ?| array['service_type', 'duration_minutes', 'patient_confirmed'],
  'but no more than when');

insert into answers values ('spoof', public.cancel_appointment_by_phone(tests.org_id('Policy Clinic'),
  pg_temp.id('victim'), '+14155550901', null, 'spoofed'));
select is(pg_temp.r('spoof') ->> 'error', 'VERIFICATION_REQUIRED', 'a spoofed caller id cannot cancel');
select is(pg_temp.status('victim'), 'scheduled', 'the appointment stays');
select is(pg_temp.codes('+14155550901'), 1, 'the code goes to the real phone');
select ok(pg_temp.r('spoof') ->> 'verification_id' is not null, 'the answer names the verification to pass back');
select ok(not exists (select from json_each_text(pg_temp.r('spoof')) where value = pg_temp.code('+14155550901')),
  'never the code');
select is(public.cancel_appointment_by_phone(tests.org_id('Policy Clinic'), pg_temp.id('victim'), '+14155550901',
  (pg_temp.r('spoof') ->> 'verification_id')::uuid, null, '0000') ->> 'error', 'INVALID_OTP',
  'a guessed code does not cancel');
select is(public.cancel_appointment_by_phone(tests.org_id('Policy Clinic'), pg_temp.id('victim'), '+14155550901',
  (pg_temp.r('spoof') ->> 'verification_id')::uuid, null, pg_temp.code('+14155550901')) ->> 'status', 'cancelled',
  'the real patient reads the code back and cancels');
select is(public.cancel_appointment_by_phone(tests.org_id('Policy Clinic'), pg_temp.id('victim'), '+14155550901',
  p_caller_attested => true) ->> 'error', 'VERIFICATION_REQUIRED',
  'under verify_changes an attested caller id needs the code too');
select is(public.reschedule_appointment_by_phone(tests.org_id('Policy Clinic'), pg_temp.id('victim2'),
  tests.local_noon(4), '+14155550901') ->> 'error', 'VERIFICATION_REQUIRED', 'nor move one');

-- verify_all: lookups need the code too. (Ten minutes later: the number
-- got 3 codes, the most it gets in 10 minutes.)
call tests.clear_authentication();
update booking.sms_outbox set created_at = created_at - interval '11 minutes' where recipient = '+14155550901';
update booking.phone_verifications set created_at = created_at - interval '11 minutes' where phone = '+14155550901';
call tests.authenticate_as_service_role();
select is(public.set_caller_id_policy(tests.org_id('Policy Clinic'), 'verify_all') ->> 'caller_id_policy', 'verify_all',
  'service_role may set the policy');
call tests.authenticate_as('Policy Clinic');
insert into answers values ('all', public.lookup_appointments(tests.org_id('Policy Clinic'), '+14155550901',
  p_caller_attested => true));
select is(pg_temp.r('all') ->> 'error', 'VERIFICATION_REQUIRED', 'verify_all: a lookup by caller id needs the code');
select ok(pg_temp.r('all') ->> 'appointments' is null, 'and tells nothing before it');
insert into answers values ('all_ok', public.lookup_appointments(tests.org_id('Policy Clinic'), '+14155550901', null,
  (pg_temp.r('all') ->> 'verification_id')::uuid, pg_temp.code('+14155550901')));
select is(pg_temp.r('all_ok') ->> 'verified_by', 'code', 'the code proves the number');
select is(pg_temp.r('all_ok') -> 'appointments' -> 0 ->> 'service_type', 'consultation', 'and gives the whole summary');
select is(pg_temp.r('all_ok') ->> 'changes_need_code', 'false', 'and the changes need no other code');

-- trust_attested.
call tests.authenticate_as_account('admin@policy.example');
select is(public.set_caller_id_policy(tests.org_id('Policy Clinic'), 'trust_attested') ->> 'caller_id_policy',
  'trust_attested', 'an admin sets trust_attested');
call tests.authenticate_as('Policy Clinic');
select is(public.lookup_appointments(tests.org_id('Policy Clinic'), '+14155550901') ->> 'changes_need_code', 'true',
  'trust_attested without attestation: as verify_changes');
select is(public.reschedule_appointment_by_phone(tests.org_id('Policy Clinic'), pg_temp.id('victim2'),
  tests.local_noon(4), '+14155550901') ->> 'error', 'VERIFICATION_REQUIRED', 'no change without attestation');
insert into answers values ('attested', public.lookup_appointments(tests.org_id('Policy Clinic'), '+14155550901',
  p_caller_attested => true));
select is(pg_temp.r('attested') ->> 'changes_need_code', 'false', 'a fully attested caller id is proof');
select is(pg_temp.r('attested') -> 'appointments' -> 0 ->> 'service_type', 'consultation', 'and sees the whole summary');
select is(public.reschedule_appointment_by_phone(tests.org_id('Policy Clinic'), pg_temp.id('victim2'),
  tests.local_noon(4), '+14155550901', p_caller_attested => true) ->> 'success', 'true',
  'and moves the appointment without a code');
select is(public.cancel_appointment_by_phone(tests.org_id('Policy Clinic'), gen_random_uuid(), '+14155550901')
  ->> 'error', 'APPOINTMENT_NOT_FOUND', 'an appointment that is not the caller id''s sends no code');

call tests.clear_authentication();
select is((select caller_id_policy from booking.voice_caller_policies where org_id = tests.org_id('Policy Clinic')),
  'trust_attested', 'the policy is stored per clinic');
call tests.authenticate_as('Policy Clinic');
select is((select count(*)::integer from booking.voice_caller_policies), 1, 'members read their clinic''s policy');
call tests.authenticate_as_anon();
select throws_ok('select count(*) from booking.voice_caller_policies', '42501', null, 'anon reads none');
call tests.clear_authentication();

select * from finish();
rollback;
