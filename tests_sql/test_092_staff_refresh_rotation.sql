-- Refresh tokens rotate: each use answers a new token of the same family
-- and marks the old one used; a used token presented again revokes the
-- whole family (REFRESH_TOKEN_REUSED), other sessions untouched. Sign-out
-- revokes the family and is idempotent; a disabled account's session ends.
-- Only service_role refreshes and signs out.
begin;
select plan(28);

call tests.create_org('Refresh Clinic');
call tests.create_staff_account('desk@refresh.example', 'Refresh Clinic', 'front_desk');
call tests.create_staff_account('admin@refresh.example', 'Refresh Clinic', 'admin');

-- Sessions are started as sign-in starts them (without the bcrypt check,
-- which test_091 covers).
create function pg_temp.session(p_email text) returns jsonb language sql as $$
  select booking.issue_staff_session(tests.account_id(p_email), gen_random_uuid())::jsonb;
$$;
create function pg_temp.refresh(p_token text) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_service_role();
  v_answer := public.staff_refresh(p_token)::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;
create function pg_temp.sign_out(p_token text) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_service_role();
  v_answer := public.staff_sign_out(p_token)::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;

create temp table s1 as select pg_temp.session('desk@refresh.example') as r;
create temp table other_session as select pg_temp.session('desk@refresh.example') as r;
create temp table s2 as select pg_temp.refresh((select r ->> 'refresh_token' from s1)) as r;

-- Who may refresh and sign out.
do $$ begin perform set_config('t.other', (select r ->> 'refresh_token' from other_session), true); end $$;
call tests.authenticate_as_anon();
select throws_ok(format('select public.staff_refresh(%L)', current_setting('t.other')), '42501', null,
  'anon cannot call staff_refresh');
select throws_ok(format('select public.staff_sign_out(%L)', current_setting('t.other')), '42501', null,
  'anon cannot call staff_sign_out');
call tests.authenticate_as_account('desk@refresh.example');
select throws_ok(format('select public.staff_refresh(%L)', current_setting('t.other')), '42501', null,
  'the account itself cannot call staff_refresh over REST');
select throws_ok(format('select public.staff_sign_out(%L)', current_setting('t.other')), '42501', null,
  'nor staff_sign_out');
call tests.clear_authentication();

-- Stored as hashes.
select is((select count(*)::integer from booking.staff_refresh_tokens
            where token_hash = extensions.digest((select r ->> 'refresh_token' from s1), 'sha256')), 1,
  'a refresh token is stored as its SHA-256');
select is_empty(format($q$ select from booking.staff_refresh_tokens
                          where position(convert_to(%L, 'UTF8') in token_hash) > 0 $q$, (select r ->> 'refresh_token' from s1)),
  'and the token itself is stored nowhere');

-- Rotation.
select is((select r ->> 'success' from s2), 'true', 'a refresh token is exchanged for a new one');
select isnt((select r ->> 'refresh_token' from s2), (select r ->> 'refresh_token' from s1), 'the new token differs');
select is((select r -> 'memberships' -> 0 ->> 'role' from s2), 'front_desk', 'and the answer carries the memberships');
select is((select count(distinct family_id)::integer from booking.staff_refresh_tokens
            where token_hash in (extensions.digest((select r ->> 'refresh_token' from s1), 'sha256'),
                                 extensions.digest((select r ->> 'refresh_token' from s2), 'sha256'))), 1,
  'both tokens belong to one family');
select isnt((select used_at from booking.staff_refresh_tokens
              where token_hash = extensions.digest((select r ->> 'refresh_token' from s1), 'sha256')), null,
  'the exchanged token is marked used');

-- Reuse revokes the family.
select is(pg_temp.refresh((select r ->> 'refresh_token' from s1)) ->> 'error', 'REFRESH_TOKEN_REUSED',
  'a used token presented again answers REFRESH_TOKEN_REUSED');
select is(pg_temp.refresh((select r ->> 'refresh_token' from s2)) ->> 'error', 'INVALID_REFRESH_TOKEN',
  'and the family''s newest token no longer works (the thief''s or the victim''s)');
