--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: booking; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA booking;

--
-- Name: SCHEMA booking; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA booking IS 'Private schema of the clinic booking package: tables and internal helpers. Never exposed over REST; the API is the functions in public.';

--
-- Name: extensions; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA extensions;

--
-- Name: yoyo; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA yoyo;

--
-- Name: btree_gist; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA extensions;

--
-- Name: EXTENSION btree_gist; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';

--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;

--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';

--
-- Name: api_role(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.api_role() RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when current_setting('role') = 'none' then session_user::text
              else current_setting('role') end;
$$;

--
-- Name: FUNCTION api_role(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.api_role() IS 'Role the caller acts as: the SET ROLE role, else the session user.';

--
-- Name: assert_org_access(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.assert_org_access(p_org_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_role text := booking.api_role();
begin
  if v_role = 'anon' then
    raise exception 'anonymous callers cannot act for an organization'
      using errcode = '42501';
  end if;
  if v_role = 'authenticated' and p_org_id is distinct from booking.jwt_org_id() then
    raise exception 'not allowed to act for organization %', p_org_id
      using errcode = '42501',
            hint = 'The JWT claim app_metadata.org_id names the only organization you may act for.';
  end if;
end;
$$;

--
-- Name: FUNCTION assert_org_access(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.assert_org_access(p_org_id uuid) IS 'Raises 42501 unless the caller may act for the organization (authenticated: own org only; service_role and DBAs: any).';

--
-- Name: calendar_lock_key(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.calendar_lock_key(p_org_id uuid, p_calendar_id text) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
  select hashtextextended('booking.calendar:' || p_org_id::text || ':' || p_calendar_id, 0);
$$;

--
-- Name: FUNCTION calendar_lock_key(p_org_id uuid, p_calendar_id text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.calendar_lock_key(p_org_id uuid, p_calendar_id text) IS 'pg_advisory_xact_lock key of a calendar: hashtextextended(''booking.calendar:<org_id>:<calendar_id>'', 0).';

--
-- Name: is_phone_region(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.is_phone_region(p_region text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $_$
  select p_region ~ '^[A-Z]{2}$';
$_$;

--
-- Name: FUNCTION is_phone_region(p_region text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.is_phone_region(p_region text) IS 'True when phone numbers of this ISO 3166 region can be read (the region is in the phone metadata).';

--
-- Name: json_error(text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.json_error(p_code text, p_message text) RETURNS json
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select json_build_object(
    'success', false,
    'error', p_code,
    'message', p_code || ': ' || p_message,
    'created_at', booking.to_iso8601_utc(now()));
$$;

--
-- Name: FUNCTION json_error(p_code text, p_message text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.json_error(p_code text, p_message text) IS 'Business-failure answer {"success": false, "error", "message", "created_at"}.';

--
-- Name: jwt_org_id(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.jwt_org_id() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_claim text := nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,org_id}';
begin
  return v_claim::uuid;
exception
  when invalid_text_representation then
    return null;
end;
$$;

--
-- Name: FUNCTION jwt_org_id(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.jwt_org_id() IS 'app_metadata.org_id of request.jwt.claims (the verified JWT), or NULL.';

--
-- Name: normalize_email(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.normalize_email(p_email text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
declare
  v_email text := btrim(p_email);
  v_local text;
  v_domain text;
begin
  if v_email is null or length(v_email) > 254 or v_email !~ '^[^@]+@[^@]+$' then
    return null;
  end if;
  v_local := split_part(v_email, '@', 1);
  v_domain := lower(split_part(v_email, '@', 2));
  if length(v_local) > 64
     or v_local !~ '^[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+)*$'
     or v_domain !~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$' then
    return null;
  end if;
  return v_local || '@' || v_domain;
end;
$_$;

--
-- Name: FUNCTION normalize_email(p_email text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.normalize_email(p_email text) IS 'Trimmed e-mail with lower-cased domain, or NULL when invalid.';

--
-- Name: normalize_person_name(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.normalize_person_name(p_name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
begin
  if v_name is null or v_name = '' or length(v_name) > 200
     or v_name !~ '[[:alpha:]]' or v_name ~ '[[:cntrl:]]' then
    return null;
  end if;
  if v_name = lower(v_name) or v_name = upper(v_name) then
    return initcap(v_name);
  end if;
  return v_name;
end;
$$;

--
-- Name: FUNCTION normalize_person_name(p_name text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.normalize_person_name(p_name text) IS 'Trimmed, space-collapsed name; all-lower/all-upper input title-cased, mixed case kept; NULL if not a name.';

--
-- Name: normalize_phone(text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.normalize_phone(p_phone text, p_default_region text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_digits text := regexp_replace(p_phone, '[[:space:]().-]', '', 'g');
begin
  if v_digits ~ '^\+[1-9][0-9]{7,14}$' then
    return v_digits;
  end if;
  return null;
end;
$_$;

--
-- Name: FUNCTION normalize_phone(p_phone text, p_default_region text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.normalize_phone(p_phone text, p_default_region text) IS 'E.164 form of a phone number read with the default region, or NULL when invalid.';

--
-- Name: to_iso8601_utc(timestamp with time zone); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.to_iso8601_utc(p_at timestamp with time zone) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
  select to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
      || case when extract(microseconds from p_at at time zone 'UTC')::bigint % 1000000 = 0 then ''
              else to_char(p_at at time zone 'UTC', '.US') end
      || '+00:00';
$$;

--
-- Name: FUNCTION to_iso8601_utc(p_at timestamp with time zone); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.to_iso8601_utc(p_at timestamp with time zone) IS 'ISO-8601 text of an instant in UTC, e.g. 2026-01-18T15:00:00+00:00.';

--
-- Name: book_appointment_atomic(uuid, text, text, text, text, timestamp with time zone, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations%rowtype;
  v_calendar_id text;
  v_name text := booking.normalize_person_name(p_patient_name);
  v_email text;
  v_phone text;
  v_service_type text := btrim(regexp_replace(p_service_type, '[[:space:]]+', ' ', 'g'));
  v_ends_at timestamptz;
  v_lock_timeout text := current_setting('lock_timeout');
  v_contact_id uuid;
  v_appointment booking.appointments%rowtype;
begin
  perform booking.assert_org_access(p_org_id);

  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;

  if v_name is null then
    return booking.json_error('INVALID_NAME', 'The patient name must contain letters (at most 200 characters)');
  end if;
  v_phone := booking.normalize_phone(p_patient_phone, v_org.phone_region);
  if v_phone is null then
    return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
  end if;
  if nullif(btrim(p_patient_email), '') is not null then
    v_email := booking.normalize_email(p_patient_email);
    if v_email is null then
      return booking.json_error('INVALID_EMAIL', 'The e-mail address is not valid');
    end if;
  end if;
  if v_service_type is null or length(v_service_type) not between 1 and 100
     or v_service_type ~ '[[:cntrl:]]' then
    return booking.json_error('INVALID_SERVICE_TYPE', 'The service type must be 1 to 100 characters');
  end if;
  if p_scheduled_at is null or not isfinite(p_scheduled_at) then
    return booking.json_error('INVALID_TIME', 'The start time must be a finite timestamp');
  end if;
  if p_duration_minutes is null or p_duration_minutes not between 1 and 1440 then
    return booking.json_error('INVALID_DURATION', 'The duration must be 1 to 1440 minutes');
  end if;
  if p_scheduled_at < now() then
    return booking.json_error('PAST_TIME', 'Appointments cannot be booked in the past');
  end if;
  v_ends_at := p_scheduled_at + make_interval(mins => p_duration_minutes);

  select calendar_id into v_calendar_id
    from booking.calendars where org_id = p_org_id and is_default;
  if not found then
    return booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no default calendar');
  end if;

  begin
    perform set_config('lock_timeout',
      coalesce(nullif(current_setting('booking.lock_timeout', true), ''), '3s'), true);
    perform pg_advisory_xact_lock(booking.calendar_lock_key(p_org_id, v_calendar_id));

    -- A retry of a call that already succeeded.
    select a.* into v_appointment
      from booking.appointments a
      join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
     where a.org_id = p_org_id and a.calendar_id = v_calendar_id
       and a.scheduled_at = p_scheduled_at and a.duration_minutes = p_duration_minutes
       and a.status <> 'cancelled' and c.phone = v_phone;
    if found then
      perform set_config('lock_timeout', v_lock_timeout, true);
      return json_build_object(
        'success', true,
        'appointment_id', v_appointment.id,
        'contact_id', v_appointment.contact_id,
        'scheduled_at', booking.to_iso8601_utc(v_appointment.scheduled_at),
        'created_at', booking.to_iso8601_utc(v_appointment.created_at));
    end if;

    if exists (
      select from booking.appointments a
       where a.org_id = p_org_id and a.calendar_id = v_calendar_id and a.status <> 'cancelled'
         and tstzrange(a.scheduled_at, a.ends_at, '[)') && tstzrange(p_scheduled_at, v_ends_at, '[)')
    ) then
      perform set_config('lock_timeout', v_lock_timeout, true);
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
    end if;

    insert into booking.contacts as c (org_id, name, email, phone, booking_source)
    values (p_org_id, v_name, v_email, v_phone, 'phone_ai')
    on conflict (org_id, phone) do update
       set name = excluded.name,
           email = coalesce(excluded.email, c.email),
           updated_at = now()
    returning c.id into v_contact_id;

    insert into booking.leads as l (org_id, contact_id, status)
    values (p_org_id, v_contact_id, 'pending')
    on conflict (org_id, contact_id) do update
       set status = 'pending', updated_at = now();

    insert into booking.appointments (org_id, calendar_id, contact_id, service_type,
                                      scheduled_at, duration_minutes, ends_at)
    values (p_org_id, v_calendar_id, v_contact_id, v_service_type,
            p_scheduled_at, p_duration_minutes, v_ends_at)
    returning * into v_appointment;

    perform set_config('lock_timeout', v_lock_timeout, true);
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry the booking');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
  end;

  return json_build_object(
    'success', true,
    'appointment_id', v_appointment.id,
    'contact_id', v_contact_id,
    'scheduled_at', booking.to_iso8601_utc(v_appointment.scheduled_at),
    'created_at', booking.to_iso8601_utc(v_appointment.created_at));
end;
$$;

--
-- Name: FUNCTION book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) IS 'THE single production booking function: books a patient on the organization''s default calendar, atomically and without overlaps. Args: p_org_id, p_patient_name, p_patient_email (optional), p_patient_phone (normalized to E.164 with the organization''s phone region), p_service_type, p_scheduled_at, p_duration_minutes (1-1440). Returns {"success": true, "appointment_id", "contact_id", "scheduled_at", "created_at"} or {"success": false, "error", "message", "created_at"}; errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_NAME, INVALID_PHONE, INVALID_EMAIL, INVALID_SERVICE_TYPE, INVALID_TIME, PAST_TIME, INVALID_DURATION, SLOT_UNAVAILABLE, BUSY_RETRY. Repeating a successful call returns the same appointment_id. Raises 42501 when an authenticated caller books for another organization.';

--
-- Name: create_organization(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_organization(p_name text, p_timezone text, p_phone_region text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
  v_region text := upper(btrim(p_phone_region));
  v_org_id uuid;
begin
  if booking.api_role() in ('anon', 'authenticated') then
    raise exception 'only service_role may create organizations' using errcode = '42501';
  end if;
  if v_name is null or length(v_name) not between 1 and 200 or v_name ~ '[[:cntrl:]]' then
    return booking.json_error('INVALID_NAME', 'The organization name must be 1 to 200 characters');
  end if;
  if p_timezone is null or not exists (select from pg_catalog.pg_timezone_names where name = p_timezone) then
    return booking.json_error('INVALID_TIMEZONE', 'The time zone must be an IANA name such as America/New_York');
  end if;
  if v_region is null or not booking.is_phone_region(v_region) then
    return booking.json_error('INVALID_PHONE_REGION', 'The phone region must be a supported ISO 3166 code such as US or GB');
  end if;

  insert into booking.organizations (name, timezone, phone_region)
  values (v_name, p_timezone, v_region)
  returning org_id into v_org_id;

  insert into booking.calendars (org_id, calendar_id, name, is_default)
  values (v_org_id, 'cal-1', 'Main calendar', true);

  return json_build_object('success', true, 'org_id', v_org_id, 'calendar_id', 'cal-1');
end;
$$;

--
-- Name: FUNCTION create_organization(p_name text, p_timezone text, p_phone_region text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_organization(p_name text, p_timezone text, p_phone_region text) IS 'Onboarding (service_role only): creates an organization (name, IANA time zone, default phone region such as US or GB) with its default calendar cal-1. Returns {"success": true, "org_id", "calendar_id"} or {"success": false, "error": INVALID_NAME | INVALID_TIMEZONE | INVALID_PHONE_REGION, "message"}.';

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: appointments; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.appointments (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    calendar_id text NOT NULL,
    contact_id uuid NOT NULL,
    service_type text NOT NULL,
    scheduled_at timestamp with time zone NOT NULL,
    duration_minutes integer NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    status text DEFAULT 'scheduled'::text NOT NULL,
    confirmation_sms_sent boolean DEFAULT false NOT NULL,
    confirmation_sms_id text,
    confirmation_sms_sent_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT appointments_duration_check CHECK (((duration_minutes >= 1) AND (duration_minutes <= 1440))),
    CONSTRAINT appointments_ends_at_check CHECK ((ends_at = (scheduled_at + make_interval(mins => duration_minutes)))),
    CONSTRAINT appointments_scheduled_at_check CHECK (isfinite(scheduled_at)),
    CONSTRAINT appointments_service_type_check CHECK (((length(btrim(service_type)) >= 1) AND (length(btrim(service_type)) <= 100))),
    CONSTRAINT appointments_status_check CHECK ((status = ANY (ARRAY['scheduled'::text, 'confirmed'::text, 'completed'::text, 'cancelled'::text, 'no_show'::text])))
);

--
-- Name: TABLE appointments; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.appointments IS 'Booked appointments. Active (not cancelled) appointments of one calendar never overlap: [scheduled_at, ends_at) ranges are excluded by appointments_no_overlap.';

--
-- Name: COLUMN appointments.ends_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.ends_at IS 'scheduled_at + duration_minutes, kept by a CHECK; the overlap constraint needs it as a plain column.';

--
-- Name: COLUMN appointments.confirmation_sms_sent; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.confirmation_sms_sent IS 'True once the confirmation SMS of this appointment was handed to the SMS provider.';

--
-- Name: calendars; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.calendars (
    org_id uuid NOT NULL,
    calendar_id text NOT NULL,
    name text NOT NULL,
    is_default boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT calendars_calendar_id_check CHECK ((calendar_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'::text)),
    CONSTRAINT calendars_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200)))
);

--
-- Name: TABLE calendars; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.calendars IS 'Bookable calendars (a practitioner, a room). Exactly one default calendar per organization receives bookings that name no calendar.';

--
-- Name: contacts; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.contacts (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    email text,
    phone text NOT NULL,
    booking_source text DEFAULT 'phone_ai'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT contacts_booking_source_check CHECK ((booking_source ~ '^[a-z][a-z0-9_]{0,31}$'::text)),
    CONSTRAINT contacts_email_check CHECK (((email IS NULL) OR (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text))),
    CONSTRAINT contacts_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT contacts_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{1,14}$'::text))
);

--
-- Name: TABLE contacts; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.contacts IS 'Patients. One contact per organization and E.164 phone number; bookings reuse it.';

--
-- Name: COLUMN contacts.phone; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.contacts.phone IS 'E.164, e.g. +14155552671.';

--
-- Name: leads; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.leads (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    contact_id uuid NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT leads_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'contacted'::text, 'qualified'::text, 'hot'::text, 'converted'::text, 'lost'::text])))
);

--
-- Name: TABLE leads; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.leads IS 'Sales leads, one per contact. book_appointment_atomic creates or resets it to pending.';

--
-- Name: organizations; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.organizations (
    org_id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    timezone text NOT NULL,
    phone_region text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT organizations_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT organizations_phone_region_check CHECK ((phone_region ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT organizations_timezone_check CHECK ((('2000-01-01 00:00:00+00'::timestamp with time zone AT TIME ZONE timezone) IS NOT NULL))
);

--
-- Name: TABLE organizations; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.organizations IS 'Clinics: the tenants. org_id is the distribution key of every tenant table.';

--
-- Name: COLUMN organizations.timezone; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.organizations.timezone IS 'IANA time zone of the clinic, e.g. America/New_York; local times (SMS text, opening hours) use it.';

--
-- Name: COLUMN organizations.phone_region; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.organizations.phone_region IS 'ISO 3166 region used to read phone numbers written without a country code, e.g. US or GB.';

--
-- Name: _yoyo_log; Type: TABLE; Schema: yoyo; Owner: -
--

CREATE TABLE yoyo._yoyo_log (
    id character varying(36) NOT NULL,
    migration_hash character varying(64),
    migration_id character varying(255),
    operation character varying(10),
    username character varying(255),
    hostname character varying(255),
    comment character varying(255),
    created_at_utc timestamp without time zone
);

--
-- Name: _yoyo_migration; Type: TABLE; Schema: yoyo; Owner: -
--

CREATE TABLE yoyo._yoyo_migration (
    migration_hash character varying(64) NOT NULL,
    migration_id character varying(255),
    applied_at_utc timestamp without time zone
);

--
-- Name: _yoyo_version; Type: TABLE; Schema: yoyo; Owner: -
--

CREATE TABLE yoyo._yoyo_version (
    version integer NOT NULL,
    installed_at_utc timestamp without time zone
);

--
-- Name: yoyo_lock; Type: TABLE; Schema: yoyo; Owner: -
--

CREATE TABLE yoyo.yoyo_lock (
    locked integer DEFAULT 1 NOT NULL,
    ctime timestamp without time zone,
    pid integer NOT NULL
);

--
-- Name: appointments appointments_no_overlap; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointments
    ADD CONSTRAINT appointments_no_overlap EXCLUDE USING gist (org_id WITH =, calendar_id WITH =, tstzrange(scheduled_at, ends_at, '[)'::text) WITH &&) WHERE ((status <> 'cancelled'::text));

--
-- Name: appointments appointments_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointments
    ADD CONSTRAINT appointments_pkey PRIMARY KEY (org_id, id);

--
-- Name: calendars calendars_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendars
    ADD CONSTRAINT calendars_pkey PRIMARY KEY (org_id, calendar_id);

--
-- Name: contacts contacts_org_id_phone_key; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.contacts
    ADD CONSTRAINT contacts_org_id_phone_key UNIQUE (org_id, phone);

--
-- Name: contacts contacts_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.contacts
    ADD CONSTRAINT contacts_pkey PRIMARY KEY (org_id, id);

--
-- Name: leads leads_org_id_contact_id_key; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.leads
    ADD CONSTRAINT leads_org_id_contact_id_key UNIQUE (org_id, contact_id);

--
-- Name: leads leads_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.leads
    ADD CONSTRAINT leads_pkey PRIMARY KEY (org_id, id);

--
-- Name: organizations organizations_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.organizations
    ADD CONSTRAINT organizations_pkey PRIMARY KEY (org_id);

--
-- Name: _yoyo_log _yoyo_log_pkey; Type: CONSTRAINT; Schema: yoyo; Owner: -
--

ALTER TABLE ONLY yoyo._yoyo_log
    ADD CONSTRAINT _yoyo_log_pkey PRIMARY KEY (id);

--
-- Name: _yoyo_migration _yoyo_migration_pkey; Type: CONSTRAINT; Schema: yoyo; Owner: -
--

ALTER TABLE ONLY yoyo._yoyo_migration
    ADD CONSTRAINT _yoyo_migration_pkey PRIMARY KEY (migration_hash);

--
-- Name: _yoyo_version _yoyo_version_pkey; Type: CONSTRAINT; Schema: yoyo; Owner: -
--

ALTER TABLE ONLY yoyo._yoyo_version
    ADD CONSTRAINT _yoyo_version_pkey PRIMARY KEY (version);

--
-- Name: yoyo_lock yoyo_lock_pkey; Type: CONSTRAINT; Schema: yoyo; Owner: -
--

ALTER TABLE ONLY yoyo.yoyo_lock
    ADD CONSTRAINT yoyo_lock_pkey PRIMARY KEY (locked);

--
-- Name: appointments_org_id_contact_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointments_org_id_contact_id ON booking.appointments USING btree (org_id, contact_id);

--
-- Name: appointments_org_id_scheduled_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointments_org_id_scheduled_at ON booking.appointments USING btree (org_id, scheduled_at);

--
-- Name: calendars_one_default_per_org; Type: INDEX; Schema: booking; Owner: -
--

CREATE UNIQUE INDEX calendars_one_default_per_org ON booking.calendars USING btree (org_id) WHERE is_default;

--
-- Name: contacts_phone_ai; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX contacts_phone_ai ON booking.contacts USING btree (org_id, booking_source) WHERE (booking_source = 'phone_ai'::text);

--
-- Name: appointments appointments_calendar_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointments
    ADD CONSTRAINT appointments_calendar_fkey FOREIGN KEY (org_id, calendar_id) REFERENCES booking.calendars(org_id, calendar_id);

--
-- Name: appointments appointments_contact_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointments
    ADD CONSTRAINT appointments_contact_fkey FOREIGN KEY (org_id, contact_id) REFERENCES booking.contacts(org_id, id);

--
-- Name: calendars calendars_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendars
    ADD CONSTRAINT calendars_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: contacts contacts_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.contacts
    ADD CONSTRAINT contacts_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: leads leads_contact_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.leads
    ADD CONSTRAINT leads_contact_fkey FOREIGN KEY (org_id, contact_id) REFERENCES booking.contacts(org_id, id) ON DELETE CASCADE;

--
-- Name: appointments; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.appointments ENABLE ROW LEVEL SECURITY;

--
-- Name: calendars; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.calendars ENABLE ROW LEVEL SECURITY;

--
-- Name: contacts; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.contacts ENABLE ROW LEVEL SECURITY;

--
-- Name: leads; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.leads ENABLE ROW LEVEL SECURITY;

--
-- Name: appointments members can read their organization's appointments; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's appointments" ON booking.appointments FOR SELECT TO authenticated USING ((org_id = ( SELECT (((NULLIF(current_setting('request.jwt.claims'::text, true), ''::text))::jsonb #>> '{app_metadata,org_id}'::text[]))::uuid AS uuid)));

--
-- Name: calendars members can read their organization's calendars; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's calendars" ON booking.calendars FOR SELECT TO authenticated USING ((org_id = ( SELECT (((NULLIF(current_setting('request.jwt.claims'::text, true), ''::text))::jsonb #>> '{app_metadata,org_id}'::text[]))::uuid AS uuid)));

--
-- Name: contacts members can read their organization's contacts; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's contacts" ON booking.contacts FOR SELECT TO authenticated USING ((org_id = ( SELECT (((NULLIF(current_setting('request.jwt.claims'::text, true), ''::text))::jsonb #>> '{app_metadata,org_id}'::text[]))::uuid AS uuid)));

--
-- Name: leads members can read their organization's leads; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's leads" ON booking.leads FOR SELECT TO authenticated USING ((org_id = ( SELECT (((NULLIF(current_setting('request.jwt.claims'::text, true), ''::text))::jsonb #>> '{app_metadata,org_id}'::text[]))::uuid AS uuid)));

--
-- Name: organizations members can read their own organization; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their own organization" ON booking.organizations FOR SELECT TO authenticated USING ((org_id = ( SELECT (((NULLIF(current_setting('request.jwt.claims'::text, true), ''::text))::jsonb #>> '{app_metadata,org_id}'::text[]))::uuid AS uuid)));

--
-- Name: organizations; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.organizations ENABLE ROW LEVEL SECURITY;

--
-- Name: _yoyo_log; Type: ROW SECURITY; Schema: yoyo; Owner: -
--

ALTER TABLE yoyo._yoyo_log ENABLE ROW LEVEL SECURITY;

--
-- Name: _yoyo_migration; Type: ROW SECURITY; Schema: yoyo; Owner: -
--

ALTER TABLE yoyo._yoyo_migration ENABLE ROW LEVEL SECURITY;

--
-- Name: _yoyo_version; Type: ROW SECURITY; Schema: yoyo; Owner: -
--

ALTER TABLE yoyo._yoyo_version ENABLE ROW LEVEL SECURITY;

--
-- Name: yoyo_lock; Type: ROW SECURITY; Schema: yoyo; Owner: -
--

ALTER TABLE yoyo.yoyo_lock ENABLE ROW LEVEL SECURITY;

--
-- Name: SCHEMA booking; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA booking TO authenticated;
GRANT USAGE ON SCHEMA booking TO service_role;

--
-- Name: SCHEMA extensions; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA extensions TO anon;
GRANT USAGE ON SCHEMA extensions TO authenticated;
GRANT USAGE ON SCHEMA extensions TO service_role;

--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA public TO anon;
GRANT USAGE ON SCHEMA public TO authenticated;
GRANT USAGE ON SCHEMA public TO service_role;

--
-- Name: FUNCTION api_role(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.api_role() FROM PUBLIC;

--
-- Name: FUNCTION assert_org_access(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.assert_org_access(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION calendar_lock_key(p_org_id uuid, p_calendar_id text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.calendar_lock_key(p_org_id uuid, p_calendar_id text) FROM PUBLIC;

--
-- Name: FUNCTION is_phone_region(p_region text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.is_phone_region(p_region text) FROM PUBLIC;

--
-- Name: FUNCTION json_error(p_code text, p_message text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.json_error(p_code text, p_message text) FROM PUBLIC;

--
-- Name: FUNCTION jwt_org_id(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.jwt_org_id() FROM PUBLIC;

--
-- Name: FUNCTION normalize_email(p_email text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_email(p_email text) FROM PUBLIC;

--
-- Name: FUNCTION normalize_person_name(p_name text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_person_name(p_name text) FROM PUBLIC;

--
-- Name: FUNCTION normalize_phone(p_phone text, p_default_region text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_phone(p_phone text, p_default_region text) FROM PUBLIC;

--
-- Name: FUNCTION to_iso8601_utc(p_at timestamp with time zone); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.to_iso8601_utc(p_at timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) TO authenticated;
GRANT ALL ON FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) TO service_role;

--
-- Name: FUNCTION create_organization(p_name text, p_timezone text, p_phone_region text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_organization(p_name text, p_timezone text, p_phone_region text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_organization(p_name text, p_timezone text, p_phone_region text) TO service_role;

--
-- Name: TABLE appointments; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.appointments TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.appointments TO service_role;

--
-- Name: TABLE calendars; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.calendars TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.calendars TO service_role;

--
-- Name: TABLE contacts; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.contacts TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.contacts TO service_role;

--
-- Name: TABLE leads; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.leads TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.leads TO service_role;

--
-- Name: TABLE organizations; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.organizations TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.organizations TO service_role;

--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: -; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE ALL ON FUNCTIONS  FROM PUBLIC;

--
-- PostgreSQL database dump complete
--
