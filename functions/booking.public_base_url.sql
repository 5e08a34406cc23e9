-- The public base URL of the booking site, used in links sent by SMS (e.g.
-- the reschedule link): the package setting public_base_url
-- (booking.package_setting: SET booking.public_base_url where set, else
--   select public.set_booking_setting('public_base_url', 'https://book.example.com');
-- else http://localhost:8000, for development). No trailing slash.
create or replace function booking.public_base_url()
returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  return rtrim(booking.package_setting('public_base_url', 'http://localhost:8000'), '/');
end;
$$;

revoke execute on function booking.public_base_url() from public, anon, authenticated, service_role;
comment on function booking.public_base_url() is
  'The package setting public_base_url without trailing slash (SET booking.public_base_url, else public.set_booking_setting, default http://localhost:8000): base of links sent by SMS.';
