-- Staff (a member of the clinic, or service_role) records how an
-- appointment went: booking.set_attendance, the rule
-- set_appointment_attendance (check-in, corrections, reasons) applies too.
-- The contract is the COMMENT at the end of this file.
create or replace function public.set_appointment_outcome(
  p_org_id uuid,
  p_appointment_id uuid,
  p_status text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_org_access(p_org_id);
  return (booking.set_attendance(p_org_id, p_appointment_id,
                                 case when p_status in ('completed', 'no_show') then p_status end,
                                 null)::jsonb - 'arrived')::json;
end;
$$;

revoke execute on function public.set_appointment_outcome(uuid, uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.set_appointment_outcome(uuid, uuid, text) to authenticated, service_role;
comment on function public.set_appointment_outcome(uuid, uuid, text) is
'Staff records an appointment''s outcome, completed or no_show, once it has started.

Arguments: p_org_id; p_appointment_id; p_status (completed or no_show; a correction between them is allowed).
Answer: {"success": true, "appointment_id", "status"}, with a history row and the event appointment.completed / appointment.no_show; idempotent.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), INVALID_STATUS, APPOINTMENT_CANCELLED, APPOINTMENT_NOT_STARTED. Raises 42501 when an authenticated caller acts for another organization.';
