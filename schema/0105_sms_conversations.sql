-- Two-way SMS that follows the conversation (issue 24): a reply keyword
-- applies to the appointment the clinic's latest message to the number was
-- about, on a Twilio number shared by several clinics to the one clinic
-- that last texted the patient, and a patient's free text is kept for the
-- clinic's staff (an sms.received live-feed event) instead of dropped.
-- depends: 0098_staff_invitation_sms
--
-- booking.record_inbound_sms gains p_to (the number the text was sent to);
-- its file creates the new signature, this migration drops the old one.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * inbound_sms_texts: every inbound SMS that is not a keyword, for the
 * clinic's staff (members read their organization's).
 * ---------------------------------------------------------------------------
 */
create table booking.inbound_sms_texts (
  org_id           uuid        not null,
  id               uuid        not null default gen_random_uuid(),
  sender           text        not null,
  receiving_number text,
  body             text        not null,
  received_at      timestamptz not null default now(),
  message_sid      text,
  contact_id       uuid,
  appointment_id   uuid,
  acknowledgement_id uuid,
  constraint inbound_sms_texts_pkey primary key (org_id, id),
  constraint inbound_sms_texts_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint inbound_sms_texts_contact_fkey foreign key (org_id, contact_id)
    references booking.contacts (org_id, id) on delete set null (contact_id),
  constraint inbound_sms_texts_appointment_fkey foreign key (org_id, appointment_id)
    references booking.appointments (org_id, id) on delete set null (appointment_id),
  constraint inbound_sms_texts_sender_check check (sender ~ '^\+[1-9][0-9]{1,14}$'),
  constraint inbound_sms_texts_receiving_number_check check (length(receiving_number) between 1 and 64),
  constraint inbound_sms_texts_body_check check (length(body) <= 1600),
  constraint inbound_sms_texts_message_sid_check check (length(message_sid) between 1 and 64)
);
-- A conversation's texts, newest first (the once-a-day acknowledgement).
create index inbound_sms_texts_by_sender on booking.inbound_sms_texts (org_id, sender, received_at desc);
comment on table booking.inbound_sms_texts is
  'Inbound SMS that are not keywords (a patient''s free text for the clinic''s staff), kept per organization: who sent it to which number, the text, when, the matched patient (contact) and upcoming appointment. Each row is an sms.received live-feed event. Members read their organization''s.';
comment on column booking.inbound_sms_texts.sender is 'E.164 number the text came from.';
comment on column booking.inbound_sms_texts.receiving_number is 'The number (or messaging service) it was sent to, as Twilio gave it; NULL when unknown.';
comment on column booking.inbound_sms_texts.acknowledgement_id is 'The automatic acknowledgement queued for it (booking.sms_outbox id, kind reply); NULL when the conversation already had one that day, or auto-replies to the sender were over their limit.';

alter table booking.inbound_sms_texts enable row level security;
revoke all on booking.inbound_sms_texts from public, anon, authenticated, service_role;
grant select on booking.inbound_sms_texts to authenticated;
create policy "members can read their organization's inbound texts" on booking.inbound_sms_texts
  for select to authenticated
  using (org_id = any ((select booking.member_org_ids())::uuid[]));

-- What the clinic sent one number, newest first: the reply context, the
-- clinic a reply on a shared number belongs to, the per-recipient volume.
-- The outbox is written by every booking; the index is built in this
-- migration's transaction like 0081's.
-- squawk-ignore require-concurrent-index-creation
create index sms_outbox_by_recipient on booking.sms_outbox (org_id, recipient, created_at desc);

/*
 * ---------------------------------------------------------------------------
 * The live feed: an inbound text is an sms.received event. WHAT part of
 * booking.record_event (0090) gains the table; HOW is unchanged.
 * ---------------------------------------------------------------------------
 */
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

create trigger inbound_sms_texts_record_event after insert on booking.inbound_sms_texts
  for each row execute function booking.record_event();

-- An internal function of the private schema, called only by the webhook
-- through shim/queries.py, replaced in the same release (STYLE rule 4).
-- squawk-ignore ban-drop-function
drop function if exists booking.record_inbound_sms(uuid, text, text, text);
-- squawk-ignore ban-drop-function
drop function if exists booking.apply_inbound_sms(booking.organizations, text, text);
