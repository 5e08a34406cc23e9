-- A fresh secret token for staff sign-in (refresh, invitation, password
-- reset): 192 random bits, url-safe base64 (32 characters, no padding).
-- Callers store only booking.staff_token_hash of it.
create or replace function booking.new_staff_token()
returns text
language plpgsql
volatile
set search_path = ''
as $$
begin
  return translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');
end;
$$;

revoke execute on function booking.new_staff_token() from public, anon, authenticated, service_role;
comment on function booking.new_staff_token() is
  'A fresh url-safe token of 192 random bits (refresh, invitation, password reset).';
