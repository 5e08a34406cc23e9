"""Every SQL statement the benchmarks run from Python, in one place.

The booking path itself is only ever reached through the public functions;
these statements set up clinics, bulk-load growth fixtures, check results
and read statistics.
"""

from __future__ import annotations

from typing import LiteralString

# -- clinics ----------------------------------------------------------------------
# Clinics as tests.fixtures.create_org makes them (through the API): open
# around the clock every day on a one-minute grid, no notice, a year ahead.
CREATE_CLINICS: LiteralString = """
with created as (
  select n,
         (public.create_organization(%(prefix)s || ' ' || n, %(timezone)s, 'US')
           ->> 'org_id')::uuid as org_id
    from generate_series(1, %(count)s) n
)
select org_id,
       (public.set_weekly_hours(org_id, 'cal-1', %(hours)s) ->> 'success')::boolean
         and (public.set_calendar_settings(org_id, 'cal-1', %(settings)s) ->> 'success')::boolean
  from created
 order by n
"""

# pgbench clients find their clinic and member claims here (bench_clients
# lives in public of the throwaway benchmark database only).
CREATE_CLIENT_TABLE: LiteralString = """
create table if not exists public.bench_clients (
  run    text    not null,
  client integer not null,
  org_id uuid    not null,
  claims text    not null,
  primary key (run, client)
);
grant select on public.bench_clients to authenticator
"""
INSERT_CLIENT: LiteralString = """
insert into public.bench_clients (run, client, org_id, claims) values (%s, %s, %s, %s)
"""

# -- checks -------------------------------------------------------------------------
COUNT_APPOINTMENTS: LiteralString = """
select count(*) from booking.appointments where org_id = any(%s) and status <> 'cancelled'
"""

# Independent of the booking functions: any two active appointments of one
# calendar whose [start, end) intervals intersect.
OVERLAPS: LiteralString = """
select count(*) from booking.appointments a
  join booking.appointments b
    on a.org_id = b.org_id and a.calendar_id = b.calendar_id and a.id < b.id
   and a.status <> 'cancelled' and b.status <> 'cancelled'
   and a.scheduled_at < b.scheduled_at + make_interval(mins => b.duration_minutes)
   and b.scheduled_at < a.scheduled_at + make_interval(mins => a.duration_minutes)
 where a.org_id = any(%s)
"""

SERVER_VERSION: LiteralString = "select current_setting('server_version')"
ANALYZE: LiteralString = "analyze"

# -- growth fixtures ----------------------------------------------------------------
# Bulk load for bench/growth.py, as superuser with session_replication_role =
# replica: the event triggers (and foreign-key triggers) do not fire, so no
# booking.events rows or notifications come from the load itself; the
# generated rows are consistent by construction (and an appointment.booked
# event per appointment is loaded directly). Clinics %(first)s..%(last)s of
# the fixture, each with %(per_org)s appointments on its default calendar,
# an hour apart, 30 minutes long, from 60 days ago on (every tenth one
# cancelled), half as many patients, a lead per patient, a delivered
# confirmation SMS per appointment. Ids are md5-derived, so reruns agree.
GROWTH_LOAD: tuple[LiteralString, ...] = (
    "set local session_replication_role = replica",
    """
insert into booking.organizations (org_id, name, timezone, phone_region, created_at)
select md5('growth-org-' || g)::uuid, 'Growth Clinic ' || g, 'America/New_York', 'US',
       now() - interval '400 days'
  from generate_series(%(first)s::integer, %(last)s::integer) g
""",
    """
insert into booking.calendars (org_id, calendar_id, name, is_default)
select md5('growth-org-' || g)::uuid, 'cal-1', 'Main calendar', true
  from generate_series(%(first)s::integer, %(last)s::integer) g
""",
    """
insert into booking.calendar_weekly_hours (org_id, calendar_id, iso_weekday, opens_at, closes_at)
select md5('growth-org-' || g)::uuid, 'cal-1', d, '09:00', '17:00'
  from generate_series(%(first)s::integer, %(last)s::integer) g, generate_series(1, 5) d
""",
    """
insert into booking.contacts (org_id, id, name, phone, created_at, updated_at)
select o.org_id, md5('growth-contact-' || g || '-' || k)::uuid, 'Patient ' || k,
       '+1415' || (2000000 + k), now() - interval '200 days', now() - interval '200 days'
  from generate_series(%(first)s::integer, %(last)s::integer) g
 cross join lateral (select md5('growth-org-' || g)::uuid as org_id) o
 cross join generate_series(0, %(per_org)s::integer / 2 - 1) k
""",
    """
insert into booking.leads (org_id, contact_id, status, created_at, updated_at)
select o.org_id, md5('growth-contact-' || g || '-' || k)::uuid, 'converted',
       now() - interval '200 days', now() - interval '200 days'
  from generate_series(%(first)s::integer, %(last)s::integer) g
 cross join lateral (select md5('growth-org-' || g)::uuid as org_id) o
 cross join generate_series(0, %(per_org)s::integer / 2 - 1) k
""",
    """
insert into booking.appointments (org_id, id, calendar_id, contact_id, service_type,
                                  scheduled_at, duration_minutes, ends_at, status,
                                  confirmation_sms_sent, confirmation_sms_sent_at,
                                  created_at, updated_at)
select o.org_id, md5('growth-appointment-' || g || '-' || k)::uuid, 'cal-1',
       md5('growth-contact-' || g || '-' || (k %% (%(per_org)s::integer / 2)))::uuid,
       'consultation', s.at, 30, s.at + interval '30 minutes',
       case when k %% 10 = 0 then 'cancelled'
            when s.at < now() then 'completed' else 'scheduled' end,
       true, s.at - interval '7 days', s.at - interval '7 days', s.at - interval '7 days'
  from generate_series(%(first)s::integer, %(last)s::integer) g
 cross join lateral (select md5('growth-org-' || g)::uuid as org_id) o
 cross join generate_series(0, %(per_org)s::integer - 1) k
 cross join lateral (
   select date_trunc('day', now()) - interval '60 days' + (k / 8) * interval '1 day'
          + interval '13 hours' + (k %% 8) * interval '1 hour' as at) s
""",
    """
insert into booking.sms_outbox (org_id, id, kind, recipient, body, appointment_id, status,
                                attempts, next_attempt_at, provider, provider_message_id,
                                sent_at, delivered_at, created_at, updated_at)
select o.org_id, md5('growth-sms-' || g || '-' || k)::uuid, 'confirmation',
       '+1415' || (2000000 + k %% (%(per_org)s::integer / 2)),
       'Your appointment at Growth Clinic is confirmed.',
       md5('growth-appointment-' || g || '-' || k)::uuid, 'delivered', 1, s.at,
       'twilio', 'SM' || md5('growth-sms-' || g || '-' || k), s.at, s.at, s.at, s.at
  from generate_series(%(first)s::integer, %(last)s::integer) g
 cross join lateral (select md5('growth-org-' || g)::uuid as org_id) o
 cross join generate_series(0, %(per_org)s::integer - 1) k
 cross join lateral (
   select date_trunc('day', now()) - interval '67 days' + (k / 8) * interval '1 day'
          + interval '13 hours' + (k %% 8) * interval '1 hour' as at) s
""",
    """
insert into booking.events (org_id, seq, type, payload, created_at)
select o.org_id, k + 1, 'appointment.booked',
       jsonb_build_object('appointment_id', md5('growth-appointment-' || g || '-' || k)::uuid,
                          'calendar_id', 'cal-1', 'status', 'scheduled'),
       date_trunc('day', now()) - interval '67 days' + (k / 8) * interval '1 day'
  from generate_series(%(first)s::integer, %(last)s::integer) g
 cross join lateral (select md5('growth-org-' || g)::uuid as org_id) o
 cross join generate_series(0, %(per_org)s::integer - 1) k
""",
)
GROWTH_TABLES: LiteralString = """
vacuum (analyze) booking.organizations, booking.calendars, booking.calendar_weekly_hours,
  booking.contacts, booking.leads, booking.appointments, booking.sms_outbox, booking.events
"""
APPOINTMENT_COUNT: LiteralString = "select count(*) from booking.appointments"

