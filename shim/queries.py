"""Every SQL statement the Python shim runs, in one place.

The rules about bookings, holds, codes, SMS and tenants live in the SQL
functions; these statements only call them or do housekeeping.
"""

from __future__ import annotations

from typing import LiteralString

from psycopg import sql

# -- migrate -----------------------------------------------------------------
CREATE_YOYO_SCHEMA: LiteralString = "create schema if not exists yoyo"

# Two migrate runs at once would interleave their CREATE OR REPLACE
# statements; a transaction-scoped advisory lock serialises them.
LOCK_FUNCTION_APPLY: LiteralString = (
    "select pg_advisory_xact_lock(hashtextextended('clinic-booking:migrate-functions', 0))"
)

# Function bodies may refer to functions defined in files applied later.
FUNCTION_APPLY_SETTINGS: LiteralString = (
    "set local check_function_bodies = off; set local search_path = ''"
)

ENABLE_RLS_ON_YOYO_TABLES: LiteralString = """
do $$
declare t record;
begin
  for t in select c.oid::regclass as rel from pg_class c
           join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'yoyo' and c.relkind = 'r' and not c.relrowsecurity
  loop
    execute format('alter table %s enable row level security', t.rel);
  end loop;
end $$
"""

# -- development database -----------------------------------------------------
DATABASE_EXISTS: LiteralString = "select 1 from pg_database where datname = %s"

# -- REST gateway (shim/gateway) ----------------------------------------------------
# Schema cache: the callable functions of the exposed schemas. Input
# parameters are the IN, INOUT and VARIADIC ones; a function with OUT, INOUT
# or TABLE parameters returns rows with named columns. Types are returned as
# (schema, name) pairs so the gateway can quote them with sql.Identifier;
# `display` is only for messages and the OpenAPI document.
GATEWAY_ROUTINES: LiteralString = """
select p.oid::bigint as oid,
       n.nspname as schema,
       p.proname as name,
       d.description,
       p.provolatile::text as volatility,
       p.proretset as returns_set,
       p.pronargdefaults as defaults,
       rt_n.nspname as return_type_schema,
       rt.typname as return_type_name,
       coalesce(rt_base.typtype, rt.typtype)::text as return_type_kind,
       coalesce(
         (select array_agg(s order by s) from unnest(p.proconfig) s
           where s like 'statement\\_timeout=%%'),
         '{}') as hoisted_settings,
       coalesce(arguments.items, '[]') as arguments
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  join pg_catalog.pg_type rt on rt.oid = p.prorettype
  join pg_catalog.pg_namespace rt_n on rt_n.oid = rt.typnamespace
  left join pg_catalog.pg_type rt_base on rt.typtype = 'd' and rt_base.oid = rt.typbasetype
  left join pg_catalog.pg_description d
    on d.objoid = p.oid and d.classoid = 'pg_catalog.pg_proc'::regclass and d.objsubid = 0
  left join lateral (
    select json_agg(json_build_object(
             'name', coalesce(a.name, ''),
             'mode', coalesce(a.mode, 'i'),
             'is_array', t.typsubscript = 'pg_catalog.array_subscript_handler'::regproc,
             'type_schema', case when t.typsubscript = 'pg_catalog.array_subscript_handler'::regproc
                                 then et_n.nspname else t_n.nspname end,
             'type_name', case when t.typsubscript = 'pg_catalog.array_subscript_handler'::regproc
                               then et.typname else t.typname end,
             'display', pg_catalog.format_type(a.type, null)
           ) order by a.position) as items
      from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]),
                  p.proargmodes::text[],
                  p.proargnames) with ordinality as a(type, mode, name, position)
      join pg_catalog.pg_type t on t.oid = a.type
      join pg_catalog.pg_namespace t_n on t_n.oid = t.typnamespace
      left join pg_catalog.pg_type et on et.oid = t.typelem
      left join pg_catalog.pg_namespace et_n on et_n.oid = et.typnamespace
  ) arguments on true
 where n.nspname = any(%(schemas)s)
   and p.prokind = 'f'
 order by n.nspname, p.proname, p.oid
"""

