-- Settings (an owner or admin of the organization, or service_role): how
-- far the voice agent trusts the caller id the platform passes, and the
-- lookup limits (booking.voice_caller_policies).
-- The contract is the COMMENT at the end of this file.
create or replace function public.set_caller_id_policy(
  p_org_id uuid,
  p_caller_id_policy text default null,
  p_lookups_per_call integer default null,
  p_lookups_per_hour integer default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_policy booking.voice_caller_policies%rowtype;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_caller_id_policy is not null
     and p_caller_id_policy not in ('verify_changes', 'verify_all', 'trust_attested') then
    return booking.json_error('INVALID_CALLER_ID_POLICY',
      'Choose verify_changes, verify_all or trust_attested');
  end if;
  if p_lookups_per_call is not null and p_lookups_per_call not between 1 and 1000 then
    return booking.json_error('INVALID_LOOKUP_LIMIT', 'Give 1 to 1000 lookups per call');
  end if;
  if p_lookups_per_hour is not null and p_lookups_per_hour not between 1 and 100000 then
    return booking.json_error('INVALID_LOOKUP_LIMIT', 'Give 1 to 100000 lookups per hour');
  end if;
  v_policy := booking.voice_caller_policy(p_org_id);
  insert into booking.voice_caller_policies as p
         (org_id, caller_id_policy, lookups_per_call, lookups_per_hour)
  values (p_org_id, coalesce(p_caller_id_policy, v_policy.caller_id_policy),
          coalesce(p_lookups_per_call, v_policy.lookups_per_call),
          coalesce(p_lookups_per_hour, v_policy.lookups_per_hour))
  on conflict (org_id) do update
     set caller_id_policy = excluded.caller_id_policy, lookups_per_call = excluded.lookups_per_call,
         lookups_per_hour = excluded.lookups_per_hour, updated_at = now()
  returning * into v_policy;
  return json_build_object('success', true, 'org_id', p_org_id,
    'caller_id_policy', v_policy.caller_id_policy,
    'lookups_per_call', v_policy.lookups_per_call,
    'lookups_per_hour', v_policy.lookups_per_hour);
end;
$$;

revoke execute on function public.set_caller_id_policy(uuid, text, integer, integer) from public, anon, authenticated, service_role;
grant execute on function public.set_caller_id_policy(uuid, text, integer, integer) to authenticated, service_role;
comment on function public.set_caller_id_policy(uuid, text, integer, integer) is
'Settings (an owner or admin of the organization, or service_role): how far the voice agent trusts the caller id the platform passes, and the lookup limits.

Arguments: p_org_id; p_caller_id_policy (verify_changes, the default: a lookup by caller id says that and when the caller has appointments, cancel and reschedule need the texted code; verify_all: lookups need the code too; trust_attested: changes without a code only for a caller id the platform reports fully attested, STIR/SHAKEN A, else as verify_changes; NULL keeps the setting); p_lookups_per_call (1-1000, default 10; NULL keeps); p_lookups_per_hour (per clinic, 1-100000, default 300; NULL keeps).
Answer: {"success": true, "org_id", "caller_id_policy", "lookups_per_call", "lookups_per_hour"}.
Errors: INVALID_ORGANIZATION, INVALID_CALLER_ID_POLICY, INVALID_LOOKUP_LIMIT. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
