-- Recording live-feed events costs a booking less, and no index of
-- booking.events is shared by every organization's writers.
-- depends: 0090_events_without_commit_lock 0091_enqueue_sms_send_at
--
-- * The triggers fire only for a change that is news (a WHEN condition,
--   decided by the executor without calling booking.record_event): a
--   reminder queued at booking, a status written unchanged, an appointment
--   update that touches none of status, start and patient confirmation
--   called the SECURITY DEFINER trigger function, which then recorded
--   nothing (one call of three on every booking: its reminder). What an
--   event says is still decided by booking.record_event (0090), which keeps
--   returning early for the same cases.
-- * events_created_at is dropped: nothing reads events by time (the feed
--   reads by organization, transaction and rank: events_pkey), and as an
--   index on the insertion time alone its newest page took every
--   organization's events, a page all writers of the cluster shared.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

drop trigger appointments_record_event on booking.appointments;
drop trigger appointment_holds_record_event on booking.appointment_holds;
drop trigger sms_outbox_record_event on booking.sms_outbox;

create trigger appointments_record_event after insert on booking.appointments
  for each row execute function booking.record_event();
create trigger appointments_record_event_change
  after update of status, scheduled_at, patient_confirmed_at on booking.appointments
  for each row
  when (new.status is distinct from old.status
        or new.scheduled_at is distinct from old.scheduled_at
        or (new.patient_confirmed_at is not null and old.patient_confirmed_at is null))
  execute function booking.record_event();

create trigger appointment_holds_record_event after insert on booking.appointment_holds
  for each row execute function booking.record_event();
create trigger appointment_holds_record_event_change after update of status on booking.appointment_holds
  for each row when (new.status is distinct from old.status)
  execute function booking.record_event();

-- A reminder queued at booking for later is not news: it enters the feed
-- when it is claimed for sending, or canceled.
create trigger sms_outbox_record_event after insert on booking.sms_outbox
  for each row when (new.kind <> 'reminder')
  execute function booking.record_event();
create trigger sms_outbox_record_event_change after update of status on booking.sms_outbox
  for each row when (new.status is distinct from old.status)
  execute function booking.record_event();

-- booking.events is small next to the business tables and read by key only.
-- squawk-ignore require-concurrent-index-deletion
drop index booking.events_created_at;
