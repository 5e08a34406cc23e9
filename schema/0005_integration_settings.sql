-- Per-organization integration settings: Twilio credentials and sender,
-- the hot-lead alert phone, the SMS HELP reply.
-- depends: 0002_core_tables
--
-- The Twilio auth token is stored encrypted (pgcrypto, symmetric) with a key
-- that never enters the database at rest: the caller passes it from the
-- environment (SETTINGS_ENCRYPTION_KEY) to the functions that write or read
-- it. No API role may select the encrypted column; only SECURITY DEFINER
-- functions of the package read it.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * integration_settings: one row per organization, written only through
 * public.set_integration_settings.
 * ---------------------------------------------------------------------------
 */
create table booking.integration_settings (
  org_id                       uuid        not null,
  twilio_account_sid           text,
  twilio_auth_token_encrypted  bytea,
  twilio_from_number           text,
  twilio_messaging_service_sid text,
  hot_lead_alert_phone         text,
  sms_help_reply               text,
  created_at                   timestamptz not null default now(),
  updated_at                   timestamptz not null default now(),
  constraint integration_settings_pkey primary key (org_id),
  constraint integration_settings_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint integration_settings_twilio_account_sid_check
    check (twilio_account_sid ~ '^AC[0-9a-f]{32}$'),
  constraint integration_settings_twilio_from_number_check
    check (twilio_from_number ~ '^\+[1-9][0-9]{1,14}$'),
  constraint integration_settings_twilio_messaging_service_sid_check
    check (twilio_messaging_service_sid ~ '^MG[0-9a-f]{32}$'),
  -- Twilio is configured completely or not at all.
  constraint integration_settings_twilio_complete_check check (
    (twilio_account_sid is null and twilio_auth_token_encrypted is null
       and twilio_from_number is null and twilio_messaging_service_sid is null)
    or (twilio_account_sid is not null and twilio_auth_token_encrypted is not null
       and (twilio_from_number is not null or twilio_messaging_service_sid is not null))),
  constraint integration_settings_hot_lead_alert_phone_check
    check (hot_lead_alert_phone ~ '^\+[1-9][0-9]{1,14}$'),
  constraint integration_settings_sms_help_reply_check
    check (length(btrim(sms_help_reply)) between 1 and 320)
);
-- Inbound webhooks find the organization by the number that was texted.
create index integration_settings_twilio_from_number
  on booking.integration_settings (twilio_from_number)
  where twilio_from_number is not null;
create index integration_settings_twilio_messaging_service_sid
  on booking.integration_settings (twilio_messaging_service_sid)
  where twilio_messaging_service_sid is not null;

comment on table booking.integration_settings is
  'Per-organization integration settings (Twilio, hot-lead alerts). Written by public.set_integration_settings; the auth token is encrypted with a key kept outside the database.';
comment on column booking.integration_settings.twilio_auth_token_encrypted is
  'pgp_sym_encrypt(auth token, SETTINGS_ENCRYPTION_KEY). Never granted to any API role.';
comment on column booking.integration_settings.twilio_from_number is
  'E.164 sender number; messages go out from it unless a messaging service is set.';
comment on column booking.integration_settings.twilio_messaging_service_sid is
  'Twilio Messaging Service (MG...) to send through; takes precedence over twilio_from_number.';
comment on column booking.integration_settings.hot_lead_alert_phone is
  'E.164 number of the person who receives hot-lead alerts by SMS.';
comment on column booking.integration_settings.sms_help_reply is
  'Reply to an inbound HELP; NULL means the default reply naming the clinic.';

/*
 * ---------------------------------------------------------------------------
 * Privileges and row level security. Column-level grants: no API role can
 * read twilio_auth_token_encrypted, not even service_role.
 * ---------------------------------------------------------------------------
 */
alter table booking.integration_settings enable row level security;

revoke all on booking.integration_settings from public, anon, authenticated, service_role;
grant select (org_id, twilio_account_sid, twilio_from_number, twilio_messaging_service_sid,
              hot_lead_alert_phone, sms_help_reply, created_at, updated_at)
  on booking.integration_settings to authenticated, service_role;

create policy "members can read their organization's integration settings"
  on booking.integration_settings
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
