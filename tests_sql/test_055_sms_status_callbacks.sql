-- Provider outcomes: accepted by the provider, then status callbacks.
-- The status never moves backwards, delivered_at is set once, callbacks
-- that arrive before the worker's own report are kept, the appointment's
-- confirmation columns and sms_confirmation_logs follow.
begin;
select plan(25);

call tests.create_org('Status Clinic');
do $$
declare
  v json := public.book_appointment_atomic(tests.org_id('Status Clinic'), 'Jane Doe', null, '+14155552621',
    'Cleaning', tests.local_noon(3), 30);
begin
  update booking.sms_outbox set next_attempt_at = 'infinity' where status in ('pending', 'claimed');
  perform set_config('t.appt', v ->> 'appointment_id', true);
  perform set_config('t.msg', (select id::text from booking.sms_outbox
    where appointment_id = (v ->> 'appointment_id')::uuid and kind = 'confirmation'), true);
  update booking.sms_outbox set next_attempt_at = now() where id = (current_setting('t.msg'))::uuid;
  perform booking.claim_sms_batch('worker-1', 10, 30);
end $$;
create function pg_temp.callback(p_status text, p_error text default null) returns json language sql as $$
  select booking.record_sms_status(tests.org_id('Status Clinic'), current_setting('t.msg')::uuid,
                                   'SM' || repeat('a', 32), p_status, p_error);
$$;
create function pg_temp.state() returns text language sql as $$
  select status || '/' || coalesce(provider_message_id, '-') || '/' || (delivered_at is not null)::text
    from booking.sms_outbox where id = current_setting('t.msg')::uuid;
$$;

select is((select confirmation_sms_sent from booking.appointments where id = current_setting('t.appt')::uuid), false,
  'before the provider accepted it, the appointment says not sent');
select is(booking.record_sms_accepted(tests.org_id('Status Clinic'), current_setting('t.msg')::uuid, 'twilio',
  'SM' || repeat('a', 32), 'queued'), 'queued', 'the provider accepted it: status queued (Twilio''s own)');
select is((select confirmation_sms_sent::text || '/' || confirmation_sms_id || '/' || (confirmation_sms_sent_at = now())::text
             from booking.appointments where id = current_setting('t.appt')::uuid),
  'true/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/true', 'the appointment''s confirmation columns are set');
select is((select claimed_by from booking.sms_outbox where id = current_setting('t.msg')::uuid), 'worker-1',
  'the message remembers the worker that sent it');

select is(pg_temp.callback('sending') ->> 'status', 'sending', 'callback sending');
select is(pg_temp.callback('sent') ->> 'status', 'sent', 'callback sent');
select is(pg_temp.callback('delivered') ->> 'updated', 'true', 'callback delivered');
select is(pg_temp.state(), 'delivered/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/true', 'delivered, with a delivery time');
select is(pg_temp.callback('sent') ->> 'updated', 'false', 'a late sent changes nothing');
select is(pg_temp.callback('queued') ->> 'status', 'delivered', 'nor a late queued');
select is(pg_temp.callback('undelivered', '30003') ->> 'updated', 'false', 'a final status is final');
select is(pg_temp.callback('read') ->> 'status', 'read', 'read follows delivered (channels with read receipts)');
select is(booking.record_sms_accepted(tests.org_id('Status Clinic'), current_setting('t.msg')::uuid, 'twilio',
  'SM' || repeat('a', 32), 'queued'), 'read', 'a repeated accepted report does not move it back');
select is(pg_temp.callback('bogus') ->> 'updated', 'false', 'an unknown status is ignored');

select is((select message_id || '/' || status || '/' || (delivery_timestamp is not null)::text
             from booking.sms_confirmation_logs where appointment_id = current_setting('t.appt')::uuid),
  'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/read/true', 'sms_confirmation_logs shows message_id, status, delivery_timestamp');

-- Callbacks can overtake the worker's own report.
do $$
begin
  perform set_config('t.msg2', booking.enqueue_sms(tests.org_id('Status Clinic'), 'otp', '+14155552622', 'race')::text, true);
  perform booking.claim_sms_batch('worker-1', 10, 30);
end $$;
select is(booking.record_sms_status(tests.org_id('Status Clinic'), current_setting('t.msg2')::uuid, 'SM' || repeat('b', 32),
  'sent', null) ->> 'status', 'sent', 'a callback for a message still claimed is applied');
select is((select provider_message_id || '/' || status from booking.sms_outbox where id = current_setting('t.msg2')::uuid),
  'SM' || repeat('b', 32) || '/sent', 'it records the provider id and ends the claim');
select is(booking.record_sms_accepted(tests.org_id('Status Clinic'), current_setting('t.msg2')::uuid, 'twilio',
  'SM' || repeat('b', 32), 'queued'), 'sent', 'the worker''s report that follows keeps sent');
select is((select count(*)::integer from booking.claim_sms_batch('worker-2', 10, 30)), 0,
  'and the message is not due any more');

-- Finding the message.
select is(booking.record_sms_status(tests.org_id('Status Clinic'), current_setting('t.msg2')::uuid, 'SM' || repeat('c', 32),
  'delivered', null) ->> 'found', 'false', 'an outbox id with another provider id is not that message');
select is(booking.record_sms_status(tests.org_id('Status Clinic'), null, 'SM' || repeat('b', 32),
  'delivered', null) ->> 'status', 'delivered', 'without an outbox id, the provider id finds it');
select is(booking.record_sms_status(tests.org_id('Status Clinic'), null, 'SM' || repeat('d', 32),
  'delivered', null) ->> 'found', 'false', 'an unknown provider id finds nothing');

-- Failures reported by callback.
do $$
begin
  perform set_config('t.msg3', booking.enqueue_sms(tests.org_id('Status Clinic'), 'otp', '+14155552623', 'stop-later')::text, true);
  perform booking.claim_sms_batch('worker-1', 10, 30);
  perform booking.record_sms_accepted(tests.org_id('Status Clinic'), current_setting('t.msg3')::uuid, 'twilio', 'SM' || repeat('e', 32), 'queued');
end $$;
select is(booking.record_sms_status(tests.org_id('Status Clinic'), current_setting('t.msg3')::uuid, 'SM' || repeat('e', 32),
  'failed', '21610') ->> 'status', 'failed', 'a failed callback');
select is((select error_code from booking.sms_outbox where id = current_setting('t.msg3')::uuid), '21610', 'keeps its error code');
select ok(booking.is_sms_opted_out(tests.org_id('Status Clinic'), '+14155552623'), 'and 21610 opts the number out');

select * from finish();
rollback;
