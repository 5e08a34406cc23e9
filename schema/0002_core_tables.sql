-- Organizations, calendars, contacts, leads and appointments.
-- depends: 0001_roles_and_schemas
--
-- Every tenant table carries org_id, and every primary, unique and foreign
-- key includes it, so the schema can be distributed by org_id (Citus)
-- unchanged. Tenant roles read their own organization's rows through RLS;
-- all writes go through the functions in public.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * organizations: one row per clinic (the tenant).
 * ---------------------------------------------------------------------------
 */
create table booking.organizations (
  org_id       uuid        not null default gen_random_uuid(),
  name         text        not null,
  timezone     text        not null,
  phone_region text        not null,
  created_at   timestamptz not null default now(),
  constraint organizations_pkey primary key (org_id),
  constraint organizations_name_check check (length(btrim(name)) between 1 and 200),
  -- AT TIME ZONE raises 22023 for a name the server does not know.
  constraint organizations_timezone_check
    check (('2000-01-01 00:00+00'::timestamptz at time zone timezone) is not null),
  constraint organizations_phone_region_check check (phone_region ~ '^[A-Z]{2}$')
);
comment on table booking.organizations is 'Clinics: the tenants. org_id is the distribution key of every tenant table.';
comment on column booking.organizations.timezone is 'IANA time zone of the clinic, e.g. America/New_York; local times (SMS text, opening hours) use it.';
comment on column booking.organizations.phone_region is 'ISO 3166 region used to read phone numbers written without a country code, e.g. US or GB.';

/*
 * ---------------------------------------------------------------------------
 * calendars: bookable resources of an organization; text ids such as cal-1.
 * ---------------------------------------------------------------------------
 */
