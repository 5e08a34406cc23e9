-- Multi-tenant isolation: anon, authenticated of A, authenticated of B and
-- service_role, reading and writing every table and calling every function.
begin;
select plan(139);

call tests.create_org('Tenant A');
call tests.create_org('Tenant B');
select is(public.book_appointment_atomic(tests.org_id('Tenant A'), 'Alice A', null, '+14155550201',
  'consultation', tests.local_noon(2), 60) ->> 'success', 'true', 'A has a booking');
select is(public.book_appointment_atomic(tests.org_id('Tenant B'), 'Bob B', null, '+14155550202',
  'consultation', tests.local_noon(2), 60) ->> 'success', 'true', 'B has a booking at the same time');

select is(public.set_date_override(tests.org_id('Tenant A'), null, current_date + 30) ->> 'success', 'true', 'A has a date override');
select is(public.set_date_override(tests.org_id('Tenant B'), null, current_date + 30) ->> 'success', 'true', 'B has a date override');
select is(public.set_date_override(tests.org_id('Tenant A'), null, current_date + 31, '[["10:00", "11:00"]]') ->> 'success', 'true', 'A has special hours');
select is(public.set_date_override(tests.org_id('Tenant B'), null, current_date + 31, '[["10:00", "11:00"]]') ->> 'success', 'true', 'B has special hours');
select is(public.upsert_service_type(tests.org_id('Tenant A'), null, 'consultation', 30) ->> 'success', 'true', 'A has a service type');
select is(public.upsert_service_type(tests.org_id('Tenant B'), null, 'consultation', 30) ->> 'success', 'true', 'B has a service type');
select is(public.claim_slot_atomic(tests.org_id('Tenant A'), null, tests.local_noon(3), 'call-a', 'Alice A', '+14155550201') ->> 'success', 'true', 'A has a hold');
select is(public.claim_slot_atomic(tests.org_id('Tenant B'), null, tests.local_noon(3), 'call-b', 'Bob B', '+14155550202') ->> 'success', 'true', 'B has a hold');

-- 10 tables x 11 assertions
create function pg_temp.table_matrix() returns setof text language plpgsql as $$
declare
  t text;
  a uuid := tests.org_id('Tenant A');
  b uuid := tests.org_id('Tenant B');
begin
  foreach t in array array['organizations', 'calendars', 'contacts', 'leads', 'appointments',
                           'calendar_weekly_hours', 'calendar_date_overrides', 'calendar_override_hours',
                           'service_types', 'appointment_holds'] loop
    call tests.authenticate_as_anon();
    return next throws_ok(format('select * from booking.%I', t), '42501', null, format('anon cannot read %s', t));
    return next throws_ok(format('delete from booking.%I', t), '42501', null, format('anon cannot delete from %s', t));

    call tests.authenticate_as('Tenant A');
    return next results_eq(format('select distinct org_id from booking.%I', t), format('values (%L::uuid)', a),
      format('authenticated of A reads only A''s %s', t));
    return next throws_ok(format('update booking.%I set org_id = org_id', t), '42501', null,
      format('authenticated of A cannot update %s', t));
    return next throws_ok(format('delete from booking.%I where org_id = %L', t, b), '42501', null,
      format('authenticated of A cannot delete from %s', t));
    return next throws_ok(format('insert into booking.%I select * from booking.%I', t, t), '42501', null,
      format('authenticated of A cannot insert into %s', t));

    call tests.authenticate_as('Tenant B');
    return next results_eq(format('select distinct org_id from booking.%I', t), format('values (%L::uuid)', b),
      format('authenticated of B reads only B''s %s', t));
    return next throws_ok(format('update booking.%I set org_id = org_id', t), '42501', null,
      format('authenticated of B cannot update %s', t));

    call tests.authenticate_as('Tenant A', jsonb_build_object('org_id', b));
    return next results_eq(format('select distinct org_id from booking.%I', t), format('values (%L::uuid)', a),
      format('user_metadata.org_id (user-editable) does not widen access to %s', t));

    call tests.authenticate_as_service_role();
    return next results_eq(format('select count(distinct org_id)::int from booking.%I where org_id in (%L, %L)', t, a, b),
      'values (2)', format('service_role reads every organization''s %s', t));
    return next lives_ok(format('update booking.%I set org_id = org_id where org_id = %L', t, b),
      format('service_role can write %s', t));
    call tests.clear_authentication();
  end loop;
