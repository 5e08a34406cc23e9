-- A uniformly random 4-digit code from pgcrypto's cryptographically secure
-- generator (rejection sampling, so no digit is more likely than another).
create or replace function booking.random_otp_code()
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_value bigint;
begin
  loop
    v_value := ('x' || encode(extensions.gen_random_bytes(4), 'hex'))::bit(32)::bigint;
    exit when v_value < 4294960000;  -- the largest multiple of 10000 below 2^32
  end loop;
  return lpad((v_value % 10000)::text, 4, '0');
end;
$$;

revoke execute on function booking.random_otp_code() from public, anon, authenticated, service_role;
comment on function booking.random_otp_code() is
  'Uniform 4-digit code from extensions.gen_random_bytes.';
