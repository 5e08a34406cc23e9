-- A voice-grade contract (issue 26): a caller-id policy per clinic, and
-- verification codes and lookups that cannot be farmed.
-- depends: 0098_staff_invitation_sms
--
-- * booking.voice_caller_policies: per organization, how far the caller id
--   the voice platform passes is trusted (verify_changes by default: a
--   lookup may say that and when the caller has appointments, cancel and
--   reschedule need the texted code), and the lookup limits.
-- * booking.phone_verifications gains call_id (the numbers-per-call limit
--   counts verifications) and texted (whether a code SMS was queued: the
--   clinic's hourly code budget counts every verification, texted or not,
--   so it says nothing about who is a patient).
-- * booking.otp_phone_locks: wrong codes (holds' and verifications') per
--   number and organization in a
--   day; at the cap the number is locked, each lock twice as long as the
--   one before.
-- * booking.voice_lookups: one row per lookup_appointments call, counted
--   per call and per organization (rate limits); created_at for retention.
-- The patient tools' functions gain arguments (the platform's attestation,
-- the call id, a code): their old signatures are dropped here and the
-- function files define the new ones (their only client is this service's
-- voice-agent shim, deployed with the migration).

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.voice_caller_policies (
  org_id            uuid        not null,
  caller_id_policy  text        not null default 'verify_changes',
  lookups_per_call  integer     not null default 10,
  lookups_per_hour  integer     not null default 300,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  constraint voice_caller_policies_pkey primary key (org_id),
  constraint voice_caller_policies_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint voice_caller_policies_policy_check
    check (caller_id_policy in ('verify_changes', 'verify_all', 'trust_attested')),
  constraint voice_caller_policies_lookups_check
    check (lookups_per_call between 1 and 1000 and lookups_per_hour between 1 and 100000)
);
comment on table booking.voice_caller_policies is 'Per organization: how far the voice platform''s caller id is trusted (verify_changes: lookups by caller id say that and when, changes need the texted code; verify_all: lookups need the code too; trust_attested: changes without a code only for a fully attested caller id, STIR/SHAKEN A), and the lookup rate limits. No row: the defaults.';
alter table booking.voice_caller_policies enable row level security;
revoke all on booking.voice_caller_policies from public, anon, authenticated, service_role;
grant select on booking.voice_caller_policies to authenticated, service_role;
create policy "members can read their organization's caller policy" on booking.voice_caller_policies
  for select to authenticated
  using (org_id = any ((select booking.member_org_ids())::uuid[]));

alter table booking.phone_verifications add column call_id text;
alter table booking.phone_verifications add column texted boolean not null default true;
comment on column booking.phone_verifications.call_id is 'The voice platform''s call id that started the verification (the numbers-per-call limit counts verifications).';
comment on column booking.phone_verifications.texted is 'Whether a code SMS was queued (only for a number with upcoming appointments, not opted out, under its limits); the answer is the same either way.';
-- Codes per number and per call are counted over recent verifications
-- (a small table: one row per verification, read within 15 minutes).
-- squawk-ignore require-concurrent-index-creation
create index phone_verifications_phone_created_at on booking.phone_verifications (org_id, phone, created_at);
-- squawk-ignore require-concurrent-index-creation
create index phone_verifications_call_id on booking.phone_verifications (org_id, call_id) where call_id is not null;
-- squawk-ignore require-concurrent-index-creation
create index phone_verifications_created_at on booking.phone_verifications (org_id, created_at);

create table booking.otp_phone_locks (
  org_id          uuid        not null,
  phone           text        not null,
  window_start    timestamptz not null default now(),
  failures        integer     not null default 0,
  locks           integer     not null default 0,
  locked_until    timestamptz,
  updated_at      timestamptz not null default now(),
  constraint otp_phone_locks_pkey primary key (org_id, phone),
  constraint otp_phone_locks_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint otp_phone_locks_phone_check check (phone ~ '^\+[1-9][0-9]{1,14}$'),
  constraint otp_phone_locks_counts_check check (failures >= 0 and locks >= 0)
);
comment on table booking.otp_phone_locks is 'Wrong one-time codes (holds and phone verifications) per number and organization: failures in the day since window_start; at 10 the number is locked (no codes, no verification, no confirmation) until locked_until, 1 day for the first lock, then 2, 4, ... up to 30 days (locks counts them).';
alter table booking.otp_phone_locks enable row level security;
revoke all on booking.otp_phone_locks from public, anon, authenticated, service_role;

create table booking.voice_lookups (
  org_id     uuid        not null,
  id         uuid        not null default gen_random_uuid(),
  call_id    text,
  created_at timestamptz not null default now(),
  constraint voice_lookups_pkey primary key (org_id, id),
  constraint voice_lookups_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade
);
create index voice_lookups_created_at on booking.voice_lookups (org_id, created_at);
create index voice_lookups_call_id on booking.voice_lookups (org_id, call_id) where call_id is not null;
comment on table booking.voice_lookups is 'One row per public.lookup_appointments call (rate limits per call and per organization); rows older than an hour only matter to retention.';
alter table booking.voice_lookups enable row level security;
revoke all on booking.voice_lookups from public, anon, authenticated, service_role;

-- squawk-ignore ban-drop-function
drop function if exists booking.verified_patient_phone(uuid, text, uuid);
-- squawk-ignore ban-drop-function
drop function if exists booking.caller_appointment_refusal(uuid, uuid, text, uuid);
-- squawk-ignore ban-drop-function
drop function if exists booking.send_phone_verification(booking.organizations, text);
-- squawk-ignore ban-drop-function
drop function if exists public.lookup_appointments(uuid, text, text, uuid, text);
-- squawk-ignore ban-drop-function
drop function if exists public.cancel_appointment_by_phone(uuid, uuid, text, uuid, text);
-- squawk-ignore ban-drop-function
drop function if exists public.reschedule_appointment_by_phone(uuid, uuid, timestamptz, text, uuid);
