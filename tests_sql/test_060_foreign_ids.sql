-- Ids cannot be probed across organizations: a hold id of another clinic
-- answers exactly as an unknown id (same code, no org id) in every function
-- that takes a hold id without an organization. And two small rules: the
-- same call claiming the same slot with another phone, and a call report
-- that ends before it starts.
begin;
select plan(12);

call tests.create_org('Probe Clinic');
call tests.create_org('Target Clinic');
create temp table target_hold as
  select (public.claim_slot_atomic(tests.org_id('Target Clinic'), 'cal-1', tests.local_noon(6), 'target-call',
            'Tara Get', '+14155550901') ->> 'hold_id')::uuid as id;
grant select on target_hold to public;

call tests.authenticate_as('Probe Clinic');
create temp table answers as
  select 'send_otp' as fn, public.send_otp((select id from target_hold), null)::text as foreign_answer,
         public.send_otp(gen_random_uuid(), null)::text as unknown_answer
  union all
  select 'confirm_held_slot', public.confirm_held_slot((select id from target_hold), null, null, '1234')::text,
         public.confirm_held_slot(gen_random_uuid(), null, null, '1234')::text
  union all
  select 'release_hold', public.release_hold((select id from target_hold))::text,
         public.release_hold(gen_random_uuid())::text;
call tests.clear_authentication();

select is((select foreign_answer from answers where fn = 'send_otp'), (select unknown_answer from answers where fn = 'send_otp'),
  'send_otp: another clinic''s hold answers as an unknown one');
select is((select foreign_answer::json ->> 'error' from answers where fn = 'send_otp'), 'HOLD_NOT_FOUND', 'HOLD_NOT_FOUND');
select is((select foreign_answer from answers where fn = 'confirm_held_slot'), (select unknown_answer from answers where fn = 'confirm_held_slot'),
  'confirm_held_slot: the same');
select is((select foreign_answer from answers where fn = 'release_hold'), (select unknown_answer from answers where fn = 'release_hold'),
  'release_hold: the same');
select is((select count(*)::integer from answers where foreign_answer like '%' || tests.org_id('Target Clinic')::text || '%'), 0,
  'no answer names the other clinic');
select results_eq($$ select status, otp_send_count from booking.appointment_holds where id = (select id from target_hold) $$,
  $$ values ('active', 0) $$, 'the other clinic''s hold is untouched');
select is((select count(*)::integer from booking.sms_outbox where call_id = 'target-call'), 0, 'and no code was sent for it');

-- The same call and slot with another phone: a clear code, not the first number's hold.
select is(public.claim_slot_atomic(tests.org_id('Target Clinic'), 'cal-1', tests.local_noon(6), 'target-call',
            'Tara Get', '+14155550902') ->> 'error', 'PHONE_MISMATCH',
  'the same call claiming the same slot with another phone gets PHONE_MISMATCH');
select is(public.claim_slot_atomic(tests.org_id('Target Clinic'), 'cal-1', tests.local_noon(6), 'target-call',
            'Tara Get', '+1 415 555 0901') ->> 'hold_id', (select id::text from target_hold),
  'with the same phone, however written, it gets the same hold');

-- An end-of-call report ending before it starts.
select is(public.record_call_report(tests.org_id('Target Clinic'), jsonb_build_object('message', jsonb_build_object(
            'type', 'end-of-call-report', 'call', jsonb_build_object('id', 'backwards-call'),
            'startedAt', '2026-01-01T10:05:00Z', 'endedAt', '2026-01-01T10:00:00Z'))) ->> 'error',
  'INVALID_REPORT', 'endedAt before startedAt is an invalid report');
select is((select count(*)::integer from booking.calls where provider_call_id = 'backwards-call'), 0, 'and nothing is stored');
select is(public.record_call_report(tests.org_id('Target Clinic'), jsonb_build_object('message', jsonb_build_object(
            'type', 'end-of-call-report', 'call', jsonb_build_object('id', 'forwards-call'),
            'startedAt', '2026-01-01T10:00:00Z', 'endedAt', '2026-01-01T10:05:00Z'))) ->> 'duration',
  '300', 'a report in order is stored with its duration');

select * from finish();
rollback;
