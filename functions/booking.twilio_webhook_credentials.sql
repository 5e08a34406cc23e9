-- The organizations a Twilio webhook may come from, with their decrypted
-- auth tokens, so the caller can check X-Twilio-Signature against each.
--   p_org_id given (the URL named it): that organization;
--   else p_message_sid given (status callback): the organization that sent
--     that message;
--   else (inbound SMS): organizations whose sender number is p_to or whose
--     messaging service is p_messaging_service_sid.
-- Always restricted to organizations of Twilio account p_account_sid.
-- Raises BKKEY for a missing or wrong p_encryption_key.
-- Service callers only (42501 for tenant roles).
create or replace function booking.twilio_webhook_credentials(
  p_org_id uuid,
  p_account_sid text,
  p_message_sid text,
  p_to text,
  p_messaging_service_sid text,
  p_encryption_key text
) returns table (
  org_id uuid,
  auth_token text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform booking.assert_service_role();
  return query
  select s.org_id, booking.decrypt_setting(s.twilio_auth_token_encrypted, p_encryption_key)
    from booking.integration_settings s
   where s.twilio_account_sid = p_account_sid
     and case
           when p_org_id is not null then s.org_id = p_org_id
           when p_message_sid is not null then s.org_id in (
             select o.org_id from booking.sms_outbox o where o.provider_message_id = p_message_sid)
           else s.twilio_from_number = p_to
                or s.twilio_messaging_service_sid = p_messaging_service_sid
         end
   order by s.org_id;
end;
$$;

revoke execute on function booking.twilio_webhook_credentials(uuid, text, text, text, text, text) from public, anon, authenticated, service_role;
grant execute on function booking.twilio_webhook_credentials(uuid, text, text, text, text, text) to service_role;
comment on function booking.twilio_webhook_credentials(uuid, text, text, text, text, text) is
  'Webhook API: candidate organizations of a Twilio webhook (by org id, message sid, or texted number / messaging service, within the account) with decrypted auth tokens for signature checks.';
