-- A retention setting in days: the package setting (booking.package_setting)
-- when it is a whole number from 1 to 3650, else the default, so a stray
-- session SET cannot make the purge fail or remove everything.
create or replace function booking.retention_days(p_name text, p_default integer)
returns integer
language plpgsql
stable
set search_path = ''
as $$
declare
  v_value text := btrim(booking.package_setting(p_name, p_default::text));
begin
  if v_value ~ '^[0-9]{1,4}$' and v_value::integer between 1 and 3650 then
    return v_value::integer;
  end if;
  return p_default;
end;
$$;

revoke execute on function booking.retention_days(text, integer) from public, anon, authenticated, service_role;
comment on function booking.retention_days(text, integer) is
  'A *_retention_days package setting as a number of days (1-3650), else the given default.';
