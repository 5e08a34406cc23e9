-- Availability rules per calendar: weekly hours, date overrides, slot grid,
-- buffers, notice and horizon, service types. One rule decides what is
-- bookable: booking.offered_slots(), used by check_availability and by every
-- function that books or holds a slot.
-- depends: 0002_core_tables

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * Calendar settings (defaults suit a new clinic; set_calendar_settings
 * changes them).
 * ---------------------------------------------------------------------------
 */
alter table booking.calendars
  add column slot_interval_minutes    integer not null default 30
    constraint calendars_slot_interval_check check (slot_interval_minutes between 1 and 1440),
  add column default_duration_minutes integer not null default 30
    constraint calendars_default_duration_check check (default_duration_minutes between 1 and 1440),
  add column buffer_before_minutes    integer not null default 0
    constraint calendars_buffer_before_check check (buffer_before_minutes between 0 and 1440),
  add column buffer_after_minutes     integer not null default 0
    constraint calendars_buffer_after_check check (buffer_after_minutes between 0 and 1440),
  add column min_notice_minutes       integer not null default 60
    constraint calendars_min_notice_check check (min_notice_minutes between 0 and 525600),
  add column max_advance_days         integer not null default 90
    constraint calendars_max_advance_check check (max_advance_days between 1 and 1095);

comment on column booking.calendars.slot_interval_minutes is 'Offered start times step by this many minutes from each opening time (local wall-clock).';
comment on column booking.calendars.buffer_before_minutes is 'Preparation time before each appointment; it overlaps neither another appointment nor its buffers.';
comment on column booking.calendars.buffer_after_minutes is 'Clean-up time after each appointment; it overlaps neither another appointment nor its buffers.';
comment on column booking.calendars.min_notice_minutes is 'Earliest bookable start is now() + this notice.';
comment on column booking.calendars.max_advance_days is 'Latest bookable start is now() + this many days.';

/*
 * ---------------------------------------------------------------------------
 * Weekly opening hours, local wall-clock time of the organization.
 * ---------------------------------------------------------------------------
 */
create table booking.calendar_weekly_hours (
  org_id       uuid     not null,
  calendar_id  text     not null,
  iso_weekday  smallint not null,
  opens_at     time     not null,
  closes_at    time     not null,
  constraint calendar_weekly_hours_pkey primary key (org_id, calendar_id, iso_weekday, opens_at),
  constraint calendar_weekly_hours_calendar_fkey foreign key (org_id, calendar_id)
    references booking.calendars (org_id, calendar_id) on delete cascade,
  constraint calendar_weekly_hours_weekday_check check (iso_weekday between 1 and 7),
  constraint calendar_weekly_hours_interval_check check (opens_at < closes_at or closes_at = '00:00')
);
comment on table booking.calendar_weekly_hours is 'Opening hours per ISO weekday (1 = Monday) in the organization''s time zone; several intervals per day allowed (a lunch break). closes_at 00:00 means midnight at the end of the day.';

/*
 * ---------------------------------------------------------------------------
 * Date overrides: a date with an override uses only its own hours; an
 * override without hours is a closed day.
 * ---------------------------------------------------------------------------
 */
create table booking.calendar_date_overrides (
  org_id      uuid not null,
  calendar_id text not null,
  on_date     date not null,
  note        text,
  constraint calendar_date_overrides_pkey primary key (org_id, calendar_id, on_date),
  constraint calendar_date_overrides_calendar_fkey foreign key (org_id, calendar_id)
    references booking.calendars (org_id, calendar_id) on delete cascade,
  constraint calendar_date_overrides_note_check check (note is null or length(note) <= 500)
);
comment on table booking.calendar_date_overrides is 'Dates whose hours differ from the weekly hours (holidays, special hours). No rows in calendar_override_hours for the date: closed all day.';

create table booking.calendar_override_hours (
  org_id      uuid not null,
  calendar_id text not null,
  on_date     date not null,
  opens_at    time not null,
  closes_at   time not null,
  constraint calendar_override_hours_pkey primary key (org_id, calendar_id, on_date, opens_at),
  constraint calendar_override_hours_override_fkey foreign key (org_id, calendar_id, on_date)
    references booking.calendar_date_overrides (org_id, calendar_id, on_date) on delete cascade,
  constraint calendar_override_hours_interval_check check (opens_at < closes_at or closes_at = '00:00')
);
comment on table booking.calendar_override_hours is 'Opening hours of an overridden date, local wall-clock time.';

/*
 * ---------------------------------------------------------------------------
 * Service types of a calendar. A calendar without any accepts any service
 * type name; one with some accepts only those.
 * ---------------------------------------------------------------------------
 */
create table booking.service_types (
  org_id           uuid        not null,
  calendar_id      text        not null,
  service_type     text        not null,
  duration_minutes integer     not null,
  value_cents      integer     not null default 0,
  active           boolean     not null default true,
  created_at       timestamptz not null default now(),
  constraint service_types_pkey primary key (org_id, calendar_id, service_type),
  constraint service_types_calendar_fkey foreign key (org_id, calendar_id)
    references booking.calendars (org_id, calendar_id) on delete cascade,
  constraint service_types_name_check check (length(btrim(service_type)) between 1 and 100),
  constraint service_types_duration_check check (duration_minutes between 1 and 1440),
  constraint service_types_value_check check (value_cents >= 0)
);
-- Service names are matched case-insensitively: one row per spelling.
create unique index service_types_org_id_calendar_id_lower_name
  on booking.service_types (org_id, calendar_id, lower(service_type));
comment on table booking.service_types is 'Bookable services of a calendar with their duration (and value, a lead-scoring signal).';

/*
 * ---------------------------------------------------------------------------
 * Existing calendars keep working: Monday to Friday, 09:00 to 17:00.
 * ---------------------------------------------------------------------------
 */
insert into booking.calendar_weekly_hours (org_id, calendar_id, iso_weekday, opens_at, closes_at)
select c.org_id, c.calendar_id, d, '09:00', '17:00'
  from booking.calendars c cross join generate_series(1, 5) d
on conflict do nothing;

/*
 * ---------------------------------------------------------------------------
 * Privileges and row level security.
 * ---------------------------------------------------------------------------
 */
alter table booking.calendar_weekly_hours   enable row level security;
alter table booking.calendar_date_overrides enable row level security;
alter table booking.calendar_override_hours enable row level security;
alter table booking.service_types           enable row level security;

revoke all on booking.calendar_weekly_hours, booking.calendar_date_overrides,
  booking.calendar_override_hours, booking.service_types from public, anon, authenticated;
grant select on booking.calendar_weekly_hours, booking.calendar_date_overrides,
  booking.calendar_override_hours, booking.service_types to authenticated;
grant select, insert, update, delete on booking.calendar_weekly_hours, booking.calendar_date_overrides,
  booking.calendar_override_hours, booking.service_types to service_role;

create policy "members can read their organization's weekly hours" on booking.calendar_weekly_hours
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
create policy "members can read their organization's date overrides" on booking.calendar_date_overrides
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
create policy "members can read their organization's override hours" on booking.calendar_override_hours
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
create policy "members can read their organization's service types" on booking.service_types
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
