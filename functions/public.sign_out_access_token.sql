-- Service (service_role): the dashboard's sign-out refuses the access token
-- from now on (public.dashboard_session_status), for an identity provider's
-- tokens too, which cannot be revoked here otherwise. Idempotent; each call
-- also purges digests past their expiry (a few rows at most).
create or replace function public.sign_out_access_token(p_access_token text, p_expires_at timestamptz)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_service_role();
  if p_access_token is null or p_expires_at is null then
    return booking.json_error('INVALID_TOKEN', 'An access token and its expiry are required');
  end if;
  delete from booking.signed_out_access_tokens t where t.expires_at < now();
  if p_expires_at > now() then
    insert into booking.signed_out_access_tokens (token_hash, expires_at)
    values (booking.staff_token_hash(p_access_token), p_expires_at)
    on conflict (token_hash) do nothing;
  end if;
  return json_build_object('success', true);
end;
$$;

revoke execute on function public.sign_out_access_token(text, timestamptz) from public, anon, authenticated, service_role;
grant execute on function public.sign_out_access_token(text, timestamptz) to service_role;
comment on function public.sign_out_access_token(text, timestamptz) is
'Service (service_role): an access token signed out before it expires is refused from now on.

Arguments: p_access_token (as the browser held it; only its SHA-256 is kept); p_expires_at (its exp: the digest is kept until then).
Answer: {"success": true} (also when it was signed out already or has expired).
Errors: INVALID_TOKEN (a NULL argument). Raises 42501 for other callers.';
