-- Issues a refresh token of p_family_id (a new family at sign-in, the same
-- family on rotation) and returns the answer of sign-in and refresh:
-- {"success": true, "account_id", "session_id" (the family: what the
-- service's access tokens name as `sid`), "memberships", "refresh_token",
-- "refresh_expires_at"}. A refresh token lasts 12 hours (a shift) from its
-- issue; each rotation starts a new 12 hours. Only its SHA-256 is stored.
create or replace function booking.issue_staff_session(p_account_id uuid, p_family_id uuid)
returns json
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_token text := booking.new_staff_token();
  v_expires_at timestamptz := now() + interval '12 hours';
begin
  insert into booking.staff_refresh_tokens (token_hash, account_id, family_id, expires_at)
  values (booking.staff_token_hash(v_token), p_account_id, p_family_id, v_expires_at);
  return json_build_object(
    'success', true,
    'account_id', p_account_id,
    'session_id', p_family_id,
    'memberships', booking.staff_memberships(p_account_id),
    'refresh_token', v_token,
    'refresh_expires_at', booking.to_iso8601_utc(v_expires_at));
end;
$$;

revoke execute on function booking.issue_staff_session(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.issue_staff_session(uuid, uuid) is
  'Issues a 12-hour refresh token in a family and returns the sign-in/refresh answer.';