# Settings of the API roles (ALTER ROLE ... [IN DATABASE ...] SET ...), applied
# per request as PostgREST does, because SET ROLE does not apply them.
# Database-specific settings come last and win.
LOGIN_ROLE_SETTINGS: LiteralString = """
select r.rolname as role, s.setting
  from pg_catalog.pg_db_role_setting rs
  join pg_catalog.pg_roles r on r.oid = rs.setrole
  cross join lateral unnest(rs.setconfig) as s(setting)
 where rs.setdatabase in (0, (select oid from pg_catalog.pg_database
                               where datname = pg_catalog.current_database()))
   and pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')
 order by rs.setdatabase
"""

# The roles a token's `role` claim may name: those the gateway's login may
# SET ROLE to, except the login itself, superusers and the predefined pg_*
# roles; and whether the login is a superuser (refused unless opted in).
LOGIN_ROLES: LiteralString = """
select l.rolsuper as login_is_superuser,
       array(select r.rolname::text from pg_catalog.pg_roles r
              where pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')
                and r.rolname <> session_user and not r.rolsuper
                and r.rolname !~ '^pg_') as switchable_roles,
       array(select r.rolname::text from pg_catalog.pg_roles r) as all_roles
  from pg_catalog.pg_roles l
 where l.rolname = session_user
"""

GATEWAY_SCHEMA_DESCRIPTIONS: LiteralString = """
select n.nspname as schema, d.description
  from pg_catalog.pg_namespace n
  left join pg_catalog.pg_description d
    on d.objoid = n.oid and d.classoid = 'pg_catalog.pg_namespace'::regclass
 where n.nspname = any(%(schemas)s)
"""

CATALOG_LISTEN = sql.SQL("listen {channel}")

HEALTH_CHECK: LiteralString = "select 1"

# A request runs in one transaction: [read only,] the request settings, the
# call. The settings statement is `select set_config(%s, %s, true), ...` with
# names and values as parameters, in PostgREST's order.
READ_ONLY_TRANSACTION: LiteralString = "set transaction read only"
SET_CONFIG = sql.SQL("pg_catalog.set_config(%s, %s, true)")
SELECT_ITEMS = sql.SQL("select {items}")

# OpenAPI follows privileges: it lists the functions the caller may execute.
GATEWAY_EXECUTABLE_ROUTINES: LiteralString = """
select p.oid::bigint as oid
  from pg_catalog.pg_proc p
 where p.oid = any(%(oids)s::oid[])
   and pg_catalog.has_function_privilege(p.oid, 'execute')
"""

# -- after-commit wake-ups (shim/database/after_commit.py) -----------------------
# What the transaction owes (booking.notify_after_commit): read before COMMIT.
AFTER_COMMIT_OWED: LiteralString = "select pg_catalog.current_setting('booking.after_commit', true)"
# Sent after COMMIT, in a transaction of its own that does not wait for its
# WAL flush (it holds the cluster-wide notify lock for that long otherwise).
AFTER_COMMIT_NOTIFY: LiteralString = """
select pg_catalog.set_config('synchronous_commit', 'off', true),
       pg_catalog.pg_notify(n.channel, n.payload)
  from unnest(%(channels)s::text[], %(payloads)s::text[]) as n(channel, payload)
"""

# -- SMS worker (shim/sms/worker.py, shim/sms/outbox_listener.py) ---------------------
LISTEN_SMS_OUTBOX: LiteralString = "listen booking_sms_outbox"

# The worker's statements run alone (autocommit) and each also returns the
# wake-ups its transaction owes (AFTER_COMMIT_OWED), read after the call:
# a set-returning PL/pgSQL function is run to its end before its first row,
# and a subquery kept apart by OFFSET 0 is evaluated before the outer row.
CLAIM_SMS_BATCH: LiteralString = """
select org_id, id, kind, recipient, body, attempts,
       pg_catalog.current_setting('booking.after_commit', true) as owed
  from booking.claim_sms_batch(%(worker)s, %(limit)s, %(lease_seconds)s)
"""

RECORD_SMS_ACCEPTED: LiteralString = """
select pg_catalog.current_setting('booking.after_commit', true) as owed
  from (select booking.record_sms_accepted(%(org_id)s, %(message_id)s, %(provider)s,
                                           %(provider_message_id)s, %(provider_status)s)
        offset 0) as call
"""

RECORD_SMS_FAILURE: LiteralString = """
select pg_catalog.current_setting('booking.after_commit', true) as owed
  from (select booking.record_sms_failure(%(org_id)s, %(message_id)s, %(worker)s,
                                          %(http_status)s, %(error_code)s, %(error_message)s)
        offset 0) as call
"""

