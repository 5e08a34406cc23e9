-- Anyone holding a password-reset token (anon, service_role): sets the new
-- password. The contract is the COMMENT at the end of this file.
--
-- The token is the caller check; its row is locked (FOR UPDATE), so a token
-- used twice at once is used once. A new password ends every session of
-- the account (its refresh tokens are revoked) and lifts a lockout.
create or replace function public.complete_password_reset(p_token text, p_password text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_reset booking.staff_password_resets;
  v_refusal text;
begin
  select * into v_reset from booking.staff_password_resets
   where token_hash = booking.staff_token_hash(p_token)
   for update;
  if not found or v_reset.revoked_at is not null then
    return booking.json_error('INVALID_RESET_TOKEN', 'The reset link is not valid');
  end if;
  if v_reset.used_at is not null then
    return booking.json_error('RESET_TOKEN_USED', 'The reset link was already used');
  end if;
  if v_reset.expires_at <= now() then
    return booking.json_error('RESET_TOKEN_EXPIRED', 'The reset link has expired; ask for a new one');
  end if;
  v_refusal := booking.staff_password_refusal(p_password);
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The password must be 12 characters (at most 72 bytes)');
  end if;
  update booking.staff_accounts
     set password_hash = booking.hash_staff_password(p_password), password_changed_at = now(),
         failed_sign_ins = 0, failed_sign_ins_since = null, locked_until = null
   where account_id = v_reset.account_id;
  update booking.staff_password_resets set used_at = now()
   where org_id = v_reset.org_id and reset_id = v_reset.reset_id;
  update booking.staff_refresh_tokens set revoked_at = now()
   where account_id = v_reset.account_id and revoked_at is null;
  return json_build_object('success', true, 'account_id', v_reset.account_id);
end;
$$;

revoke execute on function public.complete_password_reset(text, text) from public, anon, authenticated, service_role;
grant execute on function public.complete_password_reset(text, text) to anon, service_role;
comment on function public.complete_password_reset(text, text) is
'Staff member (anon, with the token): sets a new password with a one-time reset token.

Arguments: p_token (from reset_staff_password); p_password (12 characters to 72 bytes).
Answer: {"success": true, "account_id"}; every session of the account is signed out and a lockout is lifted.
Errors: INVALID_RESET_TOKEN (unknown, or replaced by a newer reset), RESET_TOKEN_USED (single use), RESET_TOKEN_EXPIRED (after 1 hour), PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG.';
