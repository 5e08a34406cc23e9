-- Staff remove blocked time (public.block_calendar_time): the time is
-- offered again at once. The contract is the COMMENT at the end.
create or replace function public.remove_calendar_block(
  p_org_id uuid,
  p_block_id uuid
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_block booking.calendar_blocks;
begin
  perform booking.assert_org_access(p_org_id);
  delete from booking.calendar_blocks b
   where b.org_id = p_org_id and b.id = p_block_id
  returning * into v_block;
  if not found then
    return booking.json_error('BLOCK_NOT_FOUND', 'There is no such blocked time');
  end if;
  return json_build_object('success', true, 'block_id', v_block.id, 'calendar_id', v_block.calendar_id);
end;
$$;

revoke execute on function public.remove_calendar_block(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.remove_calendar_block(uuid, uuid) to authenticated, service_role;
comment on function public.remove_calendar_block(uuid, uuid) is
'Staff remove blocked time from a calendar; it is offered again at once.

Arguments: p_org_id; p_block_id.
Answer: {"success": true, "block_id", "calendar_id"}.
Errors: BLOCK_NOT_FOUND (also for another organization''s block). Raises 42501 when the caller acts for another organization.';