RELEASE_SMS: LiteralString = """
select pg_catalog.current_setting('booking.after_commit', true) as owed
  from (select booking.release_sms(%(org_id)s, %(message_id)s, %(worker)s) offset 0) as call
"""

TWILIO_CREDENTIALS: LiteralString = """
select account_sid, auth_token, from_number, messaging_service_sid
  from booking.twilio_credentials(%(org_id)s, %(encryption_key)s)
"""

# -- Twilio webhooks (shim/sms/twilio_webhooks.py) ---------------------------------
# The webhooks act as service_role for the rest of their transaction, whatever
# role the pool logs in as (the gateway's logs in as `authenticator`).
ACT_AS_SERVICE_ROLE: LiteralString = "set local role service_role"

TWILIO_WEBHOOK_CREDENTIALS: LiteralString = """
select org_id, auth_token
  from booking.twilio_webhook_credentials(%(org_id)s, %(account_sid)s, %(message_sid)s,
                                          %(to)s, %(messaging_service_sid)s, %(encryption_key)s)
"""

RECORD_SMS_STATUS: LiteralString = """
select booking.record_sms_status(%(org_id)s, %(message_id)s, %(provider_message_id)s,
                                 %(status)s, %(error_code)s)
"""

# One call per inbound SMS with every signed candidate organization: SQL
# picks the one clinic of the conversation (STOP/START apply to all).
RECEIVE_INBOUND_SMS: LiteralString = """
select booking.receive_inbound_sms(%(org_ids)s::uuid[], %(from)s, %(to)s, %(body)s, %(message_sid)s)
"""

# -- serve (shim/serve.py) ---------------------------------------------------------
# Before serving, as service_role: stored credentials, the base of SMS links.
DEPLOYMENT_STATUS: LiteralString = "select public.deployment_status()"
SET_PUBLIC_BASE_URL: LiteralString = (
    "select public.set_booking_setting('public_base_url', %(public_base_url)s)"
)

# -- admin (shim/admin.py) ------------------------------------------------------------
# A clinic and its first owner's invitation, as service_role (idempotent:
# public.create_clinic), then the wake-ups the transaction owes.
CREATE_CLINIC: LiteralString = """
select public.create_clinic(%(name)s, %(timezone)s, %(region)s, %(phone)s, %(owner_email)s),
       pg_catalog.current_setting('booking.after_commit', true)
"""

# -- integration settings (shim/sms/integration_settings.py) -----------------------
SET_INTEGRATION_SETTINGS: LiteralString = """
select public.set_integration_settings(
  p_org_id => %(org_id)s,
  p_encryption_key => %(encryption_key)s,
  p_twilio_account_sid => %(twilio_account_sid)s,
  p_twilio_auth_token => %(twilio_auth_token)s,
  p_twilio_from_number => %(twilio_from_number)s,
  p_twilio_messaging_service_sid => %(twilio_messaging_service_sid)s,
  p_hot_lead_alert_phone => %(hot_lead_alert_phone)s,
  p_sms_help_reply => %(sms_help_reply)s)
"""

# -- hold sweeper ---------------------------------------------------------------
# Marks overdue holds expired so the live feed says so promptly (correctness
# never depends on it). Run as service_role after ACT_AS_SERVICE_ROLE.
EXPIRE_OVERDUE_HOLDS: LiteralString = "select public.expire_overdue_holds()"

# The waitlist's clock, in the same sweep: expires unanswered offers and
# sends each slot's next batch, sends batches quiet hours delayed, expires
# entries past their window. Answers {"offers_expired", "batches_sent",
# "entries_expired"}. Run as service_role after ACT_AS_SERVICE_ROLE.
ADVANCE_WAITLIST: LiteralString = "select public.advance_waitlist()"

# Retention (shim/service/retention.py): one batch per call; repeated while
# the answer says "more". Run as service_role after ACT_AS_SERVICE_ROLE.
PURGE_EXPIRED_DATA: LiteralString = "select public.purge_expired_data(%(batch_size)s)"

# /metrics (shim/service/metrics.py): the outbox's queue at scrape time, as
# service_role after ACT_AS_SERVICE_ROLE.
OPERATIONS_METRICS: LiteralString = "select public.operations_metrics()"

