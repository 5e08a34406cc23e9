-- The success answer of booking.reschedule_appointment_as (a move to the
-- start the appointment already has is refused: SAME_TIME).
create or replace function booking.reschedule_answer(
  p_appointment_id uuid,
  p_scheduled_at timestamptz,
  p_previous_scheduled_at timestamptz
) returns json
language plpgsql
stable
set search_path = ''
as $$
begin
  return json_build_object('success', true, 'appointment_id', p_appointment_id,
    'scheduled_at', booking.to_iso8601_utc(p_scheduled_at),
    'previous_scheduled_at', booking.to_iso8601_utc(p_previous_scheduled_at));
end;
$$;

revoke execute on function booking.reschedule_answer(uuid, timestamptz, timestamptz) from public, anon, authenticated, service_role;
comment on function booking.reschedule_answer(uuid, timestamptz, timestamptz) is
  'The success answer of a reschedule.

Args: p_appointment_id, p_scheduled_at (the new start), p_previous_scheduled_at. Answer: {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at"} (ISO-8601, UTC). Codes: none.';
