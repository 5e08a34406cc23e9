-- True when the caller may act for p_org_id (the rule of
-- booking.assert_org_access, without raising):
--   service_role and privileged database roles: any organization;
--   authenticated: the organizations booking.member_org_ids names (its
--     active memberships by JWT sub; app_metadata.org_id for an identity
--     the membership table does not know);
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
  if booking.api_role() = 'authenticated' then
    return p_org_id is not null and p_org_id = any (booking.member_org_ids());
  end if;
  return booking.is_privileged_caller();
end;
$$;

revoke execute on function booking.can_act_for_org(uuid) from public, anon, authenticated, service_role;
comment on function booking.can_act_for_org(uuid) is
  'True when the caller may act for the organization (authenticated: its memberships, booking.member_org_ids; service_role and privileged roles: any; others: none).';
