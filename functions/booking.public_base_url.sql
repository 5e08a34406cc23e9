-- The public base URL of the booking site, used in links sent by SMS (e.g.
-- the reschedule link). Configured per database or role:
--   ALTER DATABASE clinic SET booking.public_base_url = 'https://book.example.com';
-- Default http://localhost:8000 (development). No trailing slash.
create or replace function booking.public_base_url()
returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  return rtrim(coalesce(nullif(btrim(current_setting('booking.public_base_url', true)), ''),
                        'http://localhost:8000'), '/');
end;
$$;

revoke execute on function booking.public_base_url() from public, anon, authenticated, service_role;
comment on function booking.public_base_url() is
  'Setting booking.public_base_url without trailing slash (default http://localhost:8000): base of links sent by SMS.';
