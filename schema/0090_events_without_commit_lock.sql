-- The live feed and the wake-ups taken off the global commit path: no lock
-- shared by every organization is taken when a booking, hold, SMS status or
-- call report commits.
-- depends: 0060_appointment_lifecycle 0066_inbound_sms_messages 0071_default_privileges_scope 0081_sms_abuse_limits
--
-- Before (0014): event ids were numbered per organization at COMMIT under
-- one advisory lock for the whole cluster (booking.events:commit), and every
-- event and every queued SMS called pg_notify in the business transaction,
-- which takes PostgreSQL's own cluster-wide notify lock at commit. Both were
-- held through the commit's WAL flush, so the commits of every clinic
-- queued behind each other.
--
-- Now:
-- * An event is stamped with the id of the transaction that wrote it (txid,
--   xid8, pg_current_xact_id()) and its rank among that transaction's
--   events of the organization (seq). The feed reads an organization's
--   events in (txid, seq) order, only those of transactions older than the
--   oldest one still running (pg_snapshot_xmin of the reader's snapshot,
--   "the horizon"): every such transaction has ended, so an event that
--   commits later always sorts after everything a client has been given.
--   This is how PgQ's snapshots and the PostgreSQL outboxes of Watermill and
--   Emmett order without a writer lock. The SSE id is the cursor
--   '<txid>-<seq>' (opaque to clients). An open transaction delays the feed
--   (of every organization) until it ends, never a writer.
-- * Events are recorded by plain AFTER ROW triggers, in the statement that
--   caused them; nothing is left for COMMIT.
-- * No pg_notify in business transactions: booking.notify_after_commit
--   records the wake-ups a transaction owes (channel and payload) in the
--   transaction-local setting booking.after_commit; the process that commits
--   (gateway, SMS worker, hold sweeper) reads it before COMMIT and sends the
--   notifications after it, in a transaction of its own. Writers that do not
--   (psql, raw SQL) are caught by the listeners' short polls.
--
-- Events recorded before this migration keep their order: their txid is 0
-- and their seq their old per-organization id (a client's old Last-Event-ID
-- N reads as the cursor '0-N').

set local lock_timeout = '5s';
set local statement_timeout = '60s';

drop trigger appointments_record_event on booking.appointments;
drop trigger appointment_holds_record_event on booking.appointment_holds;
drop trigger sms_outbox_record_event on booking.sms_outbox;
drop trigger hot_leads_record_event on booking.hot_leads;

-- booking.events is private (read through public.events_since only); the
-- key changes with its meaning. The table is small next to the business
-- tables, and the index is built in this migration's transaction.
-- squawk-ignore ban-drop-constraint
alter table booking.events drop constraint events_pkey;
-- squawk-ignore renaming-column
alter table booking.events rename column id to seq;
alter table booking.events add column txid xid8 not null default '0';
alter table booking.events alter column txid set default pg_current_xact_id();
-- squawk-ignore constraint-missing-not-valid, adding-serial-primary-key-field
alter table booking.events add constraint events_pkey primary key (org_id, txid, seq);
comment on table booking.events is 'Live feed events per organization, read in (txid, seq) order up to the horizon (the oldest running transaction); payloads hold ids and statuses, never message bodies or codes.';
comment on column booking.events.txid is 'The writing transaction (pg_current_xact_id()); 0 for events recorded before migration 0090.';
comment on column booking.events.seq is 'Rank of the event among its transaction''s events of the organization, from 1 (before 0090: the per-organization id).';

-- Nothing reads the per-organization counters any more.
-- squawk-ignore ban-drop-table
drop table booking.event_counters;

-- Trigger plumbing lives with the tables it serves (a trigger needs its
-- function when it is created). The function has two parts: WHAT an event
-- says (type and payload, by table) and HOW it is recorded; other changes
-- to the event types replace the first part only.
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
  elsif tg_table_name = 'hot_leads' then
    v_type := 'hot_lead.created';
    v_payload := jsonb_build_object('hot_lead_id', new.id, 'call_id', new.call_id,
      'lead_name', new.lead_name, 'lead_phone', new.lead_phone, 'lead_score', new.lead_score);
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

create trigger appointments_record_event
  after insert or update of status, scheduled_at, patient_confirmed_at on booking.appointments
  for each row execute function booking.record_event();
create trigger appointment_holds_record_event after insert or update of status on booking.appointment_holds
  for each row execute function booking.record_event();
create trigger sms_outbox_record_event after insert or update of status on booking.sms_outbox
  for each row execute function booking.record_event();
create trigger hot_leads_record_event after insert on booking.hot_leads
  for each row execute function booking.record_event();
create trigger sms_rate_limit_hits_record_event after insert on booking.sms_rate_limit_hits
  for each row execute function booking.record_event();

-- The feed's position is a cursor now (text): public.event_feed_start
-- replaces latest_event_id, and events_since takes a cursor
-- (functions/public.events_since.sql). Function files are applied after
-- the migrations, so on a new database they do not exist yet here.
-- squawk-ignore ban-drop-function
drop function if exists public.latest_event_id(uuid);
-- squawk-ignore ban-drop-function
drop function if exists public.events_since(uuid, bigint, integer);

comment on table booking.sms_outbox is
  'Every outgoing SMS. Inserted by booking.enqueue_sms in the transaction that causes it (the workers are woken after its commit, booking.notify_after_commit), claimed by workers via booking.claim_sms_batch, never deleted by the package.';