end $$;
select * from pg_temp.table_matrix();

create function pg_temp.book_as_of(p_org text) returns text language sql as $$
  select format($f$select public.book_appointment_atomic(%L::uuid, 'Carol C', null, '+14155550203',
    'consultation', tests.local_noon(5), 30)$f$, tests.org_id(p_org))
$$;
create function pg_temp.create_org_sql() returns text language sql as $$
  select $f$select public.create_organization('New Clinic', 'Europe/London', 'GB')$f$
$$;
grant execute on function pg_temp.book_as_of(text), pg_temp.create_org_sql() to public;

-- Functions: book_appointment_atomic and create_organization.
call tests.authenticate_as_anon();
select throws_ok(pg_temp.book_as_of('Tenant A'), '42501', null, 'anon cannot book');
select throws_ok(pg_temp.create_org_sql(), '42501', null, 'anon cannot create organizations');
call tests.authenticate_as('Tenant A');
select throws_ok(pg_temp.book_as_of('Tenant B'), '42501', null, 'authenticated of A cannot book for B');
select lives_ok(pg_temp.book_as_of('Tenant A'), 'authenticated of A can book for A');
select throws_ok(pg_temp.create_org_sql(), '42501', null, 'authenticated cannot create organizations');
select throws_ok($$select public.book_appointment_atomic(null, 'X', null, '+14155550204', 'c', now() + interval '9 days', 30)$$,
  '42501', null, 'authenticated of A cannot book for a NULL organization');
call tests.authenticate_as('Tenant B');
select throws_ok(pg_temp.book_as_of('Tenant A'), '42501', null, 'authenticated of B cannot book for A');
call tests.authenticate_as('Tenant A', jsonb_build_object('org_id', tests.org_id('Tenant B')));
select throws_ok(pg_temp.book_as_of('Tenant B'), '42501', null, 'user_metadata.org_id is never trusted for booking');
call tests.authenticate_as_service_role();
select lives_ok(pg_temp.book_as_of('Tenant B'), 'service_role can book for B');
select is((public.create_organization('New Clinic', 'Europe/London', 'GB') ->> 'success'), 'true',
  'service_role can create organizations');
call tests.clear_authentication();
select is((public.book_appointment_atomic(tests.org_id('Tenant A'), 'Dan D', null, '+14155550205',
  'consultation', tests.local_noon(6), 30) ->> 'success'), 'true',
  'a privileged database session (a DBA, no JWT) acts like service_role');

-- Availability and holds.
call tests.authenticate_as('Tenant A');
select throws_ok(format('select public.check_availability(%L, current_date + 3)', tests.org_id('Tenant B')), '42501', null,
  'authenticated of A cannot read B''s availability');
select throws_ok(format('select public.claim_slot_atomic(%L, null, tests.local_noon(4), ''call-x'', ''X'', ''+14155550299'')', tests.org_id('Tenant B')),
  '42501', null, 'authenticated of A cannot hold B''s slots');
select throws_ok('select otp_hash from booking.appointment_holds', '42501', null, 'no tenant role can read one-time-code hashes');
select throws_ok('select * from booking.server_secrets', '42501', null, 'no tenant role can read server secrets');
call tests.authenticate_as_service_role();
select throws_ok('select otp_hash from booking.appointment_holds', '42501', null, 'service_role cannot read one-time-code hashes either');
select throws_ok('select * from booking.server_secrets', '42501', null, 'service_role cannot read server secrets');
call tests.authenticate_as_anon();
select throws_ok(format('select public.check_availability(%L, current_date + 3)', tests.org_id('Tenant A')), '42501', null,
  'anon cannot read availability');
call tests.clear_authentication();

-- An authenticated caller probing an unknown organization learns nothing.
call tests.authenticate_as('Tenant A');
select throws_ok(format('select public.book_appointment_atomic(%L, ''E'', null, ''+14155550206'', ''c'', now() + interval ''9 days'', 30)', gen_random_uuid()),
  '42501', null, 'an unknown organization is a 42501 for authenticated callers too (no existence oracle)');
call tests.clear_authentication();

select * from finish();
rollback;
