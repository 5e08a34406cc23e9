-- Staff (any member, or service_role) check a patient in and record or
-- correct the outcome, on past days too (booking.set_attendance). The
-- contract is the COMMENT at the end of this file.
create or replace function public.set_appointment_attendance(
  p_org_id uuid,
  p_appointment_id uuid,
  p_attendance text,
  p_reason text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.set_attendance(p_org_id, p_appointment_id, p_attendance, p_reason);
end;
$$;

revoke execute on function public.set_appointment_attendance(uuid, uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.set_appointment_attendance(uuid, uuid, text, text) to authenticated, service_role;
comment on function public.set_appointment_attendance(uuid, uuid, text, text) is
'Staff check a patient in (arrived) or record completed / no-show, and correct any of them later, past days included.

Arguments: p_org_id; p_appointment_id; p_attendance: arrived (checked in: from the appointment''s local day on), completed or no_show (once it has started), expected (the record cleared: awaited again, not checked in); p_reason (optional, at most 500 characters, kept in the history).
Answer: {"success": true, "appointment_id", "status", "arrived"}; each actual change is a history row (action checked_in, completed, no_show or attendance_cleared; actor staff with the member) and, when the status changes, the event appointment.<status>; repeating the current state changes nothing. A no-show is not checked in; checking in after a no-show or completed corrects it back to scheduled.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), INVALID_STATUS, INVALID_REASON, APPOINTMENT_CANCELLED, APPOINTMENT_NOT_TODAY, APPOINTMENT_NOT_STARTED. Raises 42501 when the caller acts for another organization.';
