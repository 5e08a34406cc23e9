-- The voice agent's reschedule_appointment: a patient moves one of the
-- upcoming appointments of the phone number they are known to hold, as
-- actor patient_phone (notice period, at most 3 reschedules), through
-- booking.reschedule_appointment_as (same row, calendar lock, the booking
-- rule for the new time, reminders moved, reschedule SMS queued).
--
-- Contract
--   in:  organization, appointment id (from lookup_appointments), the new
--        start (a slot start from check_availability, with offset), the
--        platform's caller id (p_caller_phone, passed by the shim, never by
--        the model) or, without one, a verification id that
--        public.lookup_appointments verified with a code.
--   out: booking.reschedule_appointment_as's answer ({"success": true,
--        "appointment_id", "scheduled_at", "previous_scheduled_at"}) or its
--        error (APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST,
--        TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT, SLOT_UNAVAILABLE,
--        OUTSIDE_HOURS, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, INVALID_TIME,
--        BUSY_RETRY, ...), plus "appointment": the summary after the call
--        (local_text of the time it now has); VERIFICATION_REQUIRED;
--        APPOINTMENT_NOT_FOUND for an id that is not an appointment of that
--        phone at this clinic.
--   raises 42501 when an authenticated caller names another organization.
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
  'Voice agent: moves an upcoming appointment of the caller''s phone to p_new_scheduled_at as actor patient_phone (notice period, at most 3 reschedules). Caller known by p_caller_phone (the platform''s caller id, never the model''s) or by a verification id verified with public.lookup_appointments. Returns reschedule_appointment_as''s answer {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at"} or its error (APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT, SLOT_UNAVAILABLE, OUTSIDE_HOURS, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, INVALID_TIME, BUSY_RETRY, ...), plus "appointment" (summary with local_text); VERIFICATION_REQUIRED; APPOINTMENT_NOT_FOUND. Raises 42501 for another organization.';
