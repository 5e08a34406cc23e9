-- public.set_integration_settings: validation, the auth token stored
-- encrypted with a key from outside the database, decryption only with
-- that key, and the lookups the worker and the webhooks use.
begin;
select plan(23);

call tests.create_org('Settings Clinic');
call tests.create_org('Shared Number Clinic');
create function pg_temp.set(p_sid text, p_token text, p_from text, p_service text default null,
                            p_alert text default null, p_key text default 'key-one')
returns json language sql as $$
  select public.set_integration_settings(tests.org_id('Settings Clinic'), p_key, p_sid, p_token, p_from,
                                         p_service, p_alert, null);
$$;

select is(pg_temp.set('AC' || repeat('1', 32), 'secret-token', '+14155550100', null, '+1 415 555 0101') ->> 'success',
  'true', 'valid settings are stored');
select is((select twilio_from_number || '/' || hot_lead_alert_phone from booking.integration_settings
            where org_id = tests.org_id('Settings Clinic')), '+14155550100/+14155550101',
  'numbers are stored in E.164');
select ok((select position('secret-token'::bytea in twilio_auth_token_encrypted) = 0
             from booking.integration_settings where org_id = tests.org_id('Settings Clinic')),
  'the stored token does not contain the plain text');
select is((select auth_token from booking.twilio_credentials(tests.org_id('Settings Clinic'), 'key-one')), 'secret-token',
  'the right key decrypts it');
select throws_ok(format('select * from booking.twilio_credentials(%L, %L)', tests.org_id('Settings Clinic'), 'key-two'),
  'BKKEY', null, 'a wrong key raises BKKEY');
select throws_ok(format('select * from booking.twilio_credentials(%L, null)', tests.org_id('Settings Clinic')),
  'BKKEY', null, 'a missing key raises BKKEY');

select is(pg_temp.set('AC' || repeat('1', 32), null, '+14155550102') ->> 'success', 'true',
  'without a token, the same account keeps its stored token');
select is((select auth_token || '/' || from_number from booking.twilio_credentials(tests.org_id('Settings Clinic'), 'key-one')),
  'secret-token/+14155550102', 'kept token, new sender');
select throws_ok($$select pg_temp.set('AC' || repeat('1', 32), null, '+14155550102', p_key => 'key-two')$$, 'BKKEY', null,
  'keeping the token with another key raises BKKEY (no secrets under mixed keys)');
select is(pg_temp.set('AC' || repeat('2', 32), null, '+14155550102') ->> 'error', 'INVALID_AUTH_TOKEN',
  'a new account needs its token');
select is(pg_temp.set('AC123', 'token', '+14155550102') ->> 'error', 'INVALID_ACCOUNT_SID', 'account SID format');
select is(pg_temp.set('AC' || repeat('1', 32), 'token', null) ->> 'error', 'MISSING_SENDER', 'a sender is needed');
select is(pg_temp.set('AC' || repeat('1', 32), 'token', '555') ->> 'error', 'INVALID_FROM_NUMBER', 'sender number format');
select is(pg_temp.set('AC' || repeat('1', 32), 'token', null, 'MGxyz') ->> 'error', 'INVALID_MESSAGING_SERVICE_SID',
  'messaging service SID format');
select is(pg_temp.set('AC' || repeat('1', 32), 'token', '+14155550102', null, 'nope') ->> 'error', 'INVALID_ALERT_PHONE',
  'hot-lead alert phone format');
select is(public.set_integration_settings(gen_random_uuid(), 'key-one') ->> 'error', 'INVALID_ORGANIZATION',
  'unknown organization');

-- Webhook lookups.
do $$
begin
  perform pg_temp.set('AC' || repeat('1', 32), 'token-one', '+14155550100', 'MG' || repeat('9', 32));
  perform public.set_integration_settings(tests.org_id('Shared Number Clinic'), 'key-one',
    'AC' || repeat('1', 32), 'token-one', '+14155550100');
  perform booking.enqueue_sms(tests.org_id('Settings Clinic'), 'otp', '+14155552641', 'x');
  update booking.sms_outbox set provider = 'twilio', provider_message_id = 'SM' || repeat('f', 32), status = 'sent'
   where org_id = tests.org_id('Settings Clinic') and body = 'x';
end $$;
select is((select array_agg(org_id) from booking.twilio_webhook_credentials(null, 'AC' || repeat('1', 32),
            'SM' || repeat('f', 32), null, null, 'key-one')),
  array[tests.org_id('Settings Clinic')], 'a status callback: the organization that sent the message');
select is((select count(*)::integer from booking.twilio_webhook_credentials(null, 'AC' || repeat('1', 32),
            null, '+14155550100', null, 'key-one')), 2,
  'an inbound SMS to a shared number: every organization sending from it');
select is((select array_agg(org_id) from booking.twilio_webhook_credentials(null, 'AC' || repeat('1', 32),
            null, '+19999999999', 'MG' || repeat('9', 32), 'key-one')),
  array[tests.org_id('Settings Clinic')], 'an inbound SMS to a messaging service: its organization');
select is((select count(*)::integer from booking.twilio_webhook_credentials(null, 'AC' || repeat('3', 32),
            null, '+14155550100', null, 'key-one')), 0, 'another Twilio account matches nothing');
select is((select auth_token from booking.twilio_webhook_credentials(tests.org_id('Shared Number Clinic'),
            'AC' || repeat('1', 32), null, null, null, 'key-one')), 'token-one', 'an organization named in the URL');

-- Removing Twilio.
select is(public.set_integration_settings(tests.org_id('Settings Clinic'), null) ->> 'twilio_configured', 'false',
  'no account SID removes the Twilio settings (no key needed)');
select is((select count(*)::integer from booking.twilio_credentials(tests.org_id('Settings Clinic'), 'key-one')), 0,
  'the worker then finds no credentials');

select * from finish();
rollback;
