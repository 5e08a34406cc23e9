-- Staff (a member of the clinic, or service_role) records how an
-- appointment went. The contract is the COMMENT at the end of this file.
-- Setting the status it already has answers success and changes nothing;
-- a correction (completed <-> no_show) is recorded like the first outcome.
-- Pending reminders of the appointment are canceled.
create or replace function public.set_appointment_outcome(
  p_org_id uuid,
  p_appointment_id uuid,
  p_status text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
  v_from_status text;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id for update;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  if p_status is null or p_status not in ('completed', 'no_show') then
    return booking.json_error('INVALID_STATUS', 'The outcome is completed or no_show');
  end if;
  if v_appointment.status = 'cancelled' then
    return booking.json_error('APPOINTMENT_CANCELLED', 'The appointment is cancelled');
  end if;
  if v_appointment.scheduled_at > now() then
    return booking.json_error('APPOINTMENT_NOT_STARTED', 'An outcome is recorded once the appointment has started');
  end if;
  if v_appointment.status <> p_status then
    v_from_status := v_appointment.status;
    update booking.appointments
       set status = p_status, last_changed_by = 'staff', updated_at = now()
     where org_id = p_org_id and id = p_appointment_id;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, from_status, to_status,
                                             from_scheduled_at, to_scheduled_at)
    values (p_org_id, p_appointment_id, p_status, 'staff', v_from_status, p_status,
            v_appointment.scheduled_at, v_appointment.scheduled_at);
    perform booking.sync_reminders(p_org_id, p_appointment_id);
  end if;
  return json_build_object('success', true, 'appointment_id', p_appointment_id, 'status', p_status);
end;
$$;

revoke execute on function public.set_appointment_outcome(uuid, uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.set_appointment_outcome(uuid, uuid, text) to authenticated, service_role;
comment on function public.set_appointment_outcome(uuid, uuid, text) is
'Staff records an appointment''s outcome, completed or no_show, once it has started.

Arguments: p_org_id; p_appointment_id; p_status (completed or no_show; a correction between them is allowed).
Answer: {"success": true, "appointment_id", "status"}, with a history row and the event appointment.completed / appointment.no_show; idempotent.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), INVALID_STATUS, APPOINTMENT_CANCELLED, APPOINTMENT_NOT_STARTED. Raises 42501 when an authenticated caller acts for another organization.';
