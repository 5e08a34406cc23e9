-- Compares two byte strings in time that depends only on their length, not
-- on where they first differ (one-time-code hashes).
create or replace function booking.constant_time_equals(p_a bytea, p_b bytea)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_difference integer := 0;
begin
  if p_a is null or p_b is null or length(p_a) <> length(p_b) then
    return false;
  end if;
  for i in 0 .. length(p_a) - 1 loop
    v_difference := v_difference | (get_byte(p_a, i) # get_byte(p_b, i));
  end loop;
  return v_difference = 0;
end;
$$;

revoke execute on function booking.constant_time_equals(bytea, bytea) from public, anon, authenticated, service_role;
comment on function booking.constant_time_equals(bytea, bytea) is
  'Byte-string equality whose time does not depend on the position of the first difference.';
