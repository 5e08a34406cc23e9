-- The life of an appointment after its booking: cancel, reschedule (the
-- same row moves), patient confirmation, outcome (completed / no-show),
-- the history of every change, per-calendar notice periods for patients,
-- per-organization reminders sent through the outbox, and the manage link
-- (an unguessable per-appointment token, only its hash stored).
-- depends: 0050_offered_slots_single_start
--
-- booking.busy_time and booking.slot_is_free take a new last argument,
-- p_ignore_appointment_id (a rescheduled appointment's own interval does not
-- block its new time); their function files create the new signatures and
-- this migration drops the old ones, as STYLE rule 4 asks.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * Appointments: who cancelled, when and why; the patient's confirmation;
 * how many times the patient moved it; the actor of the last change (the
 * event feed reports it).
 * ---------------------------------------------------------------------------
 */
alter table booking.appointments
  add column cancelled_at             timestamptz,
  add column cancelled_by             text
    constraint appointments_cancelled_by_check
    check (cancelled_by in ('staff', 'patient_phone', 'patient_sms', 'patient_link')),
  add column cancellation_reason      text
    constraint appointments_cancellation_reason_check check (length(cancellation_reason) <= 500),
  add column patient_confirmed_at     timestamptz,
  add column patient_reschedule_count integer not null default 0
    constraint appointments_patient_reschedule_count_check check (patient_reschedule_count >= 0),
  add column last_changed_by          text
    constraint appointments_last_changed_by_check
    check (last_changed_by in ('staff', 'patient_phone', 'patient_sms', 'patient_link'));

comment on column booking.appointments.cancelled_at is 'When the appointment was cancelled (status cancelled); the row is kept.';
comment on column booking.appointments.cancelled_by is 'Who cancelled: staff, patient_phone (voice agent), patient_sms (reply C) or patient_link (manage page).';
comment on column booking.appointments.patient_confirmed_at is 'When the patient confirmed attendance (reply Y, voice agent or manage page); NULL until then.';
comment on column booking.appointments.patient_reschedule_count is 'Reschedules made by the patient (at most 3); staff reschedules do not count.';
comment on column booking.appointments.last_changed_by is 'Actor of the last cancel, reschedule, confirmation or outcome; reported by the event feed.';

/*
 * ---------------------------------------------------------------------------
 * Calendars: how long before the start a patient may still cancel or
 * reschedule (staff are never bound by these).
 * ---------------------------------------------------------------------------
 */
alter table booking.calendars
  add column cancel_notice_minutes     integer not null default 120
    constraint calendars_cancel_notice_check check (cancel_notice_minutes between 0 and 525600),
  add column reschedule_notice_minutes integer not null default 120
    constraint calendars_reschedule_notice_check check (reschedule_notice_minutes between 0 and 525600);

comment on column booking.calendars.cancel_notice_minutes is 'A patient may cancel only up to this many minutes before the start (TOO_LATE_TO_CHANGE after); staff may always, flagged late.';
comment on column booking.calendars.reschedule_notice_minutes is 'A patient may reschedule only up to this many minutes before the current start (TOO_LATE_TO_CHANGE after).';

/*
 * ---------------------------------------------------------------------------
 * Organizations: reminder offsets, minutes before the start (default one
 * reminder 24 hours before; empty: no reminders).
 * ---------------------------------------------------------------------------
 */
alter table booking.organizations
  add column reminder_offsets_minutes integer[] not null default '{1440}'
    constraint organizations_reminder_offsets_check check (
      cardinality(reminder_offsets_minutes) <= 5
      and array_position(reminder_offsets_minutes, null) is null
      and 1 <= all (reminder_offsets_minutes)
      and 43200 >= all (reminder_offsets_minutes));

comment on column booking.organizations.reminder_offsets_minutes is 'Reminder SMS are due this many minutes before each appointment''s start (at most 5 offsets, 1 minute to 30 days). Set with public.set_reminder_offsets.';

/*
 * ---------------------------------------------------------------------------
 * SMS outbox: the lifecycle's message kinds, and the start a message
 * announces (a reminder is sent only while its appointment is still active
 * at that start: booking.claim_sms_batch settles it as canceled otherwise).
 * ---------------------------------------------------------------------------
 */
-- The kind check is replaced by a wider one in the same statement, NOT
-- VALID: every existing row was written under the narrower check, so there
-- is nothing to validate (and no scan of the outbox under lock).
alter table booking.sms_outbox
  -- squawk-ignore ban-drop-constraint
  drop constraint sms_outbox_kind_check,
  add constraint sms_outbox_kind_check check (kind in (
    'confirmation', 'otp', 'hot_lead_alert', 'reminder', 'cancellation', 'reschedule', 'reply')) not valid,
  add column appointment_scheduled_at timestamptz,
  add column reminder_offset_minutes  integer
    constraint sms_outbox_reminder_offset_check check (reminder_offset_minutes between 1 and 43200);

comment on column booking.sms_outbox.kind is
  'confirmation, otp, hot_lead_alert, reminder, cancellation, reschedule (appointment lifecycle) or reply (an answer to an inbound SMS).';
