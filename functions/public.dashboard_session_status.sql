-- Service (service_role): whether a dashboard session may still be used,
-- asked by the pages on every request, so that sign-out and disabling a
-- member take effect at once rather than when the access token expires.
-- Reads only: the session's refresh family, the account's membership, the
-- signed-out digests.
create or replace function public.dashboard_session_status(
  p_access_token text,
  p_session_id uuid,
  p_org_id uuid
)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_account_id uuid;
  v_role text;
begin
  perform booking.assert_service_role();
  if p_access_token is null or exists (
       select from booking.signed_out_access_tokens t
        where t.token_hash = booking.staff_token_hash(p_access_token)) then
    return json_build_object('success', true, 'active', false, 'role', null);
  end if;
  if p_session_id is null then  -- an identity provider's token: not revoked here
    return json_build_object('success', true, 'active', true, 'role', null);
  end if;
  select r.account_id into v_account_id
    from booking.staff_refresh_tokens r
   where r.family_id = p_session_id and r.revoked_at is null and r.expires_at > now()
   limit 1;
  if v_account_id is not null then
    select m.role into v_role
      from booking.memberships m
      join booking.staff_accounts a on a.account_id = m.account_id
     where m.org_id = p_org_id and m.account_id = v_account_id
       and m.disabled_at is null and a.disabled_at is null;
  end if;
  return json_build_object('success', true, 'active', v_role is not null, 'role', v_role);
end;
$$;

revoke execute on function public.dashboard_session_status(text, uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.dashboard_session_status(text, uuid, uuid) to service_role;
comment on function public.dashboard_session_status(text, uuid, uuid) is
'Service (service_role): whether a dashboard session is still good, on every page request.

Arguments: p_access_token (the session''s access token as the browser sent it); p_session_id (its sid claim: the refresh family of a service-issued token, NULL for an identity provider''s token); p_org_id (the organization it acts for).
Answer: {"success": true, "active", "role"}: active is false once the token was signed out (public.sign_out_access_token), its session was signed out or revoked (public.staff_sign_out, a reused refresh token), or, for a service-issued token, the account or its membership of p_org_id is disabled or gone; role is the membership''s role (NULL for an identity provider''s token).
Raises 42501 for other callers.';
