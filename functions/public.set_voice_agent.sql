-- Settings (an owner or admin of the organization, or service_role): the voice agent of an organization.
-- The contract is the COMMENT at the end of this file.
create or replace function public.set_voice_agent(
  p_org_id uuid,
  p_secret text,
  p_assistant_id text default null,
  p_phone_number text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_region text;
  v_phone text;
  v_digest bytea := extensions.digest(convert_to(coalesce(p_secret, ''), 'UTF8'), 'sha256');
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  select phone_region into v_region from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_secret is null or length(p_secret) < 32 or length(p_secret) > 512 then
    return booking.json_error('WEAK_SECRET', 'The secret must be 32 to 512 characters');
  end if;
  if nullif(btrim(p_phone_number), '') is not null then
    v_phone := booking.normalize_phone(p_phone_number, v_region);
    if v_phone is null then
      return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    end if;
  end if;
  if exists (select from booking.voice_agents where secret_sha256 = v_digest and org_id <> p_org_id) then
    return booking.json_error('SECRET_IN_USE', 'Choose another secret');
  end if;
  insert into booking.voice_agents as v (org_id, secret_sha256, assistant_id, phone_number)
  values (p_org_id, v_digest, nullif(btrim(p_assistant_id), ''), v_phone)
  on conflict (org_id) do update
     set secret_sha256 = excluded.secret_sha256, assistant_id = excluded.assistant_id,
         phone_number = excluded.phone_number, updated_at = now();
  return json_build_object('success', true, 'org_id', p_org_id);
end;
$$;

revoke execute on function public.set_voice_agent(uuid, text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.set_voice_agent(uuid, text, text, text) to authenticated, service_role;
comment on function public.set_voice_agent(uuid, text, text, text) is
'Settings (an owner or admin of the organization, or service_role): sets an organization''s voice-agent webhook secret, assistant id and called number.

Arguments: p_org_id; p_secret (32-512 characters, stored as SHA-256); p_assistant_id (optional); p_phone_number (optional, the number patients call).
Answer: {"success": true, "org_id"}.
Errors: INVALID_ORGANIZATION, WEAK_SECRET, INVALID_PHONE, SECRET_IN_USE. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
