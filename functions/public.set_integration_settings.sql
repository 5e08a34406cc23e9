-- Settings (an owner or admin of the organization, or service_role): an organization's integration settings,
-- replaced as a whole. The contract is the COMMENT at the end of this file.
--
-- A messaging service (MG...) is used when set, else the from number.
-- Without Twilio settings the organization's SMS go to the console sender,
-- or wait, depending on the worker's SMS_SENDER. The auth token is stored
-- encrypted with p_encryption_key, which the caller takes from its
-- environment (SETTINGS_ENCRYPTION_KEY) and which is not stored. The alert
-- phone is read with the organization's phone region; a NULL HELP reply
-- means a default naming the clinic.
create or replace function public.set_integration_settings(
  p_org_id uuid,
  p_encryption_key text,
  p_twilio_account_sid text default null,
  p_twilio_auth_token text default null,
  p_twilio_from_number text default null,
  p_twilio_messaging_service_sid text default null,
  p_hot_lead_alert_phone text default null,
  p_sms_help_reply text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations%rowtype;
  v_stored booking.integration_settings%rowtype;
  v_account_sid text := nullif(btrim(p_twilio_account_sid), '');
  v_token text := nullif(btrim(p_twilio_auth_token), '');
  v_service_sid text := nullif(btrim(p_twilio_messaging_service_sid), '');
  v_from text;
  v_alert text;
  v_help text := nullif(btrim(p_sms_help_reply), '');
  v_token_encrypted bytea;
begin
  perform booking.assert_org_role(p_org_id, 'admin');

  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  select * into v_stored from booking.integration_settings where org_id = p_org_id;

  if v_account_sid is not null then
    if v_account_sid !~ '^AC[0-9a-f]{32}$' then
      return booking.json_error('INVALID_ACCOUNT_SID', 'The Twilio account SID must be AC followed by 32 hex digits');
    end if;
    if nullif(btrim(p_twilio_from_number), '') is not null then
      v_from := booking.normalize_phone(p_twilio_from_number, v_org.phone_region);
      if v_from is null then
        return booking.json_error('INVALID_FROM_NUMBER', 'The Twilio sender number is not a valid phone number');
      end if;
    end if;
    if v_service_sid is not null and v_service_sid !~ '^MG[0-9a-f]{32}$' then
      return booking.json_error('INVALID_MESSAGING_SERVICE_SID', 'The messaging service SID must be MG followed by 32 hex digits');
    end if;
    if v_from is null and v_service_sid is null then
      return booking.json_error('MISSING_SENDER', 'Give a sender number or a messaging service');
    end if;
    if v_token is not null then
      if length(v_token) > 256 then
        return booking.json_error('INVALID_AUTH_TOKEN', 'The auth token is too long');
      end if;
      if nullif(p_encryption_key, '') is null then
        raise exception 'no encryption key given to store the auth token'
          using errcode = 'BKKEY', hint = 'Pass SETTINGS_ENCRYPTION_KEY.';
      end if;
      v_token_encrypted := extensions.pgp_sym_encrypt(v_token, p_encryption_key, 'cipher-algo=aes256');
    elsif v_stored.twilio_account_sid = v_account_sid then
      -- Keep the stored token, but only with the key it was stored with.
      perform booking.decrypt_setting(v_stored.twilio_auth_token_encrypted, p_encryption_key);
      v_token_encrypted := v_stored.twilio_auth_token_encrypted;
    else
      return booking.json_error('INVALID_AUTH_TOKEN', 'Give the auth token of the Twilio account');
    end if;
  end if;

  if nullif(btrim(p_hot_lead_alert_phone), '') is not null then
    v_alert := booking.normalize_phone(p_hot_lead_alert_phone, v_org.phone_region);
    if v_alert is null then
      return booking.json_error('INVALID_ALERT_PHONE', 'The hot-lead alert phone is not a valid phone number');
    end if;
  end if;
  if v_help is not null and (length(v_help) > 320 or v_help ~ '[[:cntrl:]]') then
    return booking.json_error('INVALID_HELP_REPLY', 'The HELP reply must be 1 to 320 characters');
  end if;

  insert into booking.integration_settings as s (
    org_id, twilio_account_sid, twilio_auth_token_encrypted, twilio_from_number,
    twilio_messaging_service_sid, hot_lead_alert_phone, sms_help_reply)
  values (p_org_id, v_account_sid, v_token_encrypted, v_from,
          case when v_account_sid is not null then v_service_sid end, v_alert, v_help)
  on conflict (org_id) do update
     set twilio_account_sid = excluded.twilio_account_sid,
         twilio_auth_token_encrypted = excluded.twilio_auth_token_encrypted,
         twilio_from_number = excluded.twilio_from_number,
         twilio_messaging_service_sid = excluded.twilio_messaging_service_sid,
         hot_lead_alert_phone = excluded.hot_lead_alert_phone,
         sms_help_reply = excluded.sms_help_reply,
         updated_at = now();

  return json_build_object('success', true, 'org_id', p_org_id,
                           'twilio_configured', v_account_sid is not null);
end;
$$;

revoke execute on function public.set_integration_settings(uuid, text, text, text, text, text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.set_integration_settings(uuid, text, text, text, text, text, text, text) to authenticated, service_role;
comment on function public.set_integration_settings(uuid, text, text, text, text, text, text, text) is
'Settings (an owner or admin of the organization, or service_role): replaces an organization''s integration settings (Twilio, hot-lead alert phone, SMS help text).

Arguments: p_org_id; p_encryption_key (SETTINGS_ENCRYPTION_KEY; not stored); p_twilio_account_sid (AC...; NULL removes Twilio); p_twilio_auth_token (stored encrypted; NULL keeps the stored one for the same account); p_twilio_from_number; p_twilio_messaging_service_sid (MG...); p_hot_lead_alert_phone; p_sms_help_reply.
Answer: {"success": true, "org_id", "twilio_configured"}.
Errors: INVALID_ORGANIZATION, INVALID_ACCOUNT_SID, INVALID_AUTH_TOKEN, INVALID_FROM_NUMBER, INVALID_MESSAGING_SERVICE_SID, MISSING_SENDER, INVALID_ALERT_PHONE, INVALID_HELP_REPLY. Raises BKKEY for a missing or wrong key, 42501 for other callers (front desk and other clinics included).';
