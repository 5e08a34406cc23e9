-- The organizations an authenticated caller is a member of, for RLS and
-- booking.can_act_for_org. An identity the membership table knows (its JWT
-- `sub` has a membership row, active or not) is a member exactly where it
-- has an active membership of an active account: disabling one takes effect
-- on its next request, whatever its token says. An identity it does not
-- know (a token of an issuer that manages membership itself, such as
-- Supabase Auth with app_metadata written by the project's admin API, or
-- the voice agent's own caller) is a member of its token's
-- app_metadata.org_id. Any other role: none.
--
-- SECURITY DEFINER: memberships have RLS and no policy for API roles; it
-- reads only the caller's own rows (by the verified sub). RLS policies use
-- it as `org_id = any ((select booking.member_org_ids())::uuid[])`, one evaluation
-- per statement.
create or replace function booking.member_org_ids()
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_account_id uuid;
  v_known boolean := false;
  v_orgs uuid[];
  v_claimed uuid;
begin
  if booking.api_role() <> 'authenticated' then
    return '{}';
  end if;
  v_account_id := booking.caller_account_id();
  if v_account_id is not null then
    select count(*) > 0,
           coalesce(array_agg(m.org_id) filter (where m.disabled_at is null and a.disabled_at is null), '{}')
      into v_known, v_orgs
      from booking.memberships m
      left join booking.staff_accounts a on a.account_id = m.account_id
     where m.account_id = v_account_id;
    if v_known then
      return v_orgs;
    end if;
  end if;
  v_claimed := booking.jwt_org_id();
  return case when v_claimed is null then '{}'::uuid[] else array[v_claimed] end;
end;
$$;

revoke execute on function booking.member_org_ids() from public, anon, authenticated, service_role;
grant execute on function booking.member_org_ids() to authenticated;
comment on function booking.member_org_ids() is
  'The organizations an authenticated caller is an active member of (memberships by the JWT sub; app_metadata.org_id for identities the membership table does not know).';
