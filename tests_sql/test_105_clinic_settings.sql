-- public.clinic_settings: what the settings pages read, an owner's or
-- admin's (front desk, other clinics, anon: 42501), never a secret; and
-- public.send_test_sms: a test message through the outbox, the destination
-- rules of a patient's SMS, at most 5 per clinic in an hour.
begin;
select plan(32);

call tests.create_org('Configured Clinic');
call tests.create_org('Elsewhere Clinic');
call tests.create_staff_account('owner@configured.example', 'Configured Clinic', 'owner');
call tests.create_staff_account('admin@configured.example', 'Configured Clinic', 'admin');
call tests.create_staff_account('desk@configured.example', 'Configured Clinic', 'front_desk');
call tests.create_staff_account('owner@elsewhere.example', 'Elsewhere Clinic', 'owner');

-- Some settings to read back (as the service, onboarding).
call tests.authenticate_as_service_role();
do $$ begin
  perform public.create_calendar(tests.org_id('Configured Clinic'), 'room-2', 'Room 2');
  perform public.set_weekly_hours(tests.org_id('Configured Clinic'), 'room-2',
  '{"mon": [["13:00","17:00"],["08:30","12:00"]], "sat": [["10:00","24:00"]]}');
  perform public.set_date_override(tests.org_id('Configured Clinic'), 'room-2', current_date + 10, '[]', 'Holiday');
  perform public.set_date_override(tests.org_id('Configured Clinic'), 'room-2', current_date + 11, '[["10:00","12:00"]]', null);
  perform public.set_date_override(tests.org_id('Configured Clinic'), 'room-2', current_date - 10, '[]', 'Long ago');
  perform public.upsert_service_type(tests.org_id('Configured Clinic'), 'room-2', 'cleaning', 45, 8000);
  perform public.set_integration_settings(tests.org_id('Configured Clinic'), 'key-one',
  'AC' || repeat('a', 28) || '1234', 'the-auth-token-itself', '+14155550188', null, '+14155550101', null);
  perform public.set_voice_agent(tests.org_id('Configured Clinic'), repeat('v', 40), 'asst-1', null);
end $$;
call tests.clear_authentication();

call tests.authenticate_as_account('admin@configured.example');
create temp table read as select public.clinic_settings(tests.org_id('Configured Clinic'))::jsonb as r;
call tests.clear_authentication();

select is((select r ->> 'name' from read), 'Configured Clinic', 'an admin reads the settings');
select is((select r ->> 'timezone' from read), 'America/New_York', 'the time zone');
select is((select jsonb_array_length(r -> 'calendars') from read), 2, 'both calendars');
select is((select r -> 'calendars' -> 0 ->> 'calendar_id' from read), 'cal-1', 'the default one first');
create temp table room as select c as cal from read, jsonb_array_elements(r -> 'calendars') c
  where c ->> 'calendar_id' = 'room-2';
select is((select cal ->> 'name' from room), 'Room 2', 'its name');
select is((select cal -> 'weekly_hours' from room),
  '{"mon": [["08:30","12:00"],["13:00","17:00"]], "sat": [["10:00","24:00"]]}'::jsonb,
  'weekly hours in the shape set_weekly_hours takes, in order, closed days absent, 24:00 kept');
select is((select cal -> 'date_overrides' from room),
  jsonb_build_array(
    jsonb_build_object('date', current_date + 10, 'note', 'Holiday', 'hours', '[]'::jsonb),
    jsonb_build_object('date', current_date + 11, 'note', null, 'hours', '[["10:00","12:00"]]'::jsonb)),
  'date overrides from today on: a closed day and special hours');
select is((select cal -> 'service_types' -> 0 ->> 'value_cents' from room), '8000', 'the service''s price');
select is((select cal -> 'service_types' -> 0 ->> 'display_name' from room), 'cleaning',
  'a service without a display name reads as its name');
select is((select cal ->> 'min_notice_minutes' from room), '60', 'the notice period');
select ok((select r -> 'timezones' @> '[{"timezone": "America/New_York", "name": "Eastern Time"}]'::jsonb
                  and r -> 'timezones' @> '[{"timezone": "Asia/Tokyo"}]'::jsonb
                  and not r -> 'timezones' @> '[{"timezone": "posix/Asia/Tokyo"}]'::jsonb from read),
  'the zones to choose from, with the names people say');
