-- booking.claim_sms_batch: due messages only, a lease per claim, expired
-- leases taken over, limits, and messages settled instead of sent
-- (opted out, expired, attempts used up); booking.release_sms.
begin;
select plan(22);

call tests.create_org('Claim Clinic');
create function pg_temp.enqueue(p_phone text, p_body text) returns uuid language sql as $$
  select booking.enqueue_sms(tests.org_id('Claim Clinic'), 'otp', p_phone, p_body);
$$;
create function pg_temp.status(p_body text) returns text language sql as $$
  select status || '/' || attempts || '/' || coalesce(claimed_by, '-') || '/' || coalesce(error_code, '-')
    from booking.sms_outbox where body = p_body;
$$;
do $$
begin
  -- Only this file's messages are due.
  update booking.sms_outbox set next_attempt_at = 'infinity' where status in ('pending', 'claimed');
  perform pg_temp.enqueue('+14155552601', 'm1');
  perform pg_temp.enqueue('+14155552602', 'm2');
  perform pg_temp.enqueue('+14155552603', 'm3');
  update booking.sms_outbox set next_attempt_at = now() - interval '3 seconds' where body = 'm1';
  update booking.sms_outbox set next_attempt_at = now() - interval '2 seconds' where body = 'm2';
  update booking.sms_outbox set next_attempt_at = now() + interval '1 hour' where body = 'm3';
end $$;

select is((select array_agg(body order by body) from booking.claim_sms_batch('worker-1', 1, 30)), array['m1'],
  'the limit is respected, oldest due first');
select is(pg_temp.status('m1'), 'claimed/1/worker-1/-', 'the claimed message counts an attempt and names its worker');
select is((select next_attempt_at from booking.sms_outbox where body = 'm1'), now() + interval '30 seconds',
  'its lease ends after p_lease_seconds');
select is((select array_agg(body) from booking.claim_sms_batch('worker-2', 10, 30)), array['m2'],
  'another worker gets the rest of what is due, not the leased message');
select is((select count(*)::integer from booking.claim_sms_batch('worker-3', 10, 30)), 0,
  'nothing else is due (m3 waits for its retry time)');

-- A worker that died: its lease runs out and another worker takes over.
do $$ begin update booking.sms_outbox set next_attempt_at = now() - interval '1 second' where body = 'm1'; end $$;
select is((select array_agg(body) from booking.claim_sms_batch('worker-3', 10, 30)), array['m1'],
  'an expired lease is taken over');
select is(pg_temp.status('m1'), 'claimed/2/worker-3/-', 'by the new worker, as a second attempt');

-- Reports from a worker that lost its claim change nothing.
select is(booking.record_sms_failure(tests.org_id('Claim Clinic'), (select id from booking.sms_outbox where body = 'm1'),
  'worker-1', 500, '20500', 'late report'), 'claimed', 'a failure report from the old worker is ignored');
select is(booking.release_sms(tests.org_id('Claim Clinic'), (select id from booking.sms_outbox where body = 'm1'), 'worker-1'),
  false, 'the old worker cannot release it either');

-- Release (graceful shutdown): pending again, attempt not counted.
select is(booking.release_sms(tests.org_id('Claim Clinic'), (select id from booking.sms_outbox where body = 'm1'), 'worker-3'),
  true, 'the claiming worker releases it');
select is(pg_temp.status('m1'), 'pending/1/worker-3/-', 'released: pending, the attempt given back');
select ok((select next_attempt_at <= now() from booking.sms_outbox where body = 'm1'), 'and due at once');

-- Settled instead of sent.
do $$
begin
  perform pg_temp.enqueue('+14155552604', 'opted');
  perform booking.record_sms_opt_out(tests.org_id('Claim Clinic'), '+14155552604', true, 'STOP', 'inbound_keyword');
  perform booking.enqueue_sms(tests.org_id('Claim Clinic'), 'otp', '+14155552605', 'expired',
    p_expires_at => now() - interval '1 second');
  perform pg_temp.enqueue('+14155552606', 'exhausted');
  update booking.sms_outbox set status = 'claimed', claimed_by = 'dead-worker', attempts = 12,
         next_attempt_at = now() - interval '1 second'
   where body = 'exhausted';
  update booking.sms_outbox set next_attempt_at = 'infinity' where body in ('m1', 'm2', 'm3');
end $$;
select is((select count(*)::integer from booking.claim_sms_batch('worker-4', 10, 30)), 0,
  'none of these is handed to a worker');
select is(pg_temp.status('opted'), 'suppressed/0/-/-', 'a number that opted out after enqueueing: suppressed');
select is(pg_temp.status('expired'), 'failed/0/-/EXPIRED', 'a message past expires_at: failed EXPIRED');
select is(pg_temp.status('exhausted'), 'failed/12/dead-worker/LEASE_EXPIRED',
  'a message whose workers kept dying, attempts used up: failed LEASE_EXPIRED');

-- booking.sms_max_attempts is a setting.
do $$
begin
  perform set_config('booking.sms_max_attempts', '3', true);
  perform pg_temp.enqueue('+14155552607', 'three');
  update booking.sms_outbox set attempts = 2 where body = 'three';
end $$;
select is((select array_agg(body) from booking.claim_sms_batch('worker-5', 10, 30)), array['three'],
  'with sms_max_attempts 3 the third attempt is claimed');
do $$ begin update booking.sms_outbox set next_attempt_at = now() - interval '1 second' where body = 'three'; end $$;
select is((select count(*)::integer from booking.claim_sms_batch('worker-6', 10, 30)), 0,
  'a fourth is not');
select is(pg_temp.status('three'), 'failed/3/worker-5/LEASE_EXPIRED', 'it is failed instead');

-- Arguments and callers.
select throws_ok('select * from booking.claim_sms_batch(''w'', 0, 30)', '22023', null, 'a limit below 1 raises 22023');
select throws_ok('select * from booking.claim_sms_batch(null, 1, 30)', '22023', null, 'a missing worker name raises 22023');
call tests.authenticate_as_anon();
select throws_ok('select * from booking.claim_sms_batch(''w'', 1, 30)', '42501', null, 'anon cannot claim');
call tests.clear_authentication();

select * from finish();
rollback;
