-- The voice agent's reschedule_appointment: a patient moves one of the
-- upcoming appointments of the phone number they are known to hold,
-- through booking.reschedule_appointment_as (same row, calendar lock, the
-- booking rule for the new time, reminders moved, reschedule SMS queued).
-- The contract is the COMMENT at the end of this file. Who the caller is
-- comes from the platform (p_caller_phone, passed by the shim) or a
-- verification, never from the model (booking.caller_appointment_refusal):
-- a caller id alone changes nothing unless the clinic's caller-id policy is
-- trust_attested and the platform reported it fully attested; otherwise
-- the first call texts a code and answers VERIFICATION_REQUIRED, and the
-- call again with verificationId and code acts;
-- "appointment" is the summary after the call (the time it now has).
create or replace function public.reschedule_appointment_by_phone(
  p_org_id uuid,
  p_appointment_id uuid,
  p_new_scheduled_at timestamptz,
  p_caller_phone text default null,
  p_verification_id uuid default null,
  p_code text default null,
  p_caller_attested boolean default false,
  p_call_id text default null
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
                                                 p_verification_id, p_code, p_caller_attested,
                                                 p_call_id);
  if v_answer is not null then
    return v_answer;
  end if;
  v_answer := booking.reschedule_appointment_as(p_org_id, p_appointment_id, p_new_scheduled_at,
                                                'patient_phone');
  return (v_answer::jsonb
          || jsonb_build_object('appointment', booking.appointment_summary(p_org_id, p_appointment_id)))::json;
end;
$$;

revoke execute on function public.reschedule_appointment_by_phone(uuid, uuid, timestamptz, text, uuid, text, boolean, text) from public, anon, authenticated, service_role;
grant execute on function public.reschedule_appointment_by_phone(uuid, uuid, timestamptz, text, uuid, text, boolean, text) to authenticated, service_role;
comment on function public.reschedule_appointment_by_phone(uuid, uuid, timestamptz, text, uuid, text, boolean, text) is
'Voice agent: moves an upcoming appointment of the caller''s phone, as actor patient_phone.

Arguments: p_org_id; p_appointment_id; p_new_scheduled_at; p_caller_phone (the platform''s caller id, never the model''s); p_verification_id and p_code (a verification from lookup_appointments or from this function''s VERIFICATION_REQUIRED answer, and the code the caller read back unless it was verified already); p_caller_attested (the platform reported the caller id fully attested, STIR/SHAKEN A); p_call_id (the platform''s call id, for the code limits per call).
Answer: {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at", "appointment"}; once the appointment is the caller''s, every answer, success or error, carries "appointment" (the summary with local_text and clinic_phone). The reschedule notice and at most 3 patient reschedules apply.
Errors: VERIFICATION_REQUIRED (a caller id is not proof under the clinic''s caller-id policy: a code was texted to the appointment''s number, answer with verification_id, code_sent, expires_at; or no caller id and no verification), VERIFICATION_NOT_FOUND, VERIFICATION_EXPIRED, INVALID_OTP_FORMAT, INVALID_OTP (attempts_remaining), OTP_LOCKED, OTP_CALL_PHONE_LIMIT, SMS_RATE_LIMITED, APPOINTMENT_NOT_FOUND (not an upcoming appointment of this phone at this clinic), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT, INVALID_TIME, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY, SAME_TIME (the start it already has: nothing moved, recorded or sent). Raises 42501 for another organization.';