# -- voice agent (shim/voice_agent) ----------------------------------------------
# Each statement calls one SQL function. The webhooks run them in a gateway
# request transaction: resolve_voice_agent and record_call_report as
# service_role; the tools as `authenticated` with request.jwt.claims naming
# the resolved organization, so the functions' own tenant checks apply.
VOICE_RESOLVE_AGENT: LiteralString = """
select public.resolve_voice_agent(p_secret => %(secret)s, p_assistant_id => %(assistant_id)s,
                                  p_phone_number => %(phone_number)s)
"""

# A request signed with HMAC-SHA256 instead (x-vapi-signature): the raw body,
# the signature and timestamp headers, the platform's assistant and number.
VOICE_RESOLVE_AGENT_SIGNED: LiteralString = """
select public.resolve_voice_agent_signed(p_body => %(body)s, p_signature => %(signature)s,
                                         p_timestamp => %(timestamp)s,
                                         p_assistant_id => %(assistant_id)s,
                                         p_phone_number => %(phone_number)s,
                                         p_encryption_key => %(encryption_key)s,
                                         p_scheme => %(scheme)s)
"""

VOICE_CHECK_AVAILABILITY: LiteralString = """
select public.check_availability(p_org_id => %(org_id)s, p_date => %(date)s,
                                 p_calendar_id => %(calendar_id)s,
                                 p_service_type => %(service_type)s)
"""

VOICE_CLAIM_SLOT: LiteralString = """
select public.claim_slot_atomic(p_org_id => %(org_id)s, p_calendar_id => %(calendar_id)s,
                                p_slot_time => %(slot_time)s, p_call_sid => %(call_sid)s,
                                p_patient_name => %(patient_name)s,
                                p_patient_phone => %(patient_phone)s,
                                p_service_type => %(service_type)s)
"""

VOICE_SEND_OTP: LiteralString = """
select public.send_otp(p_hold_id => %(hold_id)s, p_patient_phone => %(patient_phone)s)
"""

VOICE_CONFIRM_HELD_SLOT: LiteralString = """
select public.confirm_held_slot(p_hold_id => %(hold_id)s, p_org_id => %(org_id)s,
                                p_contact_id => %(contact_id)s, p_otp => %(otp)s,
                                p_service_type => %(service_type)s)
"""

VOICE_SEND_CONFIRMATION_SMS: LiteralString = """
select public.send_confirmation_sms(p_org_id => %(org_id)s, p_appointment_id => %(appointment_id)s,
                                    p_contact_id => %(contact_id)s,
                                    p_patient_phone => %(patient_phone)s)
"""

VOICE_BOOK_APPOINTMENT: LiteralString = """
select public.book_appointment_atomic(p_org_id => %(org_id)s, p_patient_name => %(patient_name)s,
                                      p_patient_email => %(patient_email)s,
                                      p_patient_phone => %(patient_phone)s,
                                      p_service_type => %(service_type)s,
                                      p_scheduled_at => %(scheduled_at)s,
                                      p_duration_minutes => %(duration_minutes)s)
"""

# Patients managing their appointments by phone: p_caller_phone is the
# platform's caller id (message.call.customer.number), p_caller_attested its
# STIR/SHAKEN verdict and p_call_id the call, never model arguments.
# The call start (assistant-request): the clinic, today, its hours and, per
# the caller-id policy, whether the caller id has an upcoming appointment.
VOICE_CALL_CONTEXT: LiteralString = """
select public.voice_call_context(p_org_id => %(org_id)s, p_caller_phone => %(caller_phone)s,
                                 p_call_id => %(call_id)s)
"""

VOICE_LOOKUP_APPOINTMENTS: LiteralString = """
select public.lookup_appointments(p_org_id => %(org_id)s, p_caller_phone => %(caller_phone)s,
                                  p_patient_phone => %(patient_phone)s,
                                  p_verification_id => %(verification_id)s, p_code => %(code)s,
                                  p_caller_attested => %(caller_attested)s,
                                  p_call_id => %(call_id)s)
"""

VOICE_CANCEL_APPOINTMENT: LiteralString = """
select public.cancel_appointment_by_phone(p_org_id => %(org_id)s,
                                          p_appointment_id => %(appointment_id)s,
                                          p_caller_phone => %(caller_phone)s,
                                          p_verification_id => %(verification_id)s,
                                          p_code => %(code)s, p_reason => %(reason)s,
                                          p_caller_attested => %(caller_attested)s,
                                          p_call_id => %(call_id)s)
"""

