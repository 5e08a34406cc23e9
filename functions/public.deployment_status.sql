-- Admin (service_role): what `python -m shim serve` checks before it serves
-- and `/ready` on every probe. Reads across organizations on purpose (a
-- flag, no clinic's data): no lock, no write. The newest applied migration
-- is read from yoyo's bookkeeping (schema yoyo) when it is there.
create or replace function public.deployment_status()
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_latest text;
begin
  perform booking.assert_service_role();
  if pg_catalog.to_regclass('yoyo._yoyo_migration') is not null then
    execute 'select max(migration_id) from yoyo._yoyo_migration' into v_latest;
  end if;
  return json_build_object(
    'success', true,
    'stored_credentials',
      exists (select from booking.integration_settings s
               where s.twilio_auth_token_encrypted is not null)
      or exists (select from booking.voice_agent_credentials c
                  where c.hmac_key_encrypted is not null),
    'public_base_url', booking.public_base_url(),
    'latest_migration', v_latest);
end;
$$;

revoke execute on function public.deployment_status() from public, anon, authenticated, service_role;
grant execute on function public.deployment_status() to service_role;
comment on function public.deployment_status() is
'Admin (service_role): the facts a deployment check needs before serving.

Answer: {"success": true, "stored_credentials": true when any organization has stored Twilio credentials or voice-agent HMAC keys (they need SETTINGS_ENCRYPTION_KEY), "public_base_url": the base of links in SMS as the package setting has it (the default when unset), "latest_migration": the id of the newest migration applied (yoyo''s bookkeeping; null without it)}.
Raises 42501 for other callers.';
