-- Makes an appointment's reminders in the outbox match the appointment, in
-- the caller's transaction (the booking, reschedule or cancellation):
--   pending reminders of another start (a reschedule) or of an appointment
--   no longer scheduled or confirmed (a cancellation) are canceled
--   (error_code APPOINTMENT_RESCHEDULED / APPOINTMENT_CANCELLED);
--   an active appointment gets one reminder per organization offset
--   (organizations.reminder_offsets_minutes) for its current start, due
--   at start - offset (elapsed time, so DST changes in between do not
--   shift it), unless that instant has already passed or the reminder
--   exists. A reminder expires at the start (never sent after it).
-- An opted-out patient's reminders are recorded as suppressed
-- (booking.enqueue_sms). Returns the number of reminders added.
create or replace function booking.sync_reminders(p_org_id uuid, p_appointment_id uuid)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_appointment booking.appointments;
  v_org booking.organizations;
  v_phone text;
  v_offset integer;
  v_due timestamptz;
  v_text text;
  v_added integer := 0;
begin
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return 0;
  end if;

  update booking.sms_outbox o
     set status = 'canceled',
         error_code = case when v_appointment.status in ('scheduled', 'confirmed')
                           then 'APPOINTMENT_RESCHEDULED' else 'APPOINTMENT_CANCELLED' end,
         updated_at = now()
   where o.org_id = p_org_id and o.appointment_id = p_appointment_id
     and o.kind = 'reminder' and o.status = 'pending'
     and (v_appointment.status not in ('scheduled', 'confirmed')
          or o.appointment_scheduled_at is distinct from v_appointment.scheduled_at);
  if v_appointment.status not in ('scheduled', 'confirmed') then
    return 0;
  end if;

  select * into v_org from booking.organizations where org_id = p_org_id;
  select phone into v_phone from booking.contacts
   where org_id = p_org_id and id = v_appointment.contact_id;
  foreach v_offset in array v_org.reminder_offsets_minutes loop
    v_due := v_appointment.scheduled_at - make_interval(mins => v_offset);
    continue when v_due <= now();
    continue when exists (
      select from booking.sms_outbox o
       where o.org_id = p_org_id and o.appointment_id = p_appointment_id and o.kind = 'reminder'
         and o.appointment_scheduled_at = v_appointment.scheduled_at
         and o.reminder_offset_minutes = v_offset and o.status <> 'canceled');
    -- Worded for when it is read: no C offered inside the cancel notice.
    v_text := booking.appointment_sms_text('reminder', p_org_id, p_appointment_id, null, v_due);
    perform booking.enqueue_sms(p_org_id, 'reminder', v_phone, v_text, p_appointment_id,
                                p_expires_at => v_appointment.scheduled_at,
                                p_send_at => v_due,
                                p_appointment_scheduled_at => v_appointment.scheduled_at,
                                p_reminder_offset_minutes => v_offset);
    v_added := v_added + 1;
  end loop;
  return v_added;
end;
$$;

revoke execute on function booking.sync_reminders(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.sync_reminders(uuid, uuid) is
  'Cancels pending reminders of a start the appointment no longer has (or of a cancelled one) and enqueues one per organization offset due at start - offset when still in the future; returns how many were added.';
