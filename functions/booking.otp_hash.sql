-- The stored form of a one-time code: HMAC-SHA256 of '<code>:<hold id>'
-- keyed with the server secret otp_hmac (booking.server_secrets, readable by
-- no API role). The code itself is never stored.
create or replace function booking.otp_hash(p_code text, p_hold_id uuid)
returns bytea
language plpgsql
stable
set search_path = ''
as $$
begin
  return (select extensions.hmac(convert_to(p_code || ':' || p_hold_id::text, 'UTF8'), s.secret, 'sha256')
            from booking.server_secrets s
           where s.name = 'otp_hmac');
end;
$$;

revoke execute on function booking.otp_hash(text, uuid) from public, anon, authenticated, service_role;
comment on function booking.otp_hash(text, uuid) is
  'HMAC-SHA256 of a one-time code bound to its hold, keyed with the otp_hmac server secret.';
