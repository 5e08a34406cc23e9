-- Members act where their memberships say (booking.member_org_ids): an
-- account's JWT (its sub) opens the API and the rows of the clinics it is
-- an active member of and no other, whatever its app_metadata claims;
-- disabling the membership or the account closes them on the next
-- statement. An identity the membership table does not know keeps acting
-- for its JWT's app_metadata.org_id (an issuer managing membership itself).
begin;
select plan(16);

call tests.create_org('Member Clinic A');
call tests.create_org('Member Clinic B');
call tests.create_staff_account('desk@member.example', 'Member Clinic A', 'front_desk');

create function pg_temp.as_account_claiming(p_email text, p_claimed_org text) returns void
language plpgsql as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', jsonb_build_object(
            'role', 'authenticated', 'sub', tests.account_id(p_email),
            'app_metadata', jsonb_build_object('org_id', tests.org_id(p_claimed_org)))::text, true);
  perform set_config('role', 'authenticated', true);
end $$;

-- An account by its sub alone.
call tests.authenticate_as_account('desk@member.example');
select lives_ok(format('select public.dashboard_overview(%L)', tests.org_id('Member Clinic A')),
  'an active member''s JWT opens its clinic');
select throws_ok(format('select public.dashboard_overview(%L)', tests.org_id('Member Clinic B')),
  '42501', null, 'and no other');
select is((select count(*) from booking.calendars where org_id = tests.org_id('Member Clinic A'))::int, 1,
  'RLS shows its clinic''s rows');
select is((select count(*) from booking.calendars where org_id = tests.org_id('Member Clinic B'))::int, 0,
  'and none of another clinic');
call tests.clear_authentication();

-- A known account's app_metadata claims nothing the memberships do not say.
select pg_temp.as_account_claiming('desk@member.example', 'Member Clinic B');
select throws_ok(format('select public.dashboard_overview(%L)', tests.org_id('Member Clinic B')),
  '42501', null, 'app_metadata naming another clinic opens nothing for a known account');
select is((select count(*) from booking.calendars where org_id = tests.org_id('Member Clinic B'))::int, 0,
  'nor its rows');
call tests.clear_authentication();

-- Disabling the membership closes the clinic at once, the token unchanged.
update booking.memberships set disabled_at = now()
 where account_id = tests.account_id('desk@member.example');
call tests.authenticate_as_account('desk@member.example');
select throws_ok(format('select public.dashboard_overview(%L)', tests.org_id('Member Clinic A')),
  '42501', null, 'a disabled membership opens nothing');
select is((select count(*) from booking.calendars)::int, 0, 'and shows no rows');
call tests.clear_authentication();
update booking.memberships set disabled_at = null
 where account_id = tests.account_id('desk@member.example');
update booking.staff_accounts set disabled_at = now() where email = 'desk@member.example';
call tests.authenticate_as_account('desk@member.example');
select throws_ok(format('select public.dashboard_overview(%L)', tests.org_id('Member Clinic A')),
  '42501', null, 'nor a disabled account');
call tests.clear_authentication();

-- An identity the membership table does not know: its JWT's app_metadata.
call tests.authenticate_as('Member Clinic B');
select lives_ok(format('select public.dashboard_overview(%L)', tests.org_id('Member Clinic B')),
  'an unknown identity acts for its app_metadata.org_id');
select throws_ok(format('select public.dashboard_overview(%L)', tests.org_id('Member Clinic A')),
  '42501', null, 'and for no other');
call tests.clear_authentication();

call tests.authenticate_as_anon();
select throws_ok(format('select public.dashboard_overview(%L)', tests.org_id('Member Clinic A')),
  '42501', null, 'anon: nothing');
select throws_ok('select public.my_memberships()', '42501', null, 'anon has no memberships to list');
call tests.clear_authentication();

-- public.my_memberships: the caller's own active memberships.
update booking.staff_accounts set disabled_at = null where email = 'desk@member.example';
call tests.authenticate_as_account('desk@member.example');
select is((public.my_memberships() -> 'memberships' -> 0 ->> 'org_id')::uuid, tests.org_id('Member Clinic A'),
  'an account lists its clinic');
select is(json_array_length(public.my_memberships() -> 'memberships'), 1, 'and only its own');
call tests.clear_authentication();
call tests.authenticate_as_service_role();
select throws_ok('select public.my_memberships()', '42501', null, 'service_role has no memberships');
call tests.clear_authentication();

select * from finish();
rollback;
