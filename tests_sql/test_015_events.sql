-- The live feed's event log: written by the changes themselves, in feed
-- order (transaction id, rank in it), readable only by that organization.
-- This test runs in one transaction: a transaction reads its own events
-- (public.events_since), ranked 1, 2, ... within it.
begin;
select plan(12);

call tests.create_org('Event Clinic');
call tests.create_org('Other Event Clinic');
create temp table b as select public.book_appointment_atomic(tests.org_id('Event Clinic'), 'Eve Event', null, '+14155551101',
  'consultation', tests.local_noon(2), 30) as r;
select results_eq(
  format($$ select id, type from public.events_since(%L) $$, tests.org_id('Event Clinic')),
  format($$ values (%L, 'appointment.booked'), (%L, 'sms.queued') $$,
         pg_current_xact_id() || '-1', pg_current_xact_id() || '-2'),
  'a booking emits appointment.booked and sms.queued, cursors <txid>-1 and <txid>-2');
select is((select payload ->> 'appointment_id' from public.events_since(tests.org_id('Event Clinic')) where type = 'appointment.booked'),
  (select r ->> 'appointment_id' from b), 'the event names the appointment');
create temp table h as select public.claim_slot_atomic(tests.org_id('Event Clinic'), null, tests.local_noon(3), 'call-ev', 'Eve', '+14155551101') as r;
select is(public.release_hold((select (r ->> 'hold_id')::uuid from h)) ->> 'success', 'true', 'a hold is claimed and released');
select results_eq(
  format($$ select id, type from public.events_since(%L, %L) $$, tests.org_id('Event Clinic'), pg_current_xact_id() || '-2'),
  format($$ values (%L, 'hold.claimed'), (%L, 'hold.released') $$,
         pg_current_xact_id() || '-3', pg_current_xact_id() || '-4'),
  'replay after the second cursor gives the hold events');
update booking.appointment_holds set expires_at = now() - interval '1 second', created_at = now() - interval '1 hour', status = 'active'
 where id = (select (r ->> 'hold_id')::uuid from h);
select is(public.expire_overdue_holds() >= 1, true, 'overdue holds are marked expired');
select is((select type from public.events_since(tests.org_id('Event Clinic'), pg_current_xact_id() || '-4') order by id desc limit 1), 'hold.expired', 'and the feed says so');
create temp table before_noop as select count(*) as n from booking.events where org_id = tests.org_id('Event Clinic');
update booking.appointments set status = status, scheduled_at = scheduled_at, patient_confirmed_at = patient_confirmed_at
 where id = (select (r ->> 'appointment_id')::uuid from b);
update booking.appointment_holds set status = status where id = (select (r ->> 'hold_id')::uuid from h);
update booking.sms_outbox set status = status where org_id = tests.org_id('Event Clinic');
select is((select count(*) from booking.events where org_id = tests.org_id('Event Clinic')), (select n from before_noop),
  'writes that leave status, start and patient confirmation as they were record no event');
select is((select max(id) from public.events_since(tests.org_id('Other Event Clinic'))), null, 'another organization has its own (empty) feed');
select ok(not exists (select from booking.events where type = 'sms.queued' and payload ? 'body'), 'events never carry message bodies');
select is(current_setting('booking.after_commit', true),
  format(E'booking_events %s\nbooking_sms_outbox \n', tests.org_id('Event Clinic')),
  'the transaction owes one wake-up per organization and channel, whatever its number of events');
select throws_ok(format($$ select * from public.events_since(%L, 'not-a-cursor') $$, tests.org_id('Event Clinic')),
  '22P02', null, 'a malformed cursor is 22P02');

call tests.authenticate_as('Other Event Clinic');
select is_empty(format('select * from public.events_since(%L)', tests.org_id('Event Clinic')), 'another clinic cannot read the feed');
call tests.clear_authentication();

select * from finish();
rollback;
