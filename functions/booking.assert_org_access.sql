-- Raises 42501 unless the caller may act for p_org_id.
--   authenticated: only for app_metadata.org_id of its JWT;
--   anon: never;
--   service_role and privileged database roles (a DBA in psql): any org.
-- Callers check p_org_id for existence themselves, after this check, so an
-- authenticated caller learns nothing about other organizations.
create or replace function booking.assert_org_access(p_org_id uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_role text := booking.api_role();
begin
  if v_role = 'anon' then
    raise exception 'anonymous callers cannot act for an organization'
      using errcode = '42501';
  end if;
  if v_role = 'authenticated' and p_org_id is distinct from booking.jwt_org_id() then
    raise exception 'not allowed to act for organization %', p_org_id
      using errcode = '42501',
            hint = 'The JWT claim app_metadata.org_id names the only organization you may act for.';
  end if;
end;
$$;

revoke execute on function booking.assert_org_access(uuid) from public;
comment on function booking.assert_org_access(uuid) is
  'Raises 42501 unless the caller may act for the organization (authenticated: own org only; service_role and DBAs: any).';
