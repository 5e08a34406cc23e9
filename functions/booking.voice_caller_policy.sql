-- The caller-id policy and lookup limits of an organization
-- (booking.voice_caller_policies), with the defaults when it has no row:
-- verify_changes, 10 lookups per call, 300 per hour.
create or replace function booking.voice_caller_policy(p_org_id uuid)
returns booking.voice_caller_policies
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select p from booking.voice_caller_policies p where p.org_id = p_org_id),
    row(p_org_id, 'verify_changes', 10, 300, now(), now())::booking.voice_caller_policies);
$$;

revoke execute on function booking.voice_caller_policy(uuid) from public, anon, authenticated, service_role;
comment on function booking.voice_caller_policy(uuid) is
  'The organization''s voice caller policy row, or the defaults (verify_changes, 10 lookups per call, 300 per hour) when it has none.';
