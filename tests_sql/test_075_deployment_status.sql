-- public.deployment_status: what `serve` checks before serving, for service_role only.
begin;
select plan(10);

select function_privs_are('public', 'deployment_status', array[]::text[], 'anon',
  array[]::text[], 'anon may not read the deployment status');
select function_privs_are('public', 'deployment_status', array[]::text[], 'authenticated',
  array[]::text[], 'members may not read the deployment status');
select function_privs_are('public', 'deployment_status', array[]::text[], 'service_role',
  array['EXECUTE'], 'service_role may');

call tests.authenticate_as_service_role();
select is((public.set_booking_setting('public_base_url', 'https://clinic.example/') ->> 'success'),
  'true', 'a base URL set');
select is((public.deployment_status() ->> 'public_base_url'), 'https://clinic.example',
  'the base of links in SMS, as SMS build them');

call tests.clear_authentication();
create function pg_temp.latest_migration() returns text language plpgsql as $$
declare
  v_latest text;
begin
  call tests.authenticate_as_service_role();
  v_latest := public.deployment_status() ->> 'latest_migration';
  call tests.clear_authentication();
  return v_latest;
end $$;
select is(pg_temp.latest_migration(), (select max(migration_id) from yoyo._yoyo_migration)::text,
  'the newest migration applied');
delete from booking.integration_settings;
call tests.authenticate_as_service_role();
select is((public.deployment_status() ->> 'stored_credentials')::boolean, false,
  'no stored credentials');

call tests.clear_authentication();
call tests.create_org('Status Clinic');
insert into booking.integration_settings (org_id, twilio_account_sid, twilio_auth_token_encrypted,
                                          twilio_from_number)
values (tests.org_id('Status Clinic'), 'AC' || repeat('0', 32), '\x00'::bytea, '+14155550100');
call tests.authenticate_as_service_role();
select is((public.deployment_status() ->> 'stored_credentials')::boolean, true,
  'an organization with stored Twilio credentials');

call tests.clear_authentication();
delete from booking.integration_settings;
call tests.create_org('HMAC Clinic');
call tests.authenticate_as_service_role();
select is(public.add_voice_credential(tests.org_id('HMAC Clinic'), 'hmac',
  repeat('k', 40), 'the service key') ->> 'kind', 'hmac', 'a voice-agent HMAC key stored');
select is((public.deployment_status() ->> 'stored_credentials')::boolean, true,
  'an organization with a voice-agent HMAC key (stored encrypted too)');

select * from finish();
rollback;
