-- The package closes its own functions explicitly (each function file
-- revokes EXECUTE from PUBLIC); it leaves the migrating role's default
-- privileges as PostgreSQL has them (schema/0071), so a user's function
-- created afterwards, outside the package, keeps PostgreSQL's default:
-- PUBLIC may execute it.
begin;
select plan(4);

select is_empty($$
  select from pg_default_acl d
   where d.defaclrole = current_user::regrole and d.defaclnamespace = 0 and d.defaclobjtype = 'f' $$,
  'the migrating role has no global default privileges on functions left');

create schema user_code;
create function user_code.greeting() returns text language sql as $$ select 'hello' $$;
select is((select proacl from pg_proc where oid = 'user_code.greeting()'::regprocedure), null,
  'a function created afterwards in another schema has PostgreSQL''s default privileges');
select ok(has_function_privilege('anon', 'user_code.greeting()', 'EXECUTE'),
  'so PUBLIC (any role) may execute it');

create function public.user_greeting() returns text language sql as $$ select 'hello' $$;
select ok(exists (select from pg_proc p, aclexplode(p.proacl) a
                   where p.oid = 'public.user_greeting()'::regprocedure
                     and a.grantee = 0 and a.privilege_type = 'EXECUTE'),
  'a user''s function in public is executable by PUBLIC too');

select * from finish();
rollback;
