-- Owner/admin (or service_role): changes a member's role. The contract is
-- the COMMENT at the end of this file. Locking: booking.staff_change_refusal.
create or replace function public.set_staff_role(p_org_id uuid, p_account_id uuid, p_role text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_caller_role text := booking.assert_can_manage_staff(p_org_id);
  v_refusal text;
begin
  if p_role is null or p_role not in ('owner', 'admin', 'front_desk') then
    return booking.json_error('INVALID_ROLE', 'The role must be owner, admin or front_desk');
  end if;
  v_refusal := booking.staff_change_refusal(p_org_id, p_account_id, v_caller_role, p_role, false);
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The role cannot be changed');
  end if;
  update booking.memberships set role = p_role, updated_at = now()
   where org_id = p_org_id and account_id = p_account_id and role <> p_role;
  return json_build_object('success', true, 'org_id', p_org_id, 'account_id', p_account_id, 'role', p_role);
end;
$$;

revoke execute on function public.set_staff_role(uuid, uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.set_staff_role(uuid, uuid, text) to authenticated, service_role;
comment on function public.set_staff_role(uuid, uuid, text) is
'Owner/admin: changes a staff member''s role in the organization.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id; an admin may neither make an owner nor change an owner''s role.
Arguments: p_org_id; p_account_id (the member); p_role (owner, admin, front_desk).
Answer: {"success": true, "org_id", "account_id", "role"}; the member''s next refresh answers the new role.
Errors: INVALID_ROLE, UNKNOWN_MEMBER (no membership in this organization; also for an unknown organization), NOT_ALLOWED (an admin and an owner), LAST_OWNER (the organization would have no active owner). Raises 42501 for other callers (front desk, members of other organizations, anon).';
