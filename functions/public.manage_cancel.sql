-- Manage link (callable by anon): the patient cancels the token's
-- appointment: booking.cancel_appointment_as with actor patient_link, so
-- the calendar's cancel_notice_minutes applies (TOO_LATE_TO_CHANGE).
-- Errors: APPOINTMENT_NOT_FOUND (wrong token), APPOINTMENT_IN_PAST,
-- TOO_LATE_TO_CHANGE, INVALID_REASON, BUSY_RETRY.
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
  'Manage link (anon): the patient cancels the token''s appointment (booking.cancel_appointment_as, actor patient_link; cancel_notice_minutes applies). Returns {"success": true, "appointment_id", "status": "cancelled", "cancelled_at"} or error APPOINTMENT_NOT_FOUND (wrong token), APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, INVALID_REASON, BUSY_RETRY. Cancelling again answers success without a second SMS.';
