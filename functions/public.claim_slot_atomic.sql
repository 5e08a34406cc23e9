-- Holds a slot for a call while the patient confirms it with a one-time
-- code (send_otp, then confirm_held_slot).
-- The contract is the COMMENT at the end of this file.
--
-- Rules
--   The checks before the locks are booking.normalize_booking_request's,
--   in book_appointment_atomic's order (a past slot: PAST_TIME before the
--   calendar is looked up, a repeated claim included), then the call id
--   and the hold minutes. Only slots check_availability offers can be
--   held. A live hold blocks other holds and bookings of any overlapping
--   interval (buffers included) until it expires or is released. The same
--   call claiming the same slot again with another phone gets
--   PHONE_MISMATCH, so codes never go to the first number; claiming another
--   slot releases the call's previous hold. The contact is created when new
--   but not renamed (booking.find_or_create_contact): the name given here
--   reaches an existing contact only once the code is verified.
--
-- Locking
--   A per-call advisory lock serialises one call's claims; the conflict
--   check and the insert run under the calendar lock (booking.lock_calendar);
--   the EXCLUDE constraint appointment_holds_no_overlap backs it.
create or replace function public.claim_slot_atomic(
  p_org_id uuid,
  p_calendar_id text,
  p_slot_time timestamptz,
  p_call_sid text,
  p_patient_name text,
  p_patient_phone text,
  p_hold_minutes integer default 10,
  p_service_type text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_calendar_id text;
  v_call_sid text := nullif(btrim(p_call_sid), '');
  v_service_type text;
  v_name text;
  v_phone text;
  v_duration integer;
  v_error json;
  v_reason text;
  v_hold booking.appointment_holds%rowtype;
  v_contact_id uuid;
begin
  perform booking.assert_org_access(p_org_id);

  select r.calendar_id, r.name, r.phone, r.service_type, r.duration_minutes, r.error
    into v_calendar_id, v_name, v_phone, v_service_type, v_duration, v_error
    from booking.normalize_booking_request(p_org_id, p_calendar_id, p_patient_name, p_patient_phone, null,
                                           p_service_type, p_slot_time, null, true) r;
  if v_error is not null then
    return v_error;
  end if;
  v_call_sid := coalesce(v_call_sid, 'phone:' || v_phone);
  if length(v_call_sid) > 128 or v_call_sid ~ '[[:cntrl:][:space:]]' then
    return booking.json_error('INVALID_CALL_SID', 'The call id must be 1 to 128 visible characters');
  end if;
  if p_hold_minutes is null or p_hold_minutes not between 1 and 30 then
    return booking.json_error('INVALID_HOLD_MINUTES', 'A hold lasts 1 to 30 minutes');
  end if;
  v_reason := booking.unbookable_reason(p_org_id, v_calendar_id, p_slot_time, v_duration);

  begin
    perform pg_advisory_xact_lock(hashtextextended('booking.call:' || p_org_id::text || ':' || v_call_sid, 0));
    perform booking.lock_calendar(p_org_id, v_calendar_id);

    -- The same call claiming the same slot again: the same hold.
    select * into v_hold from booking.appointment_holds
     where org_id = p_org_id and call_sid = v_call_sid and status = 'active' and expires_at > now()
       and calendar_id = v_calendar_id and scheduled_at = p_slot_time
       and duration_minutes = v_duration;
    if found then
      if (select phone from booking.contacts where org_id = p_org_id and id = v_hold.contact_id)
         is distinct from v_phone then
        return booking.json_error('PHONE_MISMATCH', 'This call already holds this slot for another phone number');
      end if;
      return booking.hold_answer(v_hold);
    end if;

    if v_reason is not null then
      return booking.unbookable_error(v_reason);
    end if;

    -- Holds past their expiry stop counting; mark them so the exclusion
    -- constraint lets the slot be held again.
    update booking.appointment_holds
       set status = 'expired', updated_at = now()
     where org_id = p_org_id and calendar_id = v_calendar_id
       and status = 'active' and expires_at <= now();

    if not booking.slot_is_free(p_org_id, v_calendar_id, p_slot_time,
                                p_slot_time + make_interval(mins => v_duration)) then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked or held');
    end if;

    -- A call holds at most one slot.
    update booking.appointment_holds
       set status = case when expires_at > now() then 'released' else 'expired' end, updated_at = now()
     where org_id = p_org_id and call_sid = v_call_sid and status = 'active';

    v_contact_id := booking.find_or_create_contact(p_org_id, v_name, v_phone);
    insert into booking.appointment_holds (org_id, calendar_id, contact_id, call_sid, service_type, patient_name,
                                           scheduled_at, duration_minutes, ends_at, expires_at)
    values (p_org_id, v_calendar_id, v_contact_id, v_call_sid, v_service_type, v_name,
            p_slot_time, v_duration,
            p_slot_time + make_interval(mins => v_duration), now() + make_interval(mins => p_hold_minutes))
    returning * into v_hold;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked or held');
  end;

  return booking.hold_answer(v_hold);
end;
$$;

revoke execute on function public.claim_slot_atomic(uuid, text, timestamptz, text, text, text, integer, text) from public, anon, authenticated, service_role;
grant execute on function public.claim_slot_atomic(uuid, text, timestamptz, text, text, text, integer, text)
  to authenticated, service_role;
comment on function public.claim_slot_atomic(uuid, text, timestamptz, text, text, text, integer, text) is
'Holds a slot for a call until confirm_held_slot or release_hold.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_slot_time (a start check_availability offers); p_call_sid (NULL: derived from the normalized phone, so one phone holds one slot); p_patient_name; p_patient_phone; p_hold_minutes (1-30, default 10); p_service_type (NULL: the default duration).
Answer: {"success": true, "hold_id", "contact_id", "scheduled_at", "expires_at"}. The same call, slot and phone answer the same hold; a call holds one slot at a time.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_CALL_SID, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED (a country the clinic does not allow, a satellite/international-network, premium-rate or shared-cost number), PHONE_MISMATCH (the call holds this slot for another number), INVALID_HOLD_MINUTES, INVALID_TIME, INVALID_SERVICE_TYPE, UNKNOWN_SERVICE_TYPE, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY. Raises 42501 when an authenticated caller acts for another organization.';
