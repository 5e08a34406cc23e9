-- record_call_report: calls stored once, duration computed, the booked
-- appointment linked, one hot-lead alert per call through the SMS outbox.
begin;
select plan(29);

call tests.create_org('Report Clinic');
call tests.create_org('Quiet Clinic');
select is(public.set_integration_settings(tests.org_id('Report Clinic'), 'test-key', p_hot_lead_alert_phone => '+1 415 555 0800') ->> 'success',
  'true', 'the owner''s alert phone is configured');
select is(tests.book_during_call('Report Clinic', 'call-hot', '+14155550801', tests.local_noon(2)) is not null, true,
  'a caller books during the call');

create temp table r1 as select public.record_call_report(tests.org_id('Report Clinic'),
  tests.call_report('call-hot', '+1 415 555 0801', 400, 'true', 'Booked a consultation.')) as r;
select is((select r ->> 'success' from r1), 'true', 'the report is stored');
select is((select (r ->> 'duration')::integer from r1), 400, 'the duration is computed from startedAt and endedAt');
select is((select (r ->> 'lead_score')::integer from r1), 85, 'booked + long + new + positive analysis = 85');
select is((select r ->> 'alert' from r1), 'queued', 'the alert SMS is queued');
select results_eq($$ select provider_call_id, caller_phone, ended_reason, summary from booking.calls where org_id = tests.org_id('Report Clinic') $$,
  $$ values ('call-hot', '+14155550801', 'customer-ended-call', 'Booked a consultation.') $$, 'the call row holds the report''s facts');
select ok((select appointment_id is not null from booking.calls where provider_call_id = 'call-hot'), 'the appointment booked during the call is linked');
select results_eq($$ select kind, recipient, call_id from booking.sms_outbox where kind = 'hot_lead_alert' $$,
  $$ values ('hot_lead_alert', '+14155550800', 'call-hot') $$, 'one SMS to the owner''s phone');
select matches((select body from booking.sms_outbox where kind = 'hot_lead_alert'), 'Lee Lead', 'the alert names the lead');
select results_eq($$ select lead_name, lead_phone, lead_score from booking.hot_lead_alerts $$,
  $$ values ('Lee Lead', '+14155550801', 85) $$, 'hot_lead_alerts shows the lead');
select is((select status from booking.leads l join booking.contacts c on c.org_id = l.org_id and c.id = l.contact_id
            where c.phone = '+14155550801'), 'hot', 'the contact''s lead becomes hot');

-- Duplicates and out of order.
create temp table r2 as select public.record_call_report(tests.org_id('Report Clinic'),
  tests.call_report('call-hot', '+14155550801', 400, 'true', 'A different summary.')) as r;
select is((select r ->> 'alert' from r2), 'already_recorded', 'a duplicate report creates no second alert');
select is((select count(*)::integer from booking.calls where provider_call_id = 'call-hot'), 1, 'the call is stored once');
select is((select summary from booking.calls where provider_call_id = 'call-hot'), 'Booked a consultation.', 'what was known is kept');
select is((select count(*)::integer from booking.sms_outbox where kind = 'hot_lead_alert'), 1, 'still one alert SMS');
select is(public.record_call_report(tests.org_id('Report Clinic'), '{"message": {"type": "end-of-call-report", "call": {"id": "call-late"}}}') ->> 'success',
  'true', 'a sparse report arriving first is stored');
select is(public.record_call_report(tests.org_id('Report Clinic'), tests.call_report('call-late', '+14155550802', 30)) ->> 'duration',
  '30', 'the fuller report delivered later fills in what was missing');

-- No alert phone: recorded, nothing sent, nothing fails.
select is(tests.book_during_call('Quiet Clinic', 'call-quiet', '+14155550803', tests.local_noon(2)) is not null, true, 'a booking at a clinic without alert phone');
create temp table r3 as select public.record_call_report(tests.org_id('Quiet Clinic'), tests.call_report('call-quiet', '+14155550803', 400)) as r;
select is((select r ->> 'alert' from r3), 'no_alert_phone', 'the alert is recorded with its reason');
select results_eq($$ select not_sent_reason, alert_sent_at from booking.hot_lead_alerts where org_id = tests.org_id('Quiet Clinic') $$,
  $$ values ('NO_ALERT_PHONE', null::timestamptz) $$, 'nothing is sent');

-- A caller who hangs up before confirming frees the slot.
select is(public.claim_slot_atomic(tests.org_id('Report Clinic'), null, tests.local_noon(5), 'call-abandoned', 'Abe Andoned', '+14155550804') ->> 'success',
  'true', 'a slot is held during a call');
select is(public.record_call_report(tests.org_id('Report Clinic'), tests.call_report('call-abandoned', '+14155550804', 60)) ->> 'success',
  'true', 'the caller hangs up without confirming');
select is((select status from booking.appointment_holds where call_sid = 'call-abandoned'), 'released',
  'the end-of-call report releases the call''s hold');

-- Malformed reports.
select is(public.record_call_report(tests.org_id('Report Clinic'), '{"message": {"type": "end-of-call-report", "call": {"id": "x"}, "startedAt": "2024-01-01T10:00:00 Foo/Bar"}}') ->> 'error',
  'INVALID_TIMESTAMP', 'an unknown time zone name');
select is(public.record_call_report(tests.org_id('Report Clinic'), '{"message": {"type": "end-of-call-report", "call": {"id": "x"}, "endedAt": "2024-01-01T10:00:00+99:00"}}') ->> 'error',
  'INVALID_TIMESTAMP', 'an impossible offset');
select is(public.record_call_report(tests.org_id('Report Clinic'), '[1, 2]') ->> 'error', 'INVALID_REPORT', 'not an object');
select is(public.record_call_report(tests.org_id('Report Clinic'), '{"message": {"type": "status-update", "call": {"id": "x"}}}') ->> 'error',
  'INVALID_REPORT', 'another message type');
select is(public.record_call_report(tests.org_id('Report Clinic'), '{"message": {"type": "end-of-call-report", "call": {"id": "x"}, "startedAt": "yesterday"}}') ->> 'error',
  'INVALID_TIMESTAMP', 'an unreadable timestamp, and nothing stored') ;

select * from finish();
rollback;
