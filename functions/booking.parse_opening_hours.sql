-- Opening intervals from JSON [["09:00", "12:00"], ["13:00", "17:00"]]:
-- times HH:MM (24:00 allowed as a closing time), each opening before its
-- closing, intervals not overlapping. Raises 22023 (invalid_parameter_value)
-- for anything else; callers turn that into INVALID_HOURS.
create or replace function booking.parse_opening_hours(p_intervals jsonb)
returns table (opens_at time, closes_at time)
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_interval jsonb;
  v_previous_close time;
begin
  if p_intervals is null or jsonb_typeof(p_intervals) <> 'array' or jsonb_array_length(p_intervals) > 24 then
    raise exception 'opening hours must be an array of [opens, closes] pairs' using errcode = '22023';
  end if;
  for v_interval in
    select value from jsonb_array_elements(p_intervals) order by value ->> 0
  loop
    if jsonb_typeof(v_interval) <> 'array' or jsonb_array_length(v_interval) <> 2
       or jsonb_typeof(v_interval -> 0) <> 'string' or jsonb_typeof(v_interval -> 1) <> 'string'
       or (v_interval ->> 0) !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
       or (v_interval ->> 1) !~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' then
      raise exception 'each interval must be ["HH:MM", "HH:MM"]' using errcode = '22023';
    end if;
    opens_at := (v_interval ->> 0)::time;
    closes_at := (v_interval ->> 1)::time;
    if opens_at >= closes_at then
      raise exception 'an interval must open before it closes' using errcode = '22023';
    end if;
    if v_previous_close is not null and opens_at < v_previous_close then
      raise exception 'intervals must not overlap' using errcode = '22023';
    end if;
    v_previous_close := closes_at;
    return next;
  end loop;
end;
$$;

revoke execute on function booking.parse_opening_hours(jsonb) from public, anon, authenticated, service_role;
comment on function booking.parse_opening_hours(jsonb) is
  'Validated (opens_at, closes_at) rows from [["HH:MM","HH:MM"], ...]; raises 22023 when invalid.';
