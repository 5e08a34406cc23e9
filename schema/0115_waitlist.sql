-- The waitlist (issue 25): patients wait for a time to open; a freed
-- interval of a calendar (a cancellation, a reschedule away, a staff block
-- removed, a hold released or expired on a slot being offered) is offered,
-- in the transaction that freed it, to the best-ranked open entries in
-- batches, by SMS (outbox kind waitlist_offer) with a link; the first valid
-- claim books it under the calendar lock, the EXCLUDE constraint behind it.
-- depends: 0114_sms_inbox
--
-- What freeing and taking time means is decided by the functions
-- booking.waitlist_interval_freed and booking.waitlist_interval_taken; the
-- triggers of this migration only call them, so every writer of a calendar
-- (the lifecycle functions, staff, the hold sweeper, a DBA's UPDATE) frees
-- and takes time for the waitlist alike. Checks are replaced by wider ones
-- in the same statement, NOT VALID, as 0114 did.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

-- Settings ---------------------------------------------------------------------
create table booking.waitlist_settings (
  org_id        uuid        not null,
  enabled       boolean     not null default false,
  batch_size    integer     not null default 3,
  offer_minutes integer     not null default 15,
  quiet_start   time        not null default '20:00',
  quiet_end     time        not null default '08:00',
  updated_at    timestamptz not null default now(),
  constraint waitlist_settings_pkey primary key (org_id),
  constraint waitlist_settings_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint waitlist_settings_batch_size_check check (batch_size between 1 and 50),
  constraint waitlist_settings_offer_minutes_check check (offer_minutes between 5 and 240)
);
comment on table booking.waitlist_settings is
  'A clinic''s waitlist: enabled (default off), offers per batch (default 3), minutes an offer stays open (default 15), quiet hours in the clinic''s zone when no offer is sent (default 20:00-08:00; equal times: none). No row: the defaults. Written by public.set_waitlist_settings.';

-- Entries ----------------------------------------------------------------------
create table booking.waitlist_entries (
  org_id         uuid        not null,
  id             uuid        not null default gen_random_uuid(),
  contact_id     uuid        not null,
  service_type   text        not null,
  calendar_id    text,
  earliest       date        not null,
  latest         date        not null,
  weekdays       integer[],
  day_start      time,
  day_end        time,
  appointment_id uuid,
  status         text        not null default 'open',
  joined_by      text        not null,
  created_at     timestamptz not null default now(),
  closed_at      timestamptz,
  constraint waitlist_entries_pkey primary key (org_id, id),
  constraint waitlist_entries_contact_fkey foreign key (org_id, contact_id)
    references booking.contacts (org_id, id) on delete cascade,
  constraint waitlist_entries_calendar_fkey foreign key (org_id, calendar_id)
    references booking.calendars (org_id, calendar_id) on delete cascade,
  constraint waitlist_entries_appointment_fkey foreign key (org_id, appointment_id)
    references booking.appointments (org_id, id) on delete cascade,
  constraint waitlist_entries_window_check
    check (earliest <= latest and latest <= earliest + 90),
  constraint waitlist_entries_weekdays_check
    check (weekdays is null or (cardinality(weekdays) between 1 and 7 and weekdays <@ array[1, 2, 3, 4, 5, 6, 7])),
  constraint waitlist_entries_day_window_check
    check ((day_start is null and day_end is null) or (day_start is not null and day_end is not null and day_start < day_end)),
  constraint waitlist_entries_status_check check (status in ('open', 'booked', 'left', 'expired')),
  constraint waitlist_entries_closed_check check ((status = 'open') = (closed_at is null)),
  constraint waitlist_entries_joined_by_check
    check (joined_by in ('staff', 'patient_phone', 'patient_sms', 'patient_link')),
  constraint waitlist_entries_service_type_check check (length(btrim(service_type)) between 1 and 100)
);
create index waitlist_entries_open on booking.waitlist_entries (org_id, created_at) where status = 'open';
create index waitlist_entries_contact on booking.waitlist_entries (org_id, contact_id);
create index waitlist_entries_appointment on booking.waitlist_entries (org_id, appointment_id)
  where appointment_id is not null;
comment on table booking.waitlist_entries is
  'A patient waiting for a time: service, calendar (NULL: any offering the service), a window of clinic-local dates (inclusive, at most 91 days), optional ISO weekdays (1 = Monday) and a time-of-day window for the start; appointment_id: an earlier time for that appointment (a claim moves it). status open, booked (claimed an offer), left (patient or staff) or expired (its window passed).';

-- Freed intervals being offered ---------------------------------------------------
create table booking.waitlist_slots (
  org_id           uuid        not null,
  id               uuid        not null default gen_random_uuid(),
  calendar_id      text        not null,
  starts_at        timestamptz not null,
  ends_at          timestamptz not null,
  cause            text        not null,
  status           text        not null default 'offering',
  batches          integer     not null default 0,
  next_batch_at    timestamptz,
  taken_by_hold_id uuid,
  appointment_id   uuid,
  created_at       timestamptz not null default now(),
  first_offered_at timestamptz,
  filled_at        timestamptz,
  closed_at        timestamptz,
  constraint waitlist_slots_pkey primary key (org_id, id),
  constraint waitlist_slots_calendar_fkey foreign key (org_id, calendar_id)
    references booking.calendars (org_id, calendar_id) on delete cascade,
  constraint waitlist_slots_interval_check check (isfinite(starts_at) and starts_at < ends_at),
  constraint waitlist_slots_cause_check
    check (cause in ('cancelled', 'rescheduled', 'hold_released', 'block_removed', 'remainder')),
  constraint waitlist_slots_status_check check (status in ('offering', 'filled', 'taken', 'unfilled')),
  constraint waitlist_slots_filled_check check ((status = 'filled') = (filled_at is not null))
);
create index waitlist_slots_offering on booking.waitlist_slots (org_id, calendar_id, starts_at)
  where status = 'offering';
create index waitlist_slots_due on booking.waitlist_slots (next_batch_at) where status = 'offering';
create index waitlist_slots_created on booking.waitlist_slots (org_id, created_at);
create index waitlist_slots_hold on booking.waitlist_slots (org_id, taken_by_hold_id)
  where taken_by_hold_id is not null;
comment on table booking.waitlist_slots is
  'An interval of a calendar that freed up (cause) while the clinic''s waitlist was on, and its offering: offering (batches sent, next_batch_at: a batch owed then, e.g. after quiet hours), filled (a claim booked it: appointment_id, filled_at), taken (booked, held or blocked by anyone else: its offers stopped; taken_by_hold_id: a hold, whose release offers it again) or unfilled (no one left to offer it, or too late). created_at is when it freed.';

-- Offers -----------------------------------------------------------------------------
create table booking.waitlist_offers (
  org_id           uuid        not null,
  id               uuid        not null default gen_random_uuid(),
  slot_id          uuid        not null,
  entry_id         uuid        not null,
  calendar_id      text        not null,
  starts_at        timestamptz not null,
  service_type     text        not null,
  duration_minutes integer     not null,
  batch            integer     not null,
  rank             integer     not null,
  status           text        not null default 'sent',
  token_sha256     bytea       not null,
  message_id       uuid,
  appointment_id   uuid,
  offered_at       timestamptz not null default now(),
  expires_at       timestamptz not null,
  answered_at      timestamptz,
  constraint waitlist_offers_pkey primary key (org_id, id),
  constraint waitlist_offers_slot_fkey foreign key (org_id, slot_id)
    references booking.waitlist_slots (org_id, id) on delete cascade,
  constraint waitlist_offers_entry_fkey foreign key (org_id, entry_id)
    references booking.waitlist_entries (org_id, id) on delete cascade,
  constraint waitlist_offers_slot_entry_key unique (org_id, slot_id, entry_id),
  constraint waitlist_offers_status_check
    check (status in ('sent', 'claimed', 'taken', 'expired', 'withdrawn', 'declined')),
  constraint waitlist_offers_duration_check check (duration_minutes between 1 and 1440),
  constraint waitlist_offers_rank_check check (rank >= 1),
  constraint waitlist_offers_sha256_check check (length(token_sha256) = 32)
);
-- One claimed offer per slot: the constraint behind the calendar lock.
create unique index waitlist_offers_one_claim on booking.waitlist_offers (org_id, slot_id)
  where status = 'claimed';
-- The link's token is the credential: found by its digest alone.
create index waitlist_offers_token_sha256 on booking.waitlist_offers (token_sha256);
create index waitlist_offers_message on booking.waitlist_offers (org_id, message_id);
create index waitlist_offers_entry on booking.waitlist_offers (org_id, entry_id);
create index waitlist_offers_due on booking.waitlist_offers (expires_at) where status = 'sent';
comment on table booking.waitlist_offers is
  'An offer of a freed slot to a waitlist entry: the start and service it books, its batch, its rank in the batch (1: the best fit), the outbox message (kind waitlist_offer) and the SHA-256 of its link''s token (<PUBLIC_BASE_URL>/w/<token>; the token is never stored). status sent, claimed (this offer booked the slot: appointment_id), taken (another claim or booking won), expired (unanswered in time), withdrawn (the slot was taken before an answer) or declined (the patient left the waitlist).';

alter table booking.waitlist_settings enable row level security;
alter table booking.waitlist_entries  enable row level security;
alter table booking.waitlist_slots    enable row level security;
alter table booking.waitlist_offers   enable row level security;
revoke all on booking.waitlist_settings, booking.waitlist_entries, booking.waitlist_slots, booking.waitlist_offers
  from public, anon, authenticated, service_role;
grant select on booking.waitlist_settings, booking.waitlist_entries, booking.waitlist_slots
  to authenticated, service_role;
grant select (org_id, id, slot_id, entry_id, calendar_id, starts_at, service_type, duration_minutes, batch,
              rank, status, message_id, appointment_id, offered_at, expires_at, answered_at)
  on booking.waitlist_offers to authenticated, service_role;
create policy "members can read their organization's waitlist settings" on booking.waitlist_settings
  for select to authenticated using (org_id = any ((select booking.member_org_ids())::uuid[]));
create policy "members can read their organization's waitlist" on booking.waitlist_entries
  for select to authenticated using (org_id = any ((select booking.member_org_ids())::uuid[]));
create policy "members can read their organization's waitlist slots" on booking.waitlist_slots
  for select to authenticated using (org_id = any ((select booking.member_org_ids())::uuid[]));
create policy "members can read their organization's waitlist offers" on booking.waitlist_offers
  for select to authenticated using (org_id = any ((select booking.member_org_ids())::uuid[]));

-- The outbox: offers are a kind of message --------------------------------------------
alter table booking.sms_outbox
  -- squawk-ignore ban-drop-constraint
  drop constraint sms_outbox_kind_check,
  add constraint sms_outbox_kind_check check (kind in (
    'confirmation', 'otp', 'hot_lead_alert', 'reminder', 'cancellation', 'reschedule', 'reply',
    'staff_invitation', 'test_sms', 'staff_reply', 'waitlist_offer')) not valid;
comment on column booking.sms_outbox.kind is
  'confirmation, otp, hot_lead_alert, reminder, cancellation, reschedule (appointment lifecycle), reply (an automatic answer to an inbound SMS), staff_invitation (a link to join a clinic''s staff), test_sms (an owner or admin trying the clinic''s SMS settings), staff_reply (a member answering a patient''s text from the messages inbox) or waitlist_offer (a freed time offered to a waitlisted patient).';

-- An offer's link leaves the stored body with the message, as a manage link does (0106).
create or replace function booking.redact_sent_manage_links()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.body := regexp_replace(new.body, '(https?://[^[:space:]]*)?/a/[A-Za-z0-9_-]{22,64}',
                             booking.sms_manage_link_marker(), 'g');
  new.body := regexp_replace(new.body, '(https?://[^[:space:]]*)?/w/[A-Za-z0-9_-]{22,64}',
                             '[offer link]', 'g');
  return new;
end;
$$;
revoke execute on function booking.redact_sent_manage_links() from public;
comment on function booking.redact_sent_manage_links() is
  'Trigger: replaces the manage links (<base>/a/<token>) of an SMS body by the marker booking.sms_manage_link_marker(), and waitlist offer links (<base>/w/<token>) by [offer link], once the message left pending/claimed or was recorded suppressed.';

-- Freeing and taking time: the triggers -------------------------------------------------
create function booking.waitlist_track_appointment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and old.status <> 'cancelled' and old.status <> 'no_show' and old.status <> 'completed'
     and (new.status = 'cancelled' or new.scheduled_at <> old.scheduled_at or new.calendar_id <> old.calendar_id) then
    perform booking.waitlist_interval_freed(old.org_id, old.calendar_id, old.scheduled_at, old.ends_at,
      case when new.status = 'cancelled' then 'cancelled' else 'rescheduled' end);
  end if;
  if new.status <> 'cancelled' and (tg_op = 'INSERT' or new.scheduled_at <> old.scheduled_at
                                    or new.calendar_id <> old.calendar_id or old.status = 'cancelled') then
    perform booking.waitlist_interval_taken(new.org_id, new.calendar_id, new.scheduled_at, new.ends_at, null);
  end if;
  if tg_op = 'INSERT' then
    perform booking.waitlist_patient_booked(new.org_id, new.contact_id, new.service_type, new.scheduled_at);
  end if;
  return null;
end;
$$;
revoke execute on function booking.waitlist_track_appointment() from public;
comment on function booking.waitlist_track_appointment() is
  'AFTER ROW trigger of appointments: a cancellation or a move frees the old interval for the waitlist (booking.waitlist_interval_freed); a booking or a move takes the new one (booking.waitlist_interval_taken); a booking satisfies the patient''s own waiting for that service (booking.waitlist_patient_booked).';

create trigger appointments_waitlist after insert on booking.appointments
  for each row execute function booking.waitlist_track_appointment();
create trigger appointments_waitlist_change after update of status, scheduled_at, calendar_id on booking.appointments
  for each row
  when (new.status is distinct from old.status or new.scheduled_at is distinct from old.scheduled_at
        or new.calendar_id is distinct from old.calendar_id)
  execute function booking.waitlist_track_appointment();

create function booking.waitlist_track_hold()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform booking.waitlist_interval_taken(new.org_id, new.calendar_id, new.scheduled_at,
      new.scheduled_at + make_interval(mins => new.duration_minutes), new.id);
  elsif new.status in ('released', 'expired') and old.status = 'active'
        and exists (select from booking.waitlist_slots s
                     where s.org_id = new.org_id and s.taken_by_hold_id = new.id) then
    -- A hold on a slot being offered let go without a booking: offered again.
    perform booking.waitlist_interval_freed(new.org_id, new.calendar_id, new.scheduled_at,
      new.scheduled_at + make_interval(mins => new.duration_minutes), 'hold_released');
  end if;
  return null;
end;
$$;
revoke execute on function booking.waitlist_track_hold() from public;
comment on function booking.waitlist_track_hold() is
  'AFTER ROW trigger of appointment_holds: a new hold takes its interval from the waitlist''s offers; a hold that had taken a slot being offered and is released or expires frees it again.';

create trigger appointment_holds_waitlist after insert on booking.appointment_holds
  for each row execute function booking.waitlist_track_hold();
create trigger appointment_holds_waitlist_change after update of status on booking.appointment_holds
  for each row
  when (new.status is distinct from old.status and new.status in ('released', 'expired') and old.status = 'active')
  execute function booking.waitlist_track_hold();

create function booking.waitlist_track_block()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform booking.waitlist_interval_taken(new.org_id, new.calendar_id, new.starts_at, new.ends_at, null);
  else
    perform booking.waitlist_interval_freed(old.org_id, old.calendar_id, old.starts_at, old.ends_at, 'block_removed');
  end if;
  return null;
end;
$$;
revoke execute on function booking.waitlist_track_block() from public;
comment on function booking.waitlist_track_block() is
  'AFTER ROW trigger of calendar_blocks: a block takes its interval from the waitlist''s offers; a removed block frees it.';

create trigger calendar_blocks_waitlist after insert or delete on booking.calendar_blocks
  for each row execute function booking.waitlist_track_block();

-- The live feed: waitlist.joined / left / expired (entries) and
-- waitlist.offered / claimed / expired (offers). WHAT part of
-- booking.record_event (0105) gains the tables; HOW is unchanged.
create or replace function booking.record_event()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_type text;
  v_payload jsonb;
begin
  -- WHAT an event says: its type and payload, by table -------------------
  if tg_table_name = 'appointments' then
    if tg_op = 'INSERT' then
      v_type := 'appointment.booked';
    elsif new.status is distinct from old.status then
      v_type := 'appointment.' || new.status;
    elsif new.scheduled_at is distinct from old.scheduled_at then
      v_type := 'appointment.rescheduled';
    elsif new.patient_confirmed_at is not null and old.patient_confirmed_at is null then
      v_type := 'appointment.patient_confirmed';
    end if;
    v_payload := jsonb_build_object('appointment_id', new.id, 'calendar_id', new.calendar_id,
      'contact_id', new.contact_id, 'service_type', new.service_type,
      'scheduled_at', new.scheduled_at, 'duration_minutes', new.duration_minutes, 'status', new.status);
    if tg_op = 'UPDATE' then
      v_payload := v_payload || jsonb_build_object('actor', new.last_changed_by);
      if new.scheduled_at is distinct from old.scheduled_at then
        v_payload := v_payload || jsonb_build_object('previous_scheduled_at', old.scheduled_at);
      end if;
    end if;
  elsif tg_table_name = 'appointment_holds' then
    if tg_op = 'INSERT' then
      v_type := 'hold.claimed';
    elsif new.status is distinct from old.status then
      v_type := 'hold.' || case new.status when 'consumed' then 'confirmed' else new.status end;
    end if;
    v_payload := jsonb_build_object('hold_id', new.id, 'calendar_id', new.calendar_id,
      'scheduled_at', new.scheduled_at, 'duration_minutes', new.duration_minutes,
      'expires_at', new.expires_at, 'status', new.status, 'appointment_id', new.appointment_id);
  elsif tg_table_name = 'sms_outbox' then
    -- A reminder queued at booking for later is not news: it enters the
    -- feed when it is claimed for sending, or canceled.
    if tg_op = 'INSERT' then
      v_type := case when new.kind <> 'reminder' then 'sms.queued' end;
    elsif new.status is distinct from old.status then
      v_type := 'sms.status_changed';
    end if;
    v_payload := jsonb_build_object('message_id', new.id, 'kind', new.kind, 'status', new.status,
      'appointment_id', new.appointment_id, 'error_code', new.error_code);
  elsif tg_table_name = 'sms_rate_limit_hits' then
    v_type := 'sms.rate_limited';
    v_payload := jsonb_build_object('limit', new.limit_name, 'limit_value', new.limit_value);
  elsif tg_table_name = 'inbound_sms_texts' then
    -- A patient's free text for the clinic's staff (never its text here).
    v_type := 'sms.received';
    v_payload := jsonb_build_object('inbound_text_id', new.id, 'contact_id', new.contact_id,
      'appointment_id', new.appointment_id);
  elsif tg_table_name = 'hot_leads' then
    v_type := 'hot_lead.created';
    v_payload := jsonb_build_object('hot_lead_id', new.id, 'call_id', new.call_id,
      'lead_name', new.lead_name, 'lead_phone', new.lead_phone, 'lead_score', new.lead_score);
  elsif tg_table_name = 'waitlist_entries' then
    if tg_op = 'INSERT' then
      v_type := 'waitlist.joined';
    elsif new.status is distinct from old.status and new.status in ('left', 'expired') then
      v_type := 'waitlist.' || new.status;
    end if;
    v_payload := jsonb_build_object('waitlist_entry_id', new.id, 'contact_id', new.contact_id,
      'service_type', new.service_type, 'calendar_id', new.calendar_id, 'status', new.status,
      'appointment_id', new.appointment_id);
  elsif tg_table_name = 'waitlist_offers' then
    if tg_op = 'INSERT' then
      v_type := 'waitlist.offered';
    elsif new.status is distinct from old.status and new.status in ('claimed', 'expired') then
      v_type := 'waitlist.' || new.status;
    end if;
    v_payload := jsonb_build_object('waitlist_offer_id', new.id, 'waitlist_entry_id', new.entry_id,
      'slot_id', new.slot_id, 'calendar_id', new.calendar_id, 'scheduled_at', new.starts_at,
      'service_type', new.service_type, 'status', new.status, 'appointment_id', new.appointment_id);
  end if;
  if v_type is null then
    return null;
  end if;

  -- HOW it is recorded: no lock, no counter shared across organizations ---
  insert into booking.events (org_id, seq, type, payload)
  values (new.org_id,
          coalesce((select max(e.seq) from booking.events e
                     where e.org_id = new.org_id and e.txid = pg_current_xact_id()), 0) + 1,
          v_type, v_payload);
  perform booking.notify_after_commit('booking_events', new.org_id::text);
  return null;
end;
$$;
revoke execute on function booking.record_event() from public;
comment on function booking.record_event() is 'AFTER ROW trigger: records a live-feed event (booking.events) stamped with the transaction id and its rank in the transaction, and owes booking_events a wake-up after commit (booking.notify_after_commit). Takes no lock.';

create trigger waitlist_entries_record_event after insert on booking.waitlist_entries
  for each row execute function booking.record_event();
create trigger waitlist_entries_record_event_change after update of status on booking.waitlist_entries
  for each row when (new.status is distinct from old.status) execute function booking.record_event();
create trigger waitlist_offers_record_event after insert on booking.waitlist_offers
  for each row execute function booking.record_event();
create trigger waitlist_offers_record_event_change after update of status on booking.waitlist_offers
  for each row when (new.status is distinct from old.status) execute function booking.record_event();
