-- SMS pumping: one call texts codes to at most 3 different numbers; an
-- organization sends at most its hourly budget of codes (default 60,
-- set_sms_limits), refused with SMS_RATE_LIMITED and recorded as an
-- sms.rate_limited event; the budget of one clinic does not touch another.
begin;
select plan(14);

call tests.create_org('Budget Clinic');
call tests.create_org('Calm Clinic');
create function pg_temp.claim(p_org text, p_call text, p_minutes integer, p_phone text) returns uuid
language sql as $$
  select (public.claim_slot_atomic(tests.org_id(p_org), 'cal-1', tests.local_noon(5) + make_interval(mins => p_minutes * 6),
            p_call, 'Bud Get', p_phone) ->> 'hold_id')::uuid
$$;
create function pg_temp.send(p_hold uuid) returns text language sql as $$
  select coalesce(public.send_otp(p_hold, null) ->> 'error', 'sent')
$$;

-- One call, four numbers (the attacker's loop: claim, send, claim again).
select is(pg_temp.send(pg_temp.claim('Budget Clinic', 'loop-call', 0, '+14155550801')), 'sent', 'a call texts a first number');
select is(pg_temp.send(pg_temp.claim('Budget Clinic', 'loop-call', 10, '+14155550802')), 'sent', 'a second');
select is(pg_temp.send(pg_temp.claim('Budget Clinic', 'loop-call', 20, '+14155550803')), 'sent', 'a third');
create temp table fourth as select pg_temp.claim('Budget Clinic', 'loop-call', 30, '+14155550804') as id;
select is(pg_temp.send((select id from fourth)), 'OTP_CALL_PHONE_LIMIT', 'not a fourth different number');
select is((select count(distinct recipient)::integer from booking.sms_outbox where call_id = 'loop-call'), 3, 'codes went to 3 numbers');
select is(pg_temp.send(pg_temp.claim('Budget Clinic', 'loop-call', 40, '+14155550803')), 'sent',
  'a number the call already texted still gets a new hold''s code');

-- The organization's hourly budget.
select is(public.set_sms_limits(tests.org_id('Budget Clinic'), null, 6) ->> 'otp_codes_per_hour', '6', 'the budget is settable');
select is(pg_temp.send(pg_temp.claim('Budget Clinic', 'call-5', 50, '+14155550805')), 'sent', 'the fifth code of the hour is sent');
select is(pg_temp.send(pg_temp.claim('Budget Clinic', 'call-6', 60, '+14155550806')), 'sent', 'the sixth too');
select is(pg_temp.send(pg_temp.claim('Budget Clinic', 'call-7', 70, '+14155550807')), 'SMS_RATE_LIMITED', 'the seventh is refused');
select is(pg_temp.send(pg_temp.claim('Budget Clinic', 'call-8', 80, '+14155550808')), 'SMS_RATE_LIMITED', 'and the next');
select is(pg_temp.send(pg_temp.claim('Calm Clinic', 'calm-1', 0, '+14155550809')), 'sent', 'another clinic still sends codes');

-- The refusal is an event of the clinic's live feed (once a minute at most).
set constraints all immediate;
select results_eq($$ select type, payload ->> 'limit', (payload ->> 'limit_value')::integer from booking.events
                      where org_id = tests.org_id('Budget Clinic') and type like 'sms.rate%' $$,
  $$ values ('sms.rate_limited', 'otp_codes_per_hour', 6) $$, 'one sms.rate_limited event');
select is((select count(*)::integer from booking.events where org_id = tests.org_id('Calm Clinic') and type = 'sms.rate_limited'), 0,
  'none for the other clinic');

select * from finish();
rollback;
