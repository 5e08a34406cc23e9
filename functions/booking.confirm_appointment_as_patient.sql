-- Records that the patient confirmed they will come (reply Y, the voice
-- agent, the manage page), on behalf of p_actor. The caller has checked
-- that it may act for p_org_id.
--
-- Contract
--   out: {"success": true, "appointment_id", "patient_confirmed_at"} or
--        {"success": false, "error": CODE, ...} with CODE
--        APPOINTMENT_NOT_FOUND (also for another organization's
--        appointment), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST.
--   Idempotent: a confirmed appointment answers its first
--   patient_confirmed_at and changes nothing. The first confirmation
--   records a history row and the event appointment.patient_confirmed.
--   No notice period applies. Raises 22023 for an unknown actor.
create or replace function booking.confirm_appointment_as_patient(
  p_org_id uuid,
  p_appointment_id uuid,
  p_actor text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
  v_refusal text;
begin
  perform booking.assert_actor(p_actor);
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id for update;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  if v_appointment.patient_confirmed_at is null then
    v_refusal := booking.change_refusal(v_appointment, 'confirm', 'staff');
    if v_refusal is not null then
      return booking.json_error(v_refusal, case v_refusal
        when 'APPOINTMENT_CANCELLED' then 'The appointment is cancelled'
        else 'The appointment has already started' end);
    end if;
    update booking.appointments
       set patient_confirmed_at = now(), last_changed_by = p_actor, updated_at = now()
     where org_id = p_org_id and id = p_appointment_id
    returning * into v_appointment;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, from_status, to_status,
                                             from_scheduled_at, to_scheduled_at)
    values (p_org_id, p_appointment_id, 'patient_confirmed', p_actor, v_appointment.status,
            v_appointment.status, v_appointment.scheduled_at, v_appointment.scheduled_at);
  end if;
  return json_build_object('success', true, 'appointment_id', v_appointment.id,
    'patient_confirmed_at', booking.to_iso8601_utc(v_appointment.patient_confirmed_at));
end;
$$;

revoke execute on function booking.confirm_appointment_as_patient(uuid, uuid, text) from public, anon, authenticated, service_role;
comment on function booking.confirm_appointment_as_patient(uuid, uuid, text) is
  'Internal: the patient confirms attendance (idempotent). Returns {"success": true, "appointment_id", "patient_confirmed_at"} or APPOINTMENT_NOT_FOUND, APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST.';
