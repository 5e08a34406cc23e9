-- Applies an inbound SMS (Twilio's inbound webhook) to an organization's
-- opt-out list and says how to answer it.
--   opt_out keyword (STOP ...): the number gets nothing more from the
--     organization; no reply (the carrier/Twilio confirms the opt-out)
--   opt_in keyword (START, UNSTOP, YES): the number may be texted again;
--     no reply (Twilio confirms)
--   help keyword (HELP, INFO): reply with the organization's help text
--     (integration_settings.sms_help_reply, or a default naming the clinic)
--   anything else: nothing to do
-- Returns {"action": "opt_out"|"opt_in"|"help"|"none", "reply": text|null}.
-- Service callers only (42501 for tenant roles).
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
  v_reply text;
begin
  perform booking.assert_service_role();

  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return json_build_object('action', 'none', 'reply', null);
  end if;
  v_phone := booking.normalize_phone(p_from, v_org.phone_region);
  if v_phone is null or v_action is null then
    return json_build_object('action', 'none', 'reply', null);
  end if;

  if v_action in ('opt_out', 'opt_in') then
    perform booking.record_sms_opt_out(p_org_id, v_phone, v_action = 'opt_out',
                                       upper(btrim(p_body, E' \t\r\n')), 'inbound_keyword');
  else
    v_reply := coalesce(
      (select sms_help_reply from booking.integration_settings where org_id = p_org_id),
      v_org.name || ': appointment messages. Reply STOP to opt out, START to opt back in. Msg&data rates may apply.');
  end if;
  return json_build_object('action', v_action, 'reply', v_reply);
end;
$$;

revoke execute on function booking.record_inbound_sms(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function booking.record_inbound_sms(uuid, text, text) to service_role;
comment on function booking.record_inbound_sms(uuid, text, text) is
  'Webhook API: applies an inbound SMS to the organization''s opt-out list (STOP/STOPALL/UNSUBSCRIBE/CANCEL/END/QUIT/REVOKE/OPTOUT out; START/UNSTOP/YES back in; HELP/INFO answered). Returns {"action", "reply"}.';
