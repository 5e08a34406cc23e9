-- Holds: a slot reserved for a caller for a few minutes while the patient
-- confirms with a one-time code. An active hold blocks other holds and
-- bookings of any overlapping interval until it expires or is released;
-- expiry needs no cron (a hold past expires_at simply stops counting).
-- depends: 0010_availability

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.appointment_holds (
  org_id              uuid        not null,
  id                  uuid        not null default gen_random_uuid(),
  calendar_id         text        not null,
  contact_id          uuid        not null,
  call_sid            text        not null,
  service_type        text,
  patient_name        text        not null,
  scheduled_at        timestamptz not null,
  duration_minutes    integer     not null,
  ends_at             timestamptz not null,
  expires_at          timestamptz not null,
  status              text        not null default 'active',
  otp_hash            bytea,
  otp_send_count      integer     not null default 0,
  otp_last_sent_at    timestamptz,
  otp_failed_attempts integer     not null default 0,
  appointment_id      uuid,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  constraint appointment_holds_pkey primary key (org_id, id),
  constraint appointment_holds_calendar_fkey foreign key (org_id, calendar_id)
    references booking.calendars (org_id, calendar_id),
  constraint appointment_holds_contact_fkey foreign key (org_id, contact_id)
    references booking.contacts (org_id, id),
  constraint appointment_holds_appointment_fkey foreign key (org_id, appointment_id)
    references booking.appointments (org_id, id),
  constraint appointment_holds_status_check
    check (status in ('active', 'released', 'expired', 'consumed')),
  constraint appointment_holds_call_sid_check check (length(call_sid) between 1 and 128),
  constraint appointment_holds_service_type_check check (length(btrim(service_type)) between 1 and 100),
  constraint appointment_holds_patient_name_check check (length(patient_name) between 1 and 200),
  constraint appointment_holds_duration_check check (duration_minutes between 1 and 1440),
  constraint appointment_holds_scheduled_at_check check (isfinite(scheduled_at)),
  constraint appointment_holds_ends_at_check
    check (ends_at = scheduled_at + make_interval(mins => duration_minutes)),
  constraint appointment_holds_counts_check
    check (otp_send_count >= 0 and otp_failed_attempts >= 0),
  constraint appointment_holds_consumed_check
    check ((status = 'consumed') = (appointment_id is not null)),
  -- Rows still marked active after expires_at keep blocking raw inserts; the
  -- hold functions mark them expired (under the calendar lock) first.
  constraint appointment_holds_no_overlap exclude using gist (
    org_id with =,
    calendar_id with =,
    tstzrange(scheduled_at, ends_at, '[)') with &&
  ) where (status = 'active')
);
create unique index appointment_holds_one_active_per_call
  on booking.appointment_holds (org_id, call_sid) where status = 'active';
-- Functions given only a hold id (send_otp) find it without the org.
create index appointment_holds_id on booking.appointment_holds (id);
-- public.expire_overdue_holds finds overdue holds across organizations.
create index appointment_holds_active_expires_at
  on booking.appointment_holds (expires_at) where status = 'active';
comment on table booking.appointment_holds is 'Slots held for a caller (default 10 minutes) until confirmed with a one-time code, released, or expired. A hold counts while status = active and expires_at > now(); no cron needed.';
comment on column booking.appointment_holds.patient_name is 'The name the caller gave; written to the contact only once the one-time code is verified.';
comment on column booking.appointment_holds.otp_hash is 'HMAC-SHA256 of the current one-time code, keyed with a server secret and the hold id; the code itself is never stored.';
comment on column booking.appointment_holds.otp_failed_attempts is 'Wrong codes entered for this hold; at 5 the hold is locked (OTP_LOCKED).';

/*
 * ---------------------------------------------------------------------------
 * Server secrets: keys the functions use (the one-time-code HMAC key).
 * No role but the owner can read them.
 * ---------------------------------------------------------------------------
 */
create table booking.server_secrets (
  name       text        not null,
  secret     bytea       not null,
  created_at timestamptz not null default now(),
  constraint server_secrets_pkey primary key (name),
  constraint server_secrets_length_check check (length(secret) >= 32)
);
comment on table booking.server_secrets is 'Reference data (not tenant data): keys used inside SECURITY DEFINER functions, e.g. otp_hmac. Readable by no API role.';
insert into booking.server_secrets (name, secret)
values ('otp_hmac', extensions.gen_random_bytes(32))
on conflict do nothing;

alter table booking.appointment_holds enable row level security;
alter table booking.server_secrets    enable row level security;

revoke all on booking.appointment_holds, booking.server_secrets from public, anon, authenticated, service_role;
grant select (org_id, id, calendar_id, contact_id, call_sid, service_type, patient_name, scheduled_at, duration_minutes, ends_at,
              expires_at, status, otp_send_count, otp_last_sent_at, otp_failed_attempts,
              appointment_id, created_at, updated_at)
  on booking.appointment_holds to authenticated, service_role;
grant insert, update, delete on booking.appointment_holds to service_role;

create policy "members can read their organization's holds" on booking.appointment_holds
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
