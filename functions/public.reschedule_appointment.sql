-- Staff (a member of the clinic, or service_role) moves an appointment to
-- a new start: the same row (same id) moves, by the rule booking uses.
-- The contract is the COMMENT at the end of this file.
-- Staff are not bound by the patient notice or reschedule limit. See
-- booking.reschedule_appointment_as (locking, reminders, SMS, history).
create or replace function public.reschedule_appointment(
  p_org_id uuid,
  p_appointment_id uuid,
  p_new_scheduled_at timestamptz
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.reschedule_appointment_as(p_org_id, p_appointment_id, p_new_scheduled_at, 'staff');
end;
$$;

revoke execute on function public.reschedule_appointment(uuid, uuid, timestamptz) from public, anon, authenticated, service_role;
grant execute on function public.reschedule_appointment(uuid, uuid, timestamptz) to authenticated, service_role;
comment on function public.reschedule_appointment(uuid, uuid, timestamptz) is
'Staff moves an appointment (same id) to a new start.

Arguments: p_org_id; p_appointment_id; p_new_scheduled_at.
Answer: {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at"}. Under the calendar lock, by the booking rule (hours, grid, notice, horizon, conflicts with appointments and live holds, buffers; its own old interval does not block it); in one transaction reminders move, a reschedule SMS with a manage link is queued, a history row and the event appointment.rescheduled are recorded. Moving to its current start answers success and sends nothing.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, INVALID_TIME, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY, SAME_TIME (the start it already has: nothing moved, recorded or sent). Raises 42501 when an authenticated caller acts for another organization.';
