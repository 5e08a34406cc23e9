-- After the call: call records, lead scoring settings, hot leads and the
-- hot_lead_alerts view the spec's queries read.
-- depends: 0011_appointment_holds 0008_sms_confirmation_logs

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * calls: one row per voice call, from the platform's end-of-call report
 * (public.record_call_report). Reports delivered twice are stored once.
 * ---------------------------------------------------------------------------
 */
create table booking.calls (
  org_id             uuid        not null,
  id                 uuid        not null default gen_random_uuid(),
  provider_call_id   text        not null,
  caller_phone       text,
  contact_id         uuid,
  started_at         timestamptz,
  ended_at           timestamptz,
  duration           integer generated always as (
                       case when ended_at >= started_at
                            then floor(extract(epoch from ended_at - started_at))::integer end) stored,
  ended_reason       text,
  summary            text,
  transcript         text,
  analysis           jsonb,
  appointment_id     uuid,
  lead_score         integer,
  lead_score_signals jsonb,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  constraint calls_pkey primary key (org_id, id),
  constraint calls_org_id_provider_call_id_key unique (org_id, provider_call_id),
  constraint calls_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint calls_contact_fkey foreign key (org_id, contact_id)
    references booking.contacts (org_id, id) on delete set null (contact_id),
  constraint calls_appointment_fkey foreign key (org_id, appointment_id)
    references booking.appointments (org_id, id) on delete set null (appointment_id),
  constraint calls_provider_call_id_check check (length(provider_call_id) between 1 and 128),
  constraint calls_caller_phone_check check (caller_phone ~ '^\+[1-9][0-9]{1,14}$'),
  constraint calls_lead_score_check check (lead_score between 0 and 100),
  constraint calls_ended_reason_check check (length(ended_reason) <= 200)
);
create index calls_org_id_created_at on booking.calls (org_id, created_at desc);
comment on table booking.calls is 'Voice calls, one per provider call id, from end-of-call reports; duration is computed from started_at and ended_at (the report has no duration field).';
comment on column booking.calls.duration is 'Seconds between started_at and ended_at.';
comment on column booking.calls.appointment_id is 'The appointment booked during the call (its hold carried the call id), if any.';
comment on column booking.calls.lead_score is '0-100, booking.compute_lead_score; see its COMMENT for the formula.';

/*
 * ---------------------------------------------------------------------------
 * Lead scoring settings per organization (no row: the defaults).
 * ---------------------------------------------------------------------------
 */
create table booking.lead_scoring_settings (
  org_id                    uuid        not null,
  threshold                 integer     not null default 70,
  weight_booked             integer     not null default 40,
  weight_long_call          integer     not null default 20,
  long_call_seconds         integer     not null default 300,
  weight_new_contact        integer     not null default 10,
  weight_high_value_service integer     not null default 15,
  high_value_cents          integer     not null default 10000,
  weight_positive_analysis  integer     not null default 15,
  updated_at                timestamptz not null default now(),
  constraint lead_scoring_settings_pkey primary key (org_id),
  constraint lead_scoring_settings_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint lead_scoring_settings_threshold_check check (threshold between 0 and 100),
  constraint lead_scoring_settings_weights_check check (
    weight_booked between 0 and 100 and weight_long_call between 0 and 100
    and weight_new_contact between 0 and 100 and weight_high_value_service between 0 and 100
    and weight_positive_analysis between 0 and 100),
  constraint lead_scoring_settings_limits_check check (long_call_seconds >= 0 and high_value_cents >= 0)
);
comment on table booking.lead_scoring_settings is 'Per-organization weights and threshold of the lead score; an organization without a row uses the column defaults (threshold 70).';

/*
 * ---------------------------------------------------------------------------
 * hot_leads: one per call whose score reached the threshold, with the
 * alert SMS it caused (or why none was sent).
 * ---------------------------------------------------------------------------
 */
create table booking.hot_leads (
  org_id          uuid        not null,
  id              uuid        not null default gen_random_uuid(),
  call_id         uuid        not null,
  contact_id      uuid,
  lead_name       text        not null,
  lead_phone      text,
  lead_score      integer     not null,
  sms_message_id  uuid,
  not_sent_reason text,
  created_at      timestamptz not null default now(),
  constraint hot_leads_pkey primary key (org_id, id),
  constraint hot_leads_org_id_call_id_key unique (org_id, call_id),
  constraint hot_leads_call_fkey foreign key (org_id, call_id)
    references booking.calls (org_id, id) on delete cascade,
  constraint hot_leads_contact_fkey foreign key (org_id, contact_id)
    references booking.contacts (org_id, id) on delete set null (contact_id),
  constraint hot_leads_sms_fkey foreign key (org_id, sms_message_id)
    references booking.sms_outbox (org_id, id),
  constraint hot_leads_lead_score_check check (lead_score between 0 and 100),
  constraint hot_leads_alert_check check (sms_message_id is null or not_sent_reason is null),
  constraint hot_leads_not_sent_reason_check check (not_sent_reason in ('NO_ALERT_PHONE'))
);
create index hot_leads_org_id_created_at on booking.hot_leads (org_id, created_at desc);
comment on table booking.hot_leads is 'Calls whose lead score reached the organization''s threshold: one per call, whatever the retries. The owner''s alert SMS, or NO_ALERT_PHONE when none is configured.';

-- What the spec's "Hot Leads Generated" query reads: alert_sent_at comes
-- straight from the outbox, so it can never disagree with what was sent.
create view booking.hot_lead_alerts
  with (security_invoker = true)
as
select h.id,
       h.org_id,
       h.call_id,
       h.lead_name,
       h.lead_phone,
       h.lead_score,
       o.sent_at   as alert_sent_at,
       o.status    as alert_status,
       h.not_sent_reason,
       h.created_at
  from booking.hot_leads h
  left join booking.sms_outbox o on o.org_id = h.org_id and o.id = h.sms_message_id;
comment on view booking.hot_lead_alerts is 'Hot-lead alerts: lead, score, call, and when the owner''s SMS was handed to the provider (alert_sent_at; NULL while queued or when not_sent_reason says why none was sent).';

/*
 * ---------------------------------------------------------------------------
 * Privileges and row level security.
 * ---------------------------------------------------------------------------
 */
alter table booking.calls                 enable row level security;
alter table booking.lead_scoring_settings enable row level security;
alter table booking.hot_leads             enable row level security;

revoke all on booking.calls, booking.lead_scoring_settings, booking.hot_leads, booking.hot_lead_alerts
  from public, anon, authenticated;
grant select on booking.calls, booking.lead_scoring_settings, booking.hot_leads, booking.hot_lead_alerts
  to authenticated;
grant select, insert, update, delete on booking.calls, booking.lead_scoring_settings, booking.hot_leads
  to service_role;
grant select on booking.hot_lead_alerts to service_role;

create policy "members can read their organization's calls" on booking.calls
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
create policy "members can read their organization's lead scoring" on booking.lead_scoring_settings
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
create policy "members can read their organization's hot leads" on booking.hot_leads
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