VOICE_RESCHEDULE_APPOINTMENT: LiteralString = """
select public.reschedule_appointment_by_phone(p_org_id => %(org_id)s,
                                              p_appointment_id => %(appointment_id)s,
                                              p_new_scheduled_at => %(new_scheduled_at)s,
                                              p_caller_phone => %(caller_phone)s,
                                              p_verification_id => %(verification_id)s,
                                              p_code => %(code)s,
                                              p_caller_attested => %(caller_attested)s,
                                              p_call_id => %(call_id)s)
"""

# The waitlist by phone, run as service_role (joined_by patient_phone): the
# patient's phone is the platform's caller id, never a model argument.
VOICE_JOIN_WAITLIST: LiteralString = """
select public.join_waitlist(p_org_id => %(org_id)s, p_patient_name => %(patient_name)s,
                            p_patient_phone => %(caller_phone)s,
                            p_service_type => %(service_type)s,
                            p_earliest => %(earliest)s, p_latest => %(latest)s,
                            p_day_start => %(day_start)s, p_day_end => %(day_end)s)
"""

# A tool that changes something acts once per platform toolCallId: in the
# tool's transaction, begin (NULL: run it; else the first answer), the tool's
# statement, then finish (stores its answer before commit).
VOICE_BEGIN_TOOL_CALL: LiteralString = """
select public.begin_voice_tool_call(p_org_id => %(org_id)s, p_tool_call_id => %(tool_call_id)s,
                                    p_tool => %(tool)s)
"""

VOICE_FINISH_TOOL_CALL: LiteralString = """
select public.finish_voice_tool_call(p_org_id => %(org_id)s, p_tool_call_id => %(tool_call_id)s,
                                     p_answer => %(answer)s)
"""

VOICE_RECORD_CALL_REPORT: LiteralString = (
    "select public.record_call_report(p_org_id => %(org_id)s, p_report => %(report)s)"
)

# -- live event feed (shim/events/listener.py, shim/events/stream.py) -------------
# Committers notify this channel after commit (shim/database/after_commit.py)
# with the organizations whose events they committed, comma-separated ("*":
# all). A notification only wakes the streams of those organizations; the
# events are read with the statements below, run as the client's role in the
# gateway's request settings (read-only), so the functions and RLS decide what
# a client may read.
LISTEN_EVENTS: LiteralString = "listen booking_events"

# Where a stream starts: the cursor it reads after (validates Last-Event-ID).
EVENTS_FEED_START: LiteralString = (
    "select public.event_feed_start(%(org_id)s::uuid, %(last_event_id)s::text)"
)

# data is the SSE `data:` line: the payload plus created_at, as JSON text.
EVENTS_SINCE: LiteralString = """
select e.id, e.type, (e.payload || jsonb_build_object('created_at', e.created_at))::text as data
  from public.events_since(%(org_id)s::uuid, %(after)s::text, %(limit)s::integer) e
"""

# -- staff sessions (shim/web/session.py) ---------------------------------------------
# Run as service_role (shim.service.service_role_transaction): the pages sign
# staff in and out on their behalf. Passwords and tokens are parameters
# only, never part of a statement's text or a log line.
STAFF_SIGN_IN: LiteralString = "select public.staff_sign_in(%(email)s, %(password)s)"
STAFF_REFRESH: LiteralString = "select public.staff_refresh(%(refresh_token)s)"
STAFF_SIGN_OUT: LiteralString = "select public.staff_sign_out(%(refresh_token)s)"
DASHBOARD_SESSION_STATUS: LiteralString = """
select public.dashboard_session_status(%(access_token)s, %(session_id)s, %(org_id)s)
"""
SIGN_OUT_ACCESS_TOKEN: LiteralString = """
select public.sign_out_access_token(%(access_token)s, to_timestamp(%(expires_at)s))
"""
ACCEPT_STAFF_INVITATION: LiteralString = """
select public.accept_staff_invitation(%(token)s, %(password)s, %(email)s)
"""
INVITE_STAFF_MEMBER: LiteralString = """
select public.invite_staff_member(%(org_id)s, %(email)s, %(phone)s, %(role)s)
"""
LIST_STAFF: LiteralString = "select public.list_staff(%(org_id)s)"
MY_MEMBERSHIPS: LiteralString = "select public.my_memberships()"
RESET_STAFF_PASSWORD: LiteralString = (
    "select public.reset_staff_password(%(org_id)s, %(account_id)s)"
)
COMPLETE_PASSWORD_RESET: LiteralString = (
    "select public.complete_password_reset(%(reset)s, %(password)s)"
)
SET_STAFF_ROLE: LiteralString = """
select public.set_staff_role(%(org_id)s, %(account_id)s, %(role)s)
"""
SET_STAFF_MEMBER_DISABLED: LiteralString = """
select public.set_staff_member_disabled(%(org_id)s, %(account_id)s, %(disabled)s)
"""

