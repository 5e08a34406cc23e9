-- Test-only support, installed by the test harness after the migrations:
-- pgTAP in its own schema and helpers in `tests` (never part of migrations).

create schema if not exists tap;
create extension if not exists pgtap with schema tap;
grant usage on schema tap to public;
grant execute on all functions in schema tap to public;

create schema if not exists tests;
grant usage on schema tests to public;

-- pgTAP files print only TAP lines, so the helpers that change state are
-- procedures (CALL returns no rows) and fixtures are found again by name.

-- An organization (with its default calendar cal-1), created through the
-- API. By default the calendar is open around the clock on a one-minute
-- grid with no notice, so tests about conflicts and tenants can book any
-- future minute; p_open_always => false keeps the real defaults
-- (Monday-Friday 09:00-17:00, 30-minute grid, 60 minutes notice).
create or replace procedure tests.create_org(
  p_name text,
  p_timezone text default 'America/New_York',
  p_phone_region text default 'US',
  p_open_always boolean default true
)
language plpgsql
as $$
declare
  v_org_id uuid;
  v_every_day_all_day jsonb := jsonb_build_object(
    'mon', '[["00:00","24:00"]]'::jsonb, 'tue', '[["00:00","24:00"]]'::jsonb,
    'wed', '[["00:00","24:00"]]'::jsonb, 'thu', '[["00:00","24:00"]]'::jsonb,
    'fri', '[["00:00","24:00"]]'::jsonb, 'sat', '[["00:00","24:00"]]'::jsonb,
    'sun', '[["00:00","24:00"]]'::jsonb);
begin
  v_org_id := (public.create_organization(p_name, p_timezone, p_phone_region) ->> 'org_id')::uuid;
  if v_org_id is null then
    raise exception 'tests.create_org(%) failed', p_name;
  end if;
  if p_open_always then
    perform public.set_weekly_hours(v_org_id, 'cal-1', v_every_day_all_day);
    perform public.set_calendar_settings(v_org_id, 'cal-1',
      '{"slot_interval_minutes": 1, "min_notice_minutes": 0, "max_advance_days": 365}');
  end if;
end;
$$;

-- Noon, local time of the zone, p_days_ahead days from today: a start
-- that is inside the fixture calendars' hours and far from midnight.
create or replace function tests.local_noon(p_days_ahead integer, p_timezone text default 'America/New_York')
returns timestamptz
language sql
stable
as $$
  select (((now() at time zone p_timezone)::date + p_days_ahead) + time '12:00') at time zone p_timezone;
$$;

-- p_at, or, when [p_at, p_at + p_minutes) would run past local midnight,
-- the start that ends at it (p_earlier) or the midnight itself: the fixture
-- calendars are open 00:00-24:00 each day, so a slot across midnight is
-- OUTSIDE_HOURS. For starts a few hours from now, which run into local
-- midnight in one half hour of each day; the shift is under p_minutes.
create or replace function tests.within_local_day(
  p_at timestamptz, p_minutes integer, p_earlier boolean default false,
  p_timezone text default 'America/New_York')
returns timestamptz
language sql
stable
as $$
  select case when p_at + make_interval(mins => p_minutes) <= midnight then p_at
              when p_earlier then midnight - make_interval(mins => p_minutes)
              else midnight end
    from (select ((p_at at time zone p_timezone)::date + 1)::timestamp at time zone p_timezone) as m(midnight);
$$;

-- Books an appointment during a call the way the voice agent does: hold,
-- code by SMS (read back from the outbox), confirm. Returns the appointment.
create or replace function tests.book_during_call(
  p_org_name text, p_call_sid text, p_phone text, p_at timestamptz,
  p_name text default 'Lee Lead', p_service_type text default null
) returns uuid
language plpgsql
as $$
declare
  v_org uuid := tests.org_id(p_org_name);
  v_hold json := public.claim_slot_atomic(v_org, null, p_at, p_call_sid, p_name, p_phone, 10, p_service_type);
  v_code text;
