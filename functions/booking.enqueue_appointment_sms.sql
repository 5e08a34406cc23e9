-- Enqueues a cancellation or reschedule SMS of an appointment to its
-- contact, in the caller's transaction (the change that causes it). The
-- reschedule SMS carries a fresh manage link. Returns the message id
-- (status suppressed when the patient opted out). Raises P0002 for an
-- unknown appointment.
create or replace function booking.enqueue_appointment_sms(
  p_org_id uuid,
  p_appointment_id uuid,
  p_kind text
) returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_text text;
  v_phone text;
  v_scheduled_at timestamptz;
begin
  select booking.appointment_sms_text(p_kind, a.org_id, a.id,
           case when p_kind = 'reschedule' then booking.manage_link(a.org_id, a.id) end),
         c.phone, a.scheduled_at
    into v_text, v_phone, v_scheduled_at
    from booking.appointments a
    join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
   where a.org_id = p_org_id and a.id = p_appointment_id;
  if not found then
    raise exception 'appointment % of organization % not found', p_appointment_id, p_org_id
      using errcode = 'P0002';
  end if;
  return booking.enqueue_sms(p_org_id, p_kind, v_phone, v_text, p_appointment_id);
end;
$$;

revoke execute on function booking.enqueue_appointment_sms(uuid, uuid, text) from public, anon, authenticated, service_role;
comment on function booking.enqueue_appointment_sms(uuid, uuid, text) is
  'Enqueues the cancellation or reschedule SMS (with a fresh manage link) of an appointment to its contact; returns the message id.';
