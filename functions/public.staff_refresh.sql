-- Service (service_role): exchanges a refresh token for the next one.
-- The contract is the COMMENT at the end of this file.
--
-- * Rotation: the session is locked (booking.lock_staff_refresh_family),
--   so of two uses of one token the second waits and then finds it used:
--   the family is revoked. A token used twice was copied, by the thief or
--   from the victim; either way the session ends for both. Reuse is
--   detected before expiry: an old stolen token still revokes the live
--   session it came from.
-- * Business answers, not exceptions: the family's revocation must commit.
create or replace function public.staff_refresh(p_refresh_token text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_token booking.staff_refresh_tokens;
  v_disabled_at timestamptz;
begin
  perform booking.assert_service_role();
  perform booking.lock_staff_refresh_family(booking.staff_token_hash(p_refresh_token));
  select * into v_token from booking.staff_refresh_tokens
   where token_hash = booking.staff_token_hash(p_refresh_token);
  if not found or v_token.revoked_at is not null then
    return booking.json_error('INVALID_REFRESH_TOKEN', 'Sign in again');
  end if;
  if v_token.used_at is not null then
    update booking.staff_refresh_tokens set revoked_at = now()
     where family_id = v_token.family_id and revoked_at is null;
    return booking.json_error('REFRESH_TOKEN_REUSED', 'The refresh token was already used; the session is revoked');
  end if;
  if v_token.expires_at <= now() then
    return booking.json_error('INVALID_REFRESH_TOKEN', 'Sign in again');
  end if;
  select disabled_at into v_disabled_at from booking.staff_accounts where account_id = v_token.account_id;
  if v_disabled_at is not null then
    update booking.staff_refresh_tokens set revoked_at = now()
     where family_id = v_token.family_id and revoked_at is null;
    return booking.json_error('ACCOUNT_DISABLED', 'The account is disabled');
  end if;
  update booking.staff_refresh_tokens set used_at = now() where token_hash = v_token.token_hash;
  return booking.issue_staff_session(v_token.account_id, v_token.family_id);
end;
$$;

revoke execute on function public.staff_refresh(text) from public, anon, authenticated, service_role;
grant execute on function public.staff_refresh(text) to service_role;
comment on function public.staff_refresh(text) is
'Service (service_role): exchanges a refresh token for a new one (rotation) and answers the account''s current memberships.

Arguments: p_refresh_token (from staff_sign_in or the previous staff_refresh).
Answer: as staff_sign_in: {"success": true, "account_id", "session_id" (unchanged), "memberships" (active only: a disabled membership is gone from the next refresh), "refresh_token" (the new one; the presented one is now used), "refresh_expires_at" (12 hours from now)}.
Errors: INVALID_REFRESH_TOKEN (unknown, expired, or revoked by sign-out or reuse), REFRESH_TOKEN_REUSED (the token was already used, expired or not: its whole family is revoked, sign in again), ACCOUNT_DISABLED (the family is revoked). Raises 42501 for other callers.';
