-- Fixtures for the gateway tests, ported from PostgREST's test suite
-- (test/spec/fixtures/schema.sql) for the RPC specs. They live in their own
-- schema, never in public: other tests assert properties of every function
-- in public. Loaded by tests/gateway/conftest.py, as the database owner.

drop schema if exists rpc_fixtures cascade;
create schema rpc_fixtures;
comment on schema rpc_fixtures is 'RPC fixtures
Functions ported from PostgREST''s RPC specs, for the gateway tests.';
grant usage on schema rpc_fixtures to anon, authenticated, service_role;

create type rpc_fixtures.point_2d as (x integer, y integer);
create domain rpc_fixtures.positive_integer as integer check (value > 0);
create table rpc_fixtures.writes (id integer primary key, parent_id integer references rpc_fixtures.writes (id));
create sequence rpc_fixtures.callcounter_count;
grant select, insert on rpc_fixtures.writes to anon, authenticated, service_role;
grant usage on sequence rpc_fixtures.callcounter_count to anon, authenticated, service_role;

-- results ---------------------------------------------------------------------------
create function rpc_fixtures.sayhello(name text) returns text
language sql immutable as $$ select 'Hello, ' || name $$;
comment on function rpc_fixtures.sayhello(text) is 'Greets by name
Returns the text Hello, <name>.';

create function rpc_fixtures.add_them(a integer, b integer) returns integer
language sql immutable as $$ select a + b $$;

create function rpc_fixtures.noparamsproc() returns text
language sql immutable as $$ select 'Return value of no parameters procedure.' $$;

create function rpc_fixtures.ret_void() returns void
language sql as $$ select $$;

create function rpc_fixtures.ret_null() returns integer
language sql immutable as $$ select null::integer $$;

create function rpc_fixtures.ret_array() returns integer[]
language sql immutable as $$ select '{1,2,3}'::integer[] $$;

create function rpc_fixtures.ret_domain(val text) returns rpc_fixtures.positive_integer
language sql immutable as $$ select val::rpc_fixtures.positive_integer $$;

create function rpc_fixtures.ret_point_2d() returns rpc_fixtures.point_2d
language sql immutable as $$ select row(10, 5)::rpc_fixtures.point_2d $$;

create function rpc_fixtures.ret_setof_integers() returns setof integer
language sql immutable as $$ values (1), (2), (3) $$;

create function rpc_fixtures.test_empty_rowset() returns setof integer
language sql immutable as $$ select null::integer where false $$;

create function rpc_fixtures.getitemrange(min integer, max integer) returns table (id integer)
language sql immutable as $$ select g from generate_series(min + 1, max) g $$;

create function rpc_fixtures.single_column_table_return() returns table (a text)
language sql immutable as $$ select 'A' $$;

create function rpc_fixtures.multi_column_table_return() returns table (a text, b text)
language sql immutable as $$ select 'A', 'B' $$;

create function rpc_fixtures.single_out_param(num integer, out num_plus_one integer)
language sql immutable as $$ select num + 1 $$;

create function rpc_fixtures.many_inout_params(inout num integer, inout str text, inout b boolean default true)
language sql immutable as $$ select num, str, b $$;

create function rpc_fixtures.rows_with_nulls() returns table (a text, b text)
language sql immutable as $$ values ('x', null), ('y', 'z') $$;

create function rpc_fixtures."quotedFunction"("user" text, "fullName" text, "SSN" text) returns jsonb
language sql immutable as $$ select jsonb_build_object('user', "user", 'fullName', "fullName", 'SSN', "SSN") $$;

-- arguments -------------------------------------------------------------------------
create function rpc_fixtures.three_defaults(a integer default 1, b integer default 2, c integer default 3)
returns integer language sql immutable as $$ select a + b + c $$;

create function rpc_fixtures.json_argument(arg json) returns text
language sql immutable as $$ select json_typeof(arg) $$;

create function rpc_fixtures.variadic_param(variadic v text[] default '{}') returns text[]
language sql immutable as $$ select v $$;

create function rpc_fixtures.varied_arguments(
  "double" double precision, "varchar" varchar, "boolean" boolean, "date" date,
  "integer" integer, arr text[], "json" json default '{}', "jsonb" jsonb default '{}'
) returns json language sql immutable as $$
  select json_build_object('double', "double", 'varchar', "varchar", 'boolean', "boolean",
    'date', "date", 'integer', "integer", 'arr', arr, 'json', "json", 'jsonb', "jsonb")
