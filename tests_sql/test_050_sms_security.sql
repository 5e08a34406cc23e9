-- SMS tables and functions: RLS, table/column privileges, function
-- privileges, SECURITY DEFINER with an empty search_path, comments, and
-- what each API role can actually read.
begin;
select plan(49);

-- Fixtures (as owner): two clinics with Twilio settings and a booking each.
call tests.create_org('Sec Clinic A');
call tests.create_org('Sec Clinic B');
do $$
begin
  perform public.set_integration_settings(tests.org_id('Sec Clinic A'), 'test-key',
    'AC' || repeat('a', 32), 'token-a', '+14155550100', null, '+14155550101', null);
  perform public.set_integration_settings(tests.org_id('Sec Clinic B'), 'test-key',
    'AC' || repeat('b', 32), 'token-b', '+14155550200', null, null, null);
  perform public.book_appointment_atomic(tests.org_id('Sec Clinic A'), 'Ann A', null, '+14155552671',
    'checkup', tests.local_noon(2), 30);
  perform public.book_appointment_atomic(tests.org_id('Sec Clinic B'), 'Bob B', null, '+14155552672',
    'checkup', tests.local_noon(2), 30);
end $$;

-- Row level security on every new table.
select ok((select relrowsecurity from pg_class where oid = 'booking.integration_settings'::regclass),
  'RLS is enabled on integration_settings');
select ok((select relrowsecurity from pg_class where oid = 'booking.sms_outbox'::regclass),
  'RLS is enabled on sms_outbox');
select ok((select relrowsecurity from pg_class where oid = 'booking.sms_opt_outs'::regclass),
  'RLS is enabled on sms_opt_outs');
select ok((select 'security_invoker=true' = any(reloptions) from pg_class
            where oid = 'booking.sms_confirmation_logs'::regclass),
  'sms_confirmation_logs is a security_invoker view (RLS of the caller applies)');

-- Table privileges: read-only for tenants and service_role, nothing for anon.
select table_privs_are('booking', 'sms_outbox', 'anon', array[]::text[], 'anon has no privilege on sms_outbox');
select table_privs_are('booking', 'sms_outbox', 'authenticated', array[]::text[], 'authenticated has no table-wide privilege on sms_outbox');
select column_privs_are('booking', 'sms_outbox', 'status', 'authenticated', array['SELECT'], 'authenticated reads the delivery columns of sms_outbox');
select column_privs_are('booking', 'sms_outbox', 'body', 'authenticated', array[]::text[], 'authenticated cannot read SMS bodies (one-time codes)');
select table_privs_are('booking', 'sms_outbox', 'service_role', array['SELECT'], 'service_role only reads sms_outbox (writes go through functions)');
select table_privs_are('booking', 'sms_opt_outs', 'anon', array[]::text[], 'anon has no privilege on sms_opt_outs');
select table_privs_are('booking', 'sms_opt_outs', 'authenticated', array['SELECT'], 'authenticated only reads sms_opt_outs');
select table_privs_are('booking', 'sms_confirmation_logs', 'authenticated', array['SELECT'], 'authenticated reads sms_confirmation_logs');
select table_privs_are('booking', 'sms_confirmation_logs', 'anon', array[]::text[], 'anon cannot read sms_confirmation_logs');
select table_privs_are('booking', 'integration_settings', 'authenticated', array[]::text[],
  'no table-wide privilege on integration_settings (column grants only)');
select table_privs_are('booking', 'integration_settings', 'service_role', array[]::text[],
  'service_role has no table-wide privilege on integration_settings either');

-- The encrypted secret is granted to nobody.
select column_privs_are('booking', 'integration_settings', 'twilio_auth_token_encrypted', 'anon', array[]::text[],
  'anon cannot read the encrypted auth token');
select column_privs_are('booking', 'integration_settings', 'twilio_auth_token_encrypted', 'authenticated', array[]::text[],
  'authenticated cannot read the encrypted auth token');
select column_privs_are('booking', 'integration_settings', 'twilio_auth_token_encrypted', 'service_role', array[]::text[],
  'service_role cannot read the encrypted auth token');
select column_privs_are('booking', 'integration_settings', 'hot_lead_alert_phone', 'authenticated', array['SELECT'],
  'authenticated can read hot_lead_alert_phone');

-- Function privileges.
select function_privs_are('public', 'send_confirmation_sms', array['uuid', 'uuid', 'uuid', 'text'], 'anon', array[]::text[],
  'anon cannot execute send_confirmation_sms');
select function_privs_are('public', 'send_confirmation_sms', array['uuid', 'uuid', 'uuid', 'text'], 'authenticated', array['EXECUTE'],
  'authenticated can execute send_confirmation_sms');
select function_privs_are('public', 'send_confirmation_sms', array['uuid', 'uuid', 'uuid', 'text'], 'service_role', array['EXECUTE'],
  'service_role can execute send_confirmation_sms');