# auto_explain for one call, its plans sent to this client as NOTICEs
# (superuser only): every statement the functions run, with actual row
# counts and buffers, without timing.
AUTO_EXPLAIN: tuple[LiteralString, ...] = (
    "load 'auto_explain'",
    "set auto_explain.log_min_duration = 0",
    "set auto_explain.log_nested_statements = on",
    "set auto_explain.log_analyze = on",
    "set auto_explain.log_timing = off",
    "set auto_explain.log_buffers = on",
    "set auto_explain.log_level = notice",
    "set client_min_messages = notice",
)
EXPLAINED_BOOKING: LiteralString = """
select public.book_appointment_atomic(%s, 'Plan Patient', null, '+14159990000', 'consultation',
                                      %s, 5)
"""
EXPLAINED_AVAILABILITY: LiteralString = "select public.check_availability(%s, %s, null, null)"

# -- profile (bench/profile.py) -------------------------------------------------------
PROFILE_RESET: LiteralString = "select pg_stat_statements_reset(), pg_stat_reset()"
PROFILE_FUNCTIONS: LiteralString = """
select schemaname || '.' || funcname, calls,
       round((total_time / calls)::numeric, 3)::float8,
       round((self_time / calls)::numeric, 3)::float8
  from pg_stat_user_functions
 where calls > 0 and schemaname in ('public', 'booking')
 order by self_time desc
 limit %s
"""
PROFILE_STATEMENTS: LiteralString = """
select calls, round((total_exec_time / calls)::numeric, 3)::float8,
       round((100 * total_exec_time / sum(total_exec_time) over ())::numeric, 1)::float8,
       plans, round((total_plan_time / greatest(plans, 1))::numeric, 3)::float8,
       left(regexp_replace(query, '\\s+', ' ', 'g'), 100)
  from pg_stat_statements
 where calls > 0 and dbid = (select oid from pg_database where datname = current_database())
 order by total_exec_time desc
 limit %s
"""

# -- feed cost (bench/feed_cost.py) ------------------------------------------------------
# The live feed off: every trigger of booking.record_event disabled (superuser),
# on again after.
_SET_FEED_TRIGGERS = """
do $$
declare
  t record;
begin
  for t in select tgrelid::regclass as rel, tgname from pg_trigger
            where tgfoid = 'booking.record_event()'::regprocedure loop
    execute format('alter table %%s %s trigger %%I', t.rel, t.tgname);
  end loop;
end
$$
"""
FEED_OFF: LiteralString = _SET_FEED_TRIGGERS % "disable"
FEED_ON: LiteralString = _SET_FEED_TRIGGERS % "enable"
COUNT_EVENTS: LiteralString = "select count(*) from booking.events where org_id = any(%s)"
