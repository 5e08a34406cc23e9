-- True when [p_starts_at, p_ends_at) conflicts with no active appointment
-- and no live hold (active, not expired) of the calendar, buffers included:
-- each appointment occupies [start - buffer_before, end + buffer_after) and
-- occupied ranges do not overlap, i.e. cores must be at least
-- buffer_before + buffer_after apart. p_ignore_hold_id: the caller's own
-- hold, when converting it into an appointment.
create or replace function booking.slot_is_free(
  p_org_id uuid,
  p_calendar_id text,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_ignore_hold_id uuid default null
) returns boolean
language sql
stable
set search_path = ''
as $$
  with wanted as (
    select tstzrange(p_starts_at - make_interval(mins => c.buffer_before_minutes + c.buffer_after_minutes),
                     p_ends_at + make_interval(mins => c.buffer_before_minutes + c.buffer_after_minutes),
                     '[)') as range
      from booking.calendars c
     where c.org_id = p_org_id and c.calendar_id = p_calendar_id
  )
  select not exists (
           select from booking.appointments a, wanted
            where a.org_id = p_org_id and a.calendar_id = p_calendar_id and a.status <> 'cancelled'
              and tstzrange(a.scheduled_at, a.ends_at, '[)') && wanted.range)
     and not exists (
           select from booking.appointment_holds h, wanted
            where h.org_id = p_org_id and h.calendar_id = p_calendar_id and h.status = 'active'
              and h.expires_at > now() and h.id is distinct from p_ignore_hold_id
              and tstzrange(h.scheduled_at, h.ends_at, '[)') && wanted.range);
$$;

revoke execute on function booking.slot_is_free(uuid, text, timestamptz, timestamptz, uuid) from public, anon, authenticated, service_role;
comment on function booking.slot_is_free(uuid, text, timestamptz, timestamptz, uuid) is
  'True when the interval conflicts with no active appointment and no live hold of the calendar, buffers included.';
