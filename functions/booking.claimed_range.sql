-- The range a new booking [p_starts_at, p_ends_at) needs free of other
-- bookings' intervals (booking.busy_time): widened on both sides by the
-- calendar's buffer_before + buffer_after minutes. Each booking occupies
-- [start - buffer_before, end + buffer_after) and occupied ranges must not
-- overlap, which holds exactly when the intervals are at least
-- buffer_before + buffer_after apart.
--
-- A plain SQL expression without a SET clause, so PostgreSQL inlines it
-- into the calling query (check_availability evaluates it for each
-- offered start); every name it uses is in pg_catalog. STABLE, not
-- IMMUTABLE: timestamptz - interval is STABLE (it may depend on TimeZone),
-- and PostgreSQL inlines no IMMUTABLE function whose body is not, planning
-- it again on every call instead.
create or replace function booking.claimed_range(
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_buffer_minutes integer
) returns tstzrange
language sql
stable
as $$
  select tstzrange(p_starts_at - make_interval(mins => p_buffer_minutes),
                   p_ends_at + make_interval(mins => p_buffer_minutes), '[)');
$$;

revoke execute on function booking.claimed_range(timestamptz, timestamptz, integer) from public, anon, authenticated, service_role;
comment on function booking.claimed_range(timestamptz, timestamptz, integer) is
  'Range a booking must keep free of other bookings'' intervals: widened by buffer_before + buffer_after minutes on both sides.';
