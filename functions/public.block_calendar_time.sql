-- Staff (any member, front desk included) block time on a calendar: lunch,
-- a meeting, leave. The contract is the COMMENT at the end of this file.
--
-- Under booking.lock_calendar, as a booking: a block is busy time
-- (booking.busy_time), so once it is committed no booking, hold or
-- reschedule takes it, and no booking committed before it can be inside
-- it unless it is named in the answer. A block never covers an active
-- appointment or a live hold: the answer lists them instead, for staff to
-- move or cancel first.
create or replace function public.block_calendar_time(
  p_org_id uuid,
  p_calendar_id text,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_reason text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_calendar booking.calendars;
  v_timezone text;
  v_reason text := nullif(btrim(p_reason), '');
  v_during tstzrange;
  v_appointments json;
  v_holds json;
  v_block booking.calendar_blocks;
begin
  perform booking.assert_org_access(p_org_id);
  v_calendar := booking.find_calendar(p_org_id, p_calendar_id);
  if v_calendar.calendar_id is null then
    return booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no such calendar');
  end if;
  if p_starts_at is null or p_ends_at is null or not isfinite(p_starts_at) or not isfinite(p_ends_at)
     or p_ends_at <= p_starts_at or p_ends_at > p_starts_at + interval '366 days' then
    return booking.json_error('INVALID_TIME', 'A block ends after it starts, within 366 days');
  end if;
  if p_ends_at <= now() then
    return booking.json_error('PAST_TIME', 'The block is over already');
  end if;
  if length(v_reason) > 200 then
    return booking.json_error('INVALID_REASON', 'The reason is at most 200 characters');
  end if;
  select o.timezone into v_timezone from booking.organizations o where o.org_id = p_org_id;
  v_during := tstzrange(p_starts_at, p_ends_at, '[)');

  begin
    perform booking.lock_calendar(p_org_id, v_calendar.calendar_id);
    select json_agg(json_build_object(
             'appointment_id', a.id,
             'scheduled_at', booking.to_iso8601_utc(a.scheduled_at),
             'ends_at', booking.to_iso8601_utc(a.ends_at),
             'local_start', booking.to_iso8601_local(a.scheduled_at, v_timezone),
             'patient_name', c.name,
             'service_type', a.service_type,
             'service_name', booking.service_display_name(p_org_id, a.calendar_id, a.service_type)) order by a.scheduled_at)
      into v_appointments
      from booking.appointments a
      join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
     where a.org_id = p_org_id and a.calendar_id = v_calendar.calendar_id and a.status <> 'cancelled'
       and tstzrange(a.scheduled_at, a.ends_at, '[)') && v_during;
    select json_agg(json_build_object(
             'hold_id', h.id,
             'scheduled_at', booking.to_iso8601_utc(h.scheduled_at),
             'ends_at', booking.to_iso8601_utc(h.ends_at),
             'expires_at', booking.to_iso8601_utc(h.expires_at)) order by h.scheduled_at)
      into v_holds
      from booking.appointment_holds h
     where h.org_id = p_org_id and h.calendar_id = v_calendar.calendar_id and h.status = 'active'
       and h.expires_at > now() and tstzrange(h.scheduled_at, h.ends_at, '[)') && v_during;
    if v_appointments is not null or v_holds is not null then
      return (booking.json_error('BLOCK_COLLIDES', 'Appointments or holds are in that time; move or cancel them first')::jsonb
              || jsonb_build_object('appointments', coalesce(v_appointments, '[]'::json),
                                    'holds', coalesce(v_holds, '[]'::json)))::json;
    end if;
    insert into booking.calendar_blocks (org_id, calendar_id, starts_at, ends_at, reason, created_by_account_id)
    values (p_org_id, v_calendar.calendar_id, p_starts_at, p_ends_at, v_reason, booking.caller_account_id())
    returning * into v_block;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;

  return json_build_object('success', true, 'block_id', v_block.id, 'calendar_id', v_block.calendar_id,
    'starts_at', booking.to_iso8601_utc(v_block.starts_at), 'ends_at', booking.to_iso8601_utc(v_block.ends_at),
    'reason', v_block.reason);
end;
$$;

revoke execute on function public.block_calendar_time(uuid, text, timestamptz, timestamptz, text)
  from public, anon, authenticated, service_role;
grant execute on function public.block_calendar_time(uuid, text, timestamptz, timestamptz, text)
  to authenticated, service_role;
comment on function public.block_calendar_time(uuid, text, timestamptz, timestamptz, text) is
'Staff block time on a calendar (lunch, a meeting, leave): check_availability, bookings, holds and reschedules no longer offer or take it.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_starts_at; p_ends_at (after the start, within 366 days, not over already); p_reason (optional, at most 200 characters).
Answer: {"success": true, "block_id", "calendar_id", "starts_at", "ends_at", "reason"}. Any member may block time (front desk included); remove_calendar_block removes it.
Errors: CALENDAR_NOT_FOUND, INVALID_TIME, PAST_TIME, INVALID_REASON, BUSY_RETRY, BLOCK_COLLIDES with "appointments": [{"appointment_id", "scheduled_at", "ends_at", "local_start", "patient_name", "service_type", "service_name"}] and "holds": [{"hold_id", "scheduled_at", "ends_at", "expires_at"}] — the active appointments and live holds in that time (nothing is blocked; move or cancel them first). Raises 42501 when the caller acts for another organization.';