# -- pages (shim/web) --------------------------------------------------------------
# Run in the gateway's request transaction as the page's caller: the
# dashboard as the signed-in member (authenticated, RLS), the patient page
# as anon through the token functions. Each answers one JSON value.
WEB_DASHBOARD_OVERVIEW: LiteralString = (
    "select public.dashboard_overview(p_org_id => %(org_id)s::uuid, p_days => %(days)s::integer)"
)
# Where the dashboard page's live stream starts (?last_event_id=, an opaque
# string to the page): read before the overview, so nothing committed in
# between is missed.
WEB_DASHBOARD_FEED_POSITION: LiteralString = (
    "select public.event_feed_start(%(org_id)s::uuid, null)"
)
WEB_DASHBOARD_APPOINTMENT: LiteralString = """
select public.dashboard_appointment(p_org_id => %(org_id)s::uuid,
                                    p_appointment_id => %(appointment_id)s::uuid)
"""
WEB_DASHBOARD_FEED: LiteralString = (
    "select public.dashboard_feed(p_org_id => %(org_id)s::uuid, p_limit => %(limit)s::integer)"
)
WEB_APPOINTMENT_DETAIL: LiteralString = """
select public.appointment_detail(p_org_id => %(org_id)s::uuid,
                                 p_appointment_id => %(appointment_id)s::uuid)
"""
WEB_CONFIRM_FOR_PATIENT: LiteralString = """
select public.confirm_appointment_for_patient(p_org_id => %(org_id)s::uuid,
                                              p_appointment_id => %(appointment_id)s::uuid)
"""
WEB_RESCHEDULE_OPTIONS: LiteralString = """
select public.reschedule_options(p_org_id => %(org_id)s::uuid,
                                 p_appointment_id => %(appointment_id)s::uuid,
                                 p_date => %(date)s::date)
"""
WEB_CANCEL_APPOINTMENT: LiteralString = """
select public.cancel_appointment(p_org_id => %(org_id)s::uuid,
                                 p_appointment_id => %(appointment_id)s::uuid,
                                 p_reason => %(reason)s,
                                 p_notify_patient => %(notify_patient)s)
"""
WEB_RESCHEDULE_APPOINTMENT: LiteralString = """
select public.reschedule_appointment(p_org_id => %(org_id)s::uuid,
                                     p_appointment_id => %(appointment_id)s::uuid,
                                     p_new_scheduled_at => %(new_scheduled_at)s::timestamptz)
"""
WEB_SET_APPOINTMENT_OUTCOME: LiteralString = """
select public.set_appointment_outcome(p_org_id => %(org_id)s::uuid,
                                      p_appointment_id => %(appointment_id)s::uuid,
                                      p_status => %(status)s)
"""
# The front desk (shim/web/front_desk.py), as the member. A date the page
# leaves out is the clinic's today; local times of a form are the clinic's
# zone's, turned into instants here, by the database.
WEB_CALENDAR_DAY_VIEW: LiteralString = """
select public.calendar_day_view(
  p_org_id => %(org_id)s::uuid,
  p_calendar_id => %(calendar_id)s,
  p_date => coalesce(%(date)s::date,
                     (now() at time zone (select o.timezone from booking.organizations o
                                           where o.org_id = %(org_id)s::uuid))::date,
                     current_date),
  p_days => %(days)s::integer)
"""
WEB_SET_APPOINTMENT_ATTENDANCE: LiteralString = """
select public.set_appointment_attendance(p_org_id => %(org_id)s::uuid,
                                         p_appointment_id => %(appointment_id)s::uuid,
                                         p_attendance => %(attendance)s,
                                         p_reason => %(reason)s)
"""
WEB_BLOCK_CALENDAR_TIME: LiteralString = """
select public.block_calendar_time(
  p_org_id => %(org_id)s::uuid,
  p_calendar_id => %(calendar_id)s,
  p_starts_at => (%(date)s::date + %(starts)s::time) at time zone (
                 select o.timezone from booking.organizations o where o.org_id = %(org_id)s::uuid),
  p_ends_at => (%(date)s::date + %(ends)s::time) at time zone (
                 select o.timezone from booking.organizations o where o.org_id = %(org_id)s::uuid),
  p_reason => %(reason)s)
"""
WEB_REMOVE_CALENDAR_BLOCK: LiteralString = """
select public.remove_calendar_block(p_org_id => %(org_id)s::uuid, p_block_id => %(block_id)s::uuid)
"""
WEB_SEARCH_PATIENTS: LiteralString = """
select public.search_patients(p_org_id => %(org_id)s::uuid, p_query => %(query)s)
"""
WEB_PATIENT_DETAILS: LiteralString = """
select public.patient_details(p_org_id => %(org_id)s::uuid, p_contact_id => %(contact_id)s::uuid)
"""
WEB_UPDATE_PATIENT_CONTACT: LiteralString = """
select public.update_patient_contact(p_org_id => %(org_id)s::uuid,
                                     p_contact_id => %(contact_id)s::uuid,
                                     p_name => %(name)s, p_phone => %(phone)s, p_email => %(email)s)
"""
WEB_STAFF_BOOKING_OPTIONS: LiteralString = """
select public.staff_booking_options(p_org_id => %(org_id)s::uuid, p_calendar_id => %(calendar_id)s,
                                    p_service_type => %(service_type)s, p_date => %(date)s::date)
"""
WEB_STAFF_BOOK_APPOINTMENT: LiteralString = """
select public.staff_book_appointment(p_org_id => %(org_id)s::uuid, p_calendar_id => %(calendar_id)s,
                                     p_service_type => %(service_type)s,
                                     p_scheduled_at => %(scheduled_at)s::timestamptz,
                                     p_patient_name => %(name)s, p_patient_phone => %(phone)s,
                                     p_patient_email => %(email)s)
"""
WEB_MANAGE_APPOINTMENT: LiteralString = "select public.manage_appointment(p_token => %(token)s)"
WEB_MANAGE_AVAILABLE_SLOTS: LiteralString = (
    "select public.manage_available_slots(p_token => %(token)s, p_date => %(date)s::date)"
)
WEB_MANAGE_CANCEL: LiteralString = (
    "select public.manage_cancel(p_token => %(token)s, p_reason => %(reason)s)"
)
WEB_MANAGE_RESCHEDULE: LiteralString = """
select public.manage_reschedule(p_token => %(token)s,
                                p_new_scheduled_at => %(new_scheduled_at)s::timestamptz)
"""
# The listener's fallback poll, for writers that send no wake-ups (psql, raw
# SQL) and events held back by an older open transaction: the latest cursor
# of each organization with open streams; streams at another position are
# woken. Run as service_role on the listener's own connection: it returns
# cursors only; the streams still read as their clients.
EVENTS_POLL_ROLE: LiteralString = "set role service_role"
EVENTS_POLL: LiteralString = (
    "select org_id::text, cursor from booking.latest_event_cursors(%(orgs)s::uuid[])"
)

