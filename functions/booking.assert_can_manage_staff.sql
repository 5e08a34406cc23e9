-- Raises 42501 unless the caller may manage the staff of p_org_id:
-- service_role and privileged database roles (any organization), or an
-- account whose active membership there is owner or admin. Returns what the
-- caller acts as ('service_role', 'owner', 'admin'), for the rules that
-- tell an owner from an admin (an admin never grants or touches an owner).
-- A clinic member known only by app_metadata.org_id is not enough: staff
-- are managed by accounts. Callers check p_org_id for existence after this
-- check, so nobody learns about other organizations.
create or replace function booking.assert_can_manage_staff(p_org_id uuid)
returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  -- Who may: booking.assert_org_role's rule, written once (owners and
  -- admins of the organization, or service_role); then which of them.
  perform booking.assert_org_role(p_org_id, 'admin');
  if booking.api_role() = 'authenticated' then
    return booking.caller_membership_role(p_org_id);
  end if;
  return 'service_role';
end;
$$;

revoke execute on function booking.assert_can_manage_staff(uuid) from public, anon, authenticated, service_role;
comment on function booking.assert_can_manage_staff(uuid) is
  'Raises 42501 unless the caller is service_role or an active owner/admin of the organization; returns service_role, owner or admin.';
