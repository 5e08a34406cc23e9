-- Webhook API (service_role): the organization a voice-platform request
-- belongs to, from the shared secret it carries. The organization never
-- comes from what the language model says.
-- The contract is the COMMENT at the end of this file.
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
  v_agent booking.voice_agents%rowtype;
  v_matches integer;
begin
  perform booking.assert_service_role();
  select count(*) into v_matches from booking.voice_agents a
   where a.secret_sha256 = extensions.digest(convert_to(coalesce(p_secret, ''), 'UTF8'), 'sha256');
  -- Exactly one organization, or none: an ambiguous secret never picks one.
  if v_matches is distinct from 1 then
    return booking.json_error('UNKNOWN_SECRET', 'The webhook secret is not known');
  end if;
  select * into v_agent from booking.voice_agents a
   where a.secret_sha256 = extensions.digest(convert_to(p_secret, 'UTF8'), 'sha256');
  if v_agent.assistant_id is not null and nullif(p_assistant_id, '') is not null
     and p_assistant_id <> v_agent.assistant_id then
    return booking.json_error('ASSISTANT_MISMATCH', 'The assistant does not belong to this secret''s organization');
  end if;
  if v_agent.phone_number is not null and nullif(p_phone_number, '') is not null
     and booking.normalize_phone(p_phone_number,
           (select phone_region from booking.organizations where org_id = v_agent.org_id))
         is distinct from v_agent.phone_number then
    return booking.json_error('PHONE_NUMBER_MISMATCH', 'The called number does not belong to this secret''s organization');
  end if;
  return json_build_object('success', true, 'org_id', v_agent.org_id);
end;
$$;

revoke execute on function public.resolve_voice_agent(text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.resolve_voice_agent(text, text, text) to service_role;
comment on function public.resolve_voice_agent(text, text, text) is
'Webhook API (service_role): the organization a voice-platform request belongs to.

Arguments: p_secret (the X-Vapi-Secret header, looked up by SHA-256); p_assistant_id; p_phone_number (the called number); a configured assistant id or number must agree.
Answer: {"success": true, "org_id"}.
Errors: UNKNOWN_SECRET, ASSISTANT_MISMATCH, PHONE_NUMBER_MISMATCH. Raises 42501 for other callers.';