create table booking.calendars (
  org_id      uuid        not null,
  calendar_id text        not null,
  name        text        not null,
  is_default  boolean     not null default false,
  created_at  timestamptz not null default now(),
  constraint calendars_pkey primary key (org_id, calendar_id),
  constraint calendars_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint calendars_calendar_id_check check (calendar_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  constraint calendars_name_check check (length(btrim(name)) between 1 and 200)
);
create unique index calendars_one_default_per_org on booking.calendars (org_id) where is_default;
comment on table booking.calendars is 'Bookable calendars (a practitioner, a room). Exactly one default calendar per organization receives bookings that name no calendar.';

/*
 * ---------------------------------------------------------------------------
 * contacts: patients, one per (organization, E.164 phone).
 * ---------------------------------------------------------------------------
 */
create table booking.contacts (
  org_id         uuid        not null,
  id             uuid        not null default gen_random_uuid(),
  name           text        not null,
  email          text,
  phone          text        not null,
  booking_source text        not null default 'phone_ai',
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  constraint contacts_pkey primary key (org_id, id),
  constraint contacts_org_id_phone_key unique (org_id, phone),
  constraint contacts_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint contacts_phone_check check (phone ~ '^\+[1-9][0-9]{1,14}$'),
  constraint contacts_name_check check (length(name) between 1 and 200),
  constraint contacts_email_check check (email is null or email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  constraint contacts_booking_source_check check (booking_source ~ '^[a-z][a-z0-9_]{0,31}$')
);
create index contacts_phone_ai on booking.contacts (org_id, booking_source)
  where booking_source = 'phone_ai';
comment on table booking.contacts is 'Patients. One contact per organization and E.164 phone number; bookings reuse it.';
comment on column booking.contacts.phone is 'E.164, e.g. +14155552671.';

/*
 * ---------------------------------------------------------------------------
 * leads: one per contact; a booking sets it to pending.
 * ---------------------------------------------------------------------------
 */
create table booking.leads (
  org_id     uuid        not null,
  id         uuid        not null default gen_random_uuid(),
  contact_id uuid        not null,
  status     text        not null default 'pending',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint leads_pkey primary key (org_id, id),
  constraint leads_org_id_contact_id_key unique (org_id, contact_id),
  constraint leads_contact_fkey foreign key (org_id, contact_id)
    references booking.contacts (org_id, id) on delete cascade,
  constraint leads_status_check
    check (status in ('pending', 'contacted', 'qualified', 'hot', 'converted', 'lost'))
);
comment on table booking.leads is 'Sales leads, one per contact. book_appointment_atomic creates or resets it to pending.';

/*
 * ---------------------------------------------------------------------------
 * appointments. No two active appointments of one calendar overlap: the
 * EXCLUDE constraint holds even for writes that bypass the functions.
 * ---------------------------------------------------------------------------
 */
create table booking.appointments (
  org_id                   uuid        not null,
  id                       uuid        not null default gen_random_uuid(),
  calendar_id              text        not null,
  contact_id               uuid        not null,
  service_type             text        not null,
  scheduled_at             timestamptz not null,
  duration_minutes         integer     not null,
  ends_at                  timestamptz not null,
  status                   text        not null default 'scheduled',
  confirmation_sms_sent    boolean     not null default false,
  confirmation_sms_id      text,
  confirmation_sms_sent_at timestamptz,
  created_at               timestamptz not null default now(),
  updated_at               timestamptz not null default now(),
  constraint appointments_pkey primary key (org_id, id),
  constraint appointments_calendar_fkey foreign key (org_id, calendar_id)
    references booking.calendars (org_id, calendar_id),
  constraint appointments_contact_fkey foreign key (org_id, contact_id)
    references booking.contacts (org_id, id),
  constraint appointments_duration_check check (duration_minutes between 1 and 1440),
  constraint appointments_scheduled_at_check check (isfinite(scheduled_at)),
  constraint appointments_ends_at_check
    check (ends_at = scheduled_at + make_interval(mins => duration_minutes)),
  constraint appointments_status_check
    check (status in ('scheduled', 'confirmed', 'completed', 'cancelled', 'no_show')),
  constraint appointments_service_type_check check (length(btrim(service_type)) between 1 and 100),
  constraint appointments_no_overlap exclude using gist (
    org_id with =,
    calendar_id with =,
    tstzrange(scheduled_at, ends_at, '[)') with &&
  ) where (status <> 'cancelled')
);
create index appointments_org_id_scheduled_at on booking.appointments (org_id, scheduled_at);
create index appointments_org_id_contact_id on booking.appointments (org_id, contact_id);
comment on table booking.appointments is 'Booked appointments. Active (not cancelled) appointments of one calendar never overlap: [scheduled_at, ends_at) ranges are excluded by appointments_no_overlap.';
comment on column booking.appointments.ends_at is 'scheduled_at + duration_minutes, kept by a CHECK; the overlap constraint needs it as a plain column.';
comment on column booking.appointments.confirmation_sms_sent is 'True once the confirmation SMS of this appointment was handed to the SMS provider.';

/*
 * ---------------------------------------------------------------------------
 * Privileges and row level security. Tenant roles only read, and only their
 * own organization (app_metadata.org_id of the verified JWT); service_role
 * bypasses RLS; anon sees nothing.
 * ---------------------------------------------------------------------------
 */
alter table booking.organizations enable row level security;
alter table booking.calendars     enable row level security;
alter table booking.contacts      enable row level security;
alter table booking.leads         enable row level security;
alter table booking.appointments  enable row level security;

revoke all on booking.organizations, booking.calendars, booking.contacts,
  booking.leads, booking.appointments from public, anon, authenticated;
grant select on booking.organizations, booking.calendars, booking.contacts,
  booking.leads, booking.appointments to authenticated;
grant select, insert, update, delete on booking.organizations, booking.calendars,
  booking.contacts, booking.leads, booking.appointments to service_role;

create policy "members can read their own organization" on booking.organizations
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
create policy "members can read their organization's calendars" on booking.calendars
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
create policy "members can read their organization's contacts" on booking.contacts
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
create policy "members can read their organization's leads" on booking.leads
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
create policy "members can read their organization's appointments" on booking.appointments
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
