-- Webhook API (service_role): the organization a voice-platform request
-- belongs to, from the shared secret it carries (X-Vapi-Secret, or the
-- token of "Authorization: Bearer"). The organization never comes from what
-- the language model says.
-- The contract is the COMMENT at the end of this file. The secret is looked
-- up by its SHA-256 among the set_voice_agent secrets and the active token
-- credentials (add_voice_credential: several per clinic, for rotation).
create or replace function public.resolve_voice_agent(
  p_secret text,
  p_assistant_id text default null,
  p_phone_number text default null
) returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_digest bytea := extensions.digest(convert_to(coalesce(p_secret, ''), 'UTF8'), 'sha256');
  v_orgs uuid[];
  v_refusal json;
begin
  perform booking.assert_service_role();
  select array_agg(distinct m.org_id) into v_orgs from (
    select a.org_id from booking.voice_agents a where a.secret_sha256 = v_digest
    union all
    select c.org_id from booking.voice_agent_credentials c
     where c.token_sha256 = v_digest and (c.expires_at is null or c.expires_at > now())) m;
  -- Exactly one organization, or none: an ambiguous secret never picks one.
  if nullif(p_secret, '') is null or coalesce(cardinality(v_orgs), 0) <> 1 then
    return booking.json_error('UNKNOWN_SECRET', 'The webhook secret is not known');
  end if;
  v_refusal := booking.voice_agent_mismatch(v_orgs[1], p_assistant_id, p_phone_number);
  if v_refusal is not null then
    return v_refusal;
  end if;
  return json_build_object('success', true, 'org_id', v_orgs[1]);
end;
$$;

revoke execute on function public.resolve_voice_agent(text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.resolve_voice_agent(text, text, text) to service_role;
comment on function public.resolve_voice_agent(text, text, text) is
'Webhook API (service_role): the organization a voice-platform request belongs to.

Arguments: p_secret (the X-Vapi-Secret header or the Authorization: Bearer token, looked up by SHA-256 among the set_voice_agent secrets and the active token credentials of add_voice_credential); p_assistant_id; p_phone_number (the called number); a configured assistant id or number must agree.
Answer: {"success": true, "org_id"}.
Errors: UNKNOWN_SECRET, ASSISTANT_MISMATCH, PHONE_NUMBER_MISMATCH. Raises 42501 for other callers.';