begin
  if (v_hold ->> 'success') is distinct from 'true' then
    raise exception 'claim failed: %', v_hold;
  end if;
  perform public.send_otp((v_hold ->> 'hold_id')::uuid, null);
  select substring(body from 'code is ([0-9]{4})') into v_code from booking.sms_outbox
   where org_id = v_org and kind = 'otp' and call_id = p_call_sid and status <> 'canceled'
   order by created_at desc limit 1;
  return (public.confirm_held_slot((v_hold ->> 'hold_id')::uuid, v_org, null, v_code, p_service_type) ->> 'appointment_id')::uuid;
end;
$$;

-- A voice platform end-of-call report.
create or replace function tests.call_report(
  p_call_id text, p_phone text, p_seconds integer,
  p_success_evaluation text default null, p_summary text default 'Caller asked about an appointment.'
) returns jsonb
language sql
stable
as $$
  select jsonb_build_object('message', jsonb_build_object(
    'type', 'end-of-call-report',
    'call', jsonb_build_object('id', p_call_id),
    'customer', jsonb_build_object('number', p_phone),
    'startedAt', to_char((now() - make_interval(secs => p_seconds)) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'endedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'endedReason', 'customer-ended-call',
    'artifact', jsonb_build_object('transcript', 'AI: Hello. User: Hi.'),
    'analysis', jsonb_build_object('summary', p_summary, 'successEvaluation', p_success_evaluation)));
$$;

-- The id of a fixture organization, whatever role the test acts as.
create or replace function tests.org_id(p_name text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select org_id from booking.organizations where name = p_name order by created_at desc limit 1;
$$;

-- Act as an API role for the rest of the transaction, exactly as the REST
-- layer does: SET ROLE plus request.jwt.claims.
create or replace procedure tests.authenticate_as(p_org_name text, p_user_metadata jsonb default '{}')
language plpgsql
as $$
declare
  v_org_id uuid := tests.org_id(p_org_name);
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', jsonb_build_object(
            'role', 'authenticated',
            'sub', gen_random_uuid(),
            'app_metadata', jsonb_build_object('org_id', v_org_id),
            'user_metadata', p_user_metadata)::text, true);
  perform set_config('role', 'authenticated', true);
end;
$$;

create or replace procedure tests.authenticate_as_anon()
language plpgsql
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '{"role":"anon"}', true);
  perform set_config('role', 'anon', true);
end;
$$;

create or replace procedure tests.authenticate_as_service_role()
language plpgsql
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
  perform set_config('role', 'service_role', true);
end;
$$;

-- A staff account (booking.staff_accounts) with the password
-- 'correct horse battery staple' (a bcrypt hash of cost 12 computed once,
-- so fixtures cost no hashing), and, when p_org_name is given, its
-- membership there with p_role.
create or replace procedure tests.create_staff_account(
  p_email text, p_org_name text default null, p_role text default 'front_desk')
language plpgsql
as $$
begin
  insert into booking.staff_accounts (email, password_hash)
  values (p_email, '$2a$12$9uh/D.GgWMHAOKLSaFbFIuS18WEjsR/E3nEPe/E5ejbRPBPyYtHEm')
  on conflict (email) do nothing;
  if p_org_name is not null then
    insert into booking.memberships (org_id, account_id, role)
    values (tests.org_id(p_org_name), tests.account_id(p_email), p_role);
  end if;
end;
$$;

-- The id of a fixture staff account, whatever role the test acts as.
create or replace function tests.account_id(p_email text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select account_id from booking.staff_accounts where email = p_email;
$$;

-- Act as a staff account over REST: authenticated, with the account's id
-- as the JWT sub (and no app_metadata.org_id).
create or replace procedure tests.authenticate_as_account(p_email text)
language plpgsql
as $$
declare
  v_account_id uuid := tests.account_id(p_email);
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', jsonb_build_object(
            'role', 'authenticated', 'sub', v_account_id)::text, true);
  perform set_config('role', 'authenticated', true);
end;
$$;

-- Back to the session's own (owner) role.
create or replace procedure tests.clear_authentication()
language plpgsql
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
end;
$$;

grant execute on all functions in schema tests to public;
grant execute on all procedures in schema tests to public;
