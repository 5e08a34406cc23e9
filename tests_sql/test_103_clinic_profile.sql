-- The clinic profile (issue 22): public.set_clinic_profile's validation
-- codes, who may set it (owner/admin yes, front desk and other clinics
-- 42501) and read it (any member), the phone shown to patients, the time
-- zone's name and the clock patients read, from the phone region unless
-- set; upsert_service_type's display name; public.create_clinic, the
-- onboarding of a clinic and its first owner (idempotent).
begin;
select plan(64);

call tests.create_org('Profile Clinic');
call tests.create_org('Other Profile Clinic', 'Europe/London', 'GB');
call tests.create_staff_account('owner@profile.example', 'Profile Clinic', 'owner');
call tests.create_staff_account('admin@profile.example', 'Profile Clinic', 'admin');
call tests.create_staff_account('desk@profile.example', 'Profile Clinic', 'front_desk');
call tests.create_staff_account('owner@other-profile.example', 'Other Profile Clinic', 'owner');

create function pg_temp.set_profile(
  p_name text default 'Profile Clinic', p_phone text default '(415) 555-0100',
  p_address text default '12 Main St', p_timezone text default 'America/New_York',
  p_region text default 'US', p_time_format text default null)
returns jsonb language sql as $$
  select public.set_clinic_profile(tests.org_id('Profile Clinic'), p_name, p_phone, p_address,
                                   p_timezone, p_region, p_time_format)::jsonb;
$$;

-- Validation, as service_role.
call tests.authenticate_as_service_role();
select is(pg_temp.set_profile(p_name => '  ') ->> 'error', 'INVALID_NAME', 'a blank name is refused');
select is(pg_temp.set_profile(p_name => repeat('x', 201)) ->> 'error', 'INVALID_NAME', 'a 201-character name is refused');
select is(pg_temp.set_profile(p_phone => '555') ->> 'error', 'INVALID_PHONE', 'a number too short is refused');
select is(pg_temp.set_profile(p_phone => '+1 900 555 0100') ->> 'error', 'INVALID_PHONE', 'a premium-rate number is refused');
select is(pg_temp.set_profile(p_phone => 'call 415-555-0100') ->> 'error', 'INVALID_PHONE', 'letters are refused');
select is(pg_temp.set_profile(p_timezone => 'Mars/Olympus') ->> 'error', 'INVALID_TIMEZONE', 'an unknown zone is refused');
select is(pg_temp.set_profile(p_timezone => null) ->> 'error', 'INVALID_TIMEZONE', 'a zone is required');
select is(pg_temp.set_profile(p_region => 'XX') ->> 'error', 'INVALID_REGION', 'an unknown region is refused');
select is(pg_temp.set_profile(p_region => null) ->> 'error', 'INVALID_REGION', 'a region is required');
select is(pg_temp.set_profile(p_time_format => '25h') ->> 'error', 'INVALID_TIME_FORMAT', 'a clock other than 12h/24h is refused');
select is(pg_temp.set_profile(p_address => repeat('x', 301)) ->> 'error', 'INVALID_ADDRESS', 'a 301-character address is refused');
select is((select row(name, contact_phone, address) from booking.organizations where name = 'Profile Clinic'),
  row('Profile Clinic'::text, null::text, null::text), 'a refused profile changes nothing');

-- A valid profile, normalised.
select is(pg_temp.set_profile(p_name => ' Profile   Clinic ', p_address => E'  12 Main St\n Springfield, IL  ', p_time_format => ' 24H '),
  jsonb_build_object('success', true, 'org_id', tests.org_id('Profile Clinic'), 'name', 'Profile Clinic',
    'contact_phone', '+14155550100', 'contact_phone_display', '(415) 555-0100',
    'address', '12 Main St, Springfield, IL', 'timezone', 'America/New_York', 'timezone_name', 'Eastern Time',
    'phone_region', 'US', 'time_format', '24h', 'effective_time_format', '24h'),
  'the answer is the profile: phone in E.164 and as patients read it, address on one line, the zone named');
