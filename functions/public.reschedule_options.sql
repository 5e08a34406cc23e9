-- Staff (a member of the clinic, or service_role): the starts one
-- appointment could move to (booking.available_slots: the rule
-- check_availability and reschedule_appointment use). The dashboard's slot
-- picker reads it. Staff are not bound by the patient notice or reschedule
-- limit. The contract is the COMMENT at the end of this file.
create or replace function public.reschedule_options(
  p_org_id uuid,
  p_appointment_id uuid,
  p_date date
) returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
  v_refusal text;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  v_refusal := booking.change_refusal(v_appointment, 'reschedule', 'staff');
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The appointment cannot be moved');
  end if;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;
  return booking.available_slots(p_org_id, v_appointment.calendar_id, p_date,
                                 v_appointment.duration_minutes, v_appointment.service_type,
                                 v_appointment.id);
end;
$$;

revoke execute on function public.reschedule_options(uuid, uuid, date) from public, anon, authenticated, service_role;
grant execute on function public.reschedule_options(uuid, uuid, date) to authenticated, service_role;
comment on function public.reschedule_options(uuid, uuid, date) is
'Staff: free starts of a local date for moving an appointment.

Arguments: p_org_id; p_appointment_id; p_date.
Answer: check_availability''s shape {"success": true, "date", "timezone", "calendar_id", "service_type", "duration_minutes", "slots": [{"start", "local_start", "local_time"}]} for the appointment''s calendar, service and duration, its own interval not blocking it and its current start never offered (booking.available_slots). The dashboard''s reschedule picker.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, INVALID_DATE. Raises 42501 when an authenticated caller acts for another organization.';
