-- Why staff may not record this attendance on an appointment now, or NULL
-- when they may: the one rule public.set_appointment_attendance enforces
-- and the day view's can_* flags show (buttons only where they work).
create or replace function booking.attendance_refusal(
  p_appointment booking.appointments,
  p_attendance text,
  p_timezone text
) returns text
language sql
stable
set search_path = ''
as $$
  select case
    when p_appointment.status = 'cancelled' then 'APPOINTMENT_CANCELLED'
    when p_attendance = 'arrived'
         and (p_appointment.scheduled_at at time zone p_timezone)::date > (now() at time zone p_timezone)::date
      then 'APPOINTMENT_NOT_TODAY'
    when p_attendance in ('completed', 'no_show') and p_appointment.scheduled_at > now()
      then 'APPOINTMENT_NOT_STARTED'
  end;
$$;

revoke execute on function booking.attendance_refusal(booking.appointments, text, text) from public, anon, authenticated, service_role;
-- The day view (SECURITY INVOKER) shows its can_* flags by this rule; a pure function of its arguments.
grant execute on function booking.attendance_refusal(booking.appointments, text, text) to authenticated, service_role;
comment on function booking.attendance_refusal(booking.appointments, text, text) is
  'APPOINTMENT_CANCELLED, APPOINTMENT_NOT_TODAY (check-in before the appointment''s local day) or APPOINTMENT_NOT_STARTED (completed / no-show before its start) when staff may not record p_attendance (arrived, completed, no_show, expected); NULL when they may.';
