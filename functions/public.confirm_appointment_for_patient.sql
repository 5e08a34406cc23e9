-- Staff (a member of the clinic, or service_role) records that the patient
-- confirmed they will come (they said so on the phone or at the desk):
-- booking.confirm_appointment_as_patient as actor staff, so the history row
-- names the member (booking.stamp_history_actor) and the feed announces
-- appointment.patient_confirmed. The contract is the COMMENT at the end of
-- this file.
create or replace function public.confirm_appointment_for_patient(
  p_org_id uuid,
  p_appointment_id uuid
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.confirm_appointment_as_patient(p_org_id, p_appointment_id, 'staff');
end;
$$;

revoke execute on function public.confirm_appointment_for_patient(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.confirm_appointment_for_patient(uuid, uuid) to authenticated, service_role;
comment on function public.confirm_appointment_for_patient(uuid, uuid) is
'Staff confirms an appointment on the patient''s behalf (the patient said they will come).

Arguments: p_org_id; p_appointment_id.
Answer: {"success": true, "appointment_id", "patient_confirmed_at"}. The first confirmation sets patient_confirmed_at and records a history row (action patient_confirmed, actor staff, the member) and the event appointment.patient_confirmed; confirming again answers the first patient_confirmed_at and changes nothing. No SMS is sent.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST. Raises 42501 when an authenticated caller acts for another organization.';
