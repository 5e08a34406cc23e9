-- Cancels an appointment on behalf of p_actor (staff, patient_phone,
-- patient_sms, patient_link): the internal function behind
-- public.cancel_appointment, the voice tool, the SMS reply C and the
-- manage page. The caller has checked that it may act for p_org_id.
--
-- Contract
--   out: {"success": true, "appointment_id", "status": "cancelled",
--         "cancelled_at"} or {"success": false, "error": CODE, ...} with
--        CODE APPOINTMENT_NOT_FOUND (also for another organization's
--        appointment), APPOINTMENT_IN_PAST (started or has an outcome),
--        TOO_LATE_TO_CHANGE (a patient inside the calendar's
--        cancel_notice_minutes), INVALID_REASON (over 500 characters),
--        BUSY_RETRY.
--   In one transaction: the row stays with status cancelled, cancelled_at,
--   cancelled_by and the reason; its slot is free at once; its pending
--   reminders are canceled; a cancellation SMS is queued unless staff
--   chose p_notify_patient = false (patients' own cancellations are always
--   texted; NULL means true); a history row (late = a staff cancellation
--   inside the patient notice; patient_notified) and the event
--   appointment.cancelled are recorded. Cancelling a cancelled appointment
--   answers success again (its first cancelled_at) and changes nothing.
--   Raises 22023 for an unknown actor.
--
-- Locking: the calendar lock (as every writer of the calendar), then the
-- row (FOR UPDATE), so concurrent changes of one appointment apply one
-- after the other and each sees the other's outcome.
create or replace function booking.cancel_appointment_as(
  p_org_id uuid,
  p_appointment_id uuid,
  p_actor text,
  p_reason text,
  p_notify_patient boolean default true
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
  v_reason text := nullif(btrim(p_reason), '');
  v_refusal text;
  v_late boolean;
  v_from_status text;
  v_notify boolean := p_actor <> 'staff' or coalesce(p_notify_patient, true);
begin
  perform booking.assert_actor(p_actor);
  if length(v_reason) > 500 then
    return booking.json_error('INVALID_REASON', 'The reason is at most 500 characters');
  end if;
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;

  begin
    perform booking.lock_calendar(p_org_id, v_appointment.calendar_id);
    select * into v_appointment from booking.appointments
     where org_id = p_org_id and id = p_appointment_id for update;

    if v_appointment.status = 'cancelled' then
      return json_build_object('success', true, 'appointment_id', v_appointment.id,
        'status', 'cancelled', 'cancelled_at', booking.to_iso8601_utc(v_appointment.cancelled_at));
    end if;
    v_refusal := booking.change_refusal(v_appointment, 'cancel', p_actor);
    if v_refusal is not null then
      return booking.json_error(v_refusal, case v_refusal
        when 'APPOINTMENT_IN_PAST' then 'The appointment has already started'
        else 'The appointment starts too soon to cancel it; call the clinic' end);
    end if;
    v_late := booking.is_inside_notice(v_appointment, 'cancel');
    v_from_status := v_appointment.status;

    update booking.appointments
       set status = 'cancelled', cancelled_at = now(), cancelled_by = p_actor,
           cancellation_reason = v_reason, last_changed_by = p_actor, updated_at = now()
     where org_id = p_org_id and id = p_appointment_id
    returning * into v_appointment;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, from_status, to_status,
                                             from_scheduled_at, reason, late, patient_notified)
    values (p_org_id, p_appointment_id, 'cancelled', p_actor, v_from_status, 'cancelled',
            v_appointment.scheduled_at, v_reason, v_late, v_notify);
    perform booking.sync_reminders(p_org_id, p_appointment_id);
    if v_notify then
      perform booking.enqueue_appointment_sms(p_org_id, p_appointment_id, 'cancellation');
    end if;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;

  return json_build_object('success', true, 'appointment_id', v_appointment.id,
    'status', 'cancelled', 'cancelled_at', booking.to_iso8601_utc(v_appointment.cancelled_at));
end;
$$;

revoke execute on function booking.cancel_appointment_as(uuid, uuid, text, text, boolean) from public, anon, authenticated, service_role;
comment on function booking.cancel_appointment_as(uuid, uuid, text, text, boolean) is
  'Internal: cancels an appointment for an actor (staff, patient_phone, patient_sms, patient_link); patients bound by cancel_notice_minutes; staff may choose not to text the patient (p_notify_patient false; the reminders are cancelled all the same). Returns {"success": true, "appointment_id", "status": "cancelled", "cancelled_at"} or APPOINTMENT_NOT_FOUND, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, INVALID_REASON, BUSY_RETRY. Idempotent.';
