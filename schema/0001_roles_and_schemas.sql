-- Roles, schemas, extensions and default privileges.
--
-- Safe on a fresh PostgreSQL and on a Supabase project: roles and
-- extensions are created only when missing.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * Roles (Supabase's names). anon and authenticated are the API roles of the
 * REST layer; service_role acts for any organization; authenticator is the
 * login role the REST layer connects as before switching role per request.
 * ---------------------------------------------------------------------------
 */
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;

/*
 * ---------------------------------------------------------------------------
 * Extensions live in their own schema, as on Supabase.
 * ---------------------------------------------------------------------------
 */
create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;
create extension if not exists btree_gist with schema extensions;
create extension if not exists pgcrypto with schema extensions;

/*
 * ---------------------------------------------------------------------------
 * booking: the private schema. Tables and internal helpers; never exposed
 * by the REST layer (which serves only `public`).
 * ---------------------------------------------------------------------------
 */
create schema if not exists booking;
comment on schema booking is
  'Private schema of the clinic booking package: tables and internal helpers. Never exposed over REST; the API is the functions in public.';
revoke all on schema booking from public;
grant usage on schema booking to authenticated, service_role;

grant usage on schema public to anon, authenticated, service_role;

/*
 * ---------------------------------------------------------------------------
 * Nothing is executable by PUBLIC unless granted explicitly after the
 * function's definition.
 * ---------------------------------------------------------------------------
 */
alter default privileges revoke execute on functions from public;
