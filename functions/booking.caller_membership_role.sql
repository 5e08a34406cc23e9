-- The caller's role in an organization: the role of its active membership
-- (booking.caller_account_id), NULL when it has none there, the membership
-- or its staff account is disabled, or the caller is not authenticated.
-- An account id without a staff_accounts row (a Supabase Auth user) is
-- judged by its membership alone.
create or replace function booking.caller_membership_role(p_org_id uuid)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_account_id uuid := booking.caller_account_id();
begin
  if v_account_id is null or p_org_id is null then
    return null;
  end if;
  return (select m.role
            from booking.memberships m
            left join booking.staff_accounts a on a.account_id = m.account_id
           where m.org_id = p_org_id and m.account_id = v_account_id
             and m.disabled_at is null and a.disabled_at is null);
end;
$$;

revoke execute on function booking.caller_membership_role(uuid) from public, anon, authenticated, service_role;
comment on function booking.caller_membership_role(uuid) is
  'The caller''s active role (owner, admin, front_desk) in the organization, or NULL.';
