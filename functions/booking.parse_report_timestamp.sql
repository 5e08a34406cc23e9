-- A timestamp of a voice platform's report: ISO-8601 text (without an
-- offset it is read as UTC) or epoch milliseconds; NULL when absent. Raises
-- a data exception (class 22) when present but unreadable.
create or replace function booking.parse_report_timestamp(p_value jsonb)
returns timestamptz
language plpgsql
stable
set search_path = ''
set timezone = 'UTC'
as $$
begin
  if p_value is null or jsonb_typeof(p_value) = 'null' then
    return null;
  elsif jsonb_typeof(p_value) = 'number' then
    return to_timestamp((p_value #>> '{}')::numeric / 1000);
  elsif jsonb_typeof(p_value) = 'string' and (p_value #>> '{}') ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}' then
    return (p_value #>> '{}')::timestamptz;
  end if;
  raise exception 'not a timestamp: %', left(p_value::text, 100) using errcode = '22007';
end;
$$;

revoke execute on function booking.parse_report_timestamp(jsonb) from public, anon, authenticated, service_role;
comment on function booking.parse_report_timestamp(jsonb) is
  'ISO-8601 (UTC when no offset) or epoch-millisecond timestamp from a report; NULL when absent; class 22 error when unreadable.';
