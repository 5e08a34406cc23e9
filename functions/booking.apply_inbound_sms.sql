-- What an inbound SMS from p_phone (E.164) does at an organization; see
-- booking.record_inbound_sms, which checks the caller and duplicates first.
-- A reply keyword applies to the appointment booking.sms_reply_appointments
-- names (the one the clinic's latest message was about); when it names
-- several, nothing changes and the reply lists their manage links. When
-- the clinic's latest message to the number is a waitlist offer, Y/YES
-- takes it and N/NO leaves the waitlist (booking.answer_waitlist_offer_sms).
-- Any other text is kept for the staff (booking.keep_inbound_text).
create or replace function booking.apply_inbound_sms(
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
  v_org_id uuid := p_org.org_id;
  v_org booking.organizations := p_org;
  v_phone text := p_phone;
  v_action text := booking.sms_keyword_action(p_body);
  v_reply_keyword text := booking.sms_reply_keyword(p_body);
  v_appointment_id uuid;
  v_candidates uuid[];
  v_summary json;
  v_answer json;
  v_call_us text;
  v_text text;
  v_message_id uuid;
  v_link_sent_at timestamptz;
  v_offer_word text;
  v_offer_id uuid;
begin
  if v_action in ('opt_out', 'opt_in') then
    perform booking.record_sms_opt_out(v_org_id, v_phone, v_action = 'opt_out',
                                       upper(btrim(p_body, E' \t\r\n')), 'inbound_keyword');
  elsif v_action = 'help' then
    return json_build_object('action', 'help', 'reply', coalesce(
      (select sms_help_reply from booking.integration_settings where org_id = v_org_id),
      v_org.name || ': appointment messages. Reply STOP to opt out, START to opt back in. Msg&data rates may apply.'));
  end if;
  if v_action = 'opt_out' or (v_action = 'opt_in' and v_reply_keyword is null) then
    return json_build_object('action', v_action, 'reply', null);
  end if;

  -- An answer to a waitlist offer, when the offer is the conversation's
  -- latest message: Y takes it, N leaves the waitlist.
  v_offer_word := case when v_reply_keyword = 'confirm' then 'take'
                       when upper(btrim(p_body, E' \t\r\n.!')) in ('N', 'NO') then 'leave' end;
  if v_offer_word is not null then
    v_offer_id := booking.waitlist_conversation_offer(v_org_id, v_phone);
    if v_offer_id is not null then
      return booking.answer_waitlist_offer_sms(v_org, v_phone, v_offer_id, v_offer_word);
    end if;
  end if;

  if v_reply_keyword is null then
    return booking.keep_inbound_text(v_org, v_phone, p_body, p_to, p_message_sid);
  end if;
  v_candidates := booking.sms_reply_appointments(v_org_id, v_phone);
  v_appointment_id := v_candidates[1];
  if v_appointment_id is null then
    v_message_id := booking.enqueue_sms(v_org_id, 'reply', v_phone,
      v_org.name || ': we have no upcoming appointment for this number. To book, please call the clinic'
      || coalesce(' at ' || booking.phone_display(booking.clinic_phone(v_org_id), v_org.phone_region), '') || '.');
    return json_build_object('action', coalesce(v_action, 'no_appointment'),
                             'reply', null, 'appointment_id', null, 'message_id', v_message_id);
  elsif cardinality(v_candidates) > 1 then
    -- Ambiguous: say so, and let the patient pick by link or by phone.
    select v_org.name || ': you have ' || cardinality(v_candidates)
           || ' upcoming appointments, so nothing was changed. Open the one you mean: '
           || string_agg((booking.appointment_summary(v_org_id, c.id) ->> 'local_text') || ': '
                         || booking.manage_link(v_org_id, c.id), '; ' order by c.ord)
           || '. Or ' || lower(left(booking.sms_call_clinic(v_org_id), 1)) || substr(booking.sms_call_clinic(v_org_id), 2)
      into v_text
      from unnest(v_candidates) with ordinality as c(id, ord);
    v_message_id := booking.enqueue_sms(v_org_id, 'reply', v_phone, v_text);
    return json_build_object('action', 'ambiguous', 'reply', null, 'appointment_id', null,
                             'appointment_ids', v_candidates, 'message_id', v_message_id);
  end if;

  v_summary := booking.appointment_summary(v_org_id, v_appointment_id);
  v_call_us := booking.sms_call_clinic(v_org_id);
  if v_reply_keyword = 'confirm' then
    perform booking.confirm_appointment_as_patient(v_org_id, v_appointment_id, 'patient_sms');
    v_text := v_org.name || ': thank you, your ' || (v_summary ->> 'service_name') || ' on '
      || (v_summary ->> 'local_text') || ' is confirmed. '
      || booking.sms_change_offer(v_org_id, v_appointment_id, 'after_confirm');
  elsif v_reply_keyword = 'cancel' then
    v_answer := booking.cancel_appointment_as(v_org_id, v_appointment_id, 'patient_sms',
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
    -- R: a link texted for this appointment in the last hour (and not
    -- refused) is still live: point to it instead of minting another token.
    select o.created_at into v_link_sent_at
      from booking.sms_outbox o
     where o.org_id = v_org_id and o.recipient = v_phone and o.appointment_id = v_appointment_id
       and o.kind in ('reply', 'reschedule') and o.created_at > now() - interval '1 hour'
       and o.status not in ('suppressed', 'failed', 'undelivered', 'canceled')
       and (o.body ~ '/a/[A-Za-z0-9_-]{22,64}' or strpos(o.body, booking.sms_manage_link_marker()) > 0)
     order by o.created_at desc
     limit 1;
    if v_link_sent_at is not null then
      v_text := v_org.name || ': the link we texted you at ' || booking.format_local_time(v_org_id, v_link_sent_at, true)
        || ' for your appointment on ' || (v_summary ->> 'local_text') || ' still works.';
    else
      v_text := v_org.name || ': to see, reschedule or cancel your appointment on '
        || (v_summary ->> 'local_text') || ', open ' || booking.manage_link(v_org_id, v_appointment_id);
    end if;
  end if;
  v_message_id := booking.enqueue_sms(v_org_id, 'reply', v_phone, v_text, v_appointment_id);
  return json_build_object('action', v_reply_keyword, 'reply', null,
                           'appointment_id', v_appointment_id, 'message_id', v_message_id,
                           'link_reused', v_link_sent_at is not null);
end;
$$;

revoke execute on function booking.apply_inbound_sms(booking.organizations, text, text, text, text) from public, anon, authenticated, service_role;
comment on function booking.apply_inbound_sms(booking.organizations, text, text, text, text) is
  'The effect of an inbound SMS from an E.164 number (booking.record_inbound_sms, which checks the caller and duplicates): carrier keywords, reply keywords Y/YES/C/R on the appointment of the conversation (booking.sms_reply_appointments; ambiguous: links, nothing changed), Y/YES/N/NO answering a waitlist offer when it is the conversation''s latest message (booking.answer_waitlist_offer_sms), help text, free text kept (booking.keep_inbound_text); replies queued in the outbox.';
