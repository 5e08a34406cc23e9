-- Member (authenticated): the clinics the caller may sign in to, for a
-- token whose issuer does not name a clinic (a Supabase Auth user known to
-- the membership table by its sub). Reads only the caller's own rows.
create or replace function public.my_memberships()
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_account_id uuid := booking.caller_account_id();
begin
  if v_account_id is null then
    perform booking.assert_org_access(null);  -- anon and other members: 42501
    raise exception 'only a signed-in member has memberships' using errcode = '42501';
  end if;
  if exists (select from booking.staff_accounts a
              where a.account_id = v_account_id and a.disabled_at is not null) then
    return json_build_object('success', true, 'memberships', '[]'::json);
  end if;
  return json_build_object('success', true, 'memberships', booking.staff_memberships(v_account_id));
end;
$$;

revoke execute on function public.my_memberships() from public, anon, authenticated, service_role;
grant execute on function public.my_memberships() to authenticated;
comment on function public.my_memberships() is
'Member (authenticated): the clinics the caller (its JWT sub) is an active member of.

Answer: {"success": true, "memberships": [{"org_id", "role", "organization_name"}]} (empty for a disabled account or an identity without memberships).
Raises 42501 for a caller without a sub (anon, service_role).';
