-- Keeps a patient's free text (an inbound SMS that is no keyword) for the
-- clinic's staff: a row of booking.inbound_sms_texts (sender, receiving
-- number, text, time, matched contact and next upcoming appointment),
-- which is an sms.received event on the clinic's live feed; and queues one
-- polite acknowledgement (kind reply) at most once per conversation
-- (organization and sender) in any 24 hours. Conversations of one sender
-- serialise on a lock of their own (organization and number), so two texts
-- at the same moment are acknowledged once.
-- Returns {"action": "message", "reply": null, "appointment_id",
-- "message_id" (the acknowledgement or null), "inbound_text_id"}.
create or replace function booking.keep_inbound_text(
  p_org booking.organizations,
  p_phone text,
  p_body text,
  p_to text,
  p_message_sid text
) returns json
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_text_id uuid;
  v_contact_id uuid;
  v_appointment_id uuid;
  v_message_id uuid;
begin
  perform pg_advisory_xact_lock(hashtextextended('booking.inbound_sms_texts:' || p_org.org_id || ':' || p_phone, 0));
  select c.id into v_contact_id from booking.contacts c where c.org_id = p_org.org_id and c.phone = p_phone;
  select a.id into v_appointment_id from booking.upcoming_appointments_of_phone(p_org.org_id, p_phone) a limit 1;
  insert into booking.inbound_sms_texts (org_id, sender, receiving_number, body, message_sid,
                                         contact_id, appointment_id)
  values (p_org.org_id, p_phone, left(nullif(btrim(p_to), ''), 64), left(coalesce(p_body, ''), 1600),
          left(nullif(btrim(p_message_sid), ''), 64), v_contact_id, v_appointment_id)
  returning id into v_text_id;

  if not exists (select from booking.inbound_sms_texts t
                  where t.org_id = p_org.org_id and t.sender = p_phone
                    and t.received_at > now() - interval '24 hours'
                    and t.acknowledgement_id is not null) then
    v_message_id := booking.enqueue_sms(p_org.org_id, 'reply', p_phone,
      p_org.name || ': thank you for your message. The clinic will get back to you. For anything urgent, '
      || lower(left(booking.sms_call_clinic(p_org.org_id), 1)) || substr(booking.sms_call_clinic(p_org.org_id), 2));
    update booking.inbound_sms_texts set acknowledgement_id = v_message_id
     where org_id = p_org.org_id and id = v_text_id;
  end if;
  return json_build_object('action', 'message', 'reply', null, 'appointment_id', v_appointment_id,
                           'message_id', v_message_id, 'inbound_text_id', v_text_id);
end;
$$;

revoke execute on function booking.keep_inbound_text(booking.organizations, text, text, text, text) from public, anon, authenticated, service_role;
comment on function booking.keep_inbound_text(booking.organizations, text, text, text, text) is
  'Stores a patient''s free text for the clinic (booking.inbound_sms_texts: an sms.received event) and queues one acknowledgement per conversation per 24 hours; answers action message.';
