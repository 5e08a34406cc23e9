-- ISO-8601 wall-clock time of an instant in a time zone with that zone's
-- offset at that instant, e.g. 2026-03-08T09:00:00-04:00.
create or replace function booking.to_iso8601_local(p_at timestamptz, p_timezone text)
returns text
language sql
immutable
strict
set search_path = ''
as $$
  select to_char(p_at at time zone p_timezone, 'YYYY-MM-DD"T"HH24:MI:SS')
      || case when offset_minutes < 0 then '-' else '+' end
      || lpad((abs(offset_minutes) / 60)::text, 2, '0') || ':'
      || lpad((abs(offset_minutes) % 60)::text, 2, '0')
    from (select (extract(epoch from (p_at at time zone p_timezone) - (p_at at time zone 'UTC')) / 60)::integer
                   as offset_minutes) o;
$$;

revoke execute on function booking.to_iso8601_local(timestamptz, text) from public, anon, authenticated, service_role;
comment on function booking.to_iso8601_local(timestamptz, text) is
  'ISO-8601 local time with the zone''s offset at that instant.';
