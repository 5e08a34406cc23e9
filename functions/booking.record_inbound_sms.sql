-- Applies an inbound SMS (Twilio's inbound webhook) to one organization
-- (booking.receive_inbound_sms chooses it): the carrier keywords to its
-- opt-out list, the reply keywords to the appointment of the conversation
-- there (booking.sms_reply_appointments), free text kept for its staff
-- (booking.keep_inbound_text), and says how to answer.
--   opt_out keyword (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE,
--     OPTOUT): the number gets nothing more from the organization; no reply
--     (the carrier/Twilio confirms the opt-out)
--   opt_in keyword (START, UNSTOP, YES): the number may be texted again;
--     no reply of ours for START/UNSTOP (Twilio confirms)
--   help keyword (HELP, INFO): reply (TwiML) with the organization's help
--     text (integration_settings.sms_help_reply, or a default)
--   Y / YES: the appointment the clinic's latest message (sent within 7
--     days) was about, when still upcoming, else the next upcoming one, is
--     confirmed by the patient (booking.confirm_appointment_as_patient, actor
--     patient_sms); action confirm
--   C: it is cancelled (booking.cancel_appointment_as, actor patient_sms,
--     notice applies; the cancellation SMS is the reply); action cancel, or
--     cancel_refused with a reply to call the clinic (TOO_LATE_TO_CHANGE)
--   R: a reply with a manage link (booking.manage_link), or, when one was
--     texted for the appointment in the last hour, a pointer to it (no new
--     token; "link_reused": true); action manage_link
--   Y/YES/C/R when messages about several upcoming appointments arrived
--     together: nothing changes; the reply lists their manage links and the
--     clinic's phone; action ambiguous
--   Y/YES/C/R without an upcoming appointment: a short help text; action
--     no_appointment (YES: opt_in)
--   any other text: kept for the staff (booking.inbound_sms_texts, an
--     sms.received event), acknowledged once per conversation per 24
--     hours; action message.
-- Replies other than HELP's go through the outbox (kind reply) in this
-- transaction, so they exist exactly when the change commits (an opted-out
-- number's are recorded as suppressed).
-- p_message_sid (Twilio's MessageSid): a message already applied for the
-- organization changes nothing again and answers {"action": "duplicate"}.
-- Returns {"action", "reply": TwiML text|null, "appointment_id",
-- "message_id"}. Service callers only (42501 for tenant roles).
create or replace function booking.record_inbound_sms(
  p_org_id uuid,
  p_from text,
  p_body text,
  p_message_sid text default null,
  p_to text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations;
  v_phone text;
  v_sid text := left(nullif(btrim(p_message_sid), ''), 64);
  v_answer json;
begin
  perform booking.assert_service_role();

  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return json_build_object('action', 'none', 'reply', null);
  end if;
  v_phone := booking.normalize_phone(p_from, v_org.phone_region);
  if v_phone is null then
    return json_build_object('action', 'none', 'reply', null);
  end if;
  if v_sid is not null then
    -- Claims the message id; a second delivery waits here for the first
    -- one's transaction and then finds it.
    insert into booking.inbound_sms_messages (org_id, message_sid, action)
    values (p_org_id, v_sid, 'received')
    on conflict (org_id, message_sid) do nothing;
    if not found then
      return json_build_object('action', 'duplicate', 'reply', null);
    end if;
  end if;

  v_answer := booking.apply_inbound_sms(v_org, v_phone, p_body, p_to, v_sid);
  if v_sid is not null then
    update booking.inbound_sms_messages
       set action = v_answer ->> 'action', appointment_id = (v_answer ->> 'appointment_id')::uuid
     where org_id = p_org_id and message_sid = v_sid;
  end if;
  return v_answer;
end;
$$;

revoke execute on function booking.record_inbound_sms(uuid, text, text, text, text) from public, anon, authenticated, service_role;
grant execute on function booking.record_inbound_sms(uuid, text, text, text, text) to service_role;
comment on function booking.record_inbound_sms(uuid, text, text, text, text) is
  'Applies an inbound SMS to one organization once per MessageSid (p_message_sid; a repeat answers action duplicate): carrier keywords to the opt-out list (STOP/STOPALL/UNSUBSCRIBE/CANCEL/END/QUIT/REVOKE/OPTOUT out; START/UNSTOP/YES back in; HELP/INFO answered in TwiML); reply keywords to the appointment of the conversation (booking.sms_reply_appointments: Y/YES confirm, C cancel subject to notice, R manage link; ambiguous: links, nothing changed) with the reply queued in the outbox (kind reply); other texts kept for the staff with one acknowledgement per day. p_to: the number texted. Returns {"action": opt_out|opt_in|help|confirm|cancel|cancel_refused|manage_link|ambiguous|no_appointment|message|none|duplicate, "reply", "appointment_id", "message_id"}.';
