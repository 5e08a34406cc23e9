-- The Twilio account of an organization, for the SMS worker: account SID,
-- decrypted auth token, sender number and messaging service. No row when
-- the organization has no Twilio settings. Raises BKKEY for a missing or
-- wrong p_encryption_key (SETTINGS_ENCRYPTION_KEY).
-- Service callers only (42501 for tenant roles).
create or replace function booking.twilio_credentials(p_org_id uuid, p_encryption_key text)
returns table (
  account_sid text,
  auth_token text,
  from_number text,
  messaging_service_sid text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform booking.assert_service_role();
  return query
  select s.twilio_account_sid,
         booking.decrypt_setting(s.twilio_auth_token_encrypted, p_encryption_key),
         s.twilio_from_number,
         s.twilio_messaging_service_sid
    from booking.integration_settings s
   where s.org_id = p_org_id and s.twilio_account_sid is not null;
end;
$$;

revoke execute on function booking.twilio_credentials(uuid, text) from public, anon, authenticated, service_role;
grant execute on function booking.twilio_credentials(uuid, text) to service_role;
comment on function booking.twilio_credentials(uuid, text) is
  'Worker API: an organization''s Twilio account SID, decrypted auth token, from number, messaging service; no row if not configured.';
