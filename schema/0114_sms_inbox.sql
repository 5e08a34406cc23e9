-- The front desk's messages inbox (issue 23, Messages): patients' texts
-- are marked read when a member opens the conversation, and staff reply
-- through the outbox as a new kind of message, staff_reply, recording the
-- member who wrote it.
-- depends: 0113_retell_signature
--
-- The kind check is replaced by a wider one in the same statement, NOT
-- VALID: every existing row was written under the narrower check, so there
-- is nothing to validate (and no scan of the outbox under lock), as 0098
-- and 0101 did.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

alter table booking.inbound_sms_texts add column read_at timestamptz;
comment on column booking.inbound_sms_texts.read_at is
  'When a member of the clinic first opened the conversation with this text in it (public.sms_thread); NULL: unread.';

-- The unread texts of a clinic (the inbox's counts), per sender. Built in
-- this migration's transaction like 0105's: the table is young and small.
-- squawk-ignore require-concurrent-index-creation
create index inbound_sms_texts_unread on booking.inbound_sms_texts (org_id, sender) where read_at is null;

alter table booking.sms_outbox
  -- squawk-ignore ban-drop-constraint
  drop constraint sms_outbox_kind_check,
  add constraint sms_outbox_kind_check check (kind in (
    'confirmation', 'otp', 'hot_lead_alert', 'reminder', 'cancellation', 'reschedule', 'reply',
    'staff_invitation', 'test_sms', 'staff_reply')) not valid;

comment on column booking.sms_outbox.kind is
  'confirmation, otp, hot_lead_alert, reminder, cancellation, reschedule (appointment lifecycle), reply (an automatic answer to an inbound SMS), staff_invitation (a link to join a clinic''s staff), test_sms (an owner or admin trying the clinic''s SMS settings) or staff_reply (a member answering a patient''s text from the messages inbox).';

alter table booking.sms_outbox add column staff_account_id uuid;
comment on column booking.sms_outbox.staff_account_id is
  'A staff_reply: the account of the member who wrote it (booking.caller_account_id); NULL for every other message, or when the caller was no member (service_role).';
