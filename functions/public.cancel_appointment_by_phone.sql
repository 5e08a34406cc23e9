-- The voice agent's cancel_appointment: a patient cancels one of the
-- upcoming appointments of the phone number they are known to hold, as
-- actor patient_phone (notice period applies), through
-- booking.cancel_appointment_as (slot freed, reminders cancelled,
-- cancellation SMS queued, history and event, one transaction).
--
-- Contract
--   in:  organization, appointment id (from lookup_appointments), the
--        platform's caller id (p_caller_phone, passed by the shim, never by
--        the model) or, without one, a verification id that
--        public.lookup_appointments verified with a code; optional reason.
--   out: booking.cancel_appointment_as's answer ({"success": true,
--        "appointment_id", "status": "cancelled", "cancelled_at"}) or its
--        error (APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE: offer the clinic's
--        number), plus "appointment": the appointment's summary (local_text,
--        clinic_phone, ...) whenever the appointment is the caller's;
--        VERIFICATION_REQUIRED without a caller id or a verified code;
--        APPOINTMENT_NOT_FOUND for an id that is not an appointment of that
--        phone at this clinic (another patient's, another clinic's, or none).
--   raises 42501 when an authenticated caller names another organization.
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
  'Voice agent: cancels an upcoming appointment of the caller''s phone as actor patient_phone (notice period applies). Caller known by p_caller_phone (the platform''s caller id, never the model''s) or by a verification id verified with public.lookup_appointments. Returns cancel_appointment_as''s answer {"success": true, "appointment_id", "status": "cancelled", "cancelled_at"} or error APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, plus "appointment" (summary with local_text, clinic_phone); VERIFICATION_REQUIRED; APPOINTMENT_NOT_FOUND (not this phone''s at this clinic). Raises 42501 for another organization.';
