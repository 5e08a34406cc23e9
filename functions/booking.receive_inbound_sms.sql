-- Applies an inbound SMS (Twilio's inbound webhook) that reached a number
-- or messaging service of the organizations p_org_ids (those whose auth
-- token signed the request; several when clinics share a number):
--   carrier opt-out / opt-in keywords (STOP, START, ...): to every one of
--     them, as the carrier's opt-out covers the number
--   everything else: to exactly one organization, the conversation's
--     (booking.sms_conversation_org: the one that last texted the sender,
--     else the only candidate), through booking.record_inbound_sms; YES
--     also opts back in at the others
--   with several candidates and none that texted the sender: nothing
--     changes, and the answer is one neutral help text naming no clinic
--     (TwiML: there is no organization whose outbox could carry it).
-- Returns booking.record_inbound_sms's answer plus "org_id" (the
-- organization it applied to; null for carrier keywords applied to all and
-- for the neutral answer). Service callers only (42501 for tenant roles).
create or replace function booking.receive_inbound_sms(
  p_org_ids uuid[],
  p_from text,
  p_to text,
  p_body text,
  p_message_sid text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_action text := booking.sms_keyword_action(p_body);
  v_org_ids uuid[] := array(select distinct u from unnest(p_org_ids) u where u is not null order by u);
  v_org_id uuid;
  v_other uuid;
  v_phone text;
  v_answer json;
begin
  perform booking.assert_service_role();

  if v_action in ('opt_out', 'opt_in') and booking.sms_reply_keyword(p_body) is null then
    foreach v_other in array v_org_ids loop
      v_answer := booking.record_inbound_sms(v_other, p_from, p_body, p_message_sid, p_to);
    end loop;
    return json_build_object('action', coalesce(v_answer ->> 'action', 'none'), 'reply', null, 'org_id', null);
  end if;

  v_org_id := booking.sms_conversation_org(v_org_ids, p_from);
  if v_org_id is null then
    if cardinality(v_org_ids) = 0 then
      return json_build_object('action', 'none', 'reply', null, 'org_id', null);
    end if;
    return json_build_object('action', 'unknown_conversation', 'org_id', null, 'reply',
      'This number sends appointment messages for several clinics. To reach yours, please call the clinic. '
      || 'Reply STOP to opt out. Msg&data rates may apply.');
  end if;

  if v_action = 'opt_in' then
    -- YES: back in at every clinic of the number; a reply at the conversation's.
    foreach v_other in array v_org_ids loop
      continue when v_other = v_org_id;
      select booking.normalize_phone(p_from, o.phone_region) into v_phone
        from booking.organizations o where o.org_id = v_other;
      if v_phone is not null then
        perform booking.record_sms_opt_out(v_other, v_phone, false, upper(btrim(p_body, E' \t\r\n')),
                                           'inbound_keyword');
      end if;
    end loop;
  end if;
  v_answer := booking.record_inbound_sms(v_org_id, p_from, p_body, p_message_sid, p_to);
  return (v_answer::jsonb || jsonb_build_object('org_id', v_org_id))::json;
end;
$$;

revoke execute on function booking.receive_inbound_sms(uuid[], text, text, text, text) from public, anon, authenticated, service_role;
grant execute on function booking.receive_inbound_sms(uuid[], text, text, text, text) to service_role;
comment on function booking.receive_inbound_sms(uuid[], text, text, text, text) is
  'Webhook API: an inbound SMS to a number of the organizations p_org_ids (the signed candidates): STOP/START-type keywords to all of them, anything else to the one clinic of the conversation (the one that last texted the sender, else the only candidate) through booking.record_inbound_sms; none: a neutral help text (TwiML). Returns record_inbound_sms''s answer plus "org_id".';
