-- Why a start cannot be booked on a calendar, ignoring conflicts, or NULL
-- when booking.offered_slots offers it: PAST_TIME, TOO_SOON (inside the
-- minimum notice), TOO_FAR_AHEAD (past the booking horizon), OUTSIDE_HOURS
-- (closed, or not on the slot grid, or not ending by closing time).
create or replace function booking.unbookable_reason(
  p_org_id uuid,
  p_calendar_id text,
  p_starts_at timestamptz,
  p_duration_minutes integer,
  p_ignore_notice boolean default false
) returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_reason text;
begin
  select case
    when p_starts_at < now() then 'PAST_TIME'
    when not p_ignore_notice and p_starts_at < now() + make_interval(mins => c.min_notice_minutes) then 'TOO_SOON'
    when p_starts_at > now() + make_interval(days => c.max_advance_days) then 'TOO_FAR_AHEAD'
    when not exists (
      select from booking.offered_slots(p_org_id, p_calendar_id,
                                        (p_starts_at at time zone o.timezone)::date,
                                        p_duration_minutes, p_starts_at,
                                        case when p_ignore_notice then 0 end) s
       where s.starts_at = p_starts_at) then 'OUTSIDE_HOURS'
  end
    into v_reason
    from booking.calendars c
    join booking.organizations o on o.org_id = c.org_id
   where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  return v_reason;
end;
$$;

revoke execute on function booking.unbookable_reason(uuid, text, timestamptz, integer, boolean) from public, anon, authenticated, service_role;
comment on function booking.unbookable_reason(uuid, text, timestamptz, integer, boolean) is
  'PAST_TIME, TOO_SOON, TOO_FAR_AHEAD or OUTSIDE_HOURS when offered_slots would not offer the start; NULL when it would. p_ignore_notice (staff bookings): the minimum notice does not apply.';
