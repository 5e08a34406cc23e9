-- THE production booking function: the single way an appointment is booked
-- without a hold. The contract is the COMMENT at the end of this file.
--
-- The checks before the lock, in their order, are
-- booking.normalize_booking_request's (shared with claim_slot_atomic).
-- What is bookable is decided by booking.offered_slots (the same rule as
-- check_availability): opening hours, slot grid, notice and horizon
-- (booking.unbookable_reason), then no conflict with appointments or live
-- holds, buffers included (booking.slot_is_free). PHONE_NOT_ALLOWED comes
-- from booking.sms_destination_refusal: the confirmation SMS could not go
-- there.
--
-- Locking
--   Writers of one calendar are serialised by booking.lock_calendar
--   (pg_advisory_xact_lock on booking.calendar_lock_key(org_id, calendar_id));
--   the conflict check and the insert run inside the lock. The wait is
--   bounded by the package setting lock_timeout (default 3s); a timeout
--   answers BUSY_RETRY. The EXCLUDE constraint appointments_no_overlap backs
--   the lock: its violation (23P01) answers SLOT_UNAVAILABLE.
--
-- Idempotency
--   Repeating a successful call (same organization, phone, start, duration
--   and service) answers success with the same appointment_id.
create or replace function public.book_appointment_atomic(
  p_org_id uuid,
  p_patient_name text,
  p_patient_email text,
  p_patient_phone text,
  p_service_type text,
  p_scheduled_at timestamptz,
  p_duration_minutes integer
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_calendar_id text;
  v_name text;
  v_email text;
  v_phone text;
  v_service_type text;
  v_error json;
  v_reason text;
  v_contact_id uuid;
  v_appointment booking.appointments%rowtype;
begin
  perform booking.assert_org_access(p_org_id);

  select r.calendar_id, r.name, r.email, r.phone, r.service_type, r.error
    into v_calendar_id, v_name, v_email, v_phone, v_service_type, v_error
    from booking.normalize_booking_request(p_org_id, null, p_patient_name, p_patient_phone, p_patient_email,
                                           p_service_type, p_scheduled_at, p_duration_minutes, false) r;
  if v_error is not null then
    return v_error;
  end if;
  v_reason := booking.unbookable_reason(p_org_id, v_calendar_id, p_scheduled_at, p_duration_minutes);

  begin
    perform booking.lock_calendar(p_org_id, v_calendar_id);

    -- A retry of a call that already succeeded (even if the slot has since
    -- moved inside the notice period).
    select a.* into v_appointment
      from booking.appointments a
      join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
     where a.org_id = p_org_id and a.calendar_id = v_calendar_id
       and a.scheduled_at = p_scheduled_at and a.duration_minutes = p_duration_minutes
       and a.service_type = v_service_type and a.status <> 'cancelled' and c.phone = v_phone;
    if found then
      return booking.appointment_answer(v_appointment);
    end if;

    if v_reason is not null then
      return booking.unbookable_error(v_reason);
    end if;

    if not booking.slot_is_free(p_org_id, v_calendar_id, p_scheduled_at,
                                p_scheduled_at + make_interval(mins => p_duration_minutes)) then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
    end if;

    v_contact_id := booking.upsert_contact(p_org_id, v_name, v_email, v_phone);
    v_appointment := booking.insert_appointment(p_org_id, v_calendar_id, v_contact_id, v_service_type,
                                                p_scheduled_at, p_duration_minutes);
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry the booking');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
  end;

  return booking.appointment_answer(v_appointment);
end;
$$;

revoke execute on function public.book_appointment_atomic(uuid, text, text, text, text, timestamptz, integer) from public, anon, authenticated, service_role;
grant execute on function public.book_appointment_atomic(uuid, text, text, text, text, timestamptz, integer)
  to authenticated, service_role;
comment on function public.book_appointment_atomic(uuid, text, text, text, text, timestamptz, integer) is
'THE single production booking function: books a patient on the organization''s default calendar, atomically and without overlaps.

Arguments: p_org_id; p_patient_name; p_patient_email (optional); p_patient_phone (normalized to E.164 with the organization''s phone region); p_service_type; p_scheduled_at (a start check_availability offers); p_duration_minutes (1-1440; with a service catalog, the service''s duration).
Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at", "created_at"}; repeating a successful call (same organization, phone, start, duration, service) answers the same appointment_id. The confirmation SMS is queued in the same transaction.
Errors: {"success": false, "error", "message", "created_at"} with INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED (a country the clinic does not allow, a satellite/international-network, premium-rate or shared-cost number), INVALID_EMAIL, INVALID_SERVICE_TYPE, UNKNOWN_SERVICE_TYPE, INVALID_TIME, INVALID_DURATION, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE (booked or held), BUSY_RETRY (the calendar lock was not had within the package setting lock_timeout). Raises 42501 when an authenticated caller books for another organization.';
