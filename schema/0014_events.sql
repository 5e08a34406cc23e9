-- The live event feed: appointment booked, hold claimed/released/expired/
-- confirmed, SMS status changed, hot lead created. Triggers write each
-- event to booking.events and pg_notify('booking_events', ...) in the
-- transaction that caused it; the shim's SSE endpoint LISTENs and replays
-- from Last-Event-ID.
-- depends: 0013_monitoring_views
--
-- Event ids count per organization (booking.event_counters) and are handed
-- out at COMMIT, by deferred constraint triggers, under one transaction
-- advisory lock (booking.events commit lock) taken before any counter row.
-- So an organization's events commit in id order (a client resuming after
-- id N never misses an event that commits later with a smaller id), the
-- counters are touched by one committing transaction at a time (no
-- deadlock, whatever rows and organizations a transaction touched), and no
-- lock is held while the business transaction runs. Rolled-back changes
-- produce no events.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.event_counters (
  org_id        uuid   not null,
  last_event_id bigint not null default 0,
  constraint event_counters_pkey primary key (org_id),
  constraint event_counters_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade
);
comment on table booking.event_counters is 'Last event id per organization, advanced at commit under the events commit lock.';

create table booking.events (
  org_id     uuid        not null,
  id         bigint      not null,
  type       text        not null,
  payload    jsonb       not null,
  created_at timestamptz not null default now(),
  constraint events_pkey primary key (org_id, id),
  constraint events_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint events_type_check check (type ~ '^[a-z_]+\.[a-z_]+$')
);
create index events_created_at on booking.events (created_at);
comment on table booking.events is 'Live feed events per organization, ids increasing in commit order; payloads hold ids and statuses, never message bodies or codes.';

-- Trigger plumbing lives with the tables it serves (a trigger needs its
-- function when it is created); what an event says is decided here.
create function booking.record_event()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_type text;
  v_payload jsonb;
  v_id bigint;
begin
  if tg_table_name = 'appointments' then
    if tg_op = 'INSERT' then
      v_type := 'appointment.booked';
    elsif new.status is distinct from old.status then
      v_type := 'appointment.' || new.status;
    end if;
    v_payload := jsonb_build_object('appointment_id', new.id, 'calendar_id', new.calendar_id,
      'contact_id', new.contact_id, 'service_type', new.service_type,
      'scheduled_at', new.scheduled_at, 'duration_minutes', new.duration_minutes, 'status', new.status);
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
    if tg_op = 'INSERT' then
      v_type := 'sms.queued';
    elsif new.status is distinct from old.status then
      v_type := 'sms.status_changed';
    end if;
    v_payload := jsonb_build_object('message_id', new.id, 'kind', new.kind, 'status', new.status,
      'appointment_id', new.appointment_id, 'error_code', new.error_code);
  elsif tg_table_name = 'hot_leads' then
    v_type := 'hot_lead.created';
    v_payload := jsonb_build_object('hot_lead_id', new.id, 'call_id', new.call_id,
      'lead_name', new.lead_name, 'lead_phone', new.lead_phone, 'lead_score', new.lead_score);
  end if;
  if v_type is null then
    return null;
  end if;

  perform pg_advisory_xact_lock(hashtextextended('booking.events:commit', 0));
  insert into booking.event_counters as c (org_id, last_event_id) values (new.org_id, 1)
  on conflict (org_id) do update set last_event_id = c.last_event_id + 1
  returning c.last_event_id into v_id;
  insert into booking.events (org_id, id, type, payload) values (new.org_id, v_id, v_type, v_payload);
  perform pg_notify('booking_events', json_build_object('org_id', new.org_id, 'id', v_id)::text);
  return null;
end;
$$;
revoke execute on function booking.record_event() from public;
comment on function booking.record_event() is 'Deferred trigger (fires at commit): records a live-feed event (booking.events) with the organization''s next id under the events commit lock, and notifies booking_events.';

create constraint trigger appointments_record_event after insert or update of status on booking.appointments
  deferrable initially deferred
  for each row execute function booking.record_event();
create constraint trigger appointment_holds_record_event after insert or update of status on booking.appointment_holds
  deferrable initially deferred
  for each row execute function booking.record_event();
create constraint trigger sms_outbox_record_event after insert or update of status on booking.sms_outbox
  deferrable initially deferred
  for each row execute function booking.record_event();
create constraint trigger hot_leads_record_event after insert on booking.hot_leads
  deferrable initially deferred
  for each row execute function booking.record_event();

alter table booking.event_counters enable row level security;
alter table booking.events         enable row level security;
revoke all on booking.event_counters, booking.events from public, anon, authenticated, service_role;
grant select on booking.events to authenticated, service_role;
create policy "members can read their organization's events" on booking.events
  for select to authenticated
  using (org_id = (select (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}')::uuid));
