-- Who may call which staff function, and the rules between roles: only an
-- active owner or admin of the organization (or service_role) manages its
-- staff; an admin never makes, changes, disables or resets an owner; the
-- last active owner cannot be demoted or disabled; disabling a member takes
-- its membership out of the next refresh and, when it was the account's
-- last, ends its sessions. Since test_097 memberships also decide the
-- member API: an account's JWT opens its own clinics' (test_097).
begin;
select plan(71);

call tests.create_org('Roles Clinic');
call tests.create_org('Other Roles Clinic');
call tests.create_staff_account('owner@roles.example', 'Roles Clinic', 'owner');
call tests.create_staff_account('admin@roles.example', 'Roles Clinic', 'admin');
call tests.create_staff_account('desk@roles.example', 'Roles Clinic', 'front_desk');
call tests.create_staff_account('gone@roles.example', 'Roles Clinic', 'admin');
call tests.create_staff_account('locked-out@roles.example', 'Roles Clinic', 'admin');
call tests.create_staff_account('owner@other-roles.example', 'Other Roles Clinic', 'owner');
update booking.memberships set disabled_at = now() where account_id = tests.account_id('gone@roles.example');
update booking.staff_accounts set disabled_at = now() where email = 'locked-out@roles.example';

-- The matrix: each caller x each organization-scoped staff function, on
-- Roles Clinic. Allowed callers get the function's business answer to an
-- unknown member or a bad email (nothing changes); the others 42501.
create function pg_temp.matrix() returns setof text language plpgsql as $$
declare
  v_org uuid := tests.org_id('Roles Clinic');
  v_nobody uuid := gen_random_uuid();
  c record;
  f record;
begin
  for c in select * from (values
      ('owner', 'owner@roles.example', true),
      ('admin', 'admin@roles.example', true),
      ('front desk', 'desk@roles.example', false),
      ('another clinic''s owner', 'owner@other-roles.example', false),
      ('a disabled member', 'gone@roles.example', false),
      ('a disabled account', 'locked-out@roles.example', false),
      ('a member known only by app_metadata.org_id', null, false),
      ('anon', null, false)) as v(caller, email, allowed)
  loop
    for f in select * from (values
        ('invite_staff_member', format('select public.invite_staff_member(%L, %L, null, %L) ->> ''error''', v_org, 'not an email', 'front_desk'), 'INVALID_EMAIL'),
        ('list_staff', format('select public.list_staff(%L) ->> ''success''', v_org), 'true'),
        ('set_staff_role', format('select public.set_staff_role(%L, %L, %L) ->> ''error''', v_org, v_nobody, 'admin'), 'UNKNOWN_MEMBER'),
        ('set_staff_member_disabled', format('select public.set_staff_member_disabled(%L, %L, true) ->> ''error''', v_org, v_nobody), 'UNKNOWN_MEMBER'),
        ('reset_staff_password', format('select public.reset_staff_password(%L, %L) ->> ''error''', v_org, v_nobody), 'UNKNOWN_MEMBER'))
      as v(name, call, answer)
    loop
      if c.caller = 'anon' then
        call tests.authenticate_as_anon();
      elsif c.email is null then
        call tests.authenticate_as('Roles Clinic');
      else
        call tests.authenticate_as_account(c.email);
      end if;
      if c.allowed then
        return next results_eq(f.call, format('values (%L)', f.answer), format('%s may call %s', c.caller, f.name));
      else
        return next throws_ok(f.call, '42501', null, format('%s may not call %s', c.caller, f.name));
      end if;
      call tests.clear_authentication();
    end loop;
  end loop;
end $$;
select * from pg_temp.matrix();

-- The service's own functions are service_role's only.
call tests.authenticate_as_account('owner@roles.example');
select throws_ok(format('select public.bootstrap_owner(%L, %L)', tests.org_id('Roles Clinic'), tests.account_id('desk@roles.example')),
  '42501', null, 'an owner cannot call bootstrap_owner');
select throws_ok($$ select public.staff_sign_in('desk@roles.example', 'correct horse battery staple') $$,
  '42501', null, 'nor staff_sign_in');
select lives_ok(format('select public.dashboard_overview(%L)', tests.org_id('Roles Clinic')),
  'an account''s JWT (sub, no app_metadata.org_id) opens the member API of its clinic (test_097)');
call tests.authenticate_as_anon();
select throws_ok(format('select public.bootstrap_owner(%L, %L)', tests.org_id('Roles Clinic'), tests.account_id('desk@roles.example')),
  '42501', null, 'anon cannot call bootstrap_owner');
