-- A dashboard session ends on the server: public.dashboard_session_status
-- answers inactive once the session is signed out or its refresh family
-- revoked, its account or membership disabled, or the access token itself
-- signed out (public.sign_out_access_token: an identity provider's token
-- too). Only service_role asks or signs out.
begin;
select plan(16);

call tests.create_org('Session Clinic');
call tests.create_org('Other Session Clinic');
call tests.create_staff_account('desk@session.example', 'Session Clinic', 'front_desk');

create function pg_temp.status(p_token text, p_session uuid, p_org text) returns jsonb
language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_service_role();
  v_answer := public.dashboard_session_status(p_token, p_session, tests.org_id(p_org))::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;
create function pg_temp.sign_out_token(p_token text, p_expires timestamptz) returns jsonb
language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_service_role();
  v_answer := public.sign_out_access_token(p_token, p_expires)::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;

create temp table s as
  select booking.issue_staff_session(tests.account_id('desk@session.example'), gen_random_uuid())::jsonb as r;

select is((select r ->> 'session_id' from s) is not null, true, 'sign-in names its session');
select is(pg_temp.status('access-1', (select (r ->> 'session_id')::uuid from s), 'Session Clinic'),
  '{"success": true, "active": true, "role": "front_desk"}'::jsonb, 'a live session, with its role');
select is(pg_temp.status('access-1', (select (r ->> 'session_id')::uuid from s), 'Other Session Clinic') ->> 'active',
  'false', 'not for a clinic the account is no member of');
select is(pg_temp.status('access-1', gen_random_uuid(), 'Session Clinic') ->> 'active',
  'false', 'an unknown session');
select is(pg_temp.status('idp-token', null, 'Session Clinic') ->> 'active',
  'true', 'an identity provider''s token, not signed out');
select is(pg_temp.status(null, null, 'Session Clinic') ->> 'active', 'false', 'no token');

-- Disabling the membership ends the session at once.
update booking.memberships set disabled_at = now()
 where account_id = tests.account_id('desk@session.example');
select is(pg_temp.status('access-1', (select (r ->> 'session_id')::uuid from s), 'Session Clinic') ->> 'active',
  'false', 'a disabled membership');
update booking.memberships set disabled_at = null
 where account_id = tests.account_id('desk@session.example');
update booking.staff_accounts set disabled_at = now() where email = 'desk@session.example';
select is(pg_temp.status('access-1', (select (r ->> 'session_id')::uuid from s), 'Session Clinic') ->> 'active',
  'false', 'a disabled account');
update booking.staff_accounts set disabled_at = null where email = 'desk@session.example';

-- Sign-out revokes the family: the session is over.
create function pg_temp.staff_sign_out(p_token text) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_service_role();
  v_answer := public.staff_sign_out(p_token)::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;
select is(pg_temp.staff_sign_out((select r ->> 'refresh_token' from s)) ->> 'success', 'true',
  'signed out');
select is(pg_temp.status('access-1', (select (r ->> 'session_id')::uuid from s), 'Session Clinic') ->> 'active',
  'false', 'a signed-out session');

-- An access token signed out is refused, whoever issued it.
select is(pg_temp.sign_out_token('idp-token', now() + interval '1 hour'), '{"success": true}'::jsonb,
  'signing an access token out');
select is(pg_temp.sign_out_token('idp-token', now() + interval '1 hour'), '{"success": true}'::jsonb,
  'twice is fine');
select is(pg_temp.status('idp-token', null, 'Session Clinic') ->> 'active', 'false',
  'a signed-out access token');
select is((select count(*) from booking.signed_out_access_tokens
            where token_hash = booking.staff_token_hash('idp-token'))::int, 1,
  'only its digest is kept');
select is(pg_temp.sign_out_token(null, now()) ->> 'error', 'INVALID_TOKEN', 'a NULL token');

call tests.authenticate_as('Session Clinic');
select throws_ok($$ select public.dashboard_session_status('x', null, null) $$, '42501', null,
  'members may not ask');
call tests.clear_authentication();

select * from finish();
rollback;
