-- Manage link (callable by anon): booking.cancel_appointment_as with actor
-- patient_link. The contract is the COMMENT at the end of this file.
create or replace function public.manage_cancel(p_token text, p_reason text default null)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org_id uuid;
  v_appointment_id uuid;
begin
  -- The token is the credential: no row, nothing revealed.
  select t.org_id, t.appointment_id into v_org_id, v_appointment_id
    from booking.manage_token_appointment(p_token) t;
  if v_appointment_id is null then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  return booking.cancel_appointment_as(v_org_id, v_appointment_id, 'patient_link', p_reason);
end;
$$;

revoke execute on function public.manage_cancel(text, text) from public, anon, authenticated, service_role;
grant execute on function public.manage_cancel(text, text) to anon, authenticated, service_role;
comment on function public.manage_cancel(text, text) is
'Manage link (anon): the patient cancels the token''s appointment.

Arguments: p_token; p_reason (optional, at most 500 characters).
Answer: {"success": true, "appointment_id", "status": "cancelled", "cancelled_at"}, as actor patient_link (the calendar''s cancel notice applies); cancelling again answers success without a second SMS.
Errors: APPOINTMENT_NOT_FOUND (wrong token), APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, INVALID_REASON, BUSY_RETRY.';
