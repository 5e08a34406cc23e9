-- Serialises every writer of one calendar (bookings, holds, confirmations):
-- pg_advisory_xact_lock(booking.calendar_lock_key(org, calendar)), waiting
-- at most the package setting lock_timeout (booking.package_setting: SET
-- booking.lock_timeout where set, else public.set_booking_setting's value,
-- else 3s; lock_not_available, 55P03, after that). The caller's own
-- lock_timeout is back in force once the lock is held.
create or replace function booking.lock_calendar(p_org_id uuid, p_calendar_id text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_previous text := current_setting('lock_timeout');
begin
  perform set_config('lock_timeout', booking.package_setting('lock_timeout', '3s'), true);
  perform pg_advisory_xact_lock(booking.calendar_lock_key(p_org_id, p_calendar_id));
  perform set_config('lock_timeout', v_previous, true);
end;
$$;

revoke execute on function booking.lock_calendar(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.lock_calendar(uuid, text) is
  'Takes the calendar''s transaction advisory lock within the package setting lock_timeout (SET booking.lock_timeout, else public.set_booking_setting, default 3s); raises 55P03 after that.';