select is(public.clinic_profile(tests.org_id('Profile Clinic'))::jsonb,
  pg_temp.set_profile(p_name => 'Profile Clinic', p_address => '12 Main St, Springfield, IL', p_time_format => '24h'),
  'clinic_profile reads what set_clinic_profile answered');
select is(pg_temp.set_profile(p_phone => ' ', p_address => '', p_time_format => '') - 'org_id' - 'name' - 'timezone' - 'timezone_name' - 'phone_region',
  jsonb_build_object('success', true, 'contact_phone', null, 'contact_phone_display', null, 'address', null,
                     'time_format', null, 'effective_time_format', '12h'),
  'blank phone, address and clock clear them: the clock follows the region');
select is(pg_temp.set_profile(p_phone => '+44 20 7946 0018') ->> 'contact_phone_display', '+44 20 7946 0018',
  'a number of another plan reads in international format');
select is(pg_temp.set_profile(p_phone => '416 555 0100') ->> 'contact_phone_display', '(416) 555-0100',
  'a Canadian number of a US clinic reads in the national format');
select is(pg_temp.set_profile(p_phone => '020 7946 0018', p_region => 'GB', p_timezone => 'Europe/London')
            - 'org_id' - 'name' - 'address' - 'time_format',
  jsonb_build_object('success', true, 'contact_phone', '+442079460018', 'contact_phone_display', '020 7946 0018',
    'timezone', 'Europe/London', 'timezone_name', 'UK Time', 'phone_region', 'GB', 'effective_time_format', '24h'),
  'a GB clinic: its number read in GB and written in the national format, 24-hour clock');
select is(pg_temp.set_profile(p_timezone => 'America/Bogota') ->> 'timezone_name', 'America/Bogota',
  'a zone without a common name is named by its id');
call tests.clear_authentication();

-- The clock from the region, unless set.
select is(booking.effective_time_format(null, 'US'), '12h', 'US: 12-hour');
select is(booking.effective_time_format(null, 'CA'), '12h', 'CA: 12-hour');
select is(booking.effective_time_format(null, 'AU'), '12h', 'AU: 12-hour');
select is(booking.effective_time_format(null, 'GB'), '24h', 'GB: 24-hour');
select is(booking.effective_time_format(null, 'DE'), '24h', 'DE: 24-hour');
select is(booking.effective_time_format('24h', 'US'), '24h', 'a US clinic may choose 24-hour');
select is(booking.effective_time_format('12h', 'FR'), '12h', 'a French clinic may choose 12-hour');

-- Who may set it: owners and admins; front desk and other clinics 42501.
call tests.authenticate_as_account('owner@profile.example');
select is(pg_temp.set_profile() ->> 'success', 'true', 'an owner sets the profile');
select is(public.clinic_profile(tests.org_id('Profile Clinic')) ->> 'contact_phone', '+14155550100', 'an owner reads it');
call tests.authenticate_as_account('admin@profile.example');
select is(pg_temp.set_profile(p_address => '14 Main St') ->> 'address', '14 Main St', 'an admin sets the profile');
call tests.authenticate_as_account('desk@profile.example');
select throws_ok($$ select pg_temp.set_profile() $$, '42501', null, 'front desk may not set the profile');
select is(public.clinic_profile(tests.org_id('Profile Clinic')) ->> 'address', '14 Main St', 'front desk reads it');
call tests.authenticate_as_account('owner@other-profile.example');
select throws_ok($$ select pg_temp.set_profile() $$, '42501', null, 'another clinic''s owner may not set it');
select throws_ok(format('select public.clinic_profile(%L)', tests.org_id('Profile Clinic')), '42501', null,
  'another clinic''s owner may not read it');
call tests.authenticate_as('Profile Clinic');
select throws_ok($$ select pg_temp.set_profile() $$, '42501', null,
  'a member known only by app_metadata.org_id may not set it');