call tests.clear_authentication();

create function pg_temp.as_account(p_email text, p_call text) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  call tests.authenticate_as_account(p_email);
  execute p_call into v_answer;
  call tests.clear_authentication();
  return v_answer;
end $$;
create function pg_temp.role_of(p_email text) returns text language sql as $$
  select role || case when disabled_at is null then '' else ' (disabled)' end from booking.memberships
   where org_id = tests.org_id('Roles Clinic') and account_id = tests.account_id(p_email);
$$;

-- Admins and owners.
select is(pg_temp.as_account('admin@roles.example', format('select public.invite_staff_member(%L, %L, null, %L)',
            tests.org_id('Roles Clinic'), 'new-owner@roles.example', 'owner')) ->> 'error', 'NOT_ALLOWED',
  'an admin may not invite an owner');
select is(pg_temp.as_account('owner@roles.example', format('select public.invite_staff_member(%L, %L, null, %L)',
            tests.org_id('Roles Clinic'), 'new-owner@roles.example', 'owner')) ->> 'success', 'true',
  'an owner may');
select is(pg_temp.as_account('admin@roles.example', format('select public.set_staff_role(%L, %L, %L)',
            tests.org_id('Roles Clinic'), tests.account_id('desk@roles.example'), 'owner')) ->> 'error', 'NOT_ALLOWED',
  'an admin may not make an owner');
select is(pg_temp.as_account('admin@roles.example', format('select public.set_staff_role(%L, %L, %L)',
            tests.org_id('Roles Clinic'), tests.account_id('owner@roles.example'), 'admin')) ->> 'error', 'NOT_ALLOWED',
  'nor change an owner''s role');
select is(pg_temp.as_account('admin@roles.example', format('select public.set_staff_member_disabled(%L, %L, true)',
            tests.org_id('Roles Clinic'), tests.account_id('owner@roles.example'))) ->> 'error', 'NOT_ALLOWED',
  'nor disable an owner');
select is(pg_temp.as_account('admin@roles.example', format('select public.reset_staff_password(%L, %L)',
            tests.org_id('Roles Clinic'), tests.account_id('owner@roles.example'))) ->> 'error', 'NOT_ALLOWED',
  'nor reset an owner''s password');
select is(pg_temp.role_of('owner@roles.example'), 'owner', 'the owner is untouched');
select is(pg_temp.as_account('admin@roles.example', format('select public.set_staff_role(%L, %L, %L)',
            tests.org_id('Roles Clinic'), tests.account_id('desk@roles.example'), 'admin')) ->> 'role', 'admin',
  'an admin may promote front desk to admin');
select is(pg_temp.role_of('desk@roles.example'), 'admin', 'the role is changed');
select is(pg_temp.as_account('admin@roles.example', format('select public.set_staff_role(%L, %L, %L)',
            tests.org_id('Roles Clinic'), tests.account_id('desk@roles.example'), 'cashier')) ->> 'error', 'INVALID_ROLE',
  'INVALID_ROLE');
select is(pg_temp.as_account('owner@roles.example', format('select public.set_staff_role(%L, %L, %L)',
            tests.org_id('Roles Clinic'), tests.account_id('owner@other-roles.example'), 'admin')) ->> 'error', 'UNKNOWN_MEMBER',
  'another clinic''s member is UNKNOWN_MEMBER');

-- The last owner.
select is(pg_temp.as_account('owner@roles.example', format('select public.set_staff_role(%L, %L, %L)',
            tests.org_id('Roles Clinic'), tests.account_id('owner@roles.example'), 'admin')) ->> 'error', 'LAST_OWNER',
  'the last owner cannot step down');
select is(pg_temp.as_account('owner@roles.example', format('select public.set_staff_member_disabled(%L, %L, true)',
            tests.org_id('Roles Clinic'), tests.account_id('owner@roles.example'))) ->> 'error', 'LAST_OWNER',
  'nor be disabled');
select is(pg_temp.as_account('owner@roles.example', format('select public.set_staff_role(%L, %L, %L)',
            tests.org_id('Roles Clinic'), tests.account_id('desk@roles.example'), 'owner')) ->> 'role', 'owner',
  'an owner may make another owner');
select is(pg_temp.as_account('owner@roles.example', format('select public.set_staff_role(%L, %L, %L)',
            tests.org_id('Roles Clinic'), tests.account_id('owner@roles.example'), 'admin')) ->> 'role', 'admin',
  'and then step down');
