begin;
select plan(2);

call tests.create_org('Smoke Clinic');
select ok(tests.org_id('Smoke Clinic') is not null, 'create_organization returns an org_id');
select is(
  (public.book_appointment_atomic(tests.org_id('Smoke Clinic'), 'jane doe', null, '+1 415 555 2671',
     'consultation', now() + interval '1 day', 60) ->> 'success'),
  'true', 'a booking succeeds');

select * from finish();
rollback;
