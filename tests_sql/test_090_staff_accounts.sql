-- Staff accounts: the security properties of the tables and functions.
-- No API role reads or writes the staff tables (the functions do); each
-- function's EXECUTE is pinned per role; a password is stored only as a
-- bcrypt hash of cost 12, and the plaintext ends up in no table and no
-- answer; tokens are stored only as their SHA-256.
begin;
select plan(80);

call tests.create_org('Accounts Clinic');

-- The tables.
create function pg_temp.table_rules() returns setof text language plpgsql as $$
declare
  t text;
  r text;
begin
  foreach t in array array['staff_accounts', 'memberships', 'staff_refresh_tokens', 'staff_invitations',
                           'staff_password_resets'] loop
    return next ok((select relrowsecurity from pg_class where oid = format('booking.%I', t)::regclass),
      format('%s has row level security', t));
    return next is_empty(format($q$ select polname from pg_policy where polrelid = 'booking.%I'::regclass $q$, t),
      format('%s has no policy: only the functions reach it', t));
    foreach r in array array['anon', 'authenticated', 'service_role'] loop
      return next table_privs_are('booking', t, r, array[]::text[], format('%s holds no privilege on %s', r, t));
    end loop;
  end loop;
end $$;
select * from pg_temp.table_rules();

-- The functions: who may execute what.
create function pg_temp.function_rules() returns setof text language plpgsql as $$
declare
  f record;
begin
  for f in
    select * from (values
      ('staff_sign_in', array['text', 'text'], false, false),
      ('staff_refresh', array['text'], false, false),
      ('staff_sign_out', array['text'], false, false),
      ('bootstrap_owner', array['uuid', 'uuid'], false, false),
      ('invite_staff_member', array['uuid', 'text', 'text', 'text'], false, true),
      ('list_staff', array['uuid'], false, true),
      ('set_staff_role', array['uuid', 'uuid', 'text'], false, true),
      ('set_staff_member_disabled', array['uuid', 'uuid', 'boolean'], false, true),
      ('reset_staff_password', array['uuid', 'uuid'], false, true),
      ('accept_staff_invitation', array['text', 'text', 'text'], true, false),
      ('complete_password_reset', array['text', 'text'], true, false)) as v(name, args, anon, authenticated)
  loop
    return next function_privs_are('public', f.name, f.args, 'anon',
      case when f.anon then array['EXECUTE'] else array[]::text[] end,
      format('anon %s execute %s', case when f.anon then 'can' else 'cannot' end, f.name));
    return next function_privs_are('public', f.name, f.args, 'authenticated',
      case when f.authenticated then array['EXECUTE'] else array[]::text[] end,
      format('authenticated %s execute %s', case when f.authenticated then 'can' else 'cannot' end, f.name));
    return next function_privs_are('public', f.name, f.args, 'service_role', array['EXECUTE'],
      format('service_role can execute %s', f.name));
    return next is_definer('public', f.name, f.args, format('%s is SECURITY DEFINER', f.name));
  end loop;
end $$;
select * from pg_temp.function_rules();

select is_empty($$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                    where n.nspname = 'booking'
                      and p.proname in ('caller_account_id', 'caller_membership_role', 'assert_can_manage_staff',
                                        'hash_staff_password', 'issue_staff_session', 'staff_memberships',
                                        'staff_token_hash', 'new_staff_token', 'staff_change_refusal')
                      and (has_function_privilege('anon', p.oid, 'EXECUTE')
                        or has_function_privilege('authenticated', p.oid, 'EXECUTE')
                        or has_function_privilege('service_role', p.oid, 'EXECUTE')) $$,
  'no API role executes the staff helpers');

-- Passwords: what an accepted invitation stores.
call tests.authenticate_as_service_role();
create temp table invited as
  select public.invite_staff_member(tests.org_id('Accounts Clinic'), '  New.Person@Example.ORG ', null, 'front_desk') as r;
do $$ begin perform set_config('t.invitation_token', (select r ->> 'invitation_token' from invited), true); end $$;
call tests.authenticate_as_anon();
create temp table accepted as
  select public.accept_staff_invitation(current_setting('t.invitation_token'), 'plain text secret 8271') as r;
call tests.clear_authentication();

select is((select r ->> 'email' from accepted), 'new.person@example.org', 'the email is stored trimmed and lower-cased');
select matches((select password_hash from booking.staff_accounts where email = 'new.person@example.org'),
  '^\$2a\$12\$[./A-Za-z0-9]{53}$', 'the password is stored as a bcrypt hash of cost 12');
select is((select extensions.crypt('plain text secret 8271', password_hash) = password_hash
             from booking.staff_accounts where email = 'new.person@example.org'), true, 'the hash verifies the password');
create function pg_temp.columns_containing(p_text text) returns setof text language plpgsql as $$
declare
  c record;
  v_found boolean;
begin
  for c in
    select cl.relname, a.attname
      from pg_class cl join pg_namespace n on n.oid = cl.relnamespace
      join pg_attribute a on a.attrelid = cl.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname = 'booking' and cl.relkind = 'r'
       and a.atttypid in ('text'::regtype, 'bytea'::regtype, 'json'::regtype, 'jsonb'::regtype)
  loop
    execute format('select exists (select from booking.%I where position(%L in %I::text) > 0 or position(%L in encode(convert_to(%I::text, ''UTF8''), ''escape'')) > 0)',
                   c.relname, p_text, c.attname, p_text, c.attname) into v_found;
    if v_found then
      return next c.relname || '.' || c.attname;
    end if;
  end loop;
end $$;
select is_empty($$ select * from pg_temp.columns_containing('plain text secret 8271') $$,
  'the plaintext password is in no column of any table of the package');
select is((select count(*)::integer from accepted where r::text like '%plain text secret 8271%')
        + (select count(*)::integer from invited where r::text like '%plain text secret 8271%'), 0,
  'no answer contains the password');
select throws_ok($$ insert into booking.staff_accounts (email, password_hash) values ('x@example.com', 'plain text secret 8271') $$,
  '23514', null, 'a plaintext password does not fit the password_hash column');
select throws_ok($$ insert into booking.staff_accounts (email, password_hash)
                    values ('x@example.com', extensions.crypt('plain text secret 8271', extensions.gen_salt('bf', 4))) $$,
  '23514', null, 'nor does a bcrypt hash of a lower cost than 12');
select throws_ok($$ insert into booking.staff_accounts (email, password_hash)
                    values ('X@Example.com', '$2a$12$9uh/D.GgWMHAOKLSaFbFIuS18WEjsR/E3nEPe/E5ejbRPBPyYtHEm') $$,
  '23514', null, 'an email that is not lower-cased does not fit');

-- Tokens: only their SHA-256 is stored.
select is((select count(*)::integer from booking.staff_invitations
            where token_hash = extensions.digest((select r ->> 'invitation_token' from invited), 'sha256')), 1,
  'the invitation token''s SHA-256 is stored');
select matches((select r ->> 'invitation_token' from invited), '^[A-Za-z0-9_-]{32}$',
  'the invitation token is 32 url-safe characters (192 bits)');

select * from finish();
rollback;
