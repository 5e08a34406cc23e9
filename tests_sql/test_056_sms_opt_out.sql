-- Inbound keywords: STOP and its synonyms opt a number out of an
-- organization's SMS until START/UNSTOP/YES; HELP gets the clinic's reply.
begin;
select plan(28);

select is(booking.sms_keyword_action('STOP'), 'opt_out', 'STOP opts out');
select is(booking.sms_keyword_action(' stop '), 'opt_out', 'any case, surrounding white space ignored');
select is(booking.sms_keyword_action('StopAll'), 'opt_out', 'STOPALL opts out');
select is(booking.sms_keyword_action('unsubscribe'), 'opt_out', 'UNSUBSCRIBE opts out');
select is(booking.sms_keyword_action('Cancel'), 'opt_out', 'CANCEL opts out');
select is(booking.sms_keyword_action('END'), 'opt_out', 'END opts out');
select is(booking.sms_keyword_action('quit'), 'opt_out', 'QUIT opts out');
select is(booking.sms_keyword_action('START'), 'opt_in', 'START opts back in');
select is(booking.sms_keyword_action('unstop'), 'opt_in', 'UNSTOP opts back in');
select is(booking.sms_keyword_action('HELP'), 'help', 'HELP asks for help');
select is(booking.sms_keyword_action('stop please'), null, 'a sentence is not a keyword');
select is(booking.sms_keyword_action('Can I cancel my appointment?'), null, 'a question containing a keyword is not one');

call tests.create_org('Optout Clinic');
call tests.create_org('Neighbour Clinic');
create function pg_temp.inbound(p_body text, p_org text default 'Optout Clinic') returns json language sql as $$
  select booking.record_inbound_sms(tests.org_id(p_org), '+14155552631', p_body);
$$;
create function pg_temp.enqueue(p_org text) returns text language plpgsql as $$
declare
  v_id uuid := booking.enqueue_sms(tests.org_id(p_org), 'otp', '+1 415 555 2631', 'hello');
begin
  return (select status from booking.sms_outbox where id = v_id);
end;
$$;

select is(pg_temp.inbound('STOP')::jsonb, '{"action": "opt_out", "reply": null}'::jsonb,
  'STOP: opted out, no reply of ours (Twilio confirms it)');
select ok(booking.is_sms_opted_out(tests.org_id('Optout Clinic'), '+14155552631'), 'the number is opted out');
select is(pg_temp.enqueue('Optout Clinic'), 'suppressed', 'a new SMS to it is recorded as suppressed, not sent');
select is(pg_temp.enqueue('Neighbour Clinic'), 'pending', 'another organization may still text it');
select is((select count(*)::integer from booking.claim_sms_batch('worker-1', 100, 30)
            where recipient = '+14155552631' and org_id = tests.org_id('Optout Clinic')), 0,
  'suppressed messages are never claimed');

select is(pg_temp.inbound('Yes please') ->> 'action', 'message', 'other texts change nothing (they are kept for the staff)');
select ok(booking.is_sms_opted_out(tests.org_id('Optout Clinic'), '+14155552631'), 'still opted out');
select is(pg_temp.inbound('start') ->> 'action', 'opt_in', 'START: opted back in');
select ok(not booking.is_sms_opted_out(tests.org_id('Optout Clinic'), '+14155552631'), 'no longer opted out');
select is((select keyword || '/' || source from booking.sms_opt_outs where org_id = tests.org_id('Optout Clinic')),
  'START/inbound_keyword', 'the consent row records the last keyword');
select is(pg_temp.enqueue('Optout Clinic'), 'pending', 'SMS go out again');
select is(pg_temp.inbound('UNSUBSCRIBE') ->> 'action', 'opt_out', 'UNSUBSCRIBE opts out again');

select is(pg_temp.inbound('help') ->> 'reply',
  'Optout Clinic: appointment messages. Reply STOP to opt out, START to opt back in. Msg&data rates may apply.',
  'HELP: the default reply names the clinic');
do $$
begin
  perform public.set_integration_settings(tests.org_id('Optout Clinic'), 'test-key',
    p_sms_help_reply => 'Optout Clinic: call us at +1 415 555 0100.');
end $$;
select is(pg_temp.inbound('HELP') ->> 'reply', 'Optout Clinic: call us at +1 415 555 0100.',
  'HELP: the clinic''s own reply when set');

call tests.authenticate_as('Optout Clinic');
select throws_ok(format('select booking.record_inbound_sms(%L, ''+14155552631'', ''START'')', tests.org_id('Optout Clinic')),
  '42501', null, 'authenticated cannot record inbound SMS');
select is((select count(*)::integer from booking.sms_opt_outs), 1, 'members read their own organization''s opt-outs');
call tests.clear_authentication();

select * from finish();
rollback;
