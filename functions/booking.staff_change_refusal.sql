-- Why a change of a member (p_new_role: a role change, NULL for none;
-- p_disabling: disabling it) is refused, as an error code,
-- or NULL: UNKNOWN_MEMBER when p_account_id has no membership in p_org_id;
-- NOT_ALLOWED when an admin touches an owner or makes one; LAST_OWNER when
-- the change would leave the organization without an active owner.
-- Locks the organization's active owner rows (FOR UPDATE, in key order),
-- then the member's row: two owners demoting each other at once cannot
-- both succeed (the second counts after the first commits), and every
-- change takes its locks in the same order, so they cannot deadlock. The
-- caller updates the member's row in the same transaction.
create or replace function booking.staff_change_refusal(
  p_org_id uuid,
  p_account_id uuid,
  p_caller_role text,
  p_new_role text,
  p_disabling boolean
) returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_member booking.memberships;
  v_active_owners integer;
begin
  perform from booking.memberships
   where org_id = p_org_id and role = 'owner' and disabled_at is null
   order by account_id
   for update;
  select * into v_member from booking.memberships
   where org_id = p_org_id and account_id = p_account_id
   for update;
  if not found then
    return 'UNKNOWN_MEMBER';
  end if;
  if p_caller_role = 'admin' and (v_member.role = 'owner' or p_new_role = 'owner') then
    return 'NOT_ALLOWED';
  end if;
  if v_member.role = 'owner' and v_member.disabled_at is null
     and (p_disabling or p_new_role <> 'owner') then
    select count(*) into v_active_owners from booking.memberships
     where org_id = p_org_id and role = 'owner' and disabled_at is null;
    if v_active_owners <= 1 then
      return 'LAST_OWNER';
    end if;
  end if;
  return null;
end;
$$;

revoke execute on function booking.staff_change_refusal(uuid, uuid, text, text, boolean) from public, anon, authenticated, service_role;
comment on function booking.staff_change_refusal(uuid, uuid, text, text, boolean) is
  'UNKNOWN_MEMBER, NOT_ALLOWED (an admin and an owner), LAST_OWNER, or NULL when the member''s role change or disabling may proceed.';
