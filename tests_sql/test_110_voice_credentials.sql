-- The voice platform's own credentials (issue 26 §4): besides the
-- set_voice_agent secret, token credentials (X-Vapi-Secret or Bearer) and
-- HMAC-SHA256 keys (x-vapi-signature over the raw body, "{timestamp}.{body}"
-- with a timestamp within 5 minutes), several per clinic for rotation;
-- owners and admins manage them; tenant resolution as before.
begin;
select plan(37);

call tests.create_org('Key Clinic');
call tests.create_org('Other Key Clinic');
call tests.create_staff_account('admin@key.example', 'Key Clinic', 'admin');
call tests.create_staff_account('desk@key.example', 'Key Clinic', 'front_desk');
do $$
begin
  perform public.set_voice_agent(tests.org_id('Key Clinic'), repeat('s', 40), 'asst-key', '+14155550950');
  perform public.set_voice_agent(tests.org_id('Other Key Clinic'), repeat('o', 40), 'asst-other');
end $$;
create temp table creds (name text primary key, id uuid);
grant select, insert on creds to public;
create function pg_temp.sign(p_key text, p_text text) returns text language sql as $$
  select encode(extensions.hmac(convert_to(p_text, 'UTF8'), convert_to(p_key, 'UTF8'), 'sha256'), 'hex')
$$;
create function pg_temp.now_s() returns text language sql as $$ select floor(extract(epoch from now()))::bigint::text $$;
grant execute on function pg_temp.sign(text, text), pg_temp.now_s() to public;

-- Who manages them.
call tests.authenticate_as('Key Clinic');
select throws_ok(format('select public.add_voice_credential(%L, ''token'', %L)', tests.org_id('Key Clinic'), repeat('t', 40)),
  '42501', null, 'a token that only names the clinic cannot add a credential');
call tests.authenticate_as_account('desk@key.example');
select throws_ok(format('select public.add_voice_credential(%L, ''token'', %L)', tests.org_id('Key Clinic'), repeat('t', 40)),
  '42501', null, 'nor the front desk');
call tests.authenticate_as_account('admin@key.example');
select is(public.add_voice_credential(tests.org_id('Key Clinic'), 'password', repeat('t', 40)) ->> 'error',
  'INVALID_CREDENTIAL_KIND', 'a kind is token or hmac');
select is(public.add_voice_credential(tests.org_id('Key Clinic'), 'token', 'short') ->> 'error', 'WEAK_SECRET',
  'a secret has at least 32 characters');
select is(public.add_voice_credential(tests.org_id('Key Clinic'), 'hmac', repeat('k', 40)) ->> 'error',
  'ENCRYPTION_KEY_REQUIRED', 'an HMAC key is stored encrypted');
select is(public.add_voice_credential(tests.org_id('Key Clinic'), 'token', repeat('o', 40)) ->> 'error', 'SECRET_IN_USE',
  'another clinic''s secret is refused');
insert into creds values
  ('bearer1', (public.add_voice_credential(tests.org_id('Key Clinic'), 'token', 'bearer-one-' || repeat('1', 30)) ->> 'credential_id')::uuid),
  ('bearer2', (public.add_voice_credential(tests.org_id('Key Clinic'), 'token', 'bearer-two-' || repeat('2', 30)) ->> 'credential_id')::uuid),
  ('hmac1', (public.add_voice_credential(tests.org_id('Key Clinic'), 'hmac', 'hmac-key-one-' || repeat('1', 30), 'enc-key') ->> 'credential_id')::uuid),
  ('hmac2', (public.add_voice_credential(tests.org_id('Key Clinic'), 'hmac', 'hmac-key-two-' || repeat('2', 30), 'enc-key') ->> 'credential_id')::uuid);
select is((select count(*)::integer from creds where id is not null), 4, 'an admin adds two tokens and two HMAC keys');
select is((select count(*)::integer from booking.voice_agent_credentials), 4, 'members see their credentials');
select is((select count(*)::integer from booking.voice_agent_credentials where kind = 'hmac'), 2,
  '(their kind and dates, never the secrets)');
select throws_ok('select token_sha256 from booking.voice_agent_credentials', '42501', null, 'not even the digests');
call tests.clear_authentication();
select ok((select bool_and(position(convert_to('hmac-key', 'UTF8') in hmac_key_encrypted) = 0)
             from booking.voice_agent_credentials where kind = 'hmac'), 'HMAC keys are stored encrypted');

-- Tokens (X-Vapi-Secret or Bearer).
call tests.authenticate_as_service_role();
select is(public.resolve_voice_agent(repeat('s', 40)) ->> 'org_id', tests.org_id('Key Clinic')::text, 'the set_voice_agent secret still works');
select is(public.resolve_voice_agent('bearer-one-' || repeat('1', 30)) ->> 'org_id', tests.org_id('Key Clinic')::text, 'a token works');
select is(public.resolve_voice_agent('bearer-two-' || repeat('2', 30), 'asst-key') ->> 'org_id', tests.org_id('Key Clinic')::text,
  'so does a second one (rotation)');
select is(public.resolve_voice_agent('bearer-two-' || repeat('2', 30), 'asst-other') ->> 'error', 'ASSISTANT_MISMATCH',
  'with another clinic''s assistant it is refused');
select is(public.resolve_voice_agent('bearer-one-' || repeat('9', 30)) ->> 'error', 'UNKNOWN_SECRET', 'a wrong token is unknown');
select is(public.resolve_voice_agent('') ->> 'error', 'UNKNOWN_SECRET', 'so is none');

