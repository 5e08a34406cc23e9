-- The stored form of a staff token (refresh, invitation, password reset):
-- its SHA-256. The tokens are 192 random bits, so no salt or key is needed.
-- The token-gated functions (accept_staff_invitation,
-- complete_password_reset) find their row by it: the token is their caller
-- check.
create or replace function booking.staff_token_hash(p_token text)
returns bytea
language plpgsql
immutable
set search_path = ''
as $$
begin
  return extensions.digest(convert_to(coalesce(p_token, ''), 'UTF8'), 'sha256');
end;
$$;

revoke execute on function booking.staff_token_hash(text) from public, anon, authenticated, service_role;
comment on function booking.staff_token_hash(text) is
  'SHA-256 of a staff token (refresh, invitation, password reset): the only form stored.';
