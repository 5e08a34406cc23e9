-- Enqueues the confirmation SMS of an appointment to its contact's phone,
-- in the caller's transaction (book_appointment_atomic calls it right after
-- inserting the appointment, so a committed booking always has its
-- confirmation). Idempotent: an appointment has at most one confirmation;
-- the existing message's id is returned. Raises P0002 for an unknown
-- appointment.
create or replace function booking.enqueue_confirmation_sms(p_org_id uuid, p_appointment_id uuid)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_existing uuid;
  v_text text;
  v_phone text;
begin
  select id into v_existing from booking.sms_outbox
   where org_id = p_org_id and appointment_id = p_appointment_id and kind = 'confirmation';
  if found then
    return v_existing;
  end if;

  select booking.confirmation_sms_text(a.org_id, a.id, booking.manage_link(a.org_id, a.id)),
         c.phone
    into v_text, v_phone
    from booking.appointments a
    join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
   where a.org_id = p_org_id and a.id = p_appointment_id;
  if not found then
    raise exception 'appointment % of organization % not found', p_appointment_id, p_org_id
      using errcode = 'P0002';
  end if;

  return booking.enqueue_sms(p_org_id, 'confirmation', v_phone, v_text, p_appointment_id);
end;
$$;

revoke execute on function booking.enqueue_confirmation_sms(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.enqueue_confirmation_sms(uuid, uuid) is
  'Enqueues (once) the confirmation SMS of an appointment: clinic, service, local date/time, manage link <booking.public_base_url>/a/<token> (booking.manage_link). Returns the message id.';
