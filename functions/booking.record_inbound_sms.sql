-- Applies an inbound SMS (Twilio's inbound webhook) to an organization: the
-- carrier keywords to its opt-out list, the reply keywords to the sender's
-- next upcoming appointment there, and says how to answer.
--   opt_out keyword (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE,
--     OPTOUT): the number gets nothing more from the organization; no reply
--     (the carrier/Twilio confirms the opt-out)
--   opt_in keyword (START, UNSTOP, YES): the number may be texted again;
--     no reply of ours for START/UNSTOP (Twilio confirms)
--   help keyword (HELP, INFO): reply (TwiML) with the organization's help
--     text (integration_settings.sms_help_reply, or a default)
--   Y / YES: the next upcoming appointment of the number is confirmed by
--     the patient (booking.confirm_appointment_as_patient, actor
--     patient_sms); action confirm
--   C: it is cancelled (booking.cancel_appointment_as, actor patient_sms,
--     notice applies; the cancellation SMS is the reply); action cancel, or
--     cancel_refused with a reply to call the clinic (TOO_LATE_TO_CHANGE)
--   R: a reply with a fresh manage link (booking.manage_link); action
--     manage_link
--   Y/YES/C/R without an upcoming appointment, and any other text from a
--     number without one: a short help text; action no_appointment (YES:
--     opt_in) or none
--   any other text from a number with an upcoming appointment: nothing.
-- Replies other than HELP's go through the outbox (kind reply) in this
-- transaction, so they exist exactly when the change commits (an opted-out
-- number's are recorded as suppressed).
-- Returns {"action", "reply": TwiML text|null, "appointment_id",
-- "message_id"}. Service callers only (42501 for tenant roles).
create or replace function booking.record_inbound_sms(p_org_id uuid, p_from text, p_body text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations%rowtype;
  v_phone text;
  v_action text := booking.sms_keyword_action(p_body);
  v_reply_keyword text := booking.sms_reply_keyword(p_body);
  v_appointment_id uuid;
  v_summary json;
  v_answer json;
  v_call_us text;
  v_text text;
  v_message_id uuid;
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

  if v_action in ('opt_out', 'opt_in') then
    perform booking.record_sms_opt_out(p_org_id, v_phone, v_action = 'opt_out',
                                       upper(btrim(p_body, E' \t\r\n')), 'inbound_keyword');
  elsif v_action = 'help' then
    return json_build_object('action', 'help', 'reply', coalesce(
      (select sms_help_reply from booking.integration_settings where org_id = p_org_id),
      v_org.name || ': appointment messages. Reply STOP to opt out, START to opt back in. Msg&data rates may apply.'));
  end if;
  if v_action = 'opt_out' or (v_action = 'opt_in' and v_reply_keyword is null) then
    return json_build_object('action', v_action, 'reply', null);
  end if;

  select a.id into v_appointment_id
    from booking.upcoming_appointments_of_phone(p_org_id, v_phone) a limit 1;
  if v_appointment_id is null then
    v_message_id := booking.enqueue_sms(p_org_id, 'reply', v_phone,
      v_org.name || ': we have no upcoming appointment for this number. To book, please call the clinic.');
    return json_build_object('action', case when v_reply_keyword is null then coalesce(v_action, 'none')
                                            else coalesce(v_action, 'no_appointment') end,
                             'reply', null, 'appointment_id', null, 'message_id', v_message_id);
  elsif v_reply_keyword is null then
    return json_build_object('action', 'none', 'reply', null);  -- a message for the clinic's staff
  end if;

  v_summary := booking.appointment_summary(p_org_id, v_appointment_id);
  v_call_us := 'Please call the clinic' || coalesce(' at ' || (v_summary ->> 'clinic_phone'), '') || '.';
  if v_reply_keyword = 'confirm' then
    perform booking.confirm_appointment_as_patient(p_org_id, v_appointment_id, 'patient_sms');
    v_text := v_org.name || ': thank you, your ' || (v_summary ->> 'service_type') || ' on '
      || (v_summary ->> 'local_text') || ' is confirmed. Reply C to cancel or R to reschedule.';
  elsif v_reply_keyword = 'cancel' then
    v_answer := booking.cancel_appointment_as(p_org_id, v_appointment_id, 'patient_sms',
                                              'Cancelled by SMS reply');
    if (v_answer ->> 'success')::boolean then
      -- The cancellation SMS booking.cancel_appointment_as queued is the reply.
      return json_build_object('action', 'cancel', 'reply', null,
                               'appointment_id', v_appointment_id, 'message_id', null);
    end if;
    v_reply_keyword := 'cancel_refused';
    v_text := v_org.name || ': your appointment on ' || (v_summary ->> 'local_text')
      || case when v_answer ->> 'error' = 'TOO_LATE_TO_CHANGE'
              then ' is too soon to cancel by text. ' else ' could not be cancelled by text. ' end
      || v_call_us;
  else
    v_text := v_org.name || ': to see, reschedule or cancel your appointment on '
      || (v_summary ->> 'local_text') || ', open ' || booking.manage_link(p_org_id, v_appointment_id);
  end if;
  v_message_id := booking.enqueue_sms(p_org_id, 'reply', v_phone, v_text, v_appointment_id);
  return json_build_object('action', v_reply_keyword, 'reply', null,
                           'appointment_id', v_appointment_id, 'message_id', v_message_id);
end;
$$;

revoke execute on function booking.record_inbound_sms(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function booking.record_inbound_sms(uuid, text, text) to service_role;
comment on function booking.record_inbound_sms(uuid, text, text) is
  'Webhook API: applies an inbound SMS: carrier keywords to the opt-out list (STOP/STOPALL/UNSUBSCRIBE/CANCEL/END/QUIT/REVOKE/OPTOUT out; START/UNSTOP/YES back in; HELP/INFO answered in TwiML); reply keywords to the number''s next upcoming appointment (Y/YES confirm, C cancel subject to notice, R manage link) with the reply queued in the outbox (kind reply); other texts from a number without an upcoming appointment get a help text. Returns {"action": opt_out|opt_in|help|confirm|cancel|cancel_refused|manage_link|no_appointment|none, "reply", "appointment_id", "message_id"}.';
