-- A patient takes a waitlist offer (p_actor patient_link: the offer's link;
-- patient_sms: a Y reply). The first valid claim of a slot wins: decided
-- under the calendar lock, with appointments_no_overlap and the one-claim
-- index of waitlist_offers behind it.
--
-- Contract
--   out: {"success": true, "appointment_id", "scheduled_at", "local_text",
--         "service_name", "moved" (an existing appointment moved earlier)}
--        again for the winner's repeated claims; or OFFER_NOT_FOUND,
--        OFFER_TAKEN (another claim or booking won; the patient stays on
--        the waitlist), OFFER_EXPIRED (unanswered in time, the patient
--        left the waitlist, or the time can no longer be booked: too soon,
--        the appointment to move changed), BUSY_RETRY.
--   In one transaction, the winner's: the appointment is booked with its
--   confirmation SMS and reminders (booking.insert_appointment) and a
--   history row booked "From the waitlist", or the appointment being moved
--   earlier is rescheduled with its SMS (booking.reschedule_appointment_as);
--   the offer is claimed (waitlist.claimed), the slot filled, the slot's
--   other open offers taken and its unsent offer messages canceled, the
--   entry booked and its open offers of other slots withdrawn; what is left
--   of the freed interval before or after the booked time is offered again
--   (booking.waitlist_interval_freed, cause remainder).
create or replace function booking.claim_waitlist_offer_as(p_org_id uuid, p_offer_id uuid, p_actor text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_offer booking.waitlist_offers;
  v_slot booking.waitlist_slots;
  v_entry booking.waitlist_entries;
  v_appointment booking.appointments;
  v_answer json;
  v_error text;
  v_ends_at timestamptz;
begin
  perform booking.assert_actor(p_actor);
  select * into v_offer from booking.waitlist_offers where org_id = p_org_id and id = p_offer_id;
  if not found then
    return booking.json_error('OFFER_NOT_FOUND', 'There is no such offer');
  end if;

  begin
    -- Decided answers need no lock: a slot claims once.
    if v_offer.status <> 'claimed' then
      select * into v_slot from booking.waitlist_slots where org_id = p_org_id and id = v_offer.slot_id;
      if v_offer.status in ('taken', 'withdrawn') or v_slot.status in ('filled', 'taken') then
        return booking.json_error('OFFER_TAKEN', 'Sorry, that time was just taken');
      elsif v_offer.status in ('expired', 'declined') or v_offer.expires_at <= now() then
        return booking.json_error('OFFER_EXPIRED', 'This offer has ended');
      end if;
      perform booking.lock_calendar(p_org_id, v_offer.calendar_id);
      select * into v_offer from booking.waitlist_offers where org_id = p_org_id and id = p_offer_id for update;
      select * into v_slot from booking.waitlist_slots where org_id = p_org_id and id = v_offer.slot_id for update;
    end if;
    if v_offer.status = 'claimed' then
      select * into v_appointment from booking.appointments where org_id = p_org_id and id = v_offer.appointment_id;
      return json_build_object('success', true, 'appointment_id', v_offer.appointment_id,
        'scheduled_at', booking.to_iso8601_utc(v_appointment.scheduled_at),
        'local_text', booking.format_local_time(p_org_id, v_appointment.scheduled_at),
        'service_name', booking.service_display_name(p_org_id, v_appointment.calendar_id, v_appointment.service_type),
        'moved', (select e.appointment_id is not null from booking.waitlist_entries e
                   where e.org_id = p_org_id and e.id = v_offer.entry_id));
    elsif v_offer.status in ('taken', 'withdrawn') or v_slot.status <> 'offering' then
      return booking.json_error('OFFER_TAKEN', 'Sorry, that time was just taken');
    elsif v_offer.status <> 'sent' or v_offer.expires_at <= now() then
      return booking.json_error('OFFER_EXPIRED', 'This offer has ended');
    end if;
    select * into v_entry from booking.waitlist_entries
     where org_id = p_org_id and id = v_offer.entry_id for update;
    if v_entry.status <> 'open'
       or booking.unbookable_reason(p_org_id, v_offer.calendar_id, v_offer.starts_at, v_offer.duration_minutes) is not null then
      return booking.json_error('OFFER_EXPIRED', 'This offer has ended');
    end if;

    -- The slot is marked filled first, so the booking's own trigger
    -- (booking.waitlist_interval_taken) leaves it and its offers be; a
    -- refused booking rolls the block back, the marking with it.
    begin
      update booking.waitlist_slots
         set status = 'filled', filled_at = now(), closed_at = now(), next_batch_at = null
       where org_id = p_org_id and id = v_slot.id;
      if v_entry.appointment_id is null then
        if not booking.slot_is_free(p_org_id, v_offer.calendar_id, v_offer.starts_at,
                                    v_offer.starts_at + make_interval(mins => v_offer.duration_minutes)) then
          raise exception 'SLOT_UNAVAILABLE' using errcode = 'P0001';
        end if;
        v_appointment := booking.insert_appointment(p_org_id, v_offer.calendar_id, v_entry.contact_id,
          v_offer.service_type, v_offer.starts_at, v_offer.duration_minutes);
        insert into booking.appointment_history (org_id, appointment_id, action, actor, to_status,
                                                 to_scheduled_at, reason)
        values (p_org_id, v_appointment.id, 'booked', p_actor, v_appointment.status, v_appointment.scheduled_at,
                'From the waitlist');
      else
        v_answer := booking.reschedule_appointment_as(p_org_id, v_entry.appointment_id, v_offer.starts_at, p_actor);
        if not (v_answer ->> 'success')::boolean then
          raise exception '%', v_answer ->> 'error' using errcode = 'P0001';
        end if;
        select * into v_appointment from booking.appointments
         where org_id = p_org_id and id = v_entry.appointment_id;
      end if;
    exception
      when exclusion_violation then
        v_error := 'SLOT_UNAVAILABLE';
      when raise_exception then
        v_error := sqlerrm;
    end;
    if v_error in ('SLOT_UNAVAILABLE', 'BUSY_RETRY') then
      return booking.json_error(case v_error when 'BUSY_RETRY' then 'BUSY_RETRY' else 'OFFER_TAKEN' end,
        case v_error when 'BUSY_RETRY' then 'The calendar is busy; retry' else 'Sorry, that time was just taken' end);
    elsif v_error is not null then
      return booking.json_error('OFFER_EXPIRED', 'This offer has ended');
    end if;

    update booking.waitlist_slots set appointment_id = v_appointment.id
     where org_id = p_org_id and id = v_slot.id;
    update booking.waitlist_offers set status = 'claimed', answered_at = now(), appointment_id = v_appointment.id
     where org_id = p_org_id and id = v_offer.id;
    update booking.waitlist_entries set status = 'booked', closed_at = now()
     where org_id = p_org_id and id = v_entry.id;
    -- The others lose: the slot's open offers (rows only ever changed under
    -- this calendar's lock, held), and the winner's offers of other slots,
    -- which another calendar's transaction may be changing: those it has
    -- are left (an offer of a booked entry can no longer be claimed, and
    -- ends with its batch); their messages not sent yet go with them.
    with lost as (
      update booking.waitlist_offers o set status = 'taken', answered_at = now()
       where o.org_id = p_org_id and o.status = 'sent' and o.slot_id = v_slot.id
      returning o.message_id),
    withdrawn as (
      update booking.waitlist_offers o set status = 'withdrawn', answered_at = now()
        from (select y.org_id, y.id from booking.waitlist_offers y
               where y.org_id = p_org_id and y.status = 'sent' and y.entry_id = v_entry.id and y.slot_id <> v_slot.id
                 for update skip locked) d
       where o.org_id = d.org_id and o.id = d.id
      returning o.message_id)
    update booking.sms_outbox m set status = 'canceled', updated_at = now()
     where m.org_id = p_org_id and m.status = 'pending'
       and m.id in (select l.message_id from lost l union all select w.message_id from withdrawn w);

    -- What the booked time leaves of the freed interval is offered again.
    v_ends_at := v_offer.starts_at + make_interval(mins => v_offer.duration_minutes);
    if v_offer.starts_at - v_slot.starts_at >= interval '5 minutes' then
      perform booking.waitlist_interval_freed(p_org_id, v_slot.calendar_id, v_slot.starts_at, v_offer.starts_at, 'remainder');
    end if;
    if v_slot.ends_at - v_ends_at >= interval '5 minutes' then
      perform booking.waitlist_interval_freed(p_org_id, v_slot.calendar_id, v_ends_at, v_slot.ends_at, 'remainder');
    end if;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;

  return json_build_object('success', true, 'appointment_id', v_appointment.id,
    'scheduled_at', booking.to_iso8601_utc(v_appointment.scheduled_at),
    'local_text', booking.format_local_time(p_org_id, v_appointment.scheduled_at),
    'service_name', booking.service_display_name(p_org_id, v_appointment.calendar_id, v_appointment.service_type),
    'moved', v_entry.appointment_id is not null);
end;
$$;

revoke execute on function booking.claim_waitlist_offer_as(uuid, uuid, text) from public, anon, authenticated, service_role;
comment on function booking.claim_waitlist_offer_as(uuid, uuid, text) is
  'Internal: a patient takes a waitlist offer (patient_link or patient_sms); the first valid claim of a slot wins under the calendar lock (EXCLUDE and one-claim index behind it): books it (or moves the appointment earlier) with the usual SMS, fills the slot, the others'' offers taken, the entry booked, the rest of the interval offered again. Returns {"success": true, "appointment_id", "scheduled_at", "local_text", "service_name", "moved"} or OFFER_NOT_FOUND, OFFER_TAKEN, OFFER_EXPIRED, BUSY_RETRY.';
