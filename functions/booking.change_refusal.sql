-- Why p_actor may not make a change (p_change: cancel or reschedule) to an
-- appointment now, or NULL when it may. One rule for the lifecycle
-- functions and for what the read model (booking.appointment_summary)
-- says a patient can do:
--   APPOINTMENT_CANCELLED  it is cancelled
--   APPOINTMENT_IN_PAST    it has started (or has an outcome)
--   TOO_LATE_TO_CHANGE     a patient, inside the calendar's
--                          cancel_notice_minutes / reschedule_notice_minutes
--   RESCHEDULE_LIMIT       a patient rescheduling a fourth time
-- Staff are bound by neither notice nor limit.
create or replace function booking.change_refusal(
  p_appointment booking.appointments,
  p_change text,
  p_actor text
) returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  if p_appointment.status = 'cancelled' then
    return 'APPOINTMENT_CANCELLED';
  end if;
  if p_appointment.status in ('completed', 'no_show') or p_appointment.scheduled_at <= now() then
    return 'APPOINTMENT_IN_PAST';
  end if;
  if p_actor = 'staff' then
    return null;
  end if;
  if booking.is_inside_notice(p_appointment, p_change) then
    return 'TOO_LATE_TO_CHANGE';
  end if;
  if p_change = 'reschedule' and p_appointment.patient_reschedule_count >= booking.patient_reschedule_limit() then
    return 'RESCHEDULE_LIMIT';
  end if;
  return null;
end;
$$;

revoke execute on function booking.change_refusal(booking.appointments, text, text) from public, anon, authenticated, service_role;
comment on function booking.change_refusal(booking.appointments, text, text) is
  'APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE (patients inside the notice) or RESCHEDULE_LIMIT (patients, 3 reschedules) when the actor may not cancel/reschedule now; NULL when it may.';
