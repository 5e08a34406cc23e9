-- Password resets: an owner or admin issues a one-time token (1 hour,
-- single use, replaced by a newer one); the member (anon, with the token)
-- sets a new password of 12 characters or more, which ends every session
-- of the account and lifts a lockout.
begin;
select plan(18);

call tests.create_org('Reset Clinic');
call tests.create_staff_account('owner@reset.example', 'Reset Clinic', 'owner');
call tests.create_staff_account('desk@reset.example', 'Reset Clinic', 'front_desk');
call tests.create_staff_account('stranger@reset.example', null);

create function pg_temp.reset(p_email text) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_account('owner@reset.example');
  v_answer := public.reset_staff_password(tests.org_id('Reset Clinic'), tests.account_id(p_email))::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;
create function pg_temp.complete(p_token text, p_password text) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_anon();
  v_answer := public.complete_password_reset(p_token, p_password)::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;

create temp table first_reset as select pg_temp.reset('desk@reset.example') as r;
create temp table second_reset as select pg_temp.reset('desk@reset.example') as r;
select is((select r ->> 'success' from second_reset), 'true', 'an owner issues a reset token for a member');
select ok((select (r ->> 'expires_at')::timestamptz = now() + interval '1 hour' from second_reset), 'valid 1 hour');
select is((select count(*)::integer from booking.staff_password_resets
            where token_hash = extensions.digest((select r ->> 'reset_token' from second_reset), 'sha256')), 1,
  'only its SHA-256 is stored');
select is(pg_temp.reset('stranger@reset.example') ->> 'error', 'UNKNOWN_MEMBER', 'an account of no membership here: UNKNOWN_MEMBER');
select is(pg_temp.complete((select r ->> 'reset_token' from first_reset), 'a brand new password') ->> 'error', 'INVALID_RESET_TOKEN',
  'a newer reset replaces the pending one');

-- A locked-out member with a session.
update booking.staff_accounts set locked_until = now() + interval '10 minutes' where email = 'desk@reset.example';
do $$ begin perform booking.issue_staff_session(tests.account_id('desk@reset.example'), gen_random_uuid()); end $$;
create temp table old_hash as select password_hash from booking.staff_accounts where email = 'desk@reset.example';

select is(pg_temp.complete((select r ->> 'reset_token' from second_reset), 'too short') ->> 'error', 'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_SHORT');
do $$ begin perform set_config('t.reset', (select r ->> 'reset_token' from second_reset), true); end $$;
call tests.authenticate_as_account('desk@reset.example');
select throws_ok(format('select public.complete_password_reset(%L, %L)', current_setting('t.reset'), 'a brand new password'),
  '42501', null, 'authenticated cannot call complete_password_reset (the member is anon)');
call tests.clear_authentication();
select is(pg_temp.complete((select r ->> 'reset_token' from second_reset), 'a brand new password'),
  jsonb_build_object('success', true, 'account_id', tests.account_id('desk@reset.example')), 'the member sets a new password');
select ok((select a.password_hash <> o.password_hash and extensions.crypt('a brand new password', a.password_hash) = a.password_hash
             from booking.staff_accounts a, old_hash o where a.email = 'desk@reset.example'),
  'the stored hash is the new password''s');
select is((select locked_until from booking.staff_accounts where email = 'desk@reset.example'), null, 'the lockout is lifted');
select is((select count(*)::integer from booking.staff_refresh_tokens
            where account_id = tests.account_id('desk@reset.example') and revoked_at is null), 0,
  'every session of the account is ended');
select is(pg_temp.complete((select r ->> 'reset_token' from second_reset), 'another new password') ->> 'error', 'RESET_TOKEN_USED',
  'the token is single use: RESET_TOKEN_USED');
select is(pg_temp.complete('not-a-token', 'another new password') ->> 'error', 'INVALID_RESET_TOKEN', 'an unknown token: INVALID_RESET_TOKEN');

create temp table late_reset as select pg_temp.reset('desk@reset.example') as r;
update booking.staff_password_resets set created_at = now() - interval '61 minutes', expires_at = now() - interval '1 minute'
 where token_hash = extensions.digest((select r ->> 'reset_token' from late_reset), 'sha256');
select is(pg_temp.complete((select r ->> 'reset_token' from late_reset), 'another new password') ->> 'error', 'RESET_TOKEN_EXPIRED',
  'after an hour: RESET_TOKEN_EXPIRED');

-- Who may reset.
call tests.authenticate_as_account('desk@reset.example');
select throws_ok(format('select public.reset_staff_password(%L, %L)', tests.org_id('Reset Clinic'), tests.account_id('owner@reset.example')),
  '42501', null, 'front desk cannot issue a reset');
call tests.authenticate_as_anon();
select throws_ok(format('select public.reset_staff_password(%L, %L)', tests.org_id('Reset Clinic'), tests.account_id('owner@reset.example')),
  '42501', null, 'nor can anon');
call tests.authenticate_as_service_role();
select is(public.reset_staff_password(tests.org_id('Reset Clinic'), tests.account_id('owner@reset.example')) ->> 'success', 'true',
  'service_role may');
call tests.clear_authentication();
select is((select requested_by from booking.staff_password_resets
            where account_id = tests.account_id('owner@reset.example')), null, 'a reset by service_role names no requester');

select * from finish();
rollback;