$$;

create function rpc_fixtures.singlejsonparam(json) returns json
language sql immutable as $$ select $1 $$;

-- overloads -------------------------------------------------------------------------
create function rpc_fixtures.overloaded() returns setof integer
language sql immutable as $$ values (1), (2), (3) $$;
create function rpc_fixtures.overloaded(a integer, b integer) returns integer
language sql immutable as $$ select a + b $$;
create function rpc_fixtures.overloaded(a text, b text, c text) returns text
language sql immutable as $$ select a || b || c $$;

create function rpc_fixtures.overloaded_same_args(arg integer) returns integer
language sql immutable as $$ select arg $$;
create function rpc_fixtures.overloaded_same_args(arg xml) returns xml
language sql immutable as $$ select arg $$;
create function rpc_fixtures.overloaded_same_args(arg text, num integer default 0) returns text
language sql immutable as $$ select arg $$;

-- errors ----------------------------------------------------------------------------
create function rpc_fixtures.raise_pt402() returns void
language plpgsql as $$
begin
  raise sqlstate 'PT402' using message = 'Payment Required', detail = 'Quota exceeded', hint = 'Upgrade your plan';
end $$;

create function rpc_fixtures.raise_bad_pt() returns void
language plpgsql as $$
begin
  raise sqlstate 'PT40A' using message = 'Wrong';
end $$;

create function rpc_fixtures.raise_pgrst() returns void
language plpgsql as $$
begin
  raise sqlstate 'PGRST' using
    message = '{"code":"123","message":"ABC","details":"DEF","hint":"XYZ"}',
    detail = '{"status":418,"status_text":"Teapot","headers":{"X-Header":"Header Value"}}';
end $$;

create function rpc_fixtures.problem() returns void
language plpgsql as $$
begin
  raise exception 'bad thing';
end $$;

create function rpc_fixtures.assert_fails() returns void
language plpgsql as $$
begin
  assert false, 'an assertion';
end $$;

create function rpc_fixtures.privileged_hello(name text) returns text
language sql immutable as $$ select 'Privileged hello to ' || name $$;

create function rpc_fixtures.write_row(id integer, parent_id integer default null) returns void
language sql as $$ insert into rpc_fixtures.writes (id, parent_id) values (id, parent_id) $$;

create function rpc_fixtures.callcounter() returns bigint
language sql as $$ select nextval('rpc_fixtures.callcounter_count') $$;

create function rpc_fixtures.sleep(seconds double precision) returns void
language sql as $$ select pg_sleep(seconds) $$;

-- PostgREST hoists statement_timeout from the function to the transaction.
create function rpc_fixtures.sleep_with_timeout(seconds double precision) returns void
language sql set statement_timeout = '200ms' as $$ select pg_sleep(seconds) $$;

create function rpc_fixtures.terminate_own_backend() returns void
language sql security definer set search_path = '' as $$
  select from pg_catalog.pg_terminate_backend(pg_catalog.pg_backend_pid())
$$;

create function rpc_fixtures.set_response(status text, headers text) returns text
language sql as $$
  select set_config('response.status', status, true) || set_config('response.headers', headers, true)
$$;

-- request settings -------------------------------------------------------------------
create function rpc_fixtures.get_guc_value(name text) returns text
language sql stable as $$ select nullif(current_setting(name, true), '') $$;
create function rpc_fixtures.get_guc_value(prefix text, name text) returns text
language sql stable as $$ select nullif(current_setting(prefix, true), '')::json ->> name $$;

create function rpc_fixtures.whoami() returns json
language sql stable as $$
  select json_build_object('current_user', current_user, 'search_path', current_setting('search_path'),
    'read_only', current_setting('transaction_read_only'), 'statement_timeout', current_setting('statement_timeout'))
$$;

grant execute on all functions in schema rpc_fixtures to anon, authenticated, service_role;
-- PostgreSQL lets PUBLIC execute new functions (the package leaves that
-- default alone: schema/0071), so a closed function revokes from PUBLIC too.
revoke execute on function rpc_fixtures.privileged_hello(text) from public, anon, authenticated;
revoke execute on function rpc_fixtures.terminate_own_backend() from public, anon, authenticated;
