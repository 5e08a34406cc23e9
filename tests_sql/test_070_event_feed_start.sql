-- public.event_feed_start: where a live feed stream starts (without or with
-- Last-Event-ID). Security properties, the value, and who may ask for which
-- organization.
begin;
select plan(19);

select is_definer('public', 'event_feed_start', array['uuid', 'text'], 'it is SECURITY DEFINER');
select volatility_is('public', 'event_feed_start', array['uuid', 'text'], 'stable', 'it is STABLE');
select function_privs_are('public', 'event_feed_start', array['uuid', 'text'], 'anon', array[]::text[],
  'anon cannot execute it');
select function_privs_are('public', 'event_feed_start', array['uuid', 'text'], 'authenticated', array['EXECUTE'],
  'authenticated can execute it');
select function_privs_are('public', 'event_feed_start', array['uuid', 'text'], 'service_role', array['EXECUTE'],
  'service_role can execute it');

call tests.create_org('Position Clinic');
call tests.create_org('Other Position Clinic');
select is(public.event_feed_start(tests.org_id('Position Clinic')), '0-0', '0-0 before the first event');
select is(public.book_appointment_atomic(tests.org_id('Position Clinic'), 'Pat Position', null, '+14155551201',
  'consultation', tests.local_noon(2), 30) ->> 'success', 'true', 'a booking (two events)');
select is(public.event_feed_start(tests.org_id('Position Clinic')),
  (select booking.event_cursor(txid, seq) from booking.events where org_id = tests.org_id('Position Clinic')
    order by txid desc, seq desc limit 1), 'the cursor of the latest event');
select is(public.event_feed_start(tests.org_id('Position Clinic'), pg_current_xact_id() || '-1'),
  pg_current_xact_id() || '-1', 'a Last-Event-ID it has reached is where the stream resumes');
select is(public.event_feed_start(tests.org_id('Position Clinic'), '0'), '0-0',
  'a whole number (an id from before cursors) reads as 0-N');
select is(public.event_feed_start(tests.org_id('Position Clinic'), '999999999999-1'),
  pg_current_xact_id() || '-2', 'a Last-Event-ID beyond the latest event starts at the latest');
select throws_ok(format('select public.event_feed_start(%L, %L)', tests.org_id('Position Clinic'), '1-2-3'), '22P02', null,
  'a malformed Last-Event-ID is 22P02');
select throws_ok(format('select public.event_feed_start(%L, %L)', tests.org_id('Position Clinic'), '-1'), '22P02', null,
  'so is a negative one');

call tests.authenticate_as('Position Clinic');
select is(public.event_feed_start(tests.org_id('Position Clinic')), pg_current_xact_id() || '-2',
  'a member reads their own organization''s position');
select throws_ok(format('select public.event_feed_start(%L)', tests.org_id('Other Position Clinic')), '42501', null,
  'a member cannot ask for another organization');
select throws_ok('select public.event_feed_start(null)', '42501', null, 'nor for none');

call tests.authenticate_as_anon();
select throws_ok(format('select public.event_feed_start(%L)', tests.org_id('Position Clinic')), '42501', null,
  'anon cannot ask');

call tests.authenticate_as_service_role();
select throws_ok('select public.event_feed_start(null)', '22023', null, 'service_role must name the organization');
select throws_ok(format('select public.event_feed_start(%L)', gen_random_uuid()), 'PT404', null,
  'an unknown organization is PT404 (REST: 404)');
call tests.clear_authentication();

select * from finish();
rollback;
