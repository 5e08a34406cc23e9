-- Staff record how an appointment went, and correct it later (past days
-- too): arrived (checked in), completed, no_show, or expected (the record
-- cleared: awaited again). The rule is booking.attendance_refusal; every
-- actual change is a history row (the member is stamped by the history
-- trigger) with the reason; repeating the current state changes nothing.
-- A status change re-syncs the reminders (booking.sync_reminders) and is
-- a live-feed event (appointment.<status>).
create or replace function booking.set_attendance(
  p_org_id uuid,
  p_appointment_id uuid,
  p_attendance text,
  p_reason text
) returns json
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
  v_timezone text;
  v_reason text := nullif(btrim(p_reason), '');
  v_refusal text;
  v_status text;
  v_checked_in_at timestamptz;
  v_action text;
begin
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id for update;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  if p_attendance is null or p_attendance not in ('arrived', 'completed', 'no_show', 'expected') then
    return booking.json_error('INVALID_STATUS', 'The attendance is arrived, completed, no_show or expected');
  end if;
  if length(v_reason) > 500 then
    return booking.json_error('INVALID_REASON', 'The reason is at most 500 characters');
  end if;
  select o.timezone into v_timezone from booking.organizations o where o.org_id = p_org_id;
  v_refusal := booking.attendance_refusal(v_appointment, p_attendance, v_timezone);
  if v_refusal is not null then
    return booking.json_error(v_refusal, case v_refusal
      when 'APPOINTMENT_CANCELLED' then 'The appointment is cancelled'
      when 'APPOINTMENT_NOT_TODAY' then 'A patient is checked in on the day of the appointment'
      else 'An outcome is recorded once the appointment has started' end);
  end if;

  case p_attendance
    when 'arrived' then
      v_status := case when v_appointment.status in ('completed', 'no_show') then 'scheduled' else v_appointment.status end;
      v_checked_in_at := coalesce(v_appointment.checked_in_at, now());
      v_action := 'checked_in';
    when 'completed' then
      v_status := 'completed';
      v_checked_in_at := v_appointment.checked_in_at;
      v_action := 'completed';
    when 'no_show' then
      v_status := 'no_show';
      v_checked_in_at := null;
      v_action := 'no_show';
    else
      v_status := case when v_appointment.status in ('completed', 'no_show') then 'scheduled' else v_appointment.status end;
      v_checked_in_at := null;
      v_action := 'attendance_cleared';
  end case;

  if v_status is distinct from v_appointment.status or v_checked_in_at is distinct from v_appointment.checked_in_at then
    update booking.appointments
       set status = v_status, checked_in_at = v_checked_in_at, last_changed_by = 'staff', updated_at = now()
     where org_id = p_org_id and id = p_appointment_id;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, from_status, to_status,
                                             from_scheduled_at, to_scheduled_at, reason)
    values (p_org_id, p_appointment_id, v_action, 'staff', v_appointment.status, v_status,
            v_appointment.scheduled_at, v_appointment.scheduled_at, v_reason);
    if v_status <> v_appointment.status then
      perform booking.sync_reminders(p_org_id, p_appointment_id);
    end if;
  end if;
  return json_build_object('success', true, 'appointment_id', p_appointment_id, 'status', v_status,
                           'arrived', v_checked_in_at is not null);
end;
$$;

revoke execute on function booking.set_attendance(uuid, uuid, text, text) from public, anon, authenticated, service_role;
comment on function booking.set_attendance(uuid, uuid, text, text) is
  'Internal (the caller has checked the organization): records arrived, completed, no_show or expected (cleared) on an appointment by booking.attendance_refusal, with a history row per change. {"success": true, "appointment_id", "status", "arrived"} or APPOINTMENT_NOT_FOUND, INVALID_STATUS, INVALID_REASON, APPOINTMENT_CANCELLED, APPOINTMENT_NOT_TODAY, APPOINTMENT_NOT_STARTED.';
