-- Manage link (callable by anon; the token is the credential): the
-- appointment a token opens, booking.appointment_summary's answer. A
-- cancelled or past appointment is shown read-only (can_cancel and
-- can_reschedule false, with the blocking codes). A wrong, unknown or
-- malformed token answers APPOINTMENT_NOT_FOUND and nothing else.
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
  'Manage link (anon): the appointment of a manage token, booking.appointment_summary''s answer ({"success": true, "appointment_id", "status", "service_type", "duration_minutes", "scheduled_at", "timezone", "local_date", "local_time", "local_text", "clinic_name", "clinic_phone", "patient_confirmed", "can_cancel", "can_reschedule", "cancel_blocked_reason", "reschedule_blocked_reason", "reschedules_remaining", "calendar_id"}); a cancelled or past appointment is shown with can_* false. A wrong, unknown or malformed token answers {"success": false, "error": "APPOINTMENT_NOT_FOUND"} and nothing else.';
