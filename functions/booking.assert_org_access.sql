-- Raises 42501 unless the caller may act for p_org_id:
--   service_role and privileged database roles (a DBA in psql): any org;
--   authenticated: only app_metadata.org_id of its JWT (user_metadata is
--   user-editable and never consulted);
--   any other role (anon, ...): never.
-- Callers check p_org_id for existence themselves, after this check, so an
-- authenticated caller learns nothing about other organizations. (The rule
-- itself: booking.can_act_for_org.)
create or replace function booking.assert_org_access(p_org_id uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if booking.can_act_for_org(p_org_id) then
    return;
  end if;
  raise exception 'not allowed to act for organization %', p_org_id
    using errcode = '42501',
          hint = 'The JWT claim app_metadata.org_id names the only organization a member may act for.';
end;
$$;

revoke execute on function booking.assert_org_access(uuid) from public, anon, authenticated, service_role;
comment on function booking.assert_org_access(uuid) is
  'Raises 42501 unless the caller may act for the organization (authenticated: own org only; service_role and privileged roles: any; others: none).';
