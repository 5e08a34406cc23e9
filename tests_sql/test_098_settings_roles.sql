-- The clinic's settings are its owners' and administrators' (booking.
-- assert_org_role): each settings function x each kind of caller. Allowed
-- callers get the function's answer for a calendar that does not exist or
-- a value it refuses (nothing changes); front desk, another clinic's owner,
-- a disabled member, a member known only by app_metadata.org_id and anon
-- get 42501, before anything about the organization is looked up.
begin;
select plan(73);

call tests.create_org('Settings Clinic');
call tests.create_org('Other Settings Clinic');
call tests.create_staff_account('owner@settings.example', 'Settings Clinic', 'owner');
call tests.create_staff_account('admin@settings.example', 'Settings Clinic', 'admin');
call tests.create_staff_account('desk@settings.example', 'Settings Clinic', 'front_desk');
call tests.create_staff_account('owner@other-settings.example', 'Other Settings Clinic', 'owner');
call tests.create_staff_account('gone@settings.example', 'Settings Clinic', 'admin');
update booking.memberships set disabled_at = now()
 where account_id = tests.account_id('gone@settings.example');

create function pg_temp.matrix() returns setof text language plpgsql as $$
declare
  v_org uuid := tests.org_id('Settings Clinic');
  c record;
  f record;
begin
  for c in select * from (values
      ('owner', 'owner@settings.example', true),
      ('admin', 'admin@settings.example', true),
      ('front desk', 'desk@settings.example', false),
      ('another clinic''s owner', 'owner@other-settings.example', false),
      ('a disabled admin', 'gone@settings.example', false),
      ('a member known only by app_metadata.org_id', null, false),
      ('anon', null, false)) as v(caller, email, allowed)
  loop
    for f in select * from (values
        ('create_calendar', format('select public.create_calendar(%L, %L, %L) ->> ''error''', v_org, 'cal-1', 'Again'), 'CALENDAR_EXISTS'),
        ('set_weekly_hours', format('select public.set_weekly_hours(%L, %L, %L) ->> ''error''', v_org, 'no-such', '{}'), 'CALENDAR_NOT_FOUND'),
        ('set_calendar_settings', format('select public.set_calendar_settings(%L, %L, %L) ->> ''error''', v_org, 'no-such', '{}'), 'CALENDAR_NOT_FOUND'),
        ('set_date_override', format('select public.set_date_override(%L, %L, %L, %L, %L) ->> ''error''', v_org, 'no-such', current_date + 3, '[]', null), 'CALENDAR_NOT_FOUND'),
        ('clear_date_override', format('select public.clear_date_override(%L, %L, %L) ->> ''error''', v_org, 'no-such', current_date + 3), 'CALENDAR_NOT_FOUND'),
        ('upsert_service_type', format('select public.upsert_service_type(%L, %L, %L, 30, null, true) ->> ''error''', v_org, 'no-such', 'checkup'), 'CALENDAR_NOT_FOUND'),
        ('set_reminder_offsets', format('select public.set_reminder_offsets(%L, %L) ->> ''error''', v_org, '{-5}'), 'INVALID_SETTINGS'),
        ('set_lead_scoring', format('select public.set_lead_scoring(%L, %L) ->> ''error''', v_org, '{"no_such_weight": 1}'), 'INVALID_SETTINGS'),
        ('set_sms_limits', format('select public.set_sms_limits(%L, %L, 0) ->> ''error''', v_org, '{}'), 'INVALID_CALLING_CODES'),
        ('set_voice_agent', format('select public.set_voice_agent(%L, %L, null, null) ->> ''error''', v_org, 'short'), 'WEAK_SECRET'))
      as v(name, call, answer)
    loop
      if c.caller = 'anon' then
        call tests.authenticate_as_anon();
      elsif c.email is null then
        call tests.authenticate_as('Settings Clinic');
      else
        call tests.authenticate_as_account(c.email);
      end if;
      if c.allowed then
        return next results_eq(f.call, format('values (%L)', f.answer), format('%s may call %s', c.caller, f.name));
      else
        return next throws_ok(f.call, '42501', null, format('%s may not call %s', c.caller, f.name));
      end if;
      call tests.clear_authentication();
    end loop;
  end loop;
end $$;
select * from pg_temp.matrix();

-- service_role (the service, onboarding) keeps every settings function.
call tests.authenticate_as_service_role();
select results_eq(format('select public.set_weekly_hours(%L, %L, %L) ->> ''error''',
    tests.org_id('Settings Clinic'), 'no-such', '{}'),
  $$ values ('CALENDAR_NOT_FOUND') $$, 'service_role may change settings');
call tests.clear_authentication();

-- An admin's change takes effect.
call tests.authenticate_as_account('admin@settings.example');
select is((public.set_reminder_offsets(tests.org_id('Settings Clinic'), '{1440}') ->> 'success'), 'true',
  'an admin sets the reminder offsets');
call tests.clear_authentication();

-- Names of settings functions an owner/admin may call: exactly these (the matrix above).
select results_eq($$ select p.proname::text collate "C" from pg_proc p
     join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.prokind = 'f'
      and pg_get_functiondef(p.oid) ~ 'booking\.(assert_org_role|admin_calendar)\('
    order by 1 $$,
  $$ select unnest(array['add_voice_credential', 'clear_date_override', 'clinic_settings', 'create_calendar',
            'revoke_voice_credential', 'send_test_sms', 'set_calendar_settings', 'set_caller_id_policy',
            'set_clinic_profile', 'set_date_override', 'set_integration_settings', 'set_lead_scoring',
            'set_reminder_offsets', 'set_sms_limits', 'set_voice_agent', 'set_waitlist_settings',
            'set_weekly_hours', 'upsert_service_type']) collate "C" $$,
  'the settings functions are the ones the matrix covers (and set_integration_settings: test_057; set_clinic_profile: test_103; set_caller_id_policy: test_107; add_voice_credential, revoke_voice_credential: test_110; clinic_settings, send_test_sms: test_105; set_waitlist_settings: test_125)');

select * from finish();
rollback;
