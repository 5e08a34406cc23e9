-- SMS opt-outs: numbers that texted STOP (or an equivalent keyword) to an
-- organization, or that the provider reported as unsubscribed (Twilio error
-- 21610). Such a number gets no SMS from that organization until it texts
-- START (or UNSTOP, YES).
-- depends: 0002_core_tables

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.sms_opt_outs (
  org_id      uuid        not null,
  phone       text        not null,
  opted_out   boolean     not null,
  keyword     text,
  source      text        not null,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  constraint sms_opt_outs_pkey primary key (org_id, phone),
  constraint sms_opt_outs_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint sms_opt_outs_phone_check check (phone ~ '^\+[1-9][0-9]{1,14}$'),
  constraint sms_opt_outs_keyword_check check (keyword ~ '^[A-Z]{1,16}$'),
  constraint sms_opt_outs_source_check check (source in ('inbound_keyword', 'provider_error'))
);

comment on table booking.sms_opt_outs is
  'Per-organization SMS consent of a phone number. opted_out = true: nothing is sent to it (messages are recorded as suppressed). Kept after START for the audit trail.';
comment on column booking.sms_opt_outs.keyword is 'The last keyword received (STOP, START, ...); NULL when set by a provider error.';
comment on column booking.sms_opt_outs.source is 'inbound_keyword (the person texted a keyword) or provider_error (Twilio answered 21610).';

alter table booking.sms_opt_outs enable row level security;

revoke all on booking.sms_opt_outs from public, anon, authenticated, service_role;
grant select on booking.sms_opt_outs to authenticated, service_role;

create policy "members can read their organization's sms opt-outs" on booking.sms_opt_outs
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