# -- the clinic's settings pages (shim/web/settings_pages.py), as the member ---------
WEB_CLINIC_SETTINGS: LiteralString = "select public.clinic_settings(%(org_id)s)"
WEB_CLINIC_PROFILE: LiteralString = "select public.clinic_profile(%(org_id)s)"
WEB_SET_CLINIC_PROFILE: LiteralString = """
select public.set_clinic_profile(
  p_org_id => %(org_id)s, p_name => %(name)s, p_contact_phone => %(contact_phone)s,
  p_address => %(address)s, p_timezone => %(timezone)s, p_phone_region => %(phone_region)s,
  p_time_format => %(time_format)s)
"""
WEB_CREATE_CALENDAR: LiteralString = (
    "select public.create_calendar(%(org_id)s, %(calendar_id)s, %(name)s)"
)
WEB_SET_CALENDAR_SETTINGS: LiteralString = (
    "select public.set_calendar_settings(%(org_id)s, %(calendar_id)s, %(settings)s::jsonb)"
)
WEB_SET_WEEKLY_HOURS: LiteralString = (
    "select public.set_weekly_hours(%(org_id)s, %(calendar_id)s, %(hours)s::jsonb)"
)
WEB_SET_DATE_OVERRIDE: LiteralString = """
select public.set_date_override(%(org_id)s, %(calendar_id)s, %(date)s::date,
                                %(hours)s::jsonb, %(note)s)
"""
WEB_CLEAR_DATE_OVERRIDE: LiteralString = (
    "select public.clear_date_override(%(org_id)s, %(calendar_id)s, %(date)s::date)"
)
WEB_UPSERT_SERVICE_TYPE: LiteralString = """
select public.upsert_service_type(
  p_org_id => %(org_id)s, p_calendar_id => %(calendar_id)s, p_service_type => %(service_type)s,
  p_duration_minutes => %(duration_minutes)s, p_value_cents => %(value_cents)s,
  p_active => %(active)s, p_display_name => %(display_name)s)
"""
WEB_SET_REMINDER_OFFSETS: LiteralString = (
    "select public.set_reminder_offsets(%(org_id)s, %(offsets)s::integer[])"
)
WEB_SET_INTEGRATION_SETTINGS: LiteralString = SET_INTEGRATION_SETTINGS
WEB_SEND_TEST_SMS: LiteralString = "select public.send_test_sms(%(org_id)s, %(to)s)"
WEB_SET_VOICE_AGENT: LiteralString = """
select public.set_voice_agent(p_org_id => %(org_id)s, p_secret => %(secret)s,
                              p_assistant_id => %(assistant_id)s,
                              p_phone_number => %(phone_number)s)
"""

