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
declare
  v_role text;
begin
  if booking.is_privileged_caller() then
    return 'service_role';
  end if;
  v_role := booking.caller_membership_role(p_org_id);
  if v_role in ('owner', 'admin') then
    return v_role;
  end if;
  raise exception 'not allowed to manage the staff of organization %', p_org_id
    using errcode = '42501',
          hint = 'Only an owner or admin of the organization (or service_role) manages its staff.';
end;
$$;

revoke execute on function booking.assert_can_manage_staff(uuid) from public, anon, authenticated, service_role;
comment on function booking.assert_can_manage_staff(uuid) is
  'Raises 42501 unless the caller is service_role or an active owner/admin of the organization; returns service_role, owner or admin.';
