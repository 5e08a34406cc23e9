-- The SMS outbox: every SMS the system sends (booking confirmations, one-time
-- codes, hot-lead alerts) is a row here first.
-- depends: 0002_core_tables
--
-- A message is inserted by booking.enqueue_sms in the transaction of the
-- business change that causes it (so it exists exactly when that change
-- commits), claimed by a worker with FOR UPDATE SKIP LOCKED and a lease,
-- handed to the provider, then follows the provider's status callbacks.
--
-- Status, in the order a message moves through it (never backwards):
--   pending     waiting for a worker (first try or a retry after backoff)
--   claimed     a worker holds it until next_attempt_at (its lease)
--   queued, accepted, scheduled, sending, sent, delivered, read,
--   undelivered, failed, canceled
--               the provider's own status values (Twilio's names)
--   failed      also: a permanent error, or retries exhausted
--   suppressed  not sent: the recipient opted out of this organization
-- booking.sms_status_rank orders them.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.sms_outbox (
  org_id              uuid        not null,
  id                  uuid        not null default gen_random_uuid(),
  kind                text        not null,
  recipient           text        not null,
  body                text        not null,
  appointment_id      uuid,
  call_id             text,
  status              text        not null default 'pending',
  attempts            integer     not null default 0,
  next_attempt_at     timestamptz not null default now(),
  expires_at          timestamptz,
  claimed_by          text,
  provider            text,
  provider_message_id text,
  error_code          text,
  error_message       text,
  sent_at             timestamptz,
  delivered_at        timestamptz,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  constraint sms_outbox_pkey primary key (org_id, id),
  constraint sms_outbox_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  -- The message history outlives a deleted appointment.
  constraint sms_outbox_appointment_fkey foreign key (org_id, appointment_id)
    references booking.appointments (org_id, id) on delete set null (appointment_id),
  constraint sms_outbox_kind_check check (kind in ('confirmation', 'otp', 'hot_lead_alert')),
  constraint sms_outbox_recipient_check check (recipient ~ '^\+[1-9][0-9]{1,14}$'),
  constraint sms_outbox_body_check check (length(body) between 1 and 1600),
  constraint sms_outbox_call_id_check check (length(call_id) between 1 and 128),
  constraint sms_outbox_status_check check (status in (
    'pending', 'claimed', 'queued', 'accepted', 'scheduled', 'sending', 'sent',
    'delivered', 'read', 'undelivered', 'failed', 'canceled', 'suppressed')),
  constraint sms_outbox_attempts_check check (attempts >= 0),
  constraint sms_outbox_claimed_by_check check (status <> 'claimed' or claimed_by is not null),
  constraint sms_outbox_provider_check check (provider in ('twilio', 'console')),
  constraint sms_outbox_provider_message_id_check
    check (length(provider_message_id) between 1 and 64)
);

-- One confirmation per appointment: retried bookings and repeated
-- send_confirmation_sms calls find this row instead of adding one.
create unique index sms_outbox_one_confirmation_per_appointment
  on booking.sms_outbox (appointment_id, org_id)
  where kind = 'confirmation';
-- The claim query: due messages in order.
create index sms_outbox_due
  on booking.sms_outbox (next_attempt_at)
  where status in ('pending', 'claimed');
-- Status callbacks that carry only the provider's message id.
create index sms_outbox_provider_message_id
  on booking.sms_outbox (provider_message_id)
  where provider_message_id is not null;
-- Monitoring (sms_confirmation_logs by organization and by time).
create index sms_outbox_confirmations_by_org
  on booking.sms_outbox (org_id, created_at desc)
  where kind = 'confirmation';
create index sms_outbox_confirmations_by_time
  on booking.sms_outbox (created_at)
  where kind = 'confirmation';

comment on table booking.sms_outbox is
  'Every outgoing SMS. Inserted by booking.enqueue_sms in the transaction that causes it (with pg_notify on channel booking_sms_outbox), claimed by workers via booking.claim_sms_batch, never deleted by the package.';
comment on column booking.sms_outbox.kind is 'confirmation, otp or hot_lead_alert.';
comment on column booking.sms_outbox.recipient is 'E.164 number the SMS goes to.';
comment on column booking.sms_outbox.call_id is 'Provider call id of the voice call that caused the message, if any (no foreign key: calls are stored elsewhere).';
comment on column booking.sms_outbox.status is
  'pending, claimed, a provider status (queued, accepted, scheduled, sending, sent, delivered, read, undelivered, failed, canceled) or suppressed (recipient opted out). Moves only forward; see booking.sms_status_rank.';
comment on column booking.sms_outbox.attempts is 'Times a worker claimed the message (each claim is one send attempt).';
comment on column booking.sms_outbox.next_attempt_at is
  'pending: earliest time a worker may claim it (retry backoff). claimed: end of the worker''s lease, after which another worker takes it over.';
comment on column booking.sms_outbox.expires_at is 'After this instant the message is not worth sending (e.g. a one-time code) and is failed with EXPIRED.';
comment on column booking.sms_outbox.provider is 'twilio or console (development sender that prints the SMS).';
comment on column booking.sms_outbox.provider_message_id is 'The provider''s id, e.g. Twilio''s SM... sid, once the provider accepted the message.';
comment on column booking.sms_outbox.error_code is 'Last error: the provider''s code (e.g. 21211) or NETWORK, HTTP_<status>, EXPIRED, LEASE_EXPIRED.';
comment on column booking.sms_outbox.sent_at is 'When the provider accepted the message.';
comment on column booking.sms_outbox.delivered_at is 'When the provider reported it delivered.';

alter table booking.sms_outbox enable row level security;

revoke all on booking.sms_outbox from public, anon, authenticated, service_role;
grant select on booking.sms_outbox to authenticated, service_role;

create policy "members can read their organization's outgoing sms" on booking.sms_outbox
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
