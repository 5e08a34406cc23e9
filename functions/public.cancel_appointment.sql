-- Staff (a member of the clinic, or service_role) cancels an appointment.
-- The contract is the COMMENT at the end of this file.
-- Staff are not bound by the patient notice; a cancellation inside it is
-- flagged late in the history. Locking, reminders, SMS and history:
-- booking.cancel_appointment_as.
create or replace function public.cancel_appointment(
  p_org_id uuid,
  p_appointment_id uuid,
  p_reason text default null,
  p_notify_patient boolean default true
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.cancel_appointment_as(p_org_id, p_appointment_id, 'staff', p_reason, p_notify_patient);
end;
$$;

revoke execute on function public.cancel_appointment(uuid, uuid, text, boolean) from public, anon, authenticated, service_role;
grant execute on function public.cancel_appointment(uuid, uuid, text, boolean) to authenticated, service_role;
comment on function public.cancel_appointment(uuid, uuid, text, boolean) is
'Staff cancels an appointment.

Arguments: p_org_id; p_appointment_id; p_reason (optional, at most 500 characters); p_notify_patient (default true; NULL is true): false cancels without texting the patient.
Answer: {"success": true, "appointment_id", "status": "cancelled", "cancelled_at"}. In one transaction the row becomes cancelled (cancelled_by staff, cancelled_at, reason), its slot is free, pending reminders are canceled, a cancellation SMS is queued unless p_notify_patient is false, a history row (reason, late when inside the patient notice, patient_notified) and the event appointment.cancelled are recorded. Cancelling again answers success without a second SMS.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), APPOINTMENT_IN_PAST, INVALID_REASON, BUSY_RETRY. Raises 42501 when an authenticated caller acts for another organization.';
