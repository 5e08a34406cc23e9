-- True when the caller may act for any organization: service_role, a
-- superuser, or a member of the role that owns the package (the DBA or the
-- migration role in psql, the SMS worker). An allow-list: any other role
-- (anon, authenticated, authenticator without SET ROLE, a platform's own
-- roles) is not privileged.
create or replace function booking.is_privileged_caller()
returns boolean
language plpgsql
stable
set search_path = ''
as $$
declare
  v_role text := booking.api_role();
begin
  -- PL/pgSQL, not SQL: a LANGUAGE sql function with a SET clause is planned
  -- again on every call (a join over pg_roles, most of a booking's check).
  return v_role = 'service_role'
      or exists (select from pg_catalog.pg_roles r
                  where r.rolname = v_role
                    and (r.rolsuper or pg_catalog.pg_has_role(r.oid,
                           (select n.nspowner from pg_catalog.pg_namespace n where n.nspname = 'booking'),
                           'MEMBER')));
end;
$$;

revoke execute on function booking.is_privileged_caller() from public, anon, authenticated, service_role;
comment on function booking.is_privileged_caller() is
  'True for service_role, superusers and members of the package owner: callers that act for any organization.';
