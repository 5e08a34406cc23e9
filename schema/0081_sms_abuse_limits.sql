-- Abuse limits on patient SMS (SMS pumping / toll fraud): the countries an
-- organization's patient SMS may go to, and its hourly budget of one-time
-- codes; refusals of the budget become `sms.rate_limited` events.
-- depends: 0080_phone_costly_numbers
--
-- booking.sms_destination_refusal decides where patient SMS may go (the
-- allowed calling codes below, never non-geographic codes such as +881,
-- +882, +883, +870, never booking.phone_costly_number_types); send_otp
-- counts the budget under a per-organization advisory lock. The clinic's
-- own hot-lead alert number is not a patient number: none of this applies.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * sms_limits: per-organization settings (no row: the defaults).
 * ---------------------------------------------------------------------------
 */
create table booking.sms_limits (
  org_id                uuid        not null,
  allowed_calling_codes integer[],
  otp_codes_per_hour    integer     not null default 60,
  updated_at            timestamptz not null default now(),
  constraint sms_limits_pkey primary key (org_id),
  constraint sms_limits_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint sms_limits_allowed_calling_codes_check
    check (cardinality(allowed_calling_codes) between 1 and 50
           and array_position(allowed_calling_codes, null) is null),
  constraint sms_limits_otp_codes_per_hour_check check (otp_codes_per_hour between 0 and 100000)
);
comment on table booking.sms_limits is
  'Per-organization abuse limits on patient SMS, set by public.set_sms_limits; an organization without a row has the defaults.';
comment on column booking.sms_limits.allowed_calling_codes is
  'Country calling codes patient SMS may go to; NULL: the calling code of the organization''s phone region.';
comment on column booking.sms_limits.otp_codes_per_hour is
  'One-time codes the organization may send in any 60 minutes (default 60); over it send_otp answers SMS_RATE_LIMITED.';

/*
 * ---------------------------------------------------------------------------
 * sms_rate_limit_hits: a limit refused codes (at most one row per
 * organization and minute); the event trigger turns each into an
 * `sms.rate_limited` event.
 * ---------------------------------------------------------------------------
 */
create table booking.sms_rate_limit_hits (
  org_id      uuid        not null,
  id          uuid        not null default gen_random_uuid(),
  limit_name  text        not null,
  limit_value integer     not null,
  created_at  timestamptz not null default now(),
  constraint sms_rate_limit_hits_pkey primary key (org_id, id),
  constraint sms_rate_limit_hits_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint sms_rate_limit_hits_limit_name_check check (limit_name in ('otp_codes_per_hour'))
);
create index sms_rate_limit_hits_recent on booking.sms_rate_limit_hits (org_id, created_at desc);
comment on table booking.sms_rate_limit_hits is
  'When an SMS abuse limit refused a one-time code (at most one row per organization and minute); each row is an sms.rate_limited live-feed event.';

-- send_otp's counts: codes of an organization in the last hour, numbers of a call.
-- squawk-ignore require-concurrent-index-creation
create index sms_outbox_otp_by_org on booking.sms_outbox (org_id, created_at) where kind = 'otp';
-- squawk-ignore require-concurrent-index-creation
create index sms_outbox_otp_by_call on booking.sms_outbox (org_id, call_id) where kind = 'otp';

/*
 * ---------------------------------------------------------------------------
 * What an event says: record_event as in 0014, plus sms_rate_limit_hits.
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

create constraint trigger sms_rate_limit_hits_record_event after insert on booking.sms_rate_limit_hits
  deferrable initially deferred
  for each row execute function booking.record_event();

alter table booking.sms_limits          enable row level security;
alter table booking.sms_rate_limit_hits enable row level security;
revoke all on booking.sms_limits, booking.sms_rate_limit_hits from public, anon, authenticated, service_role;