select is(pg_temp.as_account('desk@roles.example', format('select public.set_staff_member_disabled(%L, %L, true)',
            tests.org_id('Roles Clinic'), tests.account_id('desk@roles.example'))) ->> 'error', 'LAST_OWNER',
  'the new last owner cannot be disabled either');

-- Disabling and enabling.
do $$ begin
  perform set_config('t.session', booking.issue_staff_session(tests.account_id('admin@roles.example'), gen_random_uuid()) ->> 'refresh_token', true);
end $$;
insert into booking.memberships (org_id, account_id, role)
values (tests.org_id('Other Roles Clinic'), tests.account_id('admin@roles.example'), 'front_desk');
create temp table disabled_once as select pg_temp.as_account('desk@roles.example', format('select public.set_staff_member_disabled(%L, %L, true)',
            tests.org_id('Roles Clinic'), tests.account_id('admin@roles.example'))) as r;
select is((select r - 'org_id' - 'account_id' from disabled_once), '{"success": true, "disabled": true, "sessions_revoked": false}'::jsonb,
  'an owner disables an admin who still works for another clinic: the sessions stay');
call tests.authenticate_as_service_role();
do $$ begin perform set_config('t.after_disable', public.staff_refresh(current_setting('t.session'))::text, true); end $$;
call tests.clear_authentication();
select is((select jsonb_agg(m ->> 'organization_name') from jsonb_array_elements(current_setting('t.after_disable')::jsonb -> 'memberships') m),
  '["Other Roles Clinic"]'::jsonb, 'and the next refresh answers without the disabled membership');
select is(pg_temp.as_account('owner@other-roles.example', format('select public.set_staff_member_disabled(%L, %L, true)',
            tests.org_id('Other Roles Clinic'), tests.account_id('admin@roles.example'))) ->> 'sessions_revoked', 'true',
  'disabling its last active membership ends the account''s sessions');
call tests.authenticate_as_service_role();
select is(public.staff_refresh(current_setting('t.after_disable')::json ->> 'refresh_token') ->> 'error', 'INVALID_REFRESH_TOKEN',
  'its refresh token no longer works');
call tests.clear_authentication();
select is(pg_temp.as_account('desk@roles.example', format('select public.set_staff_member_disabled(%L, %L, false)',
            tests.org_id('Roles Clinic'), tests.account_id('admin@roles.example'))) ->> 'disabled', 'false',
  'an owner enables the member again');
select is(pg_temp.role_of('admin@roles.example'), 'admin', 'with its role');
call tests.authenticate_as_account('admin@roles.example');
select lives_ok(format('select public.list_staff(%L)', tests.org_id('Roles Clinic')), 'and its rights');
call tests.clear_authentication();

-- bootstrap_owner: the first owner, possibly an identity provider's user.
call tests.create_org('Fresh Clinic');
do $$ begin perform set_config('t.supabase_user', gen_random_uuid()::text, true); end $$;
call tests.authenticate_as_service_role();
select is((public.bootstrap_owner(tests.org_id('Fresh Clinic'), current_setting('t.supabase_user')::uuid)::jsonb - 'org_id' - 'account_id'),
  '{"success": true, "role": "owner", "staff_account": false}'::jsonb,
  'service_role makes an identity-provider user (no staff account) the first owner');
select is(public.bootstrap_owner(gen_random_uuid(), current_setting('t.supabase_user')::uuid) ->> 'error', 'INVALID_ORGANIZATION',
  'INVALID_ORGANIZATION for an unknown organization');
call tests.clear_authentication();
create function pg_temp.as_sub(p_sub uuid, p_call text) returns jsonb language plpgsql as $$
declare
  v_answer jsonb;
begin
  perform set_config('request.jwt.claims', jsonb_build_object('role', 'authenticated', 'sub', p_sub)::text, true);
  perform set_config('role', 'authenticated', true);
  execute p_call into v_answer;
  call tests.clear_authentication();
  return v_answer;
end $$;
select is(pg_temp.as_sub(current_setting('t.supabase_user')::uuid, format('select public.list_staff(%L)', tests.org_id('Fresh Clinic'))) -> 'members' -> 0 ->> 'role',
  'owner', 'who then manages its staff by its JWT sub');
select is(pg_temp.as_sub(current_setting('t.supabase_user')::uuid, format('select public.reset_staff_password(%L, %L)',
            tests.org_id('Fresh Clinic'), current_setting('t.supabase_user')::uuid)) ->> 'error', 'NO_PASSWORD_ACCOUNT',
  'an identity-provider user has no password to reset: NO_PASSWORD_ACCOUNT');

select * from finish();
rollback;