select is(public.clinic_profile(tests.org_id('Profile Clinic')) ->> 'name', 'Profile Clinic',
  'a member known only by app_metadata.org_id reads it');
call tests.authenticate_as_anon();
select throws_ok(format('select public.clinic_profile(%L)', tests.org_id('Profile Clinic')), '42501', null,
  'anon may not read it');
select throws_ok($$ select pg_temp.set_profile() $$, '42501', null, 'anon may not set it');
call tests.authenticate_as_service_role();
select is(public.clinic_profile(gen_random_uuid()) ->> 'error', 'INVALID_ORGANIZATION', 'service_role: an unknown clinic');
call tests.clear_authentication();

select function_privs_are('public', 'set_clinic_profile', array['uuid', 'text', 'text', 'text', 'text', 'text', 'text'],
  'authenticated', array['EXECUTE'], 'members may call set_clinic_profile (it checks their role)');
select function_privs_are('public', 'clinic_profile', array['uuid'], 'anon', array[]::text[], 'anon may not call clinic_profile');

-- A service's display name: NULL keeps it, blank clears it, old calls still work.
call tests.authenticate_as_account('admin@profile.example');
select is(public.upsert_service_type(tests.org_id('Profile Clinic'), 'cal-1', 'cleaning', 30, 0, true,
                                     '  Teeth   cleaning ') ->> 'display_name', 'Teeth cleaning',
  'a service gets the name patients read');
select is(public.upsert_service_type(tests.org_id('Profile Clinic'), 'cal-1', 'cleaning', 45) ->> 'display_name',
  'Teeth cleaning', 'a call without a display name (the old signature''s) keeps it');
select is(public.upsert_service_type(tests.org_id('Profile Clinic'), 'cal-1', 'cleaning', 45, 0, true, '') ->> 'display_name',
  'cleaning', 'a blank display name goes back to the service type');
select is(public.upsert_service_type(tests.org_id('Profile Clinic'), 'cal-1', 'cleaning', 45, 0, true, repeat('x', 101)) ->> 'error',
  'INVALID_DISPLAY_NAME', 'a 101-character display name is refused');
call tests.authenticate_as_account('desk@profile.example');
select throws_ok(format('select public.upsert_service_type(%L, %L, %L, 30, 0, true, %L)',
                        tests.org_id('Profile Clinic'), 'cal-1', 'cleaning', 'Cleaning'), '42501', null,
  'front desk may not name a service');
call tests.clear_authentication();
select is((select display_name from booking.service_types where org_id = tests.org_id('Profile Clinic')), null::text,
  'the refused change left the service as it was');

-- Onboarding: public.create_clinic (service_role only), idempotent.
create temp table onboard (run text primary key, r jsonb);
grant all on onboard to public;
call tests.authenticate_as_service_role();
insert into onboard values ('first', public.create_clinic('Onboard Clinic', 'America/Chicago', 'us', '312 555 0100',
                                                          'Owner@Onboard.example'));
insert into onboard values ('again', public.create_clinic(' onboard   clinic ', 'America/Chicago', 'US', '312 555 0100',
                                                          'owner@onboard.example'));
insert into onboard values ('other', public.create_clinic('Onboard Clinic', 'America/Chicago', 'US', null, 'other@onboard.example'));
insert into onboard values ('bad zone', public.create_clinic('Bad Clinic', 'Mars/Olympus', 'US', null, 'o@bad.example'));
insert into onboard values ('bad phone', public.create_clinic('Bad Clinic', 'America/Chicago', 'US', '+1 900 555 0100', 'o@bad.example'));
insert into onboard values ('region from phone', public.create_clinic('Phone Region Clinic', 'Europe/London', null,
                                                                      '+44 20 7946 0018', 'o@gb.example'));
