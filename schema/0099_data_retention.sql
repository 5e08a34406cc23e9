-- Retention (issue 22): how long SMS bodies, phone verifications, inbound
-- SMS records and dead holds are kept, as package settings, and what
-- public.purge_expired_data needs to remove them in small batches: a mark on
-- outbox messages whose body was removed, and an index per table on the age
-- it is purged by (each batch reads its oldest rows, never the whole table).
-- depends: 0098_staff_invitation_sms
--
-- Both checks are replaced by wider ones in the same statement, NOT VALID:
-- every existing row was written under the narrower check, so there is
-- nothing to validate (and no scan under lock), as 0060 and 0098 did.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * The retention settings: whole numbers of days, rows of booking.settings
 * like the others (public.set_booking_setting).
 * ---------------------------------------------------------------------------
 */
alter table booking.settings
  -- squawk-ignore ban-drop-constraint
  drop constraint settings_name_check,
  add constraint settings_name_check check (name in (
    'lock_timeout', 'public_base_url', 'sms_body_retention_days',
    'phone_verification_retention_days', 'inbound_sms_retention_days',
    'expired_hold_retention_days')) not valid;

comment on table booking.settings is
  'Reference data of the package (not of an organization): settings changed with public.set_booking_setting (lock_timeout: the calendar-lock wait, e.g. 1000ms; public_base_url: base of links in SMS; *_retention_days: how long public.purge_expired_data keeps SMS bodies, phone verifications, inbound SMS records and dead holds). A missing row means the default; a session''s SET booking.<name> overrides a row.';

/*
 * ---------------------------------------------------------------------------
 * SMS bodies: an outbox message is a delivery record (status, provider id,
 * times: the monitoring views, hot-lead alerts and the SMS budgets read
 * them), so it stays; only its text, which names the patient and the
 * appointment, is removed once the message left the queue long enough ago.
 * ---------------------------------------------------------------------------
 */
alter table booking.sms_outbox add column body_removed_at timestamptz;

comment on column booking.sms_outbox.body_removed_at is
  'When public.purge_expired_data blanked the body (sms_body_retention_days after the message''s last status change); NULL while the text is kept.';

alter table booking.sms_outbox
  -- squawk-ignore ban-drop-constraint
  drop constraint sms_outbox_body_check,
  add constraint sms_outbox_body_check check (
    length(body) <= 1600 and (length(body) >= 1 or body_removed_at is not null)) not valid;

comment on table booking.sms_outbox is
  'Every outgoing SMS. Inserted by booking.enqueue_sms in the transaction that causes it (the workers are woken after its commit, booking.notify_after_commit), claimed by workers via booking.claim_sms_batch. Never deleted by the package: once a message has left the queue for sms_body_retention_days, public.purge_expired_data blanks its body (body_removed_at) and keeps the delivery record.';

grant select (body_removed_at) on booking.sms_outbox to authenticated;

-- The messages whose body is still to be removed, oldest first; a message
-- leaves this index once its body is gone, so it stays the size of the
-- retention window.
-- squawk-ignore require-concurrent-index-creation
create index sms_outbox_bodies_kept on booking.sms_outbox (updated_at)
  where body_removed_at is null and status not in ('pending', 'claimed');

/*
 * ---------------------------------------------------------------------------
 * The other tables are purged by age: indexes on the age column.
 * ---------------------------------------------------------------------------
 */
-- squawk-ignore require-concurrent-index-creation
create index phone_verifications_expires_at on booking.phone_verifications (expires_at);
-- squawk-ignore require-concurrent-index-creation
create index inbound_sms_messages_received_at on booking.inbound_sms_messages (received_at);
-- Holds that did not become an appointment (released, expired, or active
-- past their expiry); consumed holds stay with their appointment.
-- squawk-ignore require-concurrent-index-creation
create index appointment_holds_unconsumed_expires_at on booking.appointment_holds (expires_at)
  where status <> 'consumed';
