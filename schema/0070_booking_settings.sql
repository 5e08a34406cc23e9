-- Package settings kept in a table: the calendar-lock wait and the base URL
-- of links in SMS. They used to be custom settings (ALTER ROLE/DATABASE …
-- SET booking.lock_timeout), which only a superuser may store; Supabase's
-- `postgres` role is not one. service_role changes them with
-- public.set_booking_setting; a session's own SET booking.<name> still
-- overrides the table where it is set (booking.package_setting).
-- depends: 0050_offered_slots_single_start

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * booking.settings: one row per setting that differs from its default.
 * Configuration of the whole package, not of an organization: read (never
 * locked or counted) on the booking path.
 * ---------------------------------------------------------------------------
 */
create table booking.settings (
  name       text        not null,
  value      text        not null,
  updated_at timestamptz not null default now(),
  constraint settings_pkey primary key (name),
  constraint settings_name_check check (name in ('lock_timeout', 'public_base_url'))
);
comment on table booking.settings is
  'Reference data of the package (not of an organization): settings changed with public.set_booking_setting (lock_timeout: the calendar-lock wait, e.g. 1000ms; public_base_url: base of links in SMS). A missing row means the default; a session''s SET booking.<name> overrides a row.';

alter table booking.settings enable row level security;
revoke all on booking.settings from public, anon, authenticated, service_role;
