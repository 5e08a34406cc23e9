-- The front desk answers a patient's text: a staff_reply to the number
-- that sent it, through the outbox in this transaction
-- (booking.enqueue_sms: opt-outs, destination rules and the per-recipient
-- limits apply; a refused message is recorded suppressed, as the outbox
-- records every refusal), prefixed with the clinic's name as its other
-- texts are, with the member who wrote it. The contract is the COMMENT at
-- the end of this file.
create or replace function public.reply_to_sms(p_org_id uuid, p_text_id uuid, p_body text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations;
  v_sender text;
  v_body text := btrim(p_body);
  v_message_id uuid;
  v_message booking.sms_outbox;
begin
  perform booking.assert_org_access(p_org_id);
  select t.sender into v_sender from booking.inbound_sms_texts t
   where t.org_id = p_org_id and t.id = p_text_id;
  if not found then
    return booking.json_error('TEXT_NOT_FOUND', 'There is no such text');
  end if;
  if v_body is null or length(v_body) not between 1 and 1000 then
    return booking.json_error('INVALID_BODY', 'Write the reply (1 to 1000 characters)');
  end if;
  select * into v_org from booking.organizations where org_id = p_org_id;
  v_message_id := booking.enqueue_sms(p_org_id, 'staff_reply', v_sender, v_org.name || ': ' || v_body);
  update booking.sms_outbox set staff_account_id = booking.caller_account_id()
   where org_id = p_org_id and id = v_message_id
  returning * into v_message;
  if v_message.status = 'suppressed' then
    return json_build_object(
      'success', false,
      'error', coalesce(v_message.error_code, 'SMS_OPTED_OUT'),
      'message', case coalesce(v_message.error_code, 'SMS_OPTED_OUT')
                   when 'SMS_OPTED_OUT' then 'SMS_OPTED_OUT: This number opted out of the clinic''s SMS (it can text START)'
                   when 'RECIPIENT_RATE_LIMITED' then 'RECIPIENT_RATE_LIMITED: This number got as many texts as it may for now; try again later'
                   else v_message.error_code || ': The clinic''s SMS may not go to this number' end,
      'sms_message_id', v_message.id,
      'created_at', booking.to_iso8601_utc(now()));
  end if;
  return json_build_object('success', true, 'sms_message_id', v_message.id, 'text_id', p_text_id);
end;
$$;

revoke execute on function public.reply_to_sms(uuid, uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.reply_to_sms(uuid, uuid, text) to authenticated, service_role;
comment on function public.reply_to_sms(uuid, uuid, text) is
'Staff (any member, front desk included): queues a reply (kind staff_reply, "<clinic name>: <text>") to the number that sent a text, through the outbox; records the member who wrote it.

Arguments: p_org_id; p_text_id (a text of the conversation, booking.inbound_sms_texts.id); p_body (1 to 1000 characters once trimmed).
Answer: {"success": true, "sms_message_id", "text_id"}. A refused message is still recorded (status suppressed, with the member) and answered {"success": false, "error", "message", "sms_message_id"}.
Errors: TEXT_NOT_FOUND (also another organization''s text), INVALID_BODY, SMS_OPTED_OUT, RECIPIENT_RATE_LIMITED (booking.recipient_sms_limit), PHONE_NOT_ALLOWED (booking.sms_destination_refusal). Raises 42501 when an authenticated caller asks for another organization.';
