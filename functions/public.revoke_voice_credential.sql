-- Settings (an owner or admin of the organization, or service_role): ends a
-- voice-platform credential of booking.voice_agent_credentials, now or
-- after a grace period (rotation: the platform switches to the new one
-- meanwhile). The contract is the COMMENT at the end of this file.
create or replace function public.revoke_voice_credential(
  p_org_id uuid,
  p_credential_id uuid,
  p_at timestamptz default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_at timestamptz := greatest(coalesce(p_at, now()), now());
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  update booking.voice_agent_credentials
     set expires_at = least(coalesce(expires_at, v_at), v_at)
   where org_id = p_org_id and id = p_credential_id;
  if not found then
    return booking.json_error('CREDENTIAL_NOT_FOUND', 'There is no such credential');
  end if;
  return json_build_object('success', true, 'credential_id', p_credential_id,
                           'expires_at', booking.to_iso8601_utc(v_at));
end;
$$;

revoke execute on function public.revoke_voice_credential(uuid, uuid, timestamptz) from public, anon, authenticated, service_role;
grant execute on function public.revoke_voice_credential(uuid, uuid, timestamptz) to authenticated, service_role;
comment on function public.revoke_voice_credential(uuid, uuid, timestamptz) is
'Settings (an owner or admin of the organization, or service_role): ends a voice-platform credential, now or at p_at (a grace period while the platform switches to the new one).

Arguments: p_org_id; p_credential_id; p_at (optional, default now; never later than an end already set).
Answer: {"success": true, "credential_id", "expires_at"}.
Errors: CREDENTIAL_NOT_FOUND. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
