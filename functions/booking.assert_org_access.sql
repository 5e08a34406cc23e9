-- Raises 42501 unless the caller may act for p_org_id:
--   service_role and privileged database roles (a DBA in psql): any org;
--   authenticated: its active memberships by JWT sub, or, for an identity
--   the membership table does not know, app_metadata.org_id of its JWT
--   (booking.member_org_ids; user_metadata is user-editable and never
--   consulted);
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
          hint = 'A member acts for the organizations of its active memberships (or its JWT''s app_metadata.org_id when it has none).';
end;
$$;

revoke execute on function booking.assert_org_access(uuid) from public, anon, authenticated, service_role;
comment on function booking.assert_org_access(uuid) is
  'Raises 42501 unless the caller may act for the organization (authenticated: its memberships, booking.member_org_ids; service_role and privileged roles: any; others: none).';
