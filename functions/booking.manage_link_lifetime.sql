-- How long after its appointment ends a manage link still opens it: the
-- package setting manage_link_days (SET booking.manage_link_days, else
-- public.set_booking_setting, default 30) in days. A value that is not a
-- whole number of 1 to 3650 days (a session's SET) reads as the default.
create or replace function booking.manage_link_lifetime()
returns interval
language plpgsql
stable
set search_path = ''
as $$
declare
  v_days text := booking.package_setting('manage_link_days', '30');
begin
  if v_days !~ '^[0-9]{1,4}$' or v_days::integer not between 1 and 3650 then
    v_days := '30';
  end if;
  return make_interval(days => v_days::integer);
end;
$$;

revoke execute on function booking.manage_link_lifetime() from public, anon, authenticated, service_role;
comment on function booking.manage_link_lifetime() is
  'How long after its appointment ends a manage link still opens it: the package setting manage_link_days (default 30 days).';
