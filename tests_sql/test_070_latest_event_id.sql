-- public.latest_event_id: where a live feed starts without Last-Event-ID.
-- Security properties, the value, and who may ask for which organization.
begin;
select plan(14);
-- Events are written at commit (deferred triggers); this test rolls back.
set constraints all immediate;

select is_definer('public', 'latest_event_id', array['uuid'], 'it is SECURITY DEFINER');
select volatility_is('public', 'latest_event_id', array['uuid'], 'stable', 'it is STABLE');
select function_privs_are('public', 'latest_event_id', array['uuid'], 'anon', array[]::text[],
  'anon cannot execute it');
select function_privs_are('public', 'latest_event_id', array['uuid'], 'authenticated', array['EXECUTE'],
  'authenticated can execute it');
select function_privs_are('public', 'latest_event_id', array['uuid'], 'service_role', array['EXECUTE'],
  'service_role can execute it');

call tests.create_org('Position Clinic');
call tests.create_org('Other Position Clinic');
select is(public.latest_event_id(tests.org_id('Position Clinic')), 0::bigint, '0 before the first event');
select is(public.book_appointment_atomic(tests.org_id('Position Clinic'), 'Pat Position', null, '+14155551201',
  'consultation', tests.local_noon(2), 30) ->> 'success', 'true', 'a booking (two events)');
select is(public.latest_event_id(tests.org_id('Position Clinic')),
  (select max(id) from booking.events where org_id = tests.org_id('Position Clinic')), 'the latest event id');

call tests.authenticate_as('Position Clinic');
select is(public.latest_event_id(tests.org_id('Position Clinic')), 2::bigint, 'a member reads their own organization''s position');
select throws_ok(format('select public.latest_event_id(%L)', tests.org_id('Other Position Clinic')), '42501', null,
  'a member cannot ask for another organization');
select throws_ok('select public.latest_event_id(null)', '42501', null, 'nor for none');

call tests.authenticate_as_anon();
select throws_ok(format('select public.latest_event_id(%L)', tests.org_id('Position Clinic')), '42501', null,
  'anon cannot ask');

call tests.authenticate_as_service_role();
select throws_ok('select public.latest_event_id(null)', '22023', null, 'service_role must name the organization');
select throws_ok(format('select public.latest_event_id(%L)', gen_random_uuid()), 'PT404', null,
  'an unknown organization is PT404 (REST: 404)');
call tests.clear_authentication();

select * from finish();
rollback;