insert into onboard values ('no region', public.create_clinic('No Region Clinic', 'Europe/London', null, '020 7946 0018', 'o@gb.example'));
insert into onboard values ('bad region', public.create_clinic('Bad Region Clinic', 'Europe/London', 'XX', '+44 20 7946 0018', 'o@gb.example'));
insert into onboard values ('bad email', public.create_clinic('Bad Clinic', 'America/Chicago', 'US', null, 'not an email'));
call tests.clear_authentication();
select is((select r - 'org_id' - 'invitation_token' - 'expires_at' from onboard where run = 'first'),
  jsonb_build_object('success', true, 'created', true, 'name', 'Onboard Clinic', 'owner_email', 'owner@onboard.example',
                     'owner_joined', false),
  'a clinic is created with its owner''s invitation');
select matches((select r ->> 'invitation_token' from onboard where run = 'first'), '^[A-Za-z0-9_-]{32,}$',
  'the answer carries the invitation token');
select is((select row(contact_phone, timezone, phone_region, name) from booking.organizations
            where org_id = (select (r ->> 'org_id')::uuid from onboard where run = 'first')),
  row('+13125550100'::text, 'America/Chicago'::text, 'US'::text, 'Onboard Clinic'::text),
  'with its profile: the phone read in its region');
select is((select array[r ->> 'created', r ->> 'owner_joined', r ->> 'org_id'] from onboard where run = 'again'),
  (select array['false', 'false', r ->> 'org_id'] from onboard where run = 'first'),
  'the same name (case and spaces aside) and owner: the same clinic, nothing created');
select isnt((select r ->> 'invitation_token' from onboard where run = 'again'),
  (select r ->> 'invitation_token' from onboard where run = 'first'), 'a fresh invitation');
select is((select count(*)::integer from booking.organizations where lower(name) = 'onboard clinic'), 2,
  'no duplicate clinic (two: one per owner)');
select is((select count(*)::integer from booking.staff_invitations
            where org_id = (select (r ->> 'org_id')::uuid from onboard where run = 'first')
              and accepted_at is null and revoked_at is null), 1, 'one live invitation: the earlier one is revoked');
select is((select r ->> 'created' from onboard where run = 'other'), 'true',
  'the same name with another owner is another clinic');
select is((select r ->> 'error' from onboard where run = 'bad zone'), 'INVALID_TIMEZONE', 'a bad zone is refused');
select is((select r ->> 'error' from onboard where run = 'bad phone'), 'INVALID_PHONE', 'a premium-rate phone is refused');
select is((select r ->> 'error' from onboard where run = 'bad email'), 'INVALID_EMAIL', 'a bad email is refused');
select is((select phone_region from booking.organizations
            where org_id = (select (r ->> 'org_id')::uuid from onboard where run = 'region from phone')), 'GB',
  'without a region, a number written with +44 makes the clinic GB');
select is((select r ->> 'error' from onboard where run = 'no region'), 'INVALID_PHONE',
  'without a region or a calling code the number is read as a US one');
select is((select r ->> 'error' from onboard where run = 'bad region'), 'INVALID_REGION', 'an unknown region is refused');
select is((select count(*)::integer from booking.organizations where name = 'Bad Clinic'), 0, 'and nothing is created');
call tests.authenticate_as_anon();
select is(public.accept_staff_invitation((select r ->> 'invitation_token' from onboard where run = 'again'),
                                         'correct horse battery staple') ->> 'success', 'true', 'the owner accepts');
call tests.authenticate_as_service_role();
insert into onboard values ('joined', public.create_clinic('Onboard Clinic', 'America/Chicago', 'US', null, 'owner@onboard.example'));
call tests.clear_authentication();
select is((select r - 'org_id' - 'name' - 'owner_email' from onboard where run = 'joined'),
  jsonb_build_object('success', true, 'created', false, 'owner_joined', true, 'invitation_token', null, 'expires_at', null),
  'once the owner has joined: no invitation, they sign in');
call tests.authenticate_as_account('owner@profile.example');
select throws_ok($$ select public.create_clinic('Mine', 'America/Chicago', 'US', null, 'x@y.example') $$, '42501', null,
  'a clinic''s owner may not create clinics');
call tests.clear_authentication();

select * from finish();
rollback;
