-- Confirms a hold with the one-time code the patient read back: the
-- appointment is created, the hold consumed and the confirmation SMS
-- enqueued, all in this transaction.
-- The contract is the COMMENT at the end of this file.
-- Codes are compared as keyed hashes in constant time. The appointment goes
-- through booking.insert_appointment under the calendar lock, with the same
-- overlap guarantees as book_appointment_atomic; PAST_TIME, TOO_SOON,
-- TOO_FAR_AHEAD and OUTSIDE_HOURS arise when a service longer than the held
-- slot does not fit. The name given at claim time reaches the contact only
-- now. Repeating a successful confirmation answers the same appointment.
create or replace function public.confirm_held_slot(
  p_hold_id uuid,
  p_org_id uuid,
  p_contact_id uuid,
  p_otp text,
  p_service_type text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_hold booking.appointment_holds%rowtype;
  v_code text := regexp_replace(coalesce(p_otp, ''), '[^0-9]', '', 'g');
  v_service_type text;
  v_duration integer;
  v_reason text;
  v_refusal json;
  v_appointment booking.appointments%rowtype;
  v_phone text;
  v_number_left integer;
begin
  if p_org_id is not null then
    perform booking.assert_org_access(p_org_id);
  end if;
  select * into v_hold from booking.appointment_holds
   where id = p_hold_id and (p_org_id is null or org_id = p_org_id);
  -- Another organization's hold answers as an unknown one: ids cannot be probed.
  if not found or not booking.can_act_for_org(v_hold.org_id) then
    return booking.json_error('HOLD_NOT_FOUND', 'There is no such hold');
  end if;
  perform booking.assert_org_access(v_hold.org_id);
  if p_contact_id is not null and p_contact_id <> v_hold.contact_id then
    return booking.json_error('CONTACT_MISMATCH', 'The hold belongs to another contact');
  end if;
  if length(v_code) <> 4 or length(p_otp) > 32 then
    return booking.json_error('INVALID_OTP_FORMAT', 'The code has 4 digits');
  end if;

  begin
    -- Calendar lock first, then the hold's row: the order claim_slot_atomic uses.
    perform booking.lock_calendar(v_hold.org_id, v_hold.calendar_id);
    select * into v_hold from booking.appointment_holds
     where org_id = v_hold.org_id and id = v_hold.id for update;

    if v_hold.status = 'consumed' then
      if booking.constant_time_equals(booking.otp_hash(v_code, v_hold.id), v_hold.otp_hash) then
        select * into v_appointment from booking.appointments
         where org_id = v_hold.org_id and id = v_hold.appointment_id;
        return booking.confirmation_answer(v_appointment);
      end if;
      return booking.json_error('HOLD_ALREADY_CONFIRMED', 'The hold was already confirmed');
    end if;
    v_refusal := booking.hold_unusable_reason(v_hold);
    if v_refusal is not null then
      return v_refusal;
    elsif v_hold.otp_hash is null then
      return booking.json_error('OTP_NOT_SENT', 'No code was sent for this hold yet');
    end if;

    -- Wrong codes count per number too (booking.record_otp_failure: 10 a
    -- day lock the number), so new holds do not buy new guesses.
    select phone into v_phone from booking.contacts
     where org_id = v_hold.org_id and id = v_hold.contact_id;
    if booking.otp_phone_locked(v_hold.org_id, v_phone) then
      return booking.json_error('OTP_LOCKED', 'Too many wrong codes for this number; try again later');
    end if;
    if not booking.constant_time_equals(booking.otp_hash(v_code, v_hold.id), v_hold.otp_hash) then
      update booking.appointment_holds
         set otp_failed_attempts = otp_failed_attempts + 1, updated_at = now()
       where org_id = v_hold.org_id and id = v_hold.id;
      v_number_left := booking.record_otp_failure(v_hold.org_id, v_phone);
      if v_hold.otp_failed_attempts + 1 >= 5 or v_number_left = 0 then
        return booking.json_error('OTP_LOCKED', 'Too many wrong codes; reserve the slot again');
      end if;
      return (booking.json_error('INVALID_OTP', 'The code is not right')::jsonb
              || jsonb_build_object('attempts_remaining',
                   least(4 - v_hold.otp_failed_attempts, v_number_left)))::json;
    end if;

    v_service_type := coalesce(booking.normalize_service_type(p_service_type), v_hold.service_type, 'consultation');
    v_duration := booking.service_duration(v_hold.org_id, v_hold.calendar_id, v_service_type);
    if v_duration is null then
      return booking.json_error('UNKNOWN_SERVICE_TYPE', 'The calendar does not offer this service type');
    end if;
    if v_duration <> v_hold.duration_minutes then
      v_reason := booking.unbookable_reason(v_hold.org_id, v_hold.calendar_id, v_hold.scheduled_at, v_duration);
      if v_reason is not null then
        return booking.json_error(v_reason, 'The service does not fit the held slot');
      end if;
    end if;
    if not booking.slot_is_free(v_hold.org_id, v_hold.calendar_id, v_hold.scheduled_at,
                                v_hold.scheduled_at + make_interval(mins => v_duration), v_hold.id) then
      return booking.json_error('SLOT_UNAVAILABLE', 'The slot is no longer free');
    end if;

    -- The code proves the caller holds the phone: now the name they gave
    -- may update the contact.
    perform booking.upsert_contact(v_hold.org_id, v_hold.patient_name, null,
      (select phone from booking.contacts where org_id = v_hold.org_id and id = v_hold.contact_id));
    v_appointment := booking.insert_appointment(v_hold.org_id, v_hold.calendar_id, v_hold.contact_id,
                                                v_service_type, v_hold.scheduled_at, v_duration);
    update booking.appointment_holds
       set status = 'consumed', appointment_id = v_appointment.id, updated_at = now()
     where org_id = v_hold.org_id and id = v_hold.id;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'The slot is no longer free');
  end;

  return booking.confirmation_answer(v_appointment);
end;
$$;

revoke execute on function public.confirm_held_slot(uuid, uuid, uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.confirm_held_slot(uuid, uuid, uuid, text, text) to authenticated, service_role;
comment on function public.confirm_held_slot(uuid, uuid, uuid, text, text) is
'Verifies a hold''s one-time code and books it: appointment, consumed hold and confirmation SMS in one transaction.

Arguments: p_hold_id; p_org_id (NULL: the hold''s); p_contact_id (NULL, or the hold''s); p_otp (the 4-digit code as heard: "1 2 3 4" is fine); p_service_type (NULL: the claim''s service, else consultation).
Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at"}, with book_appointment_atomic''s overlap guarantees; a repeated successful confirmation answers the same appointment. The code is compared in constant time.
Errors: HOLD_NOT_FOUND (also for another organization''s hold), CONTACT_MISMATCH, HOLD_EXPIRED, HOLD_RELEASED, HOLD_ALREADY_CONFIRMED, OTP_NOT_SENT, INVALID_OTP_FORMAT (not 4 digits; not counted), INVALID_OTP (with attempts_remaining), OTP_LOCKED (after 5 wrong codes for the hold, or 10 a day for the number), UNKNOWN_SERVICE_TYPE, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY.';
