-- An instant as a clinic's patients read it, in the clinic's IANA time zone
-- with the abbreviation in force on that date (DST-correct), e.g.
-- 'Monday, March 9, 2026 at 10:00 AM EDT'. English names whatever lc_time
-- says. The SET clause confines the TimeZone change to this function.
create or replace function booking.local_time_text(p_at timestamptz, p_timezone text)
returns text
language plpgsql
volatile
strict
set search_path = ''
set timezone = 'UTC'
as $$
begin
  perform set_config('TimeZone', p_timezone, true);
  return to_char(p_at, 'FMDay, FMMonth FMDD, YYYY "at" FMHH12:MI AM TZ');
end;
$$;

revoke execute on function booking.local_time_text(timestamptz, text) from public, anon, authenticated, service_role;
comment on function booking.local_time_text(timestamptz, text) is
  'Instant in a time zone, with that date''s abbreviation: ''Monday, March 9, 2026 at 10:00 AM EDT''.';
