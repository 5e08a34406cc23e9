-- True when [p_starts_at, p_ends_at) conflicts with no active appointment
-- and no live hold (active, not expired) of the calendar, buffers included:
-- each appointment occupies [start - buffer_before, end + buffer_after) and
-- occupied ranges do not overlap, i.e. cores must be at least
-- buffer_before + buffer_after apart (booking.claimed_range against
-- booking.busy_time, the rule check_availability applies to a whole day).
-- p_ignore_hold_id: the caller's own hold, when converting it into an
-- appointment. p_ignore_appointment_id: an appointment being rescheduled
-- (its old interval does not block its new one). True for an unknown
-- calendar (nothing conflicts).
create or replace function booking.slot_is_free(
  p_org_id uuid,
  p_calendar_id text,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_ignore_hold_id uuid default null,
  p_ignore_appointment_id uuid default null
) returns boolean
language plpgsql
stable
set search_path = ''
as $$
declare
  v_claimed tstzrange;
begin
  select booking.claimed_range(p_starts_at, p_ends_at,
                               c.buffer_before_minutes + c.buffer_after_minutes)
    into v_claimed
    from booking.calendars c
   where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  if not found then
    return true;
  end if;
  return not (booking.busy_time(p_org_id, p_calendar_id, lower(v_claimed), upper(v_claimed),
                                p_ignore_hold_id, p_ignore_appointment_id) && v_claimed);
end;
$$;

revoke execute on function booking.slot_is_free(uuid, text, timestamptz, timestamptz, uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.slot_is_free(uuid, text, timestamptz, timestamptz, uuid, uuid) is
  'True when the interval conflicts with no active appointment and no live hold of the calendar, buffers included (ignoring the hold p_ignore_hold_id and the appointment p_ignore_appointment_id).';
