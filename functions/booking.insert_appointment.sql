-- Inserts an appointment, sets the contact's lead to pending and enqueues
-- the confirmation SMS and the reminders (booking.sync_reminders) in the
-- same transaction (so a committed appointment always has them). The caller
-- holds the calendar lock and has checked booking.unbookable_reason and
-- booking.slot_is_free; appointments_no_overlap (23P01) backs that check.
create or replace function booking.insert_appointment(
  p_org_id uuid,
  p_calendar_id text,
  p_contact_id uuid,
  p_service_type text,
  p_scheduled_at timestamptz,
  p_duration_minutes integer
) returns booking.appointments
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
begin
  insert into booking.leads as l (org_id, contact_id, status)
  values (p_org_id, p_contact_id, 'pending')
  on conflict (org_id, contact_id) do update set status = 'pending', updated_at = now();

  insert into booking.appointments (org_id, calendar_id, contact_id, service_type,
                                    scheduled_at, duration_minutes, ends_at)
  values (p_org_id, p_calendar_id, p_contact_id, p_service_type,
          p_scheduled_at, p_duration_minutes, p_scheduled_at + make_interval(mins => p_duration_minutes))
  returning * into v_appointment;
  perform booking.enqueue_confirmation_sms(p_org_id, v_appointment.id);
  perform booking.sync_reminders(p_org_id, v_appointment.id);
  return v_appointment;
end;
$$;

revoke execute on function booking.insert_appointment(uuid, text, uuid, text, timestamptz, integer) from public, anon, authenticated, service_role;
comment on function booking.insert_appointment(uuid, text, uuid, text, timestamptz, integer) is
  'Inserts an appointment, sets the lead pending and enqueues its confirmation SMS and reminders; caller holds the calendar lock and has checked the slot.';
