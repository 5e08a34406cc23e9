-- ISO-8601 in UTC with an explicit offset, e.g. 2026-01-18T15:00:00+00:00,
-- whatever the session's TimeZone.
create or replace function booking.to_iso8601_utc(p_at timestamptz)
returns text
language plpgsql
immutable
strict
set search_path = ''
as $$
begin
  return to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
      || case when extract(microseconds from p_at at time zone 'UTC')::bigint % 1000000 = 0 then ''
              else to_char(p_at at time zone 'UTC', '.US') end
      || '+00:00';
end;
$$;

revoke execute on function booking.to_iso8601_utc(timestamptz) from public, anon, authenticated, service_role;
comment on function booking.to_iso8601_utc(timestamptz) is
  'ISO-8601 text of an instant in UTC, e.g. 2026-01-18T15:00:00+00:00.';
