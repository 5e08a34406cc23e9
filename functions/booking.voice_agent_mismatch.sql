-- Whether a voice-platform request that authenticated as an organization
-- names another organization's assistant or called number: NULL when it
-- does not (or names none, or the organization configured none), else
-- the JSON error ASSISTANT_MISMATCH or PHONE_NUMBER_MISMATCH.
create or replace function booking.voice_agent_mismatch(
  p_org_id uuid,
  p_assistant_id text,
  p_phone_number text
) returns json
language plpgsql
stable
set search_path = ''
as $$
declare
  v_agent booking.voice_agents%rowtype;
begin
  select * into v_agent from booking.voice_agents where org_id = p_org_id;
  if v_agent.assistant_id is not null and nullif(p_assistant_id, '') is not null
     and p_assistant_id <> v_agent.assistant_id then
    return booking.json_error('ASSISTANT_MISMATCH', 'The assistant does not belong to this secret''s organization');
  end if;
  if v_agent.phone_number is not null and nullif(p_phone_number, '') is not null
     and booking.normalize_phone(p_phone_number,
           (select phone_region from booking.organizations where org_id = p_org_id))
         is distinct from v_agent.phone_number then
    return booking.json_error('PHONE_NUMBER_MISMATCH', 'The called number does not belong to this secret''s organization');
  end if;
  return null;
end;
$$;

revoke execute on function booking.voice_agent_mismatch(uuid, text, text) from public, anon, authenticated, service_role;
comment on function booking.voice_agent_mismatch(uuid, text, text) is
  'NULL unless a configured assistant id or called number of the organization disagrees with the request''s: ASSISTANT_MISMATCH, PHONE_NUMBER_MISMATCH.';
