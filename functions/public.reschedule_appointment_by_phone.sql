-- The voice agent's reschedule_appointment: a patient moves one of the
-- upcoming appointments of the phone number they are known to hold,
-- through booking.reschedule_appointment_as (same row, calendar lock, the
-- booking rule for the new time, reminders moved, reschedule SMS queued).
-- The contract is the COMMENT at the end of this file. Who the caller is
-- comes from the platform (p_caller_phone, passed by the shim) or a
-- verification, never from the model (booking.caller_appointment_refusal);
-- "appointment" is the summary after the call (the time it now has).
create or replace function public.reschedule_appointment_by_phone(
  p_org_id uuid,
  p_appointment_id uuid,
  p_new_scheduled_at timestamptz,
  p_caller_phone text default null,
  p_verification_id uuid default null
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
  v_answer := booking.reschedule_appointment_as(p_org_id, p_appointment_id, p_new_scheduled_at,
                                                'patient_phone');
  return (v_answer::jsonb
          || jsonb_build_object('appointment', booking.appointment_summary(p_org_id, p_appointment_id)))::json;
end;
$$;

revoke execute on function public.reschedule_appointment_by_phone(uuid, uuid, timestamptz, text, uuid) from public, anon, authenticated, service_role;
grant execute on function public.reschedule_appointment_by_phone(uuid, uuid, timestamptz, text, uuid) to authenticated, service_role;
comment on function public.reschedule_appointment_by_phone(uuid, uuid, timestamptz, text, uuid) is
'Voice agent: moves an upcoming appointment of the caller''s phone, as actor patient_phone.

Arguments: p_org_id; p_appointment_id; p_new_scheduled_at; p_caller_phone (the platform''s caller id, never the model''s); p_verification_id (instead of a caller id: a verification verified with lookup_appointments).
Answer: {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at", "appointment"}; once the appointment is the caller''s, every answer, success or error, carries "appointment" (the summary with local_text and clinic_phone). The reschedule notice and at most 3 patient reschedules apply.
Errors: VERIFICATION_REQUIRED (no caller id and no verified code), APPOINTMENT_NOT_FOUND (not an upcoming appointment of this phone at this clinic), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT, INVALID_TIME, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY. Raises 42501 for another organization.';
