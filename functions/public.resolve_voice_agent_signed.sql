-- Webhook API (service_role): the organization of a voice-platform request
-- signed with HMAC-SHA256 (x-vapi-signature) instead of carrying a secret.
-- The contract is the COMMENT at the end of this file.
-- The candidates are the organizations whose configured assistant id or
-- called number (set_voice_agent) the platform's message names; the
-- request belongs to the one whose active hmac key
-- (booking.voice_agent_credentials, several for rotation) verifies the
-- signature, compared in constant time (booking.constant_time_equals).
-- Vapi (p_scheme 'vapi'): with a timestamp the signed text is
-- "{timestamp}.{body}" (Vapi's default payload format), without one the raw
-- body. Retell ('retell', x-retell-signature "v=<ms>,d=<hex>", signed with
-- the Retell API key stored as the hmac key): "{body}{timestamp}", the
-- timestamp required. Either way it must be within 5 minutes of now.
create or replace function public.resolve_voice_agent_signed(
  p_body bytea,
  p_signature text,
  p_timestamp text default null,
  p_assistant_id text default null,
  p_phone_number text default null,
  p_encryption_key text default null,
  p_scheme text default 'vapi'
) returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_signature text := regexp_replace(btrim(coalesce(p_signature, '')), '^sha256=', '', 'i');
  v_given bytea;
  v_payload bytea;
  v_seconds numeric;
  v_orgs uuid[] := '{}';
  v_candidate record;
  v_refusal json;
begin
  perform booking.assert_service_role();
  if p_scheme is null or p_scheme not in ('vapi', 'retell') then
    return booking.json_error('INVALID_SCHEME', 'The signature scheme is vapi or retell');
  end if;
  if p_scheme = 'retell' and p_timestamp is null then
    return booking.json_error('STALE_TIMESTAMP', 'A Retell signature carries its timestamp');
  end if;
  if v_signature ~ '^[0-9A-Fa-f]{64}$' then
    v_given := decode(lower(v_signature), 'hex');
  elsif v_signature ~ '^[A-Za-z0-9+/]{43}=$' then
    v_given := decode(v_signature, 'base64');
  else
    return booking.json_error('INVALID_SIGNATURE', 'The signature is not an HMAC-SHA256 in hex or base64');
  end if;
  if p_timestamp is not null then
    if btrim(p_timestamp) !~ '^[0-9]{1,13}$' then
      return booking.json_error('STALE_TIMESTAMP', 'The timestamp is not a Unix time');
    end if;
    v_seconds := btrim(p_timestamp)::numeric;
    if v_seconds >= 100000000000 then
      v_seconds := v_seconds / 1000;  -- milliseconds
    end if;
    if abs(extract(epoch from now()) - v_seconds) > 300 then
      return booking.json_error('STALE_TIMESTAMP', 'The request is signed more than 5 minutes from now');
    end if;
    if p_scheme = 'retell' then
      v_payload := coalesce(p_body, ''::bytea) || convert_to(btrim(p_timestamp), 'UTF8');
    else
      v_payload := convert_to(p_timestamp || '.', 'UTF8') || coalesce(p_body, ''::bytea);
    end if;
  else
    v_payload := coalesce(p_body, ''::bytea);
  end if;

  for v_candidate in
    select c.org_id, c.hmac_key_encrypted
      from booking.voice_agents a
      join booking.organizations o on o.org_id = a.org_id
      join booking.voice_agent_credentials c on c.org_id = a.org_id
     where c.kind = 'hmac' and (c.expires_at is null or c.expires_at > now())
       and ((nullif(p_assistant_id, '') is not null and a.assistant_id = p_assistant_id)
            or (nullif(p_phone_number, '') is not null
                and a.phone_number = booking.normalize_phone(p_phone_number, o.phone_region)))
  loop
    if booking.constant_time_equals(
         extensions.hmac(v_payload,
           convert_to(booking.decrypt_setting(v_candidate.hmac_key_encrypted, p_encryption_key), 'UTF8'),
           'sha256'),
         v_given)
       and not v_candidate.org_id = any (v_orgs) then
      v_orgs := v_orgs || v_candidate.org_id;
    end if;
  end loop;
  if cardinality(v_orgs) <> 1 then
    return booking.json_error('UNKNOWN_SIGNATURE', 'No key of the named assistant''s organization verifies the signature');
  end if;
  v_refusal := booking.voice_agent_mismatch(v_orgs[1], p_assistant_id, p_phone_number);
  if v_refusal is not null then
    return v_refusal;
  end if;
  return json_build_object('success', true, 'org_id', v_orgs[1]);
end;
$$;

revoke execute on function public.resolve_voice_agent_signed(bytea, text, text, text, text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.resolve_voice_agent_signed(bytea, text, text, text, text, text, text) to service_role;
comment on function public.resolve_voice_agent_signed(bytea, text, text, text, text, text, text) is
'Webhook API (service_role): the organization of a voice-platform request signed with HMAC-SHA256 of its raw body.

Arguments: p_body (the raw request body); p_signature (hex or base64, optionally prefixed sha256=); p_timestamp (optional Unix seconds or milliseconds: then the signed text is "{timestamp}.{body}" and it must be within 5 minutes of now); p_assistant_id, p_phone_number (the platform''s, which name the candidate organizations: an hmac credential needs the assistant id or number set with set_voice_agent); p_encryption_key (SETTINGS_ENCRYPTION_KEY, decrypts the keys); p_scheme (vapi, the default, or retell: Retell''s x-retell-signature "v=<ms>,d=<hex>" signs "{body}{timestamp}" with the Retell API key, the timestamp required).
Answer: {"success": true, "org_id"}. Every active hmac key of the organization is tried (rotation), each compared in constant time.
Errors: INVALID_SCHEME, INVALID_SIGNATURE, STALE_TIMESTAMP, UNKNOWN_SIGNATURE (no key verifies it, or none is configured), ASSISTANT_MISMATCH, PHONE_NUMBER_MISMATCH. Raises 42501 for other callers, BKKEY when the encryption key does not decrypt a key.';
