-- Moves an appointment (the same row, same id) to a new start on behalf
-- of p_actor: the internal function behind public.reschedule_appointment,
-- the voice tool and the manage page. The caller has checked that it may
-- act for p_org_id.
--
-- Contract
--   out: {"success": true, "appointment_id", "scheduled_at",
--         "previous_scheduled_at"} or {"success": false, "error": CODE, ...}
--        with CODE APPOINTMENT_NOT_FOUND (also for another organization's
--        appointment), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST,
--        TOO_LATE_TO_CHANGE (a patient inside reschedule_notice_minutes
--        of the current start), RESCHEDULE_LIMIT (a patient's fourth
--        reschedule), and the booking codes for the new start: INVALID_TIME,
--        PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS,
--        SLOT_UNAVAILABLE, BUSY_RETRY; SAME_TIME for the start it
--        already has.
--   The new start must be bookable by the rule booking uses
--   (booking.unbookable_reason: hours, grid, notice, horizon, for the
--   appointment's own duration) and free (booking.slot_is_free, buffers
--   and live holds included) with the appointment's own old interval not
--   blocking it; appointments_no_overlap backs the check (23P01 answers
--   SLOT_UNAVAILABLE). In one transaction: the row moves, its pending
--   reminders move (booking.sync_reminders), a reschedule SMS with a
--   manage link is queued, a history row and the event
--   appointment.rescheduled are recorded; a patient's reschedule counts
--   towards the limit. Moving to the start it already has is refused
--   (SAME_TIME): nothing is recorded, counted or sent. Raises 22023 for an unknown actor.
--
-- Locking: the calendar lock, then the row (FOR UPDATE), as
-- booking.cancel_appointment_as.
create or replace function booking.reschedule_appointment_as(
  p_org_id uuid,
  p_appointment_id uuid,
  p_new_scheduled_at timestamptz,
  p_actor text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
  v_previous timestamptz;
  v_refusal text;
  v_reason text;
  v_late boolean;
begin
  perform booking.assert_actor(p_actor);
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;

  begin
    perform booking.lock_calendar(p_org_id, v_appointment.calendar_id);
    select * into v_appointment from booking.appointments
     where org_id = p_org_id and id = p_appointment_id for update;
    v_previous := v_appointment.scheduled_at;

    v_refusal := booking.change_refusal(v_appointment, 'reschedule', 'staff');
    if v_refusal is null and (p_new_scheduled_at is null or not isfinite(p_new_scheduled_at)) then
      v_refusal := 'INVALID_TIME';
    end if;
    if v_refusal is null and p_new_scheduled_at = v_previous then
      return booking.json_error('SAME_TIME', 'The appointment already starts at that time');
    end if;
    v_refusal := coalesce(v_refusal, booking.change_refusal(v_appointment, 'reschedule', p_actor));
    if v_refusal is not null then
      return booking.json_error(v_refusal, case v_refusal
        when 'APPOINTMENT_CANCELLED' then 'A cancelled appointment cannot be moved'
        when 'APPOINTMENT_IN_PAST' then 'The appointment has already started'
        when 'INVALID_TIME' then 'The new start must be a finite timestamp'
        when 'RESCHEDULE_LIMIT' then 'The appointment was already moved 3 times; call the clinic'
        else 'The appointment starts too soon to move it; call the clinic' end);
    end if;

    v_reason := booking.unbookable_reason(p_org_id, v_appointment.calendar_id, p_new_scheduled_at,
                                          v_appointment.duration_minutes);
    if v_reason is not null then
      return booking.unbookable_error(v_reason);
    end if;
    if not booking.slot_is_free(p_org_id, v_appointment.calendar_id, p_new_scheduled_at,
                                p_new_scheduled_at + make_interval(mins => v_appointment.duration_minutes),
                                null, v_appointment.id) then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
    end if;
    v_late := booking.is_inside_notice(v_appointment, 'reschedule');

    update booking.appointments
       set scheduled_at = p_new_scheduled_at,
           ends_at = p_new_scheduled_at + make_interval(mins => duration_minutes),
           patient_reschedule_count = patient_reschedule_count + (p_actor <> 'staff')::integer,
           last_changed_by = p_actor,
           updated_at = now()
     where org_id = p_org_id and id = p_appointment_id
    returning * into v_appointment;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, from_status, to_status,
                                             from_scheduled_at, to_scheduled_at, late)
    values (p_org_id, p_appointment_id, 'rescheduled', p_actor, v_appointment.status, v_appointment.status,
            v_previous, p_new_scheduled_at, v_late);
    perform booking.sync_reminders(p_org_id, p_appointment_id);
    perform booking.enqueue_appointment_sms(p_org_id, p_appointment_id, 'reschedule');
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
  end;

  return booking.reschedule_answer(v_appointment.id, v_appointment.scheduled_at, v_previous);
end;
$$;

revoke execute on function booking.reschedule_appointment_as(uuid, uuid, timestamptz, text) from public, anon, authenticated, service_role;
comment on function booking.reschedule_appointment_as(uuid, uuid, timestamptz, text) is
  'Internal: moves an appointment (same id) to a new start for an actor, by the booking rule (unbookable_reason, slot_is_free without its own interval, EXCLUDE backstop); patients bound by reschedule_notice_minutes and 3 reschedules. Returns {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at"} or APPOINTMENT_NOT_FOUND, APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT, INVALID_TIME, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY, SAME_TIME (the start it already has: nothing recorded or sent).';
