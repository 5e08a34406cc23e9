-- The role matrix over the whole member API: every public function a member
-- may execute that acts for an organization (an argument p_org_id), called
-- for Matrix Clinic as its owner, its administrator, its front desk,
-- another clinic's owner and anon. The clinic's own members are admitted
-- (the call may still refuse its NULL arguments, with any other code); the
-- settings and staff functions admit only owners and administrators; another
-- clinic's owner gets 42501 from every SECURITY DEFINER one (the SECURITY
-- INVOKER ones, the spec's reports and the feed's reads, run under RLS and
-- show it none of this clinic's rows, or refuse too: test_006, test_018,
-- test_100), and
-- anon gets 42501 from all of them. The function
-- list is read from the catalog, so a new function is in the matrix the day
-- it is added.
begin;
select plan(6);

call tests.create_org('Matrix Clinic');
call tests.create_org('Other Matrix Clinic');
call tests.create_staff_account('owner@matrix.example', 'Matrix Clinic', 'owner');
call tests.create_staff_account('admin@matrix.example', 'Matrix Clinic', 'admin');
call tests.create_staff_account('desk@matrix.example', 'Matrix Clinic', 'front_desk');
call tests.create_staff_account('owner@other-matrix.example', 'Other Matrix Clinic', 'owner');

-- 'denied' when the call raises 42501, else 'admitted' (any answer or other error).
create function pg_temp.outcome(p_statement text) returns text language plpgsql as $$
begin
  execute p_statement;
  return 'admitted';
exception
  when insufficient_privilege then return 'denied';
  when others then return 'admitted';
end $$;

-- `select public.f(p_org_id => <org>, <each other argument without default> => null)`.
create function pg_temp.org_calls(p_org uuid)
returns table (name text, statement text, manager_only boolean, invoker boolean) language sql as $$
  select p.proname::text,
         format('select public.%I(%s)', p.proname, string_agg(
           case when a.name = 'p_org_id' then format('p_org_id => %L::uuid', p_org)
                else format('%I => null::%s', a.name, format_type(a.type, null)) end,
           ', ' order by a.position)),
         pg_get_functiondef(p.oid) ~ 'booking\.(assert_org_role|admin_calendar|assert_can_manage_staff)\(',
         not p.prosecdef
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    cross join lateral unnest(p.proargnames, p.proargtypes::oid[], p.proargmodes)
                 with ordinality as a(name, type, mode, position)
   where n.nspname = 'public' and p.prokind = 'f'
     and has_function_privilege('authenticated', p.oid, 'EXECUTE')
     and 'p_org_id' = any (p.proargnames)
     and (a.mode is null or a.mode in ('i', 'b'))
     and (a.position <= p.pronargs - p.pronargdefaults or a.name = 'p_org_id')
   group by p.oid, p.proname
$$;

create function pg_temp.as_caller(p_caller text) returns void language plpgsql as $$
begin
  if p_caller = 'anon' then
    call tests.authenticate_as_anon();
  else
    call tests.authenticate_as_account(p_caller);
  end if;
end $$;

create function pg_temp.wrong(
  p_caller text, p_expect_manager text, p_expect_other text, p_expect_invoker text default null
) returns text[] language plpgsql as $$
declare
  v_call record;
  v_outcome text;
  v_expected text;
  v_wrong text[] := '{}';
begin
  for v_call in select * from pg_temp.org_calls(tests.org_id('Matrix Clinic')) order by name loop
    perform pg_temp.as_caller(p_caller);
    v_outcome := pg_temp.outcome(v_call.statement);
    call tests.clear_authentication();
    v_expected := case when v_call.manager_only then p_expect_manager
                       when v_call.invoker and p_expect_invoker is not null then p_expect_invoker
                       else p_expect_other end;
    if v_expected <> 'either' and v_outcome <> v_expected then
      v_wrong := v_wrong || (v_call.name || ': ' || v_outcome);
    end if;
  end loop;
  return v_wrong;
end $$;

select cmp_ok((select count(*) from pg_temp.org_calls(tests.org_id('Matrix Clinic')))::int, '>=', 37,
  'the matrix covers the member API (every function acting for an organization)');
select is(pg_temp.wrong('owner@matrix.example', 'admitted', 'admitted'), '{}',
  'the owner is admitted to every function of the member API');
select is(pg_temp.wrong('admin@matrix.example', 'admitted', 'admitted'), '{}',
  'the administrator too');
select is(pg_temp.wrong('desk@matrix.example', 'denied', 'admitted'), '{}',
  'the front desk to all but the settings and staff functions');
select is(pg_temp.wrong('owner@other-matrix.example', 'denied', 'denied', 'either'), '{}',
  'another clinic''s owner to none (the SECURITY INVOKER reads answer under RLS: nothing of this clinic)');
select is(pg_temp.wrong('anon', 'denied', 'denied'), '{}', 'anon to none');

select * from finish();
rollback;
