-- One-time codes stay secret: clinic members cannot read SMS bodies, and a
-- one-time-code SMS loses its code once it has left the queue (handed to
-- the provider, failed, expired or suppressed), whatever path moved it.
-- depends: 0006_sms_outbox 0009_sms_outbox_claimed_by

set local lock_timeout = '5s';
set local statement_timeout = '60s';

revoke select on booking.sms_outbox from authenticated;
grant select (org_id, id, kind, recipient, appointment_id, call_id, status, attempts,
              next_attempt_at, expires_at, claimed_by, provider, provider_message_id,
              error_code, error_message, sent_at, delivered_at, created_at, updated_at)
  on booking.sms_outbox to authenticated;

-- Trigger plumbing lives with the table it serves.
create function booking.redact_sent_one_time_code()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.body := regexp_replace(new.body, '[0-9]{4,8}', '****', 'g');
  return new;
end;
$$;
revoke execute on function booking.redact_sent_one_time_code() from public;
comment on function booking.redact_sent_one_time_code() is
  'Trigger: replaces the digits of a one-time-code SMS body once the message left pending/claimed.';

create trigger sms_outbox_redact_one_time_code
  before update of status on booking.sms_outbox
  for each row
  when (new.kind = 'otp' and new.status not in ('pending', 'claimed') and old.status in ('pending', 'claimed'))
  execute function booking.redact_sent_one_time_code();

-- Codes suppressed at enqueue time (recipient opted out) never leave the queue.
create trigger sms_outbox_redact_suppressed_one_time_code
  before insert on booking.sms_outbox
  for each row
  when (new.kind = 'otp' and new.status = 'suppressed')
  execute function booking.redact_sent_one_time_code();
