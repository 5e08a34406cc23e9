-- Staff sign-in and its lockout: 5 wrong passwords within 15 minutes lock
-- the account for 15 minutes; an unknown email, a wrong password and a
-- disabled account answer alike (no enumeration); each account counts its
-- own failures. Only service_role signs in.
begin;
select plan(24);

call tests.create_org('Lockout Clinic');
call tests.create_org('Other Lockout Clinic');
call tests.create_staff_account('desk@lockout.example', 'Lockout Clinic', 'front_desk');
call tests.create_staff_account('other@lockout.example', 'Lockout Clinic', 'admin');
call tests.create_staff_account('desk@lockout.example', null);
insert into booking.memberships (org_id, account_id, role)
values (tests.org_id('Other Lockout Clinic'), tests.account_id('desk@lockout.example'), 'owner');

create function pg_temp.sign_in(p_email text, p_password text) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_service_role();
  v_answer := public.staff_sign_in(p_email, p_password)::jsonb;
  call tests.clear_authentication();
  return v_answer;
end $$;

-- Who may sign in.
call tests.authenticate_as_anon();
select throws_ok($$ select public.staff_sign_in('desk@lockout.example', 'correct horse battery staple') $$, '42501', null,
  'anon cannot call staff_sign_in');
call tests.authenticate_as('Lockout Clinic');
select throws_ok($$ select public.staff_sign_in('desk@lockout.example', 'correct horse battery staple') $$, '42501', null,
  'a clinic member cannot call staff_sign_in');
call tests.clear_authentication();

-- A good sign-in.
create temp table good as select pg_temp.sign_in('  Desk@Lockout.EXAMPLE ', 'correct horse battery staple') as r;
select is((select r ->> 'success' from good), 'true', 'the right password signs in, whatever the email''s case and spaces');
select is((select r ->> 'account_id' from good), tests.account_id('desk@lockout.example')::text, 'it answers the account');
select is((select jsonb_agg(m ->> 'organization_name' || ':' || (m ->> 'role') order by m ->> 'organization_name')
             from good, jsonb_array_elements(r -> 'memberships') m),
  '["Lockout Clinic:front_desk", "Other Lockout Clinic:owner"]'::jsonb, 'and its memberships with their roles');
select ok((select r ? 'refresh_token' and r ? 'refresh_expires_at' from good), 'and a refresh token');
select ok((select not (r::text ~* 'password|\$2a\$') from good), 'and neither the password nor its hash');

-- No enumeration.
create temp table unknown_email as select pg_temp.sign_in('nobody@lockout.example', 'correct horse battery staple') as r;
create temp table wrong_password as select pg_temp.sign_in('desk@lockout.example', 'not the password') as r;
select is((select r ->> 'error' from wrong_password), 'INVALID_CREDENTIALS', 'a wrong password answers INVALID_CREDENTIALS');
select is((select r from unknown_email), (select r from wrong_password),
  'an unknown email answers exactly as a wrong password');
update booking.staff_accounts set disabled_at = now() where email = 'other@lockout.example';
select is(pg_temp.sign_in('other@lockout.example', 'correct horse battery staple'), (select r from wrong_password),
  'a disabled account with the right password answers exactly as a wrong password');
update booking.staff_accounts set disabled_at = null where email = 'other@lockout.example';

-- Lockout: the first wrong password above and four more.
select is(pg_temp.sign_in('desk@lockout.example', 'not the password') ->> 'error', 'INVALID_CREDENTIALS', 'wrong password 2');
select is(pg_temp.sign_in('desk@lockout.example', 'not the password') ->> 'error', 'INVALID_CREDENTIALS', 'wrong password 3');
select is(pg_temp.sign_in('desk@lockout.example', 'not the password') ->> 'error', 'INVALID_CREDENTIALS', 'wrong password 4');
select is((select failed_sign_ins from booking.staff_accounts where email = 'desk@lockout.example'), 4,
  'the account counts its wrong passwords');
select is(pg_temp.sign_in('desk@lockout.example', 'not the password') ->> 'error', 'INVALID_CREDENTIALS', 'wrong password 5');
select ok((select locked_until > now() + interval '14 minutes' from booking.staff_accounts where email = 'desk@lockout.example'),
  'the fifth wrong password within 15 minutes locks the account for 15 minutes');
select is(pg_temp.sign_in('desk@lockout.example', 'correct horse battery staple') ->> 'error', 'ACCOUNT_LOCKED',
  'while locked, even the right password answers ACCOUNT_LOCKED');
select is(pg_temp.sign_in('other@lockout.example', 'correct horse battery staple') ->> 'success', 'true',
  'another account of the same clinic signs in: the lock is the account''s own');
select is(pg_temp.sign_in('nobody@lockout.example', 'not the password'), (select r from wrong_password),
  'an unknown email is never locked (nothing to count)');

-- The lock ends; the right password clears the count.
update booking.staff_accounts set locked_until = now() - interval '1 second' where email = 'desk@lockout.example';
select is(pg_temp.sign_in('desk@lockout.example', 'correct horse battery staple') ->> 'success', 'true',
  'after the lock, the right password signs in');
select is((select array[failed_sign_ins::text, coalesce(locked_until::text, 'none')] from booking.staff_accounts
            where email = 'desk@lockout.example'), array['0', 'none'], 'and clears the count and the lock');

-- The window: failures older than 15 minutes do not count.
update booking.staff_accounts set failed_sign_ins = 4, failed_sign_ins_since = now() - interval '16 minutes'
 where email = 'other@lockout.example';
select is(pg_temp.sign_in('other@lockout.example', 'not the password') ->> 'error', 'INVALID_CREDENTIALS',
  'a wrong password after the window');
select is((select array[failed_sign_ins::text, coalesce(locked_until::text, 'none')] from booking.staff_accounts
            where email = 'other@lockout.example'), array['1', 'none'], 'starts a new count instead of locking');

-- Sign-in knows nothing of memberships' state beyond listing the active ones.
update booking.memberships set disabled_at = now() where account_id = tests.account_id('desk@lockout.example')
   and org_id = tests.org_id('Other Lockout Clinic');
select is((select jsonb_agg(m ->> 'organization_name') from jsonb_array_elements(
             pg_temp.sign_in('desk@lockout.example', 'correct horse battery staple') -> 'memberships') m),
  '["Lockout Clinic"]'::jsonb, 'a disabled membership is not answered');

select * from finish();
rollback;
