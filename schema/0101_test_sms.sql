-- "Send me a test SMS" on the clinic's settings page (issue 22): a new kind
-- of outbox message, queued by public.send_test_sms, counted per clinic for
-- its hourly limit.
-- depends: 0100_clinic_profile
--
-- The kind check is replaced by a wider one in the same statement, NOT
-- VALID: every existing row was written under the narrower check, so there
-- is nothing to validate (and no scan of the outbox under lock), as 0098 did.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

alter table booking.sms_outbox
  -- squawk-ignore ban-drop-constraint
  drop constraint sms_outbox_kind_check,
  add constraint sms_outbox_kind_check check (kind in (
    'confirmation', 'otp', 'hot_lead_alert', 'reminder', 'cancellation', 'reschedule', 'reply',
    'staff_invitation', 'test_sms')) not valid;

comment on column booking.sms_outbox.kind is
  'confirmation, otp, hot_lead_alert, reminder, cancellation, reschedule (appointment lifecycle), reply (an answer to an inbound SMS), staff_invitation (a link to join a clinic''s staff) or test_sms (an owner or admin trying the clinic''s SMS settings).';

-- send_test_sms's hourly count of a clinic's test messages (a new kind: no row has it yet).
-- squawk-ignore require-concurrent-index-creation
create index sms_outbox_test_sms_by_org on booking.sms_outbox (org_id, created_at) where kind = 'test_sms';