select function_privs_are('public', 'set_integration_settings',
  array['uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'text'], 'authenticated', array['EXECUTE'],
  'authenticated may call set_integration_settings (it admits only an owner or admin: test_098)');
select function_privs_are('public', 'set_integration_settings',
  array['uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'text'], 'service_role', array['EXECUTE'],
  'service_role can execute set_integration_settings');
select function_privs_are('booking', 'claim_sms_batch', array['text', 'integer', 'double precision'], 'authenticated', array[]::text[],
  'authenticated cannot claim SMS');
select function_privs_are('booking', 'claim_sms_batch', array['text', 'integer', 'double precision'], 'service_role', array['EXECUTE'],
  'service_role can claim SMS');
select function_privs_are('booking', 'twilio_credentials', array['uuid', 'text'], 'authenticated', array[]::text[],
  'authenticated cannot read Twilio credentials');
select function_privs_are('booking', 'enqueue_sms', array['uuid', 'text', 'text', 'text', 'uuid', 'text', 'timestamp with time zone',
  'timestamp with time zone', 'timestamp with time zone', 'integer'],
  'service_role', array[]::text[], 'nobody but the owner enqueues directly (business functions do)');

-- SECURITY DEFINER functions: all with search_path = '' and a caller check.
select is(
  (select array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text)
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where p.prosecdef and n.nspname in ('public', 'booking')
      and p.proname ~ '(sms|twilio|integration_settings)'
      and not coalesce('search_path=""' = any(p.proconfig), false)),
  null, 'every SMS SECURITY DEFINER function pins search_path to ''''');
select ok(
  (select bool_and(pg_get_functiondef(p.oid) ~ 'booking\.assert_(org_access|org_role|service_role)\(')
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where p.prosecdef and n.nspname in ('public', 'booking')
      and p.proname ~ '(sms|twilio|integration_settings)'),
  'every SMS SECURITY DEFINER function checks its caller');
select is_definer('public', 'send_confirmation_sms', array['uuid', 'uuid', 'uuid', 'text'],
  'send_confirmation_sms is SECURITY DEFINER');

-- Comments on every SMS function, table and view.
select is(
  (select array_agg(p.oid::regprocedure::text)
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'booking')
      and p.proname ~ '(sms|twilio|integration_settings|public_base_url|local_time_text|decrypt_setting)'
      and obj_description(p.oid, 'pg_proc') is null),
  null, 'every SMS function has a COMMENT');
select is(
  (select array_agg(c.relname::text) from pg_class c
    where c.relnamespace = 'booking'::regnamespace
      and c.relname in ('integration_settings', 'sms_outbox', 'sms_opt_outs', 'sms_confirmation_logs')
      and obj_description(c.oid, 'pg_class') is null),
  null, 'every SMS table and view has a COMMENT');

-- What each role sees.
call tests.authenticate_as('Sec Clinic A');
select throws_ok('select twilio_auth_token_encrypted from booking.integration_settings', '42501', null,
  'authenticated: selecting the encrypted token is refused');
select throws_ok('select * from booking.integration_settings', '42501', null,
  'authenticated: select * on integration_settings is refused (it would include the token)');
select is((select array_agg(twilio_from_number) from booking.integration_settings), array['+14155550100'],
  'authenticated: reads only its own organization''s settings columns');
select is((select count(distinct org_id)::integer from booking.sms_outbox), 1, 'authenticated: sees only its own organization''s SMS');
select is((select count(*)::integer from booking.sms_confirmation_logs), 1,
  'authenticated: sms_confirmation_logs shows only its own organization');
select is((select count(*)::integer from booking.sms_confirmation_logs where org_id = tests.org_id('Sec Clinic B')), 0,
  'authenticated: another organization''s confirmations are invisible');
select throws_ok('select * from booking.claim_sms_batch(''w'', 1, 10)', '42501', null,
  'authenticated: cannot claim SMS');
select throws_ok(format('select * from booking.twilio_credentials(%L, %L)', tests.org_id('Sec Clinic A'), 'test-key'), '42501', null,
  'authenticated: cannot read Twilio credentials');
select throws_ok(format('select public.set_integration_settings(%L, %L)', tests.org_id('Sec Clinic A'), 'test-key'), '42501', null,
  'authenticated: cannot change integration settings');
call tests.clear_authentication();

call tests.authenticate_as_service_role();
select throws_ok('select twilio_auth_token_encrypted from booking.integration_settings', '42501', null,
  'service_role: selecting the encrypted token is refused');
select is((select count(*)::integer from booking.integration_settings), 2,
  'service_role: reads every organization''s settings columns');
select is((select count(*)::integer from booking.sms_confirmation_logs), 2,
  'service_role: reads every organization''s confirmations');
select throws_ok('insert into booking.sms_outbox (org_id, kind, recipient, body) values (gen_random_uuid(), ''otp'', ''+14155552671'', ''x'')',
  '42501', null, 'service_role: cannot insert into the outbox directly');
call tests.clear_authentication();

call tests.authenticate_as_anon();
select throws_ok('select * from booking.sms_outbox', '42501', null, 'anon: cannot read the outbox');
select throws_ok('select * from booking.sms_confirmation_logs', '42501', null, 'anon: cannot read sms_confirmation_logs');
select throws_ok('select hot_lead_alert_phone from booking.integration_settings', '42501', null,
  'anon: cannot read integration settings');
call tests.clear_authentication();

select * from finish();
rollback;
