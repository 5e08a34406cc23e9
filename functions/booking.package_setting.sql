-- The value of a package setting: the session's SET booking.<name> where it
-- is set (a superuser's ALTER ROLE/DATABASE … SET counts too), else the
-- row of booking.settings (public.set_booking_setting), else p_default.
-- Callers run it inside the package's SECURITY DEFINER functions.
create or replace function booking.package_setting(p_name text, p_default text)
returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  return coalesce(nullif(btrim(pg_catalog.current_setting('booking.' || p_name, true)), ''),
                  (select s.value from booking.settings s where s.name = p_name),
                  p_default);
end;
$$;

revoke execute on function booking.package_setting(text, text) from public, anon, authenticated, service_role;
comment on function booking.package_setting(text, text) is
  'A package setting: SET booking.<name> where set, else booking.settings (public.set_booking_setting), else the given default.';
