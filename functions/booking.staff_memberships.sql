-- An account's active memberships, as sign-in and refresh answer them:
-- [{"org_id", "role", "organization_name"}], ordered by organization name.
-- A disabled membership is left out, so disabling a member takes effect at
-- the account's next refresh.
create or replace function booking.staff_memberships(p_account_id uuid)
returns json
language plpgsql
stable
set search_path = ''
as $$
begin
  return coalesce((
    select json_agg(json_build_object('org_id', m.org_id, 'role', m.role, 'organization_name', o.name)
                    order by o.name, m.org_id)
      from booking.memberships m
      join booking.organizations o on o.org_id = m.org_id
     where m.account_id = p_account_id and m.disabled_at is null), '[]'::json);
end;
$$;

revoke execute on function booking.staff_memberships(uuid) from public, anon, authenticated, service_role;
comment on function booking.staff_memberships(uuid) is
  'An account''s active memberships: [{"org_id", "role", "organization_name"}].';
