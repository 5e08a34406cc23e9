-- Manage link (callable by anon; the token is the credential): the
-- appointment a token opens, booking.appointment_summary's answer.
-- The contract is the COMMENT at the end of this file.
create or replace function public.manage_appointment(p_token text)
returns json
language plpgsql
stable
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
  return booking.appointment_summary(v_org_id, v_appointment_id);
end;
$$;

revoke execute on function public.manage_appointment(text) from public, anon, authenticated, service_role;
grant execute on function public.manage_appointment(text) to anon, authenticated, service_role;
comment on function public.manage_appointment(text) is
'Manage link (anon; the token is the credential): the token''s appointment.

Arguments: p_token.
Answer: {"success": true, "appointment_id", "status", "service_type", "service_name" (as patients read it), "duration_minutes", "scheduled_at", "timezone", "timezone_name" (e.g. "Eastern Time"), "local_date", "local_time", "local_text" (on the clinic''s clock), "clinic_name", "clinic_phone" (E.164: the clinic''s number, else the voice agent''s, else the SMS sender''s; may be null), "clinic_phone_display" (formatted for the clinic''s region), "clinic_address", "patient_confirmed", "can_cancel", "can_reschedule", "cancel_blocked_reason", "reschedule_blocked_reason", "reschedules_remaining", "calendar_id"} (booking.appointment_summary); a cancelled or past appointment stays readable with can_* false.
Errors: APPOINTMENT_NOT_FOUND for a wrong, unknown or malformed token, and nothing else.';