-- HMAC signatures.
create temp table body as select '{"message":{"type":"tool-calls","call":{"assistantId":"asst-key"}}}'::text as b;
grant select on body to public;
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-one-' || repeat('1', 30), (select b from body)), null, 'asst-key', null, 'enc-key') ->> 'org_id',
  tests.org_id('Key Clinic')::text, 'a valid signature of the raw body names the clinic');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-one-' || repeat('1', 30), pg_temp.now_s() || '.' || (select b from body)), pg_temp.now_s(),
  'asst-key', null, 'enc-key') ->> 'org_id', tests.org_id('Key Clinic')::text, 'with a timestamp: "{timestamp}.{body}"');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  'sha256=' || pg_temp.sign('hmac-key-two-' || repeat('2', 30), (select b from body)), null, null, '(415) 555-0950', 'enc-key') ->> 'org_id',
  tests.org_id('Key Clinic')::text, 'the second key too (rotation), with a sha256= prefix, found by the called number');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  encode(extensions.hmac(convert_to((select b from body), 'UTF8'), convert_to('hmac-key-one-' || repeat('1', 30), 'UTF8'), 'sha256'), 'base64'),
  null, 'asst-key', null, 'enc-key') ->> 'success', 'true', 'base64 signatures are read too');
select is(public.resolve_voice_agent_signed(convert_to(replace((select b from body), 'tool-calls', 'tool-calla'), 'UTF8'),
  pg_temp.sign('hmac-key-one-' || repeat('1', 30), (select b from body)), null, 'asst-key', null, 'enc-key') ->> 'error',
  'UNKNOWN_SIGNATURE', 'a tampered body is refused');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-one-' || repeat('1', 30), (extract(epoch from now())::bigint - 301)::text || '.' || (select b from body)),
  (extract(epoch from now())::bigint - 301)::text, 'asst-key', null, 'enc-key') ->> 'error',
  'STALE_TIMESTAMP', 'a timestamp over 5 minutes old is refused');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-one-' || repeat('1', 30), (extract(epoch from now())::bigint + 301)::text || '.' || (select b from body)),
  (extract(epoch from now())::bigint + 301)::text, 'asst-key', null, 'enc-key') ->> 'error',
  'STALE_TIMESTAMP', 'so is one over 5 minutes ahead');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-one-' || repeat('1', 30), pg_temp.now_s() || '.' || (select b from body)),
  (pg_temp.now_s()::bigint - 1)::text, 'asst-key', null, 'enc-key') ->> 'error',
  'UNKNOWN_SIGNATURE', 'the timestamp is signed: another one does not verify');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-xxx-' || repeat('1', 30), (select b from body)), null, 'asst-key', null, 'enc-key') ->> 'error',
  'UNKNOWN_SIGNATURE', 'a wrong key is refused');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'), 'not-a-signature', null, 'asst-key', null, 'enc-key')
  ->> 'error', 'INVALID_SIGNATURE', 'a signature that is no HMAC-SHA256 is refused');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-one-' || repeat('1', 30), (select b from body)), null, null, null, 'enc-key') ->> 'error',
  'UNKNOWN_SIGNATURE', 'without an assistant or number there is no organization to try');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-one-' || repeat('1', 30), (select b from body)), null, 'asst-other', null, 'enc-key') ->> 'error',
  'UNKNOWN_SIGNATURE', 'another clinic''s assistant: its keys do not verify it');
select throws_ok(format('select public.resolve_voice_agent_signed(%L, %L, null, ''asst-key'', null, ''wrong-enc'')',
  convert_to((select b from body), 'UTF8'), pg_temp.sign('hmac-key-one-' || repeat('1', 30), (select b from body))),
  'BKKEY', null, 'a wrong SETTINGS_ENCRYPTION_KEY is an error, not a refusal');

-- Rotation: revoke the old ones.
call tests.authenticate_as_account('admin@key.example');
select is(public.revoke_voice_credential(tests.org_id('Key Clinic'), (select id from creds where name = 'bearer1')) ->> 'success', 'true',
  'an admin revokes the first token');
select is(public.revoke_voice_credential(tests.org_id('Key Clinic'), (select id from creds where name = 'hmac1')) ->> 'success', 'true',
  'and the first key');
select is(public.revoke_voice_credential(tests.org_id('Key Clinic'), gen_random_uuid()) ->> 'error', 'CREDENTIAL_NOT_FOUND',
  'an unknown credential is not found');
call tests.authenticate_as_service_role();
select is(public.resolve_voice_agent('bearer-one-' || repeat('1', 30)) ->> 'error', 'UNKNOWN_SECRET', 'a revoked token is refused');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-one-' || repeat('1', 30), (select b from body)), null, 'asst-key', null, 'enc-key') ->> 'error',
  'UNKNOWN_SIGNATURE', 'so is a signature with a revoked key');
select is(public.resolve_voice_agent_signed(convert_to((select b from body), 'UTF8'),
  pg_temp.sign('hmac-key-two-' || repeat('2', 30), (select b from body)), null, 'asst-key', null, 'enc-key') ->> 'success',
  'true', 'the new key still works');
call tests.authenticate_as('Key Clinic');
select throws_ok(format('select public.resolve_voice_agent_signed(%L, ''x'')', convert_to('{}', 'UTF8')), '42501', null,
  'only service_role resolves');
call tests.clear_authentication();

select * from finish();
rollback;
