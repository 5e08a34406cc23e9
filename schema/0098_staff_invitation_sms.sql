-- Invitations to a clinic's staff go by SMS when the inviter gives a phone
-- number (issue 21): a new kind of outbox message, queued by
-- public.invite_staff_member in the invitation's own transaction.
-- depends: 0097_rls_follows_memberships
--
-- The kind check is replaced by a wider one in the same statement, NOT
-- VALID: every existing row was written under the narrower check, so there
-- is nothing to validate (and no scan of the outbox under lock), as 0060 did.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

alter table booking.sms_outbox
  -- squawk-ignore ban-drop-constraint
  drop constraint sms_outbox_kind_check,
  add constraint sms_outbox_kind_check check (kind in (
    'confirmation', 'otp', 'hot_lead_alert', 'reminder', 'cancellation', 'reschedule', 'reply',
    'staff_invitation')) not valid;

comment on column booking.sms_outbox.kind is
  'confirmation, otp, hot_lead_alert, reminder, cancellation, reschedule (appointment lifecycle), reply (an answer to an inbound SMS) or staff_invitation (a link to join a clinic''s staff).';
