-- The time a calendar's bookings occupy around [p_from, p_until): the
-- union of the intervals [scheduled_at, ends_at) of its active (not
-- cancelled) appointments, live holds (active, not expired) and blocked
-- time (booking.calendar_blocks) that overlap it, buffers not included. p_ignore_hold_id: the caller's own
-- hold, when converting it into an appointment. p_ignore_appointment_id:
-- an appointment being rescheduled (its old interval does not block it).
--
-- With booking.claimed_range this is the one conflict rule:
-- booking.slot_is_free tests one start against it, check_availability
-- reads a day's busy time once and tests every offered start against it.
-- One range scan of the appointments_no_overlap and appointment_holds_no_overlap
-- indexes (org_id, calendar_id, range): its cost follows the calendar's
-- bookings in the window, not the size of the tables.
-- plan_cache_mode = force_generic_plan: the generic plan is the custom one
-- (the calendar's part of appointments_no_overlap, probed with the window),
-- but its estimate for an unknown window is higher, so after the first five
-- calls the planner may keep planning every call afresh (0.2 ms per
-- booking, seen through the gateway by make bench-profile).
create or replace function booking.busy_time(
  p_org_id uuid,
  p_calendar_id text,
  p_from timestamptz,
  p_until timestamptz,
  p_ignore_hold_id uuid default null,
  p_ignore_appointment_id uuid default null
) returns tstzmultirange
language plpgsql
stable
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  v_window tstzrange := tstzrange(p_from, p_until, '[)');
  v_busy tstzmultirange;
begin
  select coalesce(range_agg(busy.during), '{}')
    into v_busy
    from (select tstzrange(a.scheduled_at, a.ends_at, '[)')
            from booking.appointments a
           where a.org_id = p_org_id and a.calendar_id = p_calendar_id and a.status <> 'cancelled'
             and a.id is distinct from p_ignore_appointment_id
             and tstzrange(a.scheduled_at, a.ends_at, '[)') && v_window
          union all
          select tstzrange(h.scheduled_at, h.ends_at, '[)')
            from booking.appointment_holds h
           where h.org_id = p_org_id and h.calendar_id = p_calendar_id and h.status = 'active'
             and h.expires_at > now() and h.id is distinct from p_ignore_hold_id
             and tstzrange(h.scheduled_at, h.ends_at, '[)') && v_window
          union all
          select tstzrange(b.starts_at, b.ends_at, '[)')
            from booking.calendar_blocks b
           where b.org_id = p_org_id and b.calendar_id = p_calendar_id
             and tstzrange(b.starts_at, b.ends_at, '[)') && v_window) as busy(during);
  return v_busy;
end;
$$;

revoke execute on function booking.busy_time(uuid, text, timestamptz, timestamptz, uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.busy_time(uuid, text, timestamptz, timestamptz, uuid, uuid) is
  'Union of the intervals of the calendar''s active appointments, live holds and blocked time that overlap [p_from, p_until), buffers excluded; without the hold p_ignore_hold_id and the appointment p_ignore_appointment_id.';
