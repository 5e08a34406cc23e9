-- Settings (an owner or admin of the organization, or service_role): one
-- more credential the voice platform may authenticate its requests with
-- (booking.voice_agent_credentials), next to the set_voice_agent secret:
-- several may be active at once, so a new one is added before the old one
-- is revoked (rotation). The contract is the COMMENT at the end of this file.
create or replace function public.add_voice_credential(
  p_org_id uuid,
  p_kind text,
  p_secret text,
  p_encryption_key text default null,
  p_expires_at timestamptz default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_digest bytea := extensions.digest(convert_to(coalesce(p_secret, ''), 'UTF8'), 'sha256');
  v_id uuid;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_kind is null or p_kind not in ('token', 'hmac') then
    return booking.json_error('INVALID_CREDENTIAL_KIND', 'Choose token or hmac');
  end if;
  if p_secret is null or length(p_secret) < 32 or length(p_secret) > 512 then
    return booking.json_error('WEAK_SECRET', 'The secret must be 32 to 512 characters');
  end if;
  if p_expires_at is not null and p_expires_at <= now() then
    return booking.json_error('INVALID_EXPIRY', 'A credential must expire in the future');
  end if;
  if (select count(*) from booking.voice_agent_credentials
       where org_id = p_org_id and (expires_at is null or expires_at > now())) >= 10 then
    return booking.json_error('TOO_MANY_CREDENTIALS', 'Revoke an old credential first (at most 10 active)');
  end if;
  if p_kind = 'token' then
    if exists (select from booking.voice_agents where secret_sha256 = v_digest and org_id <> p_org_id)
       or exists (select from booking.voice_agent_credentials
                   where token_sha256 = v_digest and org_id <> p_org_id) then
      return booking.json_error('SECRET_IN_USE', 'Choose another secret');
    end if;
    insert into booking.voice_agent_credentials (org_id, kind, token_sha256, expires_at)
    values (p_org_id, 'token', v_digest, p_expires_at)
    returning id into v_id;
  else
    if nullif(p_encryption_key, '') is null then
      return booking.json_error('ENCRYPTION_KEY_REQUIRED',
        'An HMAC key is stored encrypted: give the service''s SETTINGS_ENCRYPTION_KEY');
    end if;
    insert into booking.voice_agent_credentials (org_id, kind, hmac_key_encrypted, expires_at)
    values (p_org_id, 'hmac', extensions.pgp_sym_encrypt(p_secret, p_encryption_key), p_expires_at)
    returning id into v_id;
  end if;
  return json_build_object('success', true, 'org_id', p_org_id, 'credential_id', v_id, 'kind', p_kind,
                           'expires_at', booking.to_iso8601_utc(p_expires_at));
end;
$$;

revoke execute on function public.add_voice_credential(uuid, text, text, text, timestamptz) from public, anon, authenticated, service_role;
grant execute on function public.add_voice_credential(uuid, text, text, text, timestamptz) to authenticated, service_role;
comment on function public.add_voice_credential(uuid, text, text, text, timestamptz) is
'Settings (an owner or admin of the organization, or service_role): adds a credential the voice platform may authenticate with (several at once, for rotation).

Arguments: p_org_id; p_kind (token: a secret the platform sends as X-Vapi-Secret or Authorization: Bearer, stored as SHA-256; hmac: a key the platform signs the raw body with, x-vapi-signature, stored encrypted); p_secret (32-512 characters); p_encryption_key (hmac only: the service''s SETTINGS_ENCRYPTION_KEY); p_expires_at (optional end).
Answer: {"success": true, "org_id", "credential_id", "kind", "expires_at"}.
Errors: INVALID_ORGANIZATION, INVALID_CREDENTIAL_KIND, WEAK_SECRET, INVALID_EXPIRY, TOO_MANY_CREDENTIALS (10 active), SECRET_IN_USE, ENCRYPTION_KEY_REQUIRED. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
