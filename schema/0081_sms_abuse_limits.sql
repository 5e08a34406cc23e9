-- Abuse limits on patient SMS (SMS pumping / toll fraud): the countries an
-- organization's patient SMS may go to, and its hourly budget of one-time
-- codes; refusals of the budget become `sms.rate_limited` events.
-- depends: 0080_phone_costly_numbers
--
-- booking.sms_destination_refusal decides where patient SMS may go (the
-- allowed calling codes below, never non-geographic codes such as +881,
-- +882, +883, +870, never booking.phone_costly_number_types); send_otp
-- counts the budget under a per-organization advisory lock. The clinic's
-- own hot-lead alert number is not a patient number: none of this applies.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * sms_limits: per-organization settings (no row: the defaults).
 * ---------------------------------------------------------------------------
 */
create table booking.sms_limits (
  org_id                uuid        not null,
  allowed_calling_codes integer[],
  otp_codes_per_hour    integer     not null default 60,
  updated_at            timestamptz not null default now(),
  constraint sms_limits_pkey primary key (org_id),
  constraint sms_limits_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint sms_limits_allowed_calling_codes_check
    check (cardinality(allowed_calling_codes) between 1 and 50
           and array_position(allowed_calling_codes, null) is null),
  constraint sms_limits_otp_codes_per_hour_check check (otp_codes_per_hour between 0 and 100000)
);
comment on table booking.sms_limits is
  'Per-organization abuse limits on patient SMS, set by public.set_sms_limits; an organization without a row has the defaults.';
comment on column booking.sms_limits.allowed_calling_codes is
  'Country calling codes patient SMS may go to; NULL: the calling code of the organization''s phone region.';
comment on column booking.sms_limits.otp_codes_per_hour is
  'One-time codes the organization may send in any 60 minutes (default 60); over it send_otp answers SMS_RATE_LIMITED.';

/*
 * ---------------------------------------------------------------------------
 * sms_rate_limit_hits: a limit refused codes (at most one row per
 * organization and minute); the event trigger turns each into an
 * `sms.rate_limited` event.
 * ---------------------------------------------------------------------------
 */
create table booking.sms_rate_limit_hits (
  org_id      uuid        not null,
  id          uuid        not null default gen_random_uuid(),
  limit_name  text        not null,
  limit_value integer     not null,
  created_at  timestamptz not null default now(),
  constraint sms_rate_limit_hits_pkey primary key (org_id, id),
  constraint sms_rate_limit_hits_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint sms_rate_limit_hits_limit_name_check check (limit_name in ('otp_codes_per_hour'))
);
create index sms_rate_limit_hits_recent on booking.sms_rate_limit_hits (org_id, created_at desc);
comment on table booking.sms_rate_limit_hits is
  'When an SMS abuse limit refused a one-time code (at most one row per organization and minute); each row is an sms.rate_limited live-feed event.';

-- send_otp's counts: codes of an organization in the last hour, numbers of a call.
-- squawk-ignore require-concurrent-index-creation
create index sms_outbox_otp_by_org on booking.sms_outbox (org_id, created_at) where kind = 'otp';
-- squawk-ignore require-concurrent-index-creation
create index sms_outbox_otp_by_call on booking.sms_outbox (org_id, call_id) where kind = 'otp';

-- Each row of booking.sms_rate_limit_hits is an sms.rate_limited live-feed
-- event: booking.record_event and its trigger on that table are defined in
-- 0090_events_without_commit_lock.

alter table booking.sms_limits          enable row level security;
alter table booking.sms_rate_limit_hits enable row level security;
revoke all on booking.sms_limits, booking.sms_rate_limit_hits from public, anon, authenticated, service_role;
