-- Manage link (callable by anon): booking.reschedule_appointment_as with
-- actor patient_link (same row, so the token keeps working).
-- The contract is the COMMENT at the end of this file.
create or replace function public.manage_reschedule(p_token text, p_new_scheduled_at timestamptz)
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
  return booking.reschedule_appointment_as(v_org_id, v_appointment_id, p_new_scheduled_at, 'patient_link');
end;
$$;

revoke execute on function public.manage_reschedule(text, timestamptz) from public, anon, authenticated, service_role;
grant execute on function public.manage_reschedule(text, timestamptz) to anon, authenticated, service_role;
comment on function public.manage_reschedule(text, timestamptz) is
'Manage link (anon): the patient moves the token''s appointment.

Arguments: p_token; p_new_scheduled_at (a start manage_available_slots offers).
Answer: {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at"}: the same row, as actor patient_link (the reschedule notice and at most 3 patient reschedules apply); the token keeps working after the move.
Errors: APPOINTMENT_NOT_FOUND (wrong token), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT, INVALID_TIME, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY, SAME_TIME (the start it already has: nothing moved, recorded or sent).';
