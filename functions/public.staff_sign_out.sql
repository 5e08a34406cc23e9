-- Service (service_role): ends a session. The contract is the COMMENT at
-- the end of this file. Idempotent: an unknown, used or revoked token
-- answers the same, so sign-out never fails and reveals nothing. Locking:
-- booking.lock_staff_refresh_family.
create or replace function public.staff_sign_out(p_refresh_token text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_family_id uuid;
begin
  perform booking.assert_service_role();
  v_family_id := booking.lock_staff_refresh_family(booking.staff_token_hash(p_refresh_token));
  update booking.staff_refresh_tokens set revoked_at = now()
   where family_id = v_family_id and revoked_at is null;
  return json_build_object('success', true);
end;
$$;

revoke execute on function public.staff_sign_out(text) from public, anon, authenticated, service_role;
grant execute on function public.staff_sign_out(text) to service_role;
comment on function public.staff_sign_out(text) is
'Service (service_role): signs a session out by revoking its refresh token''s whole family.

Arguments: p_refresh_token (any token of the session, used or not).
Answer: {"success": true}, also for an unknown or already revoked token (idempotent). Raises 42501 for other callers.';
