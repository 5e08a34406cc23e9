-- Voice agent: starts one tool call of the platform (its toolCallId) in the
-- tool's transaction, or answers the first answer of a repeated id.
-- The contract is the COMMENT at the end of this file. The row is inserted
-- here and its answer set by public.finish_voice_tool_call in the same
-- transaction: a concurrent call with the same id waits on the primary key
-- until that transaction ends, then finds the answer (or, when it rolled
-- back, runs the tool itself).
create or replace function public.begin_voice_tool_call(
  p_org_id uuid,
  p_tool_call_id text,
  p_tool text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_call booking.voice_tool_calls%rowtype;
begin
  perform booking.assert_org_access(p_org_id);
  if p_tool_call_id is null or length(p_tool_call_id) not between 1 and 256
     or p_tool is null or length(p_tool) not between 1 and 64 then
    return booking.json_error('INVALID_TOOL_CALL_ID', 'A tool call id has 1 to 256 characters');
  end if;
  insert into booking.voice_tool_calls (org_id, tool_call_id, tool)
  values (p_org_id, p_tool_call_id, p_tool)
  on conflict (org_id, tool_call_id) do nothing;
  if found then
    return null;
  end if;
  select * into v_call from booking.voice_tool_calls
   where org_id = p_org_id and tool_call_id = p_tool_call_id;
  if v_call.tool <> p_tool then
    return booking.json_error('TOOL_CALL_ID_REUSED', 'This tool call id belongs to another tool');
  end if;
  return coalesce(v_call.answer,
    booking.json_error('TOOL_CALL_IN_PROGRESS', 'The same tool call is still running; retry'));
end;
$$;

revoke execute on function public.begin_voice_tool_call(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.begin_voice_tool_call(uuid, text, text) to authenticated, service_role;
comment on function public.begin_voice_tool_call(uuid, text, text) is
'Voice agent: starts a tool call (the platform''s toolCallId), or answers the first answer of a repeated one.

Arguments: p_org_id; p_tool_call_id (1-256 characters); p_tool (the tool''s name).
Answer: NULL when the call is new: run the tool in this transaction and store its answer with finish_voice_tool_call; else the first call''s answer, unchanged (a concurrent call with the same id waits until the first one''s transaction ends).
Errors: INVALID_TOOL_CALL_ID, TOOL_CALL_ID_REUSED (the id belongs to another tool), TOOL_CALL_IN_PROGRESS (only if the first call''s transaction committed without an answer). Raises 42501 for another organization.';
