-- Releases a hold so its slot is free again. Releasing twice, or a hold
-- that already expired, is fine; another organization's hold answers as an
-- unknown one, so ids cannot be probed.
-- The contract is the COMMENT at the end of this file.
create or replace function public.release_hold(p_hold_id uuid, p_org_id uuid default null)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_hold booking.appointment_holds%rowtype;
  v_status text;
begin
  if p_org_id is not null then
    perform booking.assert_org_access(p_org_id);
  end if;
  select * into v_hold from booking.appointment_holds
   where id = p_hold_id and (p_org_id is null or org_id = p_org_id);
  -- Another organization's hold answers as an unknown one: ids cannot be probed.
  if not found or not booking.can_act_for_org(v_hold.org_id) then
    return booking.json_error('HOLD_NOT_FOUND', 'There is no such hold');
  end if;
  perform booking.assert_org_access(v_hold.org_id);
  -- Waits for a confirmation of the same hold under way, then sees its outcome.
  update booking.appointment_holds set status = 'released', updated_at = now()
   where org_id = v_hold.org_id and id = v_hold.id and status = 'active'
  returning status into v_status;
  if v_status is null then
    select status into v_status from booking.appointment_holds where org_id = v_hold.org_id and id = v_hold.id;
    if v_status = 'consumed' then
      return booking.json_error('HOLD_ALREADY_CONFIRMED', 'The hold was confirmed as an appointment');
    end if;
  end if;
  return json_build_object('success', true, 'hold_id', v_hold.id);
end;
$$;

revoke execute on function public.release_hold(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.release_hold(uuid, uuid) to authenticated, service_role;
comment on function public.release_hold(uuid, uuid) is
'Releases a hold (idempotent).

Arguments: p_hold_id; p_org_id (optional; must match the hold''s).
Answer: {"success": true, "hold_id"}.
Errors: HOLD_NOT_FOUND (also for another organization''s hold), HOLD_ALREADY_CONFIRMED.';
