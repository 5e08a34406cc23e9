-- Owner/admin (or service_role): disables or re-enables a member. The
-- contract is the COMMENT at the end of this file. Locking:
-- booking.staff_change_refusal.
--
-- A disabled membership is left out of the account's next refresh. When it
-- was the account's last active membership, the account's sessions are
-- revoked too: it has nothing left to sign in to.
create or replace function public.set_staff_member_disabled(p_org_id uuid, p_account_id uuid, p_disabled boolean)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_caller_role text := booking.assert_can_manage_staff(p_org_id);
  v_refusal text;
  v_sessions_revoked boolean := false;
begin
  if p_disabled is null then
    raise exception 'p_disabled must be true or false' using errcode = '22004';
  end if;
  v_refusal := booking.staff_change_refusal(p_org_id, p_account_id, v_caller_role, null, p_disabled);
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The member cannot be changed');
  end if;
  update booking.memberships
     set disabled_at = case when p_disabled then coalesce(disabled_at, now()) end, updated_at = now()
   where org_id = p_org_id and account_id = p_account_id
     and (disabled_at is not null) is distinct from p_disabled;
  if p_disabled and not exists (select from booking.memberships
                                 where account_id = p_account_id and disabled_at is null) then
    update booking.staff_refresh_tokens set revoked_at = now()
     where account_id = p_account_id and revoked_at is null;
    v_sessions_revoked := true;
  end if;
  return json_build_object('success', true, 'org_id', p_org_id, 'account_id', p_account_id,
                           'disabled', p_disabled, 'sessions_revoked', v_sessions_revoked);
end;
$$;

revoke execute on function public.set_staff_member_disabled(uuid, uuid, boolean) from public, anon, authenticated, service_role;
grant execute on function public.set_staff_member_disabled(uuid, uuid, boolean) to authenticated, service_role;
comment on function public.set_staff_member_disabled(uuid, uuid, boolean) is
'Owner/admin: disables or re-enables a staff member in the organization.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id; an admin may not disable or enable an owner.
Arguments: p_org_id; p_account_id (the member); p_disabled (true: disable, false: enable).
Answer: {"success": true, "org_id", "account_id", "disabled", "sessions_revoked"}: a disabled membership is left out of the account''s next staff_refresh; when it was the account''s last active membership, its refresh tokens are revoked (sessions_revoked true).
Errors: UNKNOWN_MEMBER (no membership in this organization; also for an unknown organization), NOT_ALLOWED (an admin and an owner), LAST_OWNER (disabling the last active owner). Raises 22004 for a NULL p_disabled, 42501 for other callers (front desk, members of other organizations, anon).';