comment on column booking.sms_outbox.appointment_scheduled_at is
  'The appointment start the message announces. A reminder is claimed only while its appointment is scheduled or confirmed at exactly this start; otherwise it is settled as canceled (APPOINTMENT_CHANGED).';
comment on column booking.sms_outbox.reminder_offset_minutes is 'For a reminder: minutes before the start it is due (one of the organization''s reminder offsets).';

-- A reminder per appointment, start and offset: rebooking reminders after a
-- reschedule or a settings change never doubles one. (yoyo runs each
-- migration in a transaction, so not CONCURRENTLY; no row has kind
-- reminder before this migration, so the index starts empty.)
-- squawk-ignore require-concurrent-index-creation
create unique index sms_outbox_one_reminder_per_start_and_offset
  on booking.sms_outbox (org_id, appointment_id, appointment_scheduled_at, reminder_offset_minutes)
  where kind = 'reminder' and status <> 'canceled';

/*
 * ---------------------------------------------------------------------------
 * appointment_history: every change after the booking, who made it, when,
 * from what to what and why. Written by the lifecycle functions only.
 * ---------------------------------------------------------------------------
 */
create table booking.appointment_history (
  org_id            uuid        not null,
  id                uuid        not null default gen_random_uuid(),
  appointment_id    uuid        not null,
  action            text        not null,
  actor             text        not null,
  occurred_at       timestamptz not null default clock_timestamp(),
  from_status       text,
  to_status         text,
  from_scheduled_at timestamptz,
  to_scheduled_at   timestamptz,
  reason            text,
  late              boolean     not null default false,
  constraint appointment_history_pkey primary key (org_id, id),
  constraint appointment_history_appointment_fkey foreign key (org_id, appointment_id)
    references booking.appointments (org_id, id) on delete cascade,
  constraint appointment_history_action_check
    check (action in ('cancelled', 'rescheduled', 'patient_confirmed', 'completed', 'no_show')),
  constraint appointment_history_actor_check
    check (actor in ('staff', 'patient_phone', 'patient_sms', 'patient_link')),
  constraint appointment_history_reason_check check (length(reason) <= 500)
);
create index appointment_history_appointment
  on booking.appointment_history (org_id, appointment_id, occurred_at);
comment on table booking.appointment_history is
  'Every change of an appointment after its booking: action (cancelled, rescheduled, patient_confirmed, completed, no_show), actor, time, status and start before and after, reason. Members read their organization''s rows.';
comment on column booking.appointment_history.late is
  'True for a staff cancellation or reschedule inside the calendar''s patient notice period (a patient would have been refused).';

/*
 * ---------------------------------------------------------------------------
 * appointment_manage_tokens: the manage link's tokens. Only the SHA-256 of
 * a token is stored (a token is 192 random bits, so no salt or key is
 * needed); any number of live tokens per appointment.
 * ---------------------------------------------------------------------------
 */
create table booking.appointment_manage_tokens (
  org_id         uuid        not null,
  token_sha256   bytea       not null,
  appointment_id uuid        not null,
  created_at     timestamptz not null default now(),
  constraint appointment_manage_tokens_pkey primary key (org_id, token_sha256),
  constraint appointment_manage_tokens_appointment_fkey foreign key (org_id, appointment_id)
    references booking.appointments (org_id, id) on delete cascade,
  constraint appointment_manage_tokens_sha256_check check (length(token_sha256) = 32)
);
-- The token-gated functions know only the token. (Global lookup: in a
-- distributed deployment it is one query across shards, no write.)
create index appointment_manage_tokens_token_sha256
  on booking.appointment_manage_tokens (token_sha256);
create index appointment_manage_tokens_appointment
  on booking.appointment_manage_tokens (org_id, appointment_id);
comment on table booking.appointment_manage_tokens is
  'SHA-256 digests of manage-link tokens (<PUBLIC_BASE_URL>/a/<token>) and their appointment. The tokens themselves are never stored.';

alter table booking.appointment_history       enable row level security;
alter table booking.appointment_manage_tokens enable row level security;

revoke all on booking.appointment_history, booking.appointment_manage_tokens
  from public, anon, authenticated, service_role;
grant select on booking.appointment_history to authenticated, service_role;

create policy "members can read their organization's appointment history" on booking.appointment_history
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));

-- Events: a reschedule (new start) and a patient's confirmation are events
-- too, and lifecycle events say who acted: what booking.record_event says
-- and the columns its appointments trigger watches are defined once, in
-- 0090_events_without_commit_lock.

/*
 * ---------------------------------------------------------------------------
 * Signature changes: the function files create the new ones.
 * ---------------------------------------------------------------------------
 */
-- Internal functions of the private schema, called only by this package's
-- own functions and replaced in the same release (STYLE rule 4).
-- squawk-ignore ban-drop-function
drop function if exists booking.busy_time(uuid, text, timestamptz, timestamptz, uuid);
-- squawk-ignore ban-drop-function
drop function if exists booking.slot_is_free(uuid, text, timestamptz, timestamptz, uuid);
