-- Owner/admin (or service_role): issues a one-time password-reset token for
-- a member. The contract is the COMMENT at the end of this file.
--
-- The token is shown to the issuer to pass on (by SMS: a later step); only
-- its SHA-256 is stored. A new reset of the same account by the same
-- organization revokes the pending one. An admin may not reset an owner's
-- password: that would hand the admin the owner's account.
create or replace function public.reset_staff_password(p_org_id uuid, p_account_id uuid)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_caller_role text := booking.assert_can_manage_staff(p_org_id);
  v_member_role text;
  v_token text := booking.new_staff_token();
  v_expires_at timestamptz := now() + interval '1 hour';
begin
  select role into v_member_role from booking.memberships
   where org_id = p_org_id and account_id = p_account_id;
  if not found then
    return booking.json_error('UNKNOWN_MEMBER', 'No such member in this organization');
  end if;
  if v_caller_role = 'admin' and v_member_role = 'owner' then
    return booking.json_error('NOT_ALLOWED', 'Only an owner may reset an owner''s password');
  end if;
  if not exists (select from booking.staff_accounts where account_id = p_account_id) then
    return booking.json_error('NO_PASSWORD_ACCOUNT', 'The member signs in through the identity provider');
  end if;
  update booking.staff_password_resets set revoked_at = now()
   where org_id = p_org_id and account_id = p_account_id and used_at is null and revoked_at is null;
  insert into booking.staff_password_resets (org_id, account_id, token_hash, requested_by, expires_at)
  values (p_org_id, p_account_id, booking.staff_token_hash(v_token), booking.caller_account_id(), v_expires_at);
  return json_build_object('success', true, 'account_id', p_account_id, 'reset_token', v_token,
                           'expires_at', booking.to_iso8601_utc(v_expires_at));
end;
$$;

revoke execute on function public.reset_staff_password(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.reset_staff_password(uuid, uuid) to authenticated, service_role;
comment on function public.reset_staff_password(uuid, uuid) is
'Owner/admin: issues a one-time password-reset token (1 hour) for a staff member, to pass on.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id; an admin may not reset an owner''s password.
Arguments: p_org_id; p_account_id (the member).
Answer: {"success": true, "account_id", "reset_token" (shown once, only its hash is stored; for complete_password_reset), "expires_at"}. A pending reset of the account by this organization is revoked.
Errors: UNKNOWN_MEMBER (no membership in this organization; also for an unknown organization), NOT_ALLOWED (an admin and an owner), NO_PASSWORD_ACCOUNT (the member is an identity-provider user without a staff account). Raises 42501 for other callers (front desk, members of other organizations, anon).';
