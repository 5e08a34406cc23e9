-- The voice agent's cancel_appointment: a patient cancels one of the
-- upcoming appointments of the phone number they are known to hold, through
-- booking.cancel_appointment_as (slot freed, reminders cancelled,
-- cancellation SMS queued, history and event, one transaction).
-- The contract is the COMMENT at the end of this file. Who the caller is
-- comes from the platform (p_caller_phone, passed by the shim) or a
-- verification, never from the model (booking.caller_appointment_refusal).
create or replace function public.cancel_appointment_by_phone(
  p_org_id uuid,
  p_appointment_id uuid,
  p_caller_phone text default null,
  p_verification_id uuid default null,
  p_reason text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_answer json;
begin
  perform booking.assert_org_access(p_org_id);
  v_answer := booking.caller_appointment_refusal(p_org_id, p_appointment_id, p_caller_phone,
                                                 p_verification_id);
  if v_answer is not null then
    return v_answer;
  end if;
  v_answer := booking.cancel_appointment_as(p_org_id, p_appointment_id, 'patient_phone',
                                            left(nullif(btrim(p_reason), ''), 500));
  return (v_answer::jsonb
          || jsonb_build_object('appointment', booking.appointment_summary(p_org_id, p_appointment_id)))::json;
end;
$$;

revoke execute on function public.cancel_appointment_by_phone(uuid, uuid, text, uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.cancel_appointment_by_phone(uuid, uuid, text, uuid, text) to authenticated, service_role;
comment on function public.cancel_appointment_by_phone(uuid, uuid, text, uuid, text) is
'Voice agent: cancels an upcoming appointment of the caller''s phone, as actor patient_phone.

Arguments: p_org_id; p_appointment_id; p_caller_phone (the platform''s caller id, never the model''s); p_verification_id (instead of a caller id: a verification verified with lookup_appointments); p_reason (optional).
Answer: {"success": true, "appointment_id", "status": "cancelled", "cancelled_at", "appointment"}; once the appointment is the caller''s, every answer, success or error, carries "appointment" (the summary with local_text and clinic_phone: offer the clinic''s number on TOO_LATE_TO_CHANGE). The calendar''s cancel notice applies.
Errors: VERIFICATION_REQUIRED (no caller id and no verified code), APPOINTMENT_NOT_FOUND (not an upcoming appointment of this phone at this clinic), APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, INVALID_REASON, BUSY_RETRY. Raises 42501 for another organization.';
