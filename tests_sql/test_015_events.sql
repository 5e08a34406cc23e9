-- The live feed's event log: written by the changes themselves, numbered
-- per organization, readable only by that organization.
begin;
select plan(9);
-- Events are written at commit (deferred triggers); this test rolls back.
set constraints all immediate;

call tests.create_org('Event Clinic');
call tests.create_org('Other Event Clinic');
create temp table b as select public.book_appointment_atomic(tests.org_id('Event Clinic'), 'Eve Event', null, '+14155551101',
  'consultation', tests.local_noon(2), 30) as r;
select results_eq(
  format($$ select id, type from public.events_since(%L) $$, tests.org_id('Event Clinic')),
  $$ values (1::bigint, 'appointment.booked'), (2::bigint, 'sms.queued') $$,
  'a booking emits appointment.booked and sms.queued, numbered from 1');
select is((select payload ->> 'appointment_id' from public.events_since(tests.org_id('Event Clinic')) where type = 'appointment.booked'),
  (select r ->> 'appointment_id' from b), 'the event names the appointment');
create temp table h as select public.claim_slot_atomic(tests.org_id('Event Clinic'), null, tests.local_noon(3), 'call-ev', 'Eve', '+14155551101') as r;
select is(public.release_hold((select (r ->> 'hold_id')::uuid from h)) ->> 'success', 'true', 'a hold is claimed and released');
select results_eq(
  format($$ select id, type from public.events_since(%L, 2) $$, tests.org_id('Event Clinic')),
  $$ values (3::bigint, 'hold.claimed'), (4::bigint, 'hold.released') $$, 'replay after id 2 gives the hold events');
update booking.appointment_holds set expires_at = now() - interval '1 second', created_at = now() - interval '1 hour', status = 'active'
 where id = (select (r ->> 'hold_id')::uuid from h);
select is(public.expire_overdue_holds() >= 1, true, 'overdue holds are marked expired');
select is((select type from public.events_since(tests.org_id('Event Clinic'), 4) order by id desc limit 1), 'hold.expired', 'and the feed says so');
select is((select max(id) from public.events_since(tests.org_id('Other Event Clinic'))), null, 'another organization has its own (empty) feed');
select ok(not exists (select from booking.events where type = 'sms.queued' and payload ? 'body'), 'events never carry message bodies');

call tests.authenticate_as('Other Event Clinic');
select is_empty(format('select * from public.events_since(%L)', tests.org_id('Event Clinic')), 'another clinic cannot read the feed');
call tests.clear_authentication();

select * from finish();
rollback;