select is((select r -> 'sms' ->> 'twilio_configured' from read), 'true', 'Twilio is set');
select is((select r -> 'sms' ->> 'account_sid_last4' from read), '1234', 'the SID''s last 4 only');
select is((select r -> 'sms' ->> 'from_number_last4' from read), '0188', 'the sender''s last 4 only');
select ok((select r::text not like '%the-auth-token-itself%' and r::text not like '%' || repeat('a', 28) || '%'
             and r::text not like '%+14155550188%' from read), 'no secret, no full SID or sender');
select is((select r -> 'sms' ->> 'hot_lead_alert_phone' from read), '(415) 555-0101', 'the alert phone as the clinic reads it');
select is((select r -> 'voice_agent' ->> 'configured' from read), 'true', 'a voice-agent secret is set');
select ok((select r -> 'voice_agent' ->> 'secret_sha256' is null and r::text not like '%' || repeat('v', 40) || '%' from read),
  'its digest is not answered');

-- Who may read.
call tests.authenticate_as_account('owner@configured.example');
select is(public.clinic_settings(tests.org_id('Configured Clinic')) ->> 'success', 'true', 'an owner reads them');
call tests.clear_authentication();
call tests.authenticate_as_account('desk@configured.example');
select throws_ok(format('select public.clinic_settings(%L)', tests.org_id('Configured Clinic')), '42501', null,
  'front desk may not');
call tests.clear_authentication();
call tests.authenticate_as_account('desk@configured.example');
select throws_ok(format('select public.send_test_sms(%L, %L)', tests.org_id('Configured Clinic'), '+14155550123'),
  '42501', null, 'front desk may not send a test SMS');
call tests.clear_authentication();
call tests.authenticate_as_account('owner@elsewhere.example');
select throws_ok(format('select public.clinic_settings(%L)', tests.org_id('Configured Clinic')), '42501', null,
  'another clinic''s owner may not');
select throws_ok(format('select public.send_test_sms(%L, %L)', tests.org_id('Configured Clinic'), '+14155550123'),
  '42501', null, 'nor send its test SMS');
call tests.clear_authentication();
call tests.authenticate_as_anon();
select throws_ok(format('select public.clinic_settings(%L)', tests.org_id('Configured Clinic')), '42501', null,
  'anon may not');
call tests.clear_authentication();

-- The test SMS.
call tests.authenticate_as_account('owner@configured.example');
create temp table sent as select public.send_test_sms(tests.org_id('Configured Clinic'), '(415) 555-0123')::jsonb as r;
create temp table refused as select
  public.send_test_sms(tests.org_id('Configured Clinic'), '+19005550123') ->> 'error' as premium,
  public.send_test_sms(tests.org_id('Configured Clinic'), '+33612345678') ->> 'error' as abroad,
  public.send_test_sms(tests.org_id('Configured Clinic'), 'call me') ->> 'error' as garbled;
create temp table again as select n, public.send_test_sms(tests.org_id('Configured Clinic'), '+14155550123') ->> 'error' as error
  from generate_series(1, 6) n;
call tests.clear_authentication();
call tests.authenticate_as_account('owner@elsewhere.example');
create temp table other as select public.send_test_sms(tests.org_id('Elsewhere Clinic'), '+14155550123') ->> 'success' as ok;
call tests.clear_authentication();

select is((select kind || ' ' || recipient || ' ' || status from booking.sms_outbox
            where id = (select (r ->> 'sms_message_id')::uuid from sent)),
  'test_sms +14155550123 pending', 'a test SMS is in the outbox, due, the number read in the clinic''s region');
select ok((select body like 'Test message from Configured Clinic%' from booking.sms_outbox
            where id = (select (r ->> 'sms_message_id')::uuid from sent)), 'naming the clinic');
select is((select premium from refused), 'PHONE_NOT_ALLOWED', 'a premium-rate number is refused');
select is((select abroad from refused), 'PHONE_NOT_ALLOWED', 'a country the clinic does not text is refused');
select is((select garbled from refused), 'INVALID_PHONE', 'not a number');
select is((select array_agg(n order by n) from again where error = 'TEST_SMS_RATE_LIMITED'), array[5, 6],
  'the sixth and seventh test SMS of the hour are refused');
select is((select count(*) from booking.sms_outbox
            where org_id = tests.org_id('Configured Clinic') and kind = 'test_sms')::int, 5,
  'and nothing is queued for them');
select is((select ok from other), 'true', 'another clinic has its own limit');

select * from finish();
rollback;
