-- Manage link (callable by anon): booking.available_slots for the token's
-- appointment, the rule check_availability uses; booking.change_refusal
-- decides whether the patient may move it now.
-- The contract is the COMMENT at the end of this file.
create or replace function public.manage_available_slots(p_token text, p_date date)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org_id uuid;
  v_appointment_id uuid;
  v_appointment booking.appointments;
  v_refusal text;
  v_answer jsonb;
begin
  -- The token is the credential: no row, nothing revealed.
  select t.org_id, t.appointment_id into v_org_id, v_appointment_id
    from booking.manage_token_appointment(p_token) t;
  if v_appointment_id is null then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  select * into v_appointment from booking.appointments
   where org_id = v_org_id and id = v_appointment_id;
  v_refusal := booking.change_refusal(v_appointment, 'reschedule', 'patient_link');
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The appointment cannot be moved now');
  end if;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;
  v_answer := booking.available_slots(v_org_id, v_appointment.calendar_id, p_date,
                                      v_appointment.duration_minutes, v_appointment.service_type,
                                      v_appointment.id)::jsonb;
  if not coalesce((v_answer ->> 'success')::boolean, false) then
    return v_answer::json;
  end if;
  -- For the patient: the zone as people say it, each start on the clinic's clock.
  return (v_answer || jsonb_build_object(
    'timezone_name', booking.timezone_display_name(v_answer ->> 'timezone'),
    'slots', coalesce((select jsonb_agg(s || jsonb_build_object(
                                 'label', booking.format_local_time(v_org_id, (s ->> 'start')::timestamptz, true))
                               order by n)
                         from jsonb_array_elements(v_answer -> 'slots') with ordinality as e(s, n)), '[]'::jsonb)))::json;
end;
$$;

revoke execute on function public.manage_available_slots(text, date) from public, anon, authenticated, service_role;
grant execute on function public.manage_available_slots(text, date) to anon, authenticated, service_role;
comment on function public.manage_available_slots(text, date) is
'Manage link (anon): free starts of a local date for moving the token''s appointment.

Arguments: p_token; p_date.
Answer: check_availability''s shape {"success": true, "date", "timezone", "timezone_name" (as people say it, e.g. "Eastern Time"), "calendar_id", "service_type", "duration_minutes", "slots": [{"start", "local_start", "local_time", "label" (on the clinic''s clock: "2:30 PM" or "14:30")}]} for the appointment''s calendar and duration, its own interval not blocking it and its current start never offered.
Errors: APPOINTMENT_NOT_FOUND (wrong token), INVALID_DATE, or why the patient may not reschedule: APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT.';
