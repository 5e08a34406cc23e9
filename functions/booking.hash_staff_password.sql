-- The stored form of a staff password: bcrypt of cost 12 (pgcrypto). The
-- one place that names the cost; booking.staff_accounts refuses a hash of
-- a lower cost.
create or replace function booking.hash_staff_password(p_password text)
returns text
language plpgsql
volatile
set search_path = ''
as $$
begin
  return extensions.crypt(p_password, extensions.gen_salt('bf', 12));
end;
$$;

revoke execute on function booking.hash_staff_password(text) from public, anon, authenticated, service_role;
comment on function booking.hash_staff_password(text) is
  'bcrypt hash (cost 12) of a staff password.';
