-- Failed sends: which errors are permanent, exponential backoff with a cap
-- and jitter, the attempt limit, and Twilio 21610 marking an opt-out.
begin;
select plan(26);

-- Which errors are retried.
select is(booking.sms_error_is_permanent(null, 'NETWORK'), false, 'network errors are retried');
select is(booking.sms_error_is_permanent(500, '20500'), false, '500 is retried');
select is(booking.sms_error_is_permanent(503, null), false, '503 is retried');
select is(booking.sms_error_is_permanent(429, '20429'), false, '429 Too Many Requests is retried');
select is(booking.sms_error_is_permanent(401, '20003'), false, '401 (bad credentials, fixable) is retried');
select is(booking.sms_error_is_permanent(400, '21211'), true, '21211 invalid To number is permanent');
select is(booking.sms_error_is_permanent(400, '21610'), true, '21610 unsubscribed recipient is permanent');
select is(booking.sms_error_is_permanent(404, '20404'), true, 'other 4xx are permanent');

-- Backoff: min(cap, base * 2^(n-1)), with the wait between half and all of it.
do $$
begin
  perform set_config('booking.sms_retry_base', '1s', true);
  perform set_config('booking.sms_retry_cap', '10s', true);
end $$;
select ok((select bool_and(d between interval '0.5s' and interval '1s')
             from (select booking.sms_retry_delay(1) as d from generate_series(1, 200)) s),
  'after the first attempt: 0.5s to 1s');
select ok((select bool_and(d between interval '2s' and interval '4s')
             from (select booking.sms_retry_delay(3) as d from generate_series(1, 200)) s),
  'after the third attempt: 2s to 4s');
select ok((select bool_and(d between interval '5s' and interval '10s')
             from (select booking.sms_retry_delay(30) as d from generate_series(1, 200)) s),
  'capped: 5s to 10s however many attempts');
select ok((select count(distinct d) > 100 from (select booking.sms_retry_delay(3) as d from generate_series(1, 200)) s),
  'jittered: workers that failed together do not retry together');

call tests.create_org('Retry Clinic');
create function pg_temp.message(p_body text) returns uuid language sql as $$
  select id from booking.sms_outbox where body = p_body;
$$;
create function pg_temp.fail(p_body text, p_http integer, p_code text) returns text language sql as $$
  select booking.record_sms_failure(tests.org_id('Retry Clinic'), pg_temp.message(p_body), 'worker-1',
                                    p_http, p_code, 'test failure');
$$;
create function pg_temp.claim() returns void language sql as $$
  update booking.sms_outbox set next_attempt_at = now() - interval '1 second'
   where org_id = tests.org_id('Retry Clinic') and status = 'pending';
  select null from booking.claim_sms_batch('worker-1', 100, 30);
$$;
do $$
begin
  update booking.sms_outbox set next_attempt_at = 'infinity' where status in ('pending', 'claimed');
  perform booking.enqueue_sms(tests.org_id('Retry Clinic'), 'otp', '+14155552611', 'server-error');
  perform booking.enqueue_sms(tests.org_id('Retry Clinic'), 'otp', '+14155552612', 'rate-limited');
  perform booking.enqueue_sms(tests.org_id('Retry Clinic'), 'otp', '+14155552613', 'network');
  perform booking.enqueue_sms(tests.org_id('Retry Clinic'), 'otp', '+14155552614', 'invalid-number');
  perform booking.enqueue_sms(tests.org_id('Retry Clinic'), 'otp', '+14155552615', 'unsubscribed');
  perform booking.enqueue_sms(tests.org_id('Retry Clinic'), 'otp', '+14155552616', 'keeps-failing');
  perform pg_temp.claim();
end $$;

select is(pg_temp.fail('server-error', 500, '20500'), 'pending', 'a 500 puts the message back to pending');
select ok((select next_attempt_at between now() + interval '0.5s' and now() + interval '1s'
             from booking.sms_outbox where body = 'server-error'),
  'due again after the first backoff step');
select is((select error_code || ' ' || error_message from booking.sms_outbox where body = 'server-error'),
  '20500 test failure', 'the error is kept');
select is(pg_temp.fail('rate-limited', 429, '20429'), 'pending', 'a 429 is retried');
select is(pg_temp.fail('network', null, 'NETWORK'), 'pending', 'a network error is retried');
select is(pg_temp.fail('invalid-number', 400, '21211'), 'failed', '21211 fails the message at once');
select is(pg_temp.fail('unsubscribed', 400, '21610'), 'failed', '21610 fails the message at once');
select ok(booking.is_sms_opted_out(tests.org_id('Retry Clinic'), '+14155552615'),
  '21610 records the number as opted out');
select is((select source from booking.sms_opt_outs where phone = '+14155552615'), 'provider_error',
  'as a provider error');
select is(pg_temp.fail('invalid-number', 500, '20500'), 'failed', 'a failed message stays failed');

-- The attempt limit.
do $$ begin perform set_config('booking.sms_max_attempts', '3', true); end $$;
select is(pg_temp.fail('keeps-failing', 503, null), 'pending', 'attempt 1 of 3 failed: retried');
do $$ begin perform pg_temp.claim(); perform pg_temp.fail('keeps-failing', 503, null); perform pg_temp.claim(); end $$;
select is((select attempts from booking.sms_outbox where body = 'keeps-failing'), 3, 'third attempt claimed');
select is(pg_temp.fail('keeps-failing', 503, null), 'failed', 'attempt 3 of 3 failed: the message is failed');
select is((select error_code from booking.sms_outbox where body = 'keeps-failing'), 'HTTP_503',
  'with the last error (HTTP status when the provider gave no code)');

select * from finish();
rollback;
