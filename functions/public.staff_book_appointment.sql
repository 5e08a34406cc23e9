-- A booking made by the clinic's staff: a walk-in, a same-day appointment,
-- a patient at the desk. The contract is the COMMENT at the end of this file.
--
-- The same checks and rule as public.book_appointment_atomic
-- (booking.normalize_booking_request, then booking.unbookable_reason and
-- booking.slot_is_free under booking.lock_calendar) on the calendar staff
-- choose, except the minimum notice: staff may book any start from now on
-- that the calendar's hours and grid offer (never outside them: special
-- hours first, which are an administrator's). The appointment is marked
-- booked_by_staff with the member, and its history starts with a booked
-- row (late: inside the notice a patient would have been refused).
--
-- Idempotency: a repeated successful call (same calendar, phone, start,
-- duration, service) answers the same appointment_id (a form posted twice).
create or replace function public.staff_book_appointment(
  p_org_id uuid,
  p_calendar_id text,
  p_service_type text,
  p_scheduled_at timestamptz,
  p_patient_name text,
  p_patient_phone text,
  p_patient_email text default null,
  p_duration_minutes integer default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_calendar booking.calendars;
  v_duration integer := p_duration_minutes;
  v_request record;
  v_reason text;
  v_contact_id uuid;
  v_appointment booking.appointments%rowtype;
begin
  perform booking.assert_org_access(p_org_id);

  if v_duration is null then
    -- The service's length on the calendar (the form names the service only).
    v_calendar := booking.find_calendar(p_org_id, p_calendar_id);
    v_duration := booking.service_duration(p_org_id, v_calendar.calendar_id,
                                           booking.normalize_service_type(p_service_type));
  end if;
  select * into v_request
    from booking.normalize_booking_request(p_org_id, p_calendar_id, p_patient_name, p_patient_phone,
                                           p_patient_email, p_service_type, p_scheduled_at,
                                           coalesce(v_duration, 1), false) r;
  if v_request.error is not null then
    return v_request.error;
  end if;
  v_duration := v_request.duration_minutes;
  select * into v_calendar from booking.calendars c
   where c.org_id = p_org_id and c.calendar_id = v_request.calendar_id;
  v_reason := booking.unbookable_reason(p_org_id, v_request.calendar_id, p_scheduled_at, v_duration, true);

  begin
    perform booking.lock_calendar(p_org_id, v_request.calendar_id);

    select a.* into v_appointment
      from booking.appointments a
      join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
     where a.org_id = p_org_id and a.calendar_id = v_request.calendar_id
       and a.scheduled_at = p_scheduled_at and a.duration_minutes = v_duration
       and a.service_type = v_request.service_type and a.status <> 'cancelled'
       and c.phone = v_request.phone;
    if found then
      return booking.appointment_answer(v_appointment);
    end if;

    if v_reason is not null then
      return booking.unbookable_error(v_reason);
    end if;
    if not booking.slot_is_free(p_org_id, v_request.calendar_id, p_scheduled_at,
                                p_scheduled_at + make_interval(mins => v_duration)) then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
    end if;

    v_contact_id := booking.upsert_contact(p_org_id, v_request.name, v_request.email, v_request.phone);
    v_appointment := booking.insert_appointment(p_org_id, v_request.calendar_id, v_contact_id,
                                                v_request.service_type, p_scheduled_at, v_duration);
    update booking.appointments
       set booked_by_staff = true, booked_by_account_id = booking.caller_account_id()
     where org_id = p_org_id and id = v_appointment.id
    returning * into v_appointment;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, to_status, to_scheduled_at, late)
    values (p_org_id, v_appointment.id, 'booked', 'staff', v_appointment.status, p_scheduled_at,
            p_scheduled_at < now() + make_interval(mins => v_calendar.min_notice_minutes));
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry the booking');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
  end;

  return booking.appointment_answer(v_appointment);
end;
$$;

revoke execute on function public.staff_book_appointment(uuid, text, text, timestamptz, text, text, text, integer)
  from public, anon, authenticated, service_role;
grant execute on function public.staff_book_appointment(uuid, text, text, timestamptz, text, text, text, integer)
  to authenticated, service_role;
comment on function public.staff_book_appointment(uuid, text, text, timestamptz, text, text, text, integer) is
'Staff book an appointment on a calendar, inside the minimum notice too (walk-ins, same day), never outside opening hours.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_service_type; p_scheduled_at (a start the calendar''s hours, date overrides and slot grid offer, from now on); p_patient_name; p_patient_phone (normalized to E.164 with the organization''s phone region; an existing patient with that number is reused); p_patient_email (optional); p_duration_minutes (NULL: the service''s length on the calendar).
Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at", "created_at"}, as book_appointment_atomic: the confirmation SMS and reminders are queued in the same transaction; the appointment is marked booked by staff, with a booked history row naming the member (late when inside the calendar''s minimum notice). Repeating a successful call answers the same appointment_id.
Errors: as book_appointment_atomic without TOO_SOON: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED, INVALID_EMAIL, INVALID_SERVICE_TYPE, UNKNOWN_SERVICE_TYPE, INVALID_TIME, INVALID_DURATION, PAST_TIME, TOO_FAR_AHEAD, OUTSIDE_HOURS (closed, off the grid or blocked hours: add special hours first), SLOT_UNAVAILABLE (booked, held or blocked time), BUSY_RETRY. Raises 42501 when the caller acts for another organization.';
