-- Service (service_role): the first owner of an organization. The contract
-- is the COMMENT at the end of this file. Idempotent: a member is made an
-- active owner; an owner stays one.
create or replace function public.bootstrap_owner(p_org_id uuid, p_account_id uuid)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_service_role();
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_account_id is null then
    return booking.json_error('INVALID_ACCOUNT', 'Give the account id');
  end if;
  insert into booking.memberships as m (org_id, account_id, role)
  values (p_org_id, p_account_id, 'owner')
  on conflict (org_id, account_id) do update
     set role = 'owner', disabled_at = null, updated_at = now()
   where m.role <> 'owner' or m.disabled_at is not null;
  return json_build_object('success', true, 'org_id', p_org_id, 'account_id', p_account_id, 'role', 'owner',
    'staff_account', exists (select from booking.staff_accounts where account_id = p_account_id));
end;
$$;

revoke execute on function public.bootstrap_owner(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.bootstrap_owner(uuid, uuid) to service_role;
comment on function public.bootstrap_owner(uuid, uuid) is
'Admin (service_role): makes an account the owner of an organization, for its first owner.

Arguments: p_org_id; p_account_id (a staff account''s id, or on Supabase the Supabase Auth user''s id, the JWT sub; it need not exist here).
Answer: {"success": true, "org_id", "account_id", "role": "owner", "staff_account" (true when it is a staff account of this database, false for an identity-provider user)}. Idempotent; a disabled membership is enabled.
Errors: INVALID_ORGANIZATION, INVALID_ACCOUNT. Raises 42501 for other callers.';
