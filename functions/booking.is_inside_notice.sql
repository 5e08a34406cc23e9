-- True when the appointment starts within the calendar's patient notice
-- for the change (cancel or reschedule): a patient would be refused, so a
-- staff change is recorded as late in the history.
create or replace function booking.is_inside_notice(p_appointment booking.appointments, p_change text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select p_appointment.scheduled_at < now() + make_interval(mins =>
           case p_change when 'cancel' then c.cancel_notice_minutes else c.reschedule_notice_minutes end)
    from booking.calendars c
   where c.org_id = p_appointment.org_id and c.calendar_id = p_appointment.calendar_id;
$$;

revoke execute on function booking.is_inside_notice(booking.appointments, text) from public, anon, authenticated, service_role;
comment on function booking.is_inside_notice(booking.appointments, text) is
  'True when the appointment starts inside the calendar''s patient notice for a cancel or reschedule (a staff change there is flagged late).';
