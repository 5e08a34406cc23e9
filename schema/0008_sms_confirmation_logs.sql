-- sms_confirmation_logs: the delivery log of confirmation SMS that the
-- spec's troubleshooting and monitoring queries read. A view over the
-- outbox, so it can never disagree with what was actually sent.
-- depends: 0006_sms_outbox

set local lock_timeout = '5s';
set local statement_timeout = '60s';

-- security_invoker: the caller's privileges and RLS policies on
-- booking.sms_outbox apply, so a member sees only their own organization.
create view booking.sms_confirmation_logs
  with (security_invoker = true)
as
select o.provider_message_id as message_id,
       o.status,
       o.delivered_at        as delivery_timestamp,
       o.appointment_id,
       o.org_id,
       o.created_at,
       o.id                  as outbox_id,
       o.recipient,
       o.provider,
       o.attempts,
       o.error_code,
       o.sent_at,
       o.updated_at
  from booking.sms_outbox o
 where o.kind = 'confirmation';

comment on view booking.sms_confirmation_logs is
  'Confirmation SMS of appointments (one per appointment): provider message id, status (delivered when the provider confirmed delivery) and delivery_timestamp. A view over booking.sms_outbox.';
comment on column booking.sms_confirmation_logs.message_id is 'The provider''s message id (Twilio SM...); NULL until the provider accepted the message.';
comment on column booking.sms_confirmation_logs.delivery_timestamp is 'When the provider reported the message delivered.';

revoke all on booking.sms_confirmation_logs from public, anon, authenticated, service_role;
grant select on booking.sms_confirmation_logs to authenticated, service_role;