select is(pg_temp.refresh((select r ->> 'refresh_token' from s1)) ->> 'error', 'INVALID_REFRESH_TOKEN',
  'a revoked token presented again answers INVALID_REFRESH_TOKEN');
select is((select count(*)::integer from booking.staff_refresh_tokens
            where family_id = (select family_id from booking.staff_refresh_tokens
                                where token_hash = extensions.digest((select r ->> 'refresh_token' from s1), 'sha256'))
              and revoked_at is null), 0, 'every token of the family is revoked');
create temp table other_rotated as select pg_temp.refresh((select r ->> 'refresh_token' from other_session)) as r;
select is((select r ->> 'success' from other_rotated), 'true', 'the account''s other session is untouched');

-- Unknown and expired tokens.
select is(pg_temp.refresh('not-a-token') ->> 'error', 'INVALID_REFRESH_TOKEN', 'an unknown token answers INVALID_REFRESH_TOKEN');
select is(pg_temp.refresh(null) ->> 'error', 'INVALID_REFRESH_TOKEN', 'so does NULL');
update booking.staff_refresh_tokens set created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour'
 where token_hash = extensions.digest((select r ->> 'refresh_token' from other_rotated), 'sha256');
select is(pg_temp.refresh((select r ->> 'refresh_token' from other_rotated)) ->> 'error', 'INVALID_REFRESH_TOKEN',
  'an expired token answers INVALID_REFRESH_TOKEN');
select ok((select r ->> 'refresh_expires_at' from s2)::timestamptz between now() + interval '11 hours 59 minutes' and now() + interval '12 hours',
  'a refresh token lasts 12 hours (a shift) from its issue');

-- An old, expired token that was used still gives the theft away.
create temp table s6 as select pg_temp.session('admin@refresh.example') as r;
create temp table s7 as select pg_temp.refresh((select r ->> 'refresh_token' from s6)) as r;
update booking.staff_refresh_tokens set created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour'
 where token_hash = extensions.digest((select r ->> 'refresh_token' from s6), 'sha256');
select is(pg_temp.refresh((select r ->> 'refresh_token' from s6)) ->> 'error', 'REFRESH_TOKEN_REUSED',
  'a used token presented after its expiry still answers REFRESH_TOKEN_REUSED');
select is(pg_temp.refresh((select r ->> 'refresh_token' from s7)) ->> 'error', 'INVALID_REFRESH_TOKEN',
  'and revokes the live session it came from');

-- Sign-out.
create temp table s3 as select pg_temp.session('admin@refresh.example') as r;
create temp table s4 as select pg_temp.refresh((select r ->> 'refresh_token' from s3)) as r;
select is(pg_temp.sign_out((select r ->> 'refresh_token' from s3)), '{"success": true}'::jsonb,
  'sign-out with any token of the session (here: the used one) succeeds');
select is(pg_temp.refresh((select r ->> 'refresh_token' from s4)) ->> 'error', 'INVALID_REFRESH_TOKEN',
  'and the session''s current token no longer refreshes');
select is(pg_temp.sign_out((select r ->> 'refresh_token' from s4)), '{"success": true}'::jsonb, 'signing out again succeeds');
select is(pg_temp.sign_out('not-a-token'), '{"success": true}'::jsonb, 'and so does an unknown token');

-- A disabled account's session ends at its next refresh.
create temp table s5 as select pg_temp.session('admin@refresh.example') as r;
update booking.staff_accounts set disabled_at = now() where email = 'admin@refresh.example';
select is(pg_temp.refresh((select r ->> 'refresh_token' from s5)) ->> 'error', 'ACCOUNT_DISABLED',
  'a disabled account''s refresh answers ACCOUNT_DISABLED');
update booking.staff_accounts set disabled_at = null where email = 'admin@refresh.example';
select is(pg_temp.refresh((select r ->> 'refresh_token' from s5)) ->> 'error', 'INVALID_REFRESH_TOKEN',
  'and its session stays revoked after the account is enabled again');

select * from finish();
rollback;
