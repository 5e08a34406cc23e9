-- public.send_confirmation_sms (the spec's sendConfirmationSMS): reports
-- the one confirmation of an appointment, never sends a second, enqueues
-- one only when the appointment has none; business errors as codes.
begin;
select plan(23);

call tests.create_org('Confirm Clinic');
call tests.create_org('Other Clinic');
do $$
declare
  v json := public.book_appointment_atomic(tests.org_id('Confirm Clinic'), 'Jane Doe', null, '+14155552671',
    'Cleaning', tests.local_noon(3), 30);
begin
  perform set_config('t.appt', v ->> 'appointment_id', true);
  perform set_config('t.contact', v ->> 'contact_id', true);
  perform set_config('t.message', (select id::text from booking.sms_outbox
    where appointment_id = (v ->> 'appointment_id')::uuid and kind = 'confirmation'), true);
end $$;

create function pg_temp.confirm(p_phone text default '+14155552671') returns json language sql as $$
  select public.send_confirmation_sms(tests.org_id('Confirm Clinic'), current_setting('t.appt')::uuid,
                                      current_setting('t.contact')::uuid, p_phone);
$$;

-- Before the worker sent it.
select is(pg_temp.confirm() ->> 'success', 'true', 'success for a booked appointment');
select is(pg_temp.confirm() ->> 'messageSent', 'false', 'messageSent is false while the SMS waits in the outbox');
select is(pg_temp.confirm() ->> 'messageId', null, 'no messageId before the provider accepted it');
select is(pg_temp.confirm() ->> 'status', 'pending', 'status pending');
select is(pg_temp.confirm() ->> 'content', (select body from booking.sms_outbox where id = current_setting('t.message')::uuid),
  'content is the SMS text');
select is((select count(*)::integer from booking.sms_outbox where appointment_id = current_setting('t.appt')::uuid
            and kind = 'confirmation'), 1,
  'five calls later there is still one confirmation');
select is(pg_temp.confirm('+1 415-555-2671') ->> 'success', 'true', 'the phone is compared in E.164 form');
select is(pg_temp.confirm(null) ->> 'success', 'true', 'the phone is optional');

-- After the provider accepted it.
do $$
begin
  perform booking.claim_sms_batch('worker-1', 10, 30);
  perform booking.record_sms_accepted(tests.org_id('Confirm Clinic'), current_setting('t.message')::uuid,
    'twilio', 'SM' || repeat('1', 32), 'queued');
end $$;
select is(pg_temp.confirm() ->> 'messageSent', 'true', 'messageSent once the provider accepted it');
select is(pg_temp.confirm() ->> 'messageId', 'SM' || repeat('1', 32), 'messageId is the provider''s id');

-- Business errors.
select is(public.send_confirmation_sms(tests.org_id('Confirm Clinic'), gen_random_uuid(), null, null) ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'unknown appointment');
select is(public.send_confirmation_sms(tests.org_id('Other Clinic'), current_setting('t.appt')::uuid, null, null) ->> 'error',
  'APPOINTMENT_NOT_FOUND', 'another organization''s appointment is not found');
select is(public.send_confirmation_sms(gen_random_uuid(), current_setting('t.appt')::uuid, null, null) ->> 'error',
  'INVALID_ORGANIZATION', 'unknown organization');
select is(public.send_confirmation_sms(tests.org_id('Confirm Clinic'), current_setting('t.appt')::uuid, gen_random_uuid(), null) ->> 'error',
  'CONTACT_MISMATCH', 'a contact that is not the appointment''s');
select is(pg_temp.confirm('+14155559999') ->> 'error', 'PHONE_MISMATCH', 'a phone that is not the contact''s');
select is(pg_temp.confirm('12') ->> 'error', 'INVALID_PHONE', 'a phone that is not a number');

-- An appointment without a confirmation (booked before SMS existed) gets one, once.
do $$
begin
  delete from booking.sms_outbox where id = current_setting('t.message')::uuid;
end $$;
select is(pg_temp.confirm() ->> 'status', 'pending', 'a missing confirmation is enqueued');
select is((select count(*)::integer from booking.sms_outbox where appointment_id = current_setting('t.appt')::uuid
            and kind = 'confirmation'), 1,
  'exactly once');

-- Not sent, and saying so.
do $$
begin
  update booking.sms_outbox set status = 'failed', error_code = '21211'
   where appointment_id = current_setting('t.appt')::uuid and kind = 'confirmation';
end $$;
select is(pg_temp.confirm() ->> 'error', 'SMS_FAILED', 'a failed confirmation answers SMS_FAILED');
select is(pg_temp.confirm() ->> 'errorCode', '21211', 'with the provider''s error code');
do $$
begin
  update booking.sms_outbox set status = 'suppressed' where appointment_id = current_setting('t.appt')::uuid and kind = 'confirmation';
end $$;
select is(pg_temp.confirm() ->> 'error', 'SMS_OPTED_OUT', 'an opted-out patient answers SMS_OPTED_OUT');

-- Callers.
call tests.authenticate_as('Other Clinic');
select throws_ok(format('select public.send_confirmation_sms(%L, %L, null, null)', tests.org_id('Confirm Clinic'), current_setting('t.appt')),
  '42501', null, 'authenticated: another organization is refused');
call tests.clear_authentication();
call tests.authenticate_as_anon();
select throws_ok(format('select public.send_confirmation_sms(%L, %L, null, null)', tests.org_id('Confirm Clinic'), current_setting('t.appt')),
  '42501', null, 'anon is refused');
call tests.clear_authentication();

select * from finish();
rollback;
