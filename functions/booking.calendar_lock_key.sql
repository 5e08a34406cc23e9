-- The advisory lock key that serialises every writer of one calendar
-- (bookings now, holds later): a stable 64-bit hash of
-- 'booking.calendar:<org_id>:<calendar_id>'. Keyed by the calendar, not by
-- the start time: appointments of different lengths that overlap start at
-- different times. A hash collision only serialises two calendars.
create or replace function booking.calendar_lock_key(p_org_id uuid, p_calendar_id text)
returns bigint
language plpgsql
immutable
strict
set search_path = ''
as $$
begin
  return hashtextextended('booking.calendar:' || p_org_id::text || ':' || p_calendar_id, 0);
end;
$$;

revoke execute on function booking.calendar_lock_key(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.calendar_lock_key(uuid, text) is
  'pg_advisory_xact_lock key of a calendar: hashtextextended(''booking.calendar:<org_id>:<calendar_id>'', 0).';
