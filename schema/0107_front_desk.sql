-- The front desk (issue 23): staff bookings inside the minimum notice
-- (walk-ins), blocked time on a calendar, check-in and attendance
-- corrections with who made them, patient search (pg_trgm).
-- depends: 0098_staff_invitation_sms
--
-- Checks are replaced by wider ones in the same statement, NOT VALID: every
-- existing row was written under the narrower check (as 0060 and 0098 did).
-- The new indexes are built in the migration's transaction (yoyo), so not
-- CONCURRENTLY.

set local lock_timeout = '5s';
set local statement_timeout = '300s';

create extension if not exists pg_trgm with schema extensions;

-- Staff bookings and check-in -------------------------------------------------
alter table booking.appointments add column booked_by_staff boolean not null default false;
alter table booking.appointments add column booked_by_account_id uuid;
alter table booking.appointments add column checked_in_at timestamptz;
comment on column booking.appointments.booked_by_staff is
  'True for an appointment staff booked (public.staff_book_appointment: walk-ins may be inside the minimum notice); its history has a booked row saying who.';
comment on column booking.appointments.booked_by_account_id is
  'The member (JWT sub) who booked it as staff; NULL for a patient''s booking or service_role''s.';
comment on column booking.appointments.checked_in_at is
  'When staff checked the patient in (arrived); NULL when not arrived, cleared by a no-show or a correction.';

-- The day view reads a calendar's appointments of a date range through the
-- existing appointments_org_id_scheduled_at (org_id, scheduled_at): a
-- clinic's day is a few dozen rows whatever the table's size
-- (bench/day_view.py), so no new index taxes every booking.

-- Who did it --------------------------------------------------------------------
alter table booking.appointment_history add column actor_account_id uuid;
comment on column booking.appointment_history.actor_account_id is
  'The member (the JWT sub of an authenticated caller) who made a staff change; NULL for patients, the service and changes before migration 0107. Stamped by a trigger, so every staff function records it.';

alter table booking.appointment_history
  -- squawk-ignore ban-drop-constraint
  drop constraint appointment_history_action_check,
  add constraint appointment_history_action_check check (action in (
    'booked', 'cancelled', 'rescheduled', 'patient_confirmed', 'checked_in', 'completed', 'no_show',
    'attendance_cleared')) not valid;
comment on table booking.appointment_history is
  'Every change of an appointment after its booking (and a staff booking itself): action (booked, cancelled, rescheduled, patient_confirmed, checked_in, completed, no_show, attendance_cleared), actor and the member who acted, time, status and start before and after, reason. Members read their organization''s rows.';

create function booking.stamp_history_actor()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.actor = 'staff' and new.actor_account_id is null then
    new.actor_account_id := booking.caller_account_id();
  end if;
  return new;
end;
$$;
revoke execute on function booking.stamp_history_actor() from public;
comment on function booking.stamp_history_actor() is
  'BEFORE INSERT trigger of appointment_history: a staff row records the member acting (booking.caller_account_id()).';
create trigger appointment_history_stamp_actor before insert on booking.appointment_history
  for each row execute function booking.stamp_history_actor();

-- Blocked time ------------------------------------------------------------------
create table booking.calendar_blocks (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  calendar_id text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason text,
  created_by_account_id uuid,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, calendar_id) references booking.calendars (org_id, calendar_id) on delete cascade,
  constraint calendar_blocks_interval_check
    check (isfinite(starts_at) and isfinite(ends_at) and starts_at < ends_at
           and ends_at <= starts_at + interval '366 days'),
  constraint calendar_blocks_reason_check check (length(reason) <= 200)
);
comment on table booking.calendar_blocks is
  'Time a calendar does not offer (lunch, a meeting, leave), [starts_at, ends_at): busy like an appointment (booking.busy_time). Written by public.block_calendar_time / remove_calendar_block; a block never covers an active appointment or a live hold.';
comment on column booking.calendar_blocks.created_by_account_id is
  'The member (JWT sub) who added it; NULL for service_role.';
create index calendar_blocks_during on booking.calendar_blocks
  using gist (org_id, calendar_id, tstzrange(starts_at, ends_at, '[)'));

alter table booking.calendar_blocks enable row level security;
revoke all on booking.calendar_blocks from public, anon, authenticated;
grant select on booking.calendar_blocks to authenticated;
grant select, insert, update, delete on booking.calendar_blocks to service_role;
create policy "members can read their organization's calendar blocks" on booking.calendar_blocks
  for select to authenticated
  using (org_id = any ((select booking.member_org_ids())::uuid[]));

-- Patient search ------------------------------------------------------------------
-- squawk-ignore require-concurrent-index-creation
create index contacts_name_trigram on booking.contacts using gin (name extensions.gin_trgm_ops);
-- squawk-ignore require-concurrent-index-creation
create index contacts_phone_trigram on booking.contacts using gin (phone extensions.gin_trgm_ops);

-- Internal functions of the private schema, called only by this package's
-- own functions and replaced in the same release with a notice argument
-- (STYLE rule 4).
-- squawk-ignore ban-drop-function
drop function if exists booking.offered_slots(uuid, text, date, integer, timestamptz);
-- squawk-ignore ban-drop-function
drop function if exists booking.unbookable_reason(uuid, text, timestamptz, integer);
-- squawk-ignore ban-drop-function
drop function if exists booking.available_slots(uuid, text, date, integer, text, uuid);
