-- The read model of one appointment, as the voice tools read it back and
-- the manage page shows it:
--   {"success": true, "appointment_id", "status", "service_type",
--    "service_name" (as patients read it: booking.service_display_name),
--    "duration_minutes", "scheduled_at" (UTC ISO-8601), "timezone",
--    "timezone_name" (e.g. "Eastern Time"), "local_date" (YYYY-MM-DD),
--    "local_time" (HH24:MI), "local_text" (on the clinic's clock, e.g.
--    "Tuesday, March 3, 2026 at 9:00 AM EST": booking.format_local_time),
--    "clinic_name", "clinic_phone" (E.164: the clinic's contact phone, else
--    the voice agent's number, else the SMS sender; may be null:
--    booking.clinic_phone), "clinic_phone_display" (the same formatted for
--    the clinic's region), "clinic_address" (or null), "patient_confirmed", "can_cancel", "can_reschedule" (for a
--    patient, now), "cancel_blocked_reason", "reschedule_blocked_reason"
--    (null or APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST,
--    TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT: booking.change_refusal),
--    "reschedules_remaining", "calendar_id", "earlier_time_requested" (the
--    patient is on the waitlist for an earlier time of it),
--    "earlier_time_offerable" (the clinic's waitlist is on and the patient
--    may still move it: public.manage_request_earlier_time)}
-- or {"success": false, "error": "APPOINTMENT_NOT_FOUND", ...}. The caller
-- has checked that it may read p_org_id's appointment.
create or replace function booking.appointment_summary(p_org_id uuid, p_appointment_id uuid)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
  v_org booking.organizations;
  v_cancel text;
  v_reschedule text;
  v_phone text := booking.clinic_phone(p_org_id);
begin
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  select * into v_org from booking.organizations where org_id = p_org_id;
  v_cancel := booking.change_refusal(v_appointment, 'cancel', 'patient_link');
  v_reschedule := booking.change_refusal(v_appointment, 'reschedule', 'patient_link');
  return json_build_object(
    'success', true,
    'appointment_id', v_appointment.id,
    'status', v_appointment.status,
    'service_type', v_appointment.service_type,
    'service_name', booking.service_display_name(p_org_id, v_appointment.calendar_id, v_appointment.service_type),
    'duration_minutes', v_appointment.duration_minutes,
    'scheduled_at', booking.to_iso8601_utc(v_appointment.scheduled_at),
    'timezone', v_org.timezone,
    'timezone_name', booking.timezone_display_name(v_org.timezone),
    'local_date', to_char(v_appointment.scheduled_at at time zone v_org.timezone, 'YYYY-MM-DD'),
    'local_time', to_char(v_appointment.scheduled_at at time zone v_org.timezone, 'HH24:MI'),
    'local_text', booking.format_local_time(p_org_id, v_appointment.scheduled_at),
    'clinic_name', v_org.name,
    'clinic_phone', v_phone,
    'clinic_phone_display', booking.phone_display(v_phone, v_org.phone_region),
    'clinic_address', v_org.address,
    'patient_confirmed', v_appointment.patient_confirmed_at is not null,
    'can_cancel', v_cancel is null,
    'can_reschedule', v_reschedule is null,
    'cancel_blocked_reason', v_cancel,
    'reschedule_blocked_reason', v_reschedule,
    'reschedules_remaining',
      greatest(0, booking.patient_reschedule_limit() - v_appointment.patient_reschedule_count),
    'calendar_id', v_appointment.calendar_id,
    'earlier_time_requested', exists (
      select from booking.waitlist_entries e
       where e.org_id = p_org_id and e.appointment_id = v_appointment.id and e.status = 'open'),
    'earlier_time_offerable', v_reschedule is null and (booking.waitlist_config(p_org_id)).enabled);
end;
$$;

revoke execute on function booking.appointment_summary(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.appointment_summary(uuid, uuid) is
  'Internal read model of an appointment (status, service and its name for patients, UTC and local times on the clinic''s clock, clinic name/phone (E.164 and as patients read it)/address, patient_confirmed, can_cancel/can_reschedule for a patient now with the blocking codes, reschedules_remaining, earlier_time_requested/earlier_time_offerable: the waitlist for an earlier time) or APPOINTMENT_NOT_FOUND.';
