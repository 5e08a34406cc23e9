-- Voice agent: stores the answer of a tool call begun with
-- public.begin_voice_tool_call, in the same transaction.
-- The contract is the COMMENT at the end of this file.
create or replace function public.finish_voice_tool_call(
  p_org_id uuid,
  p_tool_call_id text,
  p_answer json
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_org_access(p_org_id);
  update booking.voice_tool_calls set answer = p_answer
   where org_id = p_org_id and tool_call_id = p_tool_call_id and answer is null;
  if not found then
    return booking.json_error('TOOL_CALL_NOT_STARTED', 'No tool call with this id is waiting for its answer');
  end if;
  return json_build_object('success', true);
end;
$$;

revoke execute on function public.finish_voice_tool_call(uuid, text, json) from public, anon, authenticated, service_role;
grant execute on function public.finish_voice_tool_call(uuid, text, json) to authenticated, service_role;
comment on function public.finish_voice_tool_call(uuid, text, json) is
'Voice agent: stores the first answer of a tool call begun with begin_voice_tool_call (same transaction).

Arguments: p_org_id; p_tool_call_id; p_answer (the tool''s JSON answer).
Answer: {"success": true}.
Errors: TOOL_CALL_NOT_STARTED (no such call waiting for its answer). Raises 42501 for another organization.';
