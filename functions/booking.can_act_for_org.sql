-- True when the caller may act for p_org_id (the rule of
-- booking.assert_org_access, without raising):
--   service_role and privileged database roles: any organization;
--   authenticated: only app_metadata.org_id of its JWT;
--   any other role: none.
-- Functions that look a row up by its id alone (a hold, an appointment, a
-- message) use it to answer another organization's id exactly as an
-- unknown one, so ids cannot be probed across organizations.
create or replace function booking.can_act_for_org(p_org_id uuid)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
  -- A member acting for its own organization (every booking through the
  -- API) is answered without looking the role up.
  if booking.api_role() = 'authenticated' and p_org_id is not null
     and p_org_id is not distinct from booking.jwt_org_id() then
    return true;
  end if;
  return booking.is_privileged_caller();
end;
$$;

revoke execute on function booking.can_act_for_org(uuid) from public, anon, authenticated, service_role;
comment on function booking.can_act_for_org(uuid) is
  'True when the caller may act for the organization (authenticated: own org only; service_role and privileged roles: any; others: none).';
