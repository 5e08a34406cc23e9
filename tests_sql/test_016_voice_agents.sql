-- Voice-agent webhooks resolve their organization on the server, from the
-- shared secret; assistant and called number must agree.
begin;
select plan(10);

call tests.create_org('Agent Clinic');
call tests.create_org('Other Agent Clinic');
select is(public.set_voice_agent(tests.org_id('Agent Clinic'), repeat('s', 40), 'asst-1', '+1 415 555 1200') ->> 'success', 'true', 'a voice agent is configured');
select is(public.set_voice_agent(tests.org_id('Other Agent Clinic'), repeat('t', 40)) ->> 'success', 'true', 'another clinic has its own');
select is(public.set_voice_agent(tests.org_id('Agent Clinic'), 'short') ->> 'error', 'WEAK_SECRET', 'secrets have at least 32 characters');
select is(public.set_voice_agent(tests.org_id('Other Agent Clinic'), repeat('s', 40)) ->> 'error', 'SECRET_IN_USE', 'two clinics cannot share a secret');
select is(public.resolve_voice_agent(repeat('s', 40)) ->> 'org_id', tests.org_id('Agent Clinic')::text, 'the secret names its clinic');
select is(public.resolve_voice_agent(repeat('s', 40), 'asst-1', '+14155551200') ->> 'org_id', tests.org_id('Agent Clinic')::text, 'matching assistant and number');
select is(public.resolve_voice_agent(repeat('s', 40), 'asst-2') ->> 'error', 'ASSISTANT_MISMATCH', 'another assistant is refused');
select is(public.resolve_voice_agent(repeat('s', 40), null, '+14155551299') ->> 'error', 'PHONE_NUMBER_MISMATCH', 'another called number is refused');
select is(public.resolve_voice_agent(repeat('x', 40)) ->> 'error', 'UNKNOWN_SECRET', 'an unknown secret is refused');
select throws_ok($$ select * from booking.voice_agents $$, '42501', null, 'not even the owner''s API roles read secret digests')
  from (select set_config('role', 'service_role', true)) s;

select * from finish();
rollback;