# The front desk's messages inbox (shim/web/inbox.py).
WEB_SMS_INBOX: LiteralString = """
select public.sms_inbox(p_org_id => %(org_id)s::uuid)
"""
WEB_SMS_THREAD: LiteralString = """
select public.sms_thread(p_org_id => %(org_id)s::uuid, p_text_id => %(text_id)s::uuid)
"""
WEB_REPLY_TO_SMS: LiteralString = """
select public.reply_to_sms(p_org_id => %(org_id)s::uuid, p_text_id => %(text_id)s::uuid,
                           p_body => %(body)s::text)
"""

# The waitlist (issue 25): the offer page /w/<token> and the manage page's
# "tell me if an earlier time opens", as anon through the token functions;
# the staff's waitlist page and its settings, as the member.
WEB_WAITLIST_OFFER: LiteralString = "select public.waitlist_offer(p_token => %(token)s)"
WEB_CLAIM_WAITLIST_OFFER: LiteralString = "select public.claim_waitlist_offer(p_token => %(token)s)"
WEB_LEAVE_WAITLIST_BY_OFFER: LiteralString = (
    "select public.leave_waitlist_by_offer(p_token => %(token)s)"
)
WEB_MANAGE_REQUEST_EARLIER_TIME: LiteralString = """
select public.manage_request_earlier_time(p_token => %(token)s, p_wanted => %(wanted)s::boolean)
"""
WEB_WAITLIST_OVERVIEW: LiteralString = (
    "select public.waitlist_overview(p_org_id => %(org_id)s::uuid)"
)
WEB_JOIN_WAITLIST: LiteralString = """
select public.join_waitlist(
  p_org_id => %(org_id)s::uuid, p_patient_name => %(name)s, p_patient_phone => %(phone)s,
  p_service_type => %(service_type)s, p_calendar_id => %(calendar_id)s,
  p_earliest => %(earliest)s::date, p_latest => %(latest)s::date,
  p_weekdays => %(weekdays)s::integer[], p_day_start => %(day_start)s::time,
  p_day_end => %(day_end)s::time)
"""
WEB_LEAVE_WAITLIST: LiteralString = """
select public.leave_waitlist(p_org_id => %(org_id)s::uuid,
                             p_waitlist_entry_id => %(waitlist_entry_id)s::uuid)
"""
WEB_SET_WAITLIST_SETTINGS: LiteralString = (
    "select public.set_waitlist_settings(%(org_id)s::uuid, %(settings)s::jsonb)"
)
