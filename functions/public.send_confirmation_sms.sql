-- The spec's sendConfirmationSMS: the confirmation SMS of an appointment,
-- never more than one. The contract is the COMMENT at the end of this file.
--
-- A booking already enqueues its confirmation in its own transaction, so
-- this call normally finds it and reports on it; it enqueues the
-- confirmation only for an appointment that has none (booked before SMS
-- existed).
create or replace function public.send_confirmation_sms(
  p_org_id uuid,
  p_appointment_id uuid,
  p_contact_id uuid,
  p_patient_phone text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations%rowtype;
  v_appointment booking.appointments%rowtype;
  v_contact_phone text;
  v_phone text;
  v_message booking.sms_outbox%rowtype;
  v_message_id uuid;
  v_fields jsonb;
begin
  perform booking.assert_org_access(p_org_id);

  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'The appointment does not exist');
  end if;
  if p_contact_id is not null and p_contact_id <> v_appointment.contact_id then
    return booking.json_error('CONTACT_MISMATCH', 'The contact is not the appointment''s patient');
  end if;
  select phone into v_contact_phone from booking.contacts
   where org_id = p_org_id and id = v_appointment.contact_id;
  if nullif(btrim(p_patient_phone), '') is not null then
    v_phone := booking.normalize_phone(p_patient_phone, v_org.phone_region);
    if v_phone is null then
      return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    end if;
    if v_phone <> v_contact_phone then
      return booking.json_error('PHONE_MISMATCH', 'The phone number is not the appointment''s patient''s number');
    end if;
  end if;

  select * into v_message from booking.sms_outbox
   where org_id = p_org_id and appointment_id = p_appointment_id and kind = 'confirmation';
  if not found then
    if v_appointment.status = 'cancelled' then
      return booking.json_error('APPOINTMENT_CANCELLED', 'The appointment is cancelled');
    end if;
    if booking.sms_destination_refusal(p_org_id, v_contact_phone) is not null then
      return booking.sms_destination_refusal(p_org_id, v_contact_phone);
    end if;
    v_message_id := booking.enqueue_confirmation_sms(p_org_id, p_appointment_id);
    select * into v_message from booking.sms_outbox where org_id = p_org_id and id = v_message_id;
  end if;

  v_fields := jsonb_build_object(
    'message_sent', v_message.provider_message_id is not null,
    'message_id', v_message.provider_message_id,
    'content', v_message.body,
    'status', v_message.status);
  if v_message.status = 'suppressed' then
    return (booking.json_error('SMS_OPTED_OUT', 'The patient opted out of SMS from this clinic')::jsonb
            || v_fields)::json;
  end if;
  if v_message.status in ('failed', 'undelivered', 'canceled') then
    return (booking.json_error('SMS_FAILED', 'The confirmation SMS could not be sent or delivered')::jsonb
            || v_fields || jsonb_build_object('error_code', v_message.error_code))::json;
  end if;
  return (jsonb_build_object('success', true) || v_fields)::json;
end;
$$;

revoke execute on function public.send_confirmation_sms(uuid, uuid, uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.send_confirmation_sms(uuid, uuid, uuid, text) to authenticated, service_role;
comment on function public.send_confirmation_sms(uuid, uuid, uuid, text) is
'The spec''s sendConfirmationSMS: the one confirmation SMS of an appointment (idempotent).

Arguments: p_org_id; p_appointment_id; p_contact_id (optional check); p_patient_phone (optional check against the contact''s number).
Answer: {"success": true, "message_sent", "message_id", "content", "status"}, enqueuing it if the booking did not; message_sent is true once the provider accepted it (message_id: Twilio''s SM..., or console-... from the development console sender), false while it waits in the outbox; the SMS goes to the contact''s number on record. Never a second SMS.
Errors: INVALID_ORGANIZATION, APPOINTMENT_NOT_FOUND, CONTACT_MISMATCH, INVALID_PHONE, PHONE_MISMATCH, APPOINTMENT_CANCELLED, PHONE_NOT_ALLOWED (the clinic does not text this number''s country or number type), SMS_OPTED_OUT and SMS_FAILED (both with the message fields; error_code says why). Raises 42501 for another organization.';
