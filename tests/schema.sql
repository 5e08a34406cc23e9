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
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;

--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';

--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;

--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: calendars; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.calendars (
    org_id uuid NOT NULL,
    calendar_id text NOT NULL,
    name text NOT NULL,
    is_default boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    slot_interval_minutes integer DEFAULT 30 NOT NULL,
    default_duration_minutes integer DEFAULT 30 NOT NULL,
    buffer_before_minutes integer DEFAULT 0 NOT NULL,
    buffer_after_minutes integer DEFAULT 0 NOT NULL,
    min_notice_minutes integer DEFAULT 60 NOT NULL,
    max_advance_days integer DEFAULT 90 NOT NULL,
    cancel_notice_minutes integer DEFAULT 120 NOT NULL,
    reschedule_notice_minutes integer DEFAULT 120 NOT NULL,
    CONSTRAINT calendars_buffer_after_check CHECK (((buffer_after_minutes >= 0) AND (buffer_after_minutes <= 1440))),
    CONSTRAINT calendars_buffer_before_check CHECK (((buffer_before_minutes >= 0) AND (buffer_before_minutes <= 1440))),
    CONSTRAINT calendars_calendar_id_check CHECK ((calendar_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'::text)),
    CONSTRAINT calendars_cancel_notice_check CHECK (((cancel_notice_minutes >= 0) AND (cancel_notice_minutes <= 525600))),
    CONSTRAINT calendars_default_duration_check CHECK (((default_duration_minutes >= 1) AND (default_duration_minutes <= 1440))),
    CONSTRAINT calendars_max_advance_check CHECK (((max_advance_days >= 1) AND (max_advance_days <= 1095))),
    CONSTRAINT calendars_min_notice_check CHECK (((min_notice_minutes >= 0) AND (min_notice_minutes <= 525600))),
    CONSTRAINT calendars_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT calendars_reschedule_notice_check CHECK (((reschedule_notice_minutes >= 0) AND (reschedule_notice_minutes <= 525600))),
    CONSTRAINT calendars_slot_interval_check CHECK (((slot_interval_minutes >= 1) AND (slot_interval_minutes <= 1440)))
);

--
-- Name: TABLE calendars; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.calendars IS 'Bookable calendars (a practitioner, a room). Exactly one default calendar per organization receives bookings that name no calendar.';

--
-- Name: COLUMN calendars.slot_interval_minutes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calendars.slot_interval_minutes IS 'Offered start times step by this many minutes from each opening time (local wall-clock).';

--
-- Name: COLUMN calendars.buffer_before_minutes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calendars.buffer_before_minutes IS 'Preparation time before each appointment; it overlaps neither another appointment nor its buffers.';

--
-- Name: COLUMN calendars.buffer_after_minutes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calendars.buffer_after_minutes IS 'Clean-up time after each appointment; it overlaps neither another appointment nor its buffers.';

--
-- Name: COLUMN calendars.min_notice_minutes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calendars.min_notice_minutes IS 'Earliest bookable start is now() + this notice.';

--
-- Name: COLUMN calendars.max_advance_days; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calendars.max_advance_days IS 'Latest bookable start is now() + this many days.';

--
-- Name: COLUMN calendars.cancel_notice_minutes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calendars.cancel_notice_minutes IS 'A patient may cancel only up to this many minutes before the start (TOO_LATE_TO_CHANGE after); staff may always, flagged late.';

--
-- Name: COLUMN calendars.reschedule_notice_minutes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calendars.reschedule_notice_minutes IS 'A patient may reschedule only up to this many minutes before the current start (TOO_LATE_TO_CHANGE after).';

--
-- Name: admin_calendar(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.admin_calendar(p_org_id uuid, p_calendar_id text, OUT calendar booking.calendars, OUT error json) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    error := booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
    return;
  end if;
  calendar := booking.find_calendar(p_org_id, p_calendar_id);
  if calendar.calendar_id is null then
    error := booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no such calendar');
  end if;
end;
$$;

--
-- Name: FUNCTION admin_calendar(p_org_id uuid, p_calendar_id text, OUT calendar booking.calendars, OUT error json); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.admin_calendar(p_org_id uuid, p_calendar_id text, OUT calendar booking.calendars, OUT error json) IS 'For admin functions: asserts an owner/admin (or service_role), then the calendar (default when NULL) or INVALID_ORGANIZATION / CALENDAR_NOT_FOUND.';

--
-- Name: organizations; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.organizations (
    org_id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    timezone text NOT NULL,
    phone_region text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    reminder_offsets_minutes integer[] DEFAULT '{1440}'::integer[] NOT NULL,
    contact_phone text,
    address text,
    time_format text,
    CONSTRAINT organizations_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT organizations_phone_region_check CHECK ((phone_region ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT organizations_reminder_offsets_check CHECK (((cardinality(reminder_offsets_minutes) <= 5) AND (array_position(reminder_offsets_minutes, NULL::integer) IS NULL) AND (1 <= ALL (reminder_offsets_minutes)) AND (43200 >= ALL (reminder_offsets_minutes)))),
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
-- Name: COLUMN organizations.reminder_offsets_minutes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.organizations.reminder_offsets_minutes IS 'Reminder SMS are due this many minutes before each appointment''s start (at most 5 offsets, 1 minute to 30 days). Set with public.set_reminder_offsets.';

--
-- Name: COLUMN organizations.contact_phone; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.organizations.contact_phone IS 'The clinic''s phone number shown to patients (E.164, e.g. +14155550100), formatted for the clinic''s region in every SMS and page that says "call us"; NULL: the voice agent''s number, else the SMS sender''s, else none. Set with public.set_clinic_profile.';

--
-- Name: COLUMN organizations.address; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.organizations.address IS 'The clinic''s address as patients read it (1 to 300 characters), or NULL. Set with public.set_clinic_profile.';

--
-- Name: COLUMN organizations.time_format; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.organizations.time_format IS 'The clock patients read: 12h (e.g. 2:30 PM) or 24h (14:30); NULL: from phone_region (12-hour in the US, Canada and other 12-hour regions, 24-hour elsewhere; booking.effective_time_format).';

--
-- Name: answer_waitlist_offer_sms(booking.organizations, text, uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.answer_waitlist_offer_sms(p_org booking.organizations, p_phone text, p_offer_id uuid, p_word text) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_org_id uuid := p_org.org_id;
  v_entry_id uuid := (select o.entry_id from booking.waitlist_offers o
                       where o.org_id = p_org.org_id and o.id = p_offer_id);
  v_answer json;
  v_action text;
  v_text text;
  v_stays text;
begin
  if p_word = 'leave' then
    begin
      perform booking.waitlist_leave(v_org_id, v_entry_id);
      v_action := 'waitlist_left';
      v_text := p_org.name || ': you have left the waitlist. We will not text you about open times. '
        || booking.sms_call_clinic(v_org_id);
    exception
      when lock_not_available then
        v_action := 'waitlist_busy';
        v_text := p_org.name || ': we could not take your answer just now. Please reply N again.';
    end;
  else
    v_answer := booking.claim_waitlist_offer_as(v_org_id, p_offer_id, 'patient_sms');
    if (v_answer ->> 'success')::boolean then
      -- The confirmation (or reschedule) SMS the claim queued is the reply.
      return json_build_object('action', 'waitlist_claimed', 'reply', null,
                               'appointment_id', v_answer ->> 'appointment_id', 'message_id', null);
    end if;
    v_stays := case when exists (select from booking.waitlist_entries e
                                  where e.org_id = v_org_id and e.id = v_entry_id and e.status = 'open')
                    then ' You stay on the waitlist, and we will text you when another time opens.' else '' end;
    v_action := case v_answer ->> 'error' when 'OFFER_TAKEN' then 'waitlist_taken'
                                          when 'BUSY_RETRY' then 'waitlist_busy'
                                          else 'waitlist_expired' end;
    v_text := p_org.name || case v_action
      when 'waitlist_taken' then ': sorry, that time was just taken.' || v_stays
      when 'waitlist_busy' then ': we could not take your answer just now. Please reply Y again.'
      else ': that offer has ended.' || v_stays end;
  end if;
  return json_build_object('action', v_action, 'reply', null, 'appointment_id', null,
                           'message_id', booking.enqueue_sms(v_org_id, 'reply', p_phone, v_text));
end;
$$;

--
-- Name: FUNCTION answer_waitlist_offer_sms(p_org booking.organizations, p_phone text, p_offer_id uuid, p_word text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.answer_waitlist_offer_sms(p_org booking.organizations, p_phone text, p_offer_id uuid, p_word text) IS 'A patient''s SMS answer to the waitlist offer of the conversation: take (Y/YES: claims it; the confirmation is the winner''s reply, a loser is told it was just taken and stays on the list) or leave (N/NO: leaves the waitlist); replies through the outbox.';

--
-- Name: api_role(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.api_role() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return case when current_setting('role') = 'none' then session_user::text
              else current_setting('role') end;
end;
$$;

--
-- Name: FUNCTION api_role(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.api_role() IS 'Role the caller acts as: the SET ROLE role, else the session user.';

--
-- Name: apply_inbound_sms(booking.organizations, text, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.apply_inbound_sms(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_org_id uuid := p_org.org_id;
  v_org booking.organizations := p_org;
  v_phone text := p_phone;
  v_action text := booking.sms_keyword_action(p_body);
  v_reply_keyword text := booking.sms_reply_keyword(p_body);
  v_appointment_id uuid;
  v_candidates uuid[];
  v_summary json;
  v_answer json;
  v_call_us text;
  v_text text;
  v_message_id uuid;
  v_link_sent_at timestamptz;
  v_offer_word text;
  v_offer_id uuid;
begin
  if v_action in ('opt_out', 'opt_in') then
    perform booking.record_sms_opt_out(v_org_id, v_phone, v_action = 'opt_out',
                                       upper(btrim(p_body, E' \t\r\n')), 'inbound_keyword');
  elsif v_action = 'help' then
    return json_build_object('action', 'help', 'reply', coalesce(
      (select sms_help_reply from booking.integration_settings where org_id = v_org_id),
      v_org.name || ': appointment messages. Reply STOP to opt out, START to opt back in. Msg&data rates may apply.'));
  end if;
  if v_action = 'opt_out' or (v_action = 'opt_in' and v_reply_keyword is null) then
    return json_build_object('action', v_action, 'reply', null);
  end if;

  -- An answer to a waitlist offer, when the offer is the conversation's
  -- latest message: Y takes it, N leaves the waitlist.
  v_offer_word := case when v_reply_keyword = 'confirm' then 'take'
                       when upper(btrim(p_body, E' \t\r\n.!')) in ('N', 'NO') then 'leave' end;
  if v_offer_word is not null then
    v_offer_id := booking.waitlist_conversation_offer(v_org_id, v_phone);
    if v_offer_id is not null then
      return booking.answer_waitlist_offer_sms(v_org, v_phone, v_offer_id, v_offer_word);
    end if;
  end if;

  if v_reply_keyword is null then
    return booking.keep_inbound_text(v_org, v_phone, p_body, p_to, p_message_sid);
  end if;
  v_candidates := booking.sms_reply_appointments(v_org_id, v_phone);
  v_appointment_id := v_candidates[1];
  if v_appointment_id is null then
    v_message_id := booking.enqueue_sms(v_org_id, 'reply', v_phone,
      v_org.name || ': we have no upcoming appointment for this number. To book, please call the clinic'
      || coalesce(' at ' || booking.phone_display(booking.clinic_phone(v_org_id), v_org.phone_region), '') || '.');
    return json_build_object('action', coalesce(v_action, 'no_appointment'),
                             'reply', null, 'appointment_id', null, 'message_id', v_message_id);
  elsif cardinality(v_candidates) > 1 then
    -- Ambiguous: say so, and let the patient pick by link or by phone.
    select v_org.name || ': you have ' || cardinality(v_candidates)
           || ' upcoming appointments, so nothing was changed. Open the one you mean: '
           || string_agg((booking.appointment_summary(v_org_id, c.id) ->> 'local_text') || ': '
                         || booking.manage_link(v_org_id, c.id), '; ' order by c.ord)
           || '. Or ' || lower(left(booking.sms_call_clinic(v_org_id), 1)) || substr(booking.sms_call_clinic(v_org_id), 2)
      into v_text
      from unnest(v_candidates) with ordinality as c(id, ord);
    v_message_id := booking.enqueue_sms(v_org_id, 'reply', v_phone, v_text);
    return json_build_object('action', 'ambiguous', 'reply', null, 'appointment_id', null,
                             'appointment_ids', v_candidates, 'message_id', v_message_id);
  end if;

  v_summary := booking.appointment_summary(v_org_id, v_appointment_id);
  v_call_us := booking.sms_call_clinic(v_org_id);
  if v_reply_keyword = 'confirm' then
    perform booking.confirm_appointment_as_patient(v_org_id, v_appointment_id, 'patient_sms');
    v_text := v_org.name || ': thank you, your ' || (v_summary ->> 'service_name') || ' on '
      || (v_summary ->> 'local_text') || ' is confirmed. '
      || booking.sms_change_offer(v_org_id, v_appointment_id, 'after_confirm');
  elsif v_reply_keyword = 'cancel' then
    v_answer := booking.cancel_appointment_as(v_org_id, v_appointment_id, 'patient_sms',
                                              'Cancelled by SMS reply');
    if (v_answer ->> 'success')::boolean then
      -- The cancellation SMS booking.cancel_appointment_as queued is the reply.
      return json_build_object('action', 'cancel', 'reply', null,
                               'appointment_id', v_appointment_id, 'message_id', null);
    end if;
    v_reply_keyword := 'cancel_refused';
    v_text := v_org.name || ': your appointment on ' || (v_summary ->> 'local_text')
      || case when v_answer ->> 'error' = 'TOO_LATE_TO_CHANGE'
              then ' is too soon to cancel by text. ' else ' could not be cancelled by text. ' end
      || v_call_us;
  else
    -- R: a link texted for this appointment in the last hour (and not
    -- refused) is still live: point to it instead of minting another token.
    select o.created_at into v_link_sent_at
      from booking.sms_outbox o
     where o.org_id = v_org_id and o.recipient = v_phone and o.appointment_id = v_appointment_id
       and o.kind in ('reply', 'reschedule') and o.created_at > now() - interval '1 hour'
       and o.status not in ('suppressed', 'failed', 'undelivered', 'canceled')
       and (o.body ~ '/a/[A-Za-z0-9_-]{22,64}' or strpos(o.body, booking.sms_manage_link_marker()) > 0)
     order by o.created_at desc
     limit 1;
    if v_link_sent_at is not null then
      v_text := v_org.name || ': the link we texted you at ' || booking.format_local_time(v_org_id, v_link_sent_at, true)
        || ' for your appointment on ' || (v_summary ->> 'local_text') || ' still works.';
    else
      v_text := v_org.name || ': to see, reschedule or cancel your appointment on '
        || (v_summary ->> 'local_text') || ', open ' || booking.manage_link(v_org_id, v_appointment_id);
    end if;
  end if;
  v_message_id := booking.enqueue_sms(v_org_id, 'reply', v_phone, v_text, v_appointment_id);
  return json_build_object('action', v_reply_keyword, 'reply', null,
                           'appointment_id', v_appointment_id, 'message_id', v_message_id,
                           'link_reused', v_link_sent_at is not null);
end;
$$;

--
-- Name: FUNCTION apply_inbound_sms(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.apply_inbound_sms(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text) IS 'The effect of an inbound SMS from an E.164 number (booking.record_inbound_sms, which checks the caller and duplicates): carrier keywords, reply keywords Y/YES/C/R on the appointment of the conversation (booking.sms_reply_appointments; ambiguous: links, nothing changed), Y/YES/N/NO answering a waitlist offer when it is the conversation''s latest message (booking.answer_waitlist_offer_sms), help text, free text kept (booking.keep_inbound_text); replies queued in the outbox.';

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
    cancelled_at timestamp with time zone,
    cancelled_by text,
    cancellation_reason text,
    patient_confirmed_at timestamp with time zone,
    patient_reschedule_count integer DEFAULT 0 NOT NULL,
    last_changed_by text,
    booked_by_staff boolean DEFAULT false NOT NULL,
    booked_by_account_id uuid,
    checked_in_at timestamp with time zone,
    CONSTRAINT appointments_cancellation_reason_check CHECK ((length(cancellation_reason) <= 500)),
    CONSTRAINT appointments_cancelled_by_check CHECK ((cancelled_by = ANY (ARRAY['staff'::text, 'patient_phone'::text, 'patient_sms'::text, 'patient_link'::text]))),
    CONSTRAINT appointments_duration_check CHECK (((duration_minutes >= 1) AND (duration_minutes <= 1440))),
    CONSTRAINT appointments_ends_at_check CHECK ((ends_at = (scheduled_at + make_interval(mins => duration_minutes)))),
    CONSTRAINT appointments_last_changed_by_check CHECK ((last_changed_by = ANY (ARRAY['staff'::text, 'patient_phone'::text, 'patient_sms'::text, 'patient_link'::text]))),
    CONSTRAINT appointments_patient_reschedule_count_check CHECK ((patient_reschedule_count >= 0)),
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
-- Name: COLUMN appointments.cancelled_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.cancelled_at IS 'When the appointment was cancelled (status cancelled); the row is kept.';

--
-- Name: COLUMN appointments.cancelled_by; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.cancelled_by IS 'Who cancelled: staff, patient_phone (voice agent), patient_sms (reply C) or patient_link (manage page).';

--
-- Name: COLUMN appointments.patient_confirmed_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.patient_confirmed_at IS 'When the patient confirmed attendance (reply Y, voice agent or manage page); NULL until then.';

--
-- Name: COLUMN appointments.patient_reschedule_count; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.patient_reschedule_count IS 'Reschedules made by the patient (at most 3); staff reschedules do not count.';

--
-- Name: COLUMN appointments.last_changed_by; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.last_changed_by IS 'Actor of the last cancel, reschedule, confirmation or outcome; reported by the event feed.';

--
-- Name: COLUMN appointments.booked_by_staff; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.booked_by_staff IS 'True for an appointment staff booked (public.staff_book_appointment: walk-ins may be inside the minimum notice); its history has a booked row saying who.';

--
-- Name: COLUMN appointments.booked_by_account_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.booked_by_account_id IS 'The member (JWT sub) who booked it as staff; NULL for a patient''s booking or service_role''s.';

--
-- Name: COLUMN appointments.checked_in_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointments.checked_in_at IS 'When staff checked the patient in (arrived); NULL when not arrived, cleared by a no-show or a correction.';

--
-- Name: appointment_answer(booking.appointments); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.appointment_answer(p_appointment booking.appointments) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return json_build_object(
    'success', true,
    'appointment_id', p_appointment.id,
    'contact_id', p_appointment.contact_id,
    'scheduled_at', booking.to_iso8601_utc(p_appointment.scheduled_at),
    'created_at', booking.to_iso8601_utc(p_appointment.created_at));
end;
$$;

--
-- Name: FUNCTION appointment_answer(p_appointment booking.appointments); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.appointment_answer(p_appointment booking.appointments) IS 'The success answer of a booking.

Args: p_appointment, the booked row. Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at", "created_at"} (ISO-8601, UTC). Codes: none.';

--
-- Name: appointment_sms_text(text, uuid, uuid, text, timestamp with time zone); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.appointment_sms_text(p_kind text, p_org_id uuid, p_appointment_id uuid, p_link text DEFAULT NULL::text, p_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_appointment booking.appointments;
  v_service text;
  v_when text;
begin
  select * into v_org from booking.organizations where org_id = p_org_id;
  select * into v_appointment from booking.appointments where org_id = p_org_id and id = p_appointment_id;
  if v_appointment.id is null then
    return null;
  end if;
  v_service := booking.service_display_name(p_org_id, v_appointment.calendar_id, v_appointment.service_type);
  v_when := booking.format_local_time(p_org_id, v_appointment.scheduled_at);
  return case p_kind
    when 'reminder' then
      v_org.name || ': reminder of your ' || v_service || ' appointment on ' || v_when
      || '. ' || booking.sms_change_offer(p_org_id, p_appointment_id, 'reply', null, p_at)
    when 'cancellation' then
      v_org.name || ': your ' || v_service || ' appointment on ' || v_when
      || ' has been cancelled. Call us'
      || coalesce(' at ' || booking.phone_display(booking.clinic_phone(p_org_id), v_org.phone_region), '')
      || ' to book again.'
    when 'reschedule' then
      v_org.name || ': your ' || v_service || ' appointment has moved to ' || v_when || '. '
      || booking.sms_change_offer(p_org_id, p_appointment_id, 'link', p_link, p_at)
  end;
end;
$$;

--
-- Name: FUNCTION appointment_sms_text(p_kind text, p_org_id uuid, p_appointment_id uuid, p_link text, p_at timestamp with time zone); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.appointment_sms_text(p_kind text, p_org_id uuid, p_appointment_id uuid, p_link text, p_at timestamp with time zone) IS 'Text of a reminder ("Reply Y to confirm or C to cancel."; no C inside the cancel notice at p_at), cancellation ("Call us at <clinic number> to book again.") or reschedule SMS (only the changes the notices still allow) of an appointment: clinic, service as patients read it, local date/time on the clinic''s clock; never asks for STOP or CANCEL.';

--
-- Name: appointment_summary(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.appointment_summary(p_org_id uuid, p_appointment_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_appointment booking.appointments;
  v_org booking.organizations;
  v_cancel text;
  v_reschedule text;
  v_phone text := booking.clinic_phone(p_org_id);
begin
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  select * into v_org from booking.organizations where org_id = p_org_id;
  v_cancel := booking.change_refusal(v_appointment, 'cancel', 'patient_link');
  v_reschedule := booking.change_refusal(v_appointment, 'reschedule', 'patient_link');
  return json_build_object(
    'success', true,
    'appointment_id', v_appointment.id,
    'status', v_appointment.status,
    'service_type', v_appointment.service_type,
    'service_name', booking.service_display_name(p_org_id, v_appointment.calendar_id, v_appointment.service_type),
    'duration_minutes', v_appointment.duration_minutes,
    'scheduled_at', booking.to_iso8601_utc(v_appointment.scheduled_at),
    'timezone', v_org.timezone,
    'timezone_name', booking.timezone_display_name(v_org.timezone),
    'local_date', to_char(v_appointment.scheduled_at at time zone v_org.timezone, 'YYYY-MM-DD'),
    'local_time', to_char(v_appointment.scheduled_at at time zone v_org.timezone, 'HH24:MI'),
    'local_text', booking.format_local_time(p_org_id, v_appointment.scheduled_at),
    'clinic_name', v_org.name,
    'clinic_phone', v_phone,
    'clinic_phone_display', booking.phone_display(v_phone, v_org.phone_region),
    'clinic_address', v_org.address,
    'patient_confirmed', v_appointment.patient_confirmed_at is not null,
    'can_cancel', v_cancel is null,
    'can_reschedule', v_reschedule is null,
    'cancel_blocked_reason', v_cancel,
    'reschedule_blocked_reason', v_reschedule,
    'reschedules_remaining',
      greatest(0, booking.patient_reschedule_limit() - v_appointment.patient_reschedule_count),
    'calendar_id', v_appointment.calendar_id,
    'earlier_time_requested', exists (
      select from booking.waitlist_entries e
       where e.org_id = p_org_id and e.appointment_id = v_appointment.id and e.status = 'open'),
    'earlier_time_offerable', v_reschedule is null and (booking.waitlist_config(p_org_id)).enabled);
end;
$$;

--
-- Name: FUNCTION appointment_summary(p_org_id uuid, p_appointment_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.appointment_summary(p_org_id uuid, p_appointment_id uuid) IS 'Internal read model of an appointment (status, service and its name for patients, UTC and local times on the clinic''s clock, clinic name/phone (E.164 and as patients read it)/address, patient_confirmed, can_cancel/can_reschedule for a patient now with the blocking codes, reschedules_remaining, earlier_time_requested/earlier_time_offerable: the waitlist for an earlier time) or APPOINTMENT_NOT_FOUND.';

--
-- Name: assert_actor(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.assert_actor(p_actor text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if p_actor is null or p_actor not in ('staff', 'patient_phone', 'patient_sms', 'patient_link') then
    raise exception 'unknown actor %', p_actor
      using errcode = '22023', hint = 'staff, patient_phone, patient_sms or patient_link';
  end if;
end;
$$;

--
-- Name: FUNCTION assert_actor(p_actor text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.assert_actor(p_actor text) IS 'Raises 22023 unless the actor is staff, patient_phone, patient_sms or patient_link.';

--
-- Name: assert_can_manage_staff(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.assert_can_manage_staff(p_org_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  -- Who may: booking.assert_org_role's rule, written once (owners and
  -- admins of the organization, or service_role); then which of them.
  perform booking.assert_org_role(p_org_id, 'admin');
  if booking.api_role() = 'authenticated' then
    return booking.caller_membership_role(p_org_id);
  end if;
  return 'service_role';
end;
$$;

--
-- Name: FUNCTION assert_can_manage_staff(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.assert_can_manage_staff(p_org_id uuid) IS 'Raises 42501 unless the caller is service_role or an active owner/admin of the organization; returns service_role, owner or admin.';

--
-- Name: assert_org_access(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.assert_org_access(p_org_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if booking.can_act_for_org(p_org_id) then
    return;
  end if;
  raise exception 'not allowed to act for organization %', p_org_id
    using errcode = '42501',
          hint = 'A member acts for the organizations of its active memberships (or its JWT''s app_metadata.org_id when it has none).';
end;
$$;

--
-- Name: FUNCTION assert_org_access(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.assert_org_access(p_org_id uuid) IS 'Raises 42501 unless the caller may act for the organization (authenticated: its memberships, booking.member_org_ids; service_role and privileged roles: any; others: none).';

--
-- Name: assert_org_role(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.assert_org_role(p_org_id uuid, p_least text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_role text;
begin
  if booking.api_role() = 'authenticated' then
    v_role := booking.caller_membership_role(p_org_id);
    if v_role = 'owner' or (v_role = 'admin' and p_least = 'admin') then
      return;
    end if;
  elsif booking.is_privileged_caller() then
    return;
  end if;
  raise exception 'only an organization''s % may change this', p_least
    using errcode = '42501',
          hint = 'Settings are for the clinic''s owners and administrators (front desk: appointments, patients, messages).';
end;
$$;

--
-- Name: FUNCTION assert_org_role(p_org_id uuid, p_least text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.assert_org_role(p_org_id uuid, p_least text) IS 'Raises 42501 unless the caller is service_role (or privileged) or an active owner/admin of the organization (p_least: owner or admin).';

--
-- Name: assert_service_role(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.assert_service_role() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if not booking.is_privileged_caller() then
    raise exception 'only service_role may call this function' using errcode = '42501';
  end if;
end;
$$;

--
-- Name: FUNCTION assert_service_role(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.assert_service_role() IS 'Raises 42501 unless the caller is service_role or a privileged database role (allow-list).';

--
-- Name: attendance_refusal(booking.appointments, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.attendance_refusal(p_appointment booking.appointments, p_attendance text, p_timezone text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case
    when p_appointment.status = 'cancelled' then 'APPOINTMENT_CANCELLED'
    when p_attendance = 'arrived'
         and (p_appointment.scheduled_at at time zone p_timezone)::date > (now() at time zone p_timezone)::date
      then 'APPOINTMENT_NOT_TODAY'
    when p_attendance in ('completed', 'no_show') and p_appointment.scheduled_at > now()
      then 'APPOINTMENT_NOT_STARTED'
  end;
$$;

--
-- Name: FUNCTION attendance_refusal(p_appointment booking.appointments, p_attendance text, p_timezone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.attendance_refusal(p_appointment booking.appointments, p_attendance text, p_timezone text) IS 'APPOINTMENT_CANCELLED, APPOINTMENT_NOT_TODAY (check-in before the appointment''s local day) or APPOINTMENT_NOT_STARTED (completed / no-show before its start) when staff may not record p_attendance (arrived, completed, no_show, expected); NULL when they may.';

--
-- Name: available_slots(uuid, text, date, integer, text, uuid, integer); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.available_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_service_type text, p_ignore_appointment_id uuid DEFAULT NULL::uuid, p_min_notice_minutes integer DEFAULT NULL::integer) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_timezone text;
  v_calendar booking.calendars;
  v_buffer integer;
  v_busy tstzmultirange;
  v_current_start timestamptz;
begin
  select o.timezone into v_timezone from booking.organizations o where o.org_id = p_org_id;
  select * into v_calendar from booking.calendars c
   where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  -- Dates outside [yesterday, horizon] offer nothing (and far ones would
  -- overflow local timestamps): answer at once.
  if p_date < current_date - 1 or p_date > current_date + v_calendar.max_advance_days + 1
     or p_duration_minutes is null then
    return json_build_object('success', true, 'date', p_date, 'timezone', v_timezone,
      'calendar_id', p_calendar_id, 'service_type', p_service_type,
      'duration_minutes', p_duration_minutes, 'slots', '[]'::json);
  end if;
  -- Every start offered on p_date lies between its local midnights, so its
  -- claimed range lies within this window (a day wider on each side, so no
  -- time zone offset can matter).
  select a.scheduled_at into v_current_start from booking.appointments a
   where a.org_id = p_org_id and a.id = p_ignore_appointment_id;
  v_buffer := v_calendar.buffer_before_minutes + v_calendar.buffer_after_minutes;
  v_busy := booking.busy_time(p_org_id, p_calendar_id,
    ((p_date - 1)::timestamp at time zone v_timezone) - make_interval(mins => v_buffer),
    ((p_date + 2)::timestamp at time zone v_timezone) + make_interval(mins => p_duration_minutes + v_buffer),
    null, p_ignore_appointment_id);

  return json_build_object(
    'success', true,
    'date', p_date,
    'timezone', v_timezone,
    'calendar_id', p_calendar_id,
    'service_type', p_service_type,
    'duration_minutes', p_duration_minutes,
    'slots', coalesce((
      select json_agg(json_build_object(
               'start', booking.to_iso8601_utc(s.starts_at),
               'local_start', booking.to_iso8601_local(s.starts_at, v_timezone),
               'local_time', to_char(s.local_start, 'HH24:MI')) order by s.starts_at)
        from booking.offered_slots(p_org_id, p_calendar_id, p_date, p_duration_minutes,
                                  null, p_min_notice_minutes) s
       where s.starts_at is distinct from v_current_start
         and not (v_busy && booking.claimed_range(s.starts_at,
                                                  s.starts_at + make_interval(mins => p_duration_minutes),
                                                  v_buffer))), '[]'::json));
end;
$$;

--
-- Name: FUNCTION available_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_service_type text, p_ignore_appointment_id uuid, p_min_notice_minutes integer); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.available_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_service_type text, p_ignore_appointment_id uuid, p_min_notice_minutes integer) IS 'check_availability''s success answer for a calendar, local date and duration: offered starts minus busy time (appointments, live holds, blocked time, buffers), ignoring the appointment p_ignore_appointment_id (its interval does not block, its current start is not offered); p_min_notice_minutes replaces the calendar''s notice (staff: 0).';

--
-- Name: busy_time(uuid, text, timestamp with time zone, timestamp with time zone, uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.busy_time(p_org_id uuid, p_calendar_id text, p_from timestamp with time zone, p_until timestamp with time zone, p_ignore_hold_id uuid DEFAULT NULL::uuid, p_ignore_appointment_id uuid DEFAULT NULL::uuid) RETURNS tstzmultirange
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
declare
  v_window tstzrange := tstzrange(p_from, p_until, '[)');
  v_busy tstzmultirange;
begin
  select coalesce(range_agg(busy.during), '{}')
    into v_busy
    from (select tstzrange(a.scheduled_at, a.ends_at, '[)')
            from booking.appointments a
           where a.org_id = p_org_id and a.calendar_id = p_calendar_id and a.status <> 'cancelled'
             and a.id is distinct from p_ignore_appointment_id
             and tstzrange(a.scheduled_at, a.ends_at, '[)') && v_window
          union all
          select tstzrange(h.scheduled_at, h.ends_at, '[)')
            from booking.appointment_holds h
           where h.org_id = p_org_id and h.calendar_id = p_calendar_id and h.status = 'active'
             and h.expires_at > now() and h.id is distinct from p_ignore_hold_id
             and tstzrange(h.scheduled_at, h.ends_at, '[)') && v_window
          union all
          select tstzrange(b.starts_at, b.ends_at, '[)')
            from booking.calendar_blocks b
           where b.org_id = p_org_id and b.calendar_id = p_calendar_id
             and tstzrange(b.starts_at, b.ends_at, '[)') && v_window) as busy(during);
  return v_busy;
end;
$$;

--
-- Name: FUNCTION busy_time(p_org_id uuid, p_calendar_id text, p_from timestamp with time zone, p_until timestamp with time zone, p_ignore_hold_id uuid, p_ignore_appointment_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.busy_time(p_org_id uuid, p_calendar_id text, p_from timestamp with time zone, p_until timestamp with time zone, p_ignore_hold_id uuid, p_ignore_appointment_id uuid) IS 'Union of the intervals of the calendar''s active appointments, live holds and blocked time that overlap [p_from, p_until), buffers excluded; without the hold p_ignore_hold_id and the appointment p_ignore_appointment_id.';

--
-- Name: calendar_lock_key(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.calendar_lock_key(p_org_id uuid, p_calendar_id text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
begin
  return hashtextextended('booking.calendar:' || p_org_id::text || ':' || p_calendar_id, 0);
end;
$$;

--
-- Name: FUNCTION calendar_lock_key(p_org_id uuid, p_calendar_id text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.calendar_lock_key(p_org_id uuid, p_calendar_id text) IS 'pg_advisory_xact_lock key of a calendar: hashtextextended(''booking.calendar:<org_id>:<calendar_id>'', 0).';

--
-- Name: caller_account_id(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.caller_account_id() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if booking.api_role() <> 'authenticated' then
    return null;
  end if;
  return (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid;
exception
  when invalid_text_representation then
    return null;
end;
$$;

--
-- Name: FUNCTION caller_account_id(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.caller_account_id() IS 'Account id of an authenticated caller (the JWT sub), or NULL.';

--
-- Name: caller_appointment_refusal(uuid, uuid, text, uuid, text, boolean, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.caller_appointment_refusal(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_code text DEFAULT NULL::text, p_caller_attested boolean DEFAULT false, p_call_id text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations%rowtype;
  v_phone text;
  v_proven boolean := false;
  v_refusal json;
begin
  select * into v_org from booking.organizations where org_id = p_org_id;
  if p_verification_id is not null then
    v_refusal := booking.check_phone_verification(p_org_id, p_verification_id, p_code);
    if v_refusal is not null then
      return v_refusal;
    end if;
    select phone into v_phone from booking.phone_verifications
     where org_id = p_org_id and id = p_verification_id;
    v_proven := true;
  else
    v_phone := booking.normalize_phone(nullif(btrim(p_caller_phone), ''), v_org.phone_region);
    if v_phone is null then
      return booking.json_error('VERIFICATION_REQUIRED',
        'The caller''s number is unknown: call lookup_appointments with the patient''s phone and the code first');
    end if;
    v_proven := coalesce(p_caller_attested, false)
                and (booking.voice_caller_policy(p_org_id)).caller_id_policy = 'trust_attested';
  end if;
  if not exists (select from booking.appointments a
                   join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
                  where a.org_id = p_org_id and a.id = p_appointment_id and c.phone = v_phone) then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'The caller has no such appointment');
  end if;
  if not v_proven then
    return booking.send_phone_verification(v_org, v_phone, p_call_id);
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION caller_appointment_refusal(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.caller_appointment_refusal(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) IS 'NULL when the voice caller proved the appointment''s phone (a verified code; or a fully attested caller id under trust_attested); else VERIFICATION_REQUIRED (a code texted to the appointment''s number, with verification_id, or none without a number), APPOINTMENT_NOT_FOUND, or the verification''s error.';

--
-- Name: caller_membership_role(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.caller_membership_role(p_org_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_account_id uuid := booking.caller_account_id();
begin
  if v_account_id is null or p_org_id is null then
    return null;
  end if;
  return (select m.role
            from booking.memberships m
            left join booking.staff_accounts a on a.account_id = m.account_id
           where m.org_id = p_org_id and m.account_id = v_account_id
             and m.disabled_at is null and a.disabled_at is null);
end;
$$;

--
-- Name: FUNCTION caller_membership_role(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.caller_membership_role(p_org_id uuid) IS 'The caller''s active role (owner, admin, front_desk) in the organization, or NULL.';

--
-- Name: can_act_for_org(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.can_act_for_org(p_org_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if booking.api_role() = 'authenticated' then
    return p_org_id is not null and p_org_id = any (booking.member_org_ids());
  end if;
  return booking.is_privileged_caller();
end;
$$;

--
-- Name: FUNCTION can_act_for_org(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.can_act_for_org(p_org_id uuid) IS 'True when the caller may act for the organization (authenticated: its memberships, booking.member_org_ids; service_role and privileged roles: any; others: none).';

--
-- Name: cancel_appointment_as(uuid, uuid, text, text, boolean); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.cancel_appointment_as(p_org_id uuid, p_appointment_id uuid, p_actor text, p_reason text, p_notify_patient boolean DEFAULT true) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_appointment booking.appointments;
  v_reason text := nullif(btrim(p_reason), '');
  v_refusal text;
  v_late boolean;
  v_from_status text;
  v_notify boolean := p_actor <> 'staff' or coalesce(p_notify_patient, true);
begin
  perform booking.assert_actor(p_actor);
  if length(v_reason) > 500 then
    return booking.json_error('INVALID_REASON', 'The reason is at most 500 characters');
  end if;
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;

  begin
    perform booking.lock_calendar(p_org_id, v_appointment.calendar_id);
    select * into v_appointment from booking.appointments
     where org_id = p_org_id and id = p_appointment_id for update;

    if v_appointment.status = 'cancelled' then
      return json_build_object('success', true, 'appointment_id', v_appointment.id,
        'status', 'cancelled', 'cancelled_at', booking.to_iso8601_utc(v_appointment.cancelled_at));
    end if;
    v_refusal := booking.change_refusal(v_appointment, 'cancel', p_actor);
    if v_refusal is not null then
      return booking.json_error(v_refusal, case v_refusal
        when 'APPOINTMENT_IN_PAST' then 'The appointment has already started'
        else 'The appointment starts too soon to cancel it; call the clinic' end);
    end if;
    v_late := booking.is_inside_notice(v_appointment, 'cancel');
    v_from_status := v_appointment.status;

    update booking.appointments
       set status = 'cancelled', cancelled_at = now(), cancelled_by = p_actor,
           cancellation_reason = v_reason, last_changed_by = p_actor, updated_at = now()
     where org_id = p_org_id and id = p_appointment_id
    returning * into v_appointment;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, from_status, to_status,
                                             from_scheduled_at, reason, late, patient_notified)
    values (p_org_id, p_appointment_id, 'cancelled', p_actor, v_from_status, 'cancelled',
            v_appointment.scheduled_at, v_reason, v_late, v_notify);
    perform booking.sync_reminders(p_org_id, p_appointment_id);
    if v_notify then
      perform booking.enqueue_appointment_sms(p_org_id, p_appointment_id, 'cancellation');
    end if;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;

  return json_build_object('success', true, 'appointment_id', v_appointment.id,
    'status', 'cancelled', 'cancelled_at', booking.to_iso8601_utc(v_appointment.cancelled_at));
end;
$$;

--
-- Name: FUNCTION cancel_appointment_as(p_org_id uuid, p_appointment_id uuid, p_actor text, p_reason text, p_notify_patient boolean); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.cancel_appointment_as(p_org_id uuid, p_appointment_id uuid, p_actor text, p_reason text, p_notify_patient boolean) IS 'Internal: cancels an appointment for an actor (staff, patient_phone, patient_sms, patient_link); patients bound by cancel_notice_minutes; staff may choose not to text the patient (p_notify_patient false; the reminders are cancelled all the same). Returns {"success": true, "appointment_id", "status": "cancelled", "cancelled_at"} or APPOINTMENT_NOT_FOUND, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, INVALID_REASON, BUSY_RETRY. Idempotent.';

--
-- Name: change_refusal(booking.appointments, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.change_refusal(p_appointment booking.appointments, p_change text, p_actor text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if p_appointment.status = 'cancelled' then
    return 'APPOINTMENT_CANCELLED';
  end if;
  if p_appointment.status in ('completed', 'no_show') or p_appointment.scheduled_at <= now() then
    return 'APPOINTMENT_IN_PAST';
  end if;
  if p_actor = 'staff' then
    return null;
  end if;
  if booking.is_inside_notice(p_appointment, p_change) then
    return 'TOO_LATE_TO_CHANGE';
  end if;
  if p_change = 'reschedule' and p_appointment.patient_reschedule_count >= booking.patient_reschedule_limit() then
    return 'RESCHEDULE_LIMIT';
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION change_refusal(p_appointment booking.appointments, p_change text, p_actor text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.change_refusal(p_appointment booking.appointments, p_change text, p_actor text) IS 'APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE (patients inside the notice) or RESCHEDULE_LIMIT (patients, 3 reschedules) when the actor may not cancel/reschedule now; NULL when it may.';

--
-- Name: check_phone_verification(uuid, uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.check_phone_verification(p_org_id uuid, p_verification_id uuid, p_code text) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_verification booking.phone_verifications%rowtype;
  v_code text := regexp_replace(coalesce(p_code, ''), '[^0-9]', '', 'g');
  v_number_left integer;
begin
  select * into v_verification from booking.phone_verifications
   where org_id = p_org_id and id = p_verification_id for update;
  if not found then
    return booking.json_error('VERIFICATION_NOT_FOUND', 'There is no such verification');
  elsif v_verification.expires_at <= now() then
    return booking.json_error('VERIFICATION_EXPIRED', 'The code expired; ask for the phone number again');
  elsif v_verification.verified_at is not null then
    return null;
  elsif v_verification.otp_failed_attempts >= 5
        or booking.otp_phone_locked(p_org_id, v_verification.phone) then
    return booking.json_error('OTP_LOCKED', 'Too many wrong codes');
  elsif nullif(p_code, '') is null then
    return booking.json_error('VERIFICATION_REQUIRED',
      'Ask the caller to read back the 4-digit code texted to them, and call again with verificationId and code');
  elsif length(v_code) <> 4 or length(p_code) > 32 then
    return booking.json_error('INVALID_OTP_FORMAT', 'The code has 4 digits');
  elsif not booking.constant_time_equals(booking.otp_hash(v_code, v_verification.id),
                                         v_verification.otp_hash) then
    update booking.phone_verifications
       set otp_failed_attempts = otp_failed_attempts + 1
     where org_id = p_org_id and id = v_verification.id;
    v_number_left := booking.record_otp_failure(p_org_id, v_verification.phone);
    if v_verification.otp_failed_attempts + 1 >= 5 or v_number_left = 0 then
      return booking.json_error('OTP_LOCKED', 'Too many wrong codes');
    end if;
    return (booking.json_error('INVALID_OTP', 'The code is not right')::jsonb
            || jsonb_build_object('attempts_remaining',
                 least(4 - v_verification.otp_failed_attempts, v_number_left)))::json;
  end if;
  update booking.phone_verifications set verified_at = now()
   where org_id = p_org_id and id = v_verification.id;
  return null;
end;
$$;

--
-- Name: FUNCTION check_phone_verification(p_org_id uuid, p_verification_id uuid, p_code text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.check_phone_verification(p_org_id uuid, p_verification_id uuid, p_code text) IS 'NULL when the phone verification is verified (already or by this code); else VERIFICATION_NOT_FOUND, VERIFICATION_EXPIRED, VERIFICATION_REQUIRED (no code given), OTP_LOCKED (5 wrong codes, or the number locked), INVALID_OTP_FORMAT, INVALID_OTP (attempts_remaining). Wrong codes count per number (booking.record_otp_failure).';

--
-- Name: claim_sms_batch(text, integer, double precision); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.claim_sms_batch(p_worker text, p_limit integer, p_lease_seconds double precision) RETURNS TABLE(org_id uuid, id uuid, kind text, recipient text, body text, attempts integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_max_attempts integer := booking.sms_max_attempts();
begin
  perform booking.assert_service_role();
  if p_worker is null or p_limit is null or p_limit < 1 or p_lease_seconds is null
     or p_lease_seconds <= 0 then
    raise exception 'claim_sms_batch needs a worker name, a positive limit and a positive lease'
      using errcode = '22023';
  end if;

  return query
  with due as (
    select o.org_id, o.id,
           case when booking.is_sms_opted_out(o.org_id, o.recipient) then 'suppressed'
                when o.kind = 'reminder'
                     and not booking.reminder_is_current(o.org_id, o.appointment_id, o.appointment_scheduled_at) then 'canceled'
                when o.expires_at <= now() then 'failed'
                when o.attempts >= v_max_attempts then 'failed'
                else 'claimed' end as new_status,
           case when booking.is_sms_opted_out(o.org_id, o.recipient) then null
                when o.kind = 'reminder'
                     and not booking.reminder_is_current(o.org_id, o.appointment_id, o.appointment_scheduled_at) then 'APPOINTMENT_CHANGED'
                when o.expires_at <= now() then 'EXPIRED'
                when o.attempts >= v_max_attempts then 'LEASE_EXPIRED' end as new_error
      from booking.sms_outbox o
     where o.status in ('pending', 'claimed') and o.next_attempt_at <= now()
     order by o.next_attempt_at
     limit p_limit
       for update skip locked
  ), settled as (
    update booking.sms_outbox o
       set status = d.new_status,
           attempts = o.attempts + (d.new_status = 'claimed')::integer,
           next_attempt_at = case when d.new_status = 'claimed'
                                  then now() + make_interval(secs => p_lease_seconds)
                                  else o.next_attempt_at end,
           claimed_by = case when d.new_status = 'claimed' then p_worker else o.claimed_by end,
           error_code = coalesce(d.new_error, o.error_code),
           updated_at = now()
      from due d
     where o.org_id = d.org_id and o.id = d.id
    returning o.org_id, o.id, o.kind, o.recipient, o.body, o.attempts, o.status
  )
  select s.org_id, s.id, s.kind, s.recipient, s.body, s.attempts
    from settled s
   where s.status = 'claimed';
end;
$$;

--
-- Name: FUNCTION claim_sms_batch(p_worker text, p_limit integer, p_lease_seconds double precision); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.claim_sms_batch(p_worker text, p_limit integer, p_lease_seconds double precision) IS 'Worker API: claims up to p_limit due SMS (FOR UPDATE SKIP LOCKED) for p_worker with a lease of p_lease_seconds; settles opted-out (suppressed), reminders of appointments no longer at that start (canceled), expired and exhausted ones instead of returning them.';

--
-- Name: claim_waitlist_offer_as(uuid, uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.claim_waitlist_offer_as(p_org_id uuid, p_offer_id uuid, p_actor text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_offer booking.waitlist_offers;
  v_slot booking.waitlist_slots;
  v_entry booking.waitlist_entries;
  v_appointment booking.appointments;
  v_answer json;
  v_error text;
  v_ends_at timestamptz;
begin
  perform booking.assert_actor(p_actor);
  select * into v_offer from booking.waitlist_offers where org_id = p_org_id and id = p_offer_id;
  if not found then
    return booking.json_error('OFFER_NOT_FOUND', 'There is no such offer');
  end if;

  begin
    -- Decided answers need no lock: a slot claims once.
    if v_offer.status <> 'claimed' then
      select * into v_slot from booking.waitlist_slots where org_id = p_org_id and id = v_offer.slot_id;
      if v_offer.status in ('taken', 'withdrawn') or v_slot.status in ('filled', 'taken') then
        return booking.json_error('OFFER_TAKEN', 'Sorry, that time was just taken');
      elsif v_offer.status in ('expired', 'declined') or v_offer.expires_at <= now() then
        return booking.json_error('OFFER_EXPIRED', 'This offer has ended');
      end if;
      perform booking.lock_calendar(p_org_id, v_offer.calendar_id);
      select * into v_offer from booking.waitlist_offers where org_id = p_org_id and id = p_offer_id for update;
      select * into v_slot from booking.waitlist_slots where org_id = p_org_id and id = v_offer.slot_id for update;
    end if;
    if v_offer.status = 'claimed' then
      select * into v_appointment from booking.appointments where org_id = p_org_id and id = v_offer.appointment_id;
      return json_build_object('success', true, 'appointment_id', v_offer.appointment_id,
        'scheduled_at', booking.to_iso8601_utc(v_appointment.scheduled_at),
        'local_text', booking.format_local_time(p_org_id, v_appointment.scheduled_at),
        'service_name', booking.service_display_name(p_org_id, v_appointment.calendar_id, v_appointment.service_type),
        'moved', (select e.appointment_id is not null from booking.waitlist_entries e
                   where e.org_id = p_org_id and e.id = v_offer.entry_id));
    elsif v_offer.status in ('taken', 'withdrawn') or v_slot.status <> 'offering' then
      return booking.json_error('OFFER_TAKEN', 'Sorry, that time was just taken');
    elsif v_offer.status <> 'sent' or v_offer.expires_at <= now() then
      return booking.json_error('OFFER_EXPIRED', 'This offer has ended');
    end if;
    select * into v_entry from booking.waitlist_entries
     where org_id = p_org_id and id = v_offer.entry_id for update;
    if v_entry.status <> 'open'
       or booking.unbookable_reason(p_org_id, v_offer.calendar_id, v_offer.starts_at, v_offer.duration_minutes) is not null then
      return booking.json_error('OFFER_EXPIRED', 'This offer has ended');
    end if;

    -- The slot is marked filled first, so the booking's own trigger
    -- (booking.waitlist_interval_taken) leaves it and its offers be; a
    -- refused booking rolls the block back, the marking with it.
    begin
      update booking.waitlist_slots
         set status = 'filled', filled_at = now(), closed_at = now(), next_batch_at = null
       where org_id = p_org_id and id = v_slot.id;
      if v_entry.appointment_id is null then
        if not booking.slot_is_free(p_org_id, v_offer.calendar_id, v_offer.starts_at,
                                    v_offer.starts_at + make_interval(mins => v_offer.duration_minutes)) then
          raise exception 'SLOT_UNAVAILABLE' using errcode = 'P0001';
        end if;
        v_appointment := booking.insert_appointment(p_org_id, v_offer.calendar_id, v_entry.contact_id,
          v_offer.service_type, v_offer.starts_at, v_offer.duration_minutes);
        insert into booking.appointment_history (org_id, appointment_id, action, actor, to_status,
                                                 to_scheduled_at, reason)
        values (p_org_id, v_appointment.id, 'booked', p_actor, v_appointment.status, v_appointment.scheduled_at,
                'From the waitlist');
      else
        v_answer := booking.reschedule_appointment_as(p_org_id, v_entry.appointment_id, v_offer.starts_at, p_actor);
        if not (v_answer ->> 'success')::boolean then
          raise exception '%', v_answer ->> 'error' using errcode = 'P0001';
        end if;
        select * into v_appointment from booking.appointments
         where org_id = p_org_id and id = v_entry.appointment_id;
      end if;
    exception
      when exclusion_violation then
        v_error := 'SLOT_UNAVAILABLE';
      when raise_exception then
        v_error := sqlerrm;
    end;
    if v_error in ('SLOT_UNAVAILABLE', 'BUSY_RETRY') then
      return booking.json_error(case v_error when 'BUSY_RETRY' then 'BUSY_RETRY' else 'OFFER_TAKEN' end,
        case v_error when 'BUSY_RETRY' then 'The calendar is busy; retry' else 'Sorry, that time was just taken' end);
    elsif v_error is not null then
      return booking.json_error('OFFER_EXPIRED', 'This offer has ended');
    end if;

    update booking.waitlist_slots set appointment_id = v_appointment.id
     where org_id = p_org_id and id = v_slot.id;
    update booking.waitlist_offers set status = 'claimed', answered_at = now(), appointment_id = v_appointment.id
     where org_id = p_org_id and id = v_offer.id;
    update booking.waitlist_entries set status = 'booked', closed_at = now()
     where org_id = p_org_id and id = v_entry.id;
    -- The others lose: the slot's open offers (rows only ever changed under
    -- this calendar's lock, held), and the winner's offers of other slots,
    -- which another calendar's transaction may be changing: those it has
    -- are left (an offer of a booked entry can no longer be claimed, and
    -- ends with its batch); their messages not sent yet go with them.
    with lost as (
      update booking.waitlist_offers o set status = 'taken', answered_at = now()
       where o.org_id = p_org_id and o.status = 'sent' and o.slot_id = v_slot.id
      returning o.message_id),
    withdrawn as (
      update booking.waitlist_offers o set status = 'withdrawn', answered_at = now()
        from (select y.org_id, y.id from booking.waitlist_offers y
               where y.org_id = p_org_id and y.status = 'sent' and y.entry_id = v_entry.id and y.slot_id <> v_slot.id
                 for update skip locked) d
       where o.org_id = d.org_id and o.id = d.id
      returning o.message_id)
    update booking.sms_outbox m set status = 'canceled', updated_at = now()
     where m.org_id = p_org_id and m.status = 'pending'
       and m.id in (select l.message_id from lost l union all select w.message_id from withdrawn w);

    -- What the booked time leaves of the freed interval is offered again.
    v_ends_at := v_offer.starts_at + make_interval(mins => v_offer.duration_minutes);
    if v_offer.starts_at - v_slot.starts_at >= interval '5 minutes' then
      perform booking.waitlist_interval_freed(p_org_id, v_slot.calendar_id, v_slot.starts_at, v_offer.starts_at, 'remainder');
    end if;
    if v_slot.ends_at - v_ends_at >= interval '5 minutes' then
      perform booking.waitlist_interval_freed(p_org_id, v_slot.calendar_id, v_ends_at, v_slot.ends_at, 'remainder');
    end if;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;

  return json_build_object('success', true, 'appointment_id', v_appointment.id,
    'scheduled_at', booking.to_iso8601_utc(v_appointment.scheduled_at),
    'local_text', booking.format_local_time(p_org_id, v_appointment.scheduled_at),
    'service_name', booking.service_display_name(p_org_id, v_appointment.calendar_id, v_appointment.service_type),
    'moved', v_entry.appointment_id is not null);
end;
$$;

--
-- Name: FUNCTION claim_waitlist_offer_as(p_org_id uuid, p_offer_id uuid, p_actor text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.claim_waitlist_offer_as(p_org_id uuid, p_offer_id uuid, p_actor text) IS 'Internal: a patient takes a waitlist offer (patient_link or patient_sms); the first valid claim of a slot wins under the calendar lock (EXCLUDE and one-claim index behind it): books it (or moves the appointment earlier) with the usual SMS, fills the slot, the others'' offers taken, the entry booked, the rest of the interval offered again. Returns {"success": true, "appointment_id", "scheduled_at", "local_text", "service_name", "moved"} or OFFER_NOT_FOUND, OFFER_TAKEN, OFFER_EXPIRED, BUSY_RETRY.';

--
-- Name: claimed_range(timestamp with time zone, timestamp with time zone, integer); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.claimed_range(p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_buffer_minutes integer) RETURNS tstzrange
    LANGUAGE sql STABLE
    AS $$
  select tstzrange(p_starts_at - make_interval(mins => p_buffer_minutes),
                   p_ends_at + make_interval(mins => p_buffer_minutes), '[)');
$$;

--
-- Name: FUNCTION claimed_range(p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_buffer_minutes integer); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.claimed_range(p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_buffer_minutes integer) IS 'Range a booking must keep free of other bookings'' intervals: widened by buffer_before + buffer_after minutes on both sides.';

--
-- Name: clinic_phone(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.clinic_phone(p_org_id uuid) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(
    (select o.contact_phone from booking.organizations o where o.org_id = p_org_id),
    (select v.phone_number from booking.voice_agents v where v.org_id = p_org_id),
    (select s.twilio_from_number from booking.integration_settings s where s.org_id = p_org_id));
$$;

--
-- Name: FUNCTION clinic_phone(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.clinic_phone(p_org_id uuid) IS 'The number patients are told to call (E.164): the clinic''s contact phone, else the voice agent''s, else the SMS sender''s, else NULL.';

--
-- Name: clinic_profile_json(booking.organizations); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.clinic_profile_json(p_org booking.organizations) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select jsonb_build_object(
    'org_id', p_org.org_id,
    'name', p_org.name,
    'contact_phone', p_org.contact_phone,
    'contact_phone_display', booking.phone_display(p_org.contact_phone, p_org.phone_region),
    'address', p_org.address,
    'timezone', p_org.timezone,
    'timezone_name', booking.timezone_display_name(p_org.timezone),
    'phone_region', p_org.phone_region,
    'time_format', p_org.time_format,
    'effective_time_format', booking.effective_time_format(p_org.time_format, p_org.phone_region));
$$;

--
-- Name: FUNCTION clinic_profile_json(p_org booking.organizations); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.clinic_profile_json(p_org booking.organizations) IS 'The clinic profile fields of an organization (name, contact phone and its display, address, time zone and its name, phone region, time format and the effective one).';

--
-- Name: clinic_profile_refusal(text, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.clinic_profile_refusal(p_name text, p_timezone text, p_region text, p_contact_phone text) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_phone text;
begin
  if p_name is null or length(p_name) not between 1 and 200 or p_name ~ '[[:cntrl:]]' then
    return booking.json_error('INVALID_NAME', 'The clinic name must be 1 to 200 characters');
  end if;
  if p_timezone is null or not exists (select from pg_catalog.pg_timezone_names where name = p_timezone) then
    return booking.json_error('INVALID_TIMEZONE', 'The time zone must be an IANA name such as America/New_York');
  end if;
  if p_region is null or not booking.is_phone_region(p_region) then
    return booking.json_error('INVALID_REGION', 'The phone region must be a supported ISO 3166 code such as US or GB');
  end if;
  if nullif(btrim(p_contact_phone), '') is not null then
    v_phone := booking.normalize_phone(p_contact_phone, p_region);
    if v_phone is null or booking.is_costly_phone_number(v_phone) then
      return booking.json_error('INVALID_PHONE',
        'The clinic''s phone number must be a valid number (not premium-rate), e.g. +1 415 555 0100');
    end if;
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION clinic_profile_refusal(p_name text, p_timezone text, p_region text, p_contact_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.clinic_profile_refusal(p_name text, p_timezone text, p_region text, p_contact_phone text) IS 'The first refusal of a clinic''s name, time zone, phone region and phone (INVALID_NAME, INVALID_TIMEZONE, INVALID_REGION, INVALID_PHONE), or NULL; shared by public.set_clinic_profile and public.create_clinic.';

--
-- Name: compute_lead_score(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.compute_lead_score(p_org_id uuid, p_call_id uuid) RETURNS TABLE(score integer, signals jsonb, threshold integer)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  with settings as (
    select coalesce(s.threshold, d.threshold) as threshold,
           coalesce(s.weight_booked, d.weight_booked) as weight_booked,
           coalesce(s.weight_long_call, d.weight_long_call) as weight_long_call,
           coalesce(s.long_call_seconds, d.long_call_seconds) as long_call_seconds,
           coalesce(s.weight_new_contact, d.weight_new_contact) as weight_new_contact,
           coalesce(s.weight_high_value_service, d.weight_high_value_service) as weight_high_value_service,
           coalesce(s.high_value_cents, d.high_value_cents) as high_value_cents,
           coalesce(s.weight_positive_analysis, d.weight_positive_analysis) as weight_positive_analysis
      from (values (70, 40, 20, 300, 10, 15, 10000, 15))
             as d(threshold, weight_booked, weight_long_call, long_call_seconds, weight_new_contact,
                  weight_high_value_service, high_value_cents, weight_positive_analysis)
      left join booking.lead_scoring_settings s on s.org_id = p_org_id
  ), facts as (
    select c.appointment_id is not null as booked,
           coalesce(c.duration > st.long_call_seconds, false) as long_call,
           not exists (select from booking.appointments a
                        where a.org_id = c.org_id and a.contact_id = c.contact_id
                          and a.created_at < coalesce(c.started_at, c.created_at)) as new_contact,
           coalesce((select t.value_cents >= st.high_value_cents
                       from booking.appointments a
                       join booking.service_types t
                         on t.org_id = a.org_id and t.calendar_id = a.calendar_id
                        and lower(t.service_type) = lower(a.service_type) and t.active
                      where a.org_id = c.org_id and a.id = c.appointment_id), false) as high_value_service,
           coalesce(booking.is_positive_evaluation(c.analysis -> 'successEvaluation'), false)
             as positive_analysis,
           st.*
      from booking.calls c, settings st
     where c.org_id = p_org_id and c.id = p_call_id
  )
  select least(100,
           case when booked then weight_booked else 0 end
         + case when long_call then weight_long_call else 0 end
         + case when new_contact then weight_new_contact else 0 end
         + case when high_value_service then weight_high_value_service else 0 end
         + case when positive_analysis then weight_positive_analysis else 0 end)::integer,
         jsonb_build_object('booked', booked, 'long_call', long_call, 'new_contact', new_contact,
                            'high_value_service', high_value_service, 'positive_analysis', positive_analysis),
         threshold
    from facts;
$$;

--
-- Name: FUNCTION compute_lead_score(p_org_id uuid, p_call_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.compute_lead_score(p_org_id uuid, p_call_id uuid) IS 'Lead score 0-100 of a call = min(100, sum of weights of true signals): booked during the call (default 40), call longer than long_call_seconds (20, 300 s), new contact (10), booked service value >= high_value_cents (15, 10000), analysis.successEvaluation positive by its rubric (booking.is_positive_evaluation: pass/fail, 1-10 >= 7, percentage >= 70, Excellent/Good, Strongly Agree/Agree, every checklist item) (15). Per-organization weights and threshold (default 70) in booking.lead_scoring_settings.';

--
-- Name: confirm_appointment_as_patient(uuid, uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.confirm_appointment_as_patient(p_org_id uuid, p_appointment_id uuid, p_actor text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_appointment booking.appointments;
  v_refusal text;
begin
  perform booking.assert_actor(p_actor);
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id for update;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  if v_appointment.patient_confirmed_at is null then
    v_refusal := booking.change_refusal(v_appointment, 'confirm', 'staff');
    if v_refusal is not null then
      return booking.json_error(v_refusal, case v_refusal
        when 'APPOINTMENT_CANCELLED' then 'The appointment is cancelled'
        else 'The appointment has already started' end);
    end if;
    update booking.appointments
       set patient_confirmed_at = now(), last_changed_by = p_actor, updated_at = now()
     where org_id = p_org_id and id = p_appointment_id
    returning * into v_appointment;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, from_status, to_status,
                                             from_scheduled_at, to_scheduled_at)
    values (p_org_id, p_appointment_id, 'patient_confirmed', p_actor, v_appointment.status,
            v_appointment.status, v_appointment.scheduled_at, v_appointment.scheduled_at);
  end if;
  return json_build_object('success', true, 'appointment_id', v_appointment.id,
    'patient_confirmed_at', booking.to_iso8601_utc(v_appointment.patient_confirmed_at));
end;
$$;

--
-- Name: FUNCTION confirm_appointment_as_patient(p_org_id uuid, p_appointment_id uuid, p_actor text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.confirm_appointment_as_patient(p_org_id uuid, p_appointment_id uuid, p_actor text) IS 'Internal: the patient confirms attendance (idempotent). Returns {"success": true, "appointment_id", "patient_confirmed_at"} or APPOINTMENT_NOT_FOUND, APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST.';

--
-- Name: confirmation_answer(booking.appointments); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.confirmation_answer(p_appointment booking.appointments) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return json_build_object('success', true, 'appointment_id', p_appointment.id,
    'contact_id', p_appointment.contact_id,
    'scheduled_at', booking.to_iso8601_utc(p_appointment.scheduled_at));
end;
$$;

--
-- Name: FUNCTION confirmation_answer(p_appointment booking.appointments); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.confirmation_answer(p_appointment booking.appointments) IS 'The success answer of a confirmed hold.

Args: p_appointment, the appointment the hold became. Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at"} (ISO-8601, UTC). Codes: none.';

--
-- Name: confirmation_sms_text(uuid, uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.confirmation_sms_text(p_org_id uuid, p_appointment_id uuid, p_reschedule_url text) RETURNS text
    LANGUAGE plpgsql STRICT
    SET search_path TO ''
    AS $$
declare
  v_text text;
begin
  select o.name || ': your ' || booking.service_display_name(a.org_id, a.calendar_id, a.service_type)
         || ' appointment is confirmed for ' || booking.format_local_time(a.org_id, a.scheduled_at) || '. '
         || booking.sms_change_offer(a.org_id, a.id, 'link', p_reschedule_url) || ' Reply STOP to opt out.'
    into v_text
    from booking.appointments a
    join booking.organizations o on o.org_id = a.org_id
   where a.org_id = p_org_id and a.id = p_appointment_id;
  return v_text;
end;
$$;

--
-- Name: FUNCTION confirmation_sms_text(p_org_id uuid, p_appointment_id uuid, p_reschedule_url text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.confirmation_sms_text(p_org_id uuid, p_appointment_id uuid, p_reschedule_url text) IS 'Confirmation SMS text of an appointment: clinic, service as patients read it, local date/time on the clinic''s clock with zone abbreviation, manage link for what the notices still allow (reschedule and/or cancel; else the clinic''s phone), STOP hint.';

--
-- Name: constant_time_equals(bytea, bytea); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.constant_time_equals(p_a bytea, p_b bytea) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_difference integer := 0;
begin
  if p_a is null or p_b is null or length(p_a) <> length(p_b) then
    return false;
  end if;
  for i in 0 .. length(p_a) - 1 loop
    v_difference := v_difference | (get_byte(p_a, i) # get_byte(p_b, i));
  end loop;
  return v_difference = 0;
end;
$$;

--
-- Name: FUNCTION constant_time_equals(p_a bytea, p_b bytea); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.constant_time_equals(p_a bytea, p_b bytea) IS 'Byte-string equality whose time does not depend on the position of the first difference.';

--
-- Name: decrypt_setting(bytea, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.decrypt_setting(p_ciphertext bytea, p_encryption_key text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if p_ciphertext is null then
    return null;
  end if;
  if nullif(p_encryption_key, '') is null then
    raise exception 'no encryption key given for a stored secret'
      using errcode = 'BKKEY', hint = 'Set SETTINGS_ENCRYPTION_KEY to the key the settings were stored with.';
  end if;
  return extensions.pgp_sym_decrypt(p_ciphertext, p_encryption_key);
exception
  when external_routine_invocation_exception then
    raise exception 'the encryption key does not decrypt the stored secret'
      using errcode = 'BKKEY', hint = 'SETTINGS_ENCRYPTION_KEY differs from the key the settings were stored with.';
end;
$$;

--
-- Name: FUNCTION decrypt_setting(p_ciphertext bytea, p_encryption_key text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.decrypt_setting(p_ciphertext bytea, p_encryption_key text) IS 'pgp_sym_decrypt of a stored secret; raises BKKEY for a missing or wrong key.';

--
-- Name: effective_time_format(text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.effective_time_format(p_time_format text, p_phone_region text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select coalesce(p_time_format,
                  case when p_phone_region in ('US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM', 'CA', 'AU', 'NZ',
                                               'IN', 'PK', 'BD', 'PH', 'MY', 'EG', 'SA', 'JO', 'KR', 'TW')
                       then '12h' else '24h' end);
$$;

--
-- Name: FUNCTION effective_time_format(p_time_format text, p_phone_region text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.effective_time_format(p_time_format text, p_phone_region text) IS 'The clock patients read: p_time_format (12h or 24h) or, when NULL, 12h in the US, Canada and the other 12-hour regions, 24h elsewhere.';

--
-- Name: enqueue_appointment_sms(uuid, uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.enqueue_appointment_sms(p_org_id uuid, p_appointment_id uuid, p_kind text) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_text text;
  v_phone text;
  v_scheduled_at timestamptz;
begin
  select booking.appointment_sms_text(p_kind, a.org_id, a.id,
           case when p_kind = 'reschedule' then booking.manage_link(a.org_id, a.id) end),
         c.phone, a.scheduled_at
    into v_text, v_phone, v_scheduled_at
    from booking.appointments a
    join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
   where a.org_id = p_org_id and a.id = p_appointment_id;
  if not found then
    raise exception 'appointment % of organization % not found', p_appointment_id, p_org_id
      using errcode = 'P0002';
  end if;
  return booking.enqueue_sms(p_org_id, p_kind, v_phone, v_text, p_appointment_id);
end;
$$;

--
-- Name: FUNCTION enqueue_appointment_sms(p_org_id uuid, p_appointment_id uuid, p_kind text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.enqueue_appointment_sms(p_org_id uuid, p_appointment_id uuid, p_kind text) IS 'Enqueues the cancellation or reschedule SMS (with a fresh manage link) of an appointment to its contact; returns the message id.';

--
-- Name: enqueue_confirmation_sms(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.enqueue_confirmation_sms(p_org_id uuid, p_appointment_id uuid) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_existing uuid;
  v_text text;
  v_phone text;
begin
  select id into v_existing from booking.sms_outbox
   where org_id = p_org_id and appointment_id = p_appointment_id and kind = 'confirmation';
  if found then
    return v_existing;
  end if;

  select booking.confirmation_sms_text(a.org_id, a.id, booking.manage_link(a.org_id, a.id)),
         c.phone
    into v_text, v_phone
    from booking.appointments a
    join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
   where a.org_id = p_org_id and a.id = p_appointment_id;
  if not found then
    raise exception 'appointment % of organization % not found', p_appointment_id, p_org_id
      using errcode = 'P0002';
  end if;

  return booking.enqueue_sms(p_org_id, 'confirmation', v_phone, v_text, p_appointment_id);
end;
$$;

--
-- Name: FUNCTION enqueue_confirmation_sms(p_org_id uuid, p_appointment_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.enqueue_confirmation_sms(p_org_id uuid, p_appointment_id uuid) IS 'Enqueues (once) the confirmation SMS of an appointment: clinic, service, local date/time, manage link <booking.public_base_url>/a/<token> (booking.manage_link). Returns the message id.';

--
-- Name: enqueue_sms(uuid, text, text, text, uuid, text, timestamp with time zone, timestamp with time zone, timestamp with time zone, integer); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.enqueue_sms(p_org_id uuid, p_kind text, p_recipient text, p_body text, p_appointment_id uuid DEFAULT NULL::uuid, p_call_id text DEFAULT NULL::text, p_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_send_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_appointment_scheduled_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_reminder_offset_minutes integer DEFAULT NULL::integer) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
  v_region text;
  v_recipient text;
  v_status text;
  v_error_code text;
  v_limit text;
  v_id uuid;
begin
  select phone_region into v_region from booking.organizations where org_id = p_org_id;
  if found and p_recipient ~ '^\+[1-9][0-9]{1,14}$' then
    v_recipient := p_recipient;
  else
    v_recipient := booking.normalize_phone(p_recipient, v_region);
  end if;
  if v_recipient is null then
    raise exception 'SMS recipient % is not a valid phone number', p_recipient
      using errcode = '22023';
  end if;
  v_status := case when booking.is_sms_opted_out(p_org_id, v_recipient) then 'suppressed'
                   else 'pending' end;
  if p_kind <> 'hot_lead_alert' and booking.sms_destination_refusal(p_org_id, v_recipient) is not null then
    v_status := 'suppressed';
    v_error_code := 'PHONE_NOT_ALLOWED';
  end if;
  if v_status = 'pending' and (p_send_at is null or p_send_at <= now())
     and p_kind in ('confirmation', 'reminder', 'cancellation', 'reschedule', 'reply', 'staff_reply',
                    'waitlist_offer')
     and not (p_kind = 'confirmation' and exists (
       select from booking.sms_outbox where org_id = p_org_id and appointment_id = p_appointment_id
                                        and kind = 'confirmation')) then
    v_limit := booking.recipient_sms_limit(p_org_id, v_recipient, p_kind);
    if v_limit is not null then
      v_status := 'suppressed';
      v_error_code := 'RECIPIENT_RATE_LIMITED';
    end if;
  end if;

  insert into booking.sms_outbox (org_id, kind, recipient, body, appointment_id, call_id,
                                  status, expires_at, error_code, next_attempt_at,
                                  appointment_scheduled_at, reminder_offset_minutes)
  values (p_org_id, p_kind, v_recipient, p_body, p_appointment_id, p_call_id,
          v_status, p_expires_at, v_error_code, coalesce(p_send_at, now()),
          p_appointment_scheduled_at, p_reminder_offset_minutes)
  on conflict (appointment_id, org_id) where kind = 'confirmation' do nothing
  returning id into v_id;

  if v_id is null then
    select id into v_id from booking.sms_outbox
     where org_id = p_org_id and appointment_id = p_appointment_id and kind = 'confirmation';
    return v_id;
  end if;

  if v_limit is not null then
    -- Recorded, never dropped: the message (suppressed) and the refusal
    -- (an sms.rate_limited event).
    insert into booking.sms_rate_limit_hits (org_id, limit_name, limit_value, message_id)
    values (p_org_id, v_limit,
            (select case v_limit when 'recipient_sms_per_hour' then coalesce(l.recipient_sms_per_hour, 6)
                                 when 'recipient_sms_per_day' then coalesce(l.recipient_sms_per_day, 15)
                                 else coalesce(l.auto_replies_per_hour, 4) end
               from (select 1) one left join booking.sms_limits l on l.org_id = p_org_id),
            v_id);
  end if;
  if v_status = 'pending' and (p_send_at is null or p_send_at <= now()) then
    perform booking.notify_after_commit('booking_sms_outbox');
  end if;
  return v_id;
end;
$_$;

--
-- Name: FUNCTION enqueue_sms(p_org_id uuid, p_kind text, p_recipient text, p_body text, p_appointment_id uuid, p_call_id text, p_expires_at timestamp with time zone, p_send_at timestamp with time zone, p_appointment_scheduled_at timestamp with time zone, p_reminder_offset_minutes integer); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.enqueue_sms(p_org_id uuid, p_kind text, p_recipient text, p_body text, p_appointment_id uuid, p_call_id text, p_expires_at timestamp with time zone, p_send_at timestamp with time zone, p_appointment_scheduled_at timestamp with time zone, p_reminder_offset_minutes integer) IS 'Adds an SMS to booking.sms_outbox in the caller''s transaction, due at p_send_at (default now), and, when due now, owes booking_sms_outbox a wake-up after commit; suppressed when the recipient opted out or (patient-bound kinds) booking.sms_destination_refusal refuses the number, or (patient SMS due now) RECIPIENT_RATE_LIMITED beyond the per-recipient limits (booking.recipient_sms_limit; an sms.rate_limited event); one confirmation per appointment. Returns the message id.';

--
-- Name: event_cursor(xid8, bigint); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.event_cursor(p_txid xid8, p_seq bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select p_txid::text || '-' || p_seq::text;
$$;

--
-- Name: FUNCTION event_cursor(p_txid xid8, p_seq bigint); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.event_cursor(p_txid xid8, p_seq bigint) IS 'The live feed cursor of an event: ''<txid>-<seq>''. Read back with booking.event_cursor_position.';

--
-- Name: event_cursor_position(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.event_cursor_position(p_cursor text, OUT txid xid8, OUT seq bigint) RETURNS record
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
declare
  v_parts text[];
begin
  if p_cursor is null or p_cursor = '' then
    txid := '0'; seq := 0;
    return;
  end if;
  v_parts := regexp_match(p_cursor, '^(?:([0-9]{1,19})-)?([0-9]{1,18})$');
  if v_parts is null or coalesce(v_parts[1]::numeric, 0) > 9223372036854775807 then
    raise exception 'Last-Event-ID % is not an event id of this feed', left(p_cursor, 60)
      using errcode = '22P02',
            hint = 'The id: line of the last event received, as the stream sent it.';
  end if;
  txid := coalesce(v_parts[1], '0')::xid8;
  seq := v_parts[2]::bigint;
end;
$_$;

--
-- Name: FUNCTION event_cursor_position(p_cursor text, OUT txid xid8, OUT seq bigint); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.event_cursor_position(p_cursor text, OUT txid xid8, OUT seq bigint) IS 'The position (txid, seq) of a live feed cursor: ''<txid>-<seq>'', or a whole number N given out before migration 0090 (''0-N''); null or empty is the start. 22P02 otherwise.';

--
-- Name: find_calendar(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.find_calendar(p_org_id uuid, p_calendar_id text) RETURNS booking.calendars
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_calendar booking.calendars;
begin
  if p_calendar_id is null then
    select c.* into v_calendar from booking.calendars c where c.org_id = p_org_id and c.is_default;
  else
    select c.* into v_calendar from booking.calendars c
     where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  end if;
  return v_calendar;
end;
$$;

--
-- Name: FUNCTION find_calendar(p_org_id uuid, p_calendar_id text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.find_calendar(p_org_id uuid, p_calendar_id text) IS 'The named calendar of an organization, or its default calendar when the name is NULL.';

--
-- Name: find_or_create_contact(uuid, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.find_or_create_contact(p_org_id uuid, p_name text, p_phone text) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_id uuid;
begin
  insert into booking.contacts as c (org_id, name, phone, booking_source)
  values (p_org_id, p_name, p_phone, 'phone_ai')
  on conflict (org_id, phone) do nothing
  returning c.id into v_id;
  if v_id is null then
    select c.id into v_id from booking.contacts c where c.org_id = p_org_id and c.phone = p_phone;
  end if;
  return v_id;
end;
$$;

--
-- Name: FUNCTION find_or_create_contact(p_org_id uuid, p_name text, p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.find_or_create_contact(p_org_id uuid, p_name text, p_phone text) IS 'Contact id for (org, phone), created with p_name when new; an existing contact is not changed.

Args: p_org_id, p_name, p_phone (E.164). Answer: the contact id. Codes: none.';

--
-- Name: format_local_time(uuid, timestamp with time zone, boolean); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.format_local_time(p_org_id uuid, p_at timestamp with time zone, p_time_only boolean DEFAULT false) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $$
declare
  v_org booking.organizations;
  v_12h boolean;
begin
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found or p_at is null then
    return null;
  end if;
  v_12h := booking.effective_time_format(v_org.time_format, v_org.phone_region) = '12h';
  if v_12h and not p_time_only then
    return booking.local_time_text(p_at, v_org.timezone);
  end if;
  perform set_config('TimeZone', v_org.timezone, true);
  return to_char(p_at, case when p_time_only and v_12h then 'FMHH12:MI AM'
                            when p_time_only then 'HH24:MI'
                            else 'FMDay, FMMonth FMDD, YYYY "at" HH24:MI TZ' end);
end;
$$;

--
-- Name: FUNCTION format_local_time(p_org_id uuid, p_at timestamp with time zone, p_time_only boolean); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.format_local_time(p_org_id uuid, p_at timestamp with time zone, p_time_only boolean) IS 'Instant as the clinic''s patients read it: its zone, that date''s abbreviation, its clock (''Monday, March 9, 2026 at 2:30 PM EDT'' or ''... at 14:30 CET''; p_time_only: ''2:30 PM'' or ''14:30'').';

--
-- Name: hash_staff_password(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.hash_staff_password(p_password text) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  return extensions.crypt(p_password, extensions.gen_salt('bf', 12));
end;
$$;

--
-- Name: FUNCTION hash_staff_password(p_password text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.hash_staff_password(p_password text) IS 'bcrypt hash (cost 12) of a staff password.';

--
-- Name: appointment_holds; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.appointment_holds (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    calendar_id text NOT NULL,
    contact_id uuid NOT NULL,
    call_sid text NOT NULL,
    service_type text,
    patient_name text NOT NULL,
    scheduled_at timestamp with time zone NOT NULL,
    duration_minutes integer NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    otp_hash bytea,
    otp_send_count integer DEFAULT 0 NOT NULL,
    otp_last_sent_at timestamp with time zone,
    otp_failed_attempts integer DEFAULT 0 NOT NULL,
    appointment_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT appointment_holds_call_sid_check CHECK (((length(call_sid) >= 1) AND (length(call_sid) <= 128))),
    CONSTRAINT appointment_holds_consumed_check CHECK (((status = 'consumed'::text) = (appointment_id IS NOT NULL))),
    CONSTRAINT appointment_holds_counts_check CHECK (((otp_send_count >= 0) AND (otp_failed_attempts >= 0))),
    CONSTRAINT appointment_holds_duration_check CHECK (((duration_minutes >= 1) AND (duration_minutes <= 1440))),
    CONSTRAINT appointment_holds_ends_at_check CHECK ((ends_at = (scheduled_at + make_interval(mins => duration_minutes)))),
    CONSTRAINT appointment_holds_patient_name_check CHECK (((length(patient_name) >= 1) AND (length(patient_name) <= 200))),
    CONSTRAINT appointment_holds_scheduled_at_check CHECK (isfinite(scheduled_at)),
    CONSTRAINT appointment_holds_service_type_check CHECK (((length(btrim(service_type)) >= 1) AND (length(btrim(service_type)) <= 100))),
    CONSTRAINT appointment_holds_status_check CHECK ((status = ANY (ARRAY['active'::text, 'released'::text, 'expired'::text, 'consumed'::text])))
);

--
-- Name: TABLE appointment_holds; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.appointment_holds IS 'Slots held for a caller (default 10 minutes) until confirmed with a one-time code, released, or expired. A hold counts while status = active and expires_at > now(); no cron needed.';

--
-- Name: COLUMN appointment_holds.patient_name; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointment_holds.patient_name IS 'The name the caller gave; written to the contact only once the one-time code is verified.';

--
-- Name: COLUMN appointment_holds.otp_hash; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointment_holds.otp_hash IS 'HMAC-SHA256 of the current one-time code, keyed with a server secret and the hold id; the code itself is never stored.';

--
-- Name: COLUMN appointment_holds.otp_failed_attempts; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointment_holds.otp_failed_attempts IS 'Wrong codes entered for this hold; at 5 the hold is locked (OTP_LOCKED).';

--
-- Name: hold_answer(booking.appointment_holds); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.hold_answer(p_hold booking.appointment_holds) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return json_build_object(
    'success', true,
    'hold_id', p_hold.id,
    'contact_id', p_hold.contact_id,
    'scheduled_at', booking.to_iso8601_utc(p_hold.scheduled_at),
    'expires_at', booking.to_iso8601_utc(p_hold.expires_at));
end;
$$;

--
-- Name: FUNCTION hold_answer(p_hold booking.appointment_holds); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.hold_answer(p_hold booking.appointment_holds) IS 'The success answer of a hold.

Args: p_hold, the held row. Answer: {"success": true, "hold_id", "contact_id", "scheduled_at", "expires_at"} (ISO-8601, UTC). Codes: none.';

--
-- Name: hold_unusable_reason(booking.appointment_holds); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.hold_unusable_reason(p_hold booking.appointment_holds) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return case
    when p_hold.status = 'consumed' then
      booking.json_error('HOLD_ALREADY_CONFIRMED', 'The hold was already confirmed')
    when p_hold.status = 'released' then
      booking.json_error('HOLD_RELEASED', 'The hold was released; reserve the slot again')
    when p_hold.status = 'expired' or p_hold.expires_at <= now() then
      booking.json_error('HOLD_EXPIRED', 'The hold expired; reserve the slot again')
    when p_hold.otp_failed_attempts >= 5 then
      booking.json_error('OTP_LOCKED', 'Too many wrong codes; this hold cannot be confirmed')
  end;
end;
$$;

--
-- Name: FUNCTION hold_unusable_reason(p_hold booking.appointment_holds); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.hold_unusable_reason(p_hold booking.appointment_holds) IS 'HOLD_ALREADY_CONFIRMED / HOLD_RELEASED / HOLD_EXPIRED / OTP_LOCKED for a hold that cannot be used, else NULL.';

--
-- Name: insert_appointment(uuid, text, uuid, text, timestamp with time zone, integer); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.insert_appointment(p_org_id uuid, p_calendar_id text, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) RETURNS booking.appointments
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_appointment booking.appointments;
begin
  insert into booking.leads as l (org_id, contact_id, status)
  values (p_org_id, p_contact_id, 'pending')
  on conflict (org_id, contact_id) do update set status = 'pending', updated_at = now();

  insert into booking.appointments (org_id, calendar_id, contact_id, service_type,
                                    scheduled_at, duration_minutes, ends_at)
  values (p_org_id, p_calendar_id, p_contact_id, p_service_type,
          p_scheduled_at, p_duration_minutes, p_scheduled_at + make_interval(mins => p_duration_minutes))
  returning * into v_appointment;
  perform booking.enqueue_confirmation_sms(p_org_id, v_appointment.id);
  perform booking.sync_reminders(p_org_id, v_appointment.id);
  return v_appointment;
end;
$$;

--
-- Name: FUNCTION insert_appointment(p_org_id uuid, p_calendar_id text, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.insert_appointment(p_org_id uuid, p_calendar_id text, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) IS 'Inserts an appointment, sets the lead pending and enqueues its confirmation SMS and reminders; caller holds the calendar lock and has checked the slot.';

--
-- Name: is_costly_phone_number(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.is_costly_phone_number(p_phone text) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO ''
    AS $_$
begin
  if p_phone is null or p_phone !~ '^\+[1-9][0-9]{1,14}$' then
    return false;
  end if;
  return exists (
    select from booking.phone_costly_number_types t
     where t.calling_code in (substr(p_phone, 2, 1)::integer, substr(p_phone, 2, 2)::integer,
                              substr(p_phone, 2, 3)::integer)
       and substr(p_phone, 2 + length(t.calling_code::text)) ~ ('^(?:' || t.pattern || ')$'));
end;
$_$;

--
-- Name: FUNCTION is_costly_phone_number(p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.is_costly_phone_number(p_phone text) IS 'True when the E.164 number is a premium-rate or shared-cost number of its region (phonenumbers'' number types).';

--
-- Name: is_inside_notice(booking.appointments, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.is_inside_notice(p_appointment booking.appointments, p_change text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select p_appointment.scheduled_at < now() + make_interval(mins =>
           case p_change when 'cancel' then c.cancel_notice_minutes else c.reschedule_notice_minutes end)
    from booking.calendars c
   where c.org_id = p_appointment.org_id and c.calendar_id = p_appointment.calendar_id;
$$;

--
-- Name: FUNCTION is_inside_notice(p_appointment booking.appointments, p_change text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.is_inside_notice(p_appointment booking.appointments, p_change text) IS 'True when the appointment starts inside the calendar''s patient notice for a cancel or reschedule (a staff change there is flagged late).';

--
-- Name: is_phone_region(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.is_phone_region(p_region text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select exists (select from booking.phone_regions where region = p_region);
$$;

--
-- Name: FUNCTION is_phone_region(p_region text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.is_phone_region(p_region text) IS 'True when phone numbers of this ISO 3166 region can be read (the region is in the phone metadata).';

--
-- Name: is_positive_evaluation(jsonb); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.is_positive_evaluation(p_value jsonb) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
declare
  v_text text;
  v_match text[];
  v_number numeric;
begin
  case jsonb_typeof(p_value)
    when 'boolean' then
      return p_value = 'true'::jsonb;
    when 'number' then
      v_number := (p_value #>> '{}')::numeric;
      return case when v_number between 0 and 10 then v_number >= 7
                  when v_number > 10 and v_number <= 100 then v_number >= 70
                  else false end;
    when 'object' then
      return exists (select from jsonb_each(p_value))
         and not exists (select from jsonb_each(p_value) e
                          where jsonb_typeof(e.value) in ('object', 'array')
                             or not coalesce(booking.is_positive_evaluation(e.value), false));
    when 'array' then
      return jsonb_array_length(p_value) > 0
         and not exists (select from jsonb_array_elements(p_value) e(item)
                          where jsonb_typeof(e.item) in ('object', 'array')
                             or not coalesce(booking.is_positive_evaluation(e.item), false));
    when 'string' then
      v_text := lower(btrim(regexp_replace(p_value #>> '{}', '\s+', ' ', 'g')));
    else
      return false;
  end case;

  if v_text in ('true', 'pass', 'passed', 'success', 'successful', 'yes',
                'excellent', 'good', 'strongly agree', 'agree') then
    return true;
  end if;
  if v_text ~ '^[\[{]' then
    begin
      return booking.is_positive_evaluation(v_text::jsonb);
    exception when invalid_text_representation then
      return false;
    end;
  end if;
  v_match := regexp_match(v_text, '^([0-9]{1,3}(?:\.[0-9]+)?) ?%$');
  if v_match is not null then
    return v_match[1]::numeric between 70 and 100;
  end if;
  v_match := regexp_match(v_text, '^([0-9]{1,3}(?:\.[0-9]+)?) ?(?:/|out of) ?([0-9]{1,3}(?:\.[0-9]+)?)$');
  if v_match is not null then
    return v_match[2]::numeric > 0 and v_match[1]::numeric <= v_match[2]::numeric
       and v_match[1]::numeric >= 0.7 * v_match[2]::numeric;
  end if;
  if v_text ~ '^[0-9]{1,3}(\.[0-9]+)?$' then
    return booking.is_positive_evaluation(to_jsonb(v_text::numeric));
  end if;
  return false;
end;
$_$;

--
-- Name: FUNCTION is_positive_evaluation(p_value jsonb); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.is_positive_evaluation(p_value jsonb) IS 'Whether analysis.successEvaluation is positive, for every rubric: PassFail true/pass/success/yes; NumericScale 0-10 (also "8", "8/10", "8 out of 10") >= 7; PercentageScale "85%" or a number above 10 up to 100 >= 70; DescriptiveScale Excellent/Good; LikertScale Strongly Agree/Agree; Checklist/Matrix (object or array, or its JSON text) when every item is positive. Anything else: false.';

--
-- Name: is_privileged_caller(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.is_privileged_caller() RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_role text := booking.api_role();
begin
  -- PL/pgSQL, not SQL: a LANGUAGE sql function with a SET clause is planned
  -- again on every call (a join over pg_roles, most of a booking's check).
  return v_role = 'service_role'
      or exists (select from pg_catalog.pg_roles r
                  where r.rolname = v_role
                    and (r.rolsuper or pg_catalog.pg_has_role(r.oid,
                           (select n.nspowner from pg_catalog.pg_namespace n where n.nspname = 'booking'),
                           'MEMBER')));
end;
$$;

--
-- Name: FUNCTION is_privileged_caller(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.is_privileged_caller() IS 'True for service_role, superusers and members of the package owner: callers that act for any organization.';

--
-- Name: is_sms_opted_out(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.is_sms_opted_out(p_org_id uuid, p_phone text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return exists (
    select from booking.sms_opt_outs
     where org_id = p_org_id and phone = p_phone and opted_out);
end;
$$;

--
-- Name: FUNCTION is_sms_opted_out(p_org_id uuid, p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.is_sms_opted_out(p_org_id uuid, p_phone text) IS 'True when the number opted out of the organization''s SMS (STOP or provider error 21610).';

--
-- Name: issue_manage_token(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.issue_manage_token(p_org_id uuid, p_appointment_id uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_token text := translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');
begin
  if not exists (select from booking.appointments where org_id = p_org_id and id = p_appointment_id) then
    raise exception 'appointment % of organization % not found', p_appointment_id, p_org_id
      using errcode = 'P0002';
  end if;
  insert into booking.appointment_manage_tokens (org_id, token_sha256, appointment_id)
  values (p_org_id, extensions.digest(v_token, 'sha256'), p_appointment_id);
  return v_token;
end;
$$;

--
-- Name: FUNCTION issue_manage_token(p_org_id uuid, p_appointment_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.issue_manage_token(p_org_id uuid, p_appointment_id uuid) IS 'A fresh url-safe manage token (192 random bits) of an appointment; only its SHA-256 is stored. Raises P0002 for an unknown appointment.';

--
-- Name: issue_staff_session(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.issue_staff_session(p_account_id uuid, p_family_id uuid) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_token text := booking.new_staff_token();
  v_expires_at timestamptz := now() + interval '12 hours';
begin
  insert into booking.staff_refresh_tokens (token_hash, account_id, family_id, expires_at)
  values (booking.staff_token_hash(v_token), p_account_id, p_family_id, v_expires_at);
  return json_build_object(
    'success', true,
    'account_id', p_account_id,
    'session_id', p_family_id,
    'memberships', booking.staff_memberships(p_account_id),
    'refresh_token', v_token,
    'refresh_expires_at', booking.to_iso8601_utc(v_expires_at));
end;
$$;

--
-- Name: FUNCTION issue_staff_session(p_account_id uuid, p_family_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.issue_staff_session(p_account_id uuid, p_family_id uuid) IS 'Issues a 12-hour refresh token in a family and returns the sign-in/refresh answer.';

--
-- Name: json_error(text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.json_error(p_code text, p_message text) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return json_build_object(
    'success', false,
    'error', p_code,
    'message', p_code || ': ' || p_message,
    'created_at', booking.to_iso8601_utc(now()));
end;
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
-- Name: keep_inbound_text(booking.organizations, text, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.keep_inbound_text(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_text_id uuid;
  v_contact_id uuid;
  v_appointment_id uuid;
  v_message_id uuid;
begin
  perform pg_advisory_xact_lock(hashtextextended('booking.inbound_sms_texts:' || p_org.org_id || ':' || p_phone, 0));
  select c.id into v_contact_id from booking.contacts c where c.org_id = p_org.org_id and c.phone = p_phone;
  select a.id into v_appointment_id from booking.upcoming_appointments_of_phone(p_org.org_id, p_phone) a limit 1;
  insert into booking.inbound_sms_texts (org_id, sender, receiving_number, body, message_sid,
                                         contact_id, appointment_id)
  values (p_org.org_id, p_phone, left(nullif(btrim(p_to), ''), 64), left(coalesce(p_body, ''), 1600),
          left(nullif(btrim(p_message_sid), ''), 64), v_contact_id, v_appointment_id)
  returning id into v_text_id;

  if not exists (select from booking.inbound_sms_texts t
                  where t.org_id = p_org.org_id and t.sender = p_phone
                    and t.received_at > now() - interval '24 hours'
                    and t.acknowledgement_id is not null) then
    v_message_id := booking.enqueue_sms(p_org.org_id, 'reply', p_phone,
      p_org.name || ': thank you for your message. The clinic will get back to you. For anything urgent, '
      || lower(left(booking.sms_call_clinic(p_org.org_id), 1)) || substr(booking.sms_call_clinic(p_org.org_id), 2));
    update booking.inbound_sms_texts set acknowledgement_id = v_message_id
     where org_id = p_org.org_id and id = v_text_id;
  end if;
  return json_build_object('action', 'message', 'reply', null, 'appointment_id', v_appointment_id,
                           'message_id', v_message_id, 'inbound_text_id', v_text_id);
end;
$$;

--
-- Name: FUNCTION keep_inbound_text(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.keep_inbound_text(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text) IS 'Stores a patient''s free text for the clinic (booking.inbound_sms_texts: an sms.received event) and queues one acknowledgement per conversation per 24 hours; answers action message.';

--
-- Name: latest_event_cursors(uuid[]); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.latest_event_cursors(p_orgs uuid[]) RETURNS TABLE(org_id uuid, cursor text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
begin
  perform booking.assert_service_role();
  return query
  select o.org_id,
         coalesce((select booking.event_cursor(e.txid, e.seq)
                     from booking.events e
                    where e.org_id = o.org_id and e.txid < v_horizon
                    order by e.txid desc, e.seq desc
                    limit 1), '0-0')
    from (select distinct u.org_id from unnest(p_orgs) as u(org_id)) o;
end;
$$;

--
-- Name: FUNCTION latest_event_cursors(p_orgs uuid[]); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.latest_event_cursors(p_orgs uuid[]) IS 'Live feed listener poll: per organization, the cursor of its latest event up to the horizon (''0-0'' for none). Service callers only.';

--
-- Name: local_time_text(timestamp with time zone, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.local_time_text(p_at timestamp with time zone, p_timezone text) RETURNS text
    LANGUAGE plpgsql STRICT
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $$
begin
  perform set_config('TimeZone', p_timezone, true);
  return to_char(p_at, 'FMDay, FMMonth FMDD, YYYY "at" FMHH12:MI AM TZ');
end;
$$;

--
-- Name: FUNCTION local_time_text(p_at timestamp with time zone, p_timezone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.local_time_text(p_at timestamp with time zone, p_timezone text) IS 'Instant in a time zone, with that date''s abbreviation: ''Monday, March 9, 2026 at 10:00 AM EDT''.';

--
-- Name: lock_calendar(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.lock_calendar(p_org_id uuid, p_calendar_id text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_previous text := current_setting('lock_timeout');
begin
  perform set_config('lock_timeout', booking.package_setting('lock_timeout', '3s'), true);
  perform pg_advisory_xact_lock(booking.calendar_lock_key(p_org_id, p_calendar_id));
  perform set_config('lock_timeout', v_previous, true);
end;
$$;

--
-- Name: FUNCTION lock_calendar(p_org_id uuid, p_calendar_id text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.lock_calendar(p_org_id uuid, p_calendar_id text) IS 'Takes the calendar''s transaction advisory lock within the package setting lock_timeout (SET booking.lock_timeout, else public.set_booking_setting, default 3s); raises 55P03 after that.';

--
-- Name: lock_staff_refresh_family(bytea); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.lock_staff_refresh_family(p_token_hash bytea) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_family_id uuid;
begin
  select family_id into v_family_id from booking.staff_refresh_tokens where token_hash = p_token_hash;
  if v_family_id is not null then
    perform pg_catalog.pg_advisory_xact_lock(
      pg_catalog.hashtextextended('booking.staff_session:' || v_family_id::text, 0));
  end if;
  return v_family_id;
end;
$$;

--
-- Name: FUNCTION lock_staff_refresh_family(p_token_hash bytea); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.lock_staff_refresh_family(p_token_hash bytea) IS 'Serialises the uses of a refresh token''s session (an advisory lock keyed by its family); returns the family id, or NULL for an unknown token.';

--
-- Name: manage_link(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.manage_link(p_org_id uuid, p_appointment_id uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  return booking.public_base_url() || '/a/' || booking.issue_manage_token(p_org_id, p_appointment_id);
end;
$$;

--
-- Name: FUNCTION manage_link(p_org_id uuid, p_appointment_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.manage_link(p_org_id uuid, p_appointment_id uuid) IS '<booking.public_base_url>/a/<fresh manage token> of an appointment. Raises P0002 for an unknown appointment.';

--
-- Name: manage_link_lifetime(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.manage_link_lifetime() RETURNS interval
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_days text := booking.package_setting('manage_link_days', '30');
begin
  if v_days !~ '^[0-9]{1,4}$' or v_days::integer not between 1 and 3650 then
    v_days := '30';
  end if;
  return make_interval(days => v_days::integer);
end;
$_$;

--
-- Name: FUNCTION manage_link_lifetime(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.manage_link_lifetime() IS 'How long after its appointment ends a manage link still opens it: the package setting manage_link_days (default 30 days).';

--
-- Name: manage_token_appointment(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.manage_token_appointment(p_token text, OUT org_id uuid, OUT appointment_id uuid) RETURNS SETOF record
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $_$
  select t.org_id, t.appointment_id
    from booking.appointment_manage_tokens t
    join booking.appointments a on a.org_id = t.org_id and a.id = t.appointment_id
   where p_token ~ '^[A-Za-z0-9_-]{22,64}$'
     and t.token_sha256 = extensions.digest(p_token, 'sha256')
     and a.ends_at + booking.manage_link_lifetime() > now()
   limit 1;
$_$;

--
-- Name: FUNCTION manage_token_appointment(p_token text, OUT org_id uuid, OUT appointment_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.manage_token_appointment(p_token text, OUT org_id uuid, OUT appointment_id uuid) IS 'The (org_id, appointment_id) of a live manage-link token; no row for a wrong, unknown, malformed or expired (manage_link_lifetime after the appointment ended) token.';

--
-- Name: member_org_ids(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.member_org_ids() RETURNS uuid[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_account_id uuid;
  v_known boolean := false;
  v_orgs uuid[];
  v_claimed uuid;
begin
  if booking.api_role() <> 'authenticated' then
    return '{}';
  end if;
  v_account_id := booking.caller_account_id();
  if v_account_id is not null then
    select count(*) > 0,
           coalesce(array_agg(m.org_id) filter (where m.disabled_at is null and a.disabled_at is null), '{}')
      into v_known, v_orgs
      from booking.memberships m
      left join booking.staff_accounts a on a.account_id = m.account_id
     where m.account_id = v_account_id;
    if v_known then
      return v_orgs;
    end if;
  end if;
  v_claimed := booking.jwt_org_id();
  return case when v_claimed is null then '{}'::uuid[] else array[v_claimed] end;
end;
$$;

--
-- Name: FUNCTION member_org_ids(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.member_org_ids() IS 'The organizations an authenticated caller is an active member of (memberships by the JWT sub; app_metadata.org_id for identities the membership table does not know).';

--
-- Name: new_staff_token(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.new_staff_token() RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  return translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');
end;
$$;

--
-- Name: FUNCTION new_staff_token(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.new_staff_token() IS 'A fresh url-safe token of 192 random bits (refresh, invitation, password reset).';

--
-- Name: normalize_booking_request(uuid, text, text, text, text, text, timestamp with time zone, integer, boolean); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.normalize_booking_request(p_org_id uuid, p_calendar_id text, p_patient_name text, p_patient_phone text, p_patient_email text, p_service_type text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_hold boolean, OUT calendar_id text, OUT name text, OUT phone text, OUT email text, OUT service_type text, OUT duration_minutes integer, OUT error json) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_phone_region text;
  v_catalog_duration integer;
begin
  select o.phone_region into v_phone_region from booking.organizations o where o.org_id = p_org_id;
  if not found then
    error := booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
    return;
  end if;

  select n.name, n.phone, n.email, n.error into name, phone, email, error
    from booking.normalize_patient(p_patient_name, p_patient_phone, p_patient_email, v_phone_region) n;
  if error is not null then
    return;
  end if;
  error := booking.sms_destination_refusal(p_org_id, phone);
  if error is not null then
    return;
  end if;

  service_type := booking.normalize_service_type(p_service_type);
  if service_type is null and (not p_hold or nullif(btrim(p_service_type), '') is not null) then
    error := booking.json_error('INVALID_SERVICE_TYPE', 'The service type must be 1 to 100 characters');
    return;
  end if;
  if p_starts_at is null or not isfinite(p_starts_at) then
    error := booking.json_error('INVALID_TIME', 'The start time must be a finite timestamp');
    return;
  end if;
  if not p_hold and (p_duration_minutes is null or p_duration_minutes not between 1 and 1440) then
    error := booking.json_error('INVALID_DURATION', 'The duration must be 1 to 1440 minutes');
    return;
  end if;
  if p_starts_at < now() then
    error := booking.unbookable_error('PAST_TIME');
    return;
  end if;

  calendar_id := (booking.find_calendar(p_org_id, p_calendar_id)).calendar_id;
  if calendar_id is null then
    error := booking.json_error('CALENDAR_NOT_FOUND', case when p_calendar_id is null
      then 'The organization has no default calendar' else 'The organization has no such calendar' end);
    return;
  end if;
  duration_minutes := booking.service_duration(p_org_id, calendar_id, service_type);
  if duration_minutes is null then
    error := booking.json_error('UNKNOWN_SERVICE_TYPE', 'The calendar does not offer this service type');
    return;
  end if;
  if not p_hold then
    -- A calendar with a service catalog books each service for its own
    -- length (the length check_availability offered it for).
    select t.duration_minutes into v_catalog_duration from booking.service_types t
     where t.org_id = p_org_id and t.calendar_id = normalize_booking_request.calendar_id and t.active
       and lower(t.service_type) = lower(normalize_booking_request.service_type);
    if v_catalog_duration is not null and v_catalog_duration <> p_duration_minutes then
      error := booking.json_error('INVALID_DURATION',
        format('The service %s takes %s minutes on this calendar', service_type, v_catalog_duration));
      return;
    end if;
    duration_minutes := p_duration_minutes;
  end if;
end;
$$;

--
-- Name: FUNCTION normalize_booking_request(p_org_id uuid, p_calendar_id text, p_patient_name text, p_patient_phone text, p_patient_email text, p_service_type text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_hold boolean, OUT calendar_id text, OUT name text, OUT phone text, OUT email text, OUT service_type text, OUT duration_minutes integer, OUT error json); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.normalize_booking_request(p_org_id uuid, p_calendar_id text, p_patient_name text, p_patient_phone text, p_patient_email text, p_service_type text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_hold boolean, OUT calendar_id text, OUT name text, OUT phone text, OUT email text, OUT service_type text, OUT duration_minutes integer, OUT error json) IS 'The checks a booking and a hold share, in one order, before any lock: the request as stored, or the error refusing it.

Args: p_org_id, p_calendar_id (NULL: the default calendar), p_patient_name, p_patient_phone, p_patient_email (blank: none), p_service_type, p_starts_at, p_duration_minutes, p_hold (true: the service type may be blank and the length is the service''s; false: both are required and the length must be the catalog''s). Answer: calendar_id, name, phone (E.164), email, service_type, duration_minutes, and error NULL; or error set. Codes, first failure answering: INVALID_ORGANIZATION, INVALID_NAME, INVALID_PHONE, INVALID_EMAIL, PHONE_NOT_ALLOWED, INVALID_SERVICE_TYPE, INVALID_TIME, INVALID_DURATION, PAST_TIME, CALENDAR_NOT_FOUND, UNKNOWN_SERVICE_TYPE, INVALID_DURATION (catalog).';

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
-- Name: normalize_patient(text, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.normalize_patient(p_name text, p_phone text, p_email text, p_phone_region text, OUT name text, OUT phone text, OUT email text, OUT error json) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  name := booking.normalize_person_name(p_name);
  if name is null then
    error := booking.json_error('INVALID_NAME', 'The patient name must contain letters (at most 200 characters)');
    return;
  end if;
  phone := booking.normalize_phone(p_phone, p_phone_region);
  if phone is null then
    error := booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    return;
  end if;
  if nullif(btrim(p_email), '') is not null then
    email := booking.normalize_email(p_email);
    if email is null then
      error := booking.json_error('INVALID_EMAIL', 'The e-mail address is not valid');
    end if;
  end if;
end;
$$;

--
-- Name: FUNCTION normalize_patient(p_name text, p_phone text, p_email text, p_phone_region text, OUT name text, OUT phone text, OUT email text, OUT error json); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.normalize_patient(p_name text, p_phone text, p_email text, p_phone_region text, OUT name text, OUT phone text, OUT email text, OUT error json) IS 'Normalized patient name, E.164 phone and e-mail, or the INVALID_NAME / INVALID_PHONE / INVALID_EMAIL error.';

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
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO ''
    AS $_$
declare
  -- phonenumbers reads digits of any script; these are the common ones.
  c_other_digits constant text :=
    U&'\FF10\FF11\FF12\FF13\FF14\FF15\FF16\FF17\FF18\FF19'
    || U&'\0660\0661\0662\0663\0664\0665\0666\0667\0668\0669'
    || U&'\06F0\06F1\06F2\06F3\06F4\06F5\06F6\06F7\06F8\06F9';
  -- phonenumbers' _VALID_PUNCTUATION without the letter x and the tildes.
  c_separators constant text :=
    U&'-\2010\2011\2012\2013\2014\2015\2212\30FC\FF0D\FF0E\FF0F'
    || U&' \00A0\00AD\200B\2060\3000()\FF08\FF09\FF3B\FF3D.[]/';
  v_number text;
  v_digits text;
  v_rest text;
  v_default booking.phone_regions;
  v_reading booking.phone_regions;
  v_calling_code integer;
  v_calling record;
  v_valid_pattern text;
  v_national text;
  v_stripped text;
  v_read_as_default boolean;
begin
  if p_phone is null or length(p_phone) > 250 then
    return null;
  end if;
  v_number := translate(p_phone, c_other_digits || U&'\FF0B',
                        repeat('0123456789', 3) || '+');
  v_number := translate(v_number, c_separators, repeat(' ', length(c_separators)));
  if v_number ~ '[^0-9+ \t\n\r\f\v]' then
    return null;
  end if;

  -- 1. The number between the first digit or '+' and the last digit.
  v_number := regexp_replace(substring(v_number from '[0-9+].*$'), '[^0-9]+$', '');
  if v_number is null
     or not (v_number ~ '^[0-9]{2}$' or v_number ~ '^\+*(?: *[0-9]){3,}[ 0-9]*$') then
    return null;
  end if;
  v_digits := regexp_replace(v_number, '[^0-9]', '', 'g');

  select * into v_default from booking.phone_regions where region = upper(p_default_region);
  -- Like phonenumbers, the region must be spelt exactly unless there is a '+'.
  if left(v_number, 1) <> '+' and v_default.region is distinct from p_default_region then
    return null;
  end if;

  -- 2. The calling code, from the number (v_rest: digits that start with
  -- it) or from the default region.
  if left(v_number, 1) = '+' then
    if length(v_digits) <= 2 then
      return null;
    end if;
    v_rest := v_digits;
    if v_rest not like '0%' then
      -- Calling codes are prefix-free: at most one of these exists.
      select c.calling_code, c.valid_number_pattern, c.main_region into v_calling
        from booking.phone_calling_codes c
       where c.calling_code in (left(v_rest, 1)::integer, left(v_rest, 2)::integer,
                                left(v_rest, 3)::integer);
      v_calling_code := v_calling.calling_code;
    end if;
    if v_calling_code is null then
      -- An unknown code after '+': phonenumbers tries again without the
      -- '+', which helps only when an international prefix follows it.
      if v_default.international_prefix is null
         or v_digits !~ ('^(?:' || v_default.international_prefix || ')') then
        return null;
      end if;
      v_rest := regexp_replace(v_digits, '^(?:' || v_default.international_prefix || ')', '');
      if v_rest like '0%' or length(v_rest) <= 2 then
        return null;
      end if;
    end if;
  elsif v_digits ~ ('^(?:' || v_default.international_prefix || ')') then
    v_rest := regexp_replace(v_digits, '^(?:' || v_default.international_prefix || ')', '');
    if v_rest like '0%' then
      v_rest := null;  -- calling codes never start with 0: a national number
    elsif length(v_rest) <= 2 then
      return null;
    end if;
  end if;

  if v_rest is not null then
    if v_calling_code is null then
      -- Calling codes are prefix-free: at most one of these exists.
      select c.calling_code, c.valid_number_pattern, c.main_region into v_calling
        from booking.phone_calling_codes c
       where c.calling_code in (left(v_rest, 1)::integer, left(v_rest, 2)::integer,
                                left(v_rest, 3)::integer);
      if not found then
        return null;
      end if;
      v_calling_code := v_calling.calling_code;
    end if;
    v_national := substr(v_rest, length(v_calling_code::text) + 1);
    v_read_as_default := false;
  else
    -- The default region's number, unless the digits start with its calling
    -- code and fit its patterns only without it (or are too long with it).
    v_calling_code := v_default.calling_code;
    select c.calling_code, c.valid_number_pattern, c.main_region into v_calling
      from booking.phone_calling_codes c
     where c.calling_code = v_calling_code;
    v_national := v_digits;
    v_read_as_default := true;
    if v_digits like v_calling_code::text || '%' then
      v_stripped := booking.strip_national_prefix(
        substr(v_digits, length(v_calling_code::text) + 1), v_default);
      if (v_digits !~ ('^(?:' || v_default.national_number_pattern || ')$')
          and v_stripped ~ ('^(?:' || v_default.national_number_pattern || ')$'))
         or booking.phone_number_length_fit(length(v_digits), v_default.possible_lengths,
                                            v_default.local_only_lengths) = 'too_long' then
        v_national := v_stripped;
        v_read_as_default := false;
      end if;
    end if;
  end if;

  -- A number with its calling code is read with the rules of the code's main
  -- region (US for +1), one without it with the default region's.
  -- (The main region is most often the default one: +1 in a US clinic.)
  if v_read_as_default or v_calling.main_region is not distinct from v_default.region then
    v_reading := v_default;
  else
    select r.* into v_reading from booking.phone_regions r where r.region = v_calling.main_region;
  end if;

  -- 3. The national significant number.
  if length(v_national) < 2 then
    return null;
  end if;
  if v_reading.region is not null then
    v_stripped := booking.strip_national_prefix(v_national, v_reading);
    if booking.phone_number_length_fit(length(v_stripped), v_reading.possible_lengths,
                                       v_reading.local_only_lengths) in ('possible', 'too_long') then
      v_national := v_stripped;
    end if;
  end if;
  if length(v_national) not between 2 and 17 then
    return null;
  end if;

  -- 4. Validity: with the calling code's pattern, or, when the code is
  -- shared and the number starts with a region's leading digits, with the
  -- pattern for that prefix.
  select l.valid_number_pattern into v_valid_pattern
    from booking.phone_leading_digits l
   where l.calling_code = v_calling_code and starts_with(v_national, l.leading_digits)
   limit 1;
  if not found then
    v_valid_pattern := v_calling.valid_number_pattern;
  end if;
  if v_national ~ ('^(?:' || v_valid_pattern || ')$') then
    return '+' || v_calling_code || v_national;
  end if;
  return null;
end;
$_$;

--
-- Name: FUNCTION normalize_phone(p_phone text, p_default_region text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.normalize_phone(p_phone text, p_default_region text) IS 'E.164 form of a phone number read with the default region, or NULL when invalid.';

--
-- Name: normalize_service_type(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.normalize_service_type(p_service_type text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v text := btrim(regexp_replace(p_service_type, '[[:space:]]+', ' ', 'g'));
begin
  return case when v is not null and length(v) between 1 and 100 and v !~ '[[:cntrl:]]' then v end;
end;
$$;

--
-- Name: FUNCTION normalize_service_type(p_service_type text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.normalize_service_type(p_service_type text) IS 'Trimmed, space-collapsed service type of 1-100 characters, or NULL.';

--
-- Name: normalize_staff_email(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.normalize_staff_email(p_email text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  return lower(booking.normalize_email(p_email));
end;
$$;

--
-- Name: FUNCTION normalize_staff_email(p_email text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.normalize_staff_email(p_email text) IS 'Trimmed, lower-cased e-mail of a staff account, or NULL when invalid.';

--
-- Name: notify_after_commit(text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.notify_after_commit(p_channel text, p_payload text DEFAULT ''::text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_owed text := coalesce(current_setting('booking.after_commit', true), '');
  v_line text := p_channel || ' ' || coalesce(p_payload, '') || E'\n';
begin
  if position(E'\n' || v_line in E'\n' || v_owed) > 0
     or position(E'\n' || p_channel || E' *\n' in E'\n' || v_owed) > 0 then
    return;
  end if;
  if length(v_owed) >= 4000 then
    v_line := p_channel || E' *\n';
  end if;
  perform set_config('booking.after_commit', v_owed || v_line, true);
end;
$$;

--
-- Name: FUNCTION notify_after_commit(p_channel text, p_payload text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.notify_after_commit(p_channel text, p_payload text) IS 'Owes a NOTIFY (channel, payload) to be sent by the committing process after the transaction commits (transaction-local setting booking.after_commit, one line each, bounded); never notifies in the transaction itself.';

--
-- Name: offered_slots(uuid, text, date, integer, timestamp with time zone, integer); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.offered_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_only_start timestamp with time zone DEFAULT NULL::timestamp with time zone, p_min_notice_minutes integer DEFAULT NULL::integer) RETURNS TABLE(starts_at timestamp with time zone, local_start timestamp without time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
begin
  return query
  with calendar as (
    select c.slot_interval_minutes, c.min_notice_minutes, c.max_advance_days, o.timezone
      from booking.calendars c
      join booking.organizations o on o.org_id = c.org_id
     where c.org_id = p_org_id and c.calendar_id = p_calendar_id
  ), hours as (
    select h.opens_at, h.closes_at
      from booking.calendar_override_hours h
     where h.org_id = p_org_id and h.calendar_id = p_calendar_id and h.on_date = p_date
    union all
    select w.opens_at, w.closes_at
      from booking.calendar_weekly_hours w
     where w.org_id = p_org_id and w.calendar_id = p_calendar_id
       and w.iso_weekday = extract(isodow from p_date)
       and not exists (select from booking.calendar_date_overrides d
                        where d.org_id = p_org_id and d.calendar_id = p_calendar_id
                          and d.on_date = p_date)
  ), windows as (
    select p_date + h.opens_at as local_open,
           case when h.closes_at = '00:00' then (p_date + 1)::timestamp
                else p_date + h.closes_at end as local_close
      from hours h
  )
  select distinct local_ts at time zone c.timezone, local_ts
    from calendar c
   cross join windows w
   cross join lateral (
     select g.local_ts
       from generate_series(w.local_open, w.local_close,
                            make_interval(mins => c.slot_interval_minutes)) as g(local_ts)
      where p_only_start is null
     union all
     select p_only_start at time zone c.timezone
      where p_only_start is not null
        and (p_only_start at time zone c.timezone) between w.local_open and w.local_close
        and mod(extract(epoch from (p_only_start at time zone c.timezone) - w.local_open),
                60 * c.slot_interval_minutes) = 0
   ) as candidate(local_ts)
   where p_duration_minutes between 1 and 1440
     and (p_only_start is null or local_ts at time zone c.timezone = p_only_start)
     and (local_ts at time zone c.timezone) at time zone c.timezone = local_ts
     and (local_ts at time zone c.timezone) + make_interval(mins => p_duration_minutes)
         <= w.local_close at time zone c.timezone
     and local_ts at time zone c.timezone >= now() + make_interval(mins => coalesce(p_min_notice_minutes, c.min_notice_minutes))
     and local_ts at time zone c.timezone <= now() + make_interval(days => c.max_advance_days)
   order by 1;
end;
$$;

--
-- Name: FUNCTION offered_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_only_start timestamp with time zone, p_min_notice_minutes integer); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.offered_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_only_start timestamp with time zone, p_min_notice_minutes integer) IS 'Start instants a calendar offers on a local date for a duration (hours, overrides, grid, DST, notice, horizon); conflicts excluded by slot_is_free. With p_only_start: only that start, if offered, without listing the day. p_min_notice_minutes replaces the calendar''s notice (staff bookings: 0).';

--
-- Name: otp_hash(text, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.otp_hash(p_code text, p_hold_id uuid) RETURNS bytea
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return (select extensions.hmac(convert_to(p_code || ':' || p_hold_id::text, 'UTF8'), s.secret, 'sha256')
            from booking.server_secrets s
           where s.name = 'otp_hmac');
end;
$$;

--
-- Name: FUNCTION otp_hash(p_code text, p_hold_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.otp_hash(p_code text, p_hold_id uuid) IS 'HMAC-SHA256 of a one-time code bound to its hold, keyed with the otp_hmac server secret.';

--
-- Name: otp_phone_locked(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.otp_phone_locked(p_org_id uuid, p_phone text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select exists (select from booking.otp_phone_locks
                  where org_id = p_org_id and phone = p_phone and locked_until > now());
$$;

--
-- Name: FUNCTION otp_phone_locked(p_org_id uuid, p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.otp_phone_locked(p_org_id uuid, p_phone text) IS 'True while the number is locked at the organization after too many wrong verification codes (booking.otp_phone_locks).';

--
-- Name: package_setting(text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.package_setting(p_name text, p_default text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return coalesce(nullif(btrim(pg_catalog.current_setting('booking.' || p_name, true)), ''),
                  (select s.value from booking.settings s where s.name = p_name),
                  p_default);
end;
$$;

--
-- Name: FUNCTION package_setting(p_name text, p_default text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.package_setting(p_name text, p_default text) IS 'A package setting: SET booking.<name> where set, else booking.settings (public.set_booking_setting), else the given default.';

--
-- Name: parse_opening_hours(jsonb); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.parse_opening_hours(p_intervals jsonb) RETURNS TABLE(opens_at time without time zone, closes_at time without time zone)
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
declare
  v_interval jsonb;
  v_previous_close time;
begin
  if p_intervals is null or jsonb_typeof(p_intervals) <> 'array' or jsonb_array_length(p_intervals) > 24 then
    raise exception 'opening hours must be an array of [opens, closes] pairs' using errcode = '22023';
  end if;
  for v_interval in
    select value from jsonb_array_elements(p_intervals) order by value ->> 0
  loop
    if jsonb_typeof(v_interval) <> 'array' or jsonb_array_length(v_interval) <> 2
       or jsonb_typeof(v_interval -> 0) <> 'string' or jsonb_typeof(v_interval -> 1) <> 'string'
       or (v_interval ->> 0) !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
       or (v_interval ->> 1) !~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' then
      raise exception 'each interval must be ["HH:MM", "HH:MM"]' using errcode = '22023';
    end if;
    opens_at := (v_interval ->> 0)::time;
    closes_at := (v_interval ->> 1)::time;
    if opens_at >= closes_at then
      raise exception 'an interval must open before it closes' using errcode = '22023';
    end if;
    if v_previous_close is not null and opens_at < v_previous_close then
      raise exception 'intervals must not overlap' using errcode = '22023';
    end if;
    v_previous_close := closes_at;
    return next;
  end loop;
end;
$_$;

--
-- Name: FUNCTION parse_opening_hours(p_intervals jsonb); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.parse_opening_hours(p_intervals jsonb) IS 'Validated (opens_at, closes_at) rows from [["HH:MM","HH:MM"], ...]; raises 22023 when invalid.';

--
-- Name: parse_report_timestamp(jsonb); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.parse_report_timestamp(p_value jsonb) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $$
begin
  if p_value is null or jsonb_typeof(p_value) = 'null' then
    return null;
  elsif jsonb_typeof(p_value) = 'number' then
    return to_timestamp((p_value #>> '{}')::numeric / 1000);
  elsif jsonb_typeof(p_value) = 'string' and (p_value #>> '{}') ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}' then
    return (p_value #>> '{}')::timestamptz;
  end if;
  raise exception 'not a timestamp: %', left(p_value::text, 100) using errcode = '22007';
end;
$$;

--
-- Name: FUNCTION parse_report_timestamp(p_value jsonb); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.parse_report_timestamp(p_value jsonb) IS 'ISO-8601 (UTC when no offset) or epoch-millisecond timestamp from a report; NULL when absent; class 22 error when unreadable.';

--
-- Name: patient_reschedule_limit(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.patient_reschedule_limit() RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select 3;
$$;

--
-- Name: FUNCTION patient_reschedule_limit(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.patient_reschedule_limit() IS 'Reschedules a patient may make per appointment: 3 (RESCHEDULE_LIMIT after).';

--
-- Name: phone_display(text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.phone_display(p_phone text, p_region text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO ''
    AS $_$
declare
  v_code integer;
  v_national_number text;
  v_national boolean;
  v_format record;
  v_rule text;
begin
  if p_phone is null or p_phone !~ '^\+[1-9][0-9]{1,14}$' then
    return p_phone;
  end if;
  select c.calling_code into v_code
    from booking.phone_calling_codes c
   where c.calling_code in (substr(p_phone, 2, 1)::integer, substr(p_phone, 2, 2)::integer,
                            substr(p_phone, 2, 3)::integer);
  if v_code is null then
    return p_phone;
  end if;
  v_national_number := substr(p_phone, 2 + length(v_code::text));
  v_national := exists (select from booking.phone_regions r where r.region = p_region and r.calling_code = v_code);

  -- International: the calling code's international formats when it has
  -- any, else its national ones without the national prefix.
  select f.* into v_format
    from booking.phone_number_formats() f
   where f.calling_code = v_code
     and f.international = (not v_national and exists (
           select from booking.phone_number_formats() i where i.calling_code = v_code and i.international))
     and (f.leading_digits is null or v_national_number ~ ('^(?:' || f.leading_digits || ')'))
     and v_national_number ~ ('^(?:' || f.pattern || ')$')
   order by f.ordinal
   limit 1;
  if v_format.pattern is not null then
    v_rule := v_format.format;
    if v_national and v_format.national_prefix_rule is not null then
      -- As phonenumbers: the first group's reference becomes the rule
      -- (whose own \1 is that reference again).
      v_rule := regexp_replace(v_rule, '(\\[0-9])', v_format.national_prefix_rule);
    end if;
    v_national_number := regexp_replace(v_national_number, '^(?:' || v_format.pattern || ')$', v_rule);
  end if;
  return case when v_national then v_national_number else '+' || v_code || ' ' || v_national_number end;
end;
$_$;

--
-- Name: FUNCTION phone_display(p_phone text, p_region text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.phone_display(p_phone text, p_region text) IS 'An E.164 number for a clinic''s patients: national format for its region''s calling code ((415) 555-2671, 020 7946 0018), else international (+44 20 7946 0018), as phonenumbers formats it.';

--
-- Name: phone_number_formats(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.phone_number_formats() RETURNS TABLE(calling_code integer, international boolean, ordinal integer, leading_digits text, pattern text, format text, national_prefix_rule text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select * from (values
    (1, false, 1, '310', '(\d{3})(\d{4})', '\1-\2', null),
    (1, false, 2, '[24-9]|3(?:[02-9]|1[1-9])', '(\d{3})(\d{4})', '\1-\2', null),
    (1, false, 3, '[2-9]', '(\d{3})(\d{3})(\d{4})', '(\1) \2-\3', null),
    (1, true, 1, '310', '(\d{3})(\d{4})', '\1-\2', null),
    (1, true, 2, '[2-9]', '(\d{3})(\d{3})(\d{4})', '\1-\2-\3', null),
    (7, false, 1, '[0-79]', '(\d{3})(\d{2})(\d{2})', '\1-\2-\3', null),
    (7, false, 2, '7(?:1(?:[0-356]2|4[29]|7|8[27])|2(?:13[03-69]|62[013-9]))|72[1-57-9]2', '(\d{4})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '8 (\1)'),
    (7, false, 3, '7(?:1(?:0(?:[356]|4[023])|[18]|2(?:3[013-9]|5)|3[45]|43[013-79]|5(?:3[1-8]|4[1-7]|5)|6(?:3[0-35-9]|[4-6]))|2(?:1(?:3[178]|[45])|[24-689]|3[35]|7[457]))|7(?:14|23)4[0-8]|71(?:33|45)[1-79]', '(\d{5})(\d)(\d{2})(\d{2})', '\1 \2 \3 \4', '8 (\1)'),
    (7, false, 4, '7', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '8 (\1)'),
    (7, false, 5, '[349]|8(?:[02-7]|1[1-8])', '(\d{3})(\d{3})(\d{2})(\d{2})', '\1 \2-\3-\4', '8 (\1)'),
    (7, false, 6, '8', '(\d{4})(\d{4})(\d{3})(\d{3})', '\1 \2 \3 \4', '8 (\1)'),
    (7, true, 1, '7(?:1(?:[0-356]2|4[29]|7|8[27])|2(?:13[03-69]|62[013-9]))|72[1-57-9]2', '(\d{4})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (7, true, 2, '7(?:1(?:0(?:[356]|4[023])|[18]|2(?:3[013-9]|5)|3[45]|43[013-79]|5(?:3[1-8]|4[1-7]|5)|6(?:3[0-35-9]|[4-6]))|2(?:1(?:3[178]|[45])|[24-689]|3[35]|7[457]))|7(?:14|23)4[0-8]|71(?:33|45)[1-79]', '(\d{5})(\d)(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (7, true, 3, '7', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (7, true, 4, '[349]|8(?:[02-7]|1[1-8])', '(\d{3})(\d{3})(\d{2})(\d{2})', '\1 \2-\3-\4', null),
    (7, true, 5, '8', '(\d{4})(\d{4})(\d{3})(\d{3})', '\1 \2 \3 \4', null),
    (20, false, 1, '[23]', '(\d)(\d{7,8})', '\1 \2', '0\1'),
    (20, false, 2, '1[35]|[4-6]|8[2468]|9[235-7]', '(\d{2})(\d{6,7})', '\1 \2', '0\1'),
    (20, false, 3, '[89]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (20, false, 4, '1', '(\d{2})(\d{8})', '\1 \2', '0\1'),
    (27, false, 1, '8[1-4]', '(\d{2})(\d{3,4})', '\1 \2', '0\1'),
    (27, false, 2, '8[1-4]', '(\d{2})(\d{3})(\d{2,3})', '\1 \2 \3', '0\1'),
    (27, false, 3, '860', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (27, false, 4, '[1-9]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (27, false, 5, '8', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (30, false, 1, '21|7', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', null),
    (30, false, 2, '2(?:2|3[2-57-9]|4[2-469]|5[2-59]|6[2-9]|7[2-69]|8[2-49])|5', '(\d{4})(\d{6})', '\1 \2', null),
    (30, false, 3, '[2689]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (30, false, 4, '8', '(\d{3})(\d{3,4})(\d{5})', '\1 \2 \3', null),
    (31, false, 1, '1[238]|[34]', '(\d{4})', '\1', null),
    (31, false, 2, '14', '(\d{2})(\d{3,4})', '\1 \2', null),
    (31, false, 3, '1', '(\d{6})', '\1', null),
    (31, false, 4, '[89]0', '(\d{3})(\d{4,7})', '\1 \2', '0\1'),
    (31, false, 5, '66', '(\d{2})(\d{7})', '\1 \2', '0\1'),
    (31, false, 6, '6', '(\d)(\d{8})', '\1 \2', '0\1'),
    (31, false, 7, '1[16-8]|2[259]|3[124]|4[17-9]|5[124679]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (31, false, 8, '[1-578]|91', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (31, false, 9, '9', '(\d{3})(\d{3})(\d{5})', '\1 \2 \3', '0\1'),
    (31, true, 1, '[89]0', '(\d{3})(\d{4,7})', '\1 \2', null),
    (31, true, 2, '66', '(\d{2})(\d{7})', '\1 \2', null),
    (31, true, 3, '6', '(\d)(\d{8})', '\1 \2', null),
    (31, true, 4, '1[16-8]|2[259]|3[124]|4[17-9]|5[124679]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (31, true, 5, '[1-578]|91', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (31, true, 6, '9', '(\d{3})(\d{3})(\d{5})', '\1 \2 \3', null),
    (32, false, 1, '(?:80|9)0', '(\d{3})(\d{2})(\d{3})', '\1 \2 \3', '0\1'),
    (32, false, 2, '[239]|4[23]', '(\d)(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (32, false, 3, '[15-8]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (32, false, 4, '4', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (33, false, 1, '10', '(\d{4})', '\1', null),
    (33, false, 2, '1', '(\d{3})(\d{3})', '\1 \2', null),
    (33, false, 3, '8', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0 \1'),
    (33, false, 4, '[1-79]', '(\d)(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4 \5', '0\1'),
    (33, true, 1, '8', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (33, true, 2, '[1-79]', '(\d)(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4 \5', null),
    (34, false, 1, '905[124578]', '(\d{4})', '\1', null),
    (34, false, 2, '[79]9', '(\d{6})', '\1', null),
    (34, false, 3, '[89]00', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (34, false, 4, '[4-9]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (34, true, 1, '[89]00', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (34, true, 2, '[4-9]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (36, false, 1, '1', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '(06 \1)'),
    (36, false, 2, '[27][2-9]|3[2-7]|4[24-9]|5[2-79]|6|8[2-57-9]|9[2-69]', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '(06 \1)'),
    (36, false, 3, '[2-9]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '06 \1'),
    (39, false, 1, '1(?:0|9(?:2[2-9]|[46]))', '(\d{4,5})', '\1', null),
    (39, false, 2, '1(?:1|92)', '(\d{6})', '\1', null),
    (39, false, 3, '0[26]', '(\d{2})(\d{4,6})', '\1 \2', null),
    (39, false, 4, '0[13-57-9][0159]|8(?:03|4[17]|9(?:2|3[04]|[45][0-4]))', '(\d{3})(\d{3,6})', '\1 \2', null),
    (39, false, 5, '0(?:[13-579][2-46-8]|8[236-8])', '(\d{4})(\d{2,6})', '\1 \2', null),
    (39, false, 6, '894', '(\d{4})(\d{4})', '\1 \2', null),
    (39, false, 7, '0[26]|5', '(\d{2})(\d{3,4})(\d{4})', '\1 \2 \3', null),
    (39, false, 8, '1(?:44|[679])|[378]|43', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (39, false, 9, '0[13-57-9][0159]|14', '(\d{3})(\d{3,4})(\d{4})', '\1 \2 \3', null),
    (39, false, 10, '0[26]', '(\d{2})(\d{4})(\d{5})', '\1 \2 \3', null),
    (39, false, 11, '0', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (39, false, 12, '[03]', '(\d{3})(\d{4})(\d{4,5})', '\1 \2 \3', null),
    (39, true, 1, '0[26]', '(\d{2})(\d{4,6})', '\1 \2', null),
    (39, true, 2, '0[13-57-9][0159]|8(?:03|4[17]|9(?:2|3[04]|[45][0-4]))', '(\d{3})(\d{3,6})', '\1 \2', null),
    (39, true, 3, '0(?:[13-579][2-46-8]|8[236-8])', '(\d{4})(\d{2,6})', '\1 \2', null),
    (39, true, 4, '894', '(\d{4})(\d{4})', '\1 \2', null),
    (39, true, 5, '0[26]|5', '(\d{2})(\d{3,4})(\d{4})', '\1 \2 \3', null),
    (39, true, 6, '1(?:44|[679])|[378]|43', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (39, true, 7, '0[13-57-9][0159]|14', '(\d{3})(\d{3,4})(\d{4})', '\1 \2 \3', null),
    (39, true, 8, '0[26]', '(\d{2})(\d{4})(\d{5})', '\1 \2 \3', null),
    (39, true, 9, '0', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (39, true, 10, '[03]', '(\d{3})(\d{4})(\d{4,5})', '\1 \2 \3', null),
    (40, false, 1, '2[3-6]\d9', '(\d{3})(\d{3})', '\1 \2', '0\1'),
    (40, false, 2, '219|31', '(\d{2})(\d{4})', '\1 \2', '0\1'),
    (40, false, 3, '[23]1', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (40, false, 4, '[237-9]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (41, false, 1, '8[047]|90', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (41, false, 2, '[2-79]|81', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (41, false, 3, '8', '(\d{3})(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4 \5', '0\1'),
    (43, false, 1, '14', '(\d{4})', '\1', null),
    (43, false, 2, '1(?:11|[2-9])', '(\d)(\d{3,12})', '\1 \2', '0\1'),
    (43, false, 3, '517', '(\d{3})(\d{2})', '\1 \2', '0\1'),
    (43, false, 4, '5[079]', '(\d{2})(\d{3,5})', '\1 \2', '0\1'),
    (43, false, 5, '[18]', '(\d{6})', '\1', null),
    (43, false, 6, '(?:31|4)6|51|6(?:485|5[0-3579]|[6-9])|7(?:20|32|8)|[89]', '(\d{3})(\d{3,10})', '\1 \2', '0\1'),
    (43, false, 7, '[2-467]|5[2-6]', '(\d{4})(\d{3,9})', '\1 \2', '0\1'),
    (43, false, 8, '5', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (43, false, 9, '5', '(\d{2})(\d{4})(\d{4,7})', '\1 \2 \3', '0\1'),
    (43, true, 1, '1(?:11|[2-9])', '(\d)(\d{3,12})', '\1 \2', null),
    (43, true, 2, '517', '(\d{3})(\d{2})', '\1 \2', null),
    (43, true, 3, '5[079]', '(\d{2})(\d{3,5})', '\1 \2', null),
    (43, true, 4, '(?:31|4)6|51|6(?:485|5[0-3579]|[6-9])|7(?:20|32|8)|[89]', '(\d{3})(\d{3,10})', '\1 \2', null),
    (43, true, 5, '[2-467]|5[2-6]', '(\d{4})(\d{3,9})', '\1 \2', null),
    (43, true, 6, '5', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (43, true, 7, '5', '(\d{2})(\d{4})(\d{4,7})', '\1 \2 \3', null),
    (44, false, 1, '8001111', '(\d{3})(\d{4})', '\1 \2', '0\1'),
    (44, false, 2, '845464', '(\d{3})(\d{2})(\d{2})', '\1 \2 \3', '0\1'),
    (44, false, 3, '800', '(\d{3})(\d{6})', '\1 \2', '0\1'),
    (44, false, 4, '1(?:3873|5(?:242|39[4-6])|(?:697|768)[347]|9467)', '(\d{5})(\d{4,5})', '\1 \2', '0\1'),
    (44, false, 5, '1(?:[2-69][02-9]|[78])', '(\d{4})(\d{5,6})', '\1 \2', '0\1'),
    (44, false, 6, '[25]|7(?:0|6(?:[03-9]|2[356]))', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', '0\1'),
    (44, false, 7, '7', '(\d{4})(\d{6})', '\1 \2', '0\1'),
    (44, false, 8, '[1389]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (45, false, 1, '[2-9]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (46, false, 1, '20', '(\d{2})(\d{2,3})(\d{2})', '\1-\2 \3', '0\1'),
    (46, false, 2, '9(?:00|39|44|9)', '(\d{3})(\d{4})', '\1-\2', '0\1'),
    (46, false, 3, '[12][136]|3[356]|4[0246]|6[03]|90[1-9]', '(\d{2})(\d{3})(\d{2})', '\1-\2 \3', '0\1'),
    (46, false, 4, '8', '(\d)(\d{2,3})(\d{2})(\d{2})', '\1-\2 \3 \4', '0\1'),
    (46, false, 5, '1[2457]|2(?:[247-9]|5[0138])|3[0247-9]|4[1357-9]|5[0-35-9]|6(?:[125689]|4[02-57]|7[0-2])|9(?:[125-8]|3[02-5]|4[0-3])', '(\d{3})(\d{2,3})(\d{2})', '\1-\2 \3', '0\1'),
    (46, false, 6, '9(?:00|39|44)', '(\d{3})(\d{2,3})(\d{3})', '\1-\2 \3', '0\1'),
    (46, false, 7, '1[13689]|2[0136]|3[1356]|4[0246]|54|6[03]|90[1-9]', '(\d{2})(\d{2,3})(\d{2})(\d{2})', '\1-\2 \3 \4', '0\1'),
    (46, false, 8, '10|7', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1-\2 \3 \4', '0\1'),
    (46, false, 9, '8', '(\d)(\d{3})(\d{3})(\d{2})', '\1-\2 \3 \4', '0\1'),
    (46, false, 10, '[13-5]|2(?:[247-9]|5[0138])|6(?:[124-689]|7[0-2])|9(?:[125-8]|3[02-5]|4[0-3])', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1-\2 \3 \4', '0\1'),
    (46, false, 11, '9', '(\d{3})(\d{2})(\d{2})(\d{3})', '\1-\2 \3 \4', '0\1'),
    (46, false, 12, '[26]', '(\d{3})(\d{2})(\d{3})(\d{2})(\d{2})', '\1-\2 \3 \4 \5', '0\1'),
    (46, true, 1, '20', '(\d{2})(\d{2,3})(\d{2})', '\1 \2 \3', null),
    (46, true, 2, '9(?:00|39|44|9)', '(\d{3})(\d{4})', '\1 \2', null),
    (46, true, 3, '[12][136]|3[356]|4[0246]|6[03]|90[1-9]', '(\d{2})(\d{3})(\d{2})', '\1 \2 \3', null),
    (46, true, 4, '8', '(\d)(\d{2,3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (46, true, 5, '1[2457]|2(?:[247-9]|5[0138])|3[0247-9]|4[1357-9]|5[0-35-9]|6(?:[125689]|4[02-57]|7[0-2])|9(?:[125-8]|3[02-5]|4[0-3])', '(\d{3})(\d{2,3})(\d{2})', '\1 \2 \3', null),
    (46, true, 6, '9(?:00|39|44)', '(\d{3})(\d{2,3})(\d{3})', '\1 \2 \3', null),
    (46, true, 7, '1[13689]|2[0136]|3[1356]|4[0246]|54|6[03]|90[1-9]', '(\d{2})(\d{2,3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (46, true, 8, '10|7', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (46, true, 9, '8', '(\d)(\d{3})(\d{3})(\d{2})', '\1 \2 \3 \4', null),
    (46, true, 10, '[13-5]|2(?:[247-9]|5[0138])|6(?:[124-689]|7[0-2])|9(?:[125-8]|3[02-5]|4[0-3])', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (46, true, 11, '9', '(\d{3})(\d{2})(\d{2})(\d{3})', '\1 \2 \3 \4', null),
    (46, true, 12, '[26]', '(\d{3})(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4 \5', null),
    (47, false, 1, '8', '(\d{3})(\d{2})(\d{3})', '\1 \2 \3', null),
    (47, false, 2, '[2-79]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (48, false, 1, '19', '(\d{5})', '\1', null),
    (48, false, 2, '11|20|64', '(\d{3})(\d{3})', '\1 \2', null),
    (48, false, 3, '30|(?:1[2-8]|2[2-69]|3[2-4]|4[1-468]|5[24-689]|6[1-3578]|7[14-7]|8[1-79]|9[145])19', '(\d{2})(\d{2})(\d{3})', '\1 \2 \3', null),
    (48, false, 4, '64', '(\d{3})(\d{2})(\d{2,3})', '\1 \2 \3', null),
    (48, false, 5, '21|39|45|5[0137]|6[0469]|7[02389]|8(?:0[14]|8)', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (48, false, 6, '1[2-8]|[2-7]|8[1-79]|9[145]', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (48, false, 7, '8', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (49, false, 1, '3[02]|40|[68]9', '(\d{2})(\d{3,13})', '\1 \2', '0\1'),
    (49, false, 2, '2277', '(\d{6})', '\1', null),
    (49, false, 3, '2(?:0[1-389]|12[0-8])|3(?:[35-9][15]|4[015])|906|2(?:[13][14]|2[18])|(?:2[4-9]|4[2-9]|[579][1-9]|[68][1-8])1', '(\d{3})(\d{3,12})', '\1 \2', '0\1'),
    (49, false, 4, '[24-6]|3(?:3(?:0[1-467]|2[127-9]|3[124578]|7[1257-9]|8[1256]|9[145])|4(?:2[135]|4[13578]|9[1346])|5(?:0[14]|2[1-3589]|6[1-4]|7[13468]|8[13568])|6(?:2[1-489]|3[124-6]|6[13]|7[12579]|8[1-356]|9[135])|7(?:2[1-7]|4[145]|6[1-5]|7[1-4])|8(?:21|3[1468]|6|7[1467]|8[136])|9(?:0[12479]|2[1358]|4[134679]|6[1-9]|7[136]|8[147]|9[1468]))|70[2-8]|8(?:0[2-9]|[1-8])|90[7-9]|[79][1-9]|3[68]4[1347]|3(?:47|60)[1356]|3(?:3[46]|46|5[49])[1246]|3[4579]3[1357]', '(\d{4})(\d{2,11})', '\1 \2', '0\1'),
    (49, false, 5, '138', '(\d{3})(\d{4})', '\1 \2', '0\1'),
    (49, false, 6, '3', '(\d{5})(\d{2,10})', '\1 \2', '0\1'),
    (49, false, 7, '181', '(\d{3})(\d{5,11})', '\1 \2', '0\1'),
    (49, false, 8, '1(?:3|80)|9', '(\d{3})(\d)(\d{4,10})', '\1 \2 \3', '0\1'),
    (49, false, 9, '1[67]', '(\d{3})(\d{7,8})', '\1 \2', '0\1'),
    (49, false, 10, '8', '(\d{3})(\d{7,12})', '\1 \2', '0\1'),
    (49, false, 11, '18500', '(\d{5})(\d{6})', '\1 \2', '0\1'),
    (49, false, 12, '7', '(\d{3})(\d{4})(\d{4})', '\1 \2 \3', '0\1'),
    (49, false, 13, '18[68]', '(\d{4})(\d{7})', '\1 \2', '0\1'),
    (49, false, 14, '15[1279]', '(\d{4})(\d{7})', '\1 \2', '0\1'),
    (49, false, 15, '15(?:[0568]|3[13]|41)', '(\d{5})(\d{6})', '\1 \2', '0\1'),
    (49, false, 16, '18', '(\d{3})(\d{8})', '\1 \2', '0\1'),
    (49, false, 17, '1(?:6[023]|7)', '(\d{3})(\d{2})(\d{7,8})', '\1 \2 \3', '0\1'),
    (49, false, 18, '15[279]', '(\d{4})(\d{2})(\d{7})', '\1 \2 \3', '0\1'),
    (49, false, 19, '15', '(\d{3})(\d{2})(\d{8})', '\1 \2 \3', '0\1'),
    (49, true, 1, '3[02]|40|[68]9', '(\d{2})(\d{3,13})', '\1 \2', null),
    (49, true, 2, '2(?:0[1-389]|12[0-8])|3(?:[35-9][15]|4[015])|906|2(?:[13][14]|2[18])|(?:2[4-9]|4[2-9]|[579][1-9]|[68][1-8])1', '(\d{3})(\d{3,12})', '\1 \2', null),
    (49, true, 3, '[24-6]|3(?:3(?:0[1-467]|2[127-9]|3[124578]|7[1257-9]|8[1256]|9[145])|4(?:2[135]|4[13578]|9[1346])|5(?:0[14]|2[1-3589]|6[1-4]|7[13468]|8[13568])|6(?:2[1-489]|3[124-6]|6[13]|7[12579]|8[1-356]|9[135])|7(?:2[1-7]|4[145]|6[1-5]|7[1-4])|8(?:21|3[1468]|6|7[1467]|8[136])|9(?:0[12479]|2[1358]|4[134679]|6[1-9]|7[136]|8[147]|9[1468]))|70[2-8]|8(?:0[2-9]|[1-8])|90[7-9]|[79][1-9]|3[68]4[1347]|3(?:47|60)[1356]|3(?:3[46]|46|5[49])[1246]|3[4579]3[1357]', '(\d{4})(\d{2,11})', '\1 \2', null),
    (49, true, 4, '138', '(\d{3})(\d{4})', '\1 \2', null),
    (49, true, 5, '3', '(\d{5})(\d{2,10})', '\1 \2', null),
    (49, true, 6, '181', '(\d{3})(\d{5,11})', '\1 \2', null),
    (49, true, 7, '1(?:3|80)|9', '(\d{3})(\d)(\d{4,10})', '\1 \2 \3', null),
    (49, true, 8, '1[67]', '(\d{3})(\d{7,8})', '\1 \2', null),
    (49, true, 9, '8', '(\d{3})(\d{7,12})', '\1 \2', null),
    (49, true, 10, '18500', '(\d{5})(\d{6})', '\1 \2', null),
    (49, true, 11, '7', '(\d{3})(\d{4})(\d{4})', '\1 \2 \3', null),
    (49, true, 12, '18[68]', '(\d{4})(\d{7})', '\1 \2', null),
    (49, true, 13, '15[1279]', '(\d{4})(\d{7})', '\1 \2', null),
    (49, true, 14, '15(?:[0568]|3[13]|41)', '(\d{5})(\d{6})', '\1 \2', null),
    (49, true, 15, '18', '(\d{3})(\d{8})', '\1 \2', null),
    (49, true, 16, '1(?:6[023]|7)', '(\d{3})(\d{2})(\d{7,8})', '\1 \2 \3', null),
    (49, true, 17, '15[279]', '(\d{4})(\d{2})(\d{7})', '\1 \2 \3', null),
    (49, true, 18, '15', '(\d{3})(\d{2})(\d{8})', '\1 \2 \3', null),
    (51, false, 1, '80', '(\d{3})(\d{5})', '\1 \2', '(0\1)'),
    (51, false, 2, '1', '(\d)(\d{7})', '\1 \2', '(0\1)'),
    (51, false, 3, '[4-8]', '(\d{2})(\d{6})', '\1 \2', '(0\1)'),
    (51, false, 4, '9', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (52, false, 1, '53', '(\d{5})', '\1', null),
    (52, false, 2, '33|5[56]|81', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', null),
    (52, false, 3, '[2-9]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (52, true, 1, '33|5[56]|81', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', null),
    (52, true, 2, '[2-9]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (53, false, 1, '2[1-4]|[34]', '(\d{2})(\d{4,6})', '\1 \2', '(0\1)'),
    (53, false, 2, '7', '(\d)(\d{6,7})', '\1 \2', '(0\1)'),
    (53, false, 3, '[56]', '(\d)(\d{7})', '\1 \2', '0\1'),
    (53, false, 4, '8', '(\d{3})(\d{7})', '\1 \2', '0\1'),
    (54, false, 1, '0|1(?:0[0-35-7]|1[02-5]|2[015]|3[47]|4[478])|911', '(\d{3})', '\1', null),
    (54, false, 2, '[1-9]', '(\d{2})(\d{4})', '\1-\2', null),
    (54, false, 3, '[2-9]', '(\d{3})(\d{4})', '\1-\2', null),
    (54, false, 4, '[1-8]', '(\d{4})(\d{4})', '\1-\2', null),
    (54, false, 5, '2(?:[23]02|6(?:[25]|4(?:64|[78]))|9(?:[02356]|4(?:[0268]|5[2-6])|72|8[23]))|3(?:3[28]|4(?:[04679]|3(?:5(?:4[0-25689]|[56])|[78])|58|8[2379])|5(?:[2467]|3[237]|8(?:[23]|4(?:[45]|60)|5(?:4[0-39]|5|64)))|7[1-578]|8(?:[2469]|3[278]|54(?:4|5[13-7]|6[89])|86[3-6]))|2(?:2[24-9]|3[1-59]|47)|38(?:[58][78]|7[378])|3(?:454|85[56])[46]|3(?:4(?:36|5[56])|8(?:[38]5|76))[4-6]', '(\d{4})(\d{2})(\d{4})', '\1 \2-\3', '0\1'),
    (54, false, 6, '1', '(\d{2})(\d{4})(\d{4})', '\1 \2-\3', '0\1'),
    (54, false, 7, '[68]', '(\d{3})(\d{3})(\d{4})', '\1-\2-\3', '0\1'),
    (54, false, 8, '[23]', '(\d{3})(\d{3})(\d{4})', '\1 \2-\3', '0\1'),
    (54, false, 9, '9(?:2(?:[23]02|6(?:[25]|4(?:64|[78]))|9(?:[02356]|4(?:[0268]|5[2-6])|72|8[23]))|3(?:3[28]|4(?:[04679]|3(?:5(?:4[0-25689]|[56])|[78])|5(?:4[46]|8)|8[2379])|5(?:[2467]|3[237]|8(?:[23]|4(?:[45]|60)|5(?:4[0-39]|5|64)))|7[1-578]|8(?:[2469]|3[278]|5(?:4(?:4|5[13-7]|6[89])|[56][46]|[78])|7[378]|8(?:6[3-6]|[78]))))|92(?:2[24-9]|3[1-59]|47)|93(?:4(?:36|5[56])|8(?:[38]5|76))[4-6]', '(\d)(\d{4})(\d{2})(\d{4})', '\2 15-\3-\4', '0\1'),
    (54, false, 10, '91', '(\d)(\d{2})(\d{4})(\d{4})', '\2 15-\3-\4', '0\1'),
    (54, false, 11, '8', '(\d{3})(\d{3})(\d{5})', '\1-\2-\3', '0\1'),
    (54, false, 12, '9', '(\d)(\d{3})(\d{3})(\d{4})', '\2 15-\3-\4', '0\1'),
    (54, true, 1, '2(?:[23]02|6(?:[25]|4(?:64|[78]))|9(?:[02356]|4(?:[0268]|5[2-6])|72|8[23]))|3(?:3[28]|4(?:[04679]|3(?:5(?:4[0-25689]|[56])|[78])|58|8[2379])|5(?:[2467]|3[237]|8(?:[23]|4(?:[45]|60)|5(?:4[0-39]|5|64)))|7[1-578]|8(?:[2469]|3[278]|54(?:4|5[13-7]|6[89])|86[3-6]))|2(?:2[24-9]|3[1-59]|47)|38(?:[58][78]|7[378])|3(?:454|85[56])[46]|3(?:4(?:36|5[56])|8(?:[38]5|76))[4-6]', '(\d{4})(\d{2})(\d{4})', '\1 \2-\3', null),
    (54, true, 2, '1', '(\d{2})(\d{4})(\d{4})', '\1 \2-\3', null),
    (54, true, 3, '[68]', '(\d{3})(\d{3})(\d{4})', '\1-\2-\3', null),
    (54, true, 4, '[23]', '(\d{3})(\d{3})(\d{4})', '\1 \2-\3', null),
    (54, true, 5, '9(?:2(?:[23]02|6(?:[25]|4(?:64|[78]))|9(?:[02356]|4(?:[0268]|5[2-6])|72|8[23]))|3(?:3[28]|4(?:[04679]|3(?:5(?:4[0-25689]|[56])|[78])|5(?:4[46]|8)|8[2379])|5(?:[2467]|3[237]|8(?:[23]|4(?:[45]|60)|5(?:4[0-39]|5|64)))|7[1-578]|8(?:[2469]|3[278]|5(?:4(?:4|5[13-7]|6[89])|[56][46]|[78])|7[378]|8(?:6[3-6]|[78]))))|92(?:2[24-9]|3[1-59]|47)|93(?:4(?:36|5[56])|8(?:[38]5|76))[4-6]', '(\d)(\d{4})(\d{2})(\d{4})', '\1 \2 \3-\4', null),
    (54, true, 6, '91', '(\d)(\d{2})(\d{4})(\d{4})', '\1 \2 \3-\4', null),
    (54, true, 7, '8', '(\d{3})(\d{3})(\d{5})', '\1-\2-\3', null),
    (54, true, 8, '9', '(\d)(\d{3})(\d{3})(\d{4})', '\1 \2 \3-\4', null),
    (55, false, 1, '1(?:1[25-8]|2[357-9]|3[02-68]|4[12568]|5|6[0-8]|8[015]|9[0-47-9])|321|610', '(\d{3,6})', '\1', null),
    (55, false, 2, '300|4(?:0(?:0|20)|370|864)', '(\d{4})(\d{4})', '\1-\2', null),
    (55, false, 3, '[2357]|4(?:[0-24-9]|3(?:[0-689]|7[1-9]))', '(\d{4})(\d{4})', '\1-\2', null),
    (55, false, 4, '(?:[358]|90)0', '(\d{3})(\d{2,3})(\d{4})', '\1 \2 \3', '0\1'),
    (55, false, 5, '9', '(\d{5})(\d{4})', '\1-\2', null),
    (55, false, 6, '(?:[14689][1-9]|2[12478]|3[1-578]|5[13-5]|7[13-579])[2-57]', '(\d{2})(\d{4})(\d{4})', '\1 \2-\3', '(\1)'),
    (55, false, 7, '[16][1-9]|[2-57-9]', '(\d{2})(\d{5})(\d{4})', '\1 \2-\3', '(\1)'),
    (55, true, 1, '300|4(?:0(?:0|20)|370|864)', '(\d{4})(\d{4})', '\1-\2', null),
    (55, true, 2, '(?:[358]|90)0', '(\d{3})(\d{2,3})(\d{4})', '\1 \2 \3', null),
    (55, true, 3, '(?:[14689][1-9]|2[12478]|3[1-578]|5[13-5]|7[13-579])[2-57]', '(\d{2})(\d{4})(\d{4})', '\1 \2-\3', null),
    (55, true, 4, '[16][1-9]|[2-57-9]', '(\d{2})(\d{5})(\d{4})', '\1 \2-\3', null),
    (56, false, 1, '1(?:[03-589]|21)|[29]0|78', '(\d{4})', '\1', null),
    (56, false, 2, '2196', '(\d{5})(\d{4})', '\1 \2', '(\1)'),
    (56, false, 3, '60|809', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (56, false, 4, '44', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (56, false, 5, '2[1-36]', '(\d)(\d{4})(\d{4})', '\1 \2 \3', '(\1)'),
    (56, false, 6, '9(?:10|[2-9])', '(\d)(\d{4})(\d{4})', '\1 \2 \3', null),
    (56, false, 7, '3[2-5]|[47]|5[1-3578]|6[13-57]|8(?:0[1-8]|[1-9])', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '(\1)'),
    (56, false, 8, '60|8', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (56, false, 9, '1', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (56, false, 10, '60', '(\d{3})(\d{3})(\d{2})(\d{3})', '\1 \2 \3 \4', null),
    (56, true, 1, '2196', '(\d{5})(\d{4})', '\1 \2', null),
    (56, true, 2, '60|809', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (56, true, 3, '44', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (56, true, 4, '2[1-36]', '(\d)(\d{4})(\d{4})', '\1 \2 \3', null),
    (56, true, 5, '9(?:10|[2-9])', '(\d)(\d{4})(\d{4})', '\1 \2 \3', null),
    (56, true, 6, '3[2-5]|[47]|5[1-3578]|6[13-57]|8(?:0[1-8]|[1-9])', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (56, true, 7, '60|8', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (56, true, 8, '1', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (56, true, 9, '60', '(\d{3})(\d{3})(\d{2})(\d{3})', '\1 \2 \3 \4', null),
    (57, false, 1, '46', '(\d{4})(\d{4})', '\1 \2', null),
    (57, false, 2, '6|90', '(\d{3})(\d{7})', '\1 \2', '(\1)'),
    (57, false, 3, '3[0-357]|94', '(\d{3})(\d{7})', '\1 \2', null),
    (57, false, 4, '1', '(\d)(\d{3})(\d{7})', '\1-\2-\3', '0\1'),
    (57, true, 1, '46', '(\d{4})(\d{4})', '\1 \2', null),
    (57, true, 2, '6|90', '(\d{3})(\d{7})', '\1 \2', null),
    (57, true, 3, '3[0-357]|94', '(\d{3})(\d{7})', '\1 \2', null),
    (57, true, 4, '1', '(\d)(\d{3})(\d{7})', '\1 \2 \3', null),
    (58, false, 1, '[24-689]', '(\d{3})(\d{7})', '\1-\2', '0\1'),
    (60, false, 1, '[4-79]', '(\d)(\d{3})(\d{4})', '\1-\2 \3', '0\1'),
    (60, false, 2, '1(?:[02469]|[37][1-9]|53|8(?:[1-46-9]|5[7-9]))|8', '(\d{2})(\d{3})(\d{3,4})', '\1-\2 \3', '0\1'),
    (60, false, 3, '3', '(\d)(\d{4})(\d{4})', '\1-\2 \3', '0\1'),
    (60, false, 4, '1(?:[367]|80)', '(\d)(\d{3})(\d{2})(\d{4})', '\1-\2-\3-\4', null),
    (60, false, 5, '15', '(\d{3})(\d{3})(\d{4})', '\1-\2 \3', '0\1'),
    (60, false, 6, '1', '(\d{2})(\d{4})(\d{4})', '\1-\2 \3', '0\1'),
    (61, false, 1, '16', '(\d{2})(\d{3,4})', '\1 \2', '0\1'),
    (61, false, 2, '13', '(\d{2})(\d{2})(\d{2})', '\1 \2 \3', null),
    (61, false, 3, '19', '(\d{3})(\d{3})', '\1 \2', null),
    (61, false, 4, '1802', '(\d{3})(\d{4})', '\1 \2', null),
    (61, false, 5, '19', '(\d{4})(\d{3,4})', '\1 \2', null),
    (61, false, 6, '16', '(\d{2})(\d{3})(\d{2,4})', '\1 \2 \3', '0\1'),
    (61, false, 7, '14|4', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (61, false, 8, '[2378]', '(\d)(\d{4})(\d{4})', '\1 \2 \3', '(0\1)'),
    (61, false, 9, '1(?:30|[89])', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', null),
    (61, false, 10, '130', '(\d{4})(\d{4})(\d{4})', '\1 \2 \3', null),
    (61, true, 1, '16', '(\d{2})(\d{3,4})', '\1 \2', null),
    (61, true, 2, '16', '(\d{2})(\d{3})(\d{2,4})', '\1 \2 \3', null),
    (61, true, 3, '14|4', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (61, true, 4, '[2378]', '(\d)(\d{4})(\d{4})', '\1 \2 \3', null),
    (61, true, 5, '1(?:30|[89])', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', null),
    (62, false, 1, '15', '(\d)(\d{3})(\d{3})', '\1 \2 \3', null),
    (62, false, 2, '2[124]|[36]1', '(\d{2})(\d{5,9})', '\1 \2', '(0\1)'),
    (62, false, 3, '800', '(\d{3})(\d{5,7})', '\1 \2', '0\1'),
    (62, false, 4, '[2-79]', '(\d{3})(\d{5,8})', '\1 \2', '(0\1)'),
    (62, false, 5, '8[1-35-9]', '(\d{3})(\d{3,4})(\d{3})', '\1-\2-\3', '0\1'),
    (62, false, 6, '1', '(\d{3})(\d{6,8})', '\1 \2', '0\1'),
    (62, false, 7, '804', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (62, false, 8, '80', '(\d{3})(\d)(\d{3})(\d{3})', '\1 \2 \3 \4', '0\1'),
    (62, false, 9, '8', '(\d{3})(\d{4})(\d{4,5})', '\1-\2-\3', '0\1'),
    (62, false, 10, '001', '(\d{3})(\d{3})(\d{3})(\d{2,8})', '\1 \2 \3 \4', null),
    (62, false, 11, '0', '(\d{2})(\d{4})(\d{3})(\d{4})', '\1 \2 \3 \4', null),
    (62, true, 1, '15', '(\d)(\d{3})(\d{3})', '\1 \2 \3', null),
    (62, true, 2, '2[124]|[36]1', '(\d{2})(\d{5,9})', '\1 \2', null),
    (62, true, 3, '800', '(\d{3})(\d{5,7})', '\1 \2', null),
    (62, true, 4, '[2-79]', '(\d{3})(\d{5,8})', '\1 \2', null),
    (62, true, 5, '8[1-35-9]', '(\d{3})(\d{3,4})(\d{3})', '\1-\2-\3', null),
    (62, true, 6, '1', '(\d{3})(\d{6,8})', '\1 \2', null),
    (62, true, 7, '804', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (62, true, 8, '80', '(\d{3})(\d)(\d{3})(\d{3})', '\1 \2 \3 \4', null),
    (62, true, 9, '8', '(\d{3})(\d{4})(\d{4,5})', '\1-\2-\3', null),
    (63, false, 1, '2', '(\d)(\d{5})', '\1 \2', '(0\1)'),
    (63, false, 2, '3(?:230|397|461)|4(?:2(?:35|[46]4|51)|396|4(?:22|63)|59[347]|76[15])|5(?:221|446)|642[23]|8(?:622|8(?:[24]2|5[13]))', '(\d{4})(\d{4,6})', '\1 \2', '(0\1)'),
    (63, false, 3, '3469|4(?:279|9(?:30|56))|8834', '(\d{5})(\d{4})', '\1 \2', '(0\1)'),
    (63, false, 4, '2', '(\d)(\d{4})(\d{4})', '\1 \2 \3', '(0\1)'),
    (63, false, 5, '[3-7]|8[2-8]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '(0\1)'),
    (63, false, 6, '[89]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (63, false, 7, '1', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (63, false, 8, '1', '(\d{4})(\d{1,2})(\d{3})(\d{4})', '\1 \2 \3 \4', null),
    (64, false, 1, '8[1-79]', '(\d{2})(\d{3,8})', '\1 \2', '0\1'),
    (64, false, 2, '50(?:[0367]|88)|8|90', '(\d{3})(\d{2})(\d{2,3})', '\1 \2 \3', '0\1'),
    (64, false, 3, '24|[346]|7[2-57-9]|9[2-9]', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (64, false, 4, '2(?:10|74)|[589]', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (64, false, 5, '1|2[028]', '(\d{2})(\d{3,4})(\d{4})', '\1 \2 \3', '0\1'),
    (64, false, 6, '2(?:[169]|7[0-35-9])|7', '(\d{2})(\d{3})(\d{3,5})', '\1 \2 \3', '0\1'),
    (65, false, 1, '1(?:[013-8]|9(?:0[1-9]|[1-9]))|77', '(\d{4,5})', '\1', null),
    (65, false, 2, '[369]|8(?:0[1-9]|[1-9])', '(\d{4})(\d{4})', '\1 \2', null),
    (65, false, 3, '8', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (65, false, 4, '7', '(\d{4})(\d{4})(\d{3})', '\1 \2 \3', null),
    (65, false, 5, '1', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (65, true, 1, '[369]|8(?:0[1-9]|[1-9])', '(\d{4})(\d{4})', '\1 \2', null),
    (65, true, 2, '8', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (65, true, 3, '7', '(\d{4})(\d{4})(\d{3})', '\1 \2 \3', null),
    (65, true, 4, '1', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (66, false, 1, '2', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (66, false, 2, '[13-9]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (66, false, 3, '1', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', null),
    (81, false, 1, '00777[01]', '(\d{4})(\d{4})', '\1-\2', null),
    (81, false, 2, '000', '(\d{8,10})', '\1', null),
    (81, false, 3, '(?:12|57|99)0', '(\d{3})(\d{3})(\d{3})', '\1-\2-\3', '0\1'),
    (81, false, 4, '1(?:267|3(?:7[247]|9[278])|466|5(?:47|58|64)|6(?:3[245]|48|5[4-68]))|499[2468]|5(?:769|979[2-69])|7468|8(?:3(?:8[7-9]|96[2457-9])|477|51[2-9])|9(?:802|9(?:1[23]|69))|1(?:45|58)[67]', '(\d{4})(\d)(\d{4})', '\1-\2-\3', '0\1'),
    (81, false, 5, '60', '(\d{2})(\d{3})(\d{4})', '\1-\2-\3', '0\1'),
    (81, false, 6, '3|4(?:2(?:0|9[02-69])|7(?:0[019]|1))|6[1-9]', '(\d)(\d{4})(\d{4})', '\1-\2-\3', '0\1'),
    (81, false, 7, '1(?:1|5(?:4[018]|5[017])|77|88|9[69])|2(?:2[127]|3[0-269]|4[59]|5(?:[1-3]|5[0-69]|9(?:17|99))|6(?:2|4[016-9])|7(?:[1-35]|8[0189])|8(?:[16]|3[0134]|9[0-5])|9(?:[028]|17))|4(?:2(?:[13-79]|8[014-6])|3[0-57]|[45]|6[248]|7[2-47]|9[29])|5(?:2|3(?:[045]|9(?:[0-58]|6[4-9]|7[0-35689]))|4[0-369]|5[29]|8[02389]|9[0-3])|7(?:2[02-46-9]|34|[58]|6[0249]|7[57]|9(?:[23]|4[0-59]|5[01569]|6[0167]))|8(?:2(?:[1258]|4[0-39]|9[0169])|3(?:[29]|60|7(?:[017-9]|6[6-8]))|49|51|6(?:[0-24]|36[2-57-9]|5(?:[0-389]|5[23])|6(?:[01]|9[178])|7(?:2[2-468]|3[78])|9[0145])|7[0-468]|8[68])|9(?:4[15]|5[138]|7[156]|8[189]|9(?:[1289]|3(?:31|4[357])|4[0178]))|(?:8294|96)[1-3]|2(?:57|93)[015-9]|(?:223|8699)[014-9]|(?:25[0468]|422|838)[01]|(?:48|8292|9[23])[1-9]|(?:47[59]|59[89]|8(?:68|9))[019]', '(\d{2})(\d{3})(\d{4})', '\1-\2-\3', '0\1'),
    (81, false, 8, '[14]|[289][2-9]|5[3-9]|7[2-4679]', '(\d{3})(\d{2})(\d{4})', '\1-\2-\3', '0\1'),
    (81, false, 9, '0077', '(\d{4})(\d{2})(\d{3,4})', '\1-\2-\3', null),
    (81, false, 10, '008', '(\d{4})(\d{2})(\d{4})', '\1-\2-\3', null),
    (81, false, 11, '800', '(\d{3})(\d{3})(\d{4})', '\1-\2-\3', '0\1'),
    (81, false, 12, '[25-9]', '(\d{2})(\d{4})(\d{4})', '\1-\2-\3', '0\1'),
    (81, false, 13, '0', '(\d{4})(\d{3})(\d{3,4})', '\1-\2-\3', null),
    (81, false, 14, '0', '(\d{4})(\d{4})(\d{4,5})', '\1-\2-\3', null),
    (81, false, 15, '0', '(\d{4})(\d{5})(\d{5,6})', '\1-\2-\3', null),
    (81, false, 16, '0', '(\d{4})(\d{6})(\d{6,7})', '\1-\2-\3', null),
    (81, true, 1, '(?:12|57|99)0', '(\d{3})(\d{3})(\d{3})', '\1-\2-\3', null),
    (81, true, 2, '1(?:267|3(?:7[247]|9[278])|466|5(?:47|58|64)|6(?:3[245]|48|5[4-68]))|499[2468]|5(?:769|979[2-69])|7468|8(?:3(?:8[7-9]|96[2457-9])|477|51[2-9])|9(?:802|9(?:1[23]|69))|1(?:45|58)[67]', '(\d{4})(\d)(\d{4})', '\1-\2-\3', null),
    (81, true, 3, '60', '(\d{2})(\d{3})(\d{4})', '\1-\2-\3', null),
    (81, true, 4, '3|4(?:2(?:0|9[02-69])|7(?:0[019]|1))|6[1-9]', '(\d)(\d{4})(\d{4})', '\1-\2-\3', null),
    (81, true, 5, '1(?:1|5(?:4[018]|5[017])|77|88|9[69])|2(?:2[127]|3[0-269]|4[59]|5(?:[1-3]|5[0-69]|9(?:17|99))|6(?:2|4[016-9])|7(?:[1-35]|8[0189])|8(?:[16]|3[0134]|9[0-5])|9(?:[028]|17))|4(?:2(?:[13-79]|8[014-6])|3[0-57]|[45]|6[248]|7[2-47]|9[29])|5(?:2|3(?:[045]|9(?:[0-58]|6[4-9]|7[0-35689]))|4[0-369]|5[29]|8[02389]|9[0-3])|7(?:2[02-46-9]|34|[58]|6[0249]|7[57]|9(?:[23]|4[0-59]|5[01569]|6[0167]))|8(?:2(?:[1258]|4[0-39]|9[0169])|3(?:[29]|60|7(?:[017-9]|6[6-8]))|49|51|6(?:[0-24]|36[2-57-9]|5(?:[0-389]|5[23])|6(?:[01]|9[178])|7(?:2[2-468]|3[78])|9[0145])|7[0-468]|8[68])|9(?:4[15]|5[138]|7[156]|8[189]|9(?:[1289]|3(?:31|4[357])|4[0178]))|(?:8294|96)[1-3]|2(?:57|93)[015-9]|(?:223|8699)[014-9]|(?:25[0468]|422|838)[01]|(?:48|8292|9[23])[1-9]|(?:47[59]|59[89]|8(?:68|9))[019]', '(\d{2})(\d{3})(\d{4})', '\1-\2-\3', null),
    (81, true, 6, '[14]|[289][2-9]|5[3-9]|7[2-4679]', '(\d{3})(\d{2})(\d{4})', '\1-\2-\3', null),
    (81, true, 7, '800', '(\d{3})(\d{3})(\d{4})', '\1-\2-\3', null),
    (81, true, 8, '[25-9]', '(\d{2})(\d{4})(\d{4})', '\1-\2-\3', null),
    (82, false, 1, '1[016-9]114', '(\d{5})', '\1', '0\1'),
    (82, false, 2, '(?:3[1-3]|[46][1-4]|5[1-5])1', '(\d{2})(\d{3,4})', '\1-\2', '0\1'),
    (82, false, 3, '1', '(\d{4})(\d{4})', '\1-\2', null),
    (82, false, 4, '2', '(\d)(\d{3,4})(\d{4})', '\1-\2-\3', '0\1'),
    (82, false, 5, '[36]0|8', '(\d{2})(\d{3})(\d{4})', '\1-\2-\3', '0\1'),
    (82, false, 6, '[1346]|5[1-5]', '(\d{2})(\d{3,4})(\d{4})', '\1-\2-\3', '0\1'),
    (82, false, 7, '[57]', '(\d{2})(\d{4})(\d{4})', '\1-\2-\3', '0\1'),
    (82, false, 8, '0030', '(\d{5})(\d{3})(\d{3})', '\1 \2 \3', null),
    (82, false, 9, '5', '(\d{2})(\d{5})(\d{4})', '\1-\2-\3', '0\1'),
    (82, false, 10, '0', '(\d{5})(\d{3,4})(\d{4})', '\1 \2 \3', null),
    (82, false, 11, '0', '(\d{5})(\d{2})(\d{3})(\d{4})', '\1 \2 \3 \4', null),
    (82, true, 1, '(?:3[1-3]|[46][1-4]|5[1-5])1', '(\d{2})(\d{3,4})', '\1-\2', null),
    (82, true, 2, '1', '(\d{4})(\d{4})', '\1-\2', null),
    (82, true, 3, '2', '(\d)(\d{3,4})(\d{4})', '\1-\2-\3', null),
    (82, true, 4, '[36]0|8', '(\d{2})(\d{3})(\d{4})', '\1-\2-\3', null),
    (82, true, 5, '[1346]|5[1-5]', '(\d{2})(\d{3,4})(\d{4})', '\1-\2-\3', null),
    (82, true, 6, '[57]', '(\d{2})(\d{4})(\d{4})', '\1-\2-\3', null),
    (82, true, 7, '5', '(\d{2})(\d{5})(\d{4})', '\1-\2-\3', null),
    (84, false, 1, '[17]99', '(\d{3})(\d{4})', '\1 \2', '0\1'),
    (84, false, 2, '69', '(\d{3})(\d{4,5})', '\1 \2', '0\1'),
    (84, false, 3, '1(?:2[02]|[89])', '(\d{4})(\d{4,6})', '\1 \2', null),
    (84, false, 4, '1[26]|6', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (84, false, 5, '[1357-9]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (84, false, 6, '2[48]', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', '0\1'),
    (84, false, 7, '2', '(\d{3})(\d{4})(\d{3})', '\1 \2 \3', '0\1'),
    (84, true, 1, '1(?:2[02]|[89])', '(\d{4})(\d{4,6})', '\1 \2', null),
    (84, true, 2, '1[26]|6', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (84, true, 3, '[1357-9]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (84, true, 4, '2[48]', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', null),
    (84, true, 5, '2', '(\d{3})(\d{4})(\d{3})', '\1 \2 \3', null),
    (86, false, 1, '1(?:00|2(?:1|395))|9[56]', '(\d{5,6})', '\1', null),
    (86, false, 2, '[1-9]123', '(\d{5,6})', '\1', null),
    (86, false, 3, '10100', '(\d{2})(\d{5})', '\1 \2', '0\1'),
    (86, false, 4, '10(?:123|9[56])|2[0-57-9](?:1(?:00|23)|9[56])|(?:3(?:[15]\d|35|49|7[0-79]|9[1-68])|4(?:1[125-9]|2[179]|[35][1-9]|6[47-9]|7\d|8[23])|5(?:[1357]\d|2[37]|4[36]|6[1-46]|80|9[1-9])|6(?:3[1-35]|6[0238]|9[12])|7(?:01|[1579]\d|2[248]|3[014-9]|4[3-6]|6[023689])|8(?:1[236-8]|2[5-7]|[37]\d|5[14-9]|8[36-8]|9[1-8])|9(?:0[1-3689]|1[1-79]|3\d|4[13]|5[1-5]|7[0-79]|9[0-35-9]))123', '(\d{2})(\d{5,6})', '\1 \2', '0\1'),
    (86, false, 5, '1[1-9]|26|3(?:[0268]|3[0-46-9]|4[0-8]|78|9[079])|4(?:[049]|1[034]|2[02-68]|[35]0|6[0-356]|8[014-9])|5(?:0|2[0-24-689]|4[0-2457-9]|6[057-9]|8[1-9]|90)|6(?:[0-24578]|3[046-9]|6[14-79]|9[03-9])|7(?:0[02-9]|2[0135-79]|3[23]|4[0-27-9]|6[1457]|8)|8(?:[046]|1[01459]|2[0-489]|5[023]|8[0-2459]|9[09])|9(?:0[0457]|1[08]|[268]|4[024-9]|5[06-9]|78|94)|(?:10|2[0-57-9])(?:[02-8]|1(?:0[1-9]|[13-9]|2[0-24-9])|9[0-47-9])|(?:3(?:[15]\d|35|49|7[0-79]|9[1-68])|4(?:1[125-9]|2[179]|[35][1-9]|6[47-9]|7\d|8[23])|5(?:[1357]\d|2[37]|4[36]|6[1-46]|80|9[1-9])|6(?:3[1-35]|6[0238]|9[12])|7(?:01|[1579]\d|2[248]|3[014-9]|4[3-6]|6[023689])|8(?:1[236-8]|2[5-7]|[37]\d|5[14-9]|8[36-8]|9[1-8])|9(?:0[1-3689]|1[1-79]|3\d|4[13]|5[1-5]|7[0-79]|9[0-35-9]))(?:[02-9]|1(?:[013-9]|2[0-24-9]))', '(\d{3})(\d{4})', '\1 \2', null),
    (86, false, 6, '1010', '(\d{4})(\d{4})', '\1 \2', null),
    (86, false, 7, '16[08]', '(\d{4})(\d{4})', '\1 \2', null),
    (86, false, 8, '106(?:[268]|[39][0-49])', '(\d{8,9})', '\1', null),
    (86, false, 9, '(?:3(?:[15]\d|35|49|7[0-79]|9[1-68])|4(?:1[125-9]|2[179]|[35][1-9]|6[47-9]|7\d|8[23])|5(?:[1357]\d|2[37]|4[36]|6[1-46]|80|9[1-9])|6(?:3[1-35]|6[0238]|9[12])|7(?:01|[1579]\d|2[248]|3[014-9]|4[3-6]|6[023689])|8(?:1[236-8]|2[5-7]|[37]\d|5[14-9]|8[36-8]|9[1-8])|9(?:0[1-3689]|1[1-79]|[379]\d|4[13]|5[1-5]))(?:100|9[56])', '(\d{3})(\d{5,6})', '\1 \2', '0\1'),
    (86, false, 10, '1(?:0(?:[02-578]|1[1-9]|6(?:[01457]|[39][5-8])|9[0-47-9])|[1-9])|2(?:[0-57-9](?:[0-8]|9[0-47-9])|6)|3(?:[0268]|3[0-46-9]|4[0-8]|78|9[079])|4(?:[049]|1[034]|2[02-68]|[35]0|6[0-356]|8[014-9])|5(?:0|2[0-24-689]|4[0-2457-9]|6[057-9]|8[1-9]|90)|6(?:[0-24578]|3[046-9]|6[14-79]|9[03-9])|7(?:0[02-9]|2[0135-79]|3[23]|4[0-27-9]|6[1457]|8)|8(?:[046]|1[01459]|2[0-489]|5[023]|8[0-2459]|9[09])|9(?:0[0457]|1[08]|[268]|4[024-9]|5[06-9])|(?:3(?:[15]\d|35|49|7[0-79]|9[1-68])|4(?:1[125-9]|2[179]|[35][1-9]|6[47-9]|7\d|8[23])|5(?:[1357]\d|2[37]|4[36]|6[1-46]|80|9[1-9])|6(?:3[1-35]|6[0238]|9[12])|7(?:01|[1579]\d|2[248]|3[014-9]|4[3-6]|6[023689])|8(?:1[236-8]|2[5-7]|[37]\d|5[14-9]|8[36-8]|9[1-8])|9(?:0[1-3689]|1[1-79]|[379]\d|4[13]|5[1-5]))(?:[02-8]|1(?:0[1-9]|[1-9])|9[0-47-9])', '(\d{4})(\d{4})', '\1 \2', null),
    (86, false, 11, '[48]0', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (86, false, 12, '10[0-79]|2(?:[02-57-9]|1[1-79])|(?:10|21)8(?:0[1-9]|[1-9])', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', '0\1'),
    (86, false, 13, '3(?:[3-59]|7[02-6])|4(?:1[25-9]|[26-8]|3[3-9]|5[2-9])|5(?:3[03-9]|[468]|7[028]|9[2-46-9])|6|7(?:[0-247]|3[04-9]|5[0-4689]|6[2368])|8(?:[1-358]|9[1-7])|9(?:[013479]|5[1-5])|(?:31|55|79|87)[02-9]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (86, false, 14, '9', '(\d{3})(\d{7,8})', '\1 \2', null),
    (86, false, 15, '[3-578]', '(\d{3})(\d{4})(\d{4})', '\1 \2 \3', '0\1'),
    (86, false, 16, '1[3-9]', '(\d{3})(\d{4})(\d{4})', '\1 \2 \3', null),
    (86, false, 17, '106', '(\d{11,12})', '\1', null),
    (86, false, 18, '[12]', '(\d{2})(\d{3})(\d{3})(\d{4})', '\1 \2 \3 \4', '0\1'),
    (86, true, 1, '10100', '(\d{2})(\d{5})', '\1 \2', null),
    (86, true, 2, '10(?:123|9[56])|2[0-57-9](?:1(?:00|23)|9[56])|(?:3(?:[15]\d|35|49|7[0-79]|9[1-68])|4(?:1[125-9]|2[179]|[35][1-9]|6[47-9]|7\d|8[23])|5(?:[1357]\d|2[37]|4[36]|6[1-46]|80|9[1-9])|6(?:3[1-35]|6[0238]|9[12])|7(?:01|[1579]\d|2[248]|3[014-9]|4[3-6]|6[023689])|8(?:1[236-8]|2[5-7]|[37]\d|5[14-9]|8[36-8]|9[1-8])|9(?:0[1-3689]|1[1-79]|3\d|4[13]|5[1-5]|7[0-79]|9[0-35-9]))123', '(\d{2})(\d{5,6})', '\1 \2', null),
    (86, true, 3, '1010', '(\d{4})(\d{4})', '\1 \2', null),
    (86, true, 4, '(?:3(?:[15]\d|35|49|7[0-79]|9[1-68])|4(?:1[125-9]|2[179]|[35][1-9]|6[47-9]|7\d|8[23])|5(?:[1357]\d|2[37]|4[36]|6[1-46]|80|9[1-9])|6(?:3[1-35]|6[0238]|9[12])|7(?:01|[1579]\d|2[248]|3[014-9]|4[3-6]|6[023689])|8(?:1[236-8]|2[5-7]|[37]\d|5[14-9]|8[36-8]|9[1-8])|9(?:0[1-3689]|1[1-79]|[379]\d|4[13]|5[1-5]))(?:100|9[56])', '(\d{3})(\d{5,6})', '\1 \2', null),
    (86, true, 5, '[48]0', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (86, true, 6, '10[0-79]|2(?:[02-57-9]|1[1-79])|(?:10|21)8(?:0[1-9]|[1-9])', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', null),
    (86, true, 7, '3(?:[3-59]|7[02-6])|4(?:1[25-9]|[26-8]|3[3-9]|5[2-9])|5(?:3[03-9]|[468]|7[028]|9[2-46-9])|6|7(?:[0-247]|3[04-9]|5[0-4689]|6[2368])|8(?:[1-358]|9[1-7])|9(?:[013479]|5[1-5])|(?:31|55|79|87)[02-9]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (86, true, 8, '9', '(\d{3})(\d{7,8})', '\1 \2', null),
    (86, true, 9, '[3-578]', '(\d{3})(\d{4})(\d{4})', '\1 \2 \3', null),
    (86, true, 10, '1[3-9]', '(\d{3})(\d{4})(\d{4})', '\1 \2 \3', null),
    (86, true, 11, '[12]', '(\d{2})(\d{3})(\d{3})(\d{4})', '\1 \2 \3 \4', null),
    (90, false, 1, '444', '(\d{3})(\d)(\d{3})', '\1 \2 \3', null),
    (90, false, 2, '512|8[01589]|90', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (90, false, 3, '5', '(\d{3})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (90, false, 4, '[24][1-8]|3[1-9]', '(\d{3})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '(0\1)'),
    (90, false, 5, '80', '(\d{3})(\d{3})(\d{6,7})', '\1 \2 \3', '0\1'),
    (90, true, 1, '512|8[01589]|90', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (90, true, 2, '5', '(\d{3})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (90, true, 3, '[24][1-8]|3[1-9]', '(\d{3})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (90, true, 4, '80', '(\d{3})(\d{3})(\d{6,7})', '\1 \2 \3', null),
    (91, false, 1, '575', '(\d{7})', '\1', null),
    (91, false, 2, '5(?:0|2(?:21|3)|3(?:0|3[23])|616|717|8888)', '(\d{8})', '\1', null),
    (91, false, 3, '1800', '(\d{4})(\d{4,5})', '\1 \2', null),
    (91, false, 4, '140', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (91, false, 5, '11|2[02]|33|4[04]|79(?:[1245]|3(?:[02-9]|1[0-24-9]))|80(?:[2-4]|6[0-589])', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', '0\1'),
    (91, false, 6, '1(?:2[0-24]|3[0-25]|4[145]|[59][14]|6[1-9]|7[1257]|8[1-57-9])|2(?:1[257]|3[013]|4[01]|5[0137]|6[058]|78|8[1568]|9[14])|3(?:26|4[1-3]|5[34]|6[01489]|7[02-46]|8[159])|4(?:1[36]|2[1-47]|3[15]|5[12]|6[0-26-9]|7[0-24-9]|8[013-57]|9[014-7])|5(?:1[025]|22|[36][25]|4[28]|[578]1|9[15])|6(?:12(?:[2-6]|7[0-8])|74[2-7])|7(?:3171|5[15][2-6]|61[346]|88(?:[2-7]|82))|8(?:70[2-6]|84(?:[2356]|7[19])|91(?:[3-6]|7[19]))|73[134][2-6]|8(?:16|2[014]|3[126]|6[136]|7[78]|83)(?:[2-6]|7[19])|(?:1(?:29|60|8[06])|261|552|6(?:[2-4]1|5[17]|6[13]|7(?:1|4[0189])|80)|7(?:12|88[01]))[2-7]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (91, false, 7, '1(?:[2-479]|5(?:[0236-9]|5[013-9]))|[2-5]|6(?:2(?:84|95)|355|8(?:28[235-7]|3))|73179|807(?:1|9[1-3])|(?:1552|6(?:(?:1[1358]|2[2457]|3[2-4]|4[235-7]|5[2-689]|6[24578])\d|7(?:[23569]\d|8[0-57-9])|8(?:[14-6]\d|2[0-79]))|7(?:1(?:[013-8]\d|9[6-9])|3(?:2[0-49]|9[2-57])|5(?:2[1-3]|9[0-6])|6(?:0[5689]|2[5-9]|3[02-8]|4\d|5[0-367])|70[13-7]))[2-7]', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (91, false, 8, '16|[6-9]', '(\d{5})(\d{5})', '\1 \2', '0\1'),
    (91, false, 9, '18[06]0', '(\d{4})(\d{2,4})(\d{4})', '\1 \2 \3', null),
    (91, false, 10, '0', '(\d{3})(\d{3})(\d{3})(\d{4})', '\1 \2 \3 \4', null),
    (91, false, 11, '18', '(\d{4})(\d{3})(\d{3})(\d{3})', '\1 \2 \3 \4', null),
    (91, true, 1, '5(?:0|2(?:21|3)|3(?:0|3[23])|616|717|8888)', '(\d{8})', '\1', null),
    (91, true, 2, '1800', '(\d{4})(\d{4,5})', '\1 \2', null),
    (91, true, 3, '140', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (91, true, 4, '11|2[02]|33|4[04]|79(?:[1245]|3(?:[02-9]|1[0-24-9]))|80(?:[2-4]|6[0-589])', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', null),
    (91, true, 5, '1(?:2[0-24]|3[0-25]|4[145]|[59][14]|6[1-9]|7[1257]|8[1-57-9])|2(?:1[257]|3[013]|4[01]|5[0137]|6[058]|78|8[1568]|9[14])|3(?:26|4[1-3]|5[34]|6[01489]|7[02-46]|8[159])|4(?:1[36]|2[1-47]|3[15]|5[12]|6[0-26-9]|7[0-24-9]|8[013-57]|9[014-7])|5(?:1[025]|22|[36][25]|4[28]|[578]1|9[15])|6(?:12(?:[2-6]|7[0-8])|74[2-7])|7(?:3171|5[15][2-6]|61[346]|88(?:[2-7]|82))|8(?:70[2-6]|84(?:[2356]|7[19])|91(?:[3-6]|7[19]))|73[134][2-6]|8(?:16|2[014]|3[126]|6[136]|7[78]|83)(?:[2-6]|7[19])|(?:1(?:29|60|8[06])|261|552|6(?:[2-4]1|5[17]|6[13]|7(?:1|4[0189])|80)|7(?:12|88[01]))[2-7]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (91, true, 6, '1(?:[2-479]|5(?:[0236-9]|5[013-9]))|[2-5]|6(?:2(?:84|95)|355|8(?:28[235-7]|3))|73179|807(?:1|9[1-3])|(?:1552|6(?:(?:1[1358]|2[2457]|3[2-4]|4[235-7]|5[2-689]|6[24578])\d|7(?:[23569]\d|8[0-57-9])|8(?:[14-6]\d|2[0-79]))|7(?:1(?:[013-8]\d|9[6-9])|3(?:2[0-49]|9[2-57])|5(?:2[1-3]|9[0-6])|6(?:0[5689]|2[5-9]|3[02-8]|4\d|5[0-367])|70[13-7]))[2-7]', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', null),
    (91, true, 7, '16|[6-9]', '(\d{5})(\d{5})', '\1 \2', null),
    (91, true, 8, '18[06]0', '(\d{4})(\d{2,4})(\d{4})', '\1 \2 \3', null),
    (91, true, 9, '18', '(\d{4})(\d{3})(\d{3})(\d{3})', '\1 \2 \3 \4', null),
    (92, false, 1, '[89]0', '(\d{3})(\d{3})(\d{2,7})', '\1 \2 \3', '0\1'),
    (92, false, 2, '1', '(\d{4})(\d{5})', '\1 \2', null),
    (92, false, 3, '9(?:2[3-8]|98)|(?:2(?:3[2358]|4[2-4]|9[2-8])|45[3479]|54[2-467]|60[468]|72[236]|8(?:2[2-689]|3[23578]|4[3478]|5[2356])|9(?:22|3[27-9]|4[2-6]|6[3569]|9[25-7]))[2-9]', '(\d{3})(\d{6,7})', '\1 \2', '(0\1)'),
    (92, false, 4, '(?:2[125]|4[0-246-9]|5[1-35-7]|6[1-8]|7[14]|8[16]|91)[2-9]', '(\d{2})(\d{7,8})', '\1 \2', '(0\1)'),
    (92, false, 5, '58', '(\d{5})(\d{5})', '\1 \2', '(0\1)'),
    (92, false, 6, '3', '(\d{3})(\d{7})', '\1 \2', '0\1'),
    (92, false, 7, '2[125]|4[0-246-9]|5[1-35-7]|6[1-8]|7[14]|8[16]|91', '(\d{2})(\d{3})(\d{3})(\d{3})', '\1 \2 \3 \4', '(0\1)'),
    (92, false, 8, '[24-9]', '(\d{3})(\d{3})(\d{3})(\d{3})', '\1 \2 \3 \4', '(0\1)'),
    (93, false, 1, '[1-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (93, false, 2, '[2-7]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (93, true, 1, '[2-7]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (94, false, 1, '7', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (94, false, 2, '[1-689]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (95, false, 1, '16|2', '(\d)(\d{2})(\d{3})', '\1 \2 \3', '0\1'),
    (95, false, 2, '4(?:[2-46]|5[3-5])|5|6(?:[1-689]|7[235-7])|7(?:[0-4]|5[2-7])|8[1-5]|(?:60|86)[23]', '(\d{2})(\d{2})(\d{3})', '\1 \2 \3', '0\1'),
    (95, false, 3, '[12]|452|6788|86', '(\d)(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (95, false, 4, '[4-7]|8[1-35]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (95, false, 5, '9(?:2[0-4]|[35-9]|4[137-9])', '(\d)(\d{3})(\d{4,6})', '\1 \2 \3', '0\1'),
    (95, false, 6, '2', '(\d)(\d{4})(\d{4})', '\1 \2 \3', '0\1'),
    (95, false, 7, '8', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (95, false, 8, '92', '(\d)(\d{3})(\d{3})(\d{3})', '\1 \2 \3 \4', '0\1'),
    (95, false, 9, '9', '(\d)(\d{5})(\d{4})', '\1 \2 \3', '0\1'),
    (98, false, 1, '96', '(\d{4,5})', '\1', '0\1'),
    (98, false, 2, '(?:1[137]|2[13-68]|3[1458]|4[145]|5[1468]|6[16]|7[1467]|8[13467])[12689]', '(\d{2})(\d{4,5})', '\1 \2', '0\1'),
    (98, false, 3, '9', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (98, false, 4, '[1-8]', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', '0\1'),
    (211, false, 1, '[19]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (212, false, 1, '892', '(\d{4})(\d{5})', '\1-\2', '0\1'),
    (212, false, 2, '8(?:0[0-7]|9)', '(\d{2})(\d{7})', '\1-\2', '0\1'),
    (212, false, 3, '[5-8]', '(\d)(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4 \5', '0\1'),
    (213, false, 1, '[1-4]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (213, false, 2, '9', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (213, false, 3, '[5-8]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (216, false, 1, '[2-57-9]', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', null),
    (218, false, 1, '[2-9]', '(\d{2})(\d{7})', '\1-\2', '0\1'),
    (220, false, 1, '[235-9]|4(?:[0-35]|4[16-9])', '(\d{3})(\d{4})', '\1 \2', null),
    (220, false, 2, '[48]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (221, false, 1, '8', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (221, false, 2, '[379]', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (222, false, 1, '[2-48]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (223, false, 1, '67(?:0[09]|[59]9|77|8[89])|74(?:0[02]|44|55)', '(\d{4})', '\1', null),
    (223, false, 2, '[24-9]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (223, true, 1, '[24-9]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (224, false, 1, '3', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (224, false, 2, '[67]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (225, false, 1, '2', '(\d{2})(\d{2})(\d)(\d{5})', '\1 \2 \3 \4', null),
    (225, false, 2, '0', '(\d{2})(\d{2})(\d{2})(\d{4})', '\1 \2 \3 \4', null),
    (226, false, 1, '[024-7]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (227, false, 1, '08', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', null),
    (227, false, 2, '[089]|2[013]|7[0467]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (228, false, 1, '[279]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (229, false, 1, '0', '(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4 \5', null),
    (230, false, 1, '[2-46]|8[013]', '(\d{3})(\d{4})', '\1 \2', null),
    (230, false, 2, '[57]', '(\d{4})(\d{4})', '\1 \2', null),
    (230, false, 3, '8', '(\d{5})(\d{5})', '\1 \2', null),
    (231, false, 1, '4[67]|[56]', '(\d)(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (231, false, 2, '2', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (231, false, 3, '[2-578]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (232, false, 1, '[236-9]', '(\d{2})(\d{6})', '\1 \2', '(0\1)'),
    (233, false, 1, '[236-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (233, false, 2, '8', '(\d{3})(\d{5})', '\1 \2', '0\1'),
    (233, false, 3, '[2358]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (233, true, 1, '8', '(\d{3})(\d{5})', '\1 \2', null),
    (233, true, 2, '[2358]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (234, false, 1, '[7-9]', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (234, false, 2, '20[129]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (234, false, 3, '2', '(\d{4})(\d{2})(\d{4})', '\1 \2 \3', '0\1'),
    (234, false, 4, '[78]', '(\d{3})(\d{4})(\d{4,5})', '\1 \2 \3', '0\1'),
    (234, false, 5, '[78]', '(\d{3})(\d{5})(\d{5,6})', '\1 \2 \3', '0\1'),
    (235, false, 1, '[236-9]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (236, false, 1, '[26-8]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (237, false, 1, '88', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (237, false, 2, '[26]|88', '(\d)(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4 \5', null),
    (238, false, 1, '[2-589]', '(\d{3})(\d{2})(\d{2})', '\1 \2 \3', null),
    (239, false, 1, '[29]', '(\d{3})(\d{4})', '\1 \2', null),
    (240, false, 1, '[235]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (240, false, 2, '[89]', '(\d{3})(\d{6})', '\1 \2', null),
    (241, false, 1, '[2-7]', '(\d)(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (241, false, 2, '0', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (241, false, 3, '11|[67]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (242, false, 1, '8', '(\d)(\d{4})(\d{4})', '\1 \2 \3', null),
    (242, false, 2, '[02]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (243, false, 1, '88', '(\d{2})(\d{2})(\d{3})', '\1 \2 \3', '0\1'),
    (243, false, 2, '[1-6]', '(\d{2})(\d{5})', '\1 \2', '0\1'),
    (243, false, 3, '2', '(\d{2})(\d{2})(\d{4})', '\1 \2 \3', '0\1'),
    (243, false, 4, '1', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (243, false, 5, '[89]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (243, false, 6, '5', '(\d{2})(\d{2})(\d{3})(\d{3})', '\1 \2 \3 \4', '0\1'),
    (244, false, 1, '[29]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (245, false, 1, '40', '(\d{3})(\d{4})', '\1 \2', null),
    (245, false, 2, '[49]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (246, false, 1, '3', '(\d{3})(\d{4})', '\1 \2', null),
    (248, false, 1, '[246]|9[57]', '(\d)(\d{3})(\d{3})', '\1 \2 \3', null),
    (249, false, 1, '[19]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (250, false, 1, '0', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (250, false, 2, '2', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (250, false, 3, '[7-9]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (251, false, 1, '[1-57-9]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (252, false, 1, '8[125]', '(\d{2})(\d{4})', '\1 \2', null),
    (252, false, 2, '[134]', '(\d{6})', '\1', null),
    (252, false, 3, '[15]|2[0-79]|3[0-46-8]|4[0-7]', '(\d)(\d{6})', '\1 \2', null),
    (252, false, 4, '1|28|9[2-9]', '(\d{2})(\d{5,7})', '\1 \2', null),
    (252, false, 5, '[267]|904', '(\d)(\d{7})', '\1 \2', null),
    (252, false, 6, '[346-9]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (253, false, 1, '[27]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (254, false, 1, '[24-6]', '(\d{2})(\d{5,7})', '\1 \2', '0\1'),
    (254, false, 2, '[17]', '(\d{3})(\d{6})', '\1 \2', '0\1'),
    (254, false, 3, '[89]', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (255, false, 1, '[89]', '(\d{3})(\d{2})(\d{4})', '\1 \2 \3', '0\1'),
    (255, false, 2, '[24]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (255, false, 3, '5', '(\d{2})(\d{7})', '\1 \2', null),
    (255, false, 4, '[67]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (256, false, 1, '20240', '(\d{4})(\d{5})', '\1 \2', '0\1'),
    (256, false, 2, '20(?:[0135-7]|2[5-9])|4(?:6[45]|[7-9])|[7-9]', '(\d{3})(\d{6})', '\1 \2', '0\1'),
    (256, false, 3, '[2-4]', '(\d{2})(\d{7})', '\1 \2', '0\1'),
    (257, false, 1, '[2367]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (258, false, 1, '2|8[2-9]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (258, false, 2, '8', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (260, false, 1, '[1-9]', '(\d{3})(\d{3})', '\1 \2', null),
    (260, false, 2, '[28]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (260, false, 3, '[579]', '(\d{2})(\d{7})', '\1 \2', '0\1'),
    (260, true, 1, '[28]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (260, true, 2, '[579]', '(\d{2})(\d{7})', '\1 \2', null),
    (261, false, 1, '[23]', '(\d{2})(\d{2})(\d{3})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (262, false, 1, '[26-9]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (263, false, 1, '80', '(\d{3})(\d{4})', '\1 \2', '0\1'),
    (263, false, 2, '29[013-9]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (263, false, 3, '[256]|39|8[13-59]', '(\d{2})(\d{7})', '\1 \2', '(0\1)'),
    (263, false, 4, '7', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (263, false, 5, '3', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (263, false, 6, '8', '(\d{4})(\d{6})', '\1 \2', '0\1'),
    (264, false, 1, '88', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (264, false, 2, '6', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (264, false, 3, '87', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (264, false, 4, '8', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (265, false, 1, '1[2-9]', '(\d)(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (265, false, 2, '[1-37-9]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (266, false, 1, '[2568]', '(\d{4})(\d{4})', '\1 \2', null),
    (267, false, 1, '90', '(\d{2})(\d{5})', '\1 \2', null),
    (267, false, 2, '[2-6]', '(\d{3})(\d{4})', '\1 \2', null),
    (267, false, 3, '7', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', null),
    (267, false, 4, '0', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', null),
    (267, false, 5, '8', '(\d{3})(\d{4})(\d{3})', '\1 \2 \3', null),
    (268, false, 1, '[0237]', '(\d{4})(\d{4})', '\1 \2', null),
    (268, false, 2, '9', '(\d{5})(\d{4})', '\1 \2', null),
    (269, false, 1, '[3478]', '(\d{3})(\d{2})(\d{2})', '\1 \2 \3', null),
    (291, false, 1, '[178]', '(\d)(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (297, false, 1, '[25-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (298, false, 1, '[2-9]', '(\d{2})(\d{2})(\d{2})', '\1 \2 \3', null),
    (299, false, 1, '19|[2-9]', '(\d{2})(\d{2})(\d{2})', '\1 \2 \3', null),
    (350, false, 1, '2', '(\d{3})(\d{5})', '\1 \2', null),
    (351, false, 1, '2[12]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (351, false, 2, '16|[236-9]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (352, false, 1, '2(?:0[2-689]|[2-9])|[3-57]|8(?:0[2-9]|[13-9])|9(?:0[89]|[2-579])', '(\d{2})(\d{3})', '\1 \2', null),
    (352, false, 2, '2(?:0[2-689]|[2-9])|[3-57]|8(?:0[2-9]|[13-9])|9(?:0[89]|[2-579])', '(\d{2})(\d{2})(\d{2})', '\1 \2 \3', null),
    (352, false, 3, '20[2-689]', '(\d{2})(\d{2})(\d{3})', '\1 \2 \3', null),
    (352, false, 4, '20', '(\d{2})(\d{2})(\d{2})(\d{1,2})', '\1 \2 \3 \4', null),
    (352, false, 5, '[3-57]|8[13-9]|9(?:0[89]|[2-579])|(?:2|80)[2-9]', '(\d{2})(\d{2})(\d{2})(\d{1,5})', '\1 \2 \3 \4', null),
    (352, false, 6, '80[01]|90[015]', '(\d{3})(\d{2})(\d{3})', '\1 \2 \3', null),
    (352, false, 7, '20', '(\d{2})(\d{2})(\d{2})(\d{3})', '\1 \2 \3 \4', null),
    (352, false, 8, '6', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (352, false, 9, '20', '(\d{2})(\d{2})(\d{2})(\d{2})(\d{1,2})', '\1 \2 \3 \4 \5', null),
    (353, false, 1, '2[24-9]|47|58|6[237-9]|9[35-9]', '(\d{2})(\d{5})', '\1 \2', '(0\1)'),
    (353, false, 2, '[45]0', '(\d{3})(\d{5})', '\1 \2', '(0\1)'),
    (353, false, 3, '1', '(\d)(\d{3,4})(\d{4})', '\1 \2 \3', '(0\1)'),
    (353, false, 4, '[2569]|4[1-69]|7[14]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '(0\1)'),
    (353, false, 5, '70', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (353, false, 6, '81', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '(0\1)'),
    (353, false, 7, '[78]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (353, false, 8, '1', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', null),
    (353, false, 9, '4', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', '(0\1)'),
    (353, false, 10, '8', '(\d{2})(\d)(\d{3})(\d{4})', '\1 \2 \3 \4', '0\1'),
    (354, false, 1, '[4-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (354, false, 2, '3', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (355, false, 1, '80|9', '(\d{3})(\d{3,4})', '\1 \2', '0\1'),
    (355, false, 2, '4[2-6]', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (355, false, 3, '[2358][2-5]|4', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (355, false, 4, '[23578]', '(\d{3})(\d{5})', '\1 \2', '0\1'),
    (355, false, 5, '6', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (356, false, 1, '[2357-9]', '(\d{4})(\d{4})', '\1 \2', null),
    (357, false, 1, '[257-9]', '(\d{2})(\d{6})', '\1 \2', null),
    (358, false, 1, '75[12]', '(\d{5})', '\1', '0\1'),
    (358, false, 2, '20[2-59]', '(\d{5})', '\1', '0\1'),
    (358, false, 3, '11', '(\d{6})', '\1', null),
    (358, false, 4, '(?:[1-3]0|[68])0|70[07-9]', '(\d{3})(\d{3,7})', '\1 \2', '0\1'),
    (358, false, 5, '[14]|2[09]|50|7[135]', '(\d{2})(\d{4,8})', '\1 \2', '0\1'),
    (358, false, 6, '7', '(\d{2})(\d{6,10})', '\1 \2', '0\1'),
    (358, false, 7, '(?:19|[2568])[1-8]|3(?:0[1-9]|[1-9])|9', '(\d)(\d{4,9})', '\1 \2', '0\1'),
    (358, true, 1, '20[2-59]', '(\d{5})', '\1', null),
    (358, true, 2, '(?:[1-3]0|[68])0|70[07-9]', '(\d{3})(\d{3,7})', '\1 \2', null),
    (358, true, 3, '[14]|2[09]|50|7[135]', '(\d{2})(\d{4,8})', '\1 \2', null),
    (358, true, 4, '7', '(\d{2})(\d{6,10})', '\1 \2', null),
    (358, true, 5, '(?:19|[2568])[1-8]|3(?:0[1-9]|[1-9])|9', '(\d)(\d{4,9})', '\1 \2', null),
    (359, false, 1, '1', '(\d{6})', '\1', null),
    (359, false, 2, '2', '(\d)(\d)(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (359, false, 3, '43[1-6]|70[1-9]', '(\d{3})(\d{4})', '\1 \2', '0\1'),
    (359, false, 4, '2', '(\d)(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (359, false, 5, '[356]|4[124-7]|7[1-9]|8[1-6]|9[1-7]', '(\d{2})(\d{3})(\d{2,3})', '\1 \2 \3', '0\1'),
    (359, false, 6, '(?:70|8)0', '(\d{3})(\d{2})(\d{3})', '\1 \2 \3', '0\1'),
    (359, false, 7, '43[1-7]|7', '(\d{3})(\d{3})(\d{2})', '\1 \2 \3', '0\1'),
    (359, false, 8, '[48]|9[08]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (359, false, 9, '9', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (359, true, 1, '2', '(\d)(\d)(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (359, true, 2, '43[1-6]|70[1-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (359, true, 3, '2', '(\d)(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (359, true, 4, '[356]|4[124-7]|7[1-9]|8[1-6]|9[1-7]', '(\d{2})(\d{3})(\d{2,3})', '\1 \2 \3', null),
    (359, true, 5, '(?:70|8)0', '(\d{3})(\d{2})(\d{3})', '\1 \2 \3', null),
    (359, true, 6, '43[1-7]|7', '(\d{3})(\d{3})(\d{2})', '\1 \2 \3', null),
    (359, true, 7, '[48]|9[08]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (359, true, 8, '9', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (370, false, 1, '52[0-7]', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '(0-\1)'),
    (370, false, 2, '[7-9]', '(\d{3})(\d{2})(\d{3})', '\1 \2 \3', '0 \1'),
    (370, false, 3, '37|4(?:[15]|6[1-8])', '(\d{2})(\d{6})', '\1 \2', '(0-\1)'),
    (370, false, 4, '[3-6]', '(\d{3})(\d{5})', '\1 \2', '(0-\1)'),
    (371, false, 1, '[2679]|8[01]', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', null),
    (372, false, 1, '[369]|4[3-8]|5(?:[02]|1(?:[0-8]|95)|5[0-478]|6(?:4[0-4]|5[1-589]))|7[1-9]|88', '(\d{3})(\d{4})', '\1 \2', null),
    (372, false, 2, '[45]|8(?:00[1-9]|[1-49])', '(\d{4})(\d{3,4})', '\1 \2', null),
    (372, false, 3, '7', '(\d{2})(\d{2})(\d{4})', '\1 \2 \3', null),
    (372, false, 4, '8', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', null),
    (373, false, 1, '[89]', '(\d{3})(\d{5})', '\1 \2', '0\1'),
    (373, false, 2, '22|3', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (373, false, 3, '[25-7]', '(\d{3})(\d{2})(\d{3})', '\1 \2 \3', '0\1'),
    (374, false, 1, '[89]0', '(\d{3})(\d{2})(\d{3})', '\1 \2 \3', '0 \1'),
    (374, false, 2, '2|3[12]', '(\d{3})(\d{5})', '\1 \2', '(0\1)'),
    (374, false, 3, '1|47', '(\d{2})(\d{6})', '\1 \2', '(0\1)'),
    (374, false, 4, '[3-9]', '(\d{2})(\d{6})', '\1 \2', '0\1'),
    (375, false, 1, '800', '(\d{3})(\d{3})', '\1 \2', '8 \1'),
    (375, false, 2, '800', '(\d{3})(\d{2})(\d{2,4})', '\1 \2 \3', '8 \1'),
    (375, false, 3, '1(?:5[169]|6(?:3[1-3]|4|5[125])|7(?:1[3-9]|7[0-24-6]|9[2-7]))|2(?:1[35]|2[34]|3[3-5])', '(\d{4})(\d{2})(\d{3})', '\1 \2-\3', '8 0\1'),
    (375, false, 4, '1(?:[56]|7[467])|2[1-3]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2-\3-\4', '8 0\1'),
    (375, false, 5, '[1-4]', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2-\3-\4', '8 0\1'),
    (375, false, 6, '[89]', '(\d{3})(\d{3,4})(\d{4})', '\1 \2 \3', '8 \1'),
    (376, false, 1, '[135-9]', '(\d{3})(\d{3})', '\1 \2', null),
    (376, false, 2, '1', '(\d{4})(\d{4})', '\1 \2', null),
    (376, false, 3, '6', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (377, false, 1, '87', '(\d{3})(\d{3})(\d{2})', '\1 \2 \3', null),
    (377, false, 2, '4', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (377, false, 3, '[389]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (377, false, 4, '[67]', '(\d)(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4 \5', '0\1'),
    (377, true, 1, '4', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', null),
    (377, true, 2, '[389]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (377, true, 3, '[67]', '(\d)(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4 \5', null),
    (378, false, 1, '[89]', '(\d{6})', '\1', null),
    (378, false, 2, '[5-7]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (378, false, 3, '0', '(\d{4})(\d{6})', '\1 \2', null),
    (378, true, 1, '[5-7]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (378, true, 2, '0', '(\d{4})(\d{6})', '\1 \2', null),
    (380, false, 1, '6[12][29]|(?:35|4[1378]|5[12457]|6[49])2|(?:56|65)[24]|(?:3[1-46-8]|46)2[013-9]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (380, false, 2, '3[1-8]|4(?:[1367]|[45][6-9]|8[4-6])|5(?:[1-5]|6(?:[015689]|3[02389])|7[4-6])|6(?:[12][3-7]|[459])', '(\d{4})(\d{5})', '\1 \2', '0\1'),
    (380, false, 3, '[3-7]|89|9[1-9]', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (380, false, 4, '[89]', '(\d{3})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (381, false, 1, '(?:2[389]|39)0|[7-9]', '(\d{3})(\d{3,9})', '\1 \2', '0\1'),
    (381, false, 2, '[1-36]', '(\d{2})(\d{5,10})', '\1 \2', '0\1'),
    (382, false, 1, '[2-9]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (383, false, 1, '[89]', '(\d{3})(\d{5})', '\1 \2', '0\1'),
    (383, false, 2, '[2-4]', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (383, false, 3, '2|39', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (383, false, 4, '3', '(\d{2})(\d{7,10})', '\1 \2', '0\1'),
    (385, false, 1, '6[01]', '(\d{2})(\d{2})(\d{3})', '\1 \2 \3', '0\1'),
    (385, false, 2, '8', '(\d{3})(\d{2})(\d{2,3})', '\1 \2 \3', '0\1'),
    (385, false, 3, '1', '(\d)(\d{4})(\d{3})', '\1 \2 \3', '0\1'),
    (385, false, 4, '6|7[245]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (385, false, 5, '9', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (385, false, 6, '[2-57]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (385, false, 7, '8', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (386, false, 1, '8[09]|9', '(\d{2})(\d{3,6})', '\1 \2', '0\1'),
    (386, false, 2, '59|8', '(\d{3})(\d{5})', '\1 \2', '0\1'),
    (386, false, 3, '[37][01]|4[013]|51|6', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (386, false, 4, '[1-57]', '(\d)(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '(0\1)'),
    (387, false, 1, '[2-9]', '(\d{3})(\d{3})', '\1-\2', null),
    (387, false, 2, '6[1-3]|[7-9]', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (387, false, 3, '[3-5]|6[56]', '(\d{2})(\d{3})(\d{3})', '\1 \2-\3', '0\1'),
    (387, false, 4, '6', '(\d{2})(\d{2})(\d{2})(\d{3})', '\1 \2 \3 \4', '0\1'),
    (387, true, 1, '6[1-3]|[7-9]', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', null),
    (387, true, 2, '[3-5]|6[56]', '(\d{2})(\d{3})(\d{3})', '\1 \2-\3', null),
    (387, true, 3, '6', '(\d{2})(\d{2})(\d{2})(\d{3})', '\1 \2 \3 \4', null),
    (389, false, 1, '2|34[47]|4(?:[37]7|5[47]|64)', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (389, false, 2, '[347]', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (389, false, 3, '[58]', '(\d{3})(\d)(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (420, false, 1, '[2-8]|9[015-7]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (420, false, 2, '96', '(\d{2})(\d{3})(\d{3})(\d{2})', '\1 \2 \3 \4', null),
    (420, false, 3, '9', '(\d{2})(\d{3})(\d{3})(\d{3})', '\1 \2 \3 \4', null),
    (420, false, 4, '9', '(\d{3})(\d{3})(\d{3})(\d{3})', '\1 \2 \3 \4', null),
    (421, false, 1, '21', '(\d)(\d{2})(\d{3,4})', '\1 \2 \3', '0\1'),
    (421, false, 2, '[3-5][1-8]1[67]', '(\d{2})(\d{2})(\d{2,3})', '\1 \2 \3', '0\1'),
    (421, false, 3, '9090', '(\d{4})(\d{3})', '\1 \2', '0\1'),
    (421, false, 4, '2', '(\d)(\d{3})(\d{3})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (421, false, 5, '[689]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (421, false, 6, '[3-5]', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (421, true, 1, '21', '(\d)(\d{2})(\d{3,4})', '\1 \2 \3', null),
    (421, true, 2, '[3-5][1-8]1[67]', '(\d{2})(\d{2})(\d{2,3})', '\1 \2 \3', null),
    (421, true, 3, '2', '(\d)(\d{3})(\d{3})(\d{2})', '\1 \2 \3 \4', null),
    (421, true, 4, '[689]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (421, true, 5, '[3-5]', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (423, false, 1, '[2379]|8(?:0(?:02|9)|7)', '(\d{3})(\d{2})(\d{2})', '\1 \2 \3', null),
    (423, false, 2, '8', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (423, false, 3, '69', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (423, false, 4, '6', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (501, false, 1, '[2-8]', '(\d{3})(\d{4})', '\1-\2', null),
    (501, false, 2, '0', '(\d)(\d{3})(\d{4})(\d{3})', '\1-\2-\3-\4', null),
    (502, false, 1, '[2-8]', '(\d{4})(\d{4})', '\1 \2', null),
    (502, false, 2, '1', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (503, false, 1, '[89]', '(\d{3})(\d{4})', '\1 \2', null),
    (503, false, 2, '[25-7]', '(\d{4})(\d{4})', '\1 \2', null),
    (503, false, 3, '[89]', '(\d{3})(\d{4})(\d{4})', '\1 \2 \3', null),
    (504, false, 1, '[237-9]', '(\d{4})(\d{4})', '\1-\2', null),
    (504, false, 2, '8', '(\d{3})(\d{4})(\d{4})', '\1 \2 \3', null),
    (504, true, 1, '[237-9]', '(\d{4})(\d{4})', '\1-\2', null),
    (505, false, 1, '[125-8]', '(\d{4})(\d{4})', '\1 \2', null),
    (506, false, 1, '[2-7]|8[3-9]', '(\d{4})(\d{4})', '\1 \2', null),
    (506, false, 2, '[89]', '(\d{3})(\d{3})(\d{4})', '\1-\2-\3', null),
    (507, false, 1, '[1-57-9]', '(\d{3})(\d{4})', '\1-\2', null),
    (507, false, 2, '[68]', '(\d{4})(\d{4})', '\1-\2', null),
    (507, false, 3, '8', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (508, false, 1, '[2-9]', '(\d{2})(\d{2})(\d{2})', '\1 \2 \3', '0\1'),
    (508, false, 2, '7', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (508, false, 3, '8', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (509, false, 1, '[2-589]', '(\d{2})(\d{2})(\d{4})', '\1 \2 \3', null),
    (590, false, 1, '[5-79]|80[6-9]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (590, false, 2, '8', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (591, false, 1, '[23]|4[46]|50', '(\d)(\d{7})', '\1 \2', null),
    (591, false, 2, '[5-7]', '(\d{8})', '\1', null),
    (591, false, 3, '8', '(\d{3})(\d{2})(\d{4})', '\1 \2 \3', null),
    (592, false, 1, '[2-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (593, false, 1, '[2-7]', '(\d{3})(\d{4})', '\1-\2', null),
    (593, false, 2, '[2-7]', '(\d)(\d{3})(\d{4})', '\1 \2-\3', '(0\1)'),
    (593, false, 3, '9', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (593, false, 4, '1', '(\d{4})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (593, true, 1, '[2-7]', '(\d)(\d{3})(\d{4})', '\1-\2-\3', null),
    (593, true, 2, '9', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (593, true, 3, '1', '(\d{4})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (594, false, 1, '[5-7]|80[6-9]|9[47]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (594, false, 2, '[89]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (595, false, 1, '[125]|4[01]', '(\d{6,7})', '\1', null),
    (595, false, 2, '[2-9]0', '(\d{3})(\d{3,6})', '\1 \2', '0\1'),
    (595, false, 3, '3[289]|4[246-8]|61|7[1-3]|8[1-36]', '(\d{2})(\d{5})', '\1 \2', '(0\1)'),
    (595, false, 4, '2[279]|3[13-5]|4[359]|5|6(?:[34]|7[1-46-8])|7[46-8]|85', '(\d{3})(\d{4,5})', '\1 \2', '(0\1)'),
    (595, false, 5, '2[14-68]|3[26-9]|4[1246-8]|6(?:1|75)|7[1-35]|8[1-36]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '(0\1)'),
    (595, false, 6, '87', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (595, false, 7, '9(?:[5-79]|8[1-8])', '(\d{3})(\d{6})', '\1 \2', '0\1'),
    (595, false, 8, '[2-8]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (595, false, 9, '9', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (595, true, 1, '[2-9]0', '(\d{3})(\d{3,6})', '\1 \2', null),
    (595, true, 2, '3[289]|4[246-8]|61|7[1-3]|8[1-36]', '(\d{2})(\d{5})', '\1 \2', null),
    (595, true, 3, '2[279]|3[13-5]|4[359]|5|6(?:[34]|7[1-46-8])|7[46-8]|85', '(\d{3})(\d{4,5})', '\1 \2', null),
    (595, true, 4, '2[14-68]|3[26-9]|4[1246-8]|6(?:1|75)|7[1-35]|8[1-36]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', null),
    (595, true, 5, '87', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (595, true, 6, '9(?:[5-79]|8[1-8])', '(\d{3})(\d{6})', '\1 \2', null),
    (595, true, 7, '[2-8]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (595, true, 8, '9', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (596, false, 1, '[5-79]|8(?:0[6-9]|[36])', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (596, false, 2, '8', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (597, false, 1, '56', '(\d{2})(\d{2})(\d{2})', '\1-\2-\3', null),
    (597, false, 2, '[2-5]', '(\d{3})(\d{3})', '\1-\2', null),
    (597, false, 3, '[6-9]', '(\d{3})(\d{4})', '\1-\2', null),
    (598, false, 1, '21', '(\d{4,5})', '\1', null),
    (598, false, 2, '0', '(\d{3})(\d{3,4})', '\1 \2', null),
    (598, false, 3, '[49]0|8', '(\d{3})(\d{4})', '\1 \2', '0\1'),
    (598, false, 4, '9', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (598, false, 5, '[124]', '(\d{4})(\d{4})', '\1 \2', null),
    (598, false, 6, '0', '(\d{3})(\d{3})(\d{2,4})', '\1 \2 \3', null),
    (598, false, 7, '0', '(\d{3})(\d{3})(\d{3})(\d{2,4})', '\1 \2 \3 \4', null),
    (599, false, 1, '[3467]', '(\d{3})(\d{4})', '\1 \2', null),
    (599, false, 2, '9[4-8]', '(\d)(\d{3})(\d{4})', '\1 \2 \3', null),
    (670, false, 1, '[2-489]|70', '(\d{3})(\d{4})', '\1 \2', null),
    (670, false, 2, '7', '(\d{4})(\d{4})', '\1 \2', null),
    (672, false, 1, '1[0-3]', '(\d{2})(\d{4})', '\1 \2', null),
    (672, false, 2, '[13]', '(\d)(\d{5})', '\1 \2', null),
    (673, false, 1, '[2-578]', '(\d{3})(\d{4})', '\1 \2', null),
    (674, false, 1, '[24-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (675, false, 1, '18|[2-69]|85[02-46-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (675, false, 2, '[78]', '(\d{4})(\d{4})', '\1 \2', null),
    (676, false, 1, '[2-4]|50|6[09]|7[0-24-69]|8[05]', '(\d{2})(\d{3})', '\1-\2', null),
    (676, false, 2, '0', '(\d{4})(\d{3})', '\1 \2', null),
    (676, false, 3, '[5-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (677, false, 1, '6[89]|7|8[4-9]|9(?:[0-8]|9[0-8])', '(\d{2})(\d{5})', '\1 \2', null),
    (678, false, 1, '[57-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (679, false, 1, '[235-9]|45', '(\d{3})(\d{4})', '\1 \2', null),
    (679, false, 2, '0', '(\d{4})(\d{3})(\d{4})', '\1 \2 \3', null),
    (680, false, 1, '[2-9]', '(\d{3})(\d{4})', '\1 \2', null),
    (681, false, 1, '[47-9]', '(\d{2})(\d{2})(\d{2})', '\1 \2 \3', null),
    (681, false, 2, '8', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (682, false, 1, '[2-578]', '(\d{2})(\d{3})', '\1 \2', null),
    (683, false, 1, '8', '(\d{3})(\d{4})', '\1 \2', null),
    (685, false, 1, '[2-5]|6[1-9]', '(\d{5})', '\1', null),
    (685, false, 2, '[68]', '(\d{3})(\d{3,7})', '\1 \2', null),
    (685, false, 3, '7', '(\d{2})(\d{5})', '\1 \2', null),
    (687, false, 1, '5[6-8]', '(\d{3})', '\1', null),
    (687, false, 2, '[02-57-9]', '(\d{2})(\d{2})(\d{2})', '\1.\2.\3', null),
    (687, true, 1, '[02-57-9]', '(\d{2})(\d{2})(\d{2})', '\1.\2.\3', null),
    (688, false, 1, '2', '(\d{2})(\d{3})', '\1 \2', null),
    (688, false, 2, '90', '(\d{2})(\d{4})', '\1 \2', null),
    (688, false, 3, '7', '(\d{2})(\d{5})', '\1 \2', null),
    (689, false, 1, '44', '(\d{2})(\d{2})(\d{2})', '\1 \2 \3', null),
    (689, false, 2, '4|8[7-9]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (689, false, 3, '8', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (691, false, 1, '[389]', '(\d{3})(\d{4})', '\1 \2', null),
    (692, false, 1, '[2-6]', '(\d{3})(\d{4})', '\1-\2', null),
    (800, false, 1, '\d', '(\d{4})(\d{4})', '\1 \2', null),
    (808, false, 1, '[1-9]', '(\d{4})(\d{4})', '\1 \2', null),
    (850, false, 1, '8', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (850, false, 2, '[2-7]', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (850, false, 3, '1', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (852, false, 1, '9003', '(\d{3})(\d{2,5})', '\1 \2', null),
    (852, false, 2, '[2-7]|8[1-4]|9(?:0[1-9]|[1-8])', '(\d{4})(\d{4})', '\1 \2', null),
    (852, false, 3, '8', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (852, false, 4, '9', '(\d{3})(\d{2})(\d{3})(\d{3})', '\1 \2 \3 \4', null),
    (853, false, 1, '0', '(\d{4})(\d{3})', '\1 \2', null),
    (853, false, 2, '[268]', '(\d{4})(\d{4})', '\1 \2', null),
    (855, false, 1, '[1-9]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (855, false, 2, '1', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', null),
    (856, false, 1, '2[13]|3[14]|[4-8]', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (856, false, 2, '3', '(\d{2})(\d{2})(\d{2})(\d{3})', '\1 \2 \3 \4', '0\1'),
    (856, false, 3, '2', '(\d{2})(\d{2})(\d{3})(\d{3})', '\1 \2 \3 \4', '0\1'),
    (870, false, 1, '[235-7]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (878, false, 1, '1', '(\d{2})(\d{5})(\d{5})', '\1 \2 \3', null),
    (880, false, 1, '31[5-8]|[459]1', '(\d{2})(\d{4,6})', '\1-\2', '0\1'),
    (880, false, 2, '3(?:[67]|8[013-9])|4(?:6[168]|7|[89][18])|5(?:6[128]|9)|6(?:[15]|28)|7[2-589]|8(?:0[014-9]|[12])|9[358]|(?:3[2-5]|4[235]|5[2-578]|6[0389]|76|8[3-7]|9[24])1|(?:44|66)[01346-9]', '(\d{3})(\d{3,7})', '\1-\2', '0\1'),
    (880, false, 3, '[13-9]|2[23]', '(\d{4})(\d{3,6})', '\1-\2', '0\1'),
    (880, false, 4, '2', '(\d)(\d{7,8})', '\1-\2', '0\1'),
    (881, false, 1, '[0-37-9]', '(\d)(\d{3})(\d{5})', '\1 \2 \3', null),
    (881, false, 2, '6', '(\d)(\d{3})(\d{5,6})', '\1 \2 \3', null),
    (882, false, 1, '16|342', '(\d{2})(\d{5})', '\1 \2', null),
    (882, false, 2, '49', '(\d{2})(\d{6})', '\1 \2', null),
    (882, false, 3, '1[36]|9', '(\d{2})(\d{2})(\d{4})', '\1 \2 \3', null),
    (882, false, 4, '3[23]', '(\d{2})(\d{4})(\d{3})', '\1 \2 \3', null),
    (882, false, 5, '16', '(\d{2})(\d{3,4})(\d{4})', '\1 \2 \3', null),
    (882, false, 6, '10|23|3(?:[15]|4[57])|4|5[12]', '(\d{2})(\d{4})(\d{4})', '\1 \2 \3', null),
    (882, false, 7, '34', '(\d{3})(\d{4})(\d{4})', '\1 \2 \3', null),
    (882, false, 8, '[1-35]', '(\d{2})(\d{4,5})(\d{5})', '\1 \2 \3', null),
    (883, false, 1, '[14]|2[24-689]|3[02-689]|51[24-9]', '(\d{3})(\d{3})(\d{2,8})', '\1 \2 \3', null),
    (883, false, 2, '510', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', null),
    (883, false, 3, '21', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (883, false, 4, '51[13]', '(\d{4})(\d{4})(\d{4})', '\1 \2 \3', null),
    (883, false, 5, '[235]', '(\d{3})(\d{3})(\d{3})(\d{3})', '\1 \2 \3 \4', null),
    (886, false, 1, '202', '(\d{2})(\d)(\d{4})', '\1 \2 \3', '0\1'),
    (886, false, 2, '826', '(\d{3})(\d{5})', '\1 \2', '0\1'),
    (886, false, 3, '83', '(\d{3})(\d{2})(\d{3})', '\1 \2 \3', '0\1'),
    (886, false, 4, '82', '(\d{2})(\d{2})(\d{4})', '\1 \2 \3', '0\1'),
    (886, false, 5, '[25]0|37|49|8[09]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (886, false, 6, '[23568]|4(?:0[2-48]|[1-478])|(?:400|7)[1-9]', '(\d)(\d{3,4})(\d{4})', '\1 \2 \3', '0\1'),
    (886, false, 7, '[49]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (886, false, 8, '7', '(\d{2})(\d{4})(\d{4,5})', '\1 \2 \3', '0\1'),
    (888, false, 1, null, '(\d{3})(\d{3})(\d{5})', '\1 \2 \3', null),
    (960, false, 1, '[34679]', '(\d{3})(\d{4})', '\1-\2', null),
    (960, false, 2, '[89]', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (961, false, 1, '[13-69]|7(?:[2-57]|62|8[0-6]|9[04-9])|8[02-9]', '(\d)(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (961, false, 2, '[27-9]', '(\d{2})(\d{3})(\d{3})', '\1 \2 \3', null),
    (962, false, 1, '[2356]|87', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '(0\1)'),
    (962, false, 2, '[89]', '(\d{3})(\d{5,6})', '\1 \2', '0\1'),
    (962, false, 3, '70', '(\d{2})(\d{7})', '\1 \2', '0\1'),
    (962, false, 4, '[47]', '(\d)(\d{4})(\d{4})', '\1 \2 \3', '0\1'),
    (963, false, 1, '[1-4]|5[1-3]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (963, false, 2, '[59]', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (964, false, 1, '1', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (964, false, 2, '[2-6]', '(\d{2})(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (964, false, 3, '7', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (965, false, 1, '[169]|2(?:[235]|4[1-35-9])|52', '(\d{4})(\d{3,4})', '\1 \2', null),
    (965, false, 2, '[245]', '(\d{3})(\d{5})', '\1 \2', null),
    (966, false, 1, '9', '(\d{4})(\d{5})', '\1 \2', null),
    (966, false, 2, '1', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (966, false, 3, '5', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (966, false, 4, '8', '(\d{3})(\d{3})(\d{4})', '\1 \2 \3', null),
    (967, false, 1, '[1-6]|7(?:[24-6]|8[0-7])', '(\d)(\d{3})(\d{3,4})', '\1 \2 \3', '0\1'),
    (967, false, 2, '7', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (968, false, 1, '[58]', '(\d{3})(\d{4,6})', '\1 \2', null),
    (968, false, 2, '2', '(\d{2})(\d{6})', '\1 \2', null),
    (968, false, 3, '[179]', '(\d{4})(\d{4})', '\1 \2', null),
    (970, false, 1, '[2489]', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (970, false, 2, '5', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (970, false, 3, '1', '(\d{4})(\d{3})(\d{3})', '\1 \2 \3', null),
    (971, false, 1, '60|8', '(\d{3})(\d{2,9})', '\1 \2', null),
    (971, false, 2, '[236]|[479][2-8]', '(\d)(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (971, false, 3, '[479]', '(\d{3})(\d)(\d{5})', '\1 \2 \3', null),
    (971, false, 4, '5', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', '0\1'),
    (972, false, 1, '125', '(\d{4})(\d{3})', '\1-\2', null),
    (972, false, 2, '121', '(\d{4})(\d{2})(\d{2})', '\1-\2-\3', null),
    (972, false, 3, '[2-489]', '(\d)(\d{3})(\d{4})', '\1-\2-\3', '0\1'),
    (972, false, 4, '[57]', '(\d{2})(\d{3})(\d{4})', '\1-\2-\3', '0\1'),
    (972, false, 5, '12', '(\d{4})(\d{3})(\d{3})', '\1-\2-\3', null),
    (972, false, 6, '159', '(\d{4})(\d{6})', '\1-\2', null),
    (972, false, 7, '1[7-9]', '(\d)(\d{3})(\d{3})(\d{3})', '\1-\2-\3-\4', null),
    (972, false, 8, '15', '(\d{3})(\d{1,2})(\d{3})(\d{4})', '\1-\2 \3-\4', null),
    (973, false, 1, '[13679]|8[02-4679]', '(\d{4})(\d{4})', '\1 \2', null),
    (974, false, 1, '2[136]|8', '(\d{3})(\d{4})', '\1 \2', null),
    (974, false, 2, '[3-7]', '(\d{4})(\d{4})', '\1 \2', null),
    (975, false, 1, '[2-7]', '(\d{3})(\d{3})', '\1 \2', null),
    (975, false, 2, '[2-6]|7[246]|8[2-4]', '(\d)(\d{3})(\d{3})', '\1 \2 \3', null),
    (975, false, 3, '1[67]|[78]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (975, true, 1, '[2-6]|7[246]|8[2-4]', '(\d)(\d{3})(\d{3})', '\1 \2 \3', null),
    (975, true, 2, '1[67]|[78]', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (976, false, 1, '11|2[16]', '(\d{2})(\d{2})(\d{4})', '\1 \2 \3', '0\1'),
    (976, false, 2, '[5-9]', '(\d{4})(\d{4})', '\1 \2', null),
    (976, false, 3, '[12]2[1-3]', '(\d{3})(\d{5,6})', '\1 \2', '0\1'),
    (976, false, 4, '[12](?:27|3[2-8]|4[2-68]|5[1-4689])[0-3]', '(\d{4})(\d{5,6})', '\1 \2', '0\1'),
    (976, false, 5, '[12]', '(\d{5})(\d{4,5})', '\1 \2', '0\1'),
    (977, false, 1, '1[2-6]', '(\d)(\d{7})', '\1-\2', '0\1'),
    (977, false, 2, '1[01]|[2-8]|9(?:[1-59]|[67][2-6])', '(\d{2})(\d{6})', '\1-\2', '0\1'),
    (977, false, 3, '9', '(\d{3})(\d{7})', '\1-\2', null),
    (977, false, 4, '1', '(\d{4})(\d{2})(\d{5})', '\1-\2-\3', null),
    (977, true, 1, '1[2-6]', '(\d)(\d{7})', '\1-\2', null),
    (977, true, 2, '1[01]|[2-8]|9(?:[1-59]|[67][2-6])', '(\d{2})(\d{6})', '\1-\2', null),
    (977, true, 3, '9', '(\d{3})(\d{7})', '\1-\2', null),
    (979, false, 1, '[1359]', '(\d)(\d{4})(\d{4})', '\1 \2 \3', null),
    (992, false, 1, '3317', '(\d{6})(\d)(\d{2})', '\1 \2 \3', null),
    (992, false, 2, '44[02-479]|[34]7', '(\d{3})(\d{2})(\d{4})', '\1 \2 \3', null),
    (992, false, 3, '3(?:[1245]|3[12])', '(\d{4})(\d)(\d{4})', '\1 \2 \3', null),
    (992, false, 4, '\d', '(\d{2})(\d{3})(\d{4})', '\1 \2 \3', null),
    (993, false, 1, '12', '(\d{2})(\d{2})(\d{2})(\d{2})', '\1 \2-\3-\4', '(8 \1)'),
    (993, false, 2, '[1-5]', '(\d{3})(\d)(\d{2})(\d{2})', '\1 \2-\3-\4', '(8 \1)'),
    (993, false, 3, '[67]', '(\d{2})(\d{6})', '\1 \2', '8 \1'),
    (994, false, 1, '[1-9]', '(\d{3})(\d{2})(\d{2})', '\1 \2 \3', null),
    (994, false, 2, '90', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (994, false, 3, '1[28]|2|365(?:4|5[02])|46', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '(0\1)'),
    (994, false, 4, '[13-9]', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (994, true, 1, '90', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (994, true, 2, '1[28]|2|365(?:4|5[02])|46', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (994, true, 3, '[13-9]', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (995, false, 1, '70', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (995, false, 2, '32', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (995, false, 3, '[57]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', null),
    (995, false, 4, '[348]', '(\d{3})(\d{2})(\d{2})(\d{2})', '\1 \2 \3 \4', '0\1'),
    (996, false, 1, '3(?:1[346]|[24-79])', '(\d{4})(\d{5})', '\1 \2', '0\1'),
    (996, false, 2, '[235-79]|88', '(\d{3})(\d{3})(\d{3})', '\1 \2 \3', '0\1'),
    (996, false, 3, '8', '(\d{3})(\d{3})(\d)(\d{2,3})', '\1 \2 \3 \4', '0\1'),
    (998, false, 1, '[235-9]', '(\d{2})(\d{3})(\d{2})(\d{2})', '\1 \2 \3 \4', null)
  ) as f (calling_code, international, ordinal, leading_digits, pattern, format, national_prefix_rule);
$$;

--
-- Name: FUNCTION phone_number_formats(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.phone_number_formats() IS 'Reference data from phonenumbers 9.0.43 (generated): each calling code''s number formats, national and international, in order.';

--
-- Name: phone_number_length_fit(integer, integer[], integer[]); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.phone_number_length_fit(p_length integer, p_possible_lengths integer[], p_local_only_lengths integer[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
begin
  return case
    when p_length = any (p_local_only_lengths) then 'local_only'
    when p_length = p_possible_lengths[1] then 'possible'
    when p_length < p_possible_lengths[1] then 'too_short'
    when p_length > p_possible_lengths[cardinality(p_possible_lengths)] then 'too_long'
    when p_length = any (p_possible_lengths) then 'possible'
    else 'invalid_length'
  end;
end;
$$;

--
-- Name: FUNCTION phone_number_length_fit(p_length integer, p_possible_lengths integer[], p_local_only_lengths integer[]); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.phone_number_length_fit(p_length integer, p_possible_lengths integer[], p_local_only_lengths integer[]) IS 'Fit of a phone number length to possible lengths: local_only, possible, too_short, too_long or invalid_length (phonenumbers'' _test_number_length).';

--
-- Name: public_base_url(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.public_base_url() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return rtrim(booking.package_setting('public_base_url', 'http://localhost:8000'), '/');
end;
$$;

--
-- Name: FUNCTION public_base_url(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.public_base_url() IS 'The package setting public_base_url without trailing slash (SET booking.public_base_url, else public.set_booking_setting, default http://localhost:8000): base of links sent by SMS.';

--
-- Name: random_otp_code(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.random_otp_code() RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_value bigint;
begin
  loop
    v_value := ('x' || encode(extensions.gen_random_bytes(4), 'hex'))::bit(32)::bigint;
    exit when v_value < 4294960000;  -- the largest multiple of 10000 below 2^32
  end loop;
  return lpad((v_value % 10000)::text, 4, '0');
end;
$$;

--
-- Name: FUNCTION random_otp_code(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.random_otp_code() IS 'Uniform 4-digit code from extensions.gen_random_bytes.';

--
-- Name: receive_inbound_sms(uuid[], text, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.receive_inbound_sms(p_org_ids uuid[], p_from text, p_to text, p_body text, p_message_sid text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_action text := booking.sms_keyword_action(p_body);
  v_org_ids uuid[] := array(select distinct u from unnest(p_org_ids) u where u is not null order by u);
  v_org_id uuid;
  v_other uuid;
  v_phone text;
  v_answer json;
begin
  perform booking.assert_service_role();

  if v_action in ('opt_out', 'opt_in') and booking.sms_reply_keyword(p_body) is null then
    foreach v_other in array v_org_ids loop
      v_answer := booking.record_inbound_sms(v_other, p_from, p_body, p_message_sid, p_to);
    end loop;
    return json_build_object('action', coalesce(v_answer ->> 'action', 'none'), 'reply', null, 'org_id', null);
  end if;

  v_org_id := booking.sms_conversation_org(v_org_ids, p_from);
  if v_org_id is null then
    if cardinality(v_org_ids) = 0 then
      return json_build_object('action', 'none', 'reply', null, 'org_id', null);
    end if;
    return json_build_object('action', 'unknown_conversation', 'org_id', null, 'reply',
      'This number sends appointment messages for several clinics. To reach yours, please call the clinic. '
      || 'Reply STOP to opt out. Msg&data rates may apply.');
  end if;

  if v_action = 'opt_in' then
    -- YES: back in at every clinic of the number; a reply at the conversation's.
    foreach v_other in array v_org_ids loop
      continue when v_other = v_org_id;
      select booking.normalize_phone(p_from, o.phone_region) into v_phone
        from booking.organizations o where o.org_id = v_other;
      if v_phone is not null then
        perform booking.record_sms_opt_out(v_other, v_phone, false, upper(btrim(p_body, E' \t\r\n')),
                                           'inbound_keyword');
      end if;
    end loop;
  end if;
  v_answer := booking.record_inbound_sms(v_org_id, p_from, p_body, p_message_sid, p_to);
  return (v_answer::jsonb || jsonb_build_object('org_id', v_org_id))::json;
end;
$$;

--
-- Name: FUNCTION receive_inbound_sms(p_org_ids uuid[], p_from text, p_to text, p_body text, p_message_sid text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.receive_inbound_sms(p_org_ids uuid[], p_from text, p_to text, p_body text, p_message_sid text) IS 'Webhook API: an inbound SMS to a number of the organizations p_org_ids (the signed candidates): STOP/START-type keywords to all of them, anything else to the one clinic of the conversation (the one that last texted the sender, else the only candidate) through booking.record_inbound_sms; none: a neutral help text (TwiML). Returns record_inbound_sms''s answer plus "org_id".';

--
-- Name: recipient_sms_limit(uuid, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.recipient_sms_limit(p_org_id uuid, p_recipient text, p_kind text) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_per_hour integer;
  v_per_day integer;
  v_replies integer;
  v_hour integer;
  v_day integer;
  v_replies_hour integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('booking.sms_recipient:' || p_org_id::text || ':' || p_recipient, 0));
  select coalesce(l.recipient_sms_per_hour, 6), coalesce(l.recipient_sms_per_day, 15),
         coalesce(l.auto_replies_per_hour, 4)
    into v_per_hour, v_per_day, v_replies
    from (select 1) one left join booking.sms_limits l on l.org_id = p_org_id;
  select count(*) filter (where m.counted_at > now() - interval '1 hour'),
         count(*),
         count(*) filter (where m.kind = 'reply' and m.counted_at > now() - interval '1 hour')
    into v_hour, v_day, v_replies_hour
    from (select o.kind, case when o.kind = 'reminder' then o.sent_at else o.created_at end as counted_at
            from booking.sms_outbox o
           where o.org_id = p_org_id and o.recipient = p_recipient
             and o.kind in ('confirmation', 'reminder', 'cancellation', 'reschedule', 'reply', 'staff_reply', 'waitlist_offer')
             and o.status <> 'suppressed') m
   where m.counted_at > now() - interval '24 hours';
  return case when v_hour >= v_per_hour then 'recipient_sms_per_hour'
              when v_day >= v_per_day then 'recipient_sms_per_day'
              when p_kind = 'reply' and v_replies_hour >= v_replies then 'auto_replies_per_hour' end;
end;
$$;

--
-- Name: FUNCTION recipient_sms_limit(p_org_id uuid, p_recipient text, p_kind text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.recipient_sms_limit(p_org_id uuid, p_recipient text, p_kind text) IS 'The per-recipient limit (recipient_sms_per_hour, recipient_sms_per_day, auto_replies_per_hour) one more patient SMS to a number would exceed, or NULL; takes the lock of the organization and number for the caller''s transaction.';

--
-- Name: record_event(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.record_event() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION record_event(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.record_event() IS 'AFTER ROW trigger: records a live-feed event (booking.events) stamped with the transaction id and its rank in the transaction, and owes booking_events a wake-up after commit (booking.notify_after_commit). Takes no lock.';

--
-- Name: record_inbound_sms(uuid, text, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.record_inbound_sms(p_org_id uuid, p_from text, p_body text, p_message_sid text DEFAULT NULL::text, p_to text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_phone text;
  v_sid text := left(nullif(btrim(p_message_sid), ''), 64);
  v_answer json;
begin
  perform booking.assert_service_role();

  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return json_build_object('action', 'none', 'reply', null);
  end if;
  v_phone := booking.normalize_phone(p_from, v_org.phone_region);
  if v_phone is null then
    return json_build_object('action', 'none', 'reply', null);
  end if;
  if v_sid is not null then
    -- Claims the message id; a second delivery waits here for the first
    -- one's transaction and then finds it.
    insert into booking.inbound_sms_messages (org_id, message_sid, action)
    values (p_org_id, v_sid, 'received')
    on conflict (org_id, message_sid) do nothing;
    if not found then
      return json_build_object('action', 'duplicate', 'reply', null);
    end if;
  end if;

  v_answer := booking.apply_inbound_sms(v_org, v_phone, p_body, p_to, v_sid);
  if v_sid is not null then
    update booking.inbound_sms_messages
       set action = v_answer ->> 'action', appointment_id = (v_answer ->> 'appointment_id')::uuid
     where org_id = p_org_id and message_sid = v_sid;
  end if;
  return v_answer;
end;
$$;

--
-- Name: FUNCTION record_inbound_sms(p_org_id uuid, p_from text, p_body text, p_message_sid text, p_to text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.record_inbound_sms(p_org_id uuid, p_from text, p_body text, p_message_sid text, p_to text) IS 'Applies an inbound SMS to one organization once per MessageSid (p_message_sid; a repeat answers action duplicate): carrier keywords to the opt-out list (STOP/STOPALL/UNSUBSCRIBE/CANCEL/END/QUIT/REVOKE/OPTOUT out; START/UNSTOP/YES back in; HELP/INFO answered in TwiML); reply keywords to the appointment of the conversation (booking.sms_reply_appointments: Y/YES confirm, C cancel subject to notice, R manage link; ambiguous: links, nothing changed) with the reply queued in the outbox (kind reply); other texts kept for the staff with one acknowledgement per day. p_to: the number texted. Returns {"action": opt_out|opt_in|help|confirm|cancel|cancel_refused|manage_link|ambiguous|no_appointment|message|none|duplicate, "reply", "appointment_id", "message_id"}.';

--
-- Name: record_otp_failure(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.record_otp_failure(p_org_id uuid, p_phone text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_lock booking.otp_phone_locks%rowtype;
begin
  insert into booking.otp_phone_locks as l (org_id, phone, window_start, failures)
  values (p_org_id, p_phone, now(), 1)
  on conflict (org_id, phone) do update
     set window_start = case when l.window_start <= now() - interval '1 day' then now() else l.window_start end,
         failures = case when l.window_start <= now() - interval '1 day' then 1 else l.failures + 1 end,
         updated_at = now()
  returning * into v_lock;
  if v_lock.failures >= 10 then
    update booking.otp_phone_locks
       set locks = locks + 1, failures = 0, window_start = now(), updated_at = now(),
           locked_until = now() + least(interval '30 days', interval '1 day' * power(2, least(locks, 5)))
     where org_id = p_org_id and phone = p_phone;
    return 0;
  end if;
  return 10 - v_lock.failures;
end;
$$;

--
-- Name: FUNCTION record_otp_failure(p_org_id uuid, p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.record_otp_failure(p_org_id uuid, p_phone text) IS 'Counts a wrong verification code for a number; the 10th in a day locks it (1, 2, 4, ... days, at most 30). Returns the failures left before the next lock.';

--
-- Name: record_sms_accepted(uuid, uuid, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.record_sms_accepted(p_org_id uuid, p_message_id uuid, p_provider text, p_provider_message_id text, p_provider_status text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_status text := case when booking.sms_status_rank(p_provider_status) between 2 and 6
                        then p_provider_status else 'queued' end;
  v_result text;
begin
  perform booking.assert_service_role();

  update booking.sms_outbox o
     set status = case when booking.sms_status_rank(v_status) > booking.sms_status_rank(o.status)
                       then v_status else o.status end,
         provider = coalesce(o.provider, p_provider),
         provider_message_id = coalesce(o.provider_message_id, p_provider_message_id),
         sent_at = coalesce(o.sent_at, now()),
         delivered_at = case when v_status in ('delivered', 'read')
                             then coalesce(o.delivered_at, now()) else o.delivered_at end,
         error_code = null,
         error_message = null,
         updated_at = now()
   where o.org_id = p_org_id and o.id = p_message_id
  returning o.status into v_result;

  perform booking.sync_confirmation_sms(p_org_id, p_message_id);
  return v_result;
end;
$$;

--
-- Name: FUNCTION record_sms_accepted(p_org_id uuid, p_message_id uuid, p_provider text, p_provider_message_id text, p_provider_status text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.record_sms_accepted(p_org_id uuid, p_message_id uuid, p_provider text, p_provider_message_id text, p_provider_status text) IS 'Worker API: the provider accepted the message (provider, provider message id, provider status). Never moves the status backwards; updates the appointment''s confirmation columns. Returns the status.';

--
-- Name: record_sms_failure(uuid, uuid, text, integer, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.record_sms_failure(p_org_id uuid, p_message_id uuid, p_worker text, p_http_status integer, p_error_code text, p_error_message text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_message booking.sms_outbox%rowtype;
  v_retry boolean;
begin
  perform booking.assert_service_role();

  select * into v_message from booking.sms_outbox
   where org_id = p_org_id and id = p_message_id
     for update;
  if not found then
    return null;
  end if;
  if v_message.status <> 'claimed' or v_message.claimed_by is distinct from p_worker then
    return v_message.status;
  end if;

  if p_error_code = '21610' then
    perform booking.record_sms_opt_out(p_org_id, v_message.recipient, true, null, 'provider_error');
  end if;
  v_retry := not booking.sms_error_is_permanent(p_http_status, p_error_code)
             and v_message.attempts < booking.sms_max_attempts()
             and (v_message.expires_at is null or v_message.expires_at > now());

  update booking.sms_outbox
     set status = case when v_retry then 'pending' else 'failed' end,
         next_attempt_at = case when v_retry then now() + booking.sms_retry_delay(v_message.attempts)
                                else next_attempt_at end,
         error_code = left(coalesce(p_error_code, 'HTTP_' || p_http_status::text, 'UNKNOWN'), 64),
         error_message = left(p_error_message, 1000),
         updated_at = now()
   where org_id = p_org_id and id = p_message_id
  returning status into v_message.status;
  return v_message.status;
end;
$$;

--
-- Name: FUNCTION record_sms_failure(p_org_id uuid, p_message_id uuid, p_worker text, p_http_status integer, p_error_code text, p_error_message text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.record_sms_failure(p_org_id uuid, p_message_id uuid, p_worker text, p_http_status integer, p_error_code text, p_error_message text) IS 'Worker API: a send failed (HTTP status or NULL, error code, message). Permanent errors fail the message; others retry with exponential backoff up to booking.sms_max_attempts. 21610 records an opt-out. Returns the status.';

--
-- Name: record_sms_opt_out(uuid, text, boolean, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.record_sms_opt_out(p_org_id uuid, p_phone text, p_opted_out boolean, p_keyword text, p_source text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  insert into booking.sms_opt_outs as o (org_id, phone, opted_out, keyword, source)
  values (p_org_id, p_phone, p_opted_out, p_keyword, p_source)
  on conflict (org_id, phone) do update
     set opted_out = excluded.opted_out,
         keyword = excluded.keyword,
         source = excluded.source,
         updated_at = now();
$$;

--
-- Name: FUNCTION record_sms_opt_out(p_org_id uuid, p_phone text, p_opted_out boolean, p_keyword text, p_source text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.record_sms_opt_out(p_org_id uuid, p_phone text, p_opted_out boolean, p_keyword text, p_source text) IS 'Upserts booking.sms_opt_outs for (organization, phone).';

--
-- Name: record_sms_status(uuid, uuid, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.record_sms_status(p_org_id uuid, p_message_id uuid, p_provider_message_id text, p_status text, p_error_code text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_message booking.sms_outbox%rowtype;
  v_status text := lower(btrim(p_status));
  v_error text := nullif(btrim(p_error_code), '');
  v_advance boolean;
begin
  perform booking.assert_service_role();

  if p_message_id is not null then
    select * into v_message from booking.sms_outbox
     where org_id = p_org_id and id = p_message_id
       and (provider_message_id is null or provider_message_id = p_provider_message_id)
       for update;
  else
    select * into v_message from booking.sms_outbox
     where org_id = p_org_id and provider_message_id = p_provider_message_id
       for update;
  end if;
  if not found then
    return json_build_object('found', false, 'updated', false, 'status', null);
  end if;

  v_advance := coalesce(booking.sms_status_rank(v_status) between 2 and 6
                        and booking.sms_status_rank(v_status) > booking.sms_status_rank(v_message.status),
                        false);
  if v_error = '21610' then
    perform booking.record_sms_opt_out(p_org_id, v_message.recipient, true, null, 'provider_error');
  end if;

  update booking.sms_outbox
     set status = case when v_advance then v_status else status end,
         provider = coalesce(provider, 'twilio'),
         provider_message_id = coalesce(provider_message_id, p_provider_message_id),
         sent_at = coalesce(sent_at, now()),
         delivered_at = case when v_advance and v_status in ('delivered', 'read')
                             then coalesce(delivered_at, now()) else delivered_at end,
         error_code = case when v_advance and v_error is not null then left(v_error, 64)
                           else error_code end,
         updated_at = now()
   where org_id = v_message.org_id and id = v_message.id
  returning status into v_message.status;

  perform booking.sync_confirmation_sms(v_message.org_id, v_message.id);
  return json_build_object('found', true, 'updated', v_advance, 'status', v_message.status);
end;
$$;

--
-- Name: FUNCTION record_sms_status(p_org_id uuid, p_message_id uuid, p_provider_message_id text, p_status text, p_error_code text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.record_sms_status(p_org_id uuid, p_message_id uuid, p_provider_message_id text, p_status text, p_error_code text) IS 'Webhook API: applies a provider status callback (MessageStatus, ErrorCode) to a message found by outbox id or provider message id; never moves the status backwards; sets delivered_at. Returns {"found", "updated", "status"}.';

--
-- Name: redact_sent_manage_links(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.redact_sent_manage_links() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  new.body := regexp_replace(new.body, '(https?://[^[:space:]]*)?/a/[A-Za-z0-9_-]{22,64}',
                             booking.sms_manage_link_marker(), 'g');
  new.body := regexp_replace(new.body, '(https?://[^[:space:]]*)?/w/[A-Za-z0-9_-]{22,64}',
                             '[offer link]', 'g');
  return new;
end;
$$;

--
-- Name: FUNCTION redact_sent_manage_links(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.redact_sent_manage_links() IS 'Trigger: replaces the manage links (<base>/a/<token>) of an SMS body by the marker booking.sms_manage_link_marker(), and waitlist offer links (<base>/w/<token>) by [offer link], once the message left pending/claimed or was recorded suppressed.';

--
-- Name: redact_sent_one_time_code(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.redact_sent_one_time_code() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  new.body := regexp_replace(new.body, '[0-9]{4,8}', '****', 'g');
  return new;
end;
$$;

--
-- Name: FUNCTION redact_sent_one_time_code(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.redact_sent_one_time_code() IS 'Trigger: replaces the digits of a one-time-code SMS body once the message left pending/claimed.';

--
-- Name: release_sms(uuid, uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.release_sms(p_org_id uuid, p_message_id uuid, p_worker text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_service_role();

  update booking.sms_outbox
     set status = 'pending',
         attempts = greatest(attempts - 1, 0),
         next_attempt_at = now(),
         updated_at = now()
   where org_id = p_org_id and id = p_message_id
     and status = 'claimed' and claimed_by = p_worker;
  if not found then
    return false;
  end if;
  perform booking.notify_after_commit('booking_sms_outbox');
  return true;
end;
$$;

--
-- Name: FUNCTION release_sms(p_org_id uuid, p_message_id uuid, p_worker text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.release_sms(p_org_id uuid, p_message_id uuid, p_worker text) IS 'Worker API: returns an unsent claimed message to pending (attempt not counted) and wakes the workers.';

--
-- Name: reminder_is_current(uuid, uuid, timestamp with time zone); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.reminder_is_current(p_org_id uuid, p_appointment_id uuid, p_scheduled_at timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select exists (
    select from booking.appointments a
     where a.org_id = p_org_id and a.id = p_appointment_id
       and a.status in ('scheduled', 'confirmed') and a.scheduled_at = p_scheduled_at);
$$;

--
-- Name: FUNCTION reminder_is_current(p_org_id uuid, p_appointment_id uuid, p_scheduled_at timestamp with time zone); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.reminder_is_current(p_org_id uuid, p_appointment_id uuid, p_scheduled_at timestamp with time zone) IS 'True when the appointment is scheduled or confirmed and starts at p_scheduled_at (the start its reminder announces).';

--
-- Name: reschedule_answer(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.reschedule_answer(p_appointment_id uuid, p_scheduled_at timestamp with time zone, p_previous_scheduled_at timestamp with time zone) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return json_build_object('success', true, 'appointment_id', p_appointment_id,
    'scheduled_at', booking.to_iso8601_utc(p_scheduled_at),
    'previous_scheduled_at', booking.to_iso8601_utc(p_previous_scheduled_at));
end;
$$;

--
-- Name: FUNCTION reschedule_answer(p_appointment_id uuid, p_scheduled_at timestamp with time zone, p_previous_scheduled_at timestamp with time zone); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.reschedule_answer(p_appointment_id uuid, p_scheduled_at timestamp with time zone, p_previous_scheduled_at timestamp with time zone) IS 'The success answer of a reschedule.

Args: p_appointment_id, p_scheduled_at (the new start), p_previous_scheduled_at. Answer: {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at"} (ISO-8601, UTC). Codes: none.';

--
-- Name: reschedule_appointment_as(uuid, uuid, timestamp with time zone, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.reschedule_appointment_as(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_actor text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_appointment booking.appointments;
  v_previous timestamptz;
  v_refusal text;
  v_reason text;
  v_late boolean;
begin
  perform booking.assert_actor(p_actor);
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;

  begin
    perform booking.lock_calendar(p_org_id, v_appointment.calendar_id);
    select * into v_appointment from booking.appointments
     where org_id = p_org_id and id = p_appointment_id for update;
    v_previous := v_appointment.scheduled_at;

    v_refusal := booking.change_refusal(v_appointment, 'reschedule', 'staff');
    if v_refusal is null and (p_new_scheduled_at is null or not isfinite(p_new_scheduled_at)) then
      v_refusal := 'INVALID_TIME';
    end if;
    if v_refusal is null and p_new_scheduled_at = v_previous then
      return booking.json_error('SAME_TIME', 'The appointment already starts at that time');
    end if;
    v_refusal := coalesce(v_refusal, booking.change_refusal(v_appointment, 'reschedule', p_actor));
    if v_refusal is not null then
      return booking.json_error(v_refusal, case v_refusal
        when 'APPOINTMENT_CANCELLED' then 'A cancelled appointment cannot be moved'
        when 'APPOINTMENT_IN_PAST' then 'The appointment has already started'
        when 'INVALID_TIME' then 'The new start must be a finite timestamp'
        when 'RESCHEDULE_LIMIT' then 'The appointment was already moved 3 times; call the clinic'
        else 'The appointment starts too soon to move it; call the clinic' end);
    end if;

    v_reason := booking.unbookable_reason(p_org_id, v_appointment.calendar_id, p_new_scheduled_at,
                                          v_appointment.duration_minutes);
    if v_reason is not null then
      return booking.unbookable_error(v_reason);
    end if;
    if not booking.slot_is_free(p_org_id, v_appointment.calendar_id, p_new_scheduled_at,
                                p_new_scheduled_at + make_interval(mins => v_appointment.duration_minutes),
                                null, v_appointment.id) then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
    end if;
    v_late := booking.is_inside_notice(v_appointment, 'reschedule');

    update booking.appointments
       set scheduled_at = p_new_scheduled_at,
           ends_at = p_new_scheduled_at + make_interval(mins => duration_minutes),
           patient_reschedule_count = patient_reschedule_count + (p_actor <> 'staff')::integer,
           last_changed_by = p_actor,
           updated_at = now()
     where org_id = p_org_id and id = p_appointment_id
    returning * into v_appointment;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, from_status, to_status,
                                             from_scheduled_at, to_scheduled_at, late)
    values (p_org_id, p_appointment_id, 'rescheduled', p_actor, v_appointment.status, v_appointment.status,
            v_previous, p_new_scheduled_at, v_late);
    perform booking.sync_reminders(p_org_id, p_appointment_id);
    perform booking.enqueue_appointment_sms(p_org_id, p_appointment_id, 'reschedule');
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
  end;

  return booking.reschedule_answer(v_appointment.id, v_appointment.scheduled_at, v_previous);
end;
$$;

--
-- Name: FUNCTION reschedule_appointment_as(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_actor text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.reschedule_appointment_as(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_actor text) IS 'Internal: moves an appointment (same id) to a new start for an actor, by the booking rule (unbookable_reason, slot_is_free without its own interval, EXCLUDE backstop); patients bound by reschedule_notice_minutes and 3 reschedules. Returns {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at"} or APPOINTMENT_NOT_FOUND, APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT, INVALID_TIME, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY, SAME_TIME (the start it already has: nothing recorded or sent).';

--
-- Name: retention_days(text, integer); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.retention_days(p_name text, p_default integer) RETURNS integer
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_value text := btrim(booking.package_setting(p_name, p_default::text));
begin
  if v_value ~ '^[0-9]{1,4}$' and v_value::integer between 1 and 3650 then
    return v_value::integer;
  end if;
  return p_default;
end;
$_$;

--
-- Name: FUNCTION retention_days(p_name text, p_default integer); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.retention_days(p_name text, p_default integer) IS 'A *_retention_days package setting as a number of days (1-3650), else the given default.';

--
-- Name: send_phone_verification(booking.organizations, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.send_phone_verification(p_org booking.organizations, p_patient_phone text, p_call_id text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_phone text := booking.normalize_phone(p_patient_phone, p_org.phone_region);
  v_code text;
  v_id uuid := gen_random_uuid();
  v_expires_at timestamptz := now() + interval '15 minutes';
  v_budget integer;
  v_texted boolean;
begin
  if v_phone is null then
    return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
  end if;
  if p_call_id is not null then
    perform pg_advisory_xact_lock(hashtextextended('booking.call:' || p_org.org_id::text || ':' || p_call_id, 0));
    if (select count(distinct n.phone) from (
          select v.phone from booking.phone_verifications v
           where v.org_id = p_org.org_id and v.call_id = p_call_id
          union
          select o.recipient from booking.sms_outbox o
           where o.org_id = p_org.org_id and o.kind = 'otp' and o.call_id = p_call_id) n
         where n.phone <> v_phone) >= 3 then
      return booking.json_error('OTP_CALL_PHONE_LIMIT', 'One call sends codes to at most 3 different numbers');
    end if;
  end if;

  -- Locks in public.send_otp's order: call, number, budget.
  perform pg_advisory_xact_lock(hashtextextended('booking.otp:' || p_org.org_id::text || ':' || v_phone, 0));
  perform pg_advisory_xact_lock(hashtextextended('booking.otp_budget:' || p_org.org_id::text, 0));
  v_budget := coalesce((select otp_codes_per_hour from booking.sms_limits where org_id = p_org.org_id), 60);
  if (select count(*) from booking.sms_outbox
       where org_id = p_org.org_id and kind = 'otp' and created_at > now() - interval '1 hour')
     + (select count(*) from booking.phone_verifications
         where org_id = p_org.org_id and not texted and created_at > now() - interval '1 hour') >= v_budget then
    if not exists (select from booking.sms_rate_limit_hits
                    where org_id = p_org.org_id and created_at > now() - interval '1 minute') then
      insert into booking.sms_rate_limit_hits (org_id, limit_name, limit_value)
      values (p_org.org_id, 'otp_codes_per_hour', v_budget);
    end if;
    return booking.json_error('SMS_RATE_LIMITED', 'The clinic sent its hourly number of codes; try again later');
  end if;

  v_texted := (select count(*) from booking.sms_outbox
                where org_id = p_org.org_id and kind = 'otp' and recipient = v_phone
                  and created_at > now() - interval '10 minutes')
              + (select count(*) from booking.phone_verifications
                  where org_id = p_org.org_id and phone = v_phone and not texted
                    and created_at > now() - interval '10 minutes') < 3
              and not booking.otp_phone_locked(p_org.org_id, v_phone)
              and not booking.is_sms_opted_out(p_org.org_id, v_phone)
              and booking.sms_destination_refusal(p_org.org_id, v_phone) is null
              and exists (select from booking.upcoming_appointments_of_phone(p_org.org_id, v_phone));

  v_code := booking.random_otp_code();
  insert into booking.phone_verifications (org_id, id, phone, otp_hash, otp_send_count, expires_at, call_id, texted)
  values (p_org.org_id, v_id, v_phone, booking.otp_hash(v_code, v_id), 1, v_expires_at, p_call_id, v_texted);
  if v_texted then
    perform booking.enqueue_sms(p_org.org_id, 'otp', v_phone,
      p_org.name || ': your code is ' || v_code || ' (to manage your appointments by phone). It expires in 15 minutes.',
      null, p_call_id, v_expires_at);
  end if;
  return (booking.json_error('VERIFICATION_REQUIRED',
            'If this number has appointments here, a 4-digit code was texted to it: ask the caller to read it back')::jsonb
          || jsonb_build_object('code_sent', true, 'verification_id', v_id,
                                'expires_at', booking.to_iso8601_utc(v_expires_at)))::json;
end;
$$;

--
-- Name: FUNCTION send_phone_verification(p_org booking.organizations, p_patient_phone text, p_call_id text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.send_phone_verification(p_org booking.organizations, p_patient_phone text, p_call_id text) IS 'Starts a phone verification: code hashed, texted (outbox kind otp) only to a number with an upcoming appointment, not opted out, not locked, under 3 codes in 10 minutes; the same VERIFICATION_REQUIRED answer either way. INVALID_PHONE, OTP_CALL_PHONE_LIMIT (3 numbers per call), SMS_RATE_LIMITED (the clinic''s hourly code budget, every verification counted).';

--
-- Name: service_display_name(uuid, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.service_display_name(p_org_id uuid, p_calendar_id text, p_service_type text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(
    (select s.display_name from booking.service_types s
      where s.org_id = p_org_id and s.calendar_id = p_calendar_id
        and lower(s.service_type) = lower(p_service_type)),
    p_service_type);
$$;

--
-- Name: FUNCTION service_display_name(p_org_id uuid, p_calendar_id text, p_service_type text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.service_display_name(p_org_id uuid, p_calendar_id text, p_service_type text) IS 'The name patients read for a calendar''s service type: its display name, else the service type.';

--
-- Name: service_duration(uuid, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.service_duration(p_org_id uuid, p_calendar_id text, p_service_type text) RETURNS integer
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_minutes integer;
begin
  select case
    when p_service_type is null then c.default_duration_minutes
    when s.duration_minutes is not null then s.duration_minutes
    when not exists (select from booking.service_types t
                      where t.org_id = p_org_id and t.calendar_id = p_calendar_id)
      then c.default_duration_minutes
  end
    into v_minutes
    from booking.calendars c
    left join booking.service_types s
      on s.org_id = c.org_id and s.calendar_id = c.calendar_id
     and lower(s.service_type) = lower(p_service_type) and s.active
   where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  return v_minutes;
end;
$$;

--
-- Name: FUNCTION service_duration(p_org_id uuid, p_calendar_id text, p_service_type text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.service_duration(p_org_id uuid, p_calendar_id text, p_service_type text) IS 'Duration of a service type on a calendar (default duration without a catalog); NULL when the catalog does not offer it.';

--
-- Name: set_attendance(uuid, uuid, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.set_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_appointment booking.appointments;
  v_timezone text;
  v_reason text := nullif(btrim(p_reason), '');
  v_refusal text;
  v_status text;
  v_checked_in_at timestamptz;
  v_action text;
begin
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id for update;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  if p_attendance is null or p_attendance not in ('arrived', 'completed', 'no_show', 'expected') then
    return booking.json_error('INVALID_STATUS', 'The attendance is arrived, completed, no_show or expected');
  end if;
  if length(v_reason) > 500 then
    return booking.json_error('INVALID_REASON', 'The reason is at most 500 characters');
  end if;
  select o.timezone into v_timezone from booking.organizations o where o.org_id = p_org_id;
  v_refusal := booking.attendance_refusal(v_appointment, p_attendance, v_timezone);
  if v_refusal is not null then
    return booking.json_error(v_refusal, case v_refusal
      when 'APPOINTMENT_CANCELLED' then 'The appointment is cancelled'
      when 'APPOINTMENT_NOT_TODAY' then 'A patient is checked in on the day of the appointment'
      else 'An outcome is recorded once the appointment has started' end);
  end if;

  case p_attendance
    when 'arrived' then
      v_status := case when v_appointment.status in ('completed', 'no_show') then 'scheduled' else v_appointment.status end;
      v_checked_in_at := coalesce(v_appointment.checked_in_at, now());
      v_action := 'checked_in';
    when 'completed' then
      v_status := 'completed';
      v_checked_in_at := v_appointment.checked_in_at;
      v_action := 'completed';
    when 'no_show' then
      v_status := 'no_show';
      v_checked_in_at := null;
      v_action := 'no_show';
    else
      v_status := case when v_appointment.status in ('completed', 'no_show') then 'scheduled' else v_appointment.status end;
      v_checked_in_at := null;
      v_action := 'attendance_cleared';
  end case;

  if v_status is distinct from v_appointment.status or v_checked_in_at is distinct from v_appointment.checked_in_at then
    update booking.appointments
       set status = v_status, checked_in_at = v_checked_in_at, last_changed_by = 'staff', updated_at = now()
     where org_id = p_org_id and id = p_appointment_id;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, from_status, to_status,
                                             from_scheduled_at, to_scheduled_at, reason)
    values (p_org_id, p_appointment_id, v_action, 'staff', v_appointment.status, v_status,
            v_appointment.scheduled_at, v_appointment.scheduled_at, v_reason);
    if v_status <> v_appointment.status then
      perform booking.sync_reminders(p_org_id, p_appointment_id);
    end if;
  end if;
  return json_build_object('success', true, 'appointment_id', p_appointment_id, 'status', v_status,
                           'arrived', v_checked_in_at is not null);
end;
$$;

--
-- Name: FUNCTION set_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.set_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text) IS 'Internal (the caller has checked the organization): records arrived, completed, no_show or expected (cleared) on an appointment by booking.attendance_refusal, with a history row per change. {"success": true, "appointment_id", "status", "arrived"} or APPOINTMENT_NOT_FOUND, INVALID_STATUS, INVALID_REASON, APPOINTMENT_CANCELLED, APPOINTMENT_NOT_TODAY, APPOINTMENT_NOT_STARTED.';

--
-- Name: slot_is_free(uuid, text, timestamp with time zone, timestamp with time zone, uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.slot_is_free(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_ignore_hold_id uuid DEFAULT NULL::uuid, p_ignore_appointment_id uuid DEFAULT NULL::uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_claimed tstzrange;
begin
  select booking.claimed_range(p_starts_at, p_ends_at,
                               c.buffer_before_minutes + c.buffer_after_minutes)
    into v_claimed
    from booking.calendars c
   where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  if not found then
    return true;
  end if;
  return not (booking.busy_time(p_org_id, p_calendar_id, lower(v_claimed), upper(v_claimed),
                                p_ignore_hold_id, p_ignore_appointment_id) && v_claimed);
end;
$$;

--
-- Name: FUNCTION slot_is_free(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_ignore_hold_id uuid, p_ignore_appointment_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.slot_is_free(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_ignore_hold_id uuid, p_ignore_appointment_id uuid) IS 'True when the interval conflicts with no active appointment and no live hold of the calendar, buffers included (ignoring the hold p_ignore_hold_id and the appointment p_ignore_appointment_id).';

--
-- Name: sms_call_clinic(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_call_clinic(p_org_id uuid) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select 'Please call the clinic' || coalesce(' at ' || booking.phone_display(booking.clinic_phone(o.org_id), o.phone_region), '')
         || '.'
    from booking.organizations o
   where o.org_id = p_org_id;
$$;

--
-- Name: FUNCTION sms_call_clinic(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_call_clinic(p_org_id uuid) IS '"Please call the clinic at <number>." (booking.clinic_phone as its patients read it), or without a number when the clinic has none.';

--
-- Name: sms_change_offer(uuid, uuid, text, text, timestamp with time zone); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_change_offer(p_org_id uuid, p_appointment_id uuid, p_style text, p_link text DEFAULT NULL::text, p_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_appointment booking.appointments;
  v_calendar booking.calendars;
  -- Offered only when still allowed a while after the text is read.
  v_at timestamptz := coalesce(p_at, now()) + interval '15 minutes';
  v_cancel boolean;
  v_move boolean;
  v_call text := booking.sms_call_clinic(p_org_id);
begin
  select * into v_appointment from booking.appointments where org_id = p_org_id and id = p_appointment_id;
  select * into v_calendar from booking.calendars
   where org_id = p_org_id and calendar_id = v_appointment.calendar_id;
  v_call := lower(left(v_call, 1)) || substr(v_call, 2);  -- "please call the clinic at ..."
  v_cancel := v_appointment.scheduled_at >= v_at + make_interval(mins => v_calendar.cancel_notice_minutes);
  v_move := v_appointment.scheduled_at >= v_at + make_interval(mins => v_calendar.reschedule_notice_minutes)
            and v_appointment.patient_reschedule_count < booking.patient_reschedule_limit();
  if p_style = 'reply' then
    return case when v_cancel then 'Reply Y to confirm or C to cancel.'
                else 'Reply Y to confirm. To cancel, ' || v_call end;
  elsif p_style = 'after_confirm' then
    return case when v_cancel and v_move then 'Reply C to cancel or R to reschedule.'
                when v_cancel then 'Reply C to cancel. To reschedule, ' || v_call
                when v_move then 'Reply R to reschedule. To cancel, ' || v_call
                else 'To change or cancel it, ' || v_call end;
  end if;
  return case when p_link is null then 'To change or cancel it, ' || v_call
              when v_cancel and v_move then 'To reschedule or cancel: ' || p_link
              when v_cancel then 'To cancel: ' || p_link || ' To reschedule, ' || v_call
              when v_move then 'To reschedule: ' || p_link || ' To cancel, ' || v_call
              else 'To change or cancel it, ' || v_call end;
end;
$$;

--
-- Name: FUNCTION sms_change_offer(p_org_id uuid, p_appointment_id uuid, p_style text, p_link text, p_at timestamp with time zone); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_change_offer(p_org_id uuid, p_appointment_id uuid, p_style text, p_link text, p_at timestamp with time zone) IS 'How a patient SMS offers to change or cancel an appointment (style link, reply or after_confirm), offering only what the notice periods and reschedule limit still allow 15 minutes after p_at (default now) and the clinic''s phone for the rest.';

--
-- Name: sms_conversation_org(uuid[], text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_conversation_org(p_org_ids uuid[], p_from text) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(
    (select o.org_id
       from booking.organizations o
       cross join lateral (
         select max(m.sent_at) as last_sent
           from booking.sms_outbox m
          where m.org_id = o.org_id
            and m.recipient = booking.normalize_phone(p_from, o.phone_region)
            and m.kind <> 'hot_lead_alert' and m.sent_at is not null) s
      where o.org_id = any (p_org_ids) and s.last_sent is not null
      order by s.last_sent desc, o.org_id
      limit 1),
    case when cardinality(p_org_ids) = 1 then p_org_ids[1] end);
$$;

--
-- Name: FUNCTION sms_conversation_org(p_org_ids uuid[], p_from text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_conversation_org(p_org_ids uuid[], p_from text) IS 'Among the organizations sharing the number an SMS came to, the one that last texted the sender (else the only one; NULL when ambiguous).';

--
-- Name: sms_delivery_word(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_delivery_word(p_status text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
  select case
    when p_status = 'pending' then 'waiting'
    when p_status in ('claimed', 'queued', 'accepted', 'scheduled', 'sending') then 'sending'
    when p_status = 'sent' then 'sent'
    when p_status in ('delivered', 'read') then 'delivered'
    when p_status in ('undelivered', 'failed') then 'failed'
    when p_status in ('canceled', 'suppressed') then 'not_sent'
  end;
$$;

--
-- Name: FUNCTION sms_delivery_word(p_status text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_delivery_word(p_status text) IS 'An SMS status in one word: waiting, sending, sent, delivered, failed or not_sent; NULL for an unknown status.';

--
-- Name: sms_destination_refusal(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_destination_refusal(p_org_id uuid, p_phone text) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_calling booking.phone_calling_codes%rowtype;
  v_allowed integer[];
begin
  if p_phone is null or p_phone !~ '^\+[1-9][0-9]{1,14}$' then
    return booking.json_error('PHONE_NOT_ALLOWED', 'The clinic does not send SMS to this number');
  end if;
  -- Calling codes are prefix-free: at most one of these exists.
  select * into v_calling from booking.phone_calling_codes
   where calling_code in (substr(p_phone, 2, 1)::integer, substr(p_phone, 2, 2)::integer,
                          substr(p_phone, 2, 3)::integer);
  select coalesce(l.allowed_calling_codes, array[r.calling_code]) into v_allowed
    from booking.organizations o
    left join booking.sms_limits l on l.org_id = o.org_id
    left join booking.phone_regions r on r.region = o.phone_region
   where o.org_id = p_org_id;
  if v_calling.calling_code is null or v_calling.main_region is null
     or not (v_calling.calling_code = any (coalesce(v_allowed, '{}'))) then
    return booking.json_error('PHONE_NOT_ALLOWED', 'The clinic does not send SMS to this country');
  end if;
  if booking.is_costly_phone_number(p_phone) then
    return booking.json_error('PHONE_NOT_ALLOWED',
      'The clinic does not send SMS to premium-rate or shared-cost numbers');
  end if;
  return null;
end;
$_$;

--
-- Name: FUNCTION sms_destination_refusal(p_org_id uuid, p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_destination_refusal(p_org_id uuid, p_phone text) IS 'NULL when the organization''s patient SMS may go to this E.164 number, else the PHONE_NOT_ALLOWED error: a calling code it does not allow (default: its phone region''s), a non-geographic code (+881, +882, +883, +870...), a premium-rate or shared-cost number.';

--
-- Name: sms_error_is_permanent(integer, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_error_is_permanent(p_http_status integer, p_error_code text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case
    when p_error_code in ('21211', '21610') then true
    when p_http_status is null then false
    when p_http_status in (401, 408, 429) or p_error_code = '20429' then false
    when p_http_status >= 500 then false
    else p_http_status >= 400
  end;
$$;

--
-- Name: FUNCTION sms_error_is_permanent(p_http_status integer, p_error_code text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_error_is_permanent(p_http_status integer, p_error_code text) IS 'True for errors that retrying cannot fix (4xx such as Twilio 21211, 21610); false for network errors, 401, 408, 429 and 5xx.';

--
-- Name: sms_keyword_action(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_keyword_action(p_body text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case upper(btrim(p_body, E' \t\r\n'))
    when 'STOP' then 'opt_out'
    when 'STOPALL' then 'opt_out'
    when 'UNSUBSCRIBE' then 'opt_out'
    when 'CANCEL' then 'opt_out'
    when 'END' then 'opt_out'
    when 'QUIT' then 'opt_out'
    when 'REVOKE' then 'opt_out'
    when 'OPTOUT' then 'opt_out'
    when 'START' then 'opt_in'
    when 'UNSTOP' then 'opt_in'
    when 'YES' then 'opt_in'
    when 'HELP' then 'help'
    when 'INFO' then 'help'
  end;
$$;

--
-- Name: FUNCTION sms_keyword_action(p_body text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_keyword_action(p_body text) IS 'opt_out, opt_in or help when the whole inbound text is such a keyword (case-insensitive); else NULL.';

--
-- Name: sms_manage_link_marker(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_manage_link_marker() RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select '[manage link]';
$$;

--
-- Name: FUNCTION sms_manage_link_marker(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_manage_link_marker() IS 'The marker ''[manage link]'' that replaces a manage link in a stored SMS body once the provider accepted the message.';

--
-- Name: sms_max_attempts(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_max_attempts() RETURNS integer
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select greatest(1, coalesce(nullif(current_setting('booking.sms_max_attempts', true), ''), '12')::integer);
$$;

--
-- Name: FUNCTION sms_max_attempts(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_max_attempts() IS 'Setting booking.sms_max_attempts (default 12): attempts before a message is failed.';

--
-- Name: sms_reply_appointments(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_reply_appointments(p_org_id uuid, p_phone text) RETURNS uuid[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_latest_id uuid;
  v_latest_sent timestamptz;
  v_upcoming uuid[] := array(select a.id from booking.upcoming_appointments_of_phone(p_org_id, p_phone) a);
begin
  select o.appointment_id, o.sent_at into v_latest_id, v_latest_sent
    from booking.sms_outbox o
   where o.org_id = p_org_id and o.recipient = p_phone
     and o.kind in ('confirmation', 'reminder', 'reschedule', 'reply')
     and o.appointment_id is not null
     and o.sent_at > now() - interval '7 days'
   order by o.sent_at desc, o.created_at desc
   limit 1;
  if v_latest_id is null or not v_latest_id = any (v_upcoming) then
    return v_upcoming[1:1];
  end if;
  return array[v_latest_id] || array(
    select distinct o.appointment_id
      from booking.sms_outbox o
     where o.org_id = p_org_id and o.recipient = p_phone
       and o.kind in ('confirmation', 'reminder', 'reschedule', 'reply')
       and o.appointment_id is not null and o.appointment_id <> v_latest_id
       and o.appointment_id = any (v_upcoming)
       and o.sent_at >= v_latest_sent - interval '15 minutes'
     limit 2);
end;
$$;

--
-- Name: FUNCTION sms_reply_appointments(p_org_id uuid, p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_reply_appointments(p_org_id uuid, p_phone text) IS 'The appointment a reply keyword from a number is about: [the one the clinic''s latest message (sent within 7 days) named, when still upcoming, else the next upcoming]; several ids when messages about several upcoming appointments arrived within 15 minutes (ambiguous); empty without an upcoming appointment.';

--
-- Name: sms_reply_keyword(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_reply_keyword(p_body text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case upper(btrim(p_body, E' \t\r\n.!'))
    when 'Y' then 'confirm'
    when 'YES' then 'confirm'
    when 'C' then 'cancel'
    when 'R' then 'manage_link'
  end;
$$;

--
-- Name: FUNCTION sms_reply_keyword(p_body text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_reply_keyword(p_body text) IS 'confirm (Y, YES), cancel (C) or manage_link (R) when the whole inbound text is such a reply keyword (case-insensitive); else NULL.';

--
-- Name: sms_retry_delay(integer); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_retry_delay(p_attempts integer) RETURNS interval
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_base interval := coalesce(nullif(current_setting('booking.sms_retry_base', true), ''), '5s')::interval;
  v_cap interval := coalesce(nullif(current_setting('booking.sms_retry_cap', true), ''), '10min')::interval;
  v_delay interval;
begin
  v_delay := least(v_cap, v_base * power(2, least(greatest(p_attempts, 1) - 1, 30)));
  return v_delay / 2 + v_delay / 2 * random();
end;
$$;

--
-- Name: FUNCTION sms_retry_delay(p_attempts integer); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_retry_delay(p_attempts integer) IS 'Backoff after failed attempt n: min(cap, base * 2^(n-1)) with equal jitter; settings booking.sms_retry_base (5s), booking.sms_retry_cap (10min).';

--
-- Name: sms_status_rank(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sms_status_rank(p_status text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
  select case p_status
    when 'pending' then 0
    when 'claimed' then 1
    when 'queued' then 2
    when 'accepted' then 2
    when 'scheduled' then 2
    when 'sending' then 3
    when 'sent' then 4
    when 'delivered' then 5
    when 'undelivered' then 5
    when 'failed' then 5
    when 'canceled' then 5
    when 'suppressed' then 5
    when 'read' then 6
  end;
$$;

--
-- Name: FUNCTION sms_status_rank(p_status text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sms_status_rank(p_status text) IS 'Rank of an SMS status (pending 0 ... final 5, read 6); statuses never move to a lower rank. NULL for unknown values.';

--
-- Name: staff_change_refusal(uuid, uuid, text, text, boolean); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.staff_change_refusal(p_org_id uuid, p_account_id uuid, p_caller_role text, p_new_role text, p_disabling boolean) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_member booking.memberships;
  v_active_owners integer;
begin
  perform from booking.memberships
   where org_id = p_org_id and role = 'owner' and disabled_at is null
   order by account_id
   for update;
  select * into v_member from booking.memberships
   where org_id = p_org_id and account_id = p_account_id
   for update;
  if not found then
    return 'UNKNOWN_MEMBER';
  end if;
  if p_caller_role = 'admin' and (v_member.role = 'owner' or p_new_role = 'owner') then
    return 'NOT_ALLOWED';
  end if;
  if v_member.role = 'owner' and v_member.disabled_at is null
     and (p_disabling or p_new_role <> 'owner') then
    select count(*) into v_active_owners from booking.memberships
     where org_id = p_org_id and role = 'owner' and disabled_at is null;
    if v_active_owners <= 1 then
      return 'LAST_OWNER';
    end if;
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION staff_change_refusal(p_org_id uuid, p_account_id uuid, p_caller_role text, p_new_role text, p_disabling boolean); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.staff_change_refusal(p_org_id uuid, p_account_id uuid, p_caller_role text, p_new_role text, p_disabling boolean) IS 'UNKNOWN_MEMBER, NOT_ALLOWED (an admin and an owner), LAST_OWNER, or NULL when the member''s role change or disabling may proceed.';

--
-- Name: staff_memberships(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.staff_memberships(p_account_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return coalesce((
    select json_agg(json_build_object('org_id', m.org_id, 'role', m.role, 'organization_name', o.name)
                    order by o.name, m.org_id)
      from booking.memberships m
      join booking.organizations o on o.org_id = m.org_id
     where m.account_id = p_account_id and m.disabled_at is null), '[]'::json);
end;
$$;

--
-- Name: FUNCTION staff_memberships(p_account_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.staff_memberships(p_account_id uuid) IS 'An account''s active memberships: [{"org_id", "role", "organization_name"}].';

--
-- Name: staff_password_refusal(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.staff_password_refusal(p_password text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if p_password is null or length(p_password) < 12 then
    return 'PASSWORD_TOO_SHORT';
  elsif octet_length(p_password) > 72 then
    return 'PASSWORD_TOO_LONG';
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION staff_password_refusal(p_password text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.staff_password_refusal(p_password text) IS 'PASSWORD_TOO_SHORT (< 12 characters), PASSWORD_TOO_LONG (> 72 bytes, bcrypt''s limit), or NULL when the password is acceptable.';

--
-- Name: staff_token_hash(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.staff_token_hash(p_token text) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  return extensions.digest(convert_to(coalesce(p_token, ''), 'UTF8'), 'sha256');
end;
$$;

--
-- Name: FUNCTION staff_token_hash(p_token text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.staff_token_hash(p_token text) IS 'SHA-256 of a staff token (refresh, invitation, password reset): the only form stored.';

--
-- Name: stamp_history_actor(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.stamp_history_actor() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if new.actor = 'staff' and new.actor_account_id is null then
    new.actor_account_id := booking.caller_account_id();
  end if;
  return new;
end;
$$;

--
-- Name: FUNCTION stamp_history_actor(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.stamp_history_actor() IS 'BEFORE INSERT trigger of appointment_history: a staff row records the member acting (booking.caller_account_id()).';

--
-- Name: phone_regions; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.phone_regions (
    region text NOT NULL,
    calling_code integer NOT NULL,
    international_prefix text,
    national_prefix_for_parsing text,
    national_prefix_transform_rule text,
    national_prefix_groups integer NOT NULL,
    national_number_pattern text NOT NULL,
    possible_lengths integer[] NOT NULL,
    local_only_lengths integer[] NOT NULL,
    CONSTRAINT phone_regions_possible_lengths_check CHECK ((cardinality(possible_lengths) > 0)),
    CONSTRAINT phone_regions_region_check CHECK ((region ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT phone_regions_transform_rule_check CHECK (((national_prefix_transform_rule IS NULL) OR (national_prefix_groups > 0)))
);

--
-- Name: TABLE phone_regions; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.phone_regions IS 'Reference data (not tenant data), generated from phonenumbers 9.0.43 by tools/generate_phone_metadata.py: how a phone number written in a region is read. Readers anchor the patterns: prefixes with ^, whole numbers with ^ and $.';

--
-- Name: COLUMN phone_regions.international_prefix; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_regions.international_prefix IS 'Pattern of the international dialling prefix dialled from this region, e.g. 011 in the US; NULL when the region has none.';

--
-- Name: COLUMN phone_regions.national_prefix_for_parsing; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_regions.national_prefix_for_parsing IS 'Pattern of the national (trunk) prefix and carrier codes stripped from national numbers, e.g. 0 in GB; its capturing groups feed the transform rule.';

--
-- Name: COLUMN phone_regions.national_prefix_transform_rule; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_regions.national_prefix_transform_rule IS 'regexp_replace replacement (\1 to \9) that replaces the national prefix instead of stripping it when the last group of national_prefix_for_parsing took part in the match, e.g. 9\1 in AR.';

--
-- Name: COLUMN phone_regions.national_prefix_groups; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_regions.national_prefix_groups IS 'Number of capturing groups in national_prefix_for_parsing.';

--
-- Name: COLUMN phone_regions.national_number_pattern; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_regions.national_number_pattern IS 'Pattern of the national significant numbers of the region (phonenumbers'' general description).';

--
-- Name: COLUMN phone_regions.possible_lengths; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_regions.possible_lengths IS 'Possible lengths of a national significant number, in phonenumbers'' order: the first is the shortest, the last the longest.';

--
-- Name: COLUMN phone_regions.local_only_lengths; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_regions.local_only_lengths IS 'Lengths of numbers that can only be dialled within an area (without the area code).';

--
-- Name: strip_national_prefix(text, booking.phone_regions); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.strip_national_prefix(p_number text, p_region booking.phone_regions) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $_$
declare
  v_prefix text := '^(?:' || p_region.national_prefix_for_parsing || ')';
  v_general text := '^(?:' || p_region.national_number_pattern || ')$';
  v_groups text[];
  v_result text;
begin
  if p_number = '' or p_region.national_prefix_for_parsing is null then
    return p_number;
  end if;
  v_groups := regexp_match(p_number, v_prefix);
  if v_groups is null then
    return p_number;
  end if;
  if p_region.national_prefix_transform_rule is null
     or v_groups[p_region.national_prefix_groups] is null then
    v_result := regexp_replace(p_number, v_prefix, '');
  else
    v_result := regexp_replace(p_number, v_prefix, p_region.national_prefix_transform_rule);
  end if;
  if p_number ~ v_general and v_result !~ v_general then
    return p_number;
  end if;
  return v_result;
end;
$_$;

--
-- Name: FUNCTION strip_national_prefix(p_number text, p_region booking.phone_regions); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.strip_national_prefix(p_number text, p_region booking.phone_regions) IS 'National number without the region''s national prefix or carrier code (transformed where the region''s rule says so), as phonenumbers strips it.';

--
-- Name: sync_confirmation_sms(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sync_confirmation_sms(p_org_id uuid, p_message_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  update booking.appointments a
     set confirmation_sms_sent = true,
         confirmation_sms_id = o.provider_message_id,
         confirmation_sms_sent_at = o.sent_at,
         updated_at = now()
    from booking.sms_outbox o
   where o.org_id = p_org_id and o.id = p_message_id
     and o.kind = 'confirmation' and o.provider_message_id is not null
     and a.org_id = o.org_id and a.id = o.appointment_id
     and (not a.confirmation_sms_sent
          or a.confirmation_sms_id is distinct from o.provider_message_id
          or a.confirmation_sms_sent_at is distinct from o.sent_at);
$$;

--
-- Name: FUNCTION sync_confirmation_sms(p_org_id uuid, p_message_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sync_confirmation_sms(p_org_id uuid, p_message_id uuid) IS 'Copies a confirmation''s provider id and acceptance time to its appointment (confirmation_sms_sent = true).';

--
-- Name: sync_reminders(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.sync_reminders(p_org_id uuid, p_appointment_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_appointment booking.appointments;
  v_org booking.organizations;
  v_phone text;
  v_offset integer;
  v_due timestamptz;
  v_text text;
  v_added integer := 0;
begin
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return 0;
  end if;

  update booking.sms_outbox o
     set status = 'canceled',
         error_code = case when v_appointment.status in ('scheduled', 'confirmed')
                           then 'APPOINTMENT_RESCHEDULED' else 'APPOINTMENT_CANCELLED' end,
         updated_at = now()
   where o.org_id = p_org_id and o.appointment_id = p_appointment_id
     and o.kind = 'reminder' and o.status = 'pending'
     and (v_appointment.status not in ('scheduled', 'confirmed')
          or o.appointment_scheduled_at is distinct from v_appointment.scheduled_at);
  if v_appointment.status not in ('scheduled', 'confirmed') then
    return 0;
  end if;

  select * into v_org from booking.organizations where org_id = p_org_id;
  select phone into v_phone from booking.contacts
   where org_id = p_org_id and id = v_appointment.contact_id;
  foreach v_offset in array v_org.reminder_offsets_minutes loop
    v_due := v_appointment.scheduled_at - make_interval(mins => v_offset);
    continue when v_due <= now();
    continue when exists (
      select from booking.sms_outbox o
       where o.org_id = p_org_id and o.appointment_id = p_appointment_id and o.kind = 'reminder'
         and o.appointment_scheduled_at = v_appointment.scheduled_at
         and o.reminder_offset_minutes = v_offset and o.status <> 'canceled');
    -- Worded for when it is read: no C offered inside the cancel notice.
    v_text := booking.appointment_sms_text('reminder', p_org_id, p_appointment_id, null, v_due);
    perform booking.enqueue_sms(p_org_id, 'reminder', v_phone, v_text, p_appointment_id,
                                p_expires_at => v_appointment.scheduled_at,
                                p_send_at => v_due,
                                p_appointment_scheduled_at => v_appointment.scheduled_at,
                                p_reminder_offset_minutes => v_offset);
    v_added := v_added + 1;
  end loop;
  return v_added;
end;
$$;

--
-- Name: FUNCTION sync_reminders(p_org_id uuid, p_appointment_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.sync_reminders(p_org_id uuid, p_appointment_id uuid) IS 'Cancels pending reminders of a start the appointment no longer has (or of a cancelled one) and enqueues one per organization offset due at start - offset when still in the future; returns how many were added.';

--
-- Name: timezone_display_name(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.timezone_display_name(p_timezone text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select coalesce(
    (select n.name from (values
      ('America/New_York', 'Eastern Time'), ('America/Detroit', 'Eastern Time'),
      ('America/Toronto', 'Eastern Time'), ('America/Indiana/Indianapolis', 'Eastern Time'),
      ('America/Kentucky/Louisville', 'Eastern Time'), ('US/Eastern', 'Eastern Time'),
      ('America/Chicago', 'Central Time'), ('America/Winnipeg', 'Central Time'),
      ('US/Central', 'Central Time'), ('America/Mexico_City', 'Central Time'),
      ('America/Denver', 'Mountain Time'), ('America/Edmonton', 'Mountain Time'),
      ('America/Boise', 'Mountain Time'), ('US/Mountain', 'Mountain Time'),
      ('America/Phoenix', 'Mountain Time (Arizona)'), ('US/Arizona', 'Mountain Time (Arizona)'),
      ('America/Los_Angeles', 'Pacific Time'), ('America/Vancouver', 'Pacific Time'),
      ('US/Pacific', 'Pacific Time'),
      ('America/Anchorage', 'Alaska Time'), ('US/Alaska', 'Alaska Time'),
      ('Pacific/Honolulu', 'Hawaii Time'), ('US/Hawaii', 'Hawaii Time'),
      ('America/Halifax', 'Atlantic Time'), ('America/Puerto_Rico', 'Atlantic Time'),
      ('America/St_Johns', 'Newfoundland Time'), ('America/Regina', 'Central Time (Saskatchewan)'),
      ('Europe/London', 'UK Time'), ('Europe/Dublin', 'Irish Time'),
      ('Europe/Lisbon', 'Western European Time'),
      ('Europe/Paris', 'Central European Time'), ('Europe/Berlin', 'Central European Time'),
      ('Europe/Madrid', 'Central European Time'), ('Europe/Rome', 'Central European Time'),
      ('Europe/Amsterdam', 'Central European Time'), ('Europe/Brussels', 'Central European Time'),
      ('Europe/Vienna', 'Central European Time'), ('Europe/Zurich', 'Central European Time'),
      ('Europe/Stockholm', 'Central European Time'), ('Europe/Oslo', 'Central European Time'),
      ('Europe/Copenhagen', 'Central European Time'), ('Europe/Warsaw', 'Central European Time'),
      ('Europe/Prague', 'Central European Time'), ('Europe/Budapest', 'Central European Time'),
      ('Europe/Luxembourg', 'Central European Time'),
      ('Europe/Athens', 'Eastern European Time'), ('Europe/Helsinki', 'Eastern European Time'),
      ('Europe/Bucharest', 'Eastern European Time'), ('Europe/Sofia', 'Eastern European Time'),
      ('Europe/Kyiv', 'Eastern European Time'), ('Europe/Kiev', 'Eastern European Time'),
      ('Australia/Sydney', 'Australian Eastern Time'), ('Australia/Melbourne', 'Australian Eastern Time'),
      ('Australia/Brisbane', 'Australian Eastern Time'), ('Australia/Hobart', 'Australian Eastern Time'),
      ('Australia/Adelaide', 'Australian Central Time'), ('Australia/Darwin', 'Australian Central Time'),
      ('Australia/Perth', 'Australian Western Time'),
      ('Pacific/Auckland', 'New Zealand Time'),
      ('Asia/Tokyo', 'Japan Time'), ('Asia/Kolkata', 'India Time'), ('Asia/Calcutta', 'India Time'),
      ('Asia/Singapore', 'Singapore Time'), ('Asia/Hong_Kong', 'Hong Kong Time'),
      ('Asia/Dubai', 'Gulf Time'), ('UTC', 'Coordinated Universal Time'), ('Etc/UTC', 'Coordinated Universal Time')
    ) as n(tz, name) where n.tz = p_timezone),
    p_timezone);
$$;

--
-- Name: FUNCTION timezone_display_name(p_timezone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.timezone_display_name(p_timezone text) IS 'A time zone as people say it (America/New_York: Eastern Time) for common zones, else the IANA id.';

--
-- Name: to_iso8601_local(timestamp with time zone, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.to_iso8601_local(p_at timestamp with time zone, p_timezone text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
  select to_char(p_at at time zone p_timezone, 'YYYY-MM-DD"T"HH24:MI:SS')
      || case when offset_minutes < 0 then '-' else '+' end
      || lpad((abs(offset_minutes) / 60)::text, 2, '0') || ':'
      || lpad((abs(offset_minutes) % 60)::text, 2, '0')
    from (select (extract(epoch from (p_at at time zone p_timezone) - (p_at at time zone 'UTC')) / 60)::integer
                   as offset_minutes) o;
$$;

--
-- Name: FUNCTION to_iso8601_local(p_at timestamp with time zone, p_timezone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.to_iso8601_local(p_at timestamp with time zone, p_timezone text) IS 'ISO-8601 local time with the zone''s offset at that instant.';

--
-- Name: to_iso8601_utc(timestamp with time zone); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.to_iso8601_utc(p_at timestamp with time zone) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
begin
  return to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
      || case when extract(microseconds from p_at at time zone 'UTC')::bigint % 1000000 = 0 then ''
              else to_char(p_at at time zone 'UTC', '.US') end
      || '+00:00';
end;
$$;

--
-- Name: FUNCTION to_iso8601_utc(p_at timestamp with time zone); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.to_iso8601_utc(p_at timestamp with time zone) IS 'ISO-8601 text of an instant in UTC, e.g. 2026-01-18T15:00:00+00:00.';

--
-- Name: twilio_credentials(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.twilio_credentials(p_org_id uuid, p_encryption_key text) RETURNS TABLE(account_sid text, auth_token text, from_number text, messaging_service_sid text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_service_role();
  return query
  select s.twilio_account_sid,
         booking.decrypt_setting(s.twilio_auth_token_encrypted, p_encryption_key),
         s.twilio_from_number,
         s.twilio_messaging_service_sid
    from booking.integration_settings s
   where s.org_id = p_org_id and s.twilio_account_sid is not null;
end;
$$;

--
-- Name: FUNCTION twilio_credentials(p_org_id uuid, p_encryption_key text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.twilio_credentials(p_org_id uuid, p_encryption_key text) IS 'Worker API: an organization''s Twilio account SID, decrypted auth token, from number, messaging service; no row if not configured.';

--
-- Name: twilio_webhook_credentials(uuid, text, text, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.twilio_webhook_credentials(p_org_id uuid, p_account_sid text, p_message_sid text, p_to text, p_messaging_service_sid text, p_encryption_key text) RETURNS TABLE(org_id uuid, auth_token text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_service_role();
  return query
  select s.org_id, booking.decrypt_setting(s.twilio_auth_token_encrypted, p_encryption_key)
    from booking.integration_settings s
   where s.twilio_account_sid = p_account_sid
     and case
           when p_org_id is not null then s.org_id = p_org_id
           when p_message_sid is not null then s.org_id in (
             select o.org_id from booking.sms_outbox o where o.provider_message_id = p_message_sid)
           else s.twilio_from_number = p_to
                or s.twilio_messaging_service_sid = p_messaging_service_sid
         end
   order by s.org_id;
end;
$$;

--
-- Name: FUNCTION twilio_webhook_credentials(p_org_id uuid, p_account_sid text, p_message_sid text, p_to text, p_messaging_service_sid text, p_encryption_key text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.twilio_webhook_credentials(p_org_id uuid, p_account_sid text, p_message_sid text, p_to text, p_messaging_service_sid text, p_encryption_key text) IS 'Webhook API: candidate organizations of a Twilio webhook (by org id, message sid, or texted number / messaging service, within the account) with decrypted auth tokens for signature checks.';

--
-- Name: unbookable_error(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.unbookable_error(p_reason text) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return booking.json_error(p_reason, case p_reason
    when 'PAST_TIME' then 'The start is in the past'
    when 'TOO_SOON' then 'The start is inside the calendar''s minimum notice'
    when 'TOO_FAR_AHEAD' then 'The start is beyond how far ahead the calendar books'
    else 'The calendar does not offer this start time (closed or off the slot grid)' end);
end;
$$;

--
-- Name: FUNCTION unbookable_error(p_reason text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.unbookable_error(p_reason text) IS 'The business error answering a booking.unbookable_reason reason.

Args: p_reason, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD or OUTSIDE_HOURS. Answer: {"success": false, "error": p_reason, "message", "created_at"} (booking.json_error). Codes: the reason itself.';

--
-- Name: unbookable_reason(uuid, text, timestamp with time zone, integer, boolean); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.unbookable_reason(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_ignore_notice boolean DEFAULT false) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_reason text;
begin
  select case
    when p_starts_at < now() then 'PAST_TIME'
    when not p_ignore_notice and p_starts_at < now() + make_interval(mins => c.min_notice_minutes) then 'TOO_SOON'
    when p_starts_at > now() + make_interval(days => c.max_advance_days) then 'TOO_FAR_AHEAD'
    when not exists (
      select from booking.offered_slots(p_org_id, p_calendar_id,
                                        (p_starts_at at time zone o.timezone)::date,
                                        p_duration_minutes, p_starts_at,
                                        case when p_ignore_notice then 0 end) s
       where s.starts_at = p_starts_at) then 'OUTSIDE_HOURS'
  end
    into v_reason
    from booking.calendars c
    join booking.organizations o on o.org_id = c.org_id
   where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  return v_reason;
end;
$$;

--
-- Name: FUNCTION unbookable_reason(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_ignore_notice boolean); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.unbookable_reason(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_ignore_notice boolean) IS 'PAST_TIME, TOO_SOON, TOO_FAR_AHEAD or OUTSIDE_HOURS when offered_slots would not offer the start; NULL when it would. p_ignore_notice (staff bookings): the minimum notice does not apply.';

--
-- Name: upcoming_appointments_of_phone(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.upcoming_appointments_of_phone(p_org_id uuid, p_phone text) RETURNS SETOF booking.appointments
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select a.*
    from booking.appointments a
    join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
   where a.org_id = p_org_id and c.phone = p_phone
     and a.status in ('scheduled', 'confirmed') and a.scheduled_at > now()
   order by a.scheduled_at, a.id;
$$;

--
-- Name: FUNCTION upcoming_appointments_of_phone(p_org_id uuid, p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.upcoming_appointments_of_phone(p_org_id uuid, p_phone text) IS 'Scheduled appointments of a phone number at an organization whose start is still ahead, soonest first.';

--
-- Name: upsert_contact(uuid, text, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.upsert_contact(p_org_id uuid, p_name text, p_email text, p_phone text) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_id uuid;
begin
  insert into booking.contacts as c (org_id, name, email, phone, booking_source)
  values (p_org_id, p_name, p_email, p_phone, 'phone_ai')
  on conflict (org_id, phone) do update
     set name = excluded.name,
         email = coalesce(excluded.email, c.email),
         updated_at = now()
  returning c.id into v_id;
  return v_id;
end;
$$;

--
-- Name: FUNCTION upsert_contact(p_org_id uuid, p_name text, p_email text, p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.upsert_contact(p_org_id uuid, p_name text, p_email text, p_phone text) IS 'Contact id for (org, phone), created or updated with the latest name and e-mail.';

--
-- Name: voice_agent_mismatch(uuid, text, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.voice_agent_mismatch(p_org_id uuid, p_assistant_id text, p_phone_number text) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_agent booking.voice_agents%rowtype;
begin
  select * into v_agent from booking.voice_agents where org_id = p_org_id;
  if v_agent.assistant_id is not null and nullif(p_assistant_id, '') is not null
     and p_assistant_id <> v_agent.assistant_id then
    return booking.json_error('ASSISTANT_MISMATCH', 'The assistant does not belong to this secret''s organization');
  end if;
  if v_agent.phone_number is not null and nullif(p_phone_number, '') is not null
     and booking.normalize_phone(p_phone_number,
           (select phone_region from booking.organizations where org_id = p_org_id))
         is distinct from v_agent.phone_number then
    return booking.json_error('PHONE_NUMBER_MISMATCH', 'The called number does not belong to this secret''s organization');
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION voice_agent_mismatch(p_org_id uuid, p_assistant_id text, p_phone_number text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.voice_agent_mismatch(p_org_id uuid, p_assistant_id text, p_phone_number text) IS 'NULL unless a configured assistant id or called number of the organization disagrees with the request''s: ASSISTANT_MISMATCH, PHONE_NUMBER_MISMATCH.';

--
-- Name: voice_caller_policies; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.voice_caller_policies (
    org_id uuid NOT NULL,
    caller_id_policy text DEFAULT 'verify_changes'::text NOT NULL,
    lookups_per_call integer DEFAULT 10 NOT NULL,
    lookups_per_hour integer DEFAULT 300 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT voice_caller_policies_lookups_check CHECK ((((lookups_per_call >= 1) AND (lookups_per_call <= 1000)) AND ((lookups_per_hour >= 1) AND (lookups_per_hour <= 100000)))),
    CONSTRAINT voice_caller_policies_policy_check CHECK ((caller_id_policy = ANY (ARRAY['verify_changes'::text, 'verify_all'::text, 'trust_attested'::text])))
);

--
-- Name: TABLE voice_caller_policies; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.voice_caller_policies IS 'Per organization: how far the voice platform''s caller id is trusted (verify_changes: lookups by caller id say that and when, changes need the texted code; verify_all: lookups need the code too; trust_attested: changes without a code only for a fully attested caller id, STIR/SHAKEN A), and the lookup rate limits. No row: the defaults.';

--
-- Name: voice_caller_policy(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.voice_caller_policy(p_org_id uuid) RETURNS booking.voice_caller_policies
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(
    (select p from booking.voice_caller_policies p where p.org_id = p_org_id),
    row(p_org_id, 'verify_changes', 10, 300, now(), now())::booking.voice_caller_policies);
$$;

--
-- Name: FUNCTION voice_caller_policy(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.voice_caller_policy(p_org_id uuid) IS 'The organization''s voice caller policy row, or the defaults (verify_changes, 10 lookups per call, 300 per hour) when it has none.';

--
-- Name: waitlist_candidates(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_candidates(p_org_id uuid, p_slot_id uuid) RETURNS TABLE(entry_id uuid, contact_id uuid, phone text, service_type text, appointment_id uuid, starts_at timestamp with time zone, duration_minutes integer)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  with slot as (
    select s.*, o.timezone, (s.starts_at at time zone o.timezone)::date as local_date,
           now() + make_interval(mins => (booking.waitlist_config(s.org_id)).offer_minutes) as not_before
      from booking.waitlist_slots s
      join booking.organizations o on o.org_id = s.org_id
     where s.org_id = p_org_id and s.id = p_slot_id and s.status = 'offering'
  ),
  entries as (
    select e.id, e.contact_id, c.phone, e.service_type, e.appointment_id, e.earliest, e.latest,
           e.weekdays, e.day_start, e.day_end, e.created_at, a.scheduled_at as appointment_at,
           case when e.appointment_id is not null then a.duration_minutes
                else booking.service_duration(p_org_id, slot.calendar_id, e.service_type) end as duration
      from slot
      join booking.waitlist_entries e
        on e.org_id = p_org_id and e.status = 'open'
       and (e.calendar_id is null or e.calendar_id = slot.calendar_id)
       and e.latest >= slot.local_date and e.earliest <= (slot.ends_at at time zone slot.timezone)::date
      join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id
      left join booking.appointments a on a.org_id = e.org_id and a.id = e.appointment_id
     where (e.appointment_id is null
            or (a.calendar_id = slot.calendar_id and a.status in ('scheduled', 'confirmed')
                and a.scheduled_at > slot.starts_at))
       and not exists (select from booking.waitlist_offers w
                        where w.org_id = p_org_id and w.slot_id = p_slot_id and w.entry_id = e.id)
  ),
  lengths as (
    select distinct en.duration from entries en where en.duration is not null
  ),
  -- Computed once, not once per entry (a CTE used once would be inlined).
  -- A freed interval of exactly the length (a cancelled appointment, for
  -- the same service) has one start to check, not a day to list.
  starts as materialized (
    select l.duration, o.starts_at, o.local_start
      from slot
      cross join lengths l
      cross join lateral booking.offered_slots(
        p_org_id, slot.calendar_id, slot.local_date, l.duration,
        case when slot.ends_at - slot.starts_at = make_interval(mins => l.duration) then slot.starts_at end) o
     where o.starts_at >= slot.starts_at
       and o.starts_at + make_interval(mins => l.duration) <= slot.ends_at
       and o.starts_at >= slot.not_before
       and booking.slot_is_free(p_org_id, slot.calendar_id, o.starts_at,
                                o.starts_at + make_interval(mins => l.duration))
  )
  select en.id, en.contact_id, en.phone, en.service_type, en.appointment_id, st.starts_at, en.duration
    from entries en
    cross join lateral (
      select s.starts_at
        from starts s
       where s.duration = en.duration
         and s.local_start::date between en.earliest and en.latest
         and (en.weekdays is null or extract(isodow from s.local_start)::integer = any (en.weekdays))
         and (en.day_start is null or (s.local_start::time >= en.day_start and s.local_start::time < en.day_end))
         and (en.appointment_at is null or s.starts_at < en.appointment_at)
         and not exists (
           select from booking.appointments x
            where x.org_id = p_org_id and x.contact_id = en.contact_id and x.status in ('scheduled', 'confirmed')
              and x.id is distinct from en.appointment_id
              and tstzrange(x.scheduled_at, x.ends_at, '[)')
                  && tstzrange(s.starts_at, s.starts_at + make_interval(mins => en.duration), '[)'))
       order by s.starts_at
       limit 1) st
   order by en.latest, en.created_at, en.id;
$$;

--
-- Name: FUNCTION waitlist_candidates(p_org_id uuid, p_slot_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_candidates(p_org_id uuid, p_slot_id uuid) IS 'The open waitlist entries a slot being offered fits now, ranked by window fit (latest date first) then first come, each with the start and length an offer would book: a start the calendar offers patients with the visit inside the freed interval, free, no sooner than the offer window, within the entry''s dates, weekdays and time of day (and before its appointment, for an earlier time). Whether the number may be texted is the caller''s.';

--
-- Name: waitlist_settings; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.waitlist_settings (
    org_id uuid NOT NULL,
    enabled boolean DEFAULT false NOT NULL,
    batch_size integer DEFAULT 3 NOT NULL,
    offer_minutes integer DEFAULT 15 NOT NULL,
    quiet_start time without time zone DEFAULT '20:00:00'::time without time zone NOT NULL,
    quiet_end time without time zone DEFAULT '08:00:00'::time without time zone NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT waitlist_settings_batch_size_check CHECK (((batch_size >= 1) AND (batch_size <= 50))),
    CONSTRAINT waitlist_settings_offer_minutes_check CHECK (((offer_minutes >= 5) AND (offer_minutes <= 240)))
);

--
-- Name: TABLE waitlist_settings; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.waitlist_settings IS 'A clinic''s waitlist: enabled (default off), offers per batch (default 3), minutes an offer stays open (default 15), quiet hours in the clinic''s zone when no offer is sent (default 20:00-08:00; equal times: none). No row: the defaults. Written by public.set_waitlist_settings.';

--
-- Name: waitlist_config(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_config(p_org_id uuid) RETURNS booking.waitlist_settings
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(
    (select s from booking.waitlist_settings s where s.org_id = p_org_id),
    row(p_org_id, false, 3, 15, time '20:00', time '08:00', null)::booking.waitlist_settings);
$$;

--
-- Name: FUNCTION waitlist_config(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_config(p_org_id uuid) IS 'A clinic''s waitlist settings row, or the defaults (enabled false, batch_size 3, offer_minutes 15, quiet 20:00-08:00) without one.';

--
-- Name: waitlist_conversation_offer(uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_conversation_offer(p_org_id uuid, p_phone text) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select w.id
    from (select m.id, m.kind
            from booking.sms_outbox m
           where m.org_id = p_org_id and m.recipient = p_phone
             and m.sent_at > now() - interval '7 days'
           order by m.sent_at desc, m.created_at desc
           limit 1) latest
    join booking.waitlist_offers w on w.org_id = p_org_id and w.message_id = latest.id
   where latest.kind = 'waitlist_offer';
$$;

--
-- Name: FUNCTION waitlist_conversation_offer(p_org_id uuid, p_phone text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_conversation_offer(p_org_id uuid, p_phone text) IS 'The waitlist offer a reply from a number answers: the one whose message is the latest the clinic sent it (within 7 days); NULL otherwise.';

--
-- Name: waitlist_interval_freed(uuid, text, timestamp with time zone, timestamp with time zone, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_interval_freed(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_cause text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_config booking.waitlist_settings := booking.waitlist_config(p_org_id);
  v_slot_id uuid;
  v_not_before timestamptz := now() + make_interval(mins => v_config.offer_minutes);
begin
  -- A time starting inside the offer window is not offered: it could start
  -- before the offer ends. Of a longer interval (a block, the rest of a
  -- filled one), what starts after the window is.
  if not v_config.enabled or p_ends_at <= v_not_before
     or (p_starts_at < v_not_before and p_cause not in ('block_removed', 'remainder')) then
    return null;
  end if;
  if not exists (select from booking.waitlist_entries e where e.org_id = p_org_id and e.status = 'open') then
    -- Nobody waits: recorded as freed and unfilled (the week's figures),
    -- without looking for anyone.
    insert into booking.waitlist_slots (org_id, calendar_id, starts_at, ends_at, cause, status, closed_at)
    values (p_org_id, p_calendar_id, greatest(p_starts_at, v_not_before), p_ends_at, p_cause, 'unfilled', now())
    returning id into v_slot_id;
    return v_slot_id;
  end if;
  insert into booking.waitlist_slots (org_id, calendar_id, starts_at, ends_at, cause, next_batch_at)
  values (p_org_id, p_calendar_id, greatest(p_starts_at, v_not_before), p_ends_at, p_cause, now())
  returning id into v_slot_id;
  if pg_try_advisory_xact_lock(booking.calendar_lock_key(p_org_id, p_calendar_id)) then
    perform booking.waitlist_send_batch(p_org_id, v_slot_id);
  end if;  -- else next_batch_at = now(): the sweeper's
  return v_slot_id;
end;
$$;

--
-- Name: FUNCTION waitlist_interval_freed(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_cause text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_interval_freed(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_cause text) IS 'A calendar interval freed up (cancelled, rescheduled, hold_released, block_removed, remainder): with the waitlist on, records a slot being offered and queues its first batch of offers in the same transaction under the calendar lock (only tried: when another transaction has it, the batch is due now for public.advance_waitlist). Returns the slot id or NULL.';

--
-- Name: waitlist_interval_taken(uuid, text, timestamp with time zone, timestamp with time zone, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_interval_taken(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_hold_id uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_slot_ids uuid[];
begin
  with taken as (
    update booking.waitlist_slots s
       set status = 'taken', closed_at = now(), next_batch_at = null, taken_by_hold_id = p_hold_id
     where s.org_id = p_org_id and s.calendar_id = p_calendar_id and s.status = 'offering'
       and s.starts_at < p_ends_at and s.ends_at > p_starts_at
    returning s.id)
  select array_agg(id) into v_slot_ids from taken;
  if v_slot_ids is null then
    return 0;
  end if;
  with withdrawn as (
    update booking.waitlist_offers o
       set status = 'withdrawn', answered_at = now()
     where o.org_id = p_org_id and o.slot_id = any (v_slot_ids) and o.status = 'sent'
    returning o.message_id)
  update booking.sms_outbox m
     set status = 'canceled', updated_at = now()
    from withdrawn w
   where m.org_id = p_org_id and m.id = w.message_id and m.status = 'pending';
  return cardinality(v_slot_ids);
end;
$$;

--
-- Name: FUNCTION waitlist_interval_taken(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_hold_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_interval_taken(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_hold_id uuid) IS 'A calendar interval was booked, held, blocked or moved into: overlapping slots being offered become taken (by p_hold_id, when a hold), their open offers withdrawn and unsent offer messages canceled, in the same transaction. Returns the slots stopped.';

--
-- Name: waitlist_join(uuid, text, text, text, text, date, date, integer[], time without time zone, time without time zone, uuid, text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_join(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid, p_actor text) RETURNS json
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_today date;
  v_patient record;
  v_error json;
  v_service text;
  v_calendar_id text;
  v_contact_id uuid;
  v_appointment booking.appointments;
  v_earliest date;
  v_latest date;
  v_weekdays integer[];
  v_entry_id uuid;
begin
  perform booking.assert_actor(p_actor);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if not (booking.waitlist_config(p_org_id)).enabled then
    return booking.json_error('WAITLIST_DISABLED', 'The clinic does not keep a waitlist');
  end if;
  v_today := (now() at time zone v_org.timezone)::date;

  if p_appointment_id is not null then
    select * into v_appointment from booking.appointments
     where org_id = p_org_id and id = p_appointment_id
       and status in ('scheduled', 'confirmed') and scheduled_at > now();
    if not found then
      return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such upcoming appointment');
    end if;
    v_contact_id := v_appointment.contact_id;
    v_service := v_appointment.service_type;
    v_calendar_id := v_appointment.calendar_id;
  else
    select * into v_patient
      from booking.normalize_patient(p_patient_name, p_patient_phone, null, v_org.phone_region) n;
    if v_patient.error is not null then
      return v_patient.error;
    end if;
    v_error := booking.sms_destination_refusal(p_org_id, v_patient.phone);
    if v_error is not null then
      return v_error;
    end if;
    v_service := booking.normalize_service_type(p_service_type);
    if v_service is null then
      return booking.json_error('INVALID_SERVICE_TYPE', 'The service type must be 1 to 100 characters');
    end if;
    if p_calendar_id is not null then
      v_calendar_id := (booking.find_calendar(p_org_id, p_calendar_id)).calendar_id;
      if v_calendar_id is null then
        return booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no such calendar');
      end if;
      if booking.service_duration(p_org_id, v_calendar_id, v_service) is null then
        return booking.json_error('UNKNOWN_SERVICE_TYPE', 'The calendar does not offer this service type');
      end if;
    elsif not exists (select from booking.calendars c
                       where c.org_id = p_org_id
                         and booking.service_duration(p_org_id, c.calendar_id, v_service) is not null) then
      return booking.json_error('UNKNOWN_SERVICE_TYPE', 'No calendar of the clinic offers this service type');
    end if;
  end if;

  v_earliest := greatest(coalesce(p_earliest, v_today), v_today);
  v_latest := coalesce(p_latest, v_earliest + 27);
  if v_appointment.id is not null then
    v_latest := least(v_latest, (v_appointment.scheduled_at at time zone v_org.timezone)::date);
  end if;
  if p_latest < v_today then
    return booking.json_error('WINDOW_IN_PAST', 'The dates wanted are in the past');
  end if;
  if v_latest < v_earliest or p_latest < p_earliest or v_latest > v_earliest + 90 then
    return booking.json_error('INVALID_WINDOW', 'The dates wanted must run forwards, over at most 91 days');
  end if;
  if p_weekdays is not null and (array_position(p_weekdays, null) is not null
                                 or not p_weekdays <@ array[1, 2, 3, 4, 5, 6, 7]) then
    return booking.json_error('INVALID_WINDOW', 'Weekdays are numbered 1 (Monday) to 7 (Sunday)');
  end if;
  v_weekdays := nullif(array(select distinct d from unnest(p_weekdays) d order by d), '{}'::integer[]);
  if (p_day_start is null) <> (p_day_end is null) or p_day_start >= p_day_end then
    return booking.json_error('INVALID_WINDOW', 'The time of day wanted must have a start before its end');
  end if;

  if v_contact_id is null then
    v_contact_id := booking.find_or_create_contact(p_org_id, v_patient.name, v_patient.phone);
  end if;
  perform pg_advisory_xact_lock(hashtextextended('booking.waitlist:' || p_org_id::text || ':' || v_contact_id::text, 0));

  update booking.waitlist_entries e
     set earliest = v_earliest, latest = v_latest, weekdays = v_weekdays,
         day_start = p_day_start, day_end = p_day_end
   where e.org_id = p_org_id and e.contact_id = v_contact_id and e.status = 'open'
     and lower(e.service_type) = lower(v_service) and e.calendar_id is not distinct from v_calendar_id
     and e.appointment_id is not distinct from p_appointment_id
  returning e.id into v_entry_id;
  if v_entry_id is not null then
    return json_build_object('success', true, 'waitlist_entry_id', v_entry_id, 'already_on_list', true,
                             'earliest', v_earliest, 'latest', v_latest);
  end if;
  if (select count(*) from booking.waitlist_entries e
       where e.org_id = p_org_id and e.contact_id = v_contact_id and e.status = 'open') >= 5 then
    return booking.json_error('TOO_MANY_WAITLIST_ENTRIES', 'The patient is already waiting for 5 times');
  end if;
  insert into booking.waitlist_entries (org_id, contact_id, service_type, calendar_id, earliest, latest,
                                        weekdays, day_start, day_end, appointment_id, joined_by)
  values (p_org_id, v_contact_id, v_service, v_calendar_id, v_earliest, v_latest,
          v_weekdays, p_day_start, p_day_end, p_appointment_id, p_actor)
  returning id into v_entry_id;
  return json_build_object('success', true, 'waitlist_entry_id', v_entry_id, 'already_on_list', false,
                           'earliest', v_earliest, 'latest', v_latest);
end;
$$;

--
-- Name: FUNCTION waitlist_join(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid, p_actor text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_join(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid, p_actor text) IS 'Internal: puts a patient (name and phone, or an appointment''s patient wanting an earlier time) on the waitlist for a service, calendar (NULL: any) and window of local dates (default today + 27 days, at most 91), weekdays and time of day; the same open entry is answered again with the new window. Returns {"success": true, "waitlist_entry_id", "already_on_list", "earliest", "latest"} or WAITLIST_DISABLED, INVALID_ORGANIZATION, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED, INVALID_SERVICE_TYPE, CALENDAR_NOT_FOUND, UNKNOWN_SERVICE_TYPE, INVALID_WINDOW, WINDOW_IN_PAST, TOO_MANY_WAITLIST_ENTRIES, APPOINTMENT_NOT_FOUND.';

--
-- Name: waitlist_leave(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_leave(p_org_id uuid, p_entry_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_slot record;
  v_slot_ids uuid[];
  v_calendar_id text;
begin
  for v_calendar_id in
    select distinct o.calendar_id from booking.waitlist_offers o
     where o.org_id = p_org_id and o.entry_id = p_entry_id and o.status = 'sent'
     order by o.calendar_id
  loop
    perform booking.lock_calendar(p_org_id, v_calendar_id);
  end loop;
  update booking.waitlist_entries set status = 'left', closed_at = now()
   where org_id = p_org_id and id = p_entry_id and status = 'open';
  if not found then
    return exists (select from booking.waitlist_entries where org_id = p_org_id and id = p_entry_id);
  end if;
  with declined as (
    update booking.waitlist_offers o set status = 'declined', answered_at = now()
     where o.org_id = p_org_id and o.entry_id = p_entry_id and o.status = 'sent'
    returning o.slot_id, o.message_id),
  canceled as (
    update booking.sms_outbox m set status = 'canceled', updated_at = now()
      from declined d
     where m.org_id = p_org_id and m.id = d.message_id and m.status = 'pending')
  select array_agg(distinct d.slot_id) into v_slot_ids from declined d;
  for v_slot in
    select s.id, s.calendar_id from booking.waitlist_slots s
     where s.org_id = p_org_id and s.id = any (coalesce(v_slot_ids, '{}')) and s.status = 'offering'
       and not exists (select from booking.waitlist_offers o
                        where o.org_id = p_org_id and o.slot_id = s.id and o.status = 'sent'
                          and o.expires_at > now())
  loop
    update booking.waitlist_slots set next_batch_at = now() where org_id = p_org_id and id = v_slot.id;
    perform booking.waitlist_send_batch(p_org_id, v_slot.id);
  end loop;
  return true;
end;
$$;

--
-- Name: FUNCTION waitlist_leave(p_org_id uuid, p_entry_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_leave(p_org_id uuid, p_entry_id uuid) IS 'Internal: an open waitlist entry is left (waitlist.left), its open offers declined (unsent messages canceled), and a slot left without an open offer sends its next batch now; the calendars'' locks first (55P03 when busy). Idempotent; false for an unknown entry.';

--
-- Name: waitlist_offer_sms_text(uuid, text, text, timestamp with time zone, timestamp with time zone, text, timestamp with time zone); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_offer_sms_text(p_org_id uuid, p_calendar_id text, p_service_type text, p_starts_at timestamp with time zone, p_expires_at timestamp with time zone, p_link text, p_appointment_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select o.name || ': '
         || case when p_appointment_at is null then 'a ' else 'an earlier ' end
         || booking.service_display_name(p_org_id, p_calendar_id, p_service_type)
         || ' time opened on ' || booking.format_local_time(p_org_id, p_starts_at) || '. '
         || case when p_appointment_at is null then 'Reply Y to take it'
                 else 'Reply Y to move your appointment on ' || booking.format_local_time(p_org_id, p_appointment_at)
                      || ' to it' end
         || ' or use ' || p_link || '. Offer ends at ' || booking.format_local_time(p_org_id, p_expires_at, true)
         || '. Reply N to leave the waitlist.'
    from booking.organizations o
   where o.org_id = p_org_id;
$$;

--
-- Name: FUNCTION waitlist_offer_sms_text(p_org_id uuid, p_calendar_id text, p_service_type text, p_starts_at timestamp with time zone, p_expires_at timestamp with time zone, p_link text, p_appointment_at timestamp with time zone); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_offer_sms_text(p_org_id uuid, p_calendar_id text, p_service_type text, p_starts_at timestamp with time zone, p_expires_at timestamp with time zone, p_link text, p_appointment_at timestamp with time zone) IS 'The SMS offering a freed time to a waitlisted patient (clinic, service as patients read it, local date and time, Y or the link, when the offer ends, N to leave); for an earlier time, which appointment it moves.';

--
-- Name: waitlist_patient_booked(uuid, uuid, text, timestamp with time zone); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_patient_booked(p_org_id uuid, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_closed integer;
begin
  update booking.waitlist_entries e set status = 'booked', closed_at = now()
    from booking.organizations o
   where e.org_id = p_org_id and e.contact_id = p_contact_id and e.status = 'open'
     and e.appointment_id is null and lower(e.service_type) = lower(p_service_type)
     and o.org_id = e.org_id
     and (p_scheduled_at at time zone o.timezone)::date between e.earliest and e.latest;
  get diagnostics v_closed = row_count;
  return v_closed;
end;
$$;

--
-- Name: FUNCTION waitlist_patient_booked(p_org_id uuid, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_patient_booked(p_org_id uuid, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone) IS 'A patient got an appointment: their open waitlist entries for that service whose window holds its date close as booked (entries for an earlier time of an appointment stay). Returns how many closed.';

--
-- Name: waitlist_quiet_until(uuid, booking.waitlist_settings, timestamp with time zone); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_quiet_until(p_org_id uuid, p_settings booking.waitlist_settings, p_at timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_zone text;
  v_local timestamp;
  v_time time;
  v_quiet boolean;
begin
  if p_settings.quiet_start = p_settings.quiet_end then
    return null;
  end if;
  select o.timezone into v_zone from booking.organizations o where o.org_id = p_org_id;
  v_local := p_at at time zone v_zone;
  v_time := v_local::time;
  v_quiet := case when p_settings.quiet_start < p_settings.quiet_end
                  then v_time >= p_settings.quiet_start and v_time < p_settings.quiet_end
                  else v_time >= p_settings.quiet_start or v_time < p_settings.quiet_end end;
  if not v_quiet then
    return null;
  end if;
  return ((v_local::date + case when v_time >= p_settings.quiet_end then 1 else 0 end)
          + p_settings.quiet_end) at time zone v_zone;
end;
$$;

--
-- Name: FUNCTION waitlist_quiet_until(p_org_id uuid, p_settings booking.waitlist_settings, p_at timestamp with time zone); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_quiet_until(p_org_id uuid, p_settings booking.waitlist_settings, p_at timestamp with time zone) IS 'The instant the clinic''s waitlist quiet hours end when p_at falls inside them (clinic zone; across midnight when quiet_start > quiet_end; equal times: never quiet); NULL when offers may be sent at p_at.';

--
-- Name: waitlist_send_batch(uuid, uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_send_batch(p_org_id uuid, p_slot_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_slot booking.waitlist_slots;
  v_config booking.waitlist_settings := booking.waitlist_config(p_org_id);
  v_open_until timestamptz;
  v_quiet_until timestamptz;
  v_expires_at timestamptz := now() + make_interval(mins => v_config.offer_minutes);
  v_candidate record;
  v_token text;
  v_offer_id uuid;
  v_message_id uuid;
  v_count integer := 0;
begin
  select * into v_slot from booking.waitlist_slots
   where org_id = p_org_id and id = p_slot_id for update;
  if not found or v_slot.status <> 'offering' then
    return 0;
  end if;
  if not v_config.enabled then
    update booking.waitlist_slots set status = 'unfilled', closed_at = now(), next_batch_at = null
     where org_id = p_org_id and id = p_slot_id;
    return 0;
  end if;
  select max(o.expires_at) into v_open_until from booking.waitlist_offers o
   where o.org_id = p_org_id and o.slot_id = p_slot_id and o.status = 'sent' and o.expires_at > now();
  if v_open_until is not null then
    update booking.waitlist_slots set next_batch_at = v_open_until where org_id = p_org_id and id = p_slot_id;
    return 0;
  end if;
  v_quiet_until := booking.waitlist_quiet_until(p_org_id, v_config, now());
  if v_quiet_until is not null then
    update booking.waitlist_slots set next_batch_at = v_quiet_until where org_id = p_org_id and id = p_slot_id;
    return 0;
  end if;

  for v_candidate in select * from booking.waitlist_candidates(p_org_id, p_slot_id) loop
    exit when v_count >= v_config.batch_size;
    -- Only numbers an offer can reach: not opted out, allowed, under limits.
    continue when booking.is_sms_opted_out(p_org_id, v_candidate.phone)
               or booking.sms_destination_refusal(p_org_id, v_candidate.phone) is not null
               or booking.recipient_sms_limit(p_org_id, v_candidate.phone, 'waitlist_offer') is not null;
    v_token := translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');
    insert into booking.waitlist_offers (org_id, slot_id, entry_id, calendar_id, starts_at, service_type,
                                         duration_minutes, batch, rank, token_sha256, expires_at)
    values (p_org_id, p_slot_id, v_candidate.entry_id, v_slot.calendar_id, v_candidate.starts_at,
            v_candidate.service_type, v_candidate.duration_minutes, v_slot.batches + 1, v_count + 1,
            extensions.digest(v_token, 'sha256'), v_expires_at)
    returning id into v_offer_id;
    v_message_id := booking.enqueue_sms(p_org_id, 'waitlist_offer', v_candidate.phone,
      booking.waitlist_offer_sms_text(p_org_id, v_slot.calendar_id, v_candidate.service_type,
        v_candidate.starts_at, v_expires_at, booking.public_base_url() || '/w/' || v_token,
        (select a.scheduled_at from booking.appointments a
          where a.org_id = p_org_id and a.id = v_candidate.appointment_id)),
      null, null, v_expires_at);
    update booking.waitlist_offers set message_id = v_message_id where org_id = p_org_id and id = v_offer_id;
    v_count := v_count + 1;
  end loop;

  if v_count = 0 then
    update booking.waitlist_slots set status = 'unfilled', closed_at = now(), next_batch_at = null
     where org_id = p_org_id and id = p_slot_id;
  else
    update booking.waitlist_slots
       set batches = batches + 1, first_offered_at = coalesce(first_offered_at, now()), next_batch_at = v_expires_at
     where org_id = p_org_id and id = p_slot_id;
  end if;
  return v_count;
end;
$$;

--
-- Name: FUNCTION waitlist_send_batch(p_org_id uuid, p_slot_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_send_batch(p_org_id uuid, p_slot_id uuid) IS 'Sends a slot''s next batch of waitlist offers (outbox kind waitlist_offer, a link token each) to the best-ranked fitting entries whose numbers an SMS can reach (opt-out, destination rules, per-recipient limits); waits while a batch is open or quiet hours last (next_batch_at); marks the slot unfilled when none is left. Caller holds the calendar lock. Returns the offers sent.';

--
-- Name: waitlist_settings_json(booking.waitlist_settings); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_settings_json(p_settings booking.waitlist_settings) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select jsonb_build_object(
    'enabled', p_settings.enabled,
    'batch_size', p_settings.batch_size,
    'offer_minutes', p_settings.offer_minutes,
    'quiet_start', to_char(p_settings.quiet_start, 'HH24:MI'),
    'quiet_end', to_char(p_settings.quiet_end, 'HH24:MI'));
$$;

--
-- Name: FUNCTION waitlist_settings_json(p_settings booking.waitlist_settings); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_settings_json(p_settings booking.waitlist_settings) IS 'Waitlist settings as JSON: enabled, batch_size, offer_minutes, quiet_start and quiet_end ("HH:MM").';

--
-- Name: waitlist_offers; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.waitlist_offers (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    slot_id uuid NOT NULL,
    entry_id uuid NOT NULL,
    calendar_id text NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    service_type text NOT NULL,
    duration_minutes integer NOT NULL,
    batch integer NOT NULL,
    rank integer NOT NULL,
    status text DEFAULT 'sent'::text NOT NULL,
    token_sha256 bytea NOT NULL,
    message_id uuid,
    appointment_id uuid,
    offered_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    answered_at timestamp with time zone,
    CONSTRAINT waitlist_offers_duration_check CHECK (((duration_minutes >= 1) AND (duration_minutes <= 1440))),
    CONSTRAINT waitlist_offers_rank_check CHECK ((rank >= 1)),
    CONSTRAINT waitlist_offers_sha256_check CHECK ((length(token_sha256) = 32)),
    CONSTRAINT waitlist_offers_status_check CHECK ((status = ANY (ARRAY['sent'::text, 'claimed'::text, 'taken'::text, 'expired'::text, 'withdrawn'::text, 'declined'::text])))
);

--
-- Name: TABLE waitlist_offers; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.waitlist_offers IS 'An offer of a freed slot to a waitlist entry: the start and service it books, its batch, its rank in the batch (1: the best fit), the outbox message (kind waitlist_offer) and the SHA-256 of its link''s token (<PUBLIC_BASE_URL>/w/<token>; the token is never stored). status sent, claimed (this offer booked the slot: appointment_id), taken (another claim or booking won), expired (unanswered in time), withdrawn (the slot was taken before an answer) or declined (the patient left the waitlist).';

--
-- Name: waitlist_token_offer(text); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_token_offer(p_token text) RETURNS SETOF booking.waitlist_offers
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $_$
  select o.*
    from booking.waitlist_offers o
   where p_token ~ '^[A-Za-z0-9_-]{22,64}$'
     and o.token_sha256 = extensions.digest(p_token, 'sha256')
   limit 1;
$_$;

--
-- Name: FUNCTION waitlist_token_offer(p_token text); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_token_offer(p_token text) IS 'The waitlist offer an offer link token opens; no row for a wrong, unknown or malformed token.';

--
-- Name: waitlist_track_appointment(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_track_appointment() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION waitlist_track_appointment(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_track_appointment() IS 'AFTER ROW trigger of appointments: a cancellation or a move frees the old interval for the waitlist (booking.waitlist_interval_freed); a booking or a move takes the new one (booking.waitlist_interval_taken); a booking satisfies the patient''s own waiting for that service (booking.waitlist_patient_booked).';

--
-- Name: waitlist_track_block(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_track_block() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if tg_op = 'INSERT' then
    perform booking.waitlist_interval_taken(new.org_id, new.calendar_id, new.starts_at, new.ends_at, null);
  else
    perform booking.waitlist_interval_freed(old.org_id, old.calendar_id, old.starts_at, old.ends_at, 'block_removed');
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION waitlist_track_block(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_track_block() IS 'AFTER ROW trigger of calendar_blocks: a block takes its interval from the waitlist''s offers; a removed block frees it.';

--
-- Name: waitlist_track_hold(); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_track_hold() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

--
-- Name: FUNCTION waitlist_track_hold(); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_track_hold() IS 'AFTER ROW trigger of appointment_holds: a new hold takes its interval from the waitlist''s offers; a hold that had taken a slot being offered and is released or expires frees it again.';

--
-- Name: waitlist_window_text(date, date, integer[], time without time zone, time without time zone, boolean); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.waitlist_window_text(p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_twelve_hour boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select to_char(p_earliest, 'Mon FMDD')
         || case when p_latest = p_earliest then '' else ' – ' || to_char(p_latest, 'Mon FMDD') end
         || coalesce(', ' || case when p_weekdays = array[1, 2, 3, 4, 5] then 'weekdays'
                                  else (select string_agg((array['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])[d], ', '
                                                          order by d)
                                          from unnest(p_weekdays) d) end, '')
         || coalesce(', ' || to_char(p_day_start, case when p_twelve_hour then 'FMHH12:MI AM' else 'HH24:MI' end)
                     || '–' || to_char(p_day_end, case when p_twelve_hour then 'FMHH12:MI AM' else 'HH24:MI' end), '');
$$;

--
-- Name: FUNCTION waitlist_window_text(p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_twelve_hour boolean); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.waitlist_window_text(p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_twelve_hour boolean) IS 'A waitlist window in words: "Dec 8 – Jan 4, weekdays, 9:00 AM–12:00 PM" (dates, then weekdays and time of day when set; 12- or 24-hour clock).';

--
-- Name: weekly_hours_summary(uuid); Type: FUNCTION; Schema: booking; Owner: -
--

CREATE FUNCTION booking.weekly_hours_summary(p_org_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_calendar booking.calendars;
  v_pattern text;
  v_days text[] := array['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  v_hours text[] := array[]::text[];
  v_parts text[] := array[]::text[];
  v_first integer := 1;
  v_day integer;
begin
  select * into v_org from booking.organizations where org_id = p_org_id;
  v_calendar := booking.find_calendar(p_org_id, null);
  if v_org.org_id is null or v_calendar.calendar_id is null then
    return null;
  end if;
  v_pattern := case when booking.effective_time_format(v_org.time_format, v_org.phone_region) = '12h'
                    then 'FMHH12:MI AM' else 'HH24:MI' end;
  for v_day in 1..7 loop
    v_hours := v_hours || coalesce(
      (select string_agg(
                case when h.opens_at = '00:00' and h.closes_at in ('00:00', '24:00') then 'all day'
                     else to_char(h.opens_at, v_pattern) || ' to '
                          || case when h.closes_at in ('00:00', '24:00') then 'midnight'
                                  else to_char(h.closes_at, v_pattern) end
                end, ' and ' order by h.opens_at)
         from booking.calendar_weekly_hours h
        where h.org_id = p_org_id and h.calendar_id = v_calendar.calendar_id
          and h.iso_weekday = v_day),
      'closed');
  end loop;
  for v_day in 1..7 loop
    if v_day = 7 or v_hours[v_day + 1] is distinct from v_hours[v_day] then
      v_parts := v_parts || (
        case when v_day = v_first then v_days[v_first]
             when v_day = v_first + 1 then v_days[v_first] || ' and ' || v_days[v_day]
             else v_days[v_first] || ' to ' || v_days[v_day] end
        || ' ' || v_hours[v_day]);
      v_first := v_day + 1;
    end if;
  end loop;
  return array_to_string(v_parts, '; ');
end;
$$;

--
-- Name: FUNCTION weekly_hours_summary(p_org_id uuid); Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON FUNCTION booking.weekly_hours_summary(p_org_id uuid) IS 'The weekly opening hours of the organization''s default calendar in words, on its clock (''Monday to Friday 9:00 AM to 5:00 PM; Saturday and Sunday closed''); NULL without a default calendar.';

--
-- Name: accept_staff_invitation(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.accept_staff_invitation(p_token text, p_password text, p_email text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_invitation booking.staff_invitations;
  v_email text;
  v_account_id uuid;
  v_existing boolean := false;
  v_refusal text;
begin
  select * into v_invitation from booking.staff_invitations
   where token_hash = booking.staff_token_hash(p_token)
   for update;
  if not found or v_invitation.revoked_at is not null then
    return booking.json_error('INVALID_INVITATION', 'The invitation link is not valid');
  end if;
  if v_invitation.accepted_at is not null then
    return booking.json_error('INVITATION_USED', 'The invitation was already accepted');
  end if;
  if v_invitation.expires_at <= now() then
    return booking.json_error('INVITATION_EXPIRED', 'The invitation has expired; ask for a new one');
  end if;

  v_email := coalesce(v_invitation.email, booking.normalize_staff_email(p_email));
  if v_email is null then
    return booking.json_error('INVALID_EMAIL', 'Give a valid email address to sign in with');
  end if;
  select account_id into v_account_id from booking.staff_accounts where email = v_email;
  if found then
    if v_invitation.email is null then
      return booking.json_error('EMAIL_IN_USE', 'An account with that email exists; ask to be invited by email');
    end if;
    v_existing := true;
  else
    v_refusal := booking.staff_password_refusal(p_password);
    if v_refusal is not null then
      return booking.json_error(v_refusal, 'The password must be 12 characters (at most 72 bytes)');
    end if;
    insert into booking.staff_accounts (email, phone, password_hash)
    values (v_email, v_invitation.phone, booking.hash_staff_password(p_password))
    on conflict (email) do nothing
    returning account_id into v_account_id;
    if v_account_id is null then
      -- The same address was signed up a moment ago by another invitation.
      if v_invitation.email is null then
        return booking.json_error('EMAIL_IN_USE', 'An account with that email exists; ask to be invited by email');
      end if;
      select account_id into v_account_id from booking.staff_accounts where email = v_email;
      v_existing := true;
    end if;
  end if;

  insert into booking.memberships (org_id, account_id, role)
  values (v_invitation.org_id, v_account_id, v_invitation.role)
  on conflict (org_id, account_id) do nothing;
  if not found then
    return booking.json_error('ALREADY_MEMBER', 'You are already a member of this organization');
  end if;
  update booking.staff_invitations
     set accepted_at = now(), accepted_by = v_account_id
   where org_id = v_invitation.org_id and invitation_id = v_invitation.invitation_id;
  return json_build_object(
    'success', true,
    'account_id', v_account_id,
    'org_id', v_invitation.org_id,
    'role', v_invitation.role,
    'email', v_email,
    'existing_account', v_existing,
    'password_set', not v_existing);
end;
$$;

--
-- Name: FUNCTION accept_staff_invitation(p_token text, p_password text, p_email text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.accept_staff_invitation(p_token text, p_password text, p_email text) IS 'Invitee (anon, with the token): accepts an invitation; creates the staff account with its password, or adds the membership to the existing account.

Arguments: p_token (from invite_staff_member); p_password (12 characters to 72 bytes; used only when a new account is created); p_email (only for an invitation by phone alone: the sign-in name to use; ignored otherwise).
Answer: {"success": true, "account_id", "org_id", "role", "email", "existing_account", "password_set"}: existing_account true when an account with the invitation''s email already existed; its password is then left as it was (password_set false).
Errors: INVALID_INVITATION (unknown token, or replaced by a newer invitation), INVITATION_USED (single use), INVITATION_EXPIRED (after 7 days), INVALID_EMAIL, EMAIL_IN_USE (a phone-only invitation naming an existing account''s email), PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, ALREADY_MEMBER.';

--
-- Name: add_voice_credential(uuid, text, text, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.add_voice_credential(p_org_id uuid, p_kind text, p_secret text, p_encryption_key text DEFAULT NULL::text, p_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_digest bytea := extensions.digest(convert_to(coalesce(p_secret, ''), 'UTF8'), 'sha256');
  v_id uuid;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_kind is null or p_kind not in ('token', 'hmac') then
    return booking.json_error('INVALID_CREDENTIAL_KIND', 'Choose token or hmac');
  end if;
  if p_secret is null or length(p_secret) < 32 or length(p_secret) > 512 then
    return booking.json_error('WEAK_SECRET', 'The secret must be 32 to 512 characters');
  end if;
  if p_expires_at is not null and p_expires_at <= now() then
    return booking.json_error('INVALID_EXPIRY', 'A credential must expire in the future');
  end if;
  if (select count(*) from booking.voice_agent_credentials
       where org_id = p_org_id and (expires_at is null or expires_at > now())) >= 10 then
    return booking.json_error('TOO_MANY_CREDENTIALS', 'Revoke an old credential first (at most 10 active)');
  end if;
  if p_kind = 'token' then
    if exists (select from booking.voice_agents where secret_sha256 = v_digest and org_id <> p_org_id)
       or exists (select from booking.voice_agent_credentials
                   where token_sha256 = v_digest and org_id <> p_org_id) then
      return booking.json_error('SECRET_IN_USE', 'Choose another secret');
    end if;
    insert into booking.voice_agent_credentials (org_id, kind, token_sha256, expires_at)
    values (p_org_id, 'token', v_digest, p_expires_at)
    returning id into v_id;
  else
    if nullif(p_encryption_key, '') is null then
      return booking.json_error('ENCRYPTION_KEY_REQUIRED',
        'An HMAC key is stored encrypted: give the service''s SETTINGS_ENCRYPTION_KEY');
    end if;
    insert into booking.voice_agent_credentials (org_id, kind, hmac_key_encrypted, expires_at)
    values (p_org_id, 'hmac', extensions.pgp_sym_encrypt(p_secret, p_encryption_key), p_expires_at)
    returning id into v_id;
  end if;
  return json_build_object('success', true, 'org_id', p_org_id, 'credential_id', v_id, 'kind', p_kind,
                           'expires_at', booking.to_iso8601_utc(p_expires_at));
end;
$$;

--
-- Name: FUNCTION add_voice_credential(p_org_id uuid, p_kind text, p_secret text, p_encryption_key text, p_expires_at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.add_voice_credential(p_org_id uuid, p_kind text, p_secret text, p_encryption_key text, p_expires_at timestamp with time zone) IS 'Settings (an owner or admin of the organization, or service_role): adds a credential the voice platform may authenticate with (several at once, for rotation).

Arguments: p_org_id; p_kind (token: a secret the platform sends as X-Vapi-Secret or Authorization: Bearer, stored as SHA-256; hmac: a key the platform signs the raw body with, x-vapi-signature, stored encrypted); p_secret (32-512 characters); p_encryption_key (hmac only: the service''s SETTINGS_ENCRYPTION_KEY); p_expires_at (optional end).
Answer: {"success": true, "org_id", "credential_id", "kind", "expires_at"}.
Errors: INVALID_ORGANIZATION, INVALID_CREDENTIAL_KIND, WEAK_SECRET, INVALID_EXPIRY, TOO_MANY_CREDENTIALS (10 active), SECRET_IN_USE, ENCRYPTION_KEY_REQUIRED. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: advance_waitlist(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.advance_waitlist() RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_offers integer := 0;
  v_expired integer;
  v_entries integer;
  v_batches integer := 0;
  v_sent integer;
  v_slot record;
begin
  perform booking.assert_service_role();

  for v_slot in
    select s.org_id, s.id, s.calendar_id from booking.waitlist_slots s
     where s.status = 'offering'
       and (s.next_batch_at <= now()
            or exists (select from booking.waitlist_offers o
                        where o.org_id = s.org_id and o.slot_id = s.id and o.status = 'sent' and o.expires_at <= now()))
     order by s.next_batch_at
     limit 500
  loop
    continue when not pg_try_advisory_xact_lock(booking.calendar_lock_key(v_slot.org_id, v_slot.calendar_id));
    begin
      update booking.waitlist_offers set status = 'expired'
       where org_id = v_slot.org_id and slot_id = v_slot.id and status = 'sent' and expires_at <= now();
      get diagnostics v_expired = row_count;
      v_sent := booking.waitlist_send_batch(v_slot.org_id, v_slot.id);
      v_offers := v_offers + v_expired;
      v_batches := v_batches + (v_sent > 0)::integer;
    exception
      when others then
        -- One slot's failure (logged) stops neither the others nor the sweeper.
        raise warning 'advance_waitlist: slot % of organization %: % (%)', v_slot.id, v_slot.org_id, sqlerrm, sqlstate;
    end;
  end loop;

  update booking.waitlist_entries e set status = 'expired', closed_at = now()
    from (select x.org_id, x.id
            from booking.waitlist_entries x
            join booking.organizations o on o.org_id = x.org_id
           where x.status = 'open'
             and (x.latest < (now() at time zone o.timezone)::date
                  or (x.appointment_id is not null and not exists (
                        select from booking.appointments a
                         where a.org_id = x.org_id and a.id = x.appointment_id
                           and a.status in ('scheduled', 'confirmed') and a.scheduled_at > now())))
           limit 5000
             for update of x skip locked) d
   where e.org_id = d.org_id and e.id = d.id;
  get diagnostics v_entries = row_count;

  return json_build_object('offers_expired', v_offers, 'batches_sent', v_batches, 'entries_expired', v_entries);
end;
$$;

--
-- Name: FUNCTION advance_waitlist(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.advance_waitlist() IS 'Worker API (service_role): the waitlist''s clock, called every few seconds by the service''s sweeper.

Arguments: none.
Answer: {"offers_expired", "batches_sent", "entries_expired"}: offers past their end expired (waitlist.expired), each slot whose next batch is due sent it (after an unanswered batch, after quiet hours) or was marked unfilled, entries past their window (or whose appointment to move is no longer upcoming) expired (waitlist.expired). A busy calendar (its lock is only tried) is left for the next call.
Errors: raises 42501 for other callers.';

--
-- Name: appointment_detail(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.appointment_detail(p_org_id uuid, p_appointment_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_a booking.appointments;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_a from booking.appointments where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  select * into v_org from booking.organizations where org_id = p_org_id;
  return json_build_object(
    'success', true,
    'appointment', (
      select json_build_object(
        'appointment_id', v_a.id,
        'contact_id', v_a.contact_id,
        'patient_name', ct.name,
        'patient_phone', ct.phone,
        'service_name', booking.service_display_name(p_org_id, v_a.calendar_id, v_a.service_type),
        'calendar_id', v_a.calendar_id,
        'calendar_name', c.name,
        'timezone', v_org.timezone,
        'timezone_name', booking.timezone_display_name(v_org.timezone),
        'local_date', (v_a.scheduled_at at time zone v_org.timezone)::date,
        'local_text', booking.format_local_time(p_org_id, v_a.scheduled_at),
        'duration_minutes', v_a.duration_minutes,
        'status', v_a.status,
        'arrived', v_a.checked_in_at is not null,
        'patient_confirmed_local', booking.format_local_time(p_org_id, v_a.patient_confirmed_at),
        'booked_local', booking.format_local_time(p_org_id, v_a.created_at),
        'booked_by_staff', v_a.booked_by_staff,
        'cancelled_by', v_a.cancelled_by,
        'cancellation_reason', v_a.cancellation_reason,
        'can_confirm', v_a.patient_confirmed_at is null and booking.change_refusal(v_a, 'confirm', 'staff') is null,
        'can_cancel', booking.change_refusal(v_a, 'cancel', 'staff') is null,
        'can_reschedule', booking.change_refusal(v_a, 'reschedule', 'staff') is null,
        'can_check_in', v_a.checked_in_at is null and booking.attendance_refusal(v_a, 'arrived', v_org.timezone) is null,
        'can_complete', v_a.status <> 'completed' and booking.attendance_refusal(v_a, 'completed', v_org.timezone) is null,
        'can_no_show', v_a.status <> 'no_show' and booking.attendance_refusal(v_a, 'no_show', v_org.timezone) is null,
        'can_clear', (v_a.checked_in_at is not null or v_a.status in ('completed', 'no_show'))
                     and booking.attendance_refusal(v_a, 'expected', v_org.timezone) is null)
        from booking.contacts ct, booking.calendars c
       where ct.org_id = p_org_id and ct.id = v_a.contact_id
         and c.org_id = p_org_id and c.calendar_id = v_a.calendar_id),
    'history', coalesce((
      select json_agg(json_build_object(
               'action', h.action,
               'actor', h.actor,
               'member_email', sa.email,
               'local_text', booking.format_local_time(p_org_id, h.occurred_at),
               'from_status', h.from_status,
               'to_status', h.to_status,
               'from_local_text', booking.format_local_time(p_org_id, h.from_scheduled_at),
               'to_local_text', booking.format_local_time(p_org_id, h.to_scheduled_at),
               'reason', h.reason,
               'late', h.late,
               'patient_notified', h.patient_notified) order by h.occurred_at, h.id)
        from booking.appointment_history h
        left join booking.staff_accounts sa on sa.account_id = h.actor_account_id
       where h.org_id = p_org_id and h.appointment_id = p_appointment_id), '[]'::json),
    'messages', coalesce((
      select json_agg(json_build_object(
               'kind', m.kind,
               'status', m.status,
               'local_text', booking.format_local_time(p_org_id, m.created_at),
               'delivered_local', booking.format_local_time(p_org_id, m.delivered_at),
               'error_code', m.error_code) order by m.created_at, m.id)
        from booking.sms_outbox m
       where m.org_id = p_org_id and m.appointment_id = p_appointment_id and m.kind <> 'reminder'), '[]'::json),
    'reminders', coalesce((
      select json_agg(json_build_object(
               'status', m.status,
               'offset_minutes', m.reminder_offset_minutes,
               'due_local', booking.format_local_time(p_org_id, m.next_attempt_at),
               'sent_local', booking.format_local_time(p_org_id, coalesce(m.delivered_at, m.sent_at)),
               'for_current_start', m.appointment_scheduled_at = v_a.scheduled_at) order by m.created_at, m.id)
        from booking.sms_outbox m
       where m.org_id = p_org_id and m.appointment_id = p_appointment_id and m.kind = 'reminder'), '[]'::json),
    -- The patient's own texts to the clinic (the newest 10, newest first);
    -- the whole conversation is public.sms_thread of the newest one.
    'patient_texts', coalesce((
      select json_agg(json_build_object(
               'text_id', t.id,
               'body', t.body,
               'local_text', booking.format_local_time(p_org_id, t.received_at),
               'unread', t.read_at is null) order by t.received_at desc, t.id)
        from (select t.* from booking.inbound_sms_texts t
                join booking.contacts ct on ct.org_id = t.org_id and ct.phone = t.sender
               where t.org_id = p_org_id and ct.id = v_a.contact_id
               order by t.received_at desc limit 10) t), '[]'::json));
end;
$$;

--
-- Name: FUNCTION appointment_detail(p_org_id uuid, p_appointment_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.appointment_detail(p_org_id uuid, p_appointment_id uuid) IS 'Staff: one appointment, its history, its SMS and reminders, on the clinic''s clock (the front desk''s appointment page).

Arguments: p_org_id; p_appointment_id.
Answer: {"success": true, "appointment": {"appointment_id", "contact_id", "patient_name", "patient_phone", "service_name", "calendar_id", "calendar_name", "timezone", "timezone_name", "local_date", "local_text", "duration_minutes", "status", "arrived", "patient_confirmed_local", "booked_local", "booked_by_staff", "cancelled_by", "cancellation_reason", "can_confirm", "can_cancel", "can_reschedule", "can_check_in", "can_complete", "can_no_show", "can_clear"}, "history": [{"action", "actor", "member_email" (a staff change by an account of this service; NULL otherwise), "local_text", "from_status", "to_status", "from_local_text", "to_local_text", "reason", "late", "patient_notified"}], "messages": [{"kind", "status", "local_text", "delivered_local", "error_code"}] (every SMS for the appointment but reminders, oldest first), "reminders": [{"status", "offset_minutes", "due_local", "sent_local", "for_current_start"}], "patient_texts": [{"text_id", "body", "local_text", "unread"}] (the patient''s own texts to the clinic, the newest 10 first; public.sms_thread of the first is the whole conversation)}. The can_* flags are the rules the actions enforce (public.confirm_appointment_for_patient, cancel_appointment, reschedule_appointment, set_appointment_attendance).
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment). Raises 42501 when an authenticated caller asks for another organization.';

--
-- Name: appointment_history(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.appointment_history(p_org_id uuid, p_appointment_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_access(p_org_id);
  if not exists (select from booking.appointments where org_id = p_org_id and id = p_appointment_id) then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  return json_build_object(
    'success', true,
    'appointment_id', p_appointment_id,
    'history', coalesce((
      select json_agg(json_build_object(
               'action', h.action,
               'actor', h.actor,
               'occurred_at', booking.to_iso8601_utc(h.occurred_at),
               'from_status', h.from_status,
               'to_status', h.to_status,
               'from_scheduled_at', booking.to_iso8601_utc(h.from_scheduled_at),
               'to_scheduled_at', booking.to_iso8601_utc(h.to_scheduled_at),
               'reason', h.reason,
               'late', h.late,
               'patient_notified', h.patient_notified) order by h.occurred_at, h.id)
        from booking.appointment_history h
       where h.org_id = p_org_id and h.appointment_id = p_appointment_id), '[]'::json));
end;
$$;

--
-- Name: FUNCTION appointment_history(p_org_id uuid, p_appointment_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.appointment_history(p_org_id uuid, p_appointment_id uuid) IS 'One appointment''s changes after its booking, oldest first.

Arguments: p_org_id; p_appointment_id.
Answer: {"success": true, "appointment_id", "history": [{"action", "actor", "occurred_at", "from_status", "to_status", "from_scheduled_at", "to_scheduled_at", "reason", "late", "patient_notified"}]}; late marks a staff change inside the patient notice; patient_notified, for a cancellation, whether the patient was texted about it (false: staff chose not to).
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment). Raises 42501 when an authenticated caller asks for another organization.';

--
-- Name: begin_voice_tool_call(uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.begin_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_tool text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_call booking.voice_tool_calls%rowtype;
begin
  perform booking.assert_org_access(p_org_id);
  if p_tool_call_id is null or length(p_tool_call_id) not between 1 and 256
     or p_tool is null or length(p_tool) not between 1 and 64 then
    return booking.json_error('INVALID_TOOL_CALL_ID', 'A tool call id has 1 to 256 characters');
  end if;
  insert into booking.voice_tool_calls (org_id, tool_call_id, tool)
  values (p_org_id, p_tool_call_id, p_tool)
  on conflict (org_id, tool_call_id) do nothing;
  if found then
    return null;
  end if;
  select * into v_call from booking.voice_tool_calls
   where org_id = p_org_id and tool_call_id = p_tool_call_id;
  if v_call.tool <> p_tool then
    return booking.json_error('TOOL_CALL_ID_REUSED', 'This tool call id belongs to another tool');
  end if;
  return coalesce(v_call.answer,
    booking.json_error('TOOL_CALL_IN_PROGRESS', 'The same tool call is still running; retry'));
end;
$$;

--
-- Name: FUNCTION begin_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_tool text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.begin_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_tool text) IS 'Voice agent: starts a tool call (the platform''s toolCallId), or answers the first answer of a repeated one.

Arguments: p_org_id; p_tool_call_id (1-256 characters); p_tool (the tool''s name).
Answer: NULL when the call is new: run the tool in this transaction and store its answer with finish_voice_tool_call; else the first call''s answer, unchanged (a concurrent call with the same id waits until the first one''s transaction ends).
Errors: INVALID_TOOL_CALL_ID, TOOL_CALL_ID_REUSED (the id belongs to another tool), TOOL_CALL_IN_PROGRESS (only if the first call''s transaction committed without an answer). Raises 42501 for another organization.';

--
-- Name: block_calendar_time(uuid, text, timestamp with time zone, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.block_calendar_time(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_reason text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_calendar booking.calendars;
  v_timezone text;
  v_reason text := nullif(btrim(p_reason), '');
  v_during tstzrange;
  v_appointments json;
  v_holds json;
  v_block booking.calendar_blocks;
begin
  perform booking.assert_org_access(p_org_id);
  v_calendar := booking.find_calendar(p_org_id, p_calendar_id);
  if v_calendar.calendar_id is null then
    return booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no such calendar');
  end if;
  if p_starts_at is null or p_ends_at is null or not isfinite(p_starts_at) or not isfinite(p_ends_at)
     or p_ends_at <= p_starts_at or p_ends_at > p_starts_at + interval '366 days' then
    return booking.json_error('INVALID_TIME', 'A block ends after it starts, within 366 days');
  end if;
  if p_ends_at <= now() then
    return booking.json_error('PAST_TIME', 'The block is over already');
  end if;
  if length(v_reason) > 200 then
    return booking.json_error('INVALID_REASON', 'The reason is at most 200 characters');
  end if;
  select o.timezone into v_timezone from booking.organizations o where o.org_id = p_org_id;
  v_during := tstzrange(p_starts_at, p_ends_at, '[)');

  begin
    perform booking.lock_calendar(p_org_id, v_calendar.calendar_id);
    select json_agg(json_build_object(
             'appointment_id', a.id,
             'scheduled_at', booking.to_iso8601_utc(a.scheduled_at),
             'ends_at', booking.to_iso8601_utc(a.ends_at),
             'local_start', booking.to_iso8601_local(a.scheduled_at, v_timezone),
             'patient_name', c.name,
             'service_type', a.service_type,
             'service_name', booking.service_display_name(p_org_id, a.calendar_id, a.service_type)) order by a.scheduled_at)
      into v_appointments
      from booking.appointments a
      join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
     where a.org_id = p_org_id and a.calendar_id = v_calendar.calendar_id and a.status <> 'cancelled'
       and tstzrange(a.scheduled_at, a.ends_at, '[)') && v_during;
    select json_agg(json_build_object(
             'hold_id', h.id,
             'scheduled_at', booking.to_iso8601_utc(h.scheduled_at),
             'ends_at', booking.to_iso8601_utc(h.ends_at),
             'expires_at', booking.to_iso8601_utc(h.expires_at)) order by h.scheduled_at)
      into v_holds
      from booking.appointment_holds h
     where h.org_id = p_org_id and h.calendar_id = v_calendar.calendar_id and h.status = 'active'
       and h.expires_at > now() and tstzrange(h.scheduled_at, h.ends_at, '[)') && v_during;
    if v_appointments is not null or v_holds is not null then
      return (booking.json_error('BLOCK_COLLIDES', 'Appointments or holds are in that time; move or cancel them first')::jsonb
              || jsonb_build_object('appointments', coalesce(v_appointments, '[]'::json),
                                    'holds', coalesce(v_holds, '[]'::json)))::json;
    end if;
    insert into booking.calendar_blocks (org_id, calendar_id, starts_at, ends_at, reason, created_by_account_id)
    values (p_org_id, v_calendar.calendar_id, p_starts_at, p_ends_at, v_reason, booking.caller_account_id())
    returning * into v_block;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;

  return json_build_object('success', true, 'block_id', v_block.id, 'calendar_id', v_block.calendar_id,
    'starts_at', booking.to_iso8601_utc(v_block.starts_at), 'ends_at', booking.to_iso8601_utc(v_block.ends_at),
    'reason', v_block.reason);
end;
$$;

--
-- Name: FUNCTION block_calendar_time(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_reason text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.block_calendar_time(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_reason text) IS 'Staff block time on a calendar (lunch, a meeting, leave): check_availability, bookings, holds and reschedules no longer offer or take it.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_starts_at; p_ends_at (after the start, within 366 days, not over already); p_reason (optional, at most 200 characters).
Answer: {"success": true, "block_id", "calendar_id", "starts_at", "ends_at", "reason"}. Any member may block time (front desk included); remove_calendar_block removes it.
Errors: CALENDAR_NOT_FOUND, INVALID_TIME, PAST_TIME, INVALID_REASON, BUSY_RETRY, BLOCK_COLLIDES with "appointments": [{"appointment_id", "scheduled_at", "ends_at", "local_start", "patient_name", "service_type", "service_name"}] and "holds": [{"hold_id", "scheduled_at", "ends_at", "expires_at"}] — the active appointments and live holds in that time (nothing is blocked; move or cancel them first). Raises 42501 when the caller acts for another organization.';

--
-- Name: book_appointment_atomic(uuid, text, text, text, text, timestamp with time zone, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_calendar_id text;
  v_name text;
  v_email text;
  v_phone text;
  v_service_type text;
  v_error json;
  v_reason text;
  v_contact_id uuid;
  v_appointment booking.appointments%rowtype;
begin
  perform booking.assert_org_access(p_org_id);

  select r.calendar_id, r.name, r.email, r.phone, r.service_type, r.error
    into v_calendar_id, v_name, v_email, v_phone, v_service_type, v_error
    from booking.normalize_booking_request(p_org_id, null, p_patient_name, p_patient_phone, p_patient_email,
                                           p_service_type, p_scheduled_at, p_duration_minutes, false) r;
  if v_error is not null then
    return v_error;
  end if;
  v_reason := booking.unbookable_reason(p_org_id, v_calendar_id, p_scheduled_at, p_duration_minutes);

  begin
    perform booking.lock_calendar(p_org_id, v_calendar_id);

    -- A retry of a call that already succeeded (even if the slot has since
    -- moved inside the notice period).
    select a.* into v_appointment
      from booking.appointments a
      join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
     where a.org_id = p_org_id and a.calendar_id = v_calendar_id
       and a.scheduled_at = p_scheduled_at and a.duration_minutes = p_duration_minutes
       and a.service_type = v_service_type and a.status <> 'cancelled' and c.phone = v_phone;
    if found then
      return booking.appointment_answer(v_appointment);
    end if;

    if v_reason is not null then
      return booking.unbookable_error(v_reason);
    end if;

    if not booking.slot_is_free(p_org_id, v_calendar_id, p_scheduled_at,
                                p_scheduled_at + make_interval(mins => p_duration_minutes)) then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
    end if;

    v_contact_id := booking.upsert_contact(p_org_id, v_name, v_email, v_phone);
    v_appointment := booking.insert_appointment(p_org_id, v_calendar_id, v_contact_id, v_service_type,
                                                p_scheduled_at, p_duration_minutes);
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry the booking');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
  end;

  return booking.appointment_answer(v_appointment);
end;
$$;

--
-- Name: FUNCTION book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) IS 'THE single production booking function: books a patient on the organization''s default calendar, atomically and without overlaps.

Arguments: p_org_id; p_patient_name; p_patient_email (optional); p_patient_phone (normalized to E.164 with the organization''s phone region); p_service_type; p_scheduled_at (a start check_availability offers); p_duration_minutes (1-1440; with a service catalog, the service''s duration).
Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at", "created_at"}; repeating a successful call (same organization, phone, start, duration, service) answers the same appointment_id. The confirmation SMS is queued in the same transaction.
Errors: {"success": false, "error", "message", "created_at"} with INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED (a country the clinic does not allow, a satellite/international-network, premium-rate or shared-cost number), INVALID_EMAIL, INVALID_SERVICE_TYPE, UNKNOWN_SERVICE_TYPE, INVALID_TIME, INVALID_DURATION, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE (booked or held), BUSY_RETRY (the calendar lock was not had within the package setting lock_timeout). Raises 42501 when an authenticated caller books for another organization.';

--
-- Name: bootstrap_owner(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bootstrap_owner(p_org_id uuid, p_account_id uuid) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_service_role();
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_account_id is null then
    return booking.json_error('INVALID_ACCOUNT', 'Give the account id');
  end if;
  insert into booking.memberships as m (org_id, account_id, role)
  values (p_org_id, p_account_id, 'owner')
  on conflict (org_id, account_id) do update
     set role = 'owner', disabled_at = null, updated_at = now()
   where m.role <> 'owner' or m.disabled_at is not null;
  return json_build_object('success', true, 'org_id', p_org_id, 'account_id', p_account_id, 'role', 'owner',
    'staff_account', exists (select from booking.staff_accounts where account_id = p_account_id));
end;
$$;

--
-- Name: FUNCTION bootstrap_owner(p_org_id uuid, p_account_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.bootstrap_owner(p_org_id uuid, p_account_id uuid) IS 'Admin (service_role): makes an account the owner of an organization, for its first owner.

Arguments: p_org_id; p_account_id (a staff account''s id, or on Supabase the Supabase Auth user''s id, the JWT sub; it need not exist here).
Answer: {"success": true, "org_id", "account_id", "role": "owner", "staff_account" (true when it is a staff account of this database, false for an identity-provider user)}. Idempotent; a disabled membership is enabled.
Errors: INVALID_ORGANIZATION, INVALID_ACCOUNT. Raises 42501 for other callers.';

--
-- Name: calendar_day_view(uuid, text, date, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.calendar_day_view(p_org_id uuid, p_calendar_id text, p_date date, p_days integer DEFAULT 1) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_calendar booking.calendars;
  v_from timestamptz;
  v_to timestamptz;
begin
  if p_org_id is null or p_date is null or not isfinite(p_date) or p_days is null or p_days not between 1 and 7
     or p_date not between date '2000-01-01' and date '2200-01-01' then
    raise exception 'p_org_id and a date (2000-2200) are required, p_days between 1 and 7' using errcode = '22023';
  end if;
  -- RLS: a member sees only their own organization's row.
  select * into v_org from booking.organizations o where o.org_id = p_org_id;
  if not found then
    raise exception 'not allowed to read organization %', p_org_id using errcode = '42501';
  end if;
  if p_calendar_id is null then
    select * into v_calendar from booking.calendars c where c.org_id = p_org_id and c.is_default;
  else
    select * into v_calendar from booking.calendars c where c.org_id = p_org_id and c.calendar_id = p_calendar_id;
  end if;
  if not found then
    -- (booking.json_error's shape: an invoker cannot call booking's functions)
    return json_build_object('success', false, 'error', 'CALENDAR_NOT_FOUND',
                             'message', 'CALENDAR_NOT_FOUND: The organization has no such calendar');
  end if;
  v_from := p_date::timestamp at time zone v_org.timezone;
  v_to := (p_date + p_days)::timestamp at time zone v_org.timezone;

  return json_build_object(
    'success', true,
    'org_id', v_org.org_id,
    'name', v_org.name,
    'timezone', v_org.timezone,
    'time_format', booking.effective_time_format(v_org.time_format, v_org.phone_region),
    'today', (now() at time zone v_org.timezone)::date,
    'date', p_date,
    'days', p_days,
    'calendar_id', v_calendar.calendar_id,
    'calendar_name', v_calendar.name,
    'calendars', (select json_agg(json_build_object('calendar_id', c.calendar_id, 'name', c.name,
                                                    'is_default', c.is_default) order by not c.is_default, c.name)
                    from booking.calendars c where c.org_id = p_org_id),
    'services', coalesce((select json_agg(json_build_object('service_type', t.service_type,
                                                             'service_name', coalesce(t.display_name, t.service_type),
                                                             'duration_minutes', t.duration_minutes)
                                          order by t.service_type)
                            from booking.service_types t
                           where t.org_id = p_org_id and t.calendar_id = v_calendar.calendar_id and t.active), '[]'::json),
    'dates', (
      -- One range scan per kind over the whole window (plain bounds, so the
      -- indexes serve them), then each day takes what overlaps it.
      with appointments as (
        select a as r, ct.name as patient_name,
               tstzrange(a.scheduled_at, a.ends_at, '[)') as during
          from booking.appointments a
          join booking.contacts ct on ct.org_id = a.org_id and ct.id = a.contact_id
         where a.org_id = p_org_id and a.calendar_id = v_calendar.calendar_id
           and a.scheduled_at >= v_from - interval '1 day' and a.scheduled_at < v_to
           and a.ends_at > v_from
      ), holds as (
        select h.id, h.scheduled_at, h.ends_at, h.expires_at, h.patient_name,
               tstzrange(h.scheduled_at, h.ends_at, '[)') as during
          from booking.appointment_holds h
         where h.org_id = p_org_id and h.calendar_id = v_calendar.calendar_id
           and h.status = 'active' and h.expires_at > now()
           and tstzrange(h.scheduled_at, h.ends_at, '[)') && tstzrange(v_from, v_to, '[)')
      ), blocks as (
        select b.*, tstzrange(b.starts_at, b.ends_at, '[)') as during
          from booking.calendar_blocks b
         where b.org_id = p_org_id and b.calendar_id = v_calendar.calendar_id
           and tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(v_from, v_to, '[)')
      ), days as (
        select d.day, tstzrange(d.day::timestamp at time zone v_org.timezone,
                                (d.day + 1)::timestamp at time zone v_org.timezone, '[)') as during
          from (select p_date + n as day from generate_series(0, p_days - 1) n) d
      )
      select json_agg(json_build_object(
               'date', d.day,
               'appointments', coalesce((
                 select json_agg(json_build_object(
                          'appointment_id', (a.r).id,
                          'scheduled_at', (a.r).scheduled_at,
                          'ends_at', (a.r).ends_at,
                          'local_time', to_char((a.r).scheduled_at at time zone v_org.timezone, 'HH24:MI'),
                          'local_end_time', to_char((a.r).ends_at at time zone v_org.timezone, 'HH24:MI'),
                          'start_minute', extract(epoch from ((a.r).scheduled_at at time zone v_org.timezone) - d.day::timestamp)::integer / 60,
                          'duration_minutes', (a.r).duration_minutes,
                          'status', (a.r).status,
                          'arrived', (a.r).checked_in_at is not null,
                          'patient_confirmed', (a.r).patient_confirmed_at is not null,
                          'booked_by_staff', (a.r).booked_by_staff,
                          'contact_id', (a.r).contact_id,
                          'patient_name', a.patient_name,
                          'service_type', (a.r).service_type,
                          'service_name', booking.service_display_name(p_org_id, (a.r).calendar_id, (a.r).service_type),
                          'cancelled_by', (a.r).cancelled_by,
                          'cancellation_reason', (a.r).cancellation_reason,
                          'can_check_in', (a.r).checked_in_at is null
                                          and booking.attendance_refusal(a.r, 'arrived', v_org.timezone) is null,
                          'can_complete', (a.r).status <> 'completed'
                                          and booking.attendance_refusal(a.r, 'completed', v_org.timezone) is null,
                          'can_no_show', (a.r).status <> 'no_show'
                                         and booking.attendance_refusal(a.r, 'no_show', v_org.timezone) is null,
                          'can_clear', ((a.r).checked_in_at is not null or (a.r).status in ('completed', 'no_show'))
                                       and booking.attendance_refusal(a.r, 'expected', v_org.timezone) is null)
                        order by (a.r).scheduled_at, (a.r).status = 'cancelled')
                   from appointments a where a.during && d.during), '[]'::json),
               'holds', coalesce((
                 select json_agg(json_build_object(
                          'hold_id', h.id,
                          'scheduled_at', h.scheduled_at,
                          'local_time', to_char(h.scheduled_at at time zone v_org.timezone, 'HH24:MI'),
                          'local_end_time', to_char(h.ends_at at time zone v_org.timezone, 'HH24:MI'),
                          'expires_local_time', to_char(h.expires_at at time zone v_org.timezone, 'HH24:MI'),
                          'patient_name', h.patient_name) order by h.scheduled_at)
                   from holds h where h.during && d.during), '[]'::json),
               'blocks', coalesce((
                 select json_agg(json_build_object(
                          'block_id', b.id,
                          'starts_at', b.starts_at,
                          'ends_at', b.ends_at,
                          'local_start', to_char(b.starts_at at time zone v_org.timezone, 'YYYY-MM-DD HH24:MI'),
                          'local_end', to_char(b.ends_at at time zone v_org.timezone, 'YYYY-MM-DD HH24:MI'),
                          'local_time', to_char(greatest(b.starts_at, lower(d.during)) at time zone v_org.timezone, 'HH24:MI'),
                          'local_end_time', case when b.ends_at >= upper(d.during) then '24:00'
                                                 else to_char(b.ends_at at time zone v_org.timezone, 'HH24:MI') end,
                          'reason', b.reason) order by b.starts_at)
                   from blocks b where b.during && d.during), '[]'::json))
             order by d.day)
        from days d));
end;
$$;

--
-- Name: FUNCTION calendar_day_view(p_org_id uuid, p_calendar_id text, p_date date, p_days integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.calendar_day_view(p_org_id uuid, p_calendar_id text, p_date date, p_days integer) IS 'Staff: a calendar''s day or week (1-7 local days from p_date, past or future) with appointments, live holds and blocked time, in the clinic''s time zone.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_date (a local date); p_days (1-7, default 1).
Answer: {"success": true, "org_id", "name", "timezone", "time_format" (12h or 24h: the clock staff read the HH24:MI times on), "today", "date", "days", "calendar_id", "calendar_name", "calendars": [{"calendar_id", "name", "is_default"}], "services": [{"service_type", "service_name", "duration_minutes"}], "dates": [{"date", "appointments": [{"appointment_id", "scheduled_at", "ends_at", "local_time", "local_end_time", "start_minute", "duration_minutes", "status", "arrived", "patient_confirmed", "booked_by_staff", "contact_id", "patient_name", "service_type", "service_name" (its display name), "cancelled_by", "cancellation_reason", "can_check_in", "can_complete", "can_no_show", "can_clear"}], "holds": [{"hold_id", "scheduled_at", "local_time", "local_end_time", "expires_local_time", "patient_name"}], "blocks": [{"block_id", "starts_at", "ends_at", "local_start", "local_end", "local_time", "local_end_time", "reason"}]}]}; cancelled appointments included (with who cancelled and why). The can_* flags are set_appointment_attendance''s rule: what staff may record now. SECURITY INVOKER: RLS decides.
Errors: CALENDAR_NOT_FOUND. Raises 42501 when the caller cannot read the organization (another clinic''s and unknown ones are not told apart), 22023 for a NULL p_org_id, a date outside 2000-2200 or p_days outside 1-7.';

--
-- Name: cancel_appointment(uuid, uuid, text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cancel_appointment(p_org_id uuid, p_appointment_id uuid, p_reason text DEFAULT NULL::text, p_notify_patient boolean DEFAULT true) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.cancel_appointment_as(p_org_id, p_appointment_id, 'staff', p_reason, p_notify_patient);
end;
$$;

--
-- Name: FUNCTION cancel_appointment(p_org_id uuid, p_appointment_id uuid, p_reason text, p_notify_patient boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.cancel_appointment(p_org_id uuid, p_appointment_id uuid, p_reason text, p_notify_patient boolean) IS 'Staff cancels an appointment.

Arguments: p_org_id; p_appointment_id; p_reason (optional, at most 500 characters); p_notify_patient (default true; NULL is true): false cancels without texting the patient.
Answer: {"success": true, "appointment_id", "status": "cancelled", "cancelled_at"}. In one transaction the row becomes cancelled (cancelled_by staff, cancelled_at, reason), its slot is free, pending reminders are canceled, a cancellation SMS is queued unless p_notify_patient is false, a history row (reason, late when inside the patient notice, patient_notified) and the event appointment.cancelled are recorded. Cancelling again answers success without a second SMS.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), APPOINTMENT_IN_PAST, INVALID_REASON, BUSY_RETRY. Raises 42501 when an authenticated caller acts for another organization.';

--
-- Name: cancel_appointment_by_phone(uuid, uuid, text, uuid, text, text, boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cancel_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_caller_phone text DEFAULT NULL::text, p_verification_id uuid DEFAULT NULL::uuid, p_reason text DEFAULT NULL::text, p_code text DEFAULT NULL::text, p_caller_attested boolean DEFAULT false, p_call_id text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_answer json;
begin
  perform booking.assert_org_access(p_org_id);
  v_answer := booking.caller_appointment_refusal(p_org_id, p_appointment_id, p_caller_phone,
                                                 p_verification_id, p_code, p_caller_attested,
                                                 p_call_id);
  if v_answer is not null then
    return v_answer;
  end if;
  v_answer := booking.cancel_appointment_as(p_org_id, p_appointment_id, 'patient_phone',
                                            left(nullif(btrim(p_reason), ''), 500));
  return (v_answer::jsonb
          || jsonb_build_object('appointment', booking.appointment_summary(p_org_id, p_appointment_id)))::json;
end;
$$;

--
-- Name: FUNCTION cancel_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_reason text, p_code text, p_caller_attested boolean, p_call_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.cancel_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_reason text, p_code text, p_caller_attested boolean, p_call_id text) IS 'Voice agent: cancels an upcoming appointment of the caller''s phone, as actor patient_phone.

Arguments: p_org_id; p_appointment_id; p_caller_phone (the platform''s caller id, never the model''s); p_verification_id and p_code (a verification from lookup_appointments or from this function''s VERIFICATION_REQUIRED answer, and the code the caller read back unless it was verified already); p_caller_attested (the platform reported the caller id fully attested, STIR/SHAKEN A); p_call_id (the platform''s call id, for the code limits per call); p_reason (optional).
Answer: {"success": true, "appointment_id", "status": "cancelled", "cancelled_at", "appointment"}; once the appointment is the caller''s, every answer, success or error, carries "appointment" (the summary with local_text and clinic_phone: offer the clinic''s number on TOO_LATE_TO_CHANGE). The calendar''s cancel notice applies.
Errors: VERIFICATION_REQUIRED (a caller id is not proof under the clinic''s caller-id policy: a code was texted to the appointment''s number, answer with verification_id, code_sent, expires_at; or no caller id and no verification), VERIFICATION_NOT_FOUND, VERIFICATION_EXPIRED, INVALID_OTP_FORMAT, INVALID_OTP (attempts_remaining), OTP_LOCKED, OTP_CALL_PHONE_LIMIT, SMS_RATE_LIMITED, APPOINTMENT_NOT_FOUND (not an upcoming appointment of this phone at this clinic), APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, INVALID_REASON, BUSY_RETRY. Raises 42501 for another organization.';

--
-- Name: check_availability(uuid, date, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.check_availability(p_org_id uuid, p_date date, p_calendar_id text DEFAULT NULL::text, p_service_type text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_timezone text;
  v_calendar booking.calendars;
  v_service_type text := nullif(btrim(p_service_type), '');
  v_duration integer;
begin
  perform booking.assert_org_access(p_org_id);
  select timezone into v_timezone from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  v_calendar := booking.find_calendar(p_org_id, p_calendar_id);
  if v_calendar.calendar_id is null then
    return booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no such calendar');
  end if;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;
  v_duration := booking.service_duration(p_org_id, v_calendar.calendar_id, v_service_type);
  if v_duration is null and p_date between current_date - 1
                                        and current_date + v_calendar.max_advance_days + 1 then
    return booking.json_error('UNKNOWN_SERVICE_TYPE', 'The calendar does not offer this service type');
  end if;
  return booking.available_slots(p_org_id, v_calendar.calendar_id, p_date, v_duration, v_service_type);
end;
$$;

--
-- Name: FUNCTION check_availability(p_org_id uuid, p_date date, p_calendar_id text, p_service_type text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.check_availability(p_org_id uuid, p_date date, p_calendar_id text, p_service_type text) IS 'Free start times of one local date on a calendar, for a service.

Arguments: p_org_id; p_date (the clinic''s local date); p_calendar_id (NULL: the default calendar); p_service_type (NULL: the calendar''s default duration).
Answer: {"success": true, "date", "timezone", "calendar_id", "service_type", "duration_minutes", "slots": [{"start", "local_start", "local_time"}]}: opening hours, date overrides, slot grid, buffers, minimum notice and horizon, DST-correct, minus booked appointments and live holds (booking.offered_slots, the rule booking checks).
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_DATE, UNKNOWN_SERVICE_TYPE. Raises 42501 when an authenticated caller asks for another organization.';

--
-- Name: claim_slot_atomic(uuid, text, timestamp with time zone, text, text, text, integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.claim_slot_atomic(p_org_id uuid, p_calendar_id text, p_slot_time timestamp with time zone, p_call_sid text, p_patient_name text, p_patient_phone text, p_hold_minutes integer DEFAULT 10, p_service_type text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_calendar_id text;
  v_call_sid text := nullif(btrim(p_call_sid), '');
  v_service_type text;
  v_name text;
  v_phone text;
  v_duration integer;
  v_error json;
  v_reason text;
  v_hold booking.appointment_holds%rowtype;
  v_contact_id uuid;
begin
  perform booking.assert_org_access(p_org_id);

  select r.calendar_id, r.name, r.phone, r.service_type, r.duration_minutes, r.error
    into v_calendar_id, v_name, v_phone, v_service_type, v_duration, v_error
    from booking.normalize_booking_request(p_org_id, p_calendar_id, p_patient_name, p_patient_phone, null,
                                           p_service_type, p_slot_time, null, true) r;
  if v_error is not null then
    return v_error;
  end if;
  v_call_sid := coalesce(v_call_sid, 'phone:' || v_phone);
  if length(v_call_sid) > 128 or v_call_sid ~ '[[:cntrl:][:space:]]' then
    return booking.json_error('INVALID_CALL_SID', 'The call id must be 1 to 128 visible characters');
  end if;
  if p_hold_minutes is null or p_hold_minutes not between 1 and 30 then
    return booking.json_error('INVALID_HOLD_MINUTES', 'A hold lasts 1 to 30 minutes');
  end if;
  v_reason := booking.unbookable_reason(p_org_id, v_calendar_id, p_slot_time, v_duration);

  begin
    perform pg_advisory_xact_lock(hashtextextended('booking.call:' || p_org_id::text || ':' || v_call_sid, 0));
    perform booking.lock_calendar(p_org_id, v_calendar_id);

    -- The same call claiming the same slot again: the same hold.
    select * into v_hold from booking.appointment_holds
     where org_id = p_org_id and call_sid = v_call_sid and status = 'active' and expires_at > now()
       and calendar_id = v_calendar_id and scheduled_at = p_slot_time
       and duration_minutes = v_duration;
    if found then
      if (select phone from booking.contacts where org_id = p_org_id and id = v_hold.contact_id)
         is distinct from v_phone then
        return booking.json_error('PHONE_MISMATCH', 'This call already holds this slot for another phone number');
      end if;
      return booking.hold_answer(v_hold);
    end if;

    if v_reason is not null then
      return booking.unbookable_error(v_reason);
    end if;

    -- Holds past their expiry stop counting; mark them so the exclusion
    -- constraint lets the slot be held again.
    update booking.appointment_holds
       set status = 'expired', updated_at = now()
     where org_id = p_org_id and calendar_id = v_calendar_id
       and status = 'active' and expires_at <= now();

    if not booking.slot_is_free(p_org_id, v_calendar_id, p_slot_time,
                                p_slot_time + make_interval(mins => v_duration)) then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked or held');
    end if;

    -- A call holds at most one slot.
    update booking.appointment_holds
       set status = case when expires_at > now() then 'released' else 'expired' end, updated_at = now()
     where org_id = p_org_id and call_sid = v_call_sid and status = 'active';

    v_contact_id := booking.find_or_create_contact(p_org_id, v_name, v_phone);
    insert into booking.appointment_holds (org_id, calendar_id, contact_id, call_sid, service_type, patient_name,
                                           scheduled_at, duration_minutes, ends_at, expires_at)
    values (p_org_id, v_calendar_id, v_contact_id, v_call_sid, v_service_type, v_name,
            p_slot_time, v_duration,
            p_slot_time + make_interval(mins => v_duration), now() + make_interval(mins => p_hold_minutes))
    returning * into v_hold;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked or held');
  end;

  return booking.hold_answer(v_hold);
end;
$$;

--
-- Name: FUNCTION claim_slot_atomic(p_org_id uuid, p_calendar_id text, p_slot_time timestamp with time zone, p_call_sid text, p_patient_name text, p_patient_phone text, p_hold_minutes integer, p_service_type text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.claim_slot_atomic(p_org_id uuid, p_calendar_id text, p_slot_time timestamp with time zone, p_call_sid text, p_patient_name text, p_patient_phone text, p_hold_minutes integer, p_service_type text) IS 'Holds a slot for a call until confirm_held_slot or release_hold.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_slot_time (a start check_availability offers); p_call_sid (NULL: derived from the normalized phone, so one phone holds one slot); p_patient_name; p_patient_phone; p_hold_minutes (1-30, default 10); p_service_type (NULL: the default duration).
Answer: {"success": true, "hold_id", "contact_id", "scheduled_at", "expires_at"}. The same call, slot and phone answer the same hold; a call holds one slot at a time.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_CALL_SID, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED (a country the clinic does not allow, a satellite/international-network, premium-rate or shared-cost number), PHONE_MISMATCH (the call holds this slot for another number), INVALID_HOLD_MINUTES, INVALID_TIME, INVALID_SERVICE_TYPE, UNKNOWN_SERVICE_TYPE, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY. Raises 42501 when an authenticated caller acts for another organization.';

--
-- Name: claim_waitlist_offer(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.claim_waitlist_offer(p_token text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org_id uuid;
  v_offer_id uuid;
begin
  select o.org_id, o.id into v_org_id, v_offer_id from booking.waitlist_token_offer(p_token) o;
  if v_offer_id is null then
    return booking.json_error('OFFER_NOT_FOUND', 'There is no such offer');
  end if;
  return booking.claim_waitlist_offer_as(v_org_id, v_offer_id, 'patient_link');
end;
$$;

--
-- Name: FUNCTION claim_waitlist_offer(p_token text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.claim_waitlist_offer(p_token text) IS 'Offer link (anon; the token is the credential): the patient takes the offered time. The first valid claim of a slot wins, by link or by an SMS reply Y, decided under the calendar lock with the no-overlap constraint behind it.

Arguments: p_token (from <PUBLIC_BASE_URL>/w/<token>).
Answer: {"success": true, "appointment_id", "scheduled_at", "local_text", "service_name", "moved"} (also for the winner''s repeated claims). In one transaction: the appointment is booked with its confirmation SMS (manage link) and reminders, or, for an earlier time, the patient''s appointment is moved with its reschedule SMS; the patient leaves the waitlist; everyone else''s offers of the time are taken; the event waitlist.claimed; what the booked time leaves of the freed interval is offered again.
Errors: OFFER_TAKEN (someone was first; the patient stays on the waitlist), OFFER_EXPIRED (unanswered in time, the patient left the waitlist, or the time can no longer be booked), OFFER_NOT_FOUND (a wrong, unknown or malformed token: nothing revealed), BUSY_RETRY.';

--
-- Name: clear_date_override(uuid, text, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.clear_date_override(p_org_id uuid, p_calendar_id text, p_date date) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_admin record;
  v_calendar booking.calendars;
begin
  select * into v_admin from booking.admin_calendar(p_org_id, p_calendar_id);
  if v_admin.error is not null then
    return v_admin.error;
  end if;
  v_calendar := v_admin.calendar;
  delete from booking.calendar_date_overrides
   where org_id = p_org_id and calendar_id = v_calendar.calendar_id and on_date = p_date;
  return json_build_object('success', true, 'removed', found);
end;
$$;

--
-- Name: FUNCTION clear_date_override(p_org_id uuid, p_calendar_id text, p_date date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.clear_date_override(p_org_id uuid, p_calendar_id text, p_date date) IS 'Settings (an owner or admin of the organization, or service_role): removes a date override, so the date follows the weekly hours again.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_date.
Answer: {"success": true, "removed": bool}.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: clinic_profile(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.clinic_profile(p_org_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  return (jsonb_build_object('success', true) || booking.clinic_profile_json(v_org))::json;
end;
$$;

--
-- Name: FUNCTION clinic_profile(p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.clinic_profile(p_org_id uuid) IS 'Settings (any member of the organization, or service_role): the clinic profile.

Arguments: p_org_id.
Answer: {"success": true, "org_id", "name", "contact_phone" (E.164 or null), "contact_phone_display" (as patients read it, as phonenumbers formats it: national format for the region''s calling code, (415) 555-2671 in the US, 020 7946 0018 in GB; else international, +44 20 7946 0018), "address" (or null), "timezone" (IANA), "timezone_name" (as people say it, e.g. "Eastern Time"; the IANA id for zones without one), "phone_region", "time_format" (12h, 24h or null), "effective_time_format" (12h or 24h: the setting, else 12h for US, CA and other 12-hour regions, 24h elsewhere)}.
Errors: INVALID_ORGANIZATION. Raises 42501 unless the caller is service_role or a member of the organization.';

--
-- Name: clinic_settings(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.clinic_settings(p_org_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_org booking.organizations%rowtype;
  v_today date;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  v_today := (now() at time zone v_org.timezone)::date;
  return json_build_object(
    'success', true,
    'org_id', v_org.org_id,
    'name', v_org.name,
    'timezone', v_org.timezone,
    'phone_region', v_org.phone_region,
    'today', v_today,
    'reminder_offsets_minutes', to_json(v_org.reminder_offsets_minutes),
    'timezones', (
      select json_agg(json_build_object('timezone', z.name, 'name', booking.timezone_display_name(z.name))
                      order by z.name)
        from pg_catalog.pg_timezone_names z
       where z.name ~ '^(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_-]+(/[A-Za-z_-]+)?$'
          or z.name = 'UTC'),
    'calendars', coalesce((
      select json_agg(json_build_object(
          'calendar_id', c.calendar_id,
          'name', c.name,
          'is_default', c.is_default,
          'slot_interval_minutes', c.slot_interval_minutes,
          'default_duration_minutes', c.default_duration_minutes,
          'buffer_before_minutes', c.buffer_before_minutes,
          'buffer_after_minutes', c.buffer_after_minutes,
          'min_notice_minutes', c.min_notice_minutes,
          'max_advance_days', c.max_advance_days,
          'cancel_notice_minutes', c.cancel_notice_minutes,
          'reschedule_notice_minutes', c.reschedule_notice_minutes,
          'weekly_hours', (
            select coalesce(json_object_agg(d.day, d.hours), '{}'::json)
              from (select (array['mon','tue','wed','thu','fri','sat','sun'])[w.iso_weekday] as day,
                           json_agg(json_build_array(to_char(w.opens_at, 'HH24:MI'),
                                                     to_char(w.closes_at, 'HH24:MI'))
                                    order by w.opens_at) as hours
                      from booking.calendar_weekly_hours w
                     where w.org_id = c.org_id and w.calendar_id = c.calendar_id
                     group by w.iso_weekday) d),
          'date_overrides', coalesce((
            select json_agg(json_build_object(
                'date', o.on_date,
                'note', o.note,
                'hours', coalesce((
                  select json_agg(json_build_array(to_char(h.opens_at, 'HH24:MI'),
                                                   to_char(h.closes_at, 'HH24:MI'))
                                  order by h.opens_at)
                    from booking.calendar_override_hours h
                   where h.org_id = o.org_id and h.calendar_id = o.calendar_id
                     and h.on_date = o.on_date), '[]'::json))
              order by o.on_date)
              from booking.calendar_date_overrides o
             where o.org_id = c.org_id and o.calendar_id = c.calendar_id
               and o.on_date >= v_today), '[]'::json),
          'service_types', coalesce((
            select json_agg(json_build_object(
                'service_type', s.service_type,
                'display_name', coalesce(s.display_name, s.service_type),
                'duration_minutes', s.duration_minutes,
                'value_cents', s.value_cents,
                'active', s.active)
              order by lower(s.service_type))
              from booking.service_types s
             where s.org_id = c.org_id and s.calendar_id = c.calendar_id), '[]'::json))
        order by c.is_default desc, lower(c.name), c.calendar_id)
        from booking.calendars c
       where c.org_id = p_org_id), '[]'::json),
    'sms', (
      select json_build_object(
          'twilio_configured', i.twilio_account_sid is not null,
          'auth_token_set', i.twilio_auth_token_encrypted is not null,
          'account_sid_last4', right(i.twilio_account_sid, 4),
          'from_number_last4', right(i.twilio_from_number, 4),
          'messaging_service_sid_last4', right(i.twilio_messaging_service_sid, 4),
          'hot_lead_alert_phone', booking.phone_display(i.hot_lead_alert_phone, v_org.phone_region),
          'sms_help_reply', i.sms_help_reply)
        from (select) dummy
        left join booking.integration_settings i on i.org_id = p_org_id),
    'voice_agent', (
      select json_build_object(
          'configured', v.org_id is not null,
          'assistant_id', v.assistant_id,
          'phone_number', booking.phone_display(v.phone_number, v_org.phone_region),
          'updated_at', booking.to_iso8601_utc(v.updated_at))
        from (select) dummy
        left join booking.voice_agents v on v.org_id = p_org_id));
end;
$_$;

--
-- Name: FUNCTION clinic_settings(p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.clinic_settings(p_org_id uuid) IS 'Settings (an owner or admin of the organization, or service_role): the clinic''s settings as its settings pages show them; never a secret.

Arguments: p_org_id.
Answer: {"success": true, "org_id", "name", "timezone", "phone_region", "today" (the clinic''s local date), "reminder_offsets_minutes", "timezones" ([{"timezone" (IANA id), "name" (as people say it, else the id)}]: the zones a clinic may choose), "calendars": [{"calendar_id", "name", "is_default", "slot_interval_minutes", "default_duration_minutes", "buffer_before_minutes", "buffer_after_minutes", "min_notice_minutes", "max_advance_days", "cancel_notice_minutes", "reschedule_notice_minutes", "weekly_hours" ({"mon": [["09:00","17:00"]], ...} as set_weekly_hours takes it; closed days absent), "date_overrides" ([{"date", "note", "hours" ([] closed)}] from today on), "service_types" ([{"service_type", "display_name" (as patients read it), "duration_minutes", "value_cents", "active"}])}] (the default first), "sms": {"twilio_configured", "auth_token_set", "account_sid_last4", "from_number_last4", "messaging_service_sid_last4", "hot_lead_alert_phone" (as the clinic reads it, booking.phone_display), "sms_help_reply"}, "voice_agent": {"configured" (a secret is set), "assistant_id", "phone_number" (as the clinic reads it), "updated_at"}}.
Errors: INVALID_ORGANIZATION. Raises 42501 unless the caller is service_role or an owner or admin of the organization (front desk included).';

--
-- Name: complete_password_reset(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.complete_password_reset(p_token text, p_password text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_reset booking.staff_password_resets;
  v_refusal text;
begin
  select * into v_reset from booking.staff_password_resets
   where token_hash = booking.staff_token_hash(p_token)
   for update;
  if not found or v_reset.revoked_at is not null then
    return booking.json_error('INVALID_RESET_TOKEN', 'The reset link is not valid');
  end if;
  if v_reset.used_at is not null then
    return booking.json_error('RESET_TOKEN_USED', 'The reset link was already used');
  end if;
  if v_reset.expires_at <= now() then
    return booking.json_error('RESET_TOKEN_EXPIRED', 'The reset link has expired; ask for a new one');
  end if;
  v_refusal := booking.staff_password_refusal(p_password);
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The password must be 12 characters (at most 72 bytes)');
  end if;
  update booking.staff_accounts
     set password_hash = booking.hash_staff_password(p_password), password_changed_at = now(),
         failed_sign_ins = 0, failed_sign_ins_since = null, locked_until = null
   where account_id = v_reset.account_id;
  update booking.staff_password_resets set used_at = now()
   where org_id = v_reset.org_id and reset_id = v_reset.reset_id;
  update booking.staff_refresh_tokens set revoked_at = now()
   where account_id = v_reset.account_id and revoked_at is null;
  return json_build_object('success', true, 'account_id', v_reset.account_id);
end;
$$;

--
-- Name: FUNCTION complete_password_reset(p_token text, p_password text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.complete_password_reset(p_token text, p_password text) IS 'Staff member (anon, with the token): sets a new password with a one-time reset token.

Arguments: p_token (from reset_staff_password); p_password (12 characters to 72 bytes).
Answer: {"success": true, "account_id"}; every session of the account is signed out and a lockout is lifted.
Errors: INVALID_RESET_TOKEN (unknown, or replaced by a newer reset), RESET_TOKEN_USED (single use), RESET_TOKEN_EXPIRED (after 1 hour), PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG.';

--
-- Name: confirm_appointment_for_patient(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.confirm_appointment_for_patient(p_org_id uuid, p_appointment_id uuid) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.confirm_appointment_as_patient(p_org_id, p_appointment_id, 'staff');
end;
$$;

--
-- Name: FUNCTION confirm_appointment_for_patient(p_org_id uuid, p_appointment_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.confirm_appointment_for_patient(p_org_id uuid, p_appointment_id uuid) IS 'Staff confirms an appointment on the patient''s behalf (the patient said they will come).

Arguments: p_org_id; p_appointment_id.
Answer: {"success": true, "appointment_id", "patient_confirmed_at"}. The first confirmation sets patient_confirmed_at and records a history row (action patient_confirmed, actor staff, the member) and the event appointment.patient_confirmed; confirming again answers the first patient_confirmed_at and changes nothing. No SMS is sent.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST. Raises 42501 when an authenticated caller acts for another organization.';

--
-- Name: confirm_held_slot(uuid, uuid, uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.confirm_held_slot(p_hold_id uuid, p_org_id uuid, p_contact_id uuid, p_otp text, p_service_type text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_hold booking.appointment_holds%rowtype;
  v_code text := regexp_replace(coalesce(p_otp, ''), '[^0-9]', '', 'g');
  v_service_type text;
  v_duration integer;
  v_reason text;
  v_refusal json;
  v_appointment booking.appointments%rowtype;
  v_phone text;
  v_number_left integer;
begin
  if p_org_id is not null then
    perform booking.assert_org_access(p_org_id);
  end if;
  select * into v_hold from booking.appointment_holds
   where id = p_hold_id and (p_org_id is null or org_id = p_org_id);
  -- Another organization's hold answers as an unknown one: ids cannot be probed.
  if not found or not booking.can_act_for_org(v_hold.org_id) then
    return booking.json_error('HOLD_NOT_FOUND', 'There is no such hold');
  end if;
  perform booking.assert_org_access(v_hold.org_id);
  if p_contact_id is not null and p_contact_id <> v_hold.contact_id then
    return booking.json_error('CONTACT_MISMATCH', 'The hold belongs to another contact');
  end if;
  if length(v_code) <> 4 or length(p_otp) > 32 then
    return booking.json_error('INVALID_OTP_FORMAT', 'The code has 4 digits');
  end if;

  begin
    -- Calendar lock first, then the hold's row: the order claim_slot_atomic uses.
    perform booking.lock_calendar(v_hold.org_id, v_hold.calendar_id);
    select * into v_hold from booking.appointment_holds
     where org_id = v_hold.org_id and id = v_hold.id for update;

    if v_hold.status = 'consumed' then
      if booking.constant_time_equals(booking.otp_hash(v_code, v_hold.id), v_hold.otp_hash) then
        select * into v_appointment from booking.appointments
         where org_id = v_hold.org_id and id = v_hold.appointment_id;
        return booking.confirmation_answer(v_appointment);
      end if;
      return booking.json_error('HOLD_ALREADY_CONFIRMED', 'The hold was already confirmed');
    end if;
    v_refusal := booking.hold_unusable_reason(v_hold);
    if v_refusal is not null then
      return v_refusal;
    elsif v_hold.otp_hash is null then
      return booking.json_error('OTP_NOT_SENT', 'No code was sent for this hold yet');
    end if;

    -- Wrong codes count per number too (booking.record_otp_failure: 10 a
    -- day lock the number), so new holds do not buy new guesses.
    select phone into v_phone from booking.contacts
     where org_id = v_hold.org_id and id = v_hold.contact_id;
    if booking.otp_phone_locked(v_hold.org_id, v_phone) then
      return booking.json_error('OTP_LOCKED', 'Too many wrong codes for this number; try again later');
    end if;
    if not booking.constant_time_equals(booking.otp_hash(v_code, v_hold.id), v_hold.otp_hash) then
      update booking.appointment_holds
         set otp_failed_attempts = otp_failed_attempts + 1, updated_at = now()
       where org_id = v_hold.org_id and id = v_hold.id;
      v_number_left := booking.record_otp_failure(v_hold.org_id, v_phone);
      if v_hold.otp_failed_attempts + 1 >= 5 or v_number_left = 0 then
        return booking.json_error('OTP_LOCKED', 'Too many wrong codes; reserve the slot again');
      end if;
      return (booking.json_error('INVALID_OTP', 'The code is not right')::jsonb
              || jsonb_build_object('attempts_remaining',
                   least(4 - v_hold.otp_failed_attempts, v_number_left)))::json;
    end if;

    v_service_type := coalesce(booking.normalize_service_type(p_service_type), v_hold.service_type, 'consultation');
    v_duration := booking.service_duration(v_hold.org_id, v_hold.calendar_id, v_service_type);
    if v_duration is null then
      return booking.json_error('UNKNOWN_SERVICE_TYPE', 'The calendar does not offer this service type');
    end if;
    if v_duration <> v_hold.duration_minutes then
      v_reason := booking.unbookable_reason(v_hold.org_id, v_hold.calendar_id, v_hold.scheduled_at, v_duration);
      if v_reason is not null then
        return booking.json_error(v_reason, 'The service does not fit the held slot');
      end if;
    end if;
    if not booking.slot_is_free(v_hold.org_id, v_hold.calendar_id, v_hold.scheduled_at,
                                v_hold.scheduled_at + make_interval(mins => v_duration), v_hold.id) then
      return booking.json_error('SLOT_UNAVAILABLE', 'The slot is no longer free');
    end if;

    -- The code proves the caller holds the phone: now the name they gave
    -- may update the contact.
    perform booking.upsert_contact(v_hold.org_id, v_hold.patient_name, null,
      (select phone from booking.contacts where org_id = v_hold.org_id and id = v_hold.contact_id));
    v_appointment := booking.insert_appointment(v_hold.org_id, v_hold.calendar_id, v_hold.contact_id,
                                                v_service_type, v_hold.scheduled_at, v_duration);
    update booking.appointment_holds
       set status = 'consumed', appointment_id = v_appointment.id, updated_at = now()
     where org_id = v_hold.org_id and id = v_hold.id;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'The slot is no longer free');
  end;

  return booking.confirmation_answer(v_appointment);
end;
$$;

--
-- Name: FUNCTION confirm_held_slot(p_hold_id uuid, p_org_id uuid, p_contact_id uuid, p_otp text, p_service_type text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.confirm_held_slot(p_hold_id uuid, p_org_id uuid, p_contact_id uuid, p_otp text, p_service_type text) IS 'Verifies a hold''s one-time code and books it: appointment, consumed hold and confirmation SMS in one transaction.

Arguments: p_hold_id; p_org_id (NULL: the hold''s); p_contact_id (NULL, or the hold''s); p_otp (the 4-digit code as heard: "1 2 3 4" is fine); p_service_type (NULL: the claim''s service, else consultation).
Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at"}, with book_appointment_atomic''s overlap guarantees; a repeated successful confirmation answers the same appointment. The code is compared in constant time.
Errors: HOLD_NOT_FOUND (also for another organization''s hold), CONTACT_MISMATCH, HOLD_EXPIRED, HOLD_RELEASED, HOLD_ALREADY_CONFIRMED, OTP_NOT_SENT, INVALID_OTP_FORMAT (not 4 digits; not counted), INVALID_OTP (with attempts_remaining), OTP_LOCKED (after 5 wrong codes for the hold, or 10 a day for the number), UNKNOWN_SERVICE_TYPE, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY.';

--
-- Name: create_calendar(uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_calendar(p_org_id uuid, p_calendar_id text, p_name text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_calendar_id is null or p_calendar_id !~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' then
    return booking.json_error('INVALID_CALENDAR_ID', 'Calendar ids are 1-64 letters, digits, _ . -');
  end if;
  if v_name is null or length(v_name) not between 1 and 200 or v_name ~ '[[:cntrl:]]' then
    return booking.json_error('INVALID_NAME', 'The calendar name must be 1 to 200 characters');
  end if;
  insert into booking.calendars (org_id, calendar_id, name, is_default)
  values (p_org_id, p_calendar_id, v_name,
          not exists (select from booking.calendars where org_id = p_org_id and is_default))
  on conflict do nothing;
  if not found then
    return booking.json_error('CALENDAR_EXISTS', 'The organization already has this calendar');
  end if;
  insert into booking.calendar_weekly_hours (org_id, calendar_id, iso_weekday, opens_at, closes_at)
  select p_org_id, p_calendar_id, d, '09:00', '17:00' from generate_series(1, 5) d;
  return json_build_object('success', true, 'calendar_id', p_calendar_id);
end;
$_$;

--
-- Name: FUNCTION create_calendar(p_org_id uuid, p_calendar_id text, p_name text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_calendar(p_org_id uuid, p_calendar_id text, p_name text) IS 'Settings (an owner or admin of the organization, or service_role): creates a calendar with default rules and Monday-Friday 09:00-17:00 hours.

Arguments: p_org_id; p_calendar_id (1-64 letters, digits, _ . -); p_name (1-200 characters).
Answer: {"success": true, "calendar_id"}; an organization''s first calendar becomes its default.
Errors: INVALID_ORGANIZATION, INVALID_CALENDAR_ID, INVALID_NAME, CALENDAR_EXISTS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: create_clinic(text, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_clinic(p_name text, p_timezone text, p_phone_region text, p_contact_phone text, p_owner_email text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
  v_region text := upper(btrim(p_phone_region));
  v_email text := booking.normalize_staff_email(p_owner_email);
  v_phone text;
  v_refusal json;
  v_org_id uuid;
  v_created boolean := false;
  v_answer json;
  v_invitation json;
begin
  perform booking.assert_service_role();
  -- Without a region, a number written with its calling code names one:
  -- that code's main region (US for +1, GB for +44); else US.
  if v_region is null and btrim(p_contact_phone) ~ '^\+[1-9]' then
    select c.main_region into v_region
      from booking.phone_calling_codes c, booking.normalize_phone(p_contact_phone, 'US') n(phone)
     where c.calling_code in (substr(n.phone, 2, 1)::integer, substr(n.phone, 2, 2)::integer,
                              substr(n.phone, 2, 3)::integer);
  end if;
  v_region := coalesce(v_region, case when p_phone_region is null then 'US' end);
  v_refusal := booking.clinic_profile_refusal(v_name, p_timezone, v_region, p_contact_phone);
  if v_refusal is not null then
    return v_refusal;
  end if;
  v_phone := booking.normalize_phone(nullif(btrim(p_contact_phone), ''), v_region);
  if v_email is null then
    return booking.json_error('INVALID_EMAIL', 'The owner''s email is not a valid address');
  end if;

  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended('public.create_clinic ' || lower(v_name) || ' ' || v_email, 0));
  select o.org_id into v_org_id
    from booking.organizations o
   where lower(o.name) = lower(v_name)
     and (exists (select from booking.staff_invitations i
                   where i.org_id = o.org_id and i.email = v_email and i.role = 'owner')
          or exists (select from booking.memberships m join booking.staff_accounts a on a.account_id = m.account_id
                      where m.org_id = o.org_id and a.email = v_email and m.role = 'owner'))
   order by o.created_at
   limit 1;

  if v_org_id is null then
    v_answer := public.create_organization(v_name, p_timezone, v_region);
    v_org_id := (v_answer ->> 'org_id')::uuid;
    v_answer := public.set_clinic_profile(v_org_id, v_name, v_phone, null, p_timezone, v_region);
    if not (v_answer ->> 'success')::boolean then
      raise exception 'create_clinic: %', v_answer;  -- validated above; never leave half a clinic
    end if;
    v_created := true;
  end if;

  if exists (select from booking.staff_invitations i
              where i.org_id = v_org_id and i.email = v_email and i.role = 'owner' and i.accepted_at is not null)
     or exists (select from booking.memberships m join booking.staff_accounts a on a.account_id = m.account_id
                 where m.org_id = v_org_id and a.email = v_email and m.role = 'owner') then
    v_invitation := null;  -- the owner has joined: they sign in
  else
    v_invitation := public.invite_staff_member(v_org_id, v_email, null, 'owner');
    if not (v_invitation ->> 'success')::boolean then
      raise exception 'create_clinic: %', v_invitation;
    end if;
  end if;

  return json_build_object(
    'success', true,
    'org_id', v_org_id,
    'created', v_created,
    'name', (select name from booking.organizations where org_id = v_org_id),
    'owner_email', v_email,
    'owner_joined', v_invitation is null,
    'invitation_token', v_invitation ->> 'invitation_token',
    'expires_at', v_invitation ->> 'expires_at');
end;
$$;

--
-- Name: FUNCTION create_clinic(p_name text, p_timezone text, p_phone_region text, p_contact_phone text, p_owner_email text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_clinic(p_name text, p_timezone text, p_phone_region text, p_contact_phone text, p_owner_email text) IS 'Onboarding (service_role): creates a clinic with its default calendar, its profile and its first owner''s invitation; idempotent.

Arguments: p_name (1-200 characters); p_timezone (IANA, e.g. America/New_York); p_phone_region (ISO 3166, e.g. US or GB; NULL: the main region of p_contact_phone''s calling code when it is written with one, US for +1, GB for +44; else US); p_contact_phone (the number patients are told to call, read in the region; NULL: none); p_owner_email.
Answer: {"success": true, "org_id", "created" (false: a clinic of this name whose owner is or was invited as this email exists, and nothing was created), "name", "owner_email", "owner_joined" (true: the owner has accepted and signs in; no invitation), "invitation_token" (for /dashboard/invitations/<token>, 7 days; a new one on every call until the owner joins, revoking the previous one), "expires_at"}.
Errors: INVALID_NAME, INVALID_TIMEZONE, INVALID_REGION, INVALID_PHONE (not a valid number, or premium-rate/shared-cost), INVALID_EMAIL. Raises 42501 for other callers.';

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
  perform booking.assert_service_role();
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

  perform public.create_calendar(v_org_id, 'cal-1', 'Main calendar');

  return json_build_object('success', true, 'org_id', v_org_id, 'calendar_id', 'cal-1');
end;
$$;

--
-- Name: FUNCTION create_organization(p_name text, p_timezone text, p_phone_region text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_organization(p_name text, p_timezone text, p_phone_region text) IS 'Onboarding (service_role): creates an organization with its default calendar cal-1.

Arguments: p_name; p_timezone (IANA, e.g. America/New_York); p_phone_region (the default region of its numbers, e.g. US or GB).
Answer: {"success": true, "org_id", "calendar_id"}.
Errors: INVALID_NAME, INVALID_TIMEZONE, INVALID_PHONE_REGION. Raises 42501 for other callers.';

--
-- Name: daily_report; Type: VIEW; Schema: booking; Owner: -
--

CREATE VIEW booking.daily_report WITH (security_invoker='true') AS
 SELECT a.org_id,
    ((a.created_at AT TIME ZONE o.timezone))::date AS date,
    count(*) AS appointments_created,
    count(*) FILTER (WHERE a.confirmation_sms_sent) AS confirmations_sent,
    round(((100.0 * (count(*) FILTER (WHERE a.confirmation_sms_sent))::numeric) / (count(*))::numeric), 2) AS confirmation_rate
   FROM (booking.appointments a
     JOIN booking.organizations o ON ((o.org_id = a.org_id)))
  WHERE (a.created_at > (now() - '7 days'::interval))
  GROUP BY a.org_id, (((a.created_at AT TIME ZONE o.timezone))::date);

--
-- Name: VIEW daily_report; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON VIEW booking.daily_report IS 'Per organization and local day (the clinic''s time zone), the last 7 days: appointments created, confirmations sent, confirmation rate in percent.';

--
-- Name: daily_report(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.daily_report(p_org_id uuid DEFAULT NULL::uuid) RETURNS SETOF booking.daily_report
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select * from booking.daily_report r
   where p_org_id is null or r.org_id = p_org_id
   order by r.date desc, r.org_id;
$$;

--
-- Name: FUNCTION daily_report(p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.daily_report(p_org_id uuid) IS 'Monitoring: appointments created and confirmations sent per local day of the last 7 days.

Arguments: p_org_id (optional filter).
Answer: rows of booking.daily_report (org_id, date, appointments_created, confirmations_sent, confirmation_rate in %), newest day first. confirmations_sent counts the day''s new appointments whose confirmation SMS reached the provider (appointments.confirmation_sms_sent), cancelled ones included; confirmation_rate is its share of appointments_created. Neither counts patients confirming (appointments.patient_confirmed_at).
Errors: none; members see only their own organization (RLS).';

--
-- Name: dashboard_appointment(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dashboard_appointment(p_org_id uuid, p_appointment_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_answer json;
begin
  if p_org_id is null or p_appointment_id is null then
    raise exception 'p_org_id and p_appointment_id are required' using errcode = '22023';
  end if;
  select json_build_object(
           'success', true,
           'appointment_id', a.id,
           'calendar_id', a.calendar_id,
           'calendar_name', c.name,
           'timezone', o.timezone,
           'scheduled_at', a.scheduled_at,
           'local_date', (a.scheduled_at at time zone o.timezone)::date,
           'local_time', to_char(a.scheduled_at at time zone o.timezone, 'HH24:MI'),
           'duration_minutes', a.duration_minutes,
           'patient_name', ct.name,
           'service_type', a.service_type,
           'status', a.status)
    into v_answer
    from booking.appointments a
    join booking.organizations o on o.org_id = a.org_id
    join booking.calendars c on c.org_id = a.org_id and c.calendar_id = a.calendar_id
    join booking.contacts ct on ct.org_id = a.org_id and ct.id = a.contact_id
   where a.org_id = p_org_id and a.id = p_appointment_id;
  return coalesce(v_answer, json_build_object('success', false, 'error', 'APPOINTMENT_NOT_FOUND'));
end;
$$;

--
-- Name: FUNCTION dashboard_appointment(p_org_id uuid, p_appointment_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.dashboard_appointment(p_org_id uuid, p_appointment_id uuid) IS 'One appointment for the dashboard''s staff actions.

Arguments: p_org_id; p_appointment_id.
Answer: {"success": true, "appointment_id", "calendar_id", "calendar_name", "timezone", "scheduled_at", "local_date", "local_time", "duration_minutes", "patient_name", "service_type", "status"}; SECURITY INVOKER, so RLS decides what the caller sees.
Errors: APPOINTMENT_NOT_FOUND when the caller cannot see it (another clinic''s and unknown ones are not told apart). Raises 22023 for a NULL argument.';

--
-- Name: dashboard_feed(uuid, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dashboard_feed(p_org_id uuid, p_limit integer DEFAULT 50) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_timezone text;
begin
  perform booking.assert_org_access(p_org_id);
  select o.timezone into v_timezone from booking.organizations o where o.org_id = p_org_id;
  return json_build_object(
    'success', true,
    'timezone', v_timezone,
    'timezone_name', booking.timezone_display_name(v_timezone),
    'events', coalesce((
      select json_agg(json_build_object(
               'id', booking.event_cursor(e.txid, e.seq),
               'type', e.type,
               'local_time', booking.format_local_time(p_org_id, e.created_at, true),
               'patient_name', ct.name,
               'appointment_id', a.id,
               'scheduled_local', booking.format_local_time(p_org_id, (e.payload ->> 'scheduled_at')::timestamptz),
               'kind', e.payload ->> 'kind',
               'status', e.payload ->> 'status',
               'actor', e.payload ->> 'actor',
               'lead_name', e.payload ->> 'lead_name',
               'waitlist_offer', e.payload ? 'waitlist_offer_id') order by e.txid desc, e.seq desc)
        from (select * from booking.events ev
               where ev.org_id = p_org_id
               order by ev.txid desc, ev.seq desc
               limit least(greatest(coalesce(p_limit, 50), 1), 200)) e
        left join booking.appointments a
          on a.org_id = p_org_id and a.id = (e.payload ->> 'appointment_id')::uuid
        left join booking.waitlist_entries we
          on we.org_id = p_org_id and we.id = (e.payload ->> 'waitlist_entry_id')::uuid
        left join booking.contacts ct
          on ct.org_id = p_org_id
         and ct.id = coalesce(a.contact_id, (e.payload ->> 'contact_id')::uuid, we.contact_id)), '[]'::json));
end;
$$;

--
-- Name: FUNCTION dashboard_feed(p_org_id uuid, p_limit integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.dashboard_feed(p_org_id uuid, p_limit integer) IS 'Staff: the newest live-feed events, with what a sentence needs, on the clinic''s clock.

Arguments: p_org_id; p_limit (1-200, default 50).
Answer: {"success": true, "timezone", "timezone_name", "events": [{"id" (the stream''s event id, ''<txid>-<seq>''), "type", "local_time" (when it happened, on the clinic''s clock: "2:30 PM" or "14:30"), "patient_name" (the event''s appointment''s patient, an inbound text''s matched patient, or a waitlist event''s patient) and "appointment_id" (the event''s appointment, if any), "scheduled_local" (its start then, in words), "kind" and "status" (an SMS''s kind and status, a hold''s or appointment''s status), "actor" (who changed an appointment), "lead_name" (a hot lead), "waitlist_offer" (a waitlist event about an offer, not an entry: waitlist.expired says which)}]}, newest first.
Errors: none. Raises 42501 when an authenticated caller asks for another organization.';

--
-- Name: dashboard_overview(uuid, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dashboard_overview(p_org_id uuid, p_days integer DEFAULT 7) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_today date;
  v_from timestamptz;
  v_to timestamptz;
begin
  if p_org_id is null or p_days is null or p_days not between 1 and 31 then
    raise exception 'p_org_id is required and p_days must be between 1 and 31'
      using errcode = '22023';
  end if;
  -- RLS: a member sees only their own organization's row.
  select * into v_org from booking.organizations o where o.org_id = p_org_id;
  if not found then
    raise exception 'not allowed to read organization %', p_org_id
      using errcode = '42501',
            hint = 'The JWT claim app_metadata.org_id names the only organization a member may read.';
  end if;
  v_today := (now() at time zone v_org.timezone)::date;
  v_from := v_today::timestamp at time zone v_org.timezone;
  v_to := (v_today + p_days)::timestamp at time zone v_org.timezone;

  return json_build_object(
    'org_id', v_org.org_id,
    'name', v_org.name,
    'timezone', v_org.timezone,
    'time_format', booking.effective_time_format(v_org.time_format, v_org.phone_region),
    'today', v_today,
    'generated_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'calendars', coalesce((
      select json_agg(json_build_object(
               'calendar_id', c.calendar_id,
               'name', c.name,
               'appointments', coalesce((
                 select json_agg(json_build_object(
                          'appointment_id', a.id,
                          'scheduled_at', a.scheduled_at,
                          'local_date', (a.scheduled_at at time zone v_org.timezone)::date,
                          'local_time', to_char(a.scheduled_at at time zone v_org.timezone, 'HH24:MI'),
                          'duration_minutes', a.duration_minutes,
                          'patient_name', ct.name,
                          'patient_phone', ct.phone,
                          'service_type', a.service_type,
                          'status', a.status,
                          'confirmation_sms_status', sms.status,
                          'confirmation_sms_sent', a.confirmation_sms_sent,
                          'reminder_status', reminder.status,
                          'patient_confirmed', a.patient_confirmed_at is not null,
                          -- what staff may record now (set_appointment_attendance's rule)
                          'can_complete', a.status <> 'completed'
                                          and booking.attendance_refusal(a, 'completed', v_org.timezone) is null,
                          'can_no_show', a.status <> 'no_show'
                                         and booking.attendance_refusal(a, 'no_show', v_org.timezone) is null)
                          order by a.scheduled_at)
                   from booking.appointments a
                   join booking.contacts ct on ct.org_id = a.org_id and ct.id = a.contact_id
                   left join lateral (
                     select o.status from booking.sms_outbox o
                      where o.org_id = a.org_id and o.appointment_id = a.id
                        and o.kind = 'confirmation'
                      order by o.created_at desc limit 1) sms on true
                   left join lateral (
                     select o.status from booking.sms_outbox o
                      where o.org_id = a.org_id and o.appointment_id = a.id
                        and o.kind = 'reminder' and o.status <> 'canceled'
                      order by o.next_attempt_at desc limit 1) reminder on true
                  where a.org_id = c.org_id and a.calendar_id = c.calendar_id
                    and a.scheduled_at >= v_from and a.scheduled_at < v_to), '[]'))
             order by c.is_default desc, c.calendar_id)
        from booking.calendars c where c.org_id = p_org_id), '[]'),
    'holds', coalesce((
      select json_agg(json_build_object(
               'hold_id', h.id,
               'calendar_id', h.calendar_id,
               'patient_name', h.patient_name,
               'scheduled_at', h.scheduled_at,
               'local_date', (h.scheduled_at at time zone v_org.timezone)::date,
               'local_time', to_char(h.scheduled_at at time zone v_org.timezone, 'HH24:MI'),
               'expires_at', h.expires_at,
               'expires_local_time', to_char(h.expires_at at time zone v_org.timezone, 'HH24:MI'),
               'call_sid', h.call_sid)
               order by h.expires_at)
        from booking.appointment_holds h
       where h.org_id = p_org_id and h.status = 'active' and h.expires_at > now()), '[]'),
    'hot_leads', coalesce((
      select json_agg(json_build_object(
               'hot_lead_id', l.id,
               'call_id', l.call_id,
               'lead_name', l.lead_name,
               'lead_phone', l.lead_phone,
               'lead_score', l.lead_score,
               'alert_status', l.alert_status,
               'not_sent_reason', l.not_sent_reason,
               'created_at', l.created_at,
               'local_time', to_char(l.created_at at time zone v_org.timezone, 'YYYY-MM-DD HH24:MI'))
               order by l.created_at desc)
        from booking.hot_lead_alerts l
       where l.org_id = p_org_id and l.created_at > now() - interval '24 hours'), '[]'),
    'recent_calls', coalesce((
      select json_agg(json_build_object(
               'call_id', r.id,
               'provider_call_id', r.provider_call_id,
               'caller_phone', r.caller_phone,
               'contact_name', r.contact_name,
               'started_at', r.started_at,
               'local_time', to_char(coalesce(r.started_at, r.created_at) at time zone v_org.timezone,
                                     'YYYY-MM-DD HH24:MI'),
               'duration', r.duration,
               'ended_reason', r.ended_reason,
               'lead_score', r.lead_score,
               'is_hot', r.is_hot,
               'appointment_id', r.appointment_id)
               order by r.created_at desc)
        from (select cl.*, ct.name as contact_name,
                     exists (select from booking.hot_leads hl
                              where hl.org_id = cl.org_id and hl.call_id = cl.id) as is_hot
                from booking.calls cl
                left join booking.contacts ct on ct.org_id = cl.org_id and ct.id = cl.contact_id
               where cl.org_id = p_org_id
               order by cl.created_at desc
               limit 20) r), '[]'),
    'reports', json_build_object(
      'daily_confirmation', coalesce((
        select json_agg(json_build_object(
                 'date', d.date,
                 'appointments_created', d.appointments_created,
                 'confirmations_sent', d.confirmations_sent,
                 'confirmation_rate', d.confirmation_rate) order by d.date)
          from booking.daily_report d where d.org_id = p_org_id), '[]'),
      'sms_delivery', coalesce((
        select json_agg(json_build_object('kind', s.kind, 'status', s.status, 'count', s.count)
                        order by s.kind, s.status)
          from booking.sms_delivery_status s where s.org_id = p_org_id), '[]'),
      'hot_leads', coalesce((
        select json_agg(json_build_object(
                 'lead_name', g.lead_name, 'lead_phone', g.lead_phone, 'lead_score', g.lead_score,
                 'alert_sent_at', g.alert_sent_at, 'created_at', g.created_at)
                 order by g.created_at desc)
          from booking.hot_leads_generated g where g.org_id = p_org_id), '[]'))
  );
end;
$$;

--
-- Name: FUNCTION dashboard_overview(p_org_id uuid, p_days integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.dashboard_overview(p_org_id uuid, p_days integer) IS 'The dashboard''s read model of one organization.

Arguments: p_org_id; p_days (1-31, default 7: the local days from today).
Answer: {"org_id", "name", "timezone", "time_format" (12h or 24h: the clock staff read the HH24:MI times on), "today", "generated_at", "calendars": [{"calendar_id", "name", "appointments": [time, patient, service, status, confirmation SMS and reminder status, patient-confirmed mark, can_complete and can_no_show: whether set_appointment_attendance would record them now]}], "holds" (active, with expiry), "hot_leads" (last 24 hours), "recent_calls" (with lead scores), "reports": {"daily_confirmation", "sms_delivery", "hot_leads"}}; SECURITY INVOKER, so RLS decides.
Errors: raises 42501 when the caller cannot read the organization (another clinic''s and unknown ones are not told apart), 22023 for a NULL p_org_id or p_days outside 1-31.';

--
-- Name: dashboard_session_status(text, uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.dashboard_session_status(p_access_token text, p_session_id uuid, p_org_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_account_id uuid;
  v_role text;
begin
  perform booking.assert_service_role();
  if p_access_token is null or exists (
       select from booking.signed_out_access_tokens t
        where t.token_hash = booking.staff_token_hash(p_access_token)) then
    return json_build_object('success', true, 'active', false, 'role', null);
  end if;
  if p_session_id is null then  -- an identity provider's token: not revoked here
    return json_build_object('success', true, 'active', true, 'role', null);
  end if;
  select r.account_id into v_account_id
    from booking.staff_refresh_tokens r
   where r.family_id = p_session_id and r.revoked_at is null and r.expires_at > now()
   limit 1;
  if v_account_id is not null then
    select m.role into v_role
      from booking.memberships m
      join booking.staff_accounts a on a.account_id = m.account_id
     where m.org_id = p_org_id and m.account_id = v_account_id
       and m.disabled_at is null and a.disabled_at is null;
  end if;
  return json_build_object('success', true, 'active', v_role is not null, 'role', v_role);
end;
$$;

--
-- Name: FUNCTION dashboard_session_status(p_access_token text, p_session_id uuid, p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.dashboard_session_status(p_access_token text, p_session_id uuid, p_org_id uuid) IS 'Service (service_role): whether a dashboard session is still good, on every page request.

Arguments: p_access_token (the session''s access token as the browser sent it); p_session_id (its sid claim: the refresh family of a service-issued token, NULL for an identity provider''s token); p_org_id (the organization it acts for).
Answer: {"success": true, "active", "role"}: active is false once the token was signed out (public.sign_out_access_token), its session was signed out or revoked (public.staff_sign_out, a reused refresh token), or, for a service-issued token, the account or its membership of p_org_id is disabled or gone; role is the membership''s role (NULL for an identity provider''s token).
Raises 42501 for other callers.';

--
-- Name: deployment_status(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.deployment_status() RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_latest text;
begin
  perform booking.assert_service_role();
  if pg_catalog.to_regclass('yoyo._yoyo_migration') is not null then
    execute 'select max(migration_id) from yoyo._yoyo_migration' into v_latest;
  end if;
  return json_build_object(
    'success', true,
    'stored_credentials',
      exists (select from booking.integration_settings s
               where s.twilio_auth_token_encrypted is not null)
      or exists (select from booking.voice_agent_credentials c
                  where c.hmac_key_encrypted is not null),
    'public_base_url', booking.public_base_url(),
    'latest_migration', v_latest);
end;
$$;

--
-- Name: FUNCTION deployment_status(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.deployment_status() IS 'Admin (service_role): the facts a deployment check needs before serving.

Answer: {"success": true, "stored_credentials": true when any organization has stored Twilio credentials or voice-agent HMAC keys (they need SETTINGS_ENCRYPTION_KEY), "public_base_url": the base of links in SMS as the package setting has it (the default when unset), "latest_migration": the id of the newest migration applied (yoyo''s bookkeeping; null without it)}.
Raises 42501 for other callers.';

--
-- Name: event_feed_start(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.event_feed_start(p_org_id uuid, p_last_event_id text DEFAULT NULL::text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_after record;
  v_latest_txid xid8 := '0';
  v_latest_seq bigint := 0;
  v_horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
  v_own xid8 := pg_current_xact_id_if_assigned();
begin
  perform booking.assert_org_access(p_org_id);
  if p_org_id is null then
    if booking.api_role() = 'authenticated' then
      raise exception 'no organization to read events of'
        using errcode = '42501',
              hint = 'The JWT claim app_metadata.org_id names the organization of a member.';
    end if;
    raise exception 'p_org_id is required'
      using errcode = '22023',
            hint = 'service_role names the organization (the live feed: ?org_id=).';
  end if;
  if not exists (select from booking.organizations where org_id = p_org_id) then
    raise exception 'organization % does not exist', p_org_id using errcode = 'PT404';
  end if;
  v_after := booking.event_cursor_position(p_last_event_id);
  select e.txid, e.seq into v_latest_txid, v_latest_seq
    from booking.events e
   where e.org_id = p_org_id and (e.txid < v_horizon or e.txid = v_own)
   order by e.txid desc, e.seq desc
   limit 1;
  if not found then
    v_latest_txid := '0';
    v_latest_seq := 0;
  end if;
  if p_last_event_id is not null and (v_after.txid, v_after.seq) <= (v_latest_txid, v_latest_seq) then
    return booking.event_cursor(v_after.txid, v_after.seq);
  end if;
  return booking.event_cursor(v_latest_txid, v_latest_seq);
end;
$$;

--
-- Name: FUNCTION event_feed_start(p_org_id uuid, p_last_event_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.event_feed_start(p_org_id uuid, p_last_event_id text) IS 'Live feed: the cursor a stream starts after.

Arguments: p_org_id (members: their own organization; NULL for a member without one raises 42501); p_last_event_id (optional: the client''s Last-Event-ID).
Answer: a cursor text: the organization''s latest event (''0-0'' before the first), or p_last_event_id unless it lies beyond that.
Errors: raises 42501 for another organization, 22023 when service_role names none, PT404 for an organization that does not exist, 22P02 for a malformed Last-Event-ID.';

--
-- Name: events_since(uuid, text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.events_since(p_org_id uuid, p_after text DEFAULT NULL::text, p_limit integer DEFAULT 100) RETURNS TABLE(id text, type text, payload jsonb, created_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_after record := booking.event_cursor_position(p_after);
  v_horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
  v_own xid8 := pg_current_xact_id_if_assigned();
begin
  return query
  select booking.event_cursor(e.txid, e.seq), e.type, e.payload, e.created_at
    from booking.events e
   where e.org_id = p_org_id
     and (e.txid, e.seq) > (v_after.txid, v_after.seq)
     and (e.txid < v_horizon or e.txid = v_own)
   order by e.txid, e.seq
   limit least(greatest(coalesce(p_limit, 100), 1), 1000);
end;
$$;

--
-- Name: FUNCTION events_since(p_org_id uuid, p_after text, p_limit integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.events_since(p_org_id uuid, p_after text, p_limit integer) IS 'Live feed replay: an organization''s events after a cursor, in feed order.

Arguments: p_org_id; p_after (a cursor, the SSE id ''<txid>-<seq>'', or a whole number given out before migration 0090; NULL: from the start); p_limit (1-1000, default 100).
Answer: rows (id, type, payload, created_at), only of transactions older than the oldest still running. Types: appointment.booked and appointment.<status>, hold.claimed/released/expired/confirmed, sms.queued/status_changed, sms.rate_limited, hot_lead.created. SECURITY INVOKER: members see only their own organization (RLS).
Errors: raises 22P02 for a malformed cursor.';

--
-- Name: expire_overdue_holds(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.expire_overdue_holds() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_count integer;
begin
  perform booking.assert_service_role();
  update booking.appointment_holds set status = 'expired', updated_at = now()
   where status = 'active' and expires_at <= now();
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

--
-- Name: FUNCTION expire_overdue_holds(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.expire_overdue_holds() IS 'Worker API (service_role): marks holds past their expiry as expired.

Arguments: none.
Answer: the number of holds marked (each emits hold.expired). Not needed for correctness: an expired hold stops counting by itself.
Errors: raises 42501 for other callers.';

--
-- Name: finish_voice_tool_call(uuid, text, json); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.finish_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_answer json) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_access(p_org_id);
  update booking.voice_tool_calls set answer = p_answer
   where org_id = p_org_id and tool_call_id = p_tool_call_id and answer is null;
  if not found then
    return booking.json_error('TOOL_CALL_NOT_STARTED', 'No tool call with this id is waiting for its answer');
  end if;
  return json_build_object('success', true);
end;
$$;

--
-- Name: FUNCTION finish_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_answer json); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.finish_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_answer json) IS 'Voice agent: stores the first answer of a tool call begun with begin_voice_tool_call (same transaction).

Arguments: p_org_id; p_tool_call_id; p_answer (the tool''s JSON answer).
Answer: {"success": true}.
Errors: TOOL_CALL_NOT_STARTED (no such call waiting for its answer). Raises 42501 for another organization.';

--
-- Name: hot_leads; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.hot_leads (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    call_id uuid NOT NULL,
    contact_id uuid,
    lead_name text NOT NULL,
    lead_phone text,
    lead_score integer NOT NULL,
    sms_message_id uuid,
    not_sent_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT hot_leads_alert_check CHECK (((sms_message_id IS NULL) OR (not_sent_reason IS NULL))),
    CONSTRAINT hot_leads_lead_score_check CHECK (((lead_score >= 0) AND (lead_score <= 100))),
    CONSTRAINT hot_leads_not_sent_reason_check CHECK ((not_sent_reason = 'NO_ALERT_PHONE'::text))
);

--
-- Name: TABLE hot_leads; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.hot_leads IS 'Calls whose lead score reached the organization''s threshold: one per call, whatever the retries. The owner''s alert SMS, or NO_ALERT_PHONE when none is configured.';

--
-- Name: sms_outbox; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.sms_outbox (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind text NOT NULL,
    recipient text NOT NULL,
    body text NOT NULL,
    appointment_id uuid,
    call_id text,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone,
    claimed_by text,
    provider text,
    provider_message_id text,
    error_code text,
    error_message text,
    sent_at timestamp with time zone,
    delivered_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    appointment_scheduled_at timestamp with time zone,
    reminder_offset_minutes integer,
    body_removed_at timestamp with time zone,
    staff_account_id uuid,
    CONSTRAINT sms_outbox_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT sms_outbox_call_id_check CHECK (((length(call_id) >= 1) AND (length(call_id) <= 128))),
    CONSTRAINT sms_outbox_claimed_by_check CHECK (((status <> 'claimed'::text) OR (claimed_by IS NOT NULL))),
    CONSTRAINT sms_outbox_provider_check CHECK ((provider = ANY (ARRAY['twilio'::text, 'console'::text]))),
    CONSTRAINT sms_outbox_provider_message_id_check CHECK (((length(provider_message_id) >= 1) AND (length(provider_message_id) <= 64))),
    CONSTRAINT sms_outbox_recipient_check CHECK ((recipient ~ '^\+[1-9][0-9]{1,14}$'::text)),
    CONSTRAINT sms_outbox_reminder_offset_check CHECK (((reminder_offset_minutes >= 1) AND (reminder_offset_minutes <= 43200))),
    CONSTRAINT sms_outbox_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'claimed'::text, 'queued'::text, 'accepted'::text, 'scheduled'::text, 'sending'::text, 'sent'::text, 'delivered'::text, 'read'::text, 'undelivered'::text, 'failed'::text, 'canceled'::text, 'suppressed'::text])))
);

--
-- Name: TABLE sms_outbox; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.sms_outbox IS 'Every outgoing SMS. Inserted by booking.enqueue_sms in the transaction that causes it (the workers are woken after its commit, booking.notify_after_commit), claimed by workers via booking.claim_sms_batch. Never deleted by the package: once a message has left the queue for sms_body_retention_days, public.purge_expired_data blanks its body (body_removed_at) and keeps the delivery record.';

--
-- Name: COLUMN sms_outbox.kind; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.kind IS 'confirmation, otp, hot_lead_alert, reminder, cancellation, reschedule (appointment lifecycle), reply (an automatic answer to an inbound SMS), staff_invitation (a link to join a clinic''s staff), test_sms (an owner or admin trying the clinic''s SMS settings), staff_reply (a member answering a patient''s text from the messages inbox) or waitlist_offer (a freed time offered to a waitlisted patient).';

--
-- Name: COLUMN sms_outbox.recipient; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.recipient IS 'E.164 number the SMS goes to.';

--
-- Name: COLUMN sms_outbox.call_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.call_id IS 'Provider call id of the voice call that caused the message, if any (no foreign key: calls are stored elsewhere).';

--
-- Name: COLUMN sms_outbox.status; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.status IS 'pending, claimed, a provider status (queued, accepted, scheduled, sending, sent, delivered, read, undelivered, failed, canceled) or suppressed (recipient opted out). Moves only forward; see booking.sms_status_rank.';

--
-- Name: COLUMN sms_outbox.attempts; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.attempts IS 'Times a worker claimed the message (each claim is one send attempt).';

--
-- Name: COLUMN sms_outbox.next_attempt_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.next_attempt_at IS 'pending: earliest time a worker may claim it (retry backoff). claimed: end of the worker''s lease, after which another worker takes it over.';

--
-- Name: COLUMN sms_outbox.expires_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.expires_at IS 'After this instant the message is not worth sending (e.g. a one-time code) and is failed with EXPIRED.';

--
-- Name: COLUMN sms_outbox.claimed_by; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.claimed_by IS 'The worker that claimed the message last; it holds the message while the status is claimed.';

--
-- Name: COLUMN sms_outbox.provider; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.provider IS 'twilio or console (development sender that prints the SMS).';

--
-- Name: COLUMN sms_outbox.provider_message_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.provider_message_id IS 'The provider''s id, e.g. Twilio''s SM... sid, once the provider accepted the message.';

--
-- Name: COLUMN sms_outbox.error_code; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.error_code IS 'Last error: the provider''s code (e.g. 21211) or NETWORK, HTTP_<status>, EXPIRED, LEASE_EXPIRED; for a suppressed message why: PHONE_NOT_ALLOWED or RECIPIENT_RATE_LIMITED (NULL: the recipient opted out).';

--
-- Name: COLUMN sms_outbox.sent_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.sent_at IS 'When the provider accepted the message.';

--
-- Name: COLUMN sms_outbox.delivered_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.delivered_at IS 'When the provider reported it delivered.';

--
-- Name: COLUMN sms_outbox.appointment_scheduled_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.appointment_scheduled_at IS 'The appointment start the message announces. A reminder is claimed only while its appointment is scheduled or confirmed at exactly this start; otherwise it is settled as canceled (APPOINTMENT_CHANGED).';

--
-- Name: COLUMN sms_outbox.reminder_offset_minutes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.reminder_offset_minutes IS 'For a reminder: minutes before the start it is due (one of the organization''s reminder offsets).';

--
-- Name: COLUMN sms_outbox.body_removed_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.body_removed_at IS 'When public.purge_expired_data blanked the body (sms_body_retention_days after the message''s last status change); NULL while the text is kept.';

--
-- Name: COLUMN sms_outbox.staff_account_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_outbox.staff_account_id IS 'A staff_reply: the account of the member who wrote it (booking.caller_account_id); NULL for every other message, or when the caller was no member (service_role).';

--
-- Name: hot_lead_alerts; Type: VIEW; Schema: booking; Owner: -
--

CREATE VIEW booking.hot_lead_alerts WITH (security_invoker='true') AS
 SELECT h.id,
    h.org_id,
    h.call_id,
    h.lead_name,
    h.lead_phone,
    h.lead_score,
    o.sent_at AS alert_sent_at,
    o.status AS alert_status,
    h.not_sent_reason,
    h.created_at
   FROM (booking.hot_leads h
     LEFT JOIN booking.sms_outbox o ON (((o.org_id = h.org_id) AND (o.id = h.sms_message_id))));

--
-- Name: VIEW hot_lead_alerts; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON VIEW booking.hot_lead_alerts IS 'Hot-lead alerts: lead, score, call, and when the owner''s SMS was handed to the provider (alert_sent_at; NULL while queued or when not_sent_reason says why none was sent).';

--
-- Name: hot_leads_generated; Type: VIEW; Schema: booking; Owner: -
--

CREATE VIEW booking.hot_leads_generated WITH (security_invoker='true') AS
 SELECT h.org_id,
    h.lead_name,
    h.lead_phone,
    h.lead_score,
    h.alert_sent_at,
    h.created_at
   FROM booking.hot_lead_alerts h
  WHERE (h.created_at > (now() - '24:00:00'::interval));

--
-- Name: VIEW hot_leads_generated; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON VIEW booking.hot_leads_generated IS 'Hot leads of the last 24 hours with the time their alert SMS was sent.';

--
-- Name: hot_leads_generated(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.hot_leads_generated(p_org_id uuid DEFAULT NULL::uuid) RETURNS SETOF booking.hot_leads_generated
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select * from booking.hot_leads_generated h
   where p_org_id is null or h.org_id = p_org_id
   order by h.created_at desc;
$$;

--
-- Name: FUNCTION hot_leads_generated(p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.hot_leads_generated(p_org_id uuid) IS 'Monitoring: hot leads of the last 24 hours, newest first.

Arguments: p_org_id (optional filter).
Answer: rows of booking.hot_leads_generated (org_id, lead_name, lead_phone, lead_score, alert_sent_at, created_at).
Errors: none; members see only their own organization (RLS).';

--
-- Name: invite_staff_member(uuid, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.invite_staff_member(p_org_id uuid, p_email text, p_phone text, p_role text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_caller_role text := booking.assert_can_manage_staff(p_org_id);
  v_region text;
  v_email text;
  v_phone text;
  v_token text := booking.new_staff_token();
  v_invitation booking.staff_invitations;
  v_organization text;
  v_refusal json;
  v_message_id uuid;
begin
  select phone_region, name into v_region, v_organization
    from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_role is null or p_role not in ('owner', 'admin', 'front_desk') then
    return booking.json_error('INVALID_ROLE', 'The role must be owner, admin or front_desk');
  end if;
  if p_role = 'owner' and v_caller_role = 'admin' then
    return booking.json_error('NOT_ALLOWED', 'Only an owner may invite an owner');
  end if;
  if nullif(btrim(p_email), '') is null and nullif(btrim(p_phone), '') is null then
    return booking.json_error('CONTACT_REQUIRED', 'Give an email or a phone number');
  end if;
  if nullif(btrim(p_email), '') is not null then
    v_email := booking.normalize_staff_email(p_email);
    if v_email is null then
      return booking.json_error('INVALID_EMAIL', 'The email is not a valid address');
    end if;
  end if;
  if nullif(btrim(p_phone), '') is not null then
    v_phone := booking.normalize_phone(p_phone, v_region);
    if v_phone is null then
      return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    end if;
    -- The link goes by SMS: the same destinations as a patient's messages.
    v_refusal := booking.sms_destination_refusal(p_org_id, v_phone);
    if v_refusal is not null then
      return v_refusal;
    end if;
  end if;
  if exists (select from booking.staff_accounts a
               join booking.memberships m on m.account_id = a.account_id and m.org_id = p_org_id
              where a.email = v_email) then
    return booking.json_error('ALREADY_MEMBER', 'That person is already a member of this organization');
  end if;

  update booking.staff_invitations set revoked_at = now()
   where org_id = p_org_id and accepted_at is null and revoked_at is null
     and (email = v_email or (v_email is null and email is null and phone = v_phone));
  insert into booking.staff_invitations (org_id, email, phone, role, token_hash, invited_by, expires_at)
  values (p_org_id, v_email, v_phone, p_role, booking.staff_token_hash(v_token),
          booking.caller_account_id(), now() + interval '7 days')
  returning * into v_invitation;
  if v_phone is not null then
    v_message_id := booking.enqueue_sms(
      p_org_id, 'staff_invitation', v_phone,
      format('%s invites you to its dashboard (%s). Choose your password within 7 days: %s/dashboard/invitations/%s',
             v_organization,
             case p_role when 'owner' then 'owner' when 'admin' then 'administrator' else 'front desk' end,
             booking.public_base_url(), v_token),
      p_expires_at => v_invitation.expires_at);
  end if;
  return json_build_object(
    'success', true,
    'invitation_id', v_invitation.invitation_id,
    'invitation_token', v_token,
    'expires_at', booking.to_iso8601_utc(v_invitation.expires_at),
    'sms_message_id', v_message_id);
end;
$$;

--
-- Name: FUNCTION invite_staff_member(p_org_id uuid, p_email text, p_phone text, p_role text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.invite_staff_member(p_org_id uuid, p_email text, p_phone text, p_role text) IS 'Owner/admin: invites a person to the organization''s staff with a role; answers the single-use invitation token to pass on.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id; an admin may not invite an owner.
Arguments: p_org_id; p_email and/or p_phone (the email becomes the sign-in name; a phone is read in the clinic''s region and gets the link by SMS); p_role (owner, admin, front_desk).
Answer: {"success": true, "invitation_id", "invitation_token" (shown once, only its hash is stored; for accept_staff_invitation), "expires_at" (7 days), "sms_message_id" (the invitation SMS queued in the outbox with the same transaction, null without a phone)}. A pending invitation of the same person to the organization is revoked.
Errors: INVALID_ORGANIZATION, INVALID_ROLE, NOT_ALLOWED (an admin inviting an owner), CONTACT_REQUIRED, INVALID_EMAIL, INVALID_PHONE, PHONE_NOT_ALLOWED (a number the clinic''s SMS may not go to: booking.sms_destination_refusal), ALREADY_MEMBER (the email''s account is a member, also a disabled one: enable it instead). Raises 42501 for other callers (front desk, members of other organizations, anon).';

--
-- Name: join_waitlist(uuid, text, text, text, text, date, date, integer[], time without time zone, time without time zone, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.join_waitlist(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text DEFAULT NULL::text, p_earliest date DEFAULT NULL::date, p_latest date DEFAULT NULL::date, p_weekdays integer[] DEFAULT NULL::integer[], p_day_start time without time zone DEFAULT NULL::time without time zone, p_day_end time without time zone DEFAULT NULL::time without time zone, p_appointment_id uuid DEFAULT NULL::uuid) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.waitlist_join(p_org_id, p_patient_name, p_patient_phone, p_service_type, p_calendar_id,
    p_earliest, p_latest, p_weekdays, p_day_start, p_day_end, p_appointment_id,
    -- Past assert_org_access, every caller but service_role (the voice
    -- agent) is a member, with or without a membership row (a token naming
    -- the clinic in app_metadata.org_id acts for it too).
    case when booking.api_role() = 'service_role' then 'patient_phone' else 'staff' end);
end;
$$;

--
-- Name: FUNCTION join_waitlist(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.join_waitlist(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid) IS 'Puts a patient on the clinic''s waitlist: staff (members, recorded as joined_by staff) or the voice agent (service_role, joined_by patient_phone).

Arguments: p_org_id; p_patient_name and p_patient_phone (read as a booking reads them; the contact is found or created, an existing one left unchanged); p_service_type; p_calendar_id (NULL: any calendar offering the service); p_earliest and p_latest (clinic-local dates, inclusive; default today to 27 days later; at most 91 days; an earliest before today counts from today); p_weekdays (optional ISO weekdays, 1 = Monday); p_day_start and p_day_end (optional time of day for the start, both or neither); p_appointment_id (optional: the patient of this upcoming appointment wants an earlier time for it: its service and calendar, a window ending on its day; a claim moves it instead of booking another; name and phone are then ignored).
Answer: {"success": true, "waitlist_entry_id", "already_on_list" (an open entry of the same patient, service, calendar and appointment existed: its window and preferences are replaced), "earliest", "latest"}; the event waitlist.joined. Freed times are then offered by SMS (public.set_waitlist_settings).
Errors: WAITLIST_DISABLED, INVALID_ORGANIZATION, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED, INVALID_SERVICE_TYPE, CALENDAR_NOT_FOUND, UNKNOWN_SERVICE_TYPE, INVALID_WINDOW (dates backwards or over 91 days, weekdays outside 1-7, a time of day without start before end), WINDOW_IN_PAST, TOO_MANY_WAITLIST_ENTRIES (5 open per patient), APPOINTMENT_NOT_FOUND (no such upcoming appointment). Raises 42501 when the caller may not act for the organization.';

--
-- Name: leave_waitlist(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.leave_waitlist(p_org_id uuid, p_waitlist_entry_id uuid) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_access(p_org_id);
  begin
    if p_waitlist_entry_id is null or not booking.waitlist_leave(p_org_id, p_waitlist_entry_id) then
      return booking.json_error('WAITLIST_ENTRY_NOT_FOUND', 'There is no such waitlist entry');
    end if;
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;
  return json_build_object('success', true, 'waitlist_entry_id', p_waitlist_entry_id,
    'status', (select e.status from booking.waitlist_entries e where e.org_id = p_org_id and e.id = p_waitlist_entry_id));
end;
$$;

--
-- Name: FUNCTION leave_waitlist(p_org_id uuid, p_waitlist_entry_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.leave_waitlist(p_org_id uuid, p_waitlist_entry_id uuid) IS 'Takes an entry off the clinic''s waitlist (members, service_role).

Arguments: p_org_id; p_waitlist_entry_id.
Answer: {"success": true, "waitlist_entry_id", "status"} (left, or the status it already had: booked, expired); an open entry''s offers are declined, their unsent messages canceled, and a slot left without an open offer goes to the next patients at once; the event waitlist.left.
Errors: WAITLIST_ENTRY_NOT_FOUND (also for another organization''s entry), BUSY_RETRY. Raises 42501 when the caller may not act for the organization.';

--
-- Name: leave_waitlist_by_offer(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.leave_waitlist_by_offer(p_token text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org_id uuid;
  v_offer booking.waitlist_offers;
begin
  select * into v_offer from booking.waitlist_token_offer(p_token);
  v_org_id := v_offer.org_id;
  if v_org_id is null then
    return booking.json_error('OFFER_NOT_FOUND', 'There is no such offer');
  end if;
  begin
    perform booking.waitlist_leave(v_org_id, v_offer.entry_id);
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
  end;
  return json_build_object('success', true,
    'status', (select e.status from booking.waitlist_entries e where e.org_id = v_org_id and e.id = v_offer.entry_id));
end;
$$;

--
-- Name: FUNCTION leave_waitlist_by_offer(p_token text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.leave_waitlist_by_offer(p_token text) IS 'Offer link (anon; the token is the credential): the patient leaves the waitlist.

Arguments: p_token (from <PUBLIC_BASE_URL>/w/<token>).
Answer: {"success": true, "status"} (left, or booked/expired when the entry had already closed: nothing changes). The entry''s open offers are declined and their times go to the next patients at once; the event waitlist.left.
Errors: OFFER_NOT_FOUND for a wrong, unknown or malformed token; BUSY_RETRY.';

--
-- Name: list_staff(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.list_staff(p_org_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_can_manage_staff(p_org_id);
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  return json_build_object(
    'success', true,
    'org_id', p_org_id,
    'members', coalesce((
      select json_agg(json_build_object(
               'account_id', m.account_id,
               'email', a.email,
               'phone', a.phone,
               'role', m.role,
               'disabled', m.disabled_at is not null or a.disabled_at is not null,
               'member_since', booking.to_iso8601_utc(m.created_at))
             order by m.role = 'front_desk', m.role = 'admin', a.email, m.account_id)
        from booking.memberships m
        left join booking.staff_accounts a on a.account_id = m.account_id
       where m.org_id = p_org_id), '[]'::json),
    'invitations', coalesce((
      select json_agg(json_build_object(
               'invitation_id', i.invitation_id,
               'email', i.email,
               'phone', i.phone,
               'role', i.role,
               'invited_by', i.invited_by,
               'created_at', booking.to_iso8601_utc(i.created_at),
               'expires_at', booking.to_iso8601_utc(i.expires_at))
             order by i.created_at, i.invitation_id)
        from booking.staff_invitations i
       where i.org_id = p_org_id and i.accepted_at is null and i.revoked_at is null
         and i.expires_at > now()), '[]'::json));
end;
$$;

--
-- Name: FUNCTION list_staff(p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.list_staff(p_org_id uuid) IS 'Owner/admin: the organization''s staff and its pending invitations.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id.
Arguments: p_org_id.
Answer: {"success": true, "org_id", "members": [{"account_id", "email" (NULL for an identity-provider user without a staff account), "phone", "role", "disabled", "member_since"}] (owners first), "invitations": [{"invitation_id", "email", "phone", "role", "invited_by", "created_at", "expires_at"}] (pending: neither accepted, replaced nor expired)}.
Errors: INVALID_ORGANIZATION. Raises 42501 for other callers (front desk, members of other organizations, anon).';

--
-- Name: lookup_appointments(uuid, text, text, uuid, text, boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.lookup_appointments(p_org_id uuid, p_caller_phone text DEFAULT NULL::text, p_patient_phone text DEFAULT NULL::text, p_verification_id uuid DEFAULT NULL::uuid, p_code text DEFAULT NULL::text, p_caller_attested boolean DEFAULT false, p_call_id text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations%rowtype;
  v_policy booking.voice_caller_policies%rowtype;
  v_phone text;
  v_verified_by text := 'caller_id';
  v_proven boolean;
  v_refusal json;
  v_appointments json;
  v_count integer;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('ORGANIZATION_NOT_FOUND', 'There is no such organization');
  end if;
  v_policy := booking.voice_caller_policy(p_org_id);

  -- Rate limits, counted under the clinic's own lookup lock.
  perform pg_advisory_xact_lock(hashtextextended('booking.voice_lookups:' || p_org_id::text, 0));
  if (p_call_id is not null
      and (select count(*) from booking.voice_lookups
            where org_id = p_org_id and call_id = p_call_id) >= v_policy.lookups_per_call)
     or (select count(*) from booking.voice_lookups
          where org_id = p_org_id and created_at > now() - interval '1 hour') >= v_policy.lookups_per_hour then
    return booking.json_error('LOOKUP_RATE_LIMITED',
      'Too many lookups; offer to have the clinic call back, or give the clinic''s number');
  end if;
  insert into booking.voice_lookups (org_id, call_id) values (p_org_id, p_call_id);

  v_phone := booking.normalize_phone(nullif(btrim(p_caller_phone), ''), v_org.phone_region);
  if p_verification_id is not null then
    v_refusal := booking.check_phone_verification(p_org_id, p_verification_id, p_code);
    if v_refusal is not null then
      return v_refusal;
    end if;
    select phone into v_phone from booking.phone_verifications
     where org_id = p_org_id and id = p_verification_id;
    v_verified_by := 'code';
    v_proven := true;
  elsif v_phone is null then
    if nullif(btrim(p_patient_phone), '') is null then
      return booking.json_error('PHONE_REQUIRED',
        'The caller''s number is unknown: ask for the phone number the appointment was booked with');
    end if;
    return booking.send_phone_verification(v_org, p_patient_phone, p_call_id);
  else
    v_proven := v_policy.caller_id_policy = 'trust_attested' and coalesce(p_caller_attested, false);
    if v_policy.caller_id_policy = 'verify_all' then
      return booking.send_phone_verification(v_org, v_phone, p_call_id);
    end if;
  end if;

  select coalesce(json_agg(
           case when v_proven then s
                else (select json_object_agg(e.key, e.value) from json_each(s) e
                       where e.key in ('success', 'appointment_id', 'scheduled_at', 'timezone',
                                       'local_date', 'local_time', 'local_text', 'clinic_name',
                                       'clinic_phone', 'can_cancel', 'can_reschedule'))
           end order by a.scheduled_at, a.id), '[]'),
         count(*)
    into v_appointments, v_count
    from (select * from booking.upcoming_appointments_of_phone(p_org_id, v_phone) limit 10) a
    cross join lateral booking.appointment_summary(p_org_id, a.id) s;
  return json_build_object('success', true, 'verified_by', v_verified_by,
    'verification_id', case when v_verified_by = 'code' then p_verification_id end,
    'changes_need_code', not v_proven,
    'count', v_count, 'appointments', v_appointments);
end;
$$;

--
-- Name: FUNCTION lookup_appointments(p_org_id uuid, p_caller_phone text, p_patient_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.lookup_appointments(p_org_id uuid, p_caller_phone text, p_patient_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) IS 'Voice agent: the upcoming appointments of the caller''s phone at the clinic, as far as the clinic''s caller-id policy lets a caller id tell.

Arguments: p_org_id; p_caller_phone (the platform''s caller id, never the model''s); p_caller_attested (the platform reported the caller id fully attested, STIR/SHAKEN A); p_call_id (the platform''s call id: lookup and code limits per call); without a caller id: p_patient_phone (texts a 4-digit code, answer VERIFICATION_REQUIRED with verification_id); p_verification_id and p_code (verify it; the verification then serves the cancel and reschedule functions for 15 minutes).
Answer: {"success": true, "verified_by" (caller_id or code), "verification_id", "changes_need_code", "count", "appointments": [...]} (at most 10, soonest first). Proven callers (a code, or an attested caller id under trust_attested) get whole summaries (booking.appointment_summary); a caller id that is not proof (verify_changes, the default) gets only appointment_id, scheduled_at, timezone, local_date, local_time, local_text, clinic_name, clinic_phone, can_cancel, can_reschedule, and changes_need_code true. Under verify_all a caller id gets VERIFICATION_REQUIRED (a code texted to it). VERIFICATION_REQUIRED carries code_sent, verification_id and expires_at, the same whether the number is a patient, opted out, locked or rate-limited (only a patient''s number under its limits gets the SMS).
Errors: PHONE_REQUIRED, VERIFICATION_REQUIRED, INVALID_PHONE, OTP_CALL_PHONE_LIMIT (3 numbers per call), SMS_RATE_LIMITED (the clinic''s hourly code budget), LOOKUP_RATE_LIMITED (lookups per call, default 10, and per clinic and hour, default 300: set_caller_id_policy), VERIFICATION_NOT_FOUND, VERIFICATION_EXPIRED, INVALID_OTP_FORMAT, INVALID_OTP (with attempts_remaining), OTP_LOCKED (5 wrong codes for the verification, or 10 a day for the number), ORGANIZATION_NOT_FOUND. Raises 42501 for another organization.';

--
-- Name: manage_appointment(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.manage_appointment(p_token text) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_org_id uuid;
  v_appointment_id uuid;
begin
  -- The token is the credential: no row, nothing revealed.
  select t.org_id, t.appointment_id into v_org_id, v_appointment_id
    from booking.manage_token_appointment(p_token) t;
  if v_appointment_id is null then
    -- A real token past its lifetime: say so, and how to reach the clinic.
    select t.org_id into v_org_id
      from booking.appointment_manage_tokens t
     where p_token ~ '^[A-Za-z0-9_-]{22,64}$' and t.token_sha256 = extensions.digest(p_token, 'sha256')
     limit 1;
    if v_org_id is not null then
      return (booking.json_error('LINK_EXPIRED', 'This link has expired')::jsonb || jsonb_build_object(
        'clinic_name', (select o.name from booking.organizations o where o.org_id = v_org_id),
        'clinic_phone', booking.clinic_phone(v_org_id),
        'clinic_phone_display', (select booking.phone_display(booking.clinic_phone(o.org_id), o.phone_region)
                                   from booking.organizations o where o.org_id = v_org_id)))::json;
    end if;
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  return booking.appointment_summary(v_org_id, v_appointment_id);
end;
$_$;

--
-- Name: FUNCTION manage_appointment(p_token text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.manage_appointment(p_token text) IS 'Manage link (anon; the token is the credential): the token''s appointment.

Arguments: p_token.
Answer: {"success": true, "appointment_id", "status", "service_type", "service_name" (as patients read it), "duration_minutes", "scheduled_at", "timezone", "timezone_name" (e.g. "Eastern Time"), "local_date", "local_time", "local_text" (on the clinic''s clock), "clinic_name", "clinic_phone" (E.164: the clinic''s number, else the voice agent''s, else the SMS sender''s; may be null), "clinic_phone_display" (formatted for the clinic''s region), "clinic_address", "patient_confirmed", "can_cancel", "can_reschedule", "cancel_blocked_reason", "reschedule_blocked_reason", "reschedules_remaining", "calendar_id", "earlier_time_requested" (the patient waits for an earlier time of it), "earlier_time_offerable" (the clinic keeps a waitlist and the patient may still move it: public.manage_request_earlier_time)} (booking.appointment_summary); a cancelled or past appointment stays readable with can_* false.
Errors: LINK_EXPIRED for a token whose appointment ended more than the package setting manage_link_days (default 30) ago, with "clinic_name", "clinic_phone" (E.164) and "clinic_phone_display" (both may be null); APPOINTMENT_NOT_FOUND for a wrong, unknown or malformed token, and nothing else.';

--
-- Name: manage_available_slots(text, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.manage_available_slots(p_token text, p_date date) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org_id uuid;
  v_appointment_id uuid;
  v_appointment booking.appointments;
  v_refusal text;
  v_answer jsonb;
begin
  -- The token is the credential: no row, nothing revealed.
  select t.org_id, t.appointment_id into v_org_id, v_appointment_id
    from booking.manage_token_appointment(p_token) t;
  if v_appointment_id is null then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  select * into v_appointment from booking.appointments
   where org_id = v_org_id and id = v_appointment_id;
  v_refusal := booking.change_refusal(v_appointment, 'reschedule', 'patient_link');
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The appointment cannot be moved now');
  end if;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;
  v_answer := booking.available_slots(v_org_id, v_appointment.calendar_id, p_date,
                                      v_appointment.duration_minutes, v_appointment.service_type,
                                      v_appointment.id)::jsonb;
  if not coalesce((v_answer ->> 'success')::boolean, false) then
    return v_answer::json;
  end if;
  -- For the patient: the zone as people say it, each start on the clinic's clock.
  return (v_answer || jsonb_build_object(
    'timezone_name', booking.timezone_display_name(v_answer ->> 'timezone'),
    'slots', coalesce((select jsonb_agg(s || jsonb_build_object(
                                 'label', booking.format_local_time(v_org_id, (s ->> 'start')::timestamptz, true))
                               order by n)
                         from jsonb_array_elements(v_answer -> 'slots') with ordinality as e(s, n)), '[]'::jsonb)))::json;
end;
$$;

--
-- Name: FUNCTION manage_available_slots(p_token text, p_date date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.manage_available_slots(p_token text, p_date date) IS 'Manage link (anon): free starts of a local date for moving the token''s appointment.

Arguments: p_token; p_date.
Answer: check_availability''s shape {"success": true, "date", "timezone", "timezone_name" (as people say it, e.g. "Eastern Time"), "calendar_id", "service_type", "duration_minutes", "slots": [{"start", "local_start", "local_time", "label" (on the clinic''s clock: "2:30 PM" or "14:30")}]} for the appointment''s calendar and duration, its own interval not blocking it and its current start never offered.
Errors: APPOINTMENT_NOT_FOUND (wrong token), INVALID_DATE, or why the patient may not reschedule: APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT.';

--
-- Name: manage_cancel(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.manage_cancel(p_token text, p_reason text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org_id uuid;
  v_appointment_id uuid;
begin
  -- The token is the credential: no row, nothing revealed.
  select t.org_id, t.appointment_id into v_org_id, v_appointment_id
    from booking.manage_token_appointment(p_token) t;
  if v_appointment_id is null then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  return booking.cancel_appointment_as(v_org_id, v_appointment_id, 'patient_link', p_reason);
end;
$$;

--
-- Name: FUNCTION manage_cancel(p_token text, p_reason text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.manage_cancel(p_token text, p_reason text) IS 'Manage link (anon): the patient cancels the token''s appointment.

Arguments: p_token; p_reason (optional, at most 500 characters).
Answer: {"success": true, "appointment_id", "status": "cancelled", "cancelled_at"}, as actor patient_link (the calendar''s cancel notice applies); cancelling again answers success without a second SMS.
Errors: APPOINTMENT_NOT_FOUND (wrong token), APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, INVALID_REASON, BUSY_RETRY.';

--
-- Name: manage_request_earlier_time(text, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.manage_request_earlier_time(p_token text, p_wanted boolean) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org_id uuid;
  v_appointment booking.appointments;
  v_answer json;
  v_entry_id uuid;
begin
  -- The token is the credential: no row, nothing revealed.
  select a.* into v_appointment
    from booking.manage_token_appointment(p_token) t
    join booking.appointments a on a.org_id = t.org_id and a.id = t.appointment_id;
  v_org_id := v_appointment.org_id;
  if v_org_id is null then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  if p_wanted is null then
    return booking.json_error('INVALID_INPUT', 'Say whether an earlier time is wanted');
  end if;
  if p_wanted then
    if not (booking.waitlist_config(v_org_id)).enabled then
      return booking.json_error('WAITLIST_DISABLED', 'The clinic does not keep a waitlist');
    end if;
    if booking.change_refusal(v_appointment, 'reschedule', 'patient_link') is not null then
      return booking.json_error('CANNOT_MOVE', 'This appointment can no longer be moved online');
    end if;
    v_answer := booking.waitlist_join(v_org_id, null, null, null, null, null, null, null, null, null,
                                      v_appointment.id, 'patient_link');
    if not (v_answer ->> 'success')::boolean then
      return v_answer;
    end if;
  else
    begin
      for v_entry_id in
        select e.id from booking.waitlist_entries e
         where e.org_id = v_org_id and e.appointment_id = v_appointment.id and e.status = 'open'
      loop
        perform booking.waitlist_leave(v_org_id, v_entry_id);
      end loop;
    exception
      when lock_not_available then
        return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry');
    end;
  end if;
  return json_build_object('success', true, 'earlier_time_requested', p_wanted);
end;
$$;

--
-- Name: FUNCTION manage_request_earlier_time(p_token text, p_wanted boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.manage_request_earlier_time(p_token text, p_wanted boolean) IS 'Manage link (anon; the token is the credential): the patient asks to be told when an earlier time opens for this appointment, or stops asking.

Arguments: p_token (from <PUBLIC_BASE_URL>/a/<token>); p_wanted (true: join the waitlist for an earlier time: the appointment''s service and calendar, from today to its day; taking an offer moves this appointment, it is never duplicated; false: leave it).
Answer: {"success": true, "earlier_time_requested"}; asking twice keeps one entry. The manage answer (public.manage_appointment) says "earlier_time_requested" and "earlier_time_offerable".
Errors: APPOINTMENT_NOT_FOUND (a wrong, unknown, malformed or expired token), INVALID_INPUT (p_wanted NULL), WAITLIST_DISABLED, CANNOT_MOVE (the patient can no longer reschedule it: cancelled, past, inside the notice, or out of reschedules), and booking.waitlist_join''s codes (APPOINTMENT_NOT_FOUND for an appointment no longer upcoming, TOO_MANY_WAITLIST_ENTRIES); BUSY_RETRY.';

--
-- Name: manage_reschedule(text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.manage_reschedule(p_token text, p_new_scheduled_at timestamp with time zone) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org_id uuid;
  v_appointment_id uuid;
begin
  -- The token is the credential: no row, nothing revealed.
  select t.org_id, t.appointment_id into v_org_id, v_appointment_id
    from booking.manage_token_appointment(p_token) t;
  if v_appointment_id is null then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  return booking.reschedule_appointment_as(v_org_id, v_appointment_id, p_new_scheduled_at, 'patient_link');
end;
$$;

--
-- Name: FUNCTION manage_reschedule(p_token text, p_new_scheduled_at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.manage_reschedule(p_token text, p_new_scheduled_at timestamp with time zone) IS 'Manage link (anon): the patient moves the token''s appointment.

Arguments: p_token; p_new_scheduled_at (a start manage_available_slots offers).
Answer: {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at"}: the same row, as actor patient_link (the reschedule notice and at most 3 patient reschedules apply); the token keeps working after the move.
Errors: APPOINTMENT_NOT_FOUND (wrong token), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT, INVALID_TIME, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY, SAME_TIME (the start it already has: nothing moved, recorded or sent).';

--
-- Name: my_memberships(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.my_memberships() RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_account_id uuid := booking.caller_account_id();
begin
  if v_account_id is null then
    perform booking.assert_org_access(null);  -- anon and other members: 42501
    raise exception 'only a signed-in member has memberships' using errcode = '42501';
  end if;
  if exists (select from booking.staff_accounts a
              where a.account_id = v_account_id and a.disabled_at is not null) then
    return json_build_object('success', true, 'memberships', '[]'::json);
  end if;
  return json_build_object('success', true, 'memberships', booking.staff_memberships(v_account_id));
end;
$$;

--
-- Name: FUNCTION my_memberships(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.my_memberships() IS 'Member (authenticated): the clinics the caller (its JWT sub) is an active member of.

Answer: {"success": true, "memberships": [{"org_id", "role", "organization_name"}]} (empty for a disabled account or an identity without memberships).
Raises 42501 for a caller without a sub (anon, service_role).';

--
-- Name: operations_metrics(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.operations_metrics() RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_answer json;
begin
  perform booking.assert_service_role();
  select json_build_object(
    'sms_outbox_due', count(*) filter (where o.status = 'pending' and o.next_attempt_at <= now()),
    'sms_outbox_claimed', count(*) filter (where o.status = 'claimed'),
    'sms_outbox_scheduled', count(*) filter (where o.status = 'pending' and o.next_attempt_at > now()),
    'sms_outbox_oldest_due_seconds', coalesce(extract(epoch from
      now() - min(o.next_attempt_at) filter (where o.status = 'pending' and o.next_attempt_at <= now())), 0))
    into v_answer
    from booking.sms_outbox o
   where o.status in ('pending', 'claimed');
  return v_answer;
end;
$$;

--
-- Name: FUNCTION operations_metrics(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.operations_metrics() IS 'Monitoring (service_role): the SMS outbox''s queue, for all organizations together.

Arguments: none.
Answer: {"sms_outbox_due": messages waiting to be sent now, "sms_outbox_claimed": being sent by a worker, "sms_outbox_scheduled": pending for later (reminders, retries after a backoff), "sms_outbox_oldest_due_seconds": how long the oldest due message has waited (0 when none)}.
Errors: raises 42501 for other callers.';

--
-- Name: patient_details(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.patient_details(p_org_id uuid, p_contact_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_timezone text;
  v_time_format text;
  v_contact booking.contacts;
  v_answer json;
begin
  if p_org_id is null or p_contact_id is null then
    raise exception 'p_org_id and p_contact_id are required' using errcode = '22023';
  end if;
  select o.timezone, booking.effective_time_format(o.time_format, o.phone_region)
    into v_timezone, v_time_format
    from booking.organizations o where o.org_id = p_org_id;
  if not found then
    raise exception 'not allowed to read organization %', p_org_id using errcode = '42501';
  end if;
  select * into v_contact from booking.contacts c where c.org_id = p_org_id and c.id = p_contact_id;
  if not found then
    -- (booking.json_error's shape: an invoker cannot call booking's functions)
    return json_build_object('success', false, 'error', 'PATIENT_NOT_FOUND',
                             'message', 'PATIENT_NOT_FOUND: There is no such patient');
  end if;

  -- Each appointment's item written once, for both lists (inlined into
  -- each: the past list still builds only its newest 100).
  with items as not materialized (
    select a.scheduled_at as at, a.scheduled_at >= now() as upcoming, json_build_object(
             'appointment_id', a.id, 'calendar_id', a.calendar_id, 'calendar_name', cal.name,
             'scheduled_at', a.scheduled_at,
             'local_date', (a.scheduled_at at time zone v_timezone)::date,
             'local_time', to_char(a.scheduled_at at time zone v_timezone, 'HH24:MI'),
             'duration_minutes', a.duration_minutes, 'service_type', a.service_type,
             'service_name', booking.service_display_name(p_org_id, a.calendar_id, a.service_type), 'status', a.status,
             'arrived', a.checked_in_at is not null, 'cancellation_reason', a.cancellation_reason) as item
      from booking.appointments a
      join booking.calendars cal on cal.org_id = a.org_id and cal.calendar_id = a.calendar_id
     where a.org_id = p_org_id and a.contact_id = p_contact_id)
  select json_build_object(
    'success', true,
    'timezone', v_timezone,
    'time_format', v_time_format,
    'patient', json_build_object('contact_id', v_contact.id, 'name', v_contact.name, 'phone', v_contact.phone,
                                 'email', v_contact.email, 'created_at', v_contact.created_at),
    -- The patient's text conversation (public.sms_thread), when they texted:
    -- its newest text names it.
    'latest_text_id', (select t.id from booking.inbound_sms_texts t
                        where t.org_id = p_org_id and t.sender = v_contact.phone
                        order by t.received_at desc limit 1),
    'unread_texts', (select count(*) from booking.inbound_sms_texts t
                      where t.org_id = p_org_id and t.sender = v_contact.phone and t.read_at is null),
    'no_show_count', (select count(*) from booking.appointments a
                       where a.org_id = p_org_id and a.contact_id = p_contact_id and a.status = 'no_show'),
    'upcoming', coalesce((select json_agg(i.item order by i.at) from items i where i.upcoming), '[]'::json),
    'past', coalesce((
      select json_agg(x.item order by x.at desc)
        from (select i.item, i.at from items i where not i.upcoming order by i.at desc limit 100) x), '[]'::json))
    into v_answer;
  return v_answer;
end;
$$;

--
-- Name: FUNCTION patient_details(p_org_id uuid, p_contact_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.patient_details(p_org_id uuid, p_contact_id uuid) IS 'Staff: one patient''s contact details, upcoming and past appointments and no-show count.

Arguments: p_org_id; p_contact_id.
Answer: {"success": true, "timezone", "time_format" (12h or 24h: the clock staff read the HH24:MI times on), "patient": {"contact_id", "name", "phone", "email", "created_at"}, "latest_text_id" (the newest text the patient sent: public.sms_thread shows the conversation; NULL when they never texted), "unread_texts", "no_show_count", "upcoming": [...], "past": [...] (the newest 100)}; each appointment {"appointment_id", "calendar_id", "calendar_name", "scheduled_at", "local_date", "local_time", "duration_minutes", "service_type", "service_name" (its display name), "status", "arrived", "cancellation_reason"}. SECURITY INVOKER: RLS decides.
Errors: PATIENT_NOT_FOUND (also for another clinic''s patient). Raises 42501 when the caller cannot read the organization, 22023 for a NULL argument.';

--
-- Name: purge_expired_data(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_expired_data(p_batch_size integer DEFAULT 1000) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET lock_timeout TO '2s'
    AS $$
declare
  v_now timestamptz := now();
  v_sms integer;
  v_verifications integer;
  v_inbound integer;
  v_texts integer;
  v_holds integer;
  v_waitlist_slots integer;
  v_waitlist_entries integer;
begin
  perform booking.assert_service_role();
  if p_batch_size is null or p_batch_size < 1 or p_batch_size > 10000 then
    return booking.json_error('INVALID_BATCH_SIZE', 'p_batch_size is a whole number from 1 to 10000');
  end if;

  with doomed as (
    select o.org_id, o.id from booking.sms_outbox o
     where o.body_removed_at is null and o.status not in ('pending', 'claimed')
       and o.updated_at < v_now - make_interval(days => booking.retention_days('sms_body_retention_days', 30))
     order by o.updated_at
     limit p_batch_size
     for update skip locked)
  update booking.sms_outbox o set body = '', body_removed_at = v_now
    from doomed d
   where o.org_id = d.org_id and o.id = d.id;
  get diagnostics v_sms = row_count;

  with doomed as (
    select v.org_id, v.id from booking.phone_verifications v
     where v.expires_at < v_now - make_interval(days => booking.retention_days('phone_verification_retention_days', 30))
     order by v.expires_at
     limit p_batch_size
     for update skip locked)
  delete from booking.phone_verifications v
   using doomed d
   where v.org_id = d.org_id and v.id = d.id;
  get diagnostics v_verifications = row_count;

  with doomed as (
    select m.org_id, m.message_sid from booking.inbound_sms_messages m
     where m.received_at < v_now - make_interval(days => booking.retention_days('inbound_sms_retention_days', 90))
     order by m.received_at
     limit p_batch_size
     for update skip locked)
  delete from booking.inbound_sms_messages m
   using doomed d
   where m.org_id = d.org_id and m.message_sid = d.message_sid;
  get diagnostics v_inbound = row_count;

  with doomed as (
    select t.org_id, t.id from booking.inbound_sms_texts t
     where t.received_at < v_now - make_interval(days => booking.retention_days('inbound_sms_retention_days', 90))
     order by t.received_at
     limit p_batch_size
     for update skip locked)
  delete from booking.inbound_sms_texts t
   using doomed d
   where t.org_id = d.org_id and t.id = d.id;
  get diagnostics v_texts = row_count;

  with doomed as (
    select h.org_id, h.id from booking.appointment_holds h
     where h.status <> 'consumed'
       and h.expires_at < v_now - make_interval(days => booking.retention_days('expired_hold_retention_days', 30))
     order by h.expires_at
     limit p_batch_size
     for update skip locked)
  delete from booking.appointment_holds h
   using doomed d
   where h.org_id = d.org_id and h.id = d.id;
  get diagnostics v_holds = row_count;

  -- The waitlist: freed times no longer offered, and closed entries, with
  -- their offers (ids and token digests; the texts are the outbox's).
  with doomed as (
    select s.org_id, s.id from booking.waitlist_slots s
     where s.status <> 'offering'
       and s.created_at < v_now - make_interval(days => booking.retention_days('waitlist_retention_days', 90))
     order by s.created_at
     limit p_batch_size
     for update skip locked)
  delete from booking.waitlist_slots s
   using doomed d
   where s.org_id = d.org_id and s.id = d.id;
  get diagnostics v_waitlist_slots = row_count;

  with doomed as (
    select e.org_id, e.id from booking.waitlist_entries e
     where e.status <> 'open'
       and e.closed_at < v_now - make_interval(days => booking.retention_days('waitlist_retention_days', 90))
       and not exists (select from booking.waitlist_offers o
                        where o.org_id = e.org_id and o.entry_id = e.id and o.status = 'sent')
     order by e.closed_at
     limit p_batch_size
     for update skip locked)
  delete from booking.waitlist_entries e
   using doomed d
   where e.org_id = d.org_id and e.id = d.id;
  get diagnostics v_waitlist_entries = row_count;

  return json_build_object(
    'success', true,
    'sms_bodies_removed', v_sms,
    'phone_verifications_deleted', v_verifications,
    'inbound_sms_deleted', v_inbound,
    'inbound_texts_deleted', v_texts,
    'holds_deleted', v_holds,
    'waitlist_slots_deleted', v_waitlist_slots,
    'waitlist_entries_deleted', v_waitlist_entries,
    'more', greatest(v_sms, v_verifications, v_inbound, v_texts, v_holds, v_waitlist_slots,
                     v_waitlist_entries) >= p_batch_size);
end;
$$;

--
-- Name: FUNCTION purge_expired_data(p_batch_size integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.purge_expired_data(p_batch_size integer) IS 'Worker API (service_role): removes data older than its retention setting, in one batch.

Arguments: p_batch_size (1-10000, default 1000): at most this many rows per table in this call.
Answer: {"success": true, "sms_bodies_removed", "phone_verifications_deleted", "inbound_sms_deleted", "inbound_texts_deleted", "holds_deleted", "waitlist_slots_deleted", "waitlist_entries_deleted", "more"}; more is true when a table had a full batch: call again (each call is a short transaction). Removed, for every organization alike: the body of outbox messages that left the queue (any status but pending and claimed) more than sms_body_retention_days (default 30) ago, blanked with body_removed_at set while the delivery record stays (public.send_confirmation_sms then answers an empty content); phone verifications that expired more than phone_verification_retention_days (30) ago; inbound SMS records and patients'' free-text messages received more than inbound_sms_retention_days (90) ago; holds never consumed (released, expired) whose expiry is more than expired_hold_retention_days (30) ago; waitlist times no longer being offered that freed, and closed waitlist entries (no offer of theirs still open) that closed, more than waitlist_retention_days (90) ago, with their offers. Consumed holds, appointments, contacts and events stay. Settings: public.set_booking_setting.
Errors: INVALID_BATCH_SIZE. Raises 42501 for other callers.';

--
-- Name: record_call_report(uuid, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_call_report(p_org_id uuid, p_report jsonb) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_message jsonb := case when jsonb_typeof(p_report -> 'message') = 'object' then p_report -> 'message'
                          else p_report end;
  v_org booking.organizations%rowtype;
  v_provider_call_id text;
  v_started_at timestamptz;
  v_ended_at timestamptz;
  v_caller_phone text;
  v_contact_id uuid;
  v_appointment_id uuid;
  v_call booking.calls%rowtype;
  v_score record;
  v_hot_lead_id uuid;
  v_alert_phone text;
  v_message_id uuid;
  v_alert text;
  v_lead_name text;
begin
  perform booking.assert_service_role();
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_report is null or jsonb_typeof(v_message) <> 'object'
     or coalesce(v_message ->> 'type', 'end-of-call-report') <> 'end-of-call-report' then
    return booking.json_error('INVALID_REPORT', 'Expected an end-of-call-report message object');
  end if;
  v_provider_call_id := btrim(coalesce(v_message #>> '{call,id}', v_message ->> 'callId'));
  if v_provider_call_id is null or length(v_provider_call_id) not between 1 and 128 then
    return booking.json_error('MISSING_CALL_ID', 'The report has no call.id');
  end if;
  begin
    v_started_at := booking.parse_report_timestamp(coalesce(v_message -> 'startedAt', v_message #> '{call,startedAt}'));
    v_ended_at := booking.parse_report_timestamp(coalesce(v_message -> 'endedAt', v_message #> '{call,endedAt}'));
  exception when data_exception then
    return booking.json_error('INVALID_TIMESTAMP', 'startedAt and endedAt must be ISO-8601 timestamps');
  end;
  -- A report whose call ends before it starts (also against what an
  -- earlier report of the call stored) is refused whole.
  if v_ended_at < coalesce(v_started_at, (select started_at from booking.calls
                                            where org_id = p_org_id and provider_call_id = v_provider_call_id))
     or v_started_at > (select ended_at from booking.calls
                         where org_id = p_org_id and provider_call_id = v_provider_call_id) then
    return booking.json_error('INVALID_REPORT', 'endedAt is before startedAt');
  end if;

  v_caller_phone := booking.normalize_phone(
    coalesce(v_message #>> '{customer,number}', v_message #>> '{call,customer,number}'), v_org.phone_region);
  select id into v_contact_id from booking.contacts where org_id = p_org_id and phone = v_caller_phone;
  select h.appointment_id into v_appointment_id
    from booking.appointment_holds h
   where h.org_id = p_org_id and h.call_sid = v_provider_call_id and h.status = 'consumed'
   order by h.updated_at desc limit 1;
  if v_contact_id is null and v_appointment_id is not null then
    select contact_id into v_contact_id from booking.appointments
     where org_id = p_org_id and id = v_appointment_id;
  end if;

  insert into booking.calls as c (org_id, provider_call_id, caller_phone, contact_id, started_at, ended_at,
                                  ended_reason, summary, transcript, analysis, appointment_id)
  values (p_org_id, v_provider_call_id, v_caller_phone, v_contact_id, v_started_at, v_ended_at,
          left(v_message ->> 'endedReason', 200),
          coalesce(v_message #>> '{analysis,summary}', v_message ->> 'summary'),
          coalesce(v_message #>> '{artifact,transcript}', v_message ->> 'transcript'),
          case when jsonb_typeof(v_message -> 'analysis') = 'object' then v_message -> 'analysis' end,
          v_appointment_id)
  on conflict (org_id, provider_call_id) do update
     set caller_phone = coalesce(c.caller_phone, excluded.caller_phone),
         contact_id = coalesce(c.contact_id, excluded.contact_id),
         started_at = coalesce(c.started_at, excluded.started_at),
         ended_at = coalesce(c.ended_at, excluded.ended_at),
         ended_reason = coalesce(c.ended_reason, excluded.ended_reason),
         summary = coalesce(c.summary, excluded.summary),
         transcript = coalesce(c.transcript, excluded.transcript),
         analysis = coalesce(c.analysis, excluded.analysis),
         appointment_id = coalesce(c.appointment_id, excluded.appointment_id),
         updated_at = now()
  returning * into v_call;

  -- The call is over: a slot it still holds is free again.
  update booking.appointment_holds set status = 'released', updated_at = now()
   where org_id = p_org_id and call_sid = v_provider_call_id and status = 'active';

  select * into v_score from booking.compute_lead_score(p_org_id, v_call.id);
  update booking.calls set lead_score = v_score.score, lead_score_signals = v_score.signals
   where org_id = p_org_id and id = v_call.id;

  if v_score.score >= v_score.threshold then
    v_lead_name := coalesce((select name from booking.contacts where org_id = p_org_id and id = v_call.contact_id),
                            nullif(left(btrim(v_message #>> '{analysis,structuredData,name}'), 200), ''),
                            'Unknown caller');
    select hot_lead_alert_phone into v_alert_phone from booking.integration_settings where org_id = p_org_id;
    insert into booking.hot_leads (org_id, call_id, contact_id, lead_name, lead_phone, lead_score, not_sent_reason)
    values (p_org_id, v_call.id, v_call.contact_id, v_lead_name, v_call.caller_phone, v_score.score,
            case when v_alert_phone is null then 'NO_ALERT_PHONE' end)
    on conflict (org_id, call_id) do nothing
    returning id into v_hot_lead_id;

    if v_hot_lead_id is null then
      v_alert := 'already_recorded';
    elsif v_alert_phone is null then
      v_alert := 'no_alert_phone';
    else
      v_message_id := booking.enqueue_sms(p_org_id, 'hot_lead_alert', v_alert_phone,
        left('Hot lead (score ' || v_score.score || '): ' || v_lead_name
             || coalesce(' ' || v_call.caller_phone, '')
             || case when v_call.appointment_id is not null then ', booked ' || (
                  select a.service_type || ' on ' || booking.format_local_time(a.org_id, a.scheduled_at)
                    from booking.appointments a where a.org_id = p_org_id and a.id = v_call.appointment_id)
                else ', not booked' end
             || coalesce('. ' || v_call.summary, '.'), 1600),
        v_call.appointment_id, v_provider_call_id);
      update booking.hot_leads set sms_message_id = v_message_id, not_sent_reason = null
       where org_id = p_org_id and id = v_hot_lead_id;
      v_alert := (select case when status = 'suppressed' then 'suppressed' else 'queued' end
                    from booking.sms_outbox where org_id = p_org_id and id = v_message_id);
    end if;
    update booking.leads set status = 'hot', updated_at = now()
     where org_id = p_org_id and contact_id = v_call.contact_id and status <> 'converted';
  end if;

  return json_build_object('success', true, 'call_id', v_call.id, 'provider_call_id', v_provider_call_id,
    'duration', v_call.duration, 'lead_score', v_score.score, 'signals', v_score.signals,
    'hot_lead', v_score.score >= v_score.threshold, 'alert', v_alert);
end;
$$;

--
-- Name: FUNCTION record_call_report(p_org_id uuid, p_report jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.record_call_report(p_org_id uuid, p_report jsonb) IS 'Webhook API (service_role): stores an end-of-call report, scores the lead and alerts the owner of a hot lead.

Arguments: p_org_id (resolved by the webhook, never from the report); p_report (the voice platform''s end-of-call-report message, or {"message": ...} around it: call.id, customer.number, startedAt, endedAt, endedReason, artifact.transcript, analysis.summary/structuredData/successEvaluation).
Answer: {"success": true, "call_id", "provider_call_id", "duration", "lead_score", "signals", "hot_lead", "alert"}, alert one of queued, suppressed (owner opted out), no_alert_phone, already_recorded, or null (not hot). Once per call id, whatever the order or number of deliveries (duration from startedAt/endedAt; the appointment booked through the call''s hold linked; a hold the call still has released); at or above the threshold one hot lead per call and one SMS to integration_settings.hot_lead_alert_phone (none configured: alert NO_ALERT_PHONE).
Errors: INVALID_ORGANIZATION, INVALID_REPORT (also endedAt before startedAt), MISSING_CALL_ID, INVALID_TIMESTAMP; nothing is stored. Raises 42501 for other callers.';

--
-- Name: release_hold(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.release_hold(p_hold_id uuid, p_org_id uuid DEFAULT NULL::uuid) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_hold booking.appointment_holds%rowtype;
  v_status text;
begin
  if p_org_id is not null then
    perform booking.assert_org_access(p_org_id);
  end if;
  select * into v_hold from booking.appointment_holds
   where id = p_hold_id and (p_org_id is null or org_id = p_org_id);
  -- Another organization's hold answers as an unknown one: ids cannot be probed.
  if not found or not booking.can_act_for_org(v_hold.org_id) then
    return booking.json_error('HOLD_NOT_FOUND', 'There is no such hold');
  end if;
  perform booking.assert_org_access(v_hold.org_id);
  -- Waits for a confirmation of the same hold under way, then sees its outcome.
  update booking.appointment_holds set status = 'released', updated_at = now()
   where org_id = v_hold.org_id and id = v_hold.id and status = 'active'
  returning status into v_status;
  if v_status is null then
    select status into v_status from booking.appointment_holds where org_id = v_hold.org_id and id = v_hold.id;
    if v_status = 'consumed' then
      return booking.json_error('HOLD_ALREADY_CONFIRMED', 'The hold was confirmed as an appointment');
    end if;
  end if;
  return json_build_object('success', true, 'hold_id', v_hold.id);
end;
$$;

--
-- Name: FUNCTION release_hold(p_hold_id uuid, p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.release_hold(p_hold_id uuid, p_org_id uuid) IS 'Releases a hold (idempotent).

Arguments: p_hold_id; p_org_id (optional; must match the hold''s).
Answer: {"success": true, "hold_id"}.
Errors: HOLD_NOT_FOUND (also for another organization''s hold), HOLD_ALREADY_CONFIRMED.';

--
-- Name: remove_calendar_block(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.remove_calendar_block(p_org_id uuid, p_block_id uuid) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_block booking.calendar_blocks;
begin
  perform booking.assert_org_access(p_org_id);
  delete from booking.calendar_blocks b
   where b.org_id = p_org_id and b.id = p_block_id
  returning * into v_block;
  if not found then
    return booking.json_error('BLOCK_NOT_FOUND', 'There is no such blocked time');
  end if;
  return json_build_object('success', true, 'block_id', v_block.id, 'calendar_id', v_block.calendar_id);
end;
$$;

--
-- Name: FUNCTION remove_calendar_block(p_org_id uuid, p_block_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.remove_calendar_block(p_org_id uuid, p_block_id uuid) IS 'Staff remove blocked time from a calendar; it is offered again at once.

Arguments: p_org_id; p_block_id.
Answer: {"success": true, "block_id", "calendar_id"}.
Errors: BLOCK_NOT_FOUND (also for another organization''s block). Raises 42501 when the caller acts for another organization.';

--
-- Name: reply_to_sms(uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reply_to_sms(p_org_id uuid, p_text_id uuid, p_body text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_sender text;
  v_body text := btrim(p_body);
  v_message_id uuid;
  v_message booking.sms_outbox;
begin
  perform booking.assert_org_access(p_org_id);
  select t.sender into v_sender from booking.inbound_sms_texts t
   where t.org_id = p_org_id and t.id = p_text_id;
  if not found then
    return booking.json_error('TEXT_NOT_FOUND', 'There is no such text');
  end if;
  if v_body is null or length(v_body) not between 1 and 1000 then
    return booking.json_error('INVALID_BODY', 'Write the reply (1 to 1000 characters)');
  end if;
  select * into v_org from booking.organizations where org_id = p_org_id;
  v_message_id := booking.enqueue_sms(p_org_id, 'staff_reply', v_sender, v_org.name || ': ' || v_body);
  update booking.sms_outbox set staff_account_id = booking.caller_account_id()
   where org_id = p_org_id and id = v_message_id
  returning * into v_message;
  if v_message.status = 'suppressed' then
    return json_build_object(
      'success', false,
      'error', coalesce(v_message.error_code, 'SMS_OPTED_OUT'),
      'message', case coalesce(v_message.error_code, 'SMS_OPTED_OUT')
                   when 'SMS_OPTED_OUT' then 'SMS_OPTED_OUT: This number opted out of the clinic''s SMS (it can text START)'
                   when 'RECIPIENT_RATE_LIMITED' then 'RECIPIENT_RATE_LIMITED: This number got as many texts as it may for now; try again later'
                   else v_message.error_code || ': The clinic''s SMS may not go to this number' end,
      'sms_message_id', v_message.id,
      'created_at', booking.to_iso8601_utc(now()));
  end if;
  return json_build_object('success', true, 'sms_message_id', v_message.id, 'text_id', p_text_id);
end;
$$;

--
-- Name: FUNCTION reply_to_sms(p_org_id uuid, p_text_id uuid, p_body text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.reply_to_sms(p_org_id uuid, p_text_id uuid, p_body text) IS 'Staff (any member, front desk included): queues a reply (kind staff_reply, "<clinic name>: <text>") to the number that sent a text, through the outbox; records the member who wrote it.

Arguments: p_org_id; p_text_id (a text of the conversation, booking.inbound_sms_texts.id); p_body (1 to 1000 characters once trimmed).
Answer: {"success": true, "sms_message_id", "text_id"}. A refused message is still recorded (status suppressed, with the member) and answered {"success": false, "error", "message", "sms_message_id"}.
Errors: TEXT_NOT_FOUND (also another organization''s text), INVALID_BODY, SMS_OPTED_OUT, RECIPIENT_RATE_LIMITED (booking.recipient_sms_limit), PHONE_NOT_ALLOWED (booking.sms_destination_refusal). Raises 42501 when an authenticated caller asks for another organization.';

--
-- Name: reschedule_appointment(uuid, uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reschedule_appointment(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.reschedule_appointment_as(p_org_id, p_appointment_id, p_new_scheduled_at, 'staff');
end;
$$;

--
-- Name: FUNCTION reschedule_appointment(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.reschedule_appointment(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone) IS 'Staff moves an appointment (same id) to a new start.

Arguments: p_org_id; p_appointment_id; p_new_scheduled_at.
Answer: {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at"}. Under the calendar lock, by the booking rule (hours, grid, notice, horizon, conflicts with appointments and live holds, buffers; its own old interval does not block it); in one transaction reminders move, a reschedule SMS with a manage link is queued, a history row and the event appointment.rescheduled are recorded. Moving to its current start answers success and sends nothing.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, INVALID_TIME, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY, SAME_TIME (the start it already has: nothing moved, recorded or sent). Raises 42501 when an authenticated caller acts for another organization.';

--
-- Name: reschedule_appointment_by_phone(uuid, uuid, timestamp with time zone, text, uuid, text, boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reschedule_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_caller_phone text DEFAULT NULL::text, p_verification_id uuid DEFAULT NULL::uuid, p_code text DEFAULT NULL::text, p_caller_attested boolean DEFAULT false, p_call_id text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_answer json;
begin
  perform booking.assert_org_access(p_org_id);
  v_answer := booking.caller_appointment_refusal(p_org_id, p_appointment_id, p_caller_phone,
                                                 p_verification_id, p_code, p_caller_attested,
                                                 p_call_id);
  if v_answer is not null then
    return v_answer;
  end if;
  v_answer := booking.reschedule_appointment_as(p_org_id, p_appointment_id, p_new_scheduled_at,
                                                'patient_phone');
  return (v_answer::jsonb
          || jsonb_build_object('appointment', booking.appointment_summary(p_org_id, p_appointment_id)))::json;
end;
$$;

--
-- Name: FUNCTION reschedule_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.reschedule_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) IS 'Voice agent: moves an upcoming appointment of the caller''s phone, as actor patient_phone.

Arguments: p_org_id; p_appointment_id; p_new_scheduled_at; p_caller_phone (the platform''s caller id, never the model''s); p_verification_id and p_code (a verification from lookup_appointments or from this function''s VERIFICATION_REQUIRED answer, and the code the caller read back unless it was verified already); p_caller_attested (the platform reported the caller id fully attested, STIR/SHAKEN A); p_call_id (the platform''s call id, for the code limits per call).
Answer: {"success": true, "appointment_id", "scheduled_at", "previous_scheduled_at", "appointment"}; once the appointment is the caller''s, every answer, success or error, carries "appointment" (the summary with local_text and clinic_phone). The reschedule notice and at most 3 patient reschedules apply.
Errors: VERIFICATION_REQUIRED (a caller id is not proof under the clinic''s caller-id policy: a code was texted to the appointment''s number, answer with verification_id, code_sent, expires_at; or no caller id and no verification), VERIFICATION_NOT_FOUND, VERIFICATION_EXPIRED, INVALID_OTP_FORMAT, INVALID_OTP (attempts_remaining), OTP_LOCKED, OTP_CALL_PHONE_LIMIT, SMS_RATE_LIMITED, APPOINTMENT_NOT_FOUND (not an upcoming appointment of this phone at this clinic), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, TOO_LATE_TO_CHANGE, RESCHEDULE_LIMIT, INVALID_TIME, PAST_TIME, TOO_SOON, TOO_FAR_AHEAD, OUTSIDE_HOURS, SLOT_UNAVAILABLE, BUSY_RETRY, SAME_TIME (the start it already has: nothing moved, recorded or sent). Raises 42501 for another organization.';

--
-- Name: reschedule_options(uuid, uuid, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reschedule_options(p_org_id uuid, p_appointment_id uuid, p_date date) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_appointment booking.appointments;
  v_refusal text;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'There is no such appointment');
  end if;
  v_refusal := booking.change_refusal(v_appointment, 'reschedule', 'staff');
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The appointment cannot be moved');
  end if;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;
  return booking.available_slots(p_org_id, v_appointment.calendar_id, p_date,
                                 v_appointment.duration_minutes, v_appointment.service_type,
                                 v_appointment.id);
end;
$$;

--
-- Name: FUNCTION reschedule_options(p_org_id uuid, p_appointment_id uuid, p_date date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.reschedule_options(p_org_id uuid, p_appointment_id uuid, p_date date) IS 'Staff: free starts of a local date for moving an appointment.

Arguments: p_org_id; p_appointment_id; p_date.
Answer: check_availability''s shape {"success": true, "date", "timezone", "calendar_id", "service_type", "duration_minutes", "slots": [{"start", "local_start", "local_time"}]} for the appointment''s calendar, service and duration, its own interval not blocking it and its current start never offered (booking.available_slots). The dashboard''s reschedule picker.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), APPOINTMENT_CANCELLED, APPOINTMENT_IN_PAST, INVALID_DATE. Raises 42501 when an authenticated caller acts for another organization.';

--
-- Name: reset_staff_password(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reset_staff_password(p_org_id uuid, p_account_id uuid) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_caller_role text := booking.assert_can_manage_staff(p_org_id);
  v_member_role text;
  v_token text := booking.new_staff_token();
  v_expires_at timestamptz := now() + interval '1 hour';
begin
  select role into v_member_role from booking.memberships
   where org_id = p_org_id and account_id = p_account_id;
  if not found then
    return booking.json_error('UNKNOWN_MEMBER', 'No such member in this organization');
  end if;
  if v_caller_role = 'admin' and v_member_role = 'owner' then
    return booking.json_error('NOT_ALLOWED', 'Only an owner may reset an owner''s password');
  end if;
  if not exists (select from booking.staff_accounts where account_id = p_account_id) then
    return booking.json_error('NO_PASSWORD_ACCOUNT', 'The member signs in through the identity provider');
  end if;
  update booking.staff_password_resets set revoked_at = now()
   where org_id = p_org_id and account_id = p_account_id and used_at is null and revoked_at is null;
  insert into booking.staff_password_resets (org_id, account_id, token_hash, requested_by, expires_at)
  values (p_org_id, p_account_id, booking.staff_token_hash(v_token), booking.caller_account_id(), v_expires_at);
  return json_build_object('success', true, 'account_id', p_account_id, 'reset_token', v_token,
                           'expires_at', booking.to_iso8601_utc(v_expires_at));
end;
$$;

--
-- Name: FUNCTION reset_staff_password(p_org_id uuid, p_account_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.reset_staff_password(p_org_id uuid, p_account_id uuid) IS 'Owner/admin: issues a one-time password-reset token (1 hour) for a staff member, to pass on.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id; an admin may not reset an owner''s password.
Arguments: p_org_id; p_account_id (the member).
Answer: {"success": true, "account_id", "reset_token" (shown once, only its hash is stored; for complete_password_reset), "expires_at"}. A pending reset of the account by this organization is revoked.
Errors: UNKNOWN_MEMBER (no membership in this organization; also for an unknown organization), NOT_ALLOWED (an admin and an owner), NO_PASSWORD_ACCOUNT (the member is an identity-provider user without a staff account). Raises 42501 for other callers (front desk, members of other organizations, anon).';

--
-- Name: resolve_voice_agent(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.resolve_voice_agent(p_secret text, p_assistant_id text DEFAULT NULL::text, p_phone_number text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_digest bytea := extensions.digest(convert_to(coalesce(p_secret, ''), 'UTF8'), 'sha256');
  v_orgs uuid[];
  v_refusal json;
begin
  perform booking.assert_service_role();
  select array_agg(distinct m.org_id) into v_orgs from (
    select a.org_id from booking.voice_agents a where a.secret_sha256 = v_digest
    union all
    select c.org_id from booking.voice_agent_credentials c
     where c.token_sha256 = v_digest and (c.expires_at is null or c.expires_at > now())) m;
  -- Exactly one organization, or none: an ambiguous secret never picks one.
  if nullif(p_secret, '') is null or coalesce(cardinality(v_orgs), 0) <> 1 then
    return booking.json_error('UNKNOWN_SECRET', 'The webhook secret is not known');
  end if;
  v_refusal := booking.voice_agent_mismatch(v_orgs[1], p_assistant_id, p_phone_number);
  if v_refusal is not null then
    return v_refusal;
  end if;
  return json_build_object('success', true, 'org_id', v_orgs[1]);
end;
$$;

--
-- Name: FUNCTION resolve_voice_agent(p_secret text, p_assistant_id text, p_phone_number text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.resolve_voice_agent(p_secret text, p_assistant_id text, p_phone_number text) IS 'Webhook API (service_role): the organization a voice-platform request belongs to.

Arguments: p_secret (the X-Vapi-Secret header or the Authorization: Bearer token, looked up by SHA-256 among the set_voice_agent secrets and the active token credentials of add_voice_credential); p_assistant_id; p_phone_number (the called number); a configured assistant id or number must agree.
Answer: {"success": true, "org_id"}.
Errors: UNKNOWN_SECRET, ASSISTANT_MISMATCH, PHONE_NUMBER_MISMATCH. Raises 42501 for other callers.';

--
-- Name: resolve_voice_agent_signed(bytea, text, text, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.resolve_voice_agent_signed(p_body bytea, p_signature text, p_timestamp text DEFAULT NULL::text, p_assistant_id text DEFAULT NULL::text, p_phone_number text DEFAULT NULL::text, p_encryption_key text DEFAULT NULL::text, p_scheme text DEFAULT 'vapi'::text) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_signature text := regexp_replace(btrim(coalesce(p_signature, '')), '^sha256=', '', 'i');
  v_given bytea;
  v_payload bytea;
  v_seconds numeric;
  v_orgs uuid[] := '{}';
  v_candidate record;
  v_refusal json;
begin
  perform booking.assert_service_role();
  if p_scheme is null or p_scheme not in ('vapi', 'retell') then
    return booking.json_error('INVALID_SCHEME', 'The signature scheme is vapi or retell');
  end if;
  if p_scheme = 'retell' and p_timestamp is null then
    return booking.json_error('STALE_TIMESTAMP', 'A Retell signature carries its timestamp');
  end if;
  if v_signature ~ '^[0-9A-Fa-f]{64}$' then
    v_given := decode(lower(v_signature), 'hex');
  elsif v_signature ~ '^[A-Za-z0-9+/]{43}=$' then
    v_given := decode(v_signature, 'base64');
  else
    return booking.json_error('INVALID_SIGNATURE', 'The signature is not an HMAC-SHA256 in hex or base64');
  end if;
  if p_timestamp is not null then
    if btrim(p_timestamp) !~ '^[0-9]{1,13}$' then
      return booking.json_error('STALE_TIMESTAMP', 'The timestamp is not a Unix time');
    end if;
    v_seconds := btrim(p_timestamp)::numeric;
    if v_seconds >= 100000000000 then
      v_seconds := v_seconds / 1000;  -- milliseconds
    end if;
    if abs(extract(epoch from now()) - v_seconds) > 300 then
      return booking.json_error('STALE_TIMESTAMP', 'The request is signed more than 5 minutes from now');
    end if;
    if p_scheme = 'retell' then
      v_payload := coalesce(p_body, ''::bytea) || convert_to(btrim(p_timestamp), 'UTF8');
    else
      v_payload := convert_to(p_timestamp || '.', 'UTF8') || coalesce(p_body, ''::bytea);
    end if;
  else
    v_payload := coalesce(p_body, ''::bytea);
  end if;

  for v_candidate in
    select c.org_id, c.hmac_key_encrypted
      from booking.voice_agents a
      join booking.organizations o on o.org_id = a.org_id
      join booking.voice_agent_credentials c on c.org_id = a.org_id
     where c.kind = 'hmac' and (c.expires_at is null or c.expires_at > now())
       and ((nullif(p_assistant_id, '') is not null and a.assistant_id = p_assistant_id)
            or (nullif(p_phone_number, '') is not null
                and a.phone_number = booking.normalize_phone(p_phone_number, o.phone_region)))
  loop
    if booking.constant_time_equals(
         extensions.hmac(v_payload,
           convert_to(booking.decrypt_setting(v_candidate.hmac_key_encrypted, p_encryption_key), 'UTF8'),
           'sha256'),
         v_given)
       and not v_candidate.org_id = any (v_orgs) then
      v_orgs := v_orgs || v_candidate.org_id;
    end if;
  end loop;
  if cardinality(v_orgs) <> 1 then
    return booking.json_error('UNKNOWN_SIGNATURE', 'No key of the named assistant''s organization verifies the signature');
  end if;
  v_refusal := booking.voice_agent_mismatch(v_orgs[1], p_assistant_id, p_phone_number);
  if v_refusal is not null then
    return v_refusal;
  end if;
  return json_build_object('success', true, 'org_id', v_orgs[1]);
end;
$_$;

--
-- Name: FUNCTION resolve_voice_agent_signed(p_body bytea, p_signature text, p_timestamp text, p_assistant_id text, p_phone_number text, p_encryption_key text, p_scheme text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.resolve_voice_agent_signed(p_body bytea, p_signature text, p_timestamp text, p_assistant_id text, p_phone_number text, p_encryption_key text, p_scheme text) IS 'Webhook API (service_role): the organization of a voice-platform request signed with HMAC-SHA256 of its raw body.

Arguments: p_body (the raw request body); p_signature (hex or base64, optionally prefixed sha256=); p_timestamp (optional Unix seconds or milliseconds: then the signed text is "{timestamp}.{body}" and it must be within 5 minutes of now); p_assistant_id, p_phone_number (the platform''s, which name the candidate organizations: an hmac credential needs the assistant id or number set with set_voice_agent); p_encryption_key (SETTINGS_ENCRYPTION_KEY, decrypts the keys); p_scheme (vapi, the default, or retell: Retell''s x-retell-signature "v=<ms>,d=<hex>" signs "{body}{timestamp}" with the Retell API key, the timestamp required).
Answer: {"success": true, "org_id"}. Every active hmac key of the organization is tried (rotation), each compared in constant time.
Errors: INVALID_SCHEME, INVALID_SIGNATURE, STALE_TIMESTAMP, UNKNOWN_SIGNATURE (no key verifies it, or none is configured), ASSISTANT_MISMATCH, PHONE_NUMBER_MISMATCH. Raises 42501 for other callers, BKKEY when the encryption key does not decrypt a key.';

--
-- Name: revoke_voice_credential(uuid, uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.revoke_voice_credential(p_org_id uuid, p_credential_id uuid, p_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_at timestamptz := greatest(coalesce(p_at, now()), now());
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  update booking.voice_agent_credentials
     set expires_at = least(coalesce(expires_at, v_at), v_at)
   where org_id = p_org_id and id = p_credential_id;
  if not found then
    return booking.json_error('CREDENTIAL_NOT_FOUND', 'There is no such credential');
  end if;
  return json_build_object('success', true, 'credential_id', p_credential_id,
                           'expires_at', booking.to_iso8601_utc(v_at));
end;
$$;

--
-- Name: FUNCTION revoke_voice_credential(p_org_id uuid, p_credential_id uuid, p_at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.revoke_voice_credential(p_org_id uuid, p_credential_id uuid, p_at timestamp with time zone) IS 'Settings (an owner or admin of the organization, or service_role): ends a voice-platform credential, now or at p_at (a grace period while the platform switches to the new one).

Arguments: p_org_id; p_credential_id; p_at (optional, default now; never later than an end already set).
Answer: {"success": true, "credential_id", "expires_at"}.
Errors: CREDENTIAL_NOT_FOUND. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: search_patients(uuid, text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.search_patients(p_org_id uuid, p_query text, p_limit integer DEFAULT 20) RETURNS json
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET "pg_trgm.word_similarity_threshold" TO '0.3'
    AS $$
declare
  v_query text := btrim(p_query);
  v_digits text;
  v_like text;
begin
  if p_org_id is null or p_limit is null or p_limit not between 1 and 100 then
    raise exception 'p_org_id is required and p_limit must be between 1 and 100' using errcode = '22023';
  end if;
  -- RLS: a member sees only their own organization's row.
  if not exists (select from booking.organizations o where o.org_id = p_org_id) then
    raise exception 'not allowed to read organization %', p_org_id using errcode = '42501';
  end if;
  if v_query is null or length(v_query) not between 2 and 100 then
    -- (booking.json_error's shape: an invoker cannot call booking's functions)
    return json_build_object('success', false, 'error', 'INVALID_QUERY',
      'message', 'INVALID_QUERY: Search with 2 to 100 characters of a name or phone number');
  end if;
  v_digits := regexp_replace(v_query, '[^0-9]', '', 'g');
  v_like := '%' || replace(replace(replace(v_query, '\', '\\'), '%', '\%'), '_', '\_') || '%';

  return json_build_object('success', true, 'query', v_query, 'patients', coalesce((
    select json_agg(json_build_object('contact_id', m.id, 'name', m.name, 'phone', m.phone, 'email', m.email,
                                      'no_show_count', m.no_shows, 'next_appointment_at', m.next_at)
                    order by m.score desc, m.name)
      from (select c.id, c.name, c.phone, c.email,
                   greatest(extensions.word_similarity(v_query, c.name),
                            case when c.name ilike v_like then 1 end,
                            case when length(v_digits) >= 3 and c.phone like '%' || v_digits || '%' then 1 end) as score,
                   (select count(*) from booking.appointments a
                     where a.org_id = c.org_id and a.contact_id = c.id and a.status = 'no_show') as no_shows,
                   (select min(a.scheduled_at) from booking.appointments a
                     where a.org_id = c.org_id and a.contact_id = c.id
                       and a.status in ('scheduled', 'confirmed') and a.scheduled_at > now()) as next_at
              from booking.contacts c
             where c.org_id = p_org_id
               and (v_query operator(extensions.<%) c.name
                    or c.name ilike v_like
                    or (length(v_digits) >= 3 and c.phone like '%' || v_digits || '%'))
             order by 5 desc, c.name
             limit p_limit) m), '[]'::json));
end;
$$;

--
-- Name: FUNCTION search_patients(p_org_id uuid, p_query text, p_limit integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.search_patients(p_org_id uuid, p_query text, p_limit integer) IS 'Staff find patients by part of a name (typos tolerated) or part of a phone number.

Arguments: p_org_id; p_query (2-100 characters: a name or part of one, or at least 3 digits of a phone number); p_limit (1-100, default 20).
Answer: {"success": true, "query", "patients": [{"contact_id", "name", "phone", "email", "no_show_count", "next_appointment_at"}]}, best match first. SECURITY INVOKER: RLS decides, so a member finds only their own clinic''s patients.
Errors: INVALID_QUERY. Raises 42501 when the caller cannot read the organization (another clinic''s and unknown ones are not told apart), 22023 for a NULL p_org_id or p_limit outside 1-100.';

--
-- Name: send_confirmation_sms(uuid, uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.send_confirmation_sms(p_org_id uuid, p_appointment_id uuid, p_contact_id uuid, p_patient_phone text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations%rowtype;
  v_appointment booking.appointments%rowtype;
  v_contact_phone text;
  v_phone text;
  v_message booking.sms_outbox%rowtype;
  v_message_id uuid;
  v_fields jsonb;
begin
  perform booking.assert_org_access(p_org_id);

  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  select * into v_appointment from booking.appointments
   where org_id = p_org_id and id = p_appointment_id;
  if not found then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'The appointment does not exist');
  end if;
  if p_contact_id is not null and p_contact_id <> v_appointment.contact_id then
    return booking.json_error('CONTACT_MISMATCH', 'The contact is not the appointment''s patient');
  end if;
  select phone into v_contact_phone from booking.contacts
   where org_id = p_org_id and id = v_appointment.contact_id;
  if nullif(btrim(p_patient_phone), '') is not null then
    v_phone := booking.normalize_phone(p_patient_phone, v_org.phone_region);
    if v_phone is null then
      return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    end if;
    if v_phone <> v_contact_phone then
      return booking.json_error('PHONE_MISMATCH', 'The phone number is not the appointment''s patient''s number');
    end if;
  end if;

  select * into v_message from booking.sms_outbox
   where org_id = p_org_id and appointment_id = p_appointment_id and kind = 'confirmation';
  if not found then
    if v_appointment.status = 'cancelled' then
      return booking.json_error('APPOINTMENT_CANCELLED', 'The appointment is cancelled');
    end if;
    if booking.sms_destination_refusal(p_org_id, v_contact_phone) is not null then
      return booking.sms_destination_refusal(p_org_id, v_contact_phone);
    end if;
    v_message_id := booking.enqueue_confirmation_sms(p_org_id, p_appointment_id);
    select * into v_message from booking.sms_outbox where org_id = p_org_id and id = v_message_id;
  end if;

  v_fields := jsonb_build_object(
    'message_sent', v_message.provider_message_id is not null,
    'message_id', v_message.provider_message_id,
    'content', v_message.body,
    'status', v_message.status);
  if v_message.status = 'suppressed' then
    return (booking.json_error('SMS_OPTED_OUT', 'The patient opted out of SMS from this clinic')::jsonb
            || v_fields)::json;
  end if;
  if v_message.status in ('failed', 'undelivered', 'canceled') then
    return (booking.json_error('SMS_FAILED', 'The confirmation SMS could not be sent or delivered')::jsonb
            || v_fields || jsonb_build_object('error_code', v_message.error_code))::json;
  end if;
  return (jsonb_build_object('success', true) || v_fields)::json;
end;
$$;

--
-- Name: FUNCTION send_confirmation_sms(p_org_id uuid, p_appointment_id uuid, p_contact_id uuid, p_patient_phone text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.send_confirmation_sms(p_org_id uuid, p_appointment_id uuid, p_contact_id uuid, p_patient_phone text) IS 'The spec''s sendConfirmationSMS: the one confirmation SMS of an appointment (idempotent).

Arguments: p_org_id; p_appointment_id; p_contact_id (optional check); p_patient_phone (optional check against the contact''s number).
Answer: {"success": true, "message_sent", "message_id", "content", "status"}, enqueuing it if the booking did not; message_sent is true once the provider accepted it (message_id: Twilio''s SM..., or console-... from the development console sender), false while it waits in the outbox; the SMS goes to the contact''s number on record. Never a second SMS.
Errors: INVALID_ORGANIZATION, APPOINTMENT_NOT_FOUND, CONTACT_MISMATCH, INVALID_PHONE, PHONE_MISMATCH, APPOINTMENT_CANCELLED, PHONE_NOT_ALLOWED (the clinic does not text this number''s country or number type), SMS_OPTED_OUT and SMS_FAILED (both with the message fields; error_code says why). Raises 42501 for another organization.';

--
-- Name: send_otp(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.send_otp(p_hold_id uuid, p_patient_phone text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_hold booking.appointment_holds%rowtype;
  v_org booking.organizations%rowtype;
  v_contact_phone text;
  v_phone text;
  v_code text;
  v_refusal json;
  v_budget integer;
begin
  select * into v_hold from booking.appointment_holds where id = p_hold_id;
  if not found or not booking.can_act_for_org(v_hold.org_id) then
    return booking.json_error('HOLD_NOT_FOUND', 'There is no such hold');
  end if;
  perform booking.assert_org_access(v_hold.org_id);
  -- One call's sends (and claims) one at a time: the per-call limit holds.
  perform pg_advisory_xact_lock(hashtextextended('booking.call:' || v_hold.org_id::text || ':' || v_hold.call_sid, 0));
  select * into v_hold from booking.appointment_holds
   where org_id = v_hold.org_id and id = p_hold_id for update;
  select * into v_org from booking.organizations where org_id = v_hold.org_id;
  v_refusal := booking.hold_unusable_reason(v_hold);
  if v_refusal is not null then
    return v_refusal;
  end if;

  select phone into v_contact_phone from booking.contacts
   where org_id = v_hold.org_id and id = v_hold.contact_id;
  if nullif(btrim(p_patient_phone), '') is null then
    v_phone := v_contact_phone;
  else
    v_phone := booking.normalize_phone(p_patient_phone, v_org.phone_region);
    if v_phone is null then
      return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    elsif v_phone <> v_contact_phone then
      return booking.json_error('PHONE_MISMATCH', 'Codes go only to the number the slot was reserved for');
    end if;
  end if;

  v_refusal := booking.sms_destination_refusal(v_hold.org_id, v_phone);
  if v_refusal is not null then
    return v_refusal;
  end if;
  if v_hold.otp_send_count >= 3 then
    return booking.json_error('OTP_SEND_LIMIT', 'A hold gets at most 3 codes');
  end if;
  if (select count(distinct n.phone) from (
        select o.recipient as phone from booking.sms_outbox o
         where o.org_id = v_hold.org_id and o.kind = 'otp' and o.call_id = v_hold.call_sid
        union
        select v.phone from booking.phone_verifications v
         where v.org_id = v_hold.org_id and v.call_id = v_hold.call_sid) n
       where n.phone <> v_phone) >= 3 then
    return booking.json_error('OTP_CALL_PHONE_LIMIT', 'One call sends codes to at most 3 different numbers');
  end if;
  -- Concurrent sends to one number must not both pass the count.
  perform pg_advisory_xact_lock(hashtextextended('booking.otp:' || v_hold.org_id::text || ':' || v_phone, 0));
  -- Phone verifications that texted nothing count too, so this answer is
  -- the same whether or not the number has appointments here.
  if (select count(*) from booking.sms_outbox
       where org_id = v_hold.org_id and kind = 'otp' and recipient = v_phone
         and created_at > now() - interval '10 minutes')
     + (select count(*) from booking.phone_verifications
         where org_id = v_hold.org_id and phone = v_phone and not texted
           and created_at > now() - interval '10 minutes') >= 3 then
    return booking.json_error('OTP_RATE_LIMITED', 'Too many codes to this number; try again in a few minutes');
  end if;

  if booking.otp_phone_locked(v_hold.org_id, v_phone) then
    return booking.json_error('OTP_LOCKED', 'Too many wrong codes for this number; try again later');
  end if;
  -- A number that opted out gets the same answer: its code is queued like
  -- any other and recorded as suppressed (booking.enqueue_sms), so the
  -- answer does not tell that the number ever had the clinic's texts.

  -- The organization's hourly budget, under its own lock (never shared
  -- across organizations) so concurrent sends cannot overshoot it.
  perform pg_advisory_xact_lock(hashtextextended('booking.otp_budget:' || v_hold.org_id::text, 0));
  v_budget := coalesce((select otp_codes_per_hour from booking.sms_limits where org_id = v_hold.org_id), 60);
  if (select count(*) from booking.sms_outbox
       where org_id = v_hold.org_id and kind = 'otp' and created_at > now() - interval '1 hour')
     + (select count(*) from booking.phone_verifications
         where org_id = v_hold.org_id and not texted and created_at > now() - interval '1 hour') >= v_budget then
    if not exists (select from booking.sms_rate_limit_hits
                    where org_id = v_hold.org_id and created_at > now() - interval '1 minute') then
      insert into booking.sms_rate_limit_hits (org_id, limit_name, limit_value)
      values (v_hold.org_id, 'otp_codes_per_hour', v_budget);
    end if;
    return booking.json_error('SMS_RATE_LIMITED', 'The clinic sent its hourly number of codes; try again later');
  end if;

  v_code := booking.random_otp_code();
  update booking.appointment_holds
     set otp_hash = booking.otp_hash(v_code, v_hold.id),
         otp_send_count = otp_send_count + 1,
         otp_last_sent_at = now(),
         updated_at = now()
   where org_id = v_hold.org_id and id = v_hold.id;

  -- A code still waiting in the queue is stale now: do not send it.
  update booking.sms_outbox set status = 'canceled', updated_at = now()
   where org_id = v_hold.org_id and kind = 'otp' and call_id = v_hold.call_sid and status = 'pending';
  perform booking.enqueue_sms(v_hold.org_id, 'otp', v_phone,
    v_org.name || ': your confirmation code is ' || v_code || '. It expires in '
      || greatest(1, ceil(extract(epoch from v_hold.expires_at - now()) / 60))::integer || ' minutes.',
    null, v_hold.call_sid, v_hold.expires_at);
  return json_build_object('success', true, 'code_sent', true,
                           'expires_at', booking.to_iso8601_utc(v_hold.expires_at));
end;
$$;

--
-- Name: FUNCTION send_otp(p_hold_id uuid, p_patient_phone text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.send_otp(p_hold_id uuid, p_patient_phone text) IS 'Texts a new 4-digit one-time code for a hold.

Arguments: p_hold_id; p_patient_phone (optional; must be the number the hold was reserved for).
Answer: {"success": true, "code_sent": true, "expires_at"}. The code is never in an answer: only its keyed hash is stored, and the SMS (outbox kind otp) carries it; a resend replaces it.
Errors: HOLD_NOT_FOUND (also for another organization''s hold), HOLD_EXPIRED, HOLD_RELEASED, HOLD_ALREADY_CONFIRMED, OTP_LOCKED (5 wrong codes for the hold, or the number locked after 10 wrong codes a day), INVALID_PHONE, PHONE_MISMATCH, PHONE_NOT_ALLOWED (a country the clinic does not allow, a satellite/international-network, premium-rate or shared-cost number), OTP_SEND_LIMIT (3 per hold), OTP_CALL_PHONE_LIMIT (3 different numbers per call, phone verifications included), OTP_RATE_LIMITED (3 per number per 10 minutes, phone verifications included), SMS_RATE_LIMITED (the clinic''s hourly budget, default 60, see set_sms_limits; every phone verification counts). A number that opted out of the clinic''s SMS gets the same success answer, and its code is recorded as suppressed, not sent (the patient replies START to opt in again).';

--
-- Name: send_test_sms(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.send_test_sms(p_org_id uuid, p_to text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c_per_hour constant integer := 5;
  v_org booking.organizations%rowtype;
  v_phone text;
  v_refusal json;
  v_message_id uuid;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  v_phone := booking.normalize_phone(p_to, v_org.phone_region);
  if v_phone is null then
    return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
  end if;
  v_refusal := booking.sms_destination_refusal(p_org_id, v_phone);
  if v_refusal is not null then
    return v_refusal;
  end if;
  if booking.is_sms_opted_out(p_org_id, v_phone) then
    return booking.json_error('SMS_OPTED_OUT', 'This number opted out of the clinic''s SMS (it can text START)');
  end if;
  perform pg_advisory_xact_lock(hashtextextended('booking.test_sms:' || p_org_id::text, 0));
  if (select count(*) from booking.sms_outbox
       where org_id = p_org_id and kind = 'test_sms'
         and created_at > now() - interval '1 hour') >= c_per_hour then
    return booking.json_error('TEST_SMS_RATE_LIMITED',
      format('At most %s test messages an hour; try again later', c_per_hour));
  end if;
  v_message_id := booking.enqueue_sms(
    p_org_id, 'test_sms', v_phone,
    format('Test message from %s: the clinic''s text messages work.', v_org.name),
    p_expires_at => now() + interval '1 hour');
  return json_build_object('success', true, 'sms_message_id', v_message_id, 'to', v_phone);
end;
$$;

--
-- Name: FUNCTION send_test_sms(p_org_id uuid, p_to text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.send_test_sms(p_org_id uuid, p_to text) IS 'Settings (an owner or admin of the organization, or service_role): queues a test SMS from the clinic to a phone number, through the outbox like every message.

Arguments: p_org_id; p_to (the phone to text, read with the clinic''s phone region).
Answer: {"success": true, "sms_message_id" (kind test_sms, due now, not worth sending after an hour), "to" (E.164)}.
Errors: INVALID_ORGANIZATION, INVALID_PHONE, PHONE_NOT_ALLOWED (a number the clinic''s patient SMS may not go to: booking.sms_destination_refusal), SMS_OPTED_OUT, TEST_SMS_RATE_LIMITED (at most 5 per clinic in any hour). Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: set_appointment_attendance(uuid, uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_appointment_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.set_attendance(p_org_id, p_appointment_id, p_attendance, p_reason);
end;
$$;

--
-- Name: FUNCTION set_appointment_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_appointment_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text) IS 'Staff check a patient in (arrived) or record completed / no-show, and correct any of them later, past days included.

Arguments: p_org_id; p_appointment_id; p_attendance: arrived (checked in: from the appointment''s local day on), completed or no_show (once it has started), expected (the record cleared: awaited again, not checked in); p_reason (optional, at most 500 characters, kept in the history).
Answer: {"success": true, "appointment_id", "status", "arrived"}; each actual change is a history row (action checked_in, completed, no_show or attendance_cleared; actor staff with the member) and, when the status changes, the event appointment.<status>; repeating the current state changes nothing. A no-show is not checked in; checking in after a no-show or completed corrects it back to scheduled.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), INVALID_STATUS, INVALID_REASON, APPOINTMENT_CANCELLED, APPOINTMENT_NOT_TODAY, APPOINTMENT_NOT_STARTED. Raises 42501 when the caller acts for another organization.';

--
-- Name: set_appointment_outcome(uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_appointment_outcome(p_org_id uuid, p_appointment_id uuid, p_status text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_org_access(p_org_id);
  return (booking.set_attendance(p_org_id, p_appointment_id,
                                 case when p_status in ('completed', 'no_show') then p_status end,
                                 null)::jsonb - 'arrived')::json;
end;
$$;

--
-- Name: FUNCTION set_appointment_outcome(p_org_id uuid, p_appointment_id uuid, p_status text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_appointment_outcome(p_org_id uuid, p_appointment_id uuid, p_status text) IS 'Staff records an appointment''s outcome, completed or no_show, once it has started.

Arguments: p_org_id; p_appointment_id; p_status (completed or no_show; a correction between them is allowed).
Answer: {"success": true, "appointment_id", "status"}, with a history row and the event appointment.completed / appointment.no_show; idempotent.
Errors: APPOINTMENT_NOT_FOUND (also for another organization''s appointment), INVALID_STATUS, APPOINTMENT_CANCELLED, APPOINTMENT_NOT_STARTED. Raises 42501 when an authenticated caller acts for another organization.';

--
-- Name: set_booking_setting(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_booking_setting(p_name text, p_value text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_value text := nullif(btrim(p_value), '');
  v_wait interval;
begin
  perform booking.assert_service_role();
  if p_name is null or p_name not in ('lock_timeout', 'public_base_url', 'sms_body_retention_days',
      'phone_verification_retention_days', 'inbound_sms_retention_days',
      'expired_hold_retention_days', 'waitlist_retention_days', 'manage_link_days') then
    return booking.json_error('UNKNOWN_SETTING',
      'Known settings: lock_timeout, public_base_url, sms_body_retention_days, '
      'phone_verification_retention_days, inbound_sms_retention_days, expired_hold_retention_days, '
      'waitlist_retention_days, manage_link_days');
  end if;

  if v_value is not null and p_name = 'lock_timeout' then
    begin
      v_wait := v_value::interval;
    exception when invalid_datetime_format or datetime_field_overflow or interval_field_overflow then
      v_wait := null;
    end;
    if v_wait is null or v_wait < interval '1 millisecond' or v_wait > interval '1 minute' then
      return booking.json_error('INVALID_SETTING_VALUE',
        'lock_timeout is an interval from 1 millisecond to 1 minute, e.g. 1s');
    end if;
    v_value := floor(extract(epoch from v_wait) * 1000)::bigint::text || 'ms';
  elsif v_value is not null and p_name = 'manage_link_days' then
    if v_value !~ '^[0-9]{1,4}$' or v_value::integer not between 1 and 3650 then
      return booking.json_error('INVALID_SETTING_VALUE',
        'manage_link_days is a whole number of days from 1 to 3650, e.g. 30');
    end if;
    v_value := v_value::integer::text;
  elsif v_value is not null and p_name = 'public_base_url' then
    v_value := rtrim(v_value, '/');
    if v_value !~ '^https?://[^/[:space:]]+(/[^[:space:]]*)?$' or length(v_value) > 200 then
      return booking.json_error('INVALID_SETTING_VALUE',
        'public_base_url is an http:// or https:// URL of at most 200 characters');
    end if;
  elsif v_value is not null and p_name like '%\_retention\_days' then
    if v_value !~ '^[0-9]{1,4}$' or v_value::integer not between 1 and 3650 then
      return booking.json_error('INVALID_SETTING_VALUE',
        p_name || ' is a whole number of days from 1 to 3650');
    end if;
    v_value := v_value::integer::text;
  end if;

  if v_value is null then
    delete from booking.settings where name = p_name;
  else
    insert into booking.settings (name, value) values (p_name, v_value)
    on conflict (name) do update set value = excluded.value, updated_at = now();
  end if;
  return json_build_object('success', true, 'name', p_name, 'value', v_value);
end;
$_$;

--
-- Name: FUNCTION set_booking_setting(p_name text, p_value text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_booking_setting(p_name text, p_value text) IS 'Admin (service_role): sets a setting of the whole package (every organization).

Arguments: p_name (lock_timeout: the calendar-lock wait before BUSY_RETRY, an interval from 1 ms to 1 minute, default 3s, stored in ms; public_base_url: base of links in SMS, http(s), no trailing slash, default http://localhost:8000; sms_body_retention_days (default 30), phone_verification_retention_days (30), inbound_sms_retention_days (90), expired_hold_retention_days (30), waitlist_retention_days (90): how long public.purge_expired_data keeps each, whole days from 1 to 3650; manage_link_days: how long after its appointment ends a manage link still opens it, 1 to 3650 days, default 30); p_value (NULL restores the default). A session''s SET booking.<name> still overrides it.
Answer: {"success": true, "name", "value"} (value as stored: lock_timeout in milliseconds, e.g. "1000ms"; null for the default).
Errors: UNKNOWN_SETTING, INVALID_SETTING_VALUE. Raises 42501 for other callers.';

--
-- Name: set_calendar_settings(uuid, text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_calendar_settings(p_org_id uuid, p_calendar_id text, p_settings jsonb) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_admin record;
  v_calendar booking.calendars;
  v_known text[] := array['name', 'slot_interval_minutes', 'default_duration_minutes',
                          'buffer_before_minutes', 'buffer_after_minutes',
                          'min_notice_minutes', 'max_advance_days',
                          'cancel_notice_minutes', 'reschedule_notice_minutes'];
begin
  select * into v_admin from booking.admin_calendar(p_org_id, p_calendar_id);
  if v_admin.error is not null then
    return v_admin.error;
  end if;
  v_calendar := v_admin.calendar;
  if p_settings is null or jsonb_typeof(p_settings) <> 'object'
     or exists (select from jsonb_object_keys(p_settings) k where k <> all (v_known))
     or exists (select from jsonb_each(p_settings) e
                 where (e.key = 'name' and jsonb_typeof(e.value) <> 'string')
                    or (e.key <> 'name' and (jsonb_typeof(e.value) <> 'number'
                                             or (e.value #>> '{}') !~ '^[0-9]{1,7}$'))) then
    return booking.json_error('INVALID_SETTINGS',
      'Settings must be an object of ' || array_to_string(v_known, ', ') || ' with whole minutes/days');
  end if;

  update booking.calendars c set
    name = coalesce(p_settings ->> 'name', c.name),
    slot_interval_minutes = coalesce((p_settings ->> 'slot_interval_minutes')::integer, c.slot_interval_minutes),
    default_duration_minutes = coalesce((p_settings ->> 'default_duration_minutes')::integer, c.default_duration_minutes),
    buffer_before_minutes = coalesce((p_settings ->> 'buffer_before_minutes')::integer, c.buffer_before_minutes),
    buffer_after_minutes = coalesce((p_settings ->> 'buffer_after_minutes')::integer, c.buffer_after_minutes),
    min_notice_minutes = coalesce((p_settings ->> 'min_notice_minutes')::integer, c.min_notice_minutes),
    max_advance_days = coalesce((p_settings ->> 'max_advance_days')::integer, c.max_advance_days),
    cancel_notice_minutes = coalesce((p_settings ->> 'cancel_notice_minutes')::integer, c.cancel_notice_minutes),
    reschedule_notice_minutes = coalesce((p_settings ->> 'reschedule_notice_minutes')::integer,
                                         c.reschedule_notice_minutes)
  where c.org_id = p_org_id and c.calendar_id = v_calendar.calendar_id
  returning * into v_calendar;

  return json_build_object('success', true, 'calendar', json_build_object(
    'calendar_id', v_calendar.calendar_id, 'name', v_calendar.name,
    'slot_interval_minutes', v_calendar.slot_interval_minutes,
    'default_duration_minutes', v_calendar.default_duration_minutes,
    'buffer_before_minutes', v_calendar.buffer_before_minutes,
    'buffer_after_minutes', v_calendar.buffer_after_minutes,
    'min_notice_minutes', v_calendar.min_notice_minutes,
    'max_advance_days', v_calendar.max_advance_days,
    'cancel_notice_minutes', v_calendar.cancel_notice_minutes,
    'reschedule_notice_minutes', v_calendar.reschedule_notice_minutes));
exception
  when check_violation then
    return booking.json_error('INVALID_SETTINGS', 'A setting is out of range');
end;
$_$;

--
-- Name: FUNCTION set_calendar_settings(p_org_id uuid, p_calendar_id text, p_settings jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_calendar_settings(p_org_id uuid, p_calendar_id text, p_settings jsonb) IS 'Settings (an owner or admin of the organization, or service_role): updates a calendar''s rules.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_settings {"name", "slot_interval_minutes" (1-1440), "default_duration_minutes" (1-1440), "buffer_before_minutes", "buffer_after_minutes" (0-1440), "min_notice_minutes" (0-525600), "max_advance_days" (1-1095), "cancel_notice_minutes", "reschedule_notice_minutes" (0-525600, default 120: a patient may cancel / reschedule only up to this long before the start; staff always)}; absent keys are unchanged.
Answer: {"success": true, "calendar"}.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_SETTINGS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: set_caller_id_policy(uuid, text, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_caller_id_policy(p_org_id uuid, p_caller_id_policy text DEFAULT NULL::text, p_lookups_per_call integer DEFAULT NULL::integer, p_lookups_per_hour integer DEFAULT NULL::integer) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_policy booking.voice_caller_policies%rowtype;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_caller_id_policy is not null
     and p_caller_id_policy not in ('verify_changes', 'verify_all', 'trust_attested') then
    return booking.json_error('INVALID_CALLER_ID_POLICY',
      'Choose verify_changes, verify_all or trust_attested');
  end if;
  if p_lookups_per_call is not null and p_lookups_per_call not between 1 and 1000 then
    return booking.json_error('INVALID_LOOKUP_LIMIT', 'Give 1 to 1000 lookups per call');
  end if;
  if p_lookups_per_hour is not null and p_lookups_per_hour not between 1 and 100000 then
    return booking.json_error('INVALID_LOOKUP_LIMIT', 'Give 1 to 100000 lookups per hour');
  end if;
  v_policy := booking.voice_caller_policy(p_org_id);
  insert into booking.voice_caller_policies as p
         (org_id, caller_id_policy, lookups_per_call, lookups_per_hour)
  values (p_org_id, coalesce(p_caller_id_policy, v_policy.caller_id_policy),
          coalesce(p_lookups_per_call, v_policy.lookups_per_call),
          coalesce(p_lookups_per_hour, v_policy.lookups_per_hour))
  on conflict (org_id) do update
     set caller_id_policy = excluded.caller_id_policy, lookups_per_call = excluded.lookups_per_call,
         lookups_per_hour = excluded.lookups_per_hour, updated_at = now()
  returning * into v_policy;
  return json_build_object('success', true, 'org_id', p_org_id,
    'caller_id_policy', v_policy.caller_id_policy,
    'lookups_per_call', v_policy.lookups_per_call,
    'lookups_per_hour', v_policy.lookups_per_hour);
end;
$$;

--
-- Name: FUNCTION set_caller_id_policy(p_org_id uuid, p_caller_id_policy text, p_lookups_per_call integer, p_lookups_per_hour integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_caller_id_policy(p_org_id uuid, p_caller_id_policy text, p_lookups_per_call integer, p_lookups_per_hour integer) IS 'Settings (an owner or admin of the organization, or service_role): how far the voice agent trusts the caller id the platform passes, and the lookup limits.

Arguments: p_org_id; p_caller_id_policy (verify_changes, the default: a lookup by caller id says that and when the caller has appointments, cancel and reschedule need the texted code; verify_all: lookups need the code too; trust_attested: changes without a code only for a caller id the platform reports fully attested, STIR/SHAKEN A, else as verify_changes; NULL keeps the setting); p_lookups_per_call (1-1000, default 10; NULL keeps); p_lookups_per_hour (per clinic, 1-100000, default 300; NULL keeps).
Answer: {"success": true, "org_id", "caller_id_policy", "lookups_per_call", "lookups_per_hour"}.
Errors: INVALID_ORGANIZATION, INVALID_CALLER_ID_POLICY, INVALID_LOOKUP_LIMIT. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: set_clinic_profile(uuid, text, text, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_clinic_profile(p_org_id uuid, p_name text, p_contact_phone text, p_address text, p_timezone text, p_phone_region text, p_time_format text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
  -- An address typed on several lines reads as one: "12 Main St, Springfield".
  v_address text := nullif(btrim(regexp_replace(regexp_replace(p_address, '[[:space:]]*[\r\n]+[[:space:]]*', ', ', 'g'),
                                                '[[:space:]]+', ' ', 'g'), ' ,'), '');
  v_region text := upper(btrim(p_phone_region));
  v_time_format text := nullif(lower(btrim(p_time_format)), '');
  v_phone text;
  v_refusal json;
  v_org booking.organizations;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  v_refusal := booking.clinic_profile_refusal(v_name, p_timezone, v_region, p_contact_phone);
  if v_refusal is not null then
    return v_refusal;
  end if;
  v_phone := booking.normalize_phone(nullif(btrim(p_contact_phone), ''), v_region);
  if v_address is not null and (length(v_address) > 300 or v_address ~ '[[:cntrl:]]') then
    return booking.json_error('INVALID_ADDRESS', 'The address must be at most 300 characters');
  end if;
  if v_time_format is not null and v_time_format not in ('12h', '24h') then
    return booking.json_error('INVALID_TIME_FORMAT', 'The time format must be 12h, 24h or empty (from the phone region)');
  end if;

  update booking.organizations o
     set name = v_name, contact_phone = v_phone, address = v_address, timezone = p_timezone,
         phone_region = v_region, time_format = v_time_format
   where o.org_id = p_org_id
  returning * into v_org;
  return (jsonb_build_object('success', true) || booking.clinic_profile_json(v_org))::json;
end;
$$;

--
-- Name: FUNCTION set_clinic_profile(p_org_id uuid, p_name text, p_contact_phone text, p_address text, p_timezone text, p_phone_region text, p_time_format text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_clinic_profile(p_org_id uuid, p_name text, p_contact_phone text, p_address text, p_timezone text, p_phone_region text, p_time_format text) IS 'Settings (an owner or admin of the organization, or service_role): sets the clinic profile, every field at once.

Arguments: p_org_id; p_name (1-200 characters, white space collapsed); p_contact_phone (the number patients are told to call, read in p_phone_region; NULL or blank: none, patients get the voice agent''s or SMS sender''s number); p_address (at most 300 characters, lines joined with commas; NULL or blank: none); p_timezone (IANA, e.g. America/New_York); p_phone_region (ISO 3166, e.g. US or GB: reads numbers written without a country code, and sets the default clock); p_time_format (12h, 24h, or NULL/blank: from the phone region).
Answer: {"success": true, ...the profile as public.clinic_profile answers it}.
Errors: INVALID_ORGANIZATION, INVALID_NAME, INVALID_TIMEZONE, INVALID_REGION, INVALID_PHONE (not a valid number, or premium-rate/shared-cost), INVALID_ADDRESS, INVALID_TIME_FORMAT. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: set_date_override(uuid, text, date, jsonb, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_date_override(p_org_id uuid, p_calendar_id text, p_date date, p_hours jsonb DEFAULT '[]'::jsonb, p_note text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_admin record;
  v_calendar booking.calendars;
begin
  select * into v_admin from booking.admin_calendar(p_org_id, p_calendar_id);
  if v_admin.error is not null then
    return v_admin.error;
  end if;
  v_calendar := v_admin.calendar;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;

  delete from booking.calendar_date_overrides
   where org_id = p_org_id and calendar_id = v_calendar.calendar_id and on_date = p_date;
  insert into booking.calendar_date_overrides (org_id, calendar_id, on_date, note)
  values (p_org_id, v_calendar.calendar_id, p_date, left(p_note, 500));
  insert into booking.calendar_override_hours (org_id, calendar_id, on_date, opens_at, closes_at)
  select p_org_id, v_calendar.calendar_id, p_date, h.opens_at, h.closes_at
    from booking.parse_opening_hours(coalesce(p_hours, '[]'::jsonb)) h;
  return json_build_object('success', true, 'calendar_id', v_calendar.calendar_id, 'date', p_date);
exception
  when invalid_parameter_value or unique_violation then
    return booking.json_error('INVALID_HOURS', 'Hours must be non-overlapping ["HH:MM", "HH:MM"] intervals');
end;
$$;

--
-- Name: FUNCTION set_date_override(p_org_id uuid, p_calendar_id text, p_date date, p_hours jsonb, p_note text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_date_override(p_org_id uuid, p_calendar_id text, p_date date, p_hours jsonb, p_note text) IS 'Settings (an owner or admin of the organization, or service_role): sets the hours of one local date, replacing its weekly hours.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_date; p_hours ([] (default) closes the day, else [["HH:MM","HH:MM"], ...]); p_note (optional).
Answer: {"success": true, "calendar_id", "date"}; clear_date_override removes it.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_DATE, INVALID_HOURS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: set_integration_settings(uuid, text, text, text, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_integration_settings(p_org_id uuid, p_encryption_key text, p_twilio_account_sid text DEFAULT NULL::text, p_twilio_auth_token text DEFAULT NULL::text, p_twilio_from_number text DEFAULT NULL::text, p_twilio_messaging_service_sid text DEFAULT NULL::text, p_hot_lead_alert_phone text DEFAULT NULL::text, p_sms_help_reply text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_org booking.organizations%rowtype;
  v_stored booking.integration_settings%rowtype;
  v_account_sid text := nullif(btrim(p_twilio_account_sid), '');
  v_token text := nullif(btrim(p_twilio_auth_token), '');
  v_service_sid text := nullif(btrim(p_twilio_messaging_service_sid), '');
  v_from text;
  v_alert text;
  v_help text := nullif(btrim(p_sms_help_reply), '');
  v_token_encrypted bytea;
begin
  perform booking.assert_org_role(p_org_id, 'admin');

  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  select * into v_stored from booking.integration_settings where org_id = p_org_id;

  if v_account_sid is not null then
    if v_account_sid !~ '^AC[0-9a-f]{32}$' then
      return booking.json_error('INVALID_ACCOUNT_SID', 'The Twilio account SID must be AC followed by 32 hex digits');
    end if;
    if nullif(btrim(p_twilio_from_number), '') is not null then
      v_from := booking.normalize_phone(p_twilio_from_number, v_org.phone_region);
      if v_from is null then
        return booking.json_error('INVALID_FROM_NUMBER', 'The Twilio sender number is not a valid phone number');
      end if;
    end if;
    if v_service_sid is not null and v_service_sid !~ '^MG[0-9a-f]{32}$' then
      return booking.json_error('INVALID_MESSAGING_SERVICE_SID', 'The messaging service SID must be MG followed by 32 hex digits');
    end if;
    if v_from is null and v_service_sid is null then
      return booking.json_error('MISSING_SENDER', 'Give a sender number or a messaging service');
    end if;
    if v_token is not null then
      if length(v_token) > 256 then
        return booking.json_error('INVALID_AUTH_TOKEN', 'The auth token is too long');
      end if;
      if nullif(p_encryption_key, '') is null then
        raise exception 'no encryption key given to store the auth token'
          using errcode = 'BKKEY', hint = 'Pass SETTINGS_ENCRYPTION_KEY.';
      end if;
      v_token_encrypted := extensions.pgp_sym_encrypt(v_token, p_encryption_key, 'cipher-algo=aes256');
    elsif v_stored.twilio_account_sid = v_account_sid then
      -- Keep the stored token, but only with the key it was stored with.
      perform booking.decrypt_setting(v_stored.twilio_auth_token_encrypted, p_encryption_key);
      v_token_encrypted := v_stored.twilio_auth_token_encrypted;
    else
      return booking.json_error('INVALID_AUTH_TOKEN', 'Give the auth token of the Twilio account');
    end if;
  end if;

  if nullif(btrim(p_hot_lead_alert_phone), '') is not null then
    v_alert := booking.normalize_phone(p_hot_lead_alert_phone, v_org.phone_region);
    if v_alert is null then
      return booking.json_error('INVALID_ALERT_PHONE', 'The hot-lead alert phone is not a valid phone number');
    end if;
  end if;
  if v_help is not null and (length(v_help) > 320 or v_help ~ '[[:cntrl:]]') then
    return booking.json_error('INVALID_HELP_REPLY', 'The HELP reply must be 1 to 320 characters');
  end if;

  insert into booking.integration_settings as s (
    org_id, twilio_account_sid, twilio_auth_token_encrypted, twilio_from_number,
    twilio_messaging_service_sid, hot_lead_alert_phone, sms_help_reply)
  values (p_org_id, v_account_sid, v_token_encrypted, v_from,
          case when v_account_sid is not null then v_service_sid end, v_alert, v_help)
  on conflict (org_id) do update
     set twilio_account_sid = excluded.twilio_account_sid,
         twilio_auth_token_encrypted = excluded.twilio_auth_token_encrypted,
         twilio_from_number = excluded.twilio_from_number,
         twilio_messaging_service_sid = excluded.twilio_messaging_service_sid,
         hot_lead_alert_phone = excluded.hot_lead_alert_phone,
         sms_help_reply = excluded.sms_help_reply,
         updated_at = now();

  return json_build_object('success', true, 'org_id', p_org_id,
                           'twilio_configured', v_account_sid is not null);
end;
$_$;

--
-- Name: FUNCTION set_integration_settings(p_org_id uuid, p_encryption_key text, p_twilio_account_sid text, p_twilio_auth_token text, p_twilio_from_number text, p_twilio_messaging_service_sid text, p_hot_lead_alert_phone text, p_sms_help_reply text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_integration_settings(p_org_id uuid, p_encryption_key text, p_twilio_account_sid text, p_twilio_auth_token text, p_twilio_from_number text, p_twilio_messaging_service_sid text, p_hot_lead_alert_phone text, p_sms_help_reply text) IS 'Settings (an owner or admin of the organization, or service_role): replaces an organization''s integration settings (Twilio, hot-lead alert phone, SMS help text).

Arguments: p_org_id; p_encryption_key (SETTINGS_ENCRYPTION_KEY; not stored); p_twilio_account_sid (AC...; NULL removes Twilio); p_twilio_auth_token (stored encrypted; NULL keeps the stored one for the same account); p_twilio_from_number; p_twilio_messaging_service_sid (MG...); p_hot_lead_alert_phone; p_sms_help_reply.
Answer: {"success": true, "org_id", "twilio_configured"}.
Errors: INVALID_ORGANIZATION, INVALID_ACCOUNT_SID, INVALID_AUTH_TOKEN, INVALID_FROM_NUMBER, INVALID_MESSAGING_SERVICE_SID, MISSING_SENDER, INVALID_ALERT_PHONE, INVALID_HELP_REPLY. Raises BKKEY for a missing or wrong key, 42501 for other callers (front desk and other clinics included).';

--
-- Name: set_lead_scoring(uuid, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_lead_scoring(p_org_id uuid, p_settings jsonb) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_known text[] := array['threshold', 'weight_booked', 'weight_long_call', 'long_call_seconds',
                          'weight_new_contact', 'weight_high_value_service', 'high_value_cents',
                          'weight_positive_analysis'];
  v_row booking.lead_scoring_settings%rowtype;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_settings is null or jsonb_typeof(p_settings) <> 'object'
     or exists (select from jsonb_object_keys(p_settings) k where k <> all (v_known))
     or exists (select from jsonb_each(p_settings) e
                 where jsonb_typeof(e.value) <> 'number' or (e.value #>> '{}') !~ '^[0-9]{1,9}$') then
    return booking.json_error('INVALID_SETTINGS', 'Settings must be whole numbers for ' || array_to_string(v_known, ', '));
  end if;

  insert into booking.lead_scoring_settings as s (org_id) values (p_org_id) on conflict (org_id) do nothing;
  update booking.lead_scoring_settings s set
    threshold = coalesce((p_settings ->> 'threshold')::integer, s.threshold),
    weight_booked = coalesce((p_settings ->> 'weight_booked')::integer, s.weight_booked),
    weight_long_call = coalesce((p_settings ->> 'weight_long_call')::integer, s.weight_long_call),
    long_call_seconds = coalesce((p_settings ->> 'long_call_seconds')::integer, s.long_call_seconds),
    weight_new_contact = coalesce((p_settings ->> 'weight_new_contact')::integer, s.weight_new_contact),
    weight_high_value_service = coalesce((p_settings ->> 'weight_high_value_service')::integer, s.weight_high_value_service),
    high_value_cents = coalesce((p_settings ->> 'high_value_cents')::integer, s.high_value_cents),
    weight_positive_analysis = coalesce((p_settings ->> 'weight_positive_analysis')::integer, s.weight_positive_analysis),
    updated_at = now()
  where s.org_id = p_org_id
  returning * into v_row;
  return json_build_object('success', true, 'settings', to_jsonb(v_row) - 'org_id' - 'updated_at');
exception
  when check_violation then
    return booking.json_error('INVALID_SETTINGS', 'Weights and the threshold are 0-100');
end;
$_$;

--
-- Name: FUNCTION set_lead_scoring(p_org_id uuid, p_settings jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_lead_scoring(p_org_id uuid, p_settings jsonb) IS 'Settings (an owner or admin of the organization, or service_role): sets an organization''s lead-scoring weights and threshold.

Arguments: p_org_id; p_settings {"threshold", "weight_booked", "weight_long_call", "long_call_seconds", "weight_new_contact", "weight_high_value_service", "high_value_cents", "weight_positive_analysis"} (whole numbers; weights and threshold 0-100); absent keys are unchanged.
Answer: {"success": true, "settings"}.
Errors: INVALID_ORGANIZATION, INVALID_SETTINGS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: set_reminder_offsets(uuid, integer[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_reminder_offsets(p_org_id uuid, p_offsets_minutes integer[]) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_offsets integer[];
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_offsets_minutes is null or array_position(p_offsets_minutes, null) is not null
     or coalesce(array_ndims(p_offsets_minutes), 1) <> 1
     or cardinality(p_offsets_minutes) <> (select count(distinct o) from unnest(p_offsets_minutes) o) then
    return booking.json_error('INVALID_SETTINGS', 'Offsets are distinct whole minutes, at most 5, each 1 to 43200');
  end if;
  select coalesce(array_agg(o order by o desc), '{}') into v_offsets from unnest(p_offsets_minutes) o;
  update booking.organizations set reminder_offsets_minutes = v_offsets where org_id = p_org_id;
  return json_build_object('success', true, 'reminder_offsets_minutes', v_offsets);
exception
  when check_violation then
    return booking.json_error('INVALID_SETTINGS', 'Offsets are distinct whole minutes, at most 5, each 1 to 43200');
end;
$$;

--
-- Name: FUNCTION set_reminder_offsets(p_org_id uuid, p_offsets_minutes integer[]); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_reminder_offsets(p_org_id uuid, p_offsets_minutes integer[]) IS 'Settings (an owner or admin of the organization, or service_role): when an organization''s reminder SMS are due.

Arguments: p_org_id; p_offsets_minutes (minutes before the start, elapsed time, e.g. {1440, 120}; default {1440}; {} for none; at most 5 distinct offsets of 1-43200).
Answer: {"success": true, "reminder_offsets_minutes"}; applies to appointments booked or rescheduled afterwards.
Errors: INVALID_ORGANIZATION, INVALID_SETTINGS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: set_sms_limits(uuid, integer[], integer, integer, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_sms_limits(p_org_id uuid, p_allowed_calling_codes integer[] DEFAULT NULL::integer[], p_otp_codes_per_hour integer DEFAULT NULL::integer, p_recipient_sms_per_hour integer DEFAULT NULL::integer, p_recipient_sms_per_day integer DEFAULT NULL::integer, p_auto_replies_per_hour integer DEFAULT NULL::integer) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_codes integer[];
  v_limits booking.sms_limits%rowtype;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_allowed_calling_codes is not null then
    select array_agg(distinct c order by c) into v_codes from unnest(p_allowed_calling_codes) c;
    if v_codes is null or cardinality(v_codes) > 50
       or array_position(p_allowed_calling_codes, null) is not null
       or exists (select from unnest(v_codes) c
                   where not exists (select from booking.phone_calling_codes k
                                      where k.calling_code = c and k.main_region is not null)) then
      return booking.json_error('INVALID_CALLING_CODES',
        'Give 1 to 50 country calling codes of regions (e.g. {1} or {44, 353})');
    end if;
  end if;
  if p_otp_codes_per_hour is not null and p_otp_codes_per_hour not between 0 and 100000 then
    return booking.json_error('INVALID_OTP_CODES_PER_HOUR', 'Give 0 to 100000 codes per hour');
  end if;
  if p_recipient_sms_per_hour is not null and p_recipient_sms_per_hour not between 1 and 1000 then
    return booking.json_error('INVALID_RECIPIENT_SMS_PER_HOUR', 'Give 1 to 1000 messages per number an hour');
  end if;
  if p_recipient_sms_per_day is not null and p_recipient_sms_per_day not between 1 and 10000 then
    return booking.json_error('INVALID_RECIPIENT_SMS_PER_DAY', 'Give 1 to 10000 messages per number a day');
  end if;
  if p_auto_replies_per_hour is not null and p_auto_replies_per_hour not between 0 and 1000 then
    return booking.json_error('INVALID_AUTO_REPLIES_PER_HOUR', 'Give 0 to 1000 automatic replies per number an hour');
  end if;

  insert into booking.sms_limits as l (org_id, allowed_calling_codes, otp_codes_per_hour,
                                       recipient_sms_per_hour, recipient_sms_per_day, auto_replies_per_hour)
  values (p_org_id, v_codes, coalesce(p_otp_codes_per_hour, 60), coalesce(p_recipient_sms_per_hour, 6),
          coalesce(p_recipient_sms_per_day, 15), coalesce(p_auto_replies_per_hour, 4))
  on conflict (org_id) do update
     set allowed_calling_codes = coalesce(v_codes, l.allowed_calling_codes),
         otp_codes_per_hour = coalesce(p_otp_codes_per_hour, l.otp_codes_per_hour),
         recipient_sms_per_hour = coalesce(p_recipient_sms_per_hour, l.recipient_sms_per_hour),
         recipient_sms_per_day = coalesce(p_recipient_sms_per_day, l.recipient_sms_per_day),
         auto_replies_per_hour = coalesce(p_auto_replies_per_hour, l.auto_replies_per_hour),
         updated_at = now()
  returning * into v_limits;

  return json_build_object('success', true, 'org_id', p_org_id,
    'allowed_calling_codes', coalesce(v_limits.allowed_calling_codes,
      array[(select r.calling_code from booking.organizations o
               join booking.phone_regions r on r.region = o.phone_region
              where o.org_id = p_org_id)]),
    'otp_codes_per_hour', v_limits.otp_codes_per_hour,
    'recipient_sms_per_hour', v_limits.recipient_sms_per_hour,
    'recipient_sms_per_day', v_limits.recipient_sms_per_day,
    'auto_replies_per_hour', v_limits.auto_replies_per_hour);
end;
$$;

--
-- Name: FUNCTION set_sms_limits(p_org_id uuid, p_allowed_calling_codes integer[], p_otp_codes_per_hour integer, p_recipient_sms_per_hour integer, p_recipient_sms_per_day integer, p_auto_replies_per_hour integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_sms_limits(p_org_id uuid, p_allowed_calling_codes integer[], p_otp_codes_per_hour integer, p_recipient_sms_per_hour integer, p_recipient_sms_per_day integer, p_auto_replies_per_hour integer) IS 'Settings (an owner or admin of the organization, or service_role): sets an organization''s abuse limits on patient SMS.

Arguments: p_org_id; p_allowed_calling_codes (1 to 50 country calling codes patient SMS may go to, e.g. {1} or {44, 353}; NULL keeps the setting, default the phone region''s code; non-geographic codes refused); p_otp_codes_per_hour (0-100000; NULL keeps the setting, default 60); p_recipient_sms_per_hour (1-1000, default 6) and p_recipient_sms_per_day (1-10000, default 15): patient SMS one number may receive from the clinic in any hour / day, beyond which a message is recorded suppressed (RECIPIENT_RATE_LIMITED) and an sms.rate_limited event raised (one-time codes and hot-lead alerts not counted); p_auto_replies_per_hour (0-1000, default 4): automatic replies to one sender in any hour; NULL keeps each setting. Premium-rate and shared-cost numbers are refused in every country whatever is set.
Answer: {"success": true, "org_id", "allowed_calling_codes", "otp_codes_per_hour", "recipient_sms_per_hour", "recipient_sms_per_day", "auto_replies_per_hour"}.
Errors: INVALID_ORGANIZATION, INVALID_CALLING_CODES, INVALID_OTP_CODES_PER_HOUR, INVALID_RECIPIENT_SMS_PER_HOUR, INVALID_RECIPIENT_SMS_PER_DAY, INVALID_AUTO_REPLIES_PER_HOUR. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: set_staff_member_disabled(uuid, uuid, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_staff_member_disabled(p_org_id uuid, p_account_id uuid, p_disabled boolean) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_caller_role text := booking.assert_can_manage_staff(p_org_id);
  v_refusal text;
  v_sessions_revoked boolean := false;
begin
  if p_disabled is null then
    raise exception 'p_disabled must be true or false' using errcode = '22004';
  end if;
  v_refusal := booking.staff_change_refusal(p_org_id, p_account_id, v_caller_role, null, p_disabled);
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The member cannot be changed');
  end if;
  update booking.memberships
     set disabled_at = case when p_disabled then coalesce(disabled_at, now()) end, updated_at = now()
   where org_id = p_org_id and account_id = p_account_id
     and (disabled_at is not null) is distinct from p_disabled;
  if p_disabled and not exists (select from booking.memberships
                                 where account_id = p_account_id and disabled_at is null) then
    update booking.staff_refresh_tokens set revoked_at = now()
     where account_id = p_account_id and revoked_at is null;
    v_sessions_revoked := true;
  end if;
  return json_build_object('success', true, 'org_id', p_org_id, 'account_id', p_account_id,
                           'disabled', p_disabled, 'sessions_revoked', v_sessions_revoked);
end;
$$;

--
-- Name: FUNCTION set_staff_member_disabled(p_org_id uuid, p_account_id uuid, p_disabled boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_staff_member_disabled(p_org_id uuid, p_account_id uuid, p_disabled boolean) IS 'Owner/admin: disables or re-enables a staff member in the organization.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id; an admin may not disable or enable an owner.
Arguments: p_org_id; p_account_id (the member); p_disabled (true: disable, false: enable).
Answer: {"success": true, "org_id", "account_id", "disabled", "sessions_revoked"}: a disabled membership is left out of the account''s next staff_refresh; when it was the account''s last active membership, its refresh tokens are revoked (sessions_revoked true).
Errors: UNKNOWN_MEMBER (no membership in this organization; also for an unknown organization), NOT_ALLOWED (an admin and an owner), LAST_OWNER (disabling the last active owner). Raises 22004 for a NULL p_disabled, 42501 for other callers (front desk, members of other organizations, anon).';

--
-- Name: set_staff_role(uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_staff_role(p_org_id uuid, p_account_id uuid, p_role text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_caller_role text := booking.assert_can_manage_staff(p_org_id);
  v_refusal text;
begin
  if p_role is null or p_role not in ('owner', 'admin', 'front_desk') then
    return booking.json_error('INVALID_ROLE', 'The role must be owner, admin or front_desk');
  end if;
  v_refusal := booking.staff_change_refusal(p_org_id, p_account_id, v_caller_role, p_role, false);
  if v_refusal is not null then
    return booking.json_error(v_refusal, 'The role cannot be changed');
  end if;
  update booking.memberships set role = p_role, updated_at = now()
   where org_id = p_org_id and account_id = p_account_id and role <> p_role;
  return json_build_object('success', true, 'org_id', p_org_id, 'account_id', p_account_id, 'role', p_role);
end;
$$;

--
-- Name: FUNCTION set_staff_role(p_org_id uuid, p_account_id uuid, p_role text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_staff_role(p_org_id uuid, p_account_id uuid, p_role text) IS 'Owner/admin: changes a staff member''s role in the organization.

Caller: service_role, or an account (JWT sub) that is an active owner or admin of p_org_id; an admin may neither make an owner nor change an owner''s role.
Arguments: p_org_id; p_account_id (the member); p_role (owner, admin, front_desk).
Answer: {"success": true, "org_id", "account_id", "role"}; the member''s next refresh answers the new role.
Errors: INVALID_ROLE, UNKNOWN_MEMBER (no membership in this organization; also for an unknown organization), NOT_ALLOWED (an admin and an owner), LAST_OWNER (the organization would have no active owner). Raises 42501 for other callers (front desk, members of other organizations, anon).';

--
-- Name: set_voice_agent(uuid, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_voice_agent(p_org_id uuid, p_secret text, p_assistant_id text DEFAULT NULL::text, p_phone_number text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_region text;
  v_phone text;
  v_digest bytea := extensions.digest(convert_to(coalesce(p_secret, ''), 'UTF8'), 'sha256');
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  select phone_region into v_region from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_secret is null or length(p_secret) < 32 or length(p_secret) > 512 then
    return booking.json_error('WEAK_SECRET', 'The secret must be 32 to 512 characters');
  end if;
  if nullif(btrim(p_phone_number), '') is not null then
    v_phone := booking.normalize_phone(p_phone_number, v_region);
    if v_phone is null then
      return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    end if;
  end if;
  if exists (select from booking.voice_agents where secret_sha256 = v_digest and org_id <> p_org_id) then
    return booking.json_error('SECRET_IN_USE', 'Choose another secret');
  end if;
  insert into booking.voice_agents as v (org_id, secret_sha256, assistant_id, phone_number)
  values (p_org_id, v_digest, nullif(btrim(p_assistant_id), ''), v_phone)
  on conflict (org_id) do update
     set secret_sha256 = excluded.secret_sha256, assistant_id = excluded.assistant_id,
         phone_number = excluded.phone_number, updated_at = now();
  return json_build_object('success', true, 'org_id', p_org_id);
end;
$$;

--
-- Name: FUNCTION set_voice_agent(p_org_id uuid, p_secret text, p_assistant_id text, p_phone_number text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_voice_agent(p_org_id uuid, p_secret text, p_assistant_id text, p_phone_number text) IS 'Settings (an owner or admin of the organization, or service_role): sets an organization''s voice-agent webhook secret, assistant id and called number.

Arguments: p_org_id; p_secret (32-512 characters, stored as SHA-256); p_assistant_id (optional); p_phone_number (optional, the number patients call).
Answer: {"success": true, "org_id"}.
Errors: INVALID_ORGANIZATION, WEAK_SECRET, INVALID_PHONE, SECRET_IN_USE. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: set_waitlist_settings(uuid, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_waitlist_settings(p_org_id uuid, p_settings jsonb) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_settings booking.waitlist_settings := booking.waitlist_config(p_org_id);
  v_key text;
  v_value jsonb;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_settings is null or jsonb_typeof(p_settings) <> 'object' then
    return booking.json_error('INVALID_SETTINGS', 'The settings must be a JSON object');
  end if;
  for v_key, v_value in select * from jsonb_each(p_settings) loop
    if v_key = 'enabled' and jsonb_typeof(v_value) = 'boolean' then
      v_settings.enabled := v_value::boolean;
    elsif v_key = 'batch_size' and jsonb_typeof(v_value) = 'number' and v_value::numeric between 1 and 50
          and v_value::numeric = trunc(v_value::numeric) then
      v_settings.batch_size := v_value::integer;
    elsif v_key = 'offer_minutes' and jsonb_typeof(v_value) = 'number' and v_value::numeric between 5 and 240
          and v_value::numeric = trunc(v_value::numeric) then
      v_settings.offer_minutes := v_value::integer;
    elsif v_key in ('quiet_start', 'quiet_end') and jsonb_typeof(v_value) = 'string'
          and v_value #>> '{}' ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' then
      if v_key = 'quiet_start' then
        v_settings.quiet_start := (v_value #>> '{}')::time;
      else
        v_settings.quiet_end := (v_value #>> '{}')::time;
      end if;
    else
      return (booking.json_error('INVALID_SETTINGS', case v_key
          when 'enabled' then 'enabled must be true or false'
          when 'batch_size' then 'batch_size must be a whole number from 1 to 50'
          when 'offer_minutes' then 'offer_minutes must be a whole number from 5 to 240'
          when 'quiet_start' then 'quiet_start must be a time HH:MM'
          when 'quiet_end' then 'quiet_end must be a time HH:MM'
          else 'Unknown setting' end)::jsonb || jsonb_build_object('field', v_key))::json;
    end if;
  end loop;

  insert into booking.waitlist_settings (org_id, enabled, batch_size, offer_minutes, quiet_start, quiet_end)
  values (p_org_id, v_settings.enabled, v_settings.batch_size, v_settings.offer_minutes,
          v_settings.quiet_start, v_settings.quiet_end)
  on conflict (org_id) do update
    set enabled = excluded.enabled, batch_size = excluded.batch_size, offer_minutes = excluded.offer_minutes,
        quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, updated_at = now();
  return json_build_object('success', true, 'settings', booking.waitlist_settings_json(v_settings));
end;
$_$;

--
-- Name: FUNCTION set_waitlist_settings(p_org_id uuid, p_settings jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_waitlist_settings(p_org_id uuid, p_settings jsonb) IS 'Sets the clinic''s waitlist (owners and admins, service_role).

Arguments: p_org_id; p_settings, a JSON object of any of: enabled (true/false; default false: the waitlist is off until an owner or admin turns it on), batch_size (offers per batch, 1-50, default 3), offer_minutes (how long an offer stays open before the next batch goes out, 5-240, default 15), quiet_start and quiet_end ("HH:MM" on the clinic''s clock, default 20:00 and 08:00: no offer is sent between them, across midnight when quiet_start is later; equal times: no quiet hours). Keys left out keep their value.
Answer: {"success": true, "settings": {"enabled", "batch_size", "offer_minutes", "quiet_start", "quiet_end"}}. Turning the waitlist off stops new offers; offers already sent can still be claimed until they end.
Errors: INVALID_SETTINGS with "field" (an unknown key or a value out of range), INVALID_ORGANIZATION. Raises 42501 for front-desk members and non-members.';

--
-- Name: set_weekly_hours(uuid, text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_weekly_hours(p_org_id uuid, p_calendar_id text, p_hours jsonb) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_admin record;
  v_calendar booking.calendars;
  v_day record;
  v_weekday smallint;
begin
  select * into v_admin from booking.admin_calendar(p_org_id, p_calendar_id);
  if v_admin.error is not null then
    return v_admin.error;
  end if;
  v_calendar := v_admin.calendar;
  if p_hours is null or jsonb_typeof(p_hours) <> 'object' then
    return booking.json_error('INVALID_HOURS', 'Hours must be an object such as {"mon": [["09:00", "17:00"]]}');
  end if;

  delete from booking.calendar_weekly_hours
   where org_id = p_org_id and calendar_id = v_calendar.calendar_id;
  for v_day in select key, value from jsonb_each(p_hours) loop
    v_weekday := case lower(v_day.key)
      when 'mon' then 1 when 'monday' then 1 when 'tue' then 2 when 'tuesday' then 2
      when 'wed' then 3 when 'wednesday' then 3 when 'thu' then 4 when 'thursday' then 4
      when 'fri' then 5 when 'friday' then 5 when 'sat' then 6 when 'saturday' then 6
      when 'sun' then 7 when 'sunday' then 7 end;
    if v_weekday is null then
      raise exception 'unknown day %', v_day.key using errcode = '22023';
    end if;
    insert into booking.calendar_weekly_hours (org_id, calendar_id, iso_weekday, opens_at, closes_at)
    select p_org_id, v_calendar.calendar_id, v_weekday, h.opens_at, h.closes_at
      from booking.parse_opening_hours(v_day.value) h;
  end loop;
  return json_build_object('success', true, 'calendar_id', v_calendar.calendar_id);
exception
  when invalid_parameter_value or unique_violation then
    return booking.json_error('INVALID_HOURS', 'Hours must map mon..sun to non-overlapping ["HH:MM", "HH:MM"] intervals');
end;
$$;

--
-- Name: FUNCTION set_weekly_hours(p_org_id uuid, p_calendar_id text, p_hours jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_weekly_hours(p_org_id uuid, p_calendar_id text, p_hours jsonb) IS 'Settings (an owner or admin of the organization, or service_role): replaces a calendar''s weekly hours.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_hours {"mon": [["09:00","12:00"],["13:00","17:00"]], ...} in the organization''s local time (days mon..sun or monday..sunday; absent days are closed).
Answer: {"success": true, "calendar_id"}.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_HOURS. Raises 22023 for an unknown day name, 42501 for other callers (front desk and other clinics included).';

--
-- Name: sign_out_access_token(text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.sign_out_access_token(p_access_token text, p_expires_at timestamp with time zone) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform booking.assert_service_role();
  if p_access_token is null or p_expires_at is null then
    return booking.json_error('INVALID_TOKEN', 'An access token and its expiry are required');
  end if;
  delete from booking.signed_out_access_tokens t where t.expires_at < now();
  if p_expires_at > now() then
    insert into booking.signed_out_access_tokens (token_hash, expires_at)
    values (booking.staff_token_hash(p_access_token), p_expires_at)
    on conflict (token_hash) do nothing;
  end if;
  return json_build_object('success', true);
end;
$$;

--
-- Name: FUNCTION sign_out_access_token(p_access_token text, p_expires_at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.sign_out_access_token(p_access_token text, p_expires_at timestamp with time zone) IS 'Service (service_role): an access token signed out before it expires is refused from now on.

Arguments: p_access_token (as the browser held it; only its SHA-256 is kept); p_expires_at (its exp: the digest is kept until then).
Answer: {"success": true} (also when it was signed out already or has expired).
Errors: INVALID_TOKEN (a NULL argument). Raises 42501 for other callers.';

--
-- Name: sms_delivery_status; Type: VIEW; Schema: booking; Owner: -
--

CREATE VIEW booking.sms_delivery_status WITH (security_invoker='true') AS
 SELECT o.org_id,
    o.kind,
    o.status,
    count(*) AS count
   FROM booking.sms_outbox o
  WHERE (o.created_at > (now() - '24:00:00'::interval))
  GROUP BY o.org_id, o.kind, o.status;

--
-- Name: VIEW sms_delivery_status; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON VIEW booking.sms_delivery_status IS 'Per organization, kind (confirmation, otp, hot_lead_alert) and status: SMS created in the last 24 hours.';

--
-- Name: sms_delivery_status(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.sms_delivery_status(p_org_id uuid DEFAULT NULL::uuid) RETURNS SETOF booking.sms_delivery_status
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select * from booking.sms_delivery_status s
   where p_org_id is null or s.org_id = p_org_id
   order by s.org_id, s.kind, s.status;
$$;

--
-- Name: FUNCTION sms_delivery_status(p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.sms_delivery_status(p_org_id uuid) IS 'Monitoring: SMS of the last 24 hours counted per kind and status.

Arguments: p_org_id (optional filter).
Answer: rows of booking.sms_delivery_status (org_id, kind, status, count).
Errors: none; members see only their own organization (RLS).';

--
-- Name: sms_inbox(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.sms_inbox(p_org_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c_conversations constant integer := 100;
  v_org booking.organizations;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  return json_build_object(
    'success', true,
    'unread_total', (select count(*) from booking.inbound_sms_texts u
                      where u.org_id = p_org_id and u.read_at is null),
    'conversations', coalesce((
      select json_agg(json_build_object(
               'text_id', last.id,
               'patient_name', ct.name,
               'phone_display', booking.phone_display(last.sender, v_org.phone_region),
               'last_body', last.body,
               'last_local', booking.format_local_time(p_org_id, last.received_at),
               'unread', (select count(*) from booking.inbound_sms_texts u
                           where u.org_id = p_org_id and u.sender = last.sender and u.read_at is null))
             order by last.received_at desc, last.id)
        from (select * from (select distinct on (t.sender) t.id, t.sender, t.body, t.received_at
                               from booking.inbound_sms_texts t
                              where t.org_id = p_org_id
                              order by t.sender, t.received_at desc, t.id) latest
               order by latest.received_at desc, latest.id
               limit c_conversations) last
        left join booking.contacts ct on ct.org_id = p_org_id and ct.phone = last.sender), '[]'::json));
end;
$$;

--
-- Name: FUNCTION sms_inbox(p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.sms_inbox(p_org_id uuid) IS 'Staff (any member, front desk included): the clinic''s messages inbox, one conversation per number that texted it, newest first.

Arguments: p_org_id.
Answer: {"success": true, "unread_total" (the clinic''s unread texts), "conversations": [{"text_id" (the latest text: public.sms_thread opens the conversation by it), "patient_name" (the clinic''s patient with that number, or NULL), "phone_display" (the number as the clinic''s patients read it), "last_body", "last_local" (its time on the clinic''s clock), "unread"}]} (at most 100 conversations).
Errors: INVALID_ORGANIZATION. Raises 42501 when an authenticated caller asks for another organization.';

--
-- Name: sms_thread(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.sms_thread(p_org_id uuid, p_text_id uuid) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_sender text;
  v_latest uuid;
begin
  perform booking.assert_org_access(p_org_id);
  select t.sender into v_sender from booking.inbound_sms_texts t
   where t.org_id = p_org_id and t.id = p_text_id;
  if not found then
    return booking.json_error('TEXT_NOT_FOUND', 'There is no such text');
  end if;
  select * into v_org from booking.organizations where org_id = p_org_id;
  update booking.inbound_sms_texts set read_at = now()
   where org_id = p_org_id and sender = v_sender and read_at is null;
  select t.id into v_latest from booking.inbound_sms_texts t
   where t.org_id = p_org_id and t.sender = v_sender
   order by t.received_at desc, t.id limit 1;
  return json_build_object(
    'success', true,
    'text_id', v_latest,
    'patient_name', (select ct.name from booking.contacts ct where ct.org_id = p_org_id and ct.phone = v_sender),
    'contact_id', (select ct.id from booking.contacts ct where ct.org_id = p_org_id and ct.phone = v_sender),
    'phone_display', booking.phone_display(v_sender, v_org.phone_region),
    'messages', coalesce((
      select json_agg(json_build_object(
               'direction', m.direction,
               'kind', m.kind,
               'body', m.body,
               'status', m.status,
               'local_text', booking.format_local_time(p_org_id, m.at),
               'staff_email', m.staff_email) order by m.at, m.direction, m.id)
        from (select 'in' as direction, null::text as kind, t.body, null::text as status,
                     t.received_at as at, t.id, null::text as staff_email
                from booking.inbound_sms_texts t
               where t.org_id = p_org_id and t.sender = v_sender
              union all
              select 'out', o.kind, case when o.kind = 'otp' then null else o.body end,
                     booking.sms_delivery_word(o.status), o.created_at, o.id, sa.email
                from booking.sms_outbox o
                left join booking.staff_accounts sa on sa.account_id = o.staff_account_id
               where o.org_id = p_org_id and o.recipient = v_sender) m), '[]'::json));
end;
$$;

--
-- Name: FUNCTION sms_thread(p_org_id uuid, p_text_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.sms_thread(p_org_id uuid, p_text_id uuid) IS 'Staff (any member, front desk included): the clinic''s conversation with the number that sent a text, oldest first; marks that number''s texts read.

Arguments: p_org_id; p_text_id (any text of the conversation, booking.inbound_sms_texts.id).
Answer: {"success": true, "text_id" (the conversation''s latest text), "patient_name" and "contact_id" (the clinic''s patient with that number, or NULL), "phone_display" (the number as the clinic''s patients read it), "messages": [{"direction" (in: the patient''s text; out: the clinic''s SMS), "kind" (out: the outbox kind), "body" (NULL for a one-time code), "status" (out: waiting, sending, sent, delivered, failed or not_sent), "local_text" (on the clinic''s clock), "staff_email" (a staff_reply: who wrote it)}]}.
Errors: TEXT_NOT_FOUND (also another organization''s text). Raises 42501 when an authenticated caller asks for another organization.';

--
-- Name: staff_book_appointment(uuid, text, text, timestamp with time zone, text, text, text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_book_appointment(p_org_id uuid, p_calendar_id text, p_service_type text, p_scheduled_at timestamp with time zone, p_patient_name text, p_patient_phone text, p_patient_email text DEFAULT NULL::text, p_duration_minutes integer DEFAULT NULL::integer) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_calendar booking.calendars;
  v_duration integer := p_duration_minutes;
  v_request record;
  v_reason text;
  v_contact_id uuid;
  v_appointment booking.appointments%rowtype;
begin
  perform booking.assert_org_access(p_org_id);

  if v_duration is null then
    -- The service's length on the calendar (the form names the service only).
    v_calendar := booking.find_calendar(p_org_id, p_calendar_id);
    v_duration := booking.service_duration(p_org_id, v_calendar.calendar_id,
                                           booking.normalize_service_type(p_service_type));
  end if;
  select * into v_request
    from booking.normalize_booking_request(p_org_id, p_calendar_id, p_patient_name, p_patient_phone,
                                           p_patient_email, p_service_type, p_scheduled_at,
                                           coalesce(v_duration, 1), false) r;
  if v_request.error is not null then
    return v_request.error;
  end if;
  v_duration := v_request.duration_minutes;
  select * into v_calendar from booking.calendars c
   where c.org_id = p_org_id and c.calendar_id = v_request.calendar_id;
  v_reason := booking.unbookable_reason(p_org_id, v_request.calendar_id, p_scheduled_at, v_duration, true);

  begin
    perform booking.lock_calendar(p_org_id, v_request.calendar_id);

    select a.* into v_appointment
      from booking.appointments a
      join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
     where a.org_id = p_org_id and a.calendar_id = v_request.calendar_id
       and a.scheduled_at = p_scheduled_at and a.duration_minutes = v_duration
       and a.service_type = v_request.service_type and a.status <> 'cancelled'
       and c.phone = v_request.phone;
    if found then
      return booking.appointment_answer(v_appointment);
    end if;

    if v_reason is not null then
      return booking.unbookable_error(v_reason);
    end if;
    if not booking.slot_is_free(p_org_id, v_request.calendar_id, p_scheduled_at,
                                p_scheduled_at + make_interval(mins => v_duration)) then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
    end if;

    v_contact_id := booking.upsert_contact(p_org_id, v_request.name, v_request.email, v_request.phone);
    v_appointment := booking.insert_appointment(p_org_id, v_request.calendar_id, v_contact_id,
                                                v_request.service_type, p_scheduled_at, v_duration);
    update booking.appointments
       set booked_by_staff = true, booked_by_account_id = booking.caller_account_id()
     where org_id = p_org_id and id = v_appointment.id
    returning * into v_appointment;
    insert into booking.appointment_history (org_id, appointment_id, action, actor, to_status, to_scheduled_at, late)
    values (p_org_id, v_appointment.id, 'booked', 'staff', v_appointment.status, p_scheduled_at,
            p_scheduled_at < now() + make_interval(mins => v_calendar.min_notice_minutes));
  exception
    when lock_not_available then
      return booking.json_error('BUSY_RETRY', 'The calendar is busy; retry the booking');
    when exclusion_violation then
      return booking.json_error('SLOT_UNAVAILABLE', 'This time slot is already booked');
  end;

  return booking.appointment_answer(v_appointment);
end;
$$;

--
-- Name: FUNCTION staff_book_appointment(p_org_id uuid, p_calendar_id text, p_service_type text, p_scheduled_at timestamp with time zone, p_patient_name text, p_patient_phone text, p_patient_email text, p_duration_minutes integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.staff_book_appointment(p_org_id uuid, p_calendar_id text, p_service_type text, p_scheduled_at timestamp with time zone, p_patient_name text, p_patient_phone text, p_patient_email text, p_duration_minutes integer) IS 'Staff book an appointment on a calendar, inside the minimum notice too (walk-ins, same day), never outside opening hours.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_service_type; p_scheduled_at (a start the calendar''s hours, date overrides and slot grid offer, from now on); p_patient_name; p_patient_phone (normalized to E.164 with the organization''s phone region; an existing patient with that number is reused); p_patient_email (optional); p_duration_minutes (NULL: the service''s length on the calendar).
Answer: {"success": true, "appointment_id", "contact_id", "scheduled_at", "created_at"}, as book_appointment_atomic: the confirmation SMS and reminders are queued in the same transaction; the appointment is marked booked by staff, with a booked history row naming the member (late when inside the calendar''s minimum notice). Repeating a successful call answers the same appointment_id.
Errors: as book_appointment_atomic without TOO_SOON: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED, INVALID_EMAIL, INVALID_SERVICE_TYPE, UNKNOWN_SERVICE_TYPE, INVALID_TIME, INVALID_DURATION, PAST_TIME, TOO_FAR_AHEAD, OUTSIDE_HOURS (closed, off the grid or blocked hours: add special hours first), SLOT_UNAVAILABLE (booked, held or blocked time), BUSY_RETRY. Raises 42501 when the caller acts for another organization.';

--
-- Name: staff_booking_options(uuid, text, text, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_booking_options(p_org_id uuid, p_calendar_id text, p_service_type text, p_date date) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_calendar booking.calendars;
  v_service_type text;
  v_duration integer;
begin
  perform booking.assert_org_access(p_org_id);
  v_calendar := booking.find_calendar(p_org_id, p_calendar_id);
  if v_calendar.calendar_id is null then
    return booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no such calendar');
  end if;
  v_service_type := booking.normalize_service_type(p_service_type);
  if v_service_type is null then
    return booking.json_error('INVALID_SERVICE_TYPE', 'The service type must be 1 to 100 characters');
  end if;
  v_duration := booking.service_duration(p_org_id, v_calendar.calendar_id, v_service_type);
  if v_duration is null then
    return booking.json_error('UNKNOWN_SERVICE_TYPE', 'The calendar does not offer this service type');
  end if;
  if p_date is null or not isfinite(p_date) then
    return booking.json_error('INVALID_DATE', 'The date must be a calendar date');
  end if;
  return booking.available_slots(p_org_id, v_calendar.calendar_id, p_date, v_duration, v_service_type,
                                 null, 0);
end;
$$;

--
-- Name: FUNCTION staff_booking_options(p_org_id uuid, p_calendar_id text, p_service_type text, p_date date); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.staff_booking_options(p_org_id uuid, p_calendar_id text, p_service_type text, p_date date) IS 'Staff: the free starts of a local date that staff_book_appointment takes (the minimum notice does not apply).

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_service_type; p_date.
Answer: check_availability''s shape {"success": true, "date", "timezone", "calendar_id", "service_type", "duration_minutes", "slots": [{"start", "local_start", "local_time"}]}: opening hours, date overrides, grid, horizon, minus appointments, live holds and blocked time (booking.available_slots).
Errors: CALENDAR_NOT_FOUND, INVALID_SERVICE_TYPE, UNKNOWN_SERVICE_TYPE, INVALID_DATE. Raises 42501 when the caller acts for another organization.';

--
-- Name: staff_refresh(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_refresh(p_refresh_token text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_token booking.staff_refresh_tokens;
  v_disabled_at timestamptz;
begin
  perform booking.assert_service_role();
  perform booking.lock_staff_refresh_family(booking.staff_token_hash(p_refresh_token));
  select * into v_token from booking.staff_refresh_tokens
   where token_hash = booking.staff_token_hash(p_refresh_token);
  if not found or v_token.revoked_at is not null then
    return booking.json_error('INVALID_REFRESH_TOKEN', 'Sign in again');
  end if;
  if v_token.used_at is not null then
    update booking.staff_refresh_tokens set revoked_at = now()
     where family_id = v_token.family_id and revoked_at is null;
    return booking.json_error('REFRESH_TOKEN_REUSED', 'The refresh token was already used; the session is revoked');
  end if;
  if v_token.expires_at <= now() then
    return booking.json_error('INVALID_REFRESH_TOKEN', 'Sign in again');
  end if;
  select disabled_at into v_disabled_at from booking.staff_accounts where account_id = v_token.account_id;
  if v_disabled_at is not null then
    update booking.staff_refresh_tokens set revoked_at = now()
     where family_id = v_token.family_id and revoked_at is null;
    return booking.json_error('ACCOUNT_DISABLED', 'The account is disabled');
  end if;
  update booking.staff_refresh_tokens set used_at = now() where token_hash = v_token.token_hash;
  return booking.issue_staff_session(v_token.account_id, v_token.family_id);
end;
$$;

--
-- Name: FUNCTION staff_refresh(p_refresh_token text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.staff_refresh(p_refresh_token text) IS 'Service (service_role): exchanges a refresh token for a new one (rotation) and answers the account''s current memberships.

Arguments: p_refresh_token (from staff_sign_in or the previous staff_refresh).
Answer: as staff_sign_in: {"success": true, "account_id", "session_id" (unchanged), "memberships" (active only: a disabled membership is gone from the next refresh), "refresh_token" (the new one; the presented one is now used), "refresh_expires_at" (12 hours from now)}.
Errors: INVALID_REFRESH_TOKEN (unknown, expired, or revoked by sign-out or reuse), REFRESH_TOKEN_REUSED (the token was already used, expired or not: its whole family is revoked, sign in again), ACCOUNT_DISABLED (the family is revoked). Raises 42501 for other callers.';

--
-- Name: staff_sign_in(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_sign_in(p_email text, p_password text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_account booking.staff_accounts;
  v_matches boolean;
begin
  perform booking.assert_service_role();
  select * into v_account from booking.staff_accounts
   where email = booking.normalize_staff_email(p_email);
  if not found then
    perform extensions.crypt(coalesce(p_password, ''),
      '$2a$12$3VYj2onbjclzUiiV6ek7W.MVx9DJ8RE4S3pUt1Ii.0Jo2ziMDxE62');
    return booking.json_error('INVALID_CREDENTIALS', 'The email or password is wrong');
  end if;
  if v_account.locked_until > now() then
    return json_build_object('success', false, 'error', 'ACCOUNT_LOCKED',
      'message', 'ACCOUNT_LOCKED: Too many wrong passwords; try again later',
      'locked_until', booking.to_iso8601_utc(v_account.locked_until),
      'created_at', booking.to_iso8601_utc(now()));
  end if;

  v_matches := booking.constant_time_equals(
    convert_to(extensions.crypt(coalesce(p_password, ''), v_account.password_hash), 'UTF8'),
    convert_to(v_account.password_hash, 'UTF8'));
  if not v_matches then
    -- The fifth wrong password within 15 minutes of the first locks the
    -- account for 15 minutes and starts a new count.
    update booking.staff_accounts a
       set (failed_sign_ins, failed_sign_ins_since, locked_until) = (
             select case when c.failures >= 5 then 0 else c.failures end,
                    case when c.failures >= 5 then null else c.since end,
                    case when c.failures >= 5 then now() + interval '15 minutes' else a.locked_until end
               from (select case when a.failed_sign_ins_since > now() - interval '15 minutes'
                                 then a.failed_sign_ins + 1 else 1 end as failures,
                            case when a.failed_sign_ins_since > now() - interval '15 minutes'
                                 then a.failed_sign_ins_since else now() end as since) c)
     where a.account_id = v_account.account_id;
    return booking.json_error('INVALID_CREDENTIALS', 'The email or password is wrong');
  end if;
  if v_account.disabled_at is not null then
    return booking.json_error('INVALID_CREDENTIALS', 'The email or password is wrong');
  end if;

  update booking.staff_accounts a
     set failed_sign_ins = 0, failed_sign_ins_since = null, locked_until = null
   where a.account_id = v_account.account_id
     and (a.failed_sign_ins <> 0 or a.locked_until is not null);
  return booking.issue_staff_session(v_account.account_id, gen_random_uuid());
end;
$_$;

--
-- Name: FUNCTION staff_sign_in(p_email text, p_password text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.staff_sign_in(p_email text, p_password text) IS 'Service (service_role): signs a staff member in with email and password and starts a session.

Arguments: p_email (any case, trimmed); p_password.
Answer: {"success": true, "account_id", "session_id" (this sign-in: the refresh family, named `sid` in the service''s access tokens), "memberships": [{"org_id", "role", "organization_name"}] (active memberships only; may be empty), "refresh_token" (shown once, only its hash is stored), "refresh_expires_at" (12 hours)}.
Errors: INVALID_CREDENTIALS (unknown email, wrong password and disabled account answer alike), ACCOUNT_LOCKED with "locked_until" (5 wrong passwords within 15 minutes lock the account for 15 minutes; the password is not checked while locked). Raises 42501 for other callers.';

--
-- Name: staff_sign_out(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_sign_out(p_refresh_token text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_family_id uuid;
begin
  perform booking.assert_service_role();
  v_family_id := booking.lock_staff_refresh_family(booking.staff_token_hash(p_refresh_token));
  update booking.staff_refresh_tokens set revoked_at = now()
   where family_id = v_family_id and revoked_at is null;
  return json_build_object('success', true);
end;
$$;

--
-- Name: FUNCTION staff_sign_out(p_refresh_token text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.staff_sign_out(p_refresh_token text) IS 'Service (service_role): signs a session out by revoking its refresh token''s whole family.

Arguments: p_refresh_token (any token of the session, used or not).
Answer: {"success": true}, also for an unknown or already revoked token (idempotent). Raises 42501 for other callers.';

--
-- Name: update_patient_contact(uuid, uuid, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.update_patient_contact(p_org_id uuid, p_contact_id uuid, p_name text, p_phone text, p_email text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_region text;
  v_patient record;
  v_contact booking.contacts;
  v_refusal json;
begin
  perform booking.assert_org_access(p_org_id);
  select o.phone_region into v_region from booking.organizations o where o.org_id = p_org_id;
  select * into v_contact from booking.contacts c where c.org_id = p_org_id and c.id = p_contact_id for update;
  if not found then
    return booking.json_error('PATIENT_NOT_FOUND', 'There is no such patient');
  end if;
  select * into v_patient from booking.normalize_patient(p_name, p_phone, p_email, v_region) n;
  if v_patient.error is not null then
    return v_patient.error;
  end if;
  if v_patient.phone <> v_contact.phone then
    v_refusal := booking.sms_destination_refusal(p_org_id, v_patient.phone);
    if v_refusal is not null then
      return v_refusal;
    end if;
    if exists (select from booking.contacts c where c.org_id = p_org_id and c.phone = v_patient.phone) then
      return booking.json_error('PHONE_TAKEN', 'Another patient of the clinic has this phone number');
    end if;
  end if;
  update booking.contacts c
     set name = v_patient.name, phone = v_patient.phone, email = v_patient.email, updated_at = now()
   where c.org_id = p_org_id and c.id = p_contact_id
  returning * into v_contact;
  return json_build_object('success', true, 'contact_id', v_contact.id, 'name', v_contact.name,
                           'phone', v_contact.phone, 'email', v_contact.email);
exception
  when unique_violation then
    return booking.json_error('PHONE_TAKEN', 'Another patient of the clinic has this phone number');
end;
$$;

--
-- Name: FUNCTION update_patient_contact(p_org_id uuid, p_contact_id uuid, p_name text, p_phone text, p_email text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.update_patient_contact(p_org_id uuid, p_contact_id uuid, p_name text, p_phone text, p_email text) IS 'Staff correct a patient''s name, phone number and e-mail.

Arguments: p_org_id; p_contact_id; p_name; p_phone (normalized to E.164 with the organization''s phone region); p_email (blank or NULL: none).
Answer: {"success": true, "contact_id", "name", "phone", "email"} as stored (normalized as a booking stores them).
Errors: PATIENT_NOT_FOUND (also for another organization''s patient), INVALID_NAME, INVALID_PHONE, INVALID_EMAIL, PHONE_NOT_ALLOWED (the clinic''s SMS could not go to the new number), PHONE_TAKEN (another patient has it). Raises 42501 when the caller acts for another organization.';

--
-- Name: upsert_service_type(uuid, text, text, integer, integer, boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.upsert_service_type(p_org_id uuid, p_calendar_id text, p_service_type text, p_duration_minutes integer, p_value_cents integer DEFAULT 0, p_active boolean DEFAULT true, p_display_name text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_admin record;
  v_calendar booking.calendars;
  v_service_type text := booking.normalize_service_type(p_service_type);
  v_display_name text := btrim(regexp_replace(p_display_name, '[[:space:]]+', ' ', 'g'));
  v_service booking.service_types;
begin
  select * into v_admin from booking.admin_calendar(p_org_id, p_calendar_id);
  if v_admin.error is not null then
    return v_admin.error;
  end if;
  v_calendar := v_admin.calendar;
  if v_service_type is null then
    return booking.json_error('INVALID_SERVICE_TYPE', 'The service type must be 1 to 100 characters');
  end if;
  if p_duration_minutes is null or p_duration_minutes not between 1 and 1440 then
    return booking.json_error('INVALID_DURATION', 'The duration must be 1 to 1440 minutes');
  end if;
  if p_value_cents is null or p_value_cents < 0 then
    return booking.json_error('INVALID_VALUE', 'The value must be zero or more cents');
  end if;
  if v_display_name is not null and (length(v_display_name) > 100 or v_display_name ~ '[[:cntrl:]]') then
    return booking.json_error('INVALID_DISPLAY_NAME', 'The name shown to patients must be at most 100 characters');
  end if;

  -- p_display_name NULL keeps a service's display name, blank clears it.
  insert into booking.service_types as s (org_id, calendar_id, service_type, duration_minutes, value_cents, active,
                                          display_name)
  values (p_org_id, v_calendar.calendar_id, v_service_type, p_duration_minutes, p_value_cents, coalesce(p_active, true),
          nullif(v_display_name, ''))
  on conflict (org_id, calendar_id, lower(service_type)) do update
     set service_type = excluded.service_type,
         duration_minutes = excluded.duration_minutes,
         value_cents = excluded.value_cents,
         active = excluded.active,
         display_name = case when p_display_name is null then s.display_name else excluded.display_name end
  returning * into v_service;
  return json_build_object('success', true, 'calendar_id', v_calendar.calendar_id,
                           'service_type', v_service_type, 'duration_minutes', p_duration_minutes,
                           'display_name', coalesce(v_service.display_name, v_service.service_type));
end;
$$;

--
-- Name: FUNCTION upsert_service_type(p_org_id uuid, p_calendar_id text, p_service_type text, p_duration_minutes integer, p_value_cents integer, p_active boolean, p_display_name text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.upsert_service_type(p_org_id uuid, p_calendar_id text, p_service_type text, p_duration_minutes integer, p_value_cents integer, p_active boolean, p_display_name text) IS 'Settings (an owner or admin of the organization, or service_role): adds or updates a calendar''s service type.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_service_type; p_duration_minutes (1-1440); p_value_cents (default 0; the lead score''s high-value signal); p_active (default true); p_display_name (the name patients read, at most 100 characters; default NULL: unchanged, the service type for a new service; blank: back to the service type).
Answer: {"success": true, "calendar_id", "service_type", "duration_minutes", "display_name" (as patients read it)}; a calendar with service types books only those, each for its own duration.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_SERVICE_TYPE, INVALID_DURATION, INVALID_VALUE, INVALID_DISPLAY_NAME. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';

--
-- Name: voice_call_context(uuid, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.voice_call_context(p_org_id uuid, p_caller_phone text DEFAULT NULL::text, p_call_id text DEFAULT NULL::text) RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations%rowtype;
  v_policy booking.voice_caller_policies%rowtype;
  v_phone text;
  v_clinic_phone text;
  v_transfer_phone text;
  v_today date;
  v_has_upcoming boolean;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('ORGANIZATION_NOT_FOUND', 'There is no such organization');
  end if;
  v_policy := booking.voice_caller_policy(p_org_id);
  v_clinic_phone := booking.clinic_phone(p_org_id);
  -- A person at the clinic: its own contact phone, never the number the
  -- voice agent answers (a transfer there would reach the agent again).
  v_transfer_phone := nullif(v_org.contact_phone,
                             (select v.phone_number from booking.voice_agents v where v.org_id = p_org_id));
  v_today := (now() at time zone v_org.timezone)::date;

  v_phone := booking.normalize_phone(nullif(btrim(p_caller_phone), ''), v_org.phone_region);
  if v_phone is not null and v_policy.caller_id_policy <> 'verify_all' then
    perform pg_advisory_xact_lock(hashtextextended('booking.voice_lookups:' || p_org_id::text, 0));
    if not ((p_call_id is not null
             and (select count(*) from booking.voice_lookups
                   where org_id = p_org_id and call_id = p_call_id) >= v_policy.lookups_per_call)
            or (select count(*) from booking.voice_lookups
                 where org_id = p_org_id and created_at > now() - interval '1 hour') >= v_policy.lookups_per_hour) then
      insert into booking.voice_lookups (org_id, call_id) values (p_org_id, p_call_id);
      v_has_upcoming := exists (select from booking.upcoming_appointments_of_phone(p_org_id, v_phone));
    end if;
  end if;

  return json_build_object(
    'success', true,
    'clinic_name', v_org.name,
    'clinic_phone', v_clinic_phone,
    'clinic_phone_display', booking.phone_display(v_clinic_phone, v_org.phone_region),
    'transfer_phone', v_transfer_phone,
    'timezone', v_org.timezone,
    'timezone_name', booking.timezone_display_name(v_org.timezone),
    'today', to_char(v_today, 'YYYY-MM-DD'),
    'today_text', to_char(v_today, 'FMDay, FMMonth FMDD, YYYY'),
    'hours_summary', booking.weekly_hours_summary(p_org_id),
    'caller_id_policy', v_policy.caller_id_policy,
    'caller_has_upcoming_appointment', v_has_upcoming);
end;
$$;

--
-- Name: FUNCTION voice_call_context(p_org_id uuid, p_caller_phone text, p_call_id text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.voice_call_context(p_org_id uuid, p_caller_phone text, p_call_id text) IS 'Voice agent: what the assistant is told at the start of a call (the platform''s assistant-request): the clinic and, as far as its caller-id policy lets a caller id tell, whether the caller has an upcoming appointment.

Arguments: p_org_id; p_caller_phone (the platform''s caller id, never the model''s; null when withheld); p_call_id (the platform''s call id: the check counts as a lookup of the call).
Answer: {"success": true, "clinic_name", "clinic_phone" (E.164 patients are told to call, booking.clinic_phone, or null), "clinic_phone_display" (as patients read it), "transfer_phone" (the clinic''s contact phone for a transfer to a person; null when it has none or it is the voice agent''s own number), "timezone", "timezone_name", "today" (YYYY-MM-DD in the clinic''s zone), "today_text" (e.g. Monday, December 7, 2026), "hours_summary" (the default calendar''s weekly hours in words, or null), "caller_id_policy", "caller_has_upcoming_appointment" (true or false under verify_changes and trust_attested; null under verify_all, without a caller id, or past the lookup limits: LOOKUP_RATE_LIMITED''s limits, the check counts as a lookup)}. Never an appointment''s time, service or id.
Errors: ORGANIZATION_NOT_FOUND. Raises 42501 for another organization.';

--
-- Name: waitlist_offer(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.waitlist_offer(p_token text) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org_id uuid;
  v_offer booking.waitlist_offers;
  v_slot booking.waitlist_slots;
  v_org booking.organizations;
  v_status text;
  v_phone text;
  v_moving_at timestamptz;
begin
  select * into v_offer from booking.waitlist_token_offer(p_token);
  v_org_id := v_offer.org_id;
  if v_org_id is null then
    return booking.json_error('OFFER_NOT_FOUND', 'There is no such offer');
  end if;
  select * into v_slot from booking.waitlist_slots where org_id = v_org_id and id = v_offer.slot_id;
  select * into v_org from booking.organizations where org_id = v_org_id;
  v_status := case
    when v_offer.status = 'claimed' then 'claimed'
    when v_offer.status in ('taken', 'withdrawn') or v_slot.status in ('filled', 'taken') then 'taken'
    when v_offer.status = 'declined' then 'declined'
    when v_offer.status = 'expired' or v_offer.expires_at <= now()
         or exists (select from booking.waitlist_entries e
                     where e.org_id = v_org_id and e.id = v_offer.entry_id and e.status <> 'open') then 'expired'
    else 'open' end;
  select a.scheduled_at into v_moving_at
    from booking.waitlist_entries e
    join booking.appointments a on a.org_id = e.org_id and a.id = e.appointment_id
   where e.org_id = v_org_id and e.id = v_offer.entry_id and v_offer.status <> 'claimed';
  v_phone := booking.clinic_phone(v_org_id);
  return json_build_object(
    'success', true,
    'status', v_status,
    'can_claim', v_status = 'open',
    'on_waitlist', exists (select from booking.waitlist_entries e
                            where e.org_id = v_org_id and e.id = v_offer.entry_id and e.status = 'open'),
    'clinic_name', v_org.name,
    'clinic_phone', v_phone,
    'clinic_phone_display', booking.phone_display(v_phone, v_org.phone_region),
    'clinic_address', v_org.address,
    'service_name', booking.service_display_name(v_org_id, v_offer.calendar_id, v_offer.service_type),
    'duration_minutes', v_offer.duration_minutes,
    'scheduled_at', booking.to_iso8601_utc(v_offer.starts_at),
    'local_text', booking.format_local_time(v_org_id, v_offer.starts_at),
    'expires_at', booking.to_iso8601_utc(v_offer.expires_at),
    'expires_local_time', booking.format_local_time(v_org_id, v_offer.expires_at, true),
    'moves_appointment_local_text', booking.format_local_time(v_org_id, v_moving_at),
    'appointment_id', case when v_offer.status = 'claimed' then v_offer.appointment_id end);
end;
$$;

--
-- Name: FUNCTION waitlist_offer(p_token text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.waitlist_offer(p_token text) IS 'Offer link (anon; the token is the credential): a time the clinic offered a waitlisted patient.

Arguments: p_token (from <PUBLIC_BASE_URL>/w/<token>).
Answer: {"success": true, "status" (open: it can be taken now; claimed: this offer booked it; taken: someone else was first; expired: unanswered in time, or the patient left the waitlist; declined: the patient left the waitlist from this offer), "can_claim", "on_waitlist" (the patient''s entry is still open: they stay on the waitlist for other times), "clinic_name", "clinic_phone" (E.164, may be null), "clinic_phone_display", "clinic_address", "service_name", "duration_minutes", "scheduled_at", "local_text" (on the clinic''s clock), "expires_at", "expires_local_time", "moves_appointment_local_text" (the appointment an earlier time would move, else null), "appointment_id" (when claimed)}.
Errors: OFFER_NOT_FOUND for a wrong, unknown or malformed token, and nothing else.';

--
-- Name: waitlist_overview(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.waitlist_overview(p_org_id uuid) RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_org booking.organizations;
  v_twelve_hour boolean;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  v_twelve_hour := booking.effective_time_format(v_org.time_format, v_org.phone_region) = '12h';
  return json_build_object(
    'success', true,
    'name', v_org.name,
    'timezone', v_org.timezone,
    'time_format', booking.effective_time_format(v_org.time_format, v_org.phone_region),
    'settings', booking.waitlist_settings_json(booking.waitlist_config(p_org_id)),
    -- What the staff's add form offers: the calendars, and each service the
    -- clinic's catalogs offer once (by name, case aside), as patients read it.
    'calendars', coalesce((select json_agg(json_build_object('calendar_id', c.calendar_id, 'name', c.name)
                                           order by not c.is_default, c.name)
                             from booking.calendars c where c.org_id = p_org_id), '[]'::json),
    'services', coalesce((select json_agg(json_build_object('service_type', t.service_type,
                                                            'service_name', t.service_name)
                                          order by lower(t.service_name))
                            from (select distinct on (lower(s.service_type)) s.service_type,
                                         coalesce(s.display_name, s.service_type) as service_name
                                    from booking.service_types s
                                   where s.org_id = p_org_id and s.active
                                   order by lower(s.service_type), s.display_name is null, s.calendar_id) t),
                         '[]'::json),
    'entries', coalesce((
      select json_agg(json_build_object(
               'waitlist_entry_id', e.id,
               'contact_id', e.contact_id,
               'patient_name', c.name,
               'patient_phone', c.phone,
               'patient_phone_display', booking.phone_display(c.phone, v_org.phone_region),
               'service_type', e.service_type,
               'service_name', case
                 when coalesce(e.calendar_id, a.calendar_id) is not null
                   then booking.service_display_name(p_org_id, coalesce(e.calendar_id, a.calendar_id), e.service_type)
                 -- any calendar: the name patients read on a calendar offering it
                 else coalesce((select t.display_name from booking.service_types t
                                 where t.org_id = p_org_id and lower(t.service_type) = lower(e.service_type)
                                   and t.display_name is not null
                                 order by t.active desc, t.calendar_id limit 1),
                               e.service_type) end,
               'calendar_id', e.calendar_id,
               'calendar_name', k.name,
               'earliest', e.earliest,
               'latest', e.latest,
               'weekdays', e.weekdays,
               'day_start', to_char(e.day_start, 'HH24:MI'),
               'day_end', to_char(e.day_end, 'HH24:MI'),
               'window_text', booking.waitlist_window_text(e.earliest, e.latest, e.weekdays, e.day_start, e.day_end, v_twelve_hour),
               'appointment_id', e.appointment_id,
               'appointment_local_text', booking.format_local_time(p_org_id, a.scheduled_at),
               'joined_at', booking.to_iso8601_utc(e.created_at),
               'joined_local_text', booking.format_local_time(p_org_id, e.created_at),
               'joined_by', e.joined_by,
               'offers_sent', (select count(*) from booking.waitlist_offers o
                                where o.org_id = p_org_id and o.entry_id = e.id))
             order by e.created_at, e.id)
        from booking.waitlist_entries e
        join booking.contacts c on c.org_id = e.org_id and c.id = e.contact_id
        left join booking.calendars k on k.org_id = e.org_id and k.calendar_id = e.calendar_id
        left join booking.appointments a on a.org_id = e.org_id and a.id = e.appointment_id
       where e.org_id = p_org_id and e.status = 'open'), '[]'::json),
    'slots', coalesce((
      select json_agg(json_build_object(
               'slot_id', s.id,
               'calendar_id', s.calendar_id,
               'calendar_name', k.name,
               'starts_at', booking.to_iso8601_utc(s.starts_at),
               'local_text', booking.format_local_time(p_org_id, s.starts_at),
               'status', s.status,
               'offers_out', (select count(*) from booking.waitlist_offers o
                               where o.org_id = p_org_id and o.slot_id = s.id and o.status = 'sent'
                                 and o.expires_at > now()),
               'next_batch_local_text', booking.format_local_time(p_org_id, s.next_batch_at, true))
             order by s.starts_at, s.id)
        from booking.waitlist_slots s
        join booking.calendars k on k.org_id = s.org_id and k.calendar_id = s.calendar_id
       where s.org_id = p_org_id and s.status = 'offering'), '[]'::json),
    'weeks', coalesce((
      select json_agg(json_build_object(
               'week_start', w.week_start,
               'freed', w.freed,
               'offered', w.offered,
               'filled', w.filled,
               'fill_rate', case when w.freed > 0 then round(w.filled::numeric / w.freed, 3) end,
               'median_minutes_to_fill', round(w.median_minutes::numeric, 1))
             order by w.week_start desc)
        from (select date_trunc('week', s.created_at at time zone v_org.timezone)::date as week_start,
                     count(*) as freed,
                     count(*) filter (where s.first_offered_at is not null) as offered,
                     count(*) filter (where s.status = 'filled') as filled,
                     percentile_cont(0.5) within group (order by extract(epoch from s.filled_at - s.created_at) / 60)
                       filter (where s.status = 'filled') as median_minutes
                from booking.waitlist_slots s
               where s.org_id = p_org_id
                 and s.created_at >= date_trunc('week', now() at time zone v_org.timezone) at time zone v_org.timezone
                                     - interval '7 weeks'
               group by 1) w), '[]'::json));
end;
$$;

--
-- Name: FUNCTION waitlist_overview(p_org_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.waitlist_overview(p_org_id uuid) IS 'The clinic''s waitlist for its staff (members, service_role).

Arguments: p_org_id.
Answer: {"success": true, "name", "timezone", "time_format" (12h or 24h: the clinic''s clock), "settings" (as public.set_waitlist_settings answers them), "calendars": [{"calendar_id", "name"}] (the default first), "services": [{"service_type", "service_name"}] (each active service of the clinic''s catalogs once, as patients read it), "entries": [open entries, first come first: {"waitlist_entry_id", "contact_id", "patient_name", "patient_phone" (E.164), "patient_phone_display", "service_type", "service_name", "calendar_id" (null: any), "calendar_name", "earliest", "latest" (clinic-local dates), "weekdays", "day_start", "day_end", "window_text" (in words), "appointment_id" and "appointment_local_text" (an earlier time for that appointment; else null), "joined_at", "joined_local_text", "joined_by" (staff, patient_phone, patient_link, patient_sms), "offers_sent"}], "slots": [freed times being offered now: {"slot_id", "calendar_id", "calendar_name", "starts_at", "local_text", "status", "offers_out" (open offers), "next_batch_local_text" (when the next batch goes out, or the open one ends)}], "weeks": [the last 8 clinic-local weeks (Monday first) with freed times, newest first: {"week_start", "freed", "offered", "filled", "fill_rate" (filled / freed), "median_minutes_to_fill" (from freed to booked; null when none filled)}]}.
Errors: INVALID_ORGANIZATION. Raises 42501 when the caller may not act for the organization.';

--
-- Name: appointment_history; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.appointment_history (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    appointment_id uuid NOT NULL,
    action text NOT NULL,
    actor text NOT NULL,
    occurred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    from_status text,
    to_status text,
    from_scheduled_at timestamp with time zone,
    to_scheduled_at timestamp with time zone,
    reason text,
    late boolean DEFAULT false NOT NULL,
    actor_account_id uuid,
    patient_notified boolean,
    CONSTRAINT appointment_history_actor_check CHECK ((actor = ANY (ARRAY['staff'::text, 'patient_phone'::text, 'patient_sms'::text, 'patient_link'::text]))),
    CONSTRAINT appointment_history_reason_check CHECK ((length(reason) <= 500))
);

--
-- Name: TABLE appointment_history; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.appointment_history IS 'Every change of an appointment after its booking (and a staff booking itself): action (booked, cancelled, rescheduled, patient_confirmed, checked_in, completed, no_show, attendance_cleared), actor and the member who acted, time, status and start before and after, reason. Members read their organization''s rows.';

--
-- Name: COLUMN appointment_history.late; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointment_history.late IS 'True for a staff cancellation or reschedule inside the calendar''s patient notice period (a patient would have been refused).';

--
-- Name: COLUMN appointment_history.actor_account_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointment_history.actor_account_id IS 'The member (the JWT sub of an authenticated caller) who made a staff change; NULL for patients, the service and changes before migration 0107. Stamped by a trigger, so every staff function records it.';

--
-- Name: COLUMN appointment_history.patient_notified; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.appointment_history.patient_notified IS 'A cancellation: true when the cancellation SMS was asked for (booking.enqueue_appointment_sms; opt-outs and destination rules still apply), false when staff chose not to text the patient; NULL for other changes and rows before migration 0111.';

--
-- Name: appointment_manage_tokens; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.appointment_manage_tokens (
    org_id uuid NOT NULL,
    token_sha256 bytea NOT NULL,
    appointment_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT appointment_manage_tokens_sha256_check CHECK ((length(token_sha256) = 32))
);

--
-- Name: TABLE appointment_manage_tokens; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.appointment_manage_tokens IS 'SHA-256 digests of manage-link tokens (<PUBLIC_BASE_URL>/a/<token>) and their appointment. The tokens themselves are never stored: SMS bodies keep a link only until the message leaves the outbox. A token opens its appointment until the package setting manage_link_days (default 30) after the appointment ends.';

--
-- Name: calendar_blocks; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.calendar_blocks (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    calendar_id text NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    reason text,
    created_by_account_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT calendar_blocks_interval_check CHECK ((isfinite(starts_at) AND isfinite(ends_at) AND (starts_at < ends_at) AND (ends_at <= (starts_at + '366 days'::interval)))),
    CONSTRAINT calendar_blocks_reason_check CHECK ((length(reason) <= 200))
);

--
-- Name: TABLE calendar_blocks; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.calendar_blocks IS 'Time a calendar does not offer (lunch, a meeting, leave), [starts_at, ends_at): busy like an appointment (booking.busy_time). Written by public.block_calendar_time / remove_calendar_block; a block never covers an active appointment or a live hold.';

--
-- Name: COLUMN calendar_blocks.created_by_account_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calendar_blocks.created_by_account_id IS 'The member (JWT sub) who added it; NULL for service_role.';

--
-- Name: calendar_date_overrides; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.calendar_date_overrides (
    org_id uuid NOT NULL,
    calendar_id text NOT NULL,
    on_date date NOT NULL,
    note text,
    CONSTRAINT calendar_date_overrides_note_check CHECK (((note IS NULL) OR (length(note) <= 500)))
);

--
-- Name: TABLE calendar_date_overrides; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.calendar_date_overrides IS 'Dates whose hours differ from the weekly hours (holidays, special hours). No rows in calendar_override_hours for the date: closed all day.';

--
-- Name: calendar_override_hours; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.calendar_override_hours (
    org_id uuid NOT NULL,
    calendar_id text NOT NULL,
    on_date date NOT NULL,
    opens_at time without time zone NOT NULL,
    closes_at time without time zone NOT NULL,
    CONSTRAINT calendar_override_hours_interval_check CHECK (((opens_at < closes_at) OR (closes_at = '00:00:00'::time without time zone)))
);

--
-- Name: TABLE calendar_override_hours; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.calendar_override_hours IS 'Opening hours of an overridden date, local wall-clock time.';

--
-- Name: calendar_weekly_hours; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.calendar_weekly_hours (
    org_id uuid NOT NULL,
    calendar_id text NOT NULL,
    iso_weekday smallint NOT NULL,
    opens_at time without time zone NOT NULL,
    closes_at time without time zone NOT NULL,
    CONSTRAINT calendar_weekly_hours_interval_check CHECK (((opens_at < closes_at) OR (closes_at = '00:00:00'::time without time zone))),
    CONSTRAINT calendar_weekly_hours_weekday_check CHECK (((iso_weekday >= 1) AND (iso_weekday <= 7)))
);

--
-- Name: TABLE calendar_weekly_hours; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.calendar_weekly_hours IS 'Opening hours per ISO weekday (1 = Monday) in the organization''s time zone; several intervals per day allowed (a lunch break). closes_at 00:00 means midnight at the end of the day.';

--
-- Name: calls; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.calls (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    provider_call_id text NOT NULL,
    caller_phone text,
    contact_id uuid,
    started_at timestamp with time zone,
    ended_at timestamp with time zone,
    duration integer GENERATED ALWAYS AS (
CASE
    WHEN (ended_at >= started_at) THEN (floor(EXTRACT(epoch FROM (ended_at - started_at))))::integer
    ELSE NULL::integer
END) STORED,
    ended_reason text,
    summary text,
    transcript text,
    analysis jsonb,
    appointment_id uuid,
    lead_score integer,
    lead_score_signals jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT calls_caller_phone_check CHECK ((caller_phone ~ '^\+[1-9][0-9]{1,14}$'::text)),
    CONSTRAINT calls_ended_reason_check CHECK ((length(ended_reason) <= 200)),
    CONSTRAINT calls_lead_score_check CHECK (((lead_score >= 0) AND (lead_score <= 100))),
    CONSTRAINT calls_provider_call_id_check CHECK (((length(provider_call_id) >= 1) AND (length(provider_call_id) <= 128)))
);

--
-- Name: TABLE calls; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.calls IS 'Voice calls, one per provider call id, from end-of-call reports; duration is computed from started_at and ended_at (the report has no duration field).';

--
-- Name: COLUMN calls.duration; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calls.duration IS 'Seconds between started_at and ended_at.';

--
-- Name: COLUMN calls.appointment_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calls.appointment_id IS 'The appointment booked during the call (its hold carried the call id), if any.';

--
-- Name: COLUMN calls.lead_score; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.calls.lead_score IS '0-100, booking.compute_lead_score; see its COMMENT for the formula.';

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
-- Name: events; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.events (
    org_id uuid NOT NULL,
    seq bigint NOT NULL,
    type text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    txid xid8 DEFAULT pg_current_xact_id() NOT NULL,
    CONSTRAINT events_type_check CHECK ((type ~ '^[a-z_]+\.[a-z_]+$'::text))
);

--
-- Name: TABLE events; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.events IS 'Live feed events per organization, read in (txid, seq) order up to the horizon (the oldest running transaction); payloads hold ids and statuses, never message bodies or codes.';

--
-- Name: COLUMN events.seq; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.events.seq IS 'Rank of the event among its transaction''s events of the organization, from 1 (before 0090: the per-organization id).';

--
-- Name: COLUMN events.txid; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.events.txid IS 'The writing transaction (pg_current_xact_id()); 0 for events recorded before migration 0090.';

--
-- Name: inbound_sms_messages; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.inbound_sms_messages (
    org_id uuid NOT NULL,
    message_sid text NOT NULL,
    action text NOT NULL,
    appointment_id uuid,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT inbound_sms_messages_message_sid_check CHECK (((length(message_sid) >= 1) AND (length(message_sid) <= 64)))
);

--
-- Name: TABLE inbound_sms_messages; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.inbound_sms_messages IS 'Inbound SMS already applied, by Twilio MessageSid (the text itself is not kept): a second delivery of the same message changes nothing. action is what booking.record_inbound_sms did.';

--
-- Name: inbound_sms_texts; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.inbound_sms_texts (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    sender text NOT NULL,
    receiving_number text,
    body text NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    message_sid text,
    contact_id uuid,
    appointment_id uuid,
    acknowledgement_id uuid,
    read_at timestamp with time zone,
    CONSTRAINT inbound_sms_texts_body_check CHECK ((length(body) <= 1600)),
    CONSTRAINT inbound_sms_texts_message_sid_check CHECK (((length(message_sid) >= 1) AND (length(message_sid) <= 64))),
    CONSTRAINT inbound_sms_texts_receiving_number_check CHECK (((length(receiving_number) >= 1) AND (length(receiving_number) <= 64))),
    CONSTRAINT inbound_sms_texts_sender_check CHECK ((sender ~ '^\+[1-9][0-9]{1,14}$'::text))
);

--
-- Name: TABLE inbound_sms_texts; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.inbound_sms_texts IS 'Inbound SMS that are not keywords (a patient''s free text for the clinic''s staff), kept per organization: who sent it to which number, the text, when, the matched patient (contact) and upcoming appointment. Each row is an sms.received live-feed event. Members read their organization''s.';

--
-- Name: COLUMN inbound_sms_texts.sender; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.inbound_sms_texts.sender IS 'E.164 number the text came from.';

--
-- Name: COLUMN inbound_sms_texts.receiving_number; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.inbound_sms_texts.receiving_number IS 'The number (or messaging service) it was sent to, as Twilio gave it; NULL when unknown.';

--
-- Name: COLUMN inbound_sms_texts.acknowledgement_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.inbound_sms_texts.acknowledgement_id IS 'The automatic acknowledgement queued for it (booking.sms_outbox id, kind reply); NULL when the conversation already had one that day, or auto-replies to the sender were over their limit.';

--
-- Name: COLUMN inbound_sms_texts.read_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.inbound_sms_texts.read_at IS 'When a member of the clinic first opened the conversation with this text in it (public.sms_thread); NULL: unread.';

--
-- Name: integration_settings; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.integration_settings (
    org_id uuid NOT NULL,
    twilio_account_sid text,
    twilio_auth_token_encrypted bytea,
    twilio_from_number text,
    twilio_messaging_service_sid text,
    hot_lead_alert_phone text,
    sms_help_reply text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT integration_settings_hot_lead_alert_phone_check CHECK ((hot_lead_alert_phone ~ '^\+[1-9][0-9]{1,14}$'::text)),
    CONSTRAINT integration_settings_sms_help_reply_check CHECK (((length(btrim(sms_help_reply)) >= 1) AND (length(btrim(sms_help_reply)) <= 320))),
    CONSTRAINT integration_settings_twilio_account_sid_check CHECK ((twilio_account_sid ~ '^AC[0-9a-f]{32}$'::text)),
    CONSTRAINT integration_settings_twilio_complete_check CHECK ((((twilio_account_sid IS NULL) AND (twilio_auth_token_encrypted IS NULL) AND (twilio_from_number IS NULL) AND (twilio_messaging_service_sid IS NULL)) OR ((twilio_account_sid IS NOT NULL) AND (twilio_auth_token_encrypted IS NOT NULL) AND ((twilio_from_number IS NOT NULL) OR (twilio_messaging_service_sid IS NOT NULL))))),
    CONSTRAINT integration_settings_twilio_from_number_check CHECK ((twilio_from_number ~ '^\+[1-9][0-9]{1,14}$'::text)),
    CONSTRAINT integration_settings_twilio_messaging_service_sid_check CHECK ((twilio_messaging_service_sid ~ '^MG[0-9a-f]{32}$'::text))
);

--
-- Name: TABLE integration_settings; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.integration_settings IS 'Per-organization integration settings (Twilio, hot-lead alerts). Written by public.set_integration_settings; the auth token is encrypted with a key kept outside the database.';

--
-- Name: COLUMN integration_settings.twilio_auth_token_encrypted; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.integration_settings.twilio_auth_token_encrypted IS 'pgp_sym_encrypt(auth token, SETTINGS_ENCRYPTION_KEY). Never granted to any API role.';

--
-- Name: COLUMN integration_settings.twilio_from_number; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.integration_settings.twilio_from_number IS 'E.164 sender number; messages go out from it unless a messaging service is set.';

--
-- Name: COLUMN integration_settings.twilio_messaging_service_sid; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.integration_settings.twilio_messaging_service_sid IS 'Twilio Messaging Service (MG...) to send through; takes precedence over twilio_from_number.';

--
-- Name: COLUMN integration_settings.hot_lead_alert_phone; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.integration_settings.hot_lead_alert_phone IS 'E.164 number of the person who receives hot-lead alerts by SMS.';

--
-- Name: COLUMN integration_settings.sms_help_reply; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.integration_settings.sms_help_reply IS 'Reply to an inbound HELP; NULL means the default reply naming the clinic.';

--
-- Name: lead_scoring_settings; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.lead_scoring_settings (
    org_id uuid NOT NULL,
    threshold integer DEFAULT 70 NOT NULL,
    weight_booked integer DEFAULT 40 NOT NULL,
    weight_long_call integer DEFAULT 20 NOT NULL,
    long_call_seconds integer DEFAULT 300 NOT NULL,
    weight_new_contact integer DEFAULT 10 NOT NULL,
    weight_high_value_service integer DEFAULT 15 NOT NULL,
    high_value_cents integer DEFAULT 10000 NOT NULL,
    weight_positive_analysis integer DEFAULT 15 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT lead_scoring_settings_limits_check CHECK (((long_call_seconds >= 0) AND (high_value_cents >= 0))),
    CONSTRAINT lead_scoring_settings_threshold_check CHECK (((threshold >= 0) AND (threshold <= 100))),
    CONSTRAINT lead_scoring_settings_weights_check CHECK ((((weight_booked >= 0) AND (weight_booked <= 100)) AND ((weight_long_call >= 0) AND (weight_long_call <= 100)) AND ((weight_new_contact >= 0) AND (weight_new_contact <= 100)) AND ((weight_high_value_service >= 0) AND (weight_high_value_service <= 100)) AND ((weight_positive_analysis >= 0) AND (weight_positive_analysis <= 100))))
);

--
-- Name: TABLE lead_scoring_settings; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.lead_scoring_settings IS 'Per-organization weights and threshold of the lead score; an organization without a row uses the column defaults (threshold 70).';

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
-- Name: memberships; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.memberships (
    org_id uuid NOT NULL,
    account_id uuid NOT NULL,
    role text NOT NULL,
    disabled_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT memberships_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'front_desk'::text])))
);

--
-- Name: TABLE memberships; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.memberships IS 'Staff of an organization and their role. account_id is a booking.staff_accounts id or, on Supabase, a Supabase Auth user''s id (the JWT sub), hence no foreign key.';

--
-- Name: COLUMN memberships.role; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.memberships.role IS 'owner (everything, staff included), admin (clinic settings and staff other than owners), front_desk (appointments, patients, messages).';

--
-- Name: COLUMN memberships.disabled_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.memberships.disabled_at IS 'Set while the member is disabled in this organization; the account''s other memberships are unaffected.';

--
-- Name: otp_phone_locks; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.otp_phone_locks (
    org_id uuid NOT NULL,
    phone text NOT NULL,
    window_start timestamp with time zone DEFAULT now() NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    locks integer DEFAULT 0 NOT NULL,
    locked_until timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT otp_phone_locks_counts_check CHECK (((failures >= 0) AND (locks >= 0))),
    CONSTRAINT otp_phone_locks_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{1,14}$'::text))
);

--
-- Name: TABLE otp_phone_locks; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.otp_phone_locks IS 'Wrong one-time codes (holds and phone verifications) per number and organization: failures in the day since window_start; at 10 the number is locked (no codes, no verification, no confirmation) until locked_until, 1 day for the first lock, then 2, 4, ... up to 30 days (locks counts them).';

--
-- Name: phone_calling_codes; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.phone_calling_codes (
    calling_code integer NOT NULL,
    main_region text,
    valid_number_pattern text,
    CONSTRAINT phone_calling_codes_calling_code_check CHECK (((calling_code >= 1) AND (calling_code <= 999))),
    CONSTRAINT phone_calling_codes_main_region_check CHECK ((main_region ~ '^[A-Z]{2}$'::text))
);

--
-- Name: TABLE phone_calling_codes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.phone_calling_codes IS 'Reference data (not tenant data), generated from phonenumbers 9.0.43 by tools/generate_phone_metadata.py: every country calling code, the region whose rules read numbers written with it, and its valid numbers.';

--
-- Name: COLUMN phone_calling_codes.main_region; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_calling_codes.main_region IS 'Region whose national prefix rules apply to numbers written with this calling code (US for +1, GB for +44); NULL for non-geographic codes such as +800.';

--
-- Name: COLUMN phone_calling_codes.valid_number_pattern; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_calling_codes.valid_number_pattern IS 'Matches (anchored with ^ and $) the national significant numbers phonenumbers.is_valid_number accepts with this calling code, except those starting with a prefix in booking.phone_leading_digits; NULL when there are none.';

--
-- Name: phone_costly_number_types; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.phone_costly_number_types (
    region text NOT NULL,
    number_type text NOT NULL,
    calling_code integer NOT NULL,
    pattern text NOT NULL,
    CONSTRAINT phone_costly_number_types_number_type_check CHECK ((number_type = ANY (ARRAY['premium_rate'::text, 'shared_cost'::text])))
);

--
-- Name: TABLE phone_costly_number_types; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.phone_costly_number_types IS 'Reference data (not tenant data), generated from phonenumbers 9.0.43 by tools/generate_phone_metadata.py: per region, the premium-rate and shared-cost national significant numbers (phonenumbers'' number types), which patient SMS never go to.';

--
-- Name: COLUMN phone_costly_number_types.pattern; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_costly_number_types.pattern IS 'Matches (anchored with ^ and $) the national significant numbers of this type, possible lengths included.';

--
-- Name: phone_leading_digits; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.phone_leading_digits (
    calling_code integer NOT NULL,
    leading_digits text NOT NULL,
    region text NOT NULL,
    valid_number_pattern text,
    CONSTRAINT phone_leading_digits_leading_digits_check CHECK ((leading_digits ~ '^[0-9]+$'::text))
);

--
-- Name: TABLE phone_leading_digits; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.phone_leading_digits IS 'Reference data (not tenant data), generated from phonenumbers 9.0.43 by tools/generate_phone_metadata.py: for calling codes shared by several regions, the national number prefixes that identify a region (phonenumbers'' leading_digits, expanded; they never overlap within a calling code). A number starting with one is validated with this row''s pattern instead of the calling code''s.';

--
-- Name: COLUMN phone_leading_digits.valid_number_pattern; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_leading_digits.valid_number_pattern IS 'Matches (anchored with ^ and $) the national significant numbers with this prefix that phonenumbers.is_valid_number accepts; NULL when there are none.';

--
-- Name: phone_verifications; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.phone_verifications (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    phone text NOT NULL,
    otp_hash bytea,
    otp_send_count integer DEFAULT 0 NOT NULL,
    otp_failed_attempts integer DEFAULT 0 NOT NULL,
    verified_at timestamp with time zone,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    call_id text,
    texted boolean DEFAULT true NOT NULL,
    CONSTRAINT phone_verifications_counts_check CHECK (((otp_send_count >= 0) AND (otp_failed_attempts >= 0))),
    CONSTRAINT phone_verifications_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{1,14}$'::text)),
    CONSTRAINT phone_verifications_verified_check CHECK (((verified_at IS NULL) OR (otp_hash IS NOT NULL)))
);

--
-- Name: TABLE phone_verifications; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.phone_verifications IS 'One-time codes proving that a caller without a caller id holds a phone number: public.lookup_appointments texts the code, verifies it, and the verified id lets public.cancel_appointment_by_phone / reschedule_appointment_by_phone act for that number until expires_at (15 minutes after the code was sent).';

--
-- Name: COLUMN phone_verifications.otp_hash; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_verifications.otp_hash IS 'HMAC-SHA256 of the current code bound to this verification''s id (booking.otp_hash); the code itself is never stored.';

--
-- Name: COLUMN phone_verifications.otp_failed_attempts; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_verifications.otp_failed_attempts IS 'Wrong codes entered; at 5 the verification is locked (OTP_LOCKED).';

--
-- Name: COLUMN phone_verifications.verified_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_verifications.verified_at IS 'When the right code was entered; from then until expires_at the id stands for the phone.';

--
-- Name: COLUMN phone_verifications.call_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_verifications.call_id IS 'The voice platform''s call id that started the verification (the numbers-per-call limit counts verifications).';

--
-- Name: COLUMN phone_verifications.texted; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.phone_verifications.texted IS 'Whether a code SMS was queued (only for a number with upcoming appointments, not opted out, under its limits); the answer is the same either way.';

--
-- Name: server_secrets; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.server_secrets (
    name text NOT NULL,
    secret bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT server_secrets_length_check CHECK ((length(secret) >= 32))
);

--
-- Name: TABLE server_secrets; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.server_secrets IS 'Reference data (not tenant data): keys used inside SECURITY DEFINER functions, e.g. otp_hmac. Readable by no API role.';

--
-- Name: service_types; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.service_types (
    org_id uuid NOT NULL,
    calendar_id text NOT NULL,
    service_type text NOT NULL,
    duration_minutes integer NOT NULL,
    value_cents integer DEFAULT 0 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    display_name text,
    CONSTRAINT service_types_duration_check CHECK (((duration_minutes >= 1) AND (duration_minutes <= 1440))),
    CONSTRAINT service_types_name_check CHECK (((length(btrim(service_type)) >= 1) AND (length(btrim(service_type)) <= 100))),
    CONSTRAINT service_types_value_check CHECK ((value_cents >= 0))
);

--
-- Name: TABLE service_types; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.service_types IS 'Bookable services of a calendar with their duration (and value, a lead-scoring signal).';

--
-- Name: COLUMN service_types.display_name; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.service_types.display_name IS 'The service''s name as patients read it in SMS and pages (1 to 100 characters); NULL: service_type. Set with public.upsert_service_type.';

--
-- Name: settings; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.settings (
    name text NOT NULL,
    value text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE settings; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.settings IS 'Reference data of the package (not of an organization): settings changed with public.set_booking_setting (lock_timeout: the calendar-lock wait, e.g. 1000ms; public_base_url: base of links in SMS; *_retention_days: how long public.purge_expired_data keeps SMS bodies, phone verifications, inbound SMS records and dead holds). A missing row means the default; a session''s SET booking.<name> overrides a row.';

--
-- Name: signed_out_access_tokens; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.signed_out_access_tokens (
    token_hash bytea NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT signed_out_access_tokens_token_hash_check CHECK ((length(token_hash) = 32))
);

--
-- Name: TABLE signed_out_access_tokens; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.signed_out_access_tokens IS 'Reference data (a person''s sign-outs; a reference table under Citus): SHA-256 digests of access tokens signed out before they expired, kept until they expire. The tokens themselves are never stored.';

--
-- Name: sms_confirmation_logs; Type: VIEW; Schema: booking; Owner: -
--

CREATE VIEW booking.sms_confirmation_logs WITH (security_invoker='true') AS
 SELECT o.provider_message_id AS message_id,
    o.status,
    o.delivered_at AS delivery_timestamp,
    o.appointment_id,
    o.org_id,
    o.created_at,
    o.id AS outbox_id,
    o.recipient,
    o.provider,
    o.attempts,
    o.error_code,
    o.sent_at,
    o.updated_at
   FROM booking.sms_outbox o
  WHERE (o.kind = 'confirmation'::text);

--
-- Name: VIEW sms_confirmation_logs; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON VIEW booking.sms_confirmation_logs IS 'Confirmation SMS of appointments (one per appointment): provider message id, status (delivered when the provider confirmed delivery) and delivery_timestamp. A view over booking.sms_outbox.';

--
-- Name: COLUMN sms_confirmation_logs.message_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_confirmation_logs.message_id IS 'The provider''s message id (Twilio SM...); NULL until the provider accepted the message.';

--
-- Name: COLUMN sms_confirmation_logs.delivery_timestamp; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_confirmation_logs.delivery_timestamp IS 'When the provider reported the message delivered.';

--
-- Name: sms_limits; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.sms_limits (
    org_id uuid NOT NULL,
    allowed_calling_codes integer[],
    otp_codes_per_hour integer DEFAULT 60 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    recipient_sms_per_hour integer DEFAULT 6 NOT NULL,
    recipient_sms_per_day integer DEFAULT 15 NOT NULL,
    auto_replies_per_hour integer DEFAULT 4 NOT NULL,
    CONSTRAINT sms_limits_allowed_calling_codes_check CHECK ((((cardinality(allowed_calling_codes) >= 1) AND (cardinality(allowed_calling_codes) <= 50)) AND (array_position(allowed_calling_codes, NULL::integer) IS NULL))),
    CONSTRAINT sms_limits_auto_replies_per_hour_check CHECK (((auto_replies_per_hour >= 0) AND (auto_replies_per_hour <= 1000))),
    CONSTRAINT sms_limits_otp_codes_per_hour_check CHECK (((otp_codes_per_hour >= 0) AND (otp_codes_per_hour <= 100000))),
    CONSTRAINT sms_limits_recipient_sms_per_day_check CHECK (((recipient_sms_per_day >= 1) AND (recipient_sms_per_day <= 10000))),
    CONSTRAINT sms_limits_recipient_sms_per_hour_check CHECK (((recipient_sms_per_hour >= 1) AND (recipient_sms_per_hour <= 1000)))
);

--
-- Name: TABLE sms_limits; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.sms_limits IS 'Per-organization abuse limits on patient SMS, set by public.set_sms_limits; an organization without a row has the defaults.';

--
-- Name: COLUMN sms_limits.allowed_calling_codes; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_limits.allowed_calling_codes IS 'Country calling codes patient SMS may go to; NULL: the calling code of the organization''s phone region.';

--
-- Name: COLUMN sms_limits.otp_codes_per_hour; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_limits.otp_codes_per_hour IS 'One-time codes the organization may send in any 60 minutes (default 60); over it send_otp answers SMS_RATE_LIMITED.';

--
-- Name: COLUMN sms_limits.recipient_sms_per_hour; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_limits.recipient_sms_per_hour IS 'Patient SMS (confirmation, reminder, cancellation, reschedule, reply) one number may receive from the organization in any 60 minutes (default 6); one-time codes, hot-lead alerts and staff messages do not count.';

--
-- Name: COLUMN sms_limits.recipient_sms_per_day; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_limits.recipient_sms_per_day IS 'The same in any 24 hours (default 15).';

--
-- Name: COLUMN sms_limits.auto_replies_per_hour; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_limits.auto_replies_per_hour IS 'Automatic replies to inbound SMS (kind reply) one sender may receive from the organization in any 60 minutes (default 4).';

--
-- Name: sms_opt_outs; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.sms_opt_outs (
    org_id uuid NOT NULL,
    phone text NOT NULL,
    opted_out boolean NOT NULL,
    keyword text,
    source text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT sms_opt_outs_keyword_check CHECK ((keyword ~ '^[A-Z]{1,16}$'::text)),
    CONSTRAINT sms_opt_outs_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{1,14}$'::text)),
    CONSTRAINT sms_opt_outs_source_check CHECK ((source = ANY (ARRAY['inbound_keyword'::text, 'provider_error'::text])))
);

--
-- Name: TABLE sms_opt_outs; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.sms_opt_outs IS 'Per-organization SMS consent of a phone number. opted_out = true: nothing is sent to it (messages are recorded as suppressed). Kept after START for the audit trail.';

--
-- Name: COLUMN sms_opt_outs.keyword; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_opt_outs.keyword IS 'The last keyword received (STOP, START, ...); NULL when set by a provider error.';

--
-- Name: COLUMN sms_opt_outs.source; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_opt_outs.source IS 'inbound_keyword (the person texted a keyword) or provider_error (Twilio answered 21610).';

--
-- Name: sms_rate_limit_hits; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.sms_rate_limit_hits (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    limit_name text NOT NULL,
    limit_value integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    message_id uuid
);

--
-- Name: TABLE sms_rate_limit_hits; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.sms_rate_limit_hits IS 'When an SMS abuse limit refused a one-time code (at most one row per organization and minute); each row is an sms.rate_limited live-feed event.';

--
-- Name: COLUMN sms_rate_limit_hits.message_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.sms_rate_limit_hits.message_id IS 'The outbox message a per-recipient limit suppressed (NULL for the one-time code budget).';

--
-- Name: staff_accounts; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.staff_accounts (
    account_id uuid DEFAULT gen_random_uuid() NOT NULL,
    email text NOT NULL,
    phone text,
    password_hash text NOT NULL,
    disabled_at timestamp with time zone,
    failed_sign_ins integer DEFAULT 0 NOT NULL,
    failed_sign_ins_since timestamp with time zone,
    locked_until timestamp with time zone,
    password_changed_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT staff_accounts_email_check CHECK (((email = lower(btrim(email))) AND (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[a-z]{2,63}$'::text) AND (length(email) <= 254))),
    CONSTRAINT staff_accounts_failed_sign_ins_check CHECK (((failed_sign_ins >= 0) AND (failed_sign_ins <= 1000))),
    CONSTRAINT staff_accounts_password_hash_check CHECK ((password_hash ~ '^\$2[aby]\$(1[2-9]|[23][0-9])\$[./A-Za-z0-9]{53}$'::text)),
    CONSTRAINT staff_accounts_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{1,14}$'::text))
);

--
-- Name: TABLE staff_accounts; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.staff_accounts IS 'Reference data (a person, not tenant data; a reference table under Citus: one account may belong to several organizations, and booking.memberships carries org_id): staff accounts that sign in with email and password through public.staff_sign_in.';

--
-- Name: COLUMN staff_accounts.email; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_accounts.email IS 'Sign-in name: trimmed and lower-cased (booking.normalize_staff_email), unique.';

--
-- Name: COLUMN staff_accounts.phone; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_accounts.phone IS 'Optional E.164 number, e.g. for invitations and password resets by SMS.';

--
-- Name: COLUMN staff_accounts.password_hash; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_accounts.password_hash IS 'bcrypt hash, extensions.crypt(password, extensions.gen_salt(''bf'', 12)); the password itself is never stored.';

--
-- Name: COLUMN staff_accounts.disabled_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_accounts.disabled_at IS 'Set when the whole account is disabled: it cannot sign in or refresh. A membership is disabled on its own row.';

--
-- Name: COLUMN staff_accounts.failed_sign_ins; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_accounts.failed_sign_ins IS 'Wrong passwords since failed_sign_ins_since (a 15-minute window); the fifth sets locked_until. Reset by a successful sign-in.';

--
-- Name: COLUMN staff_accounts.locked_until; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_accounts.locked_until IS 'While in the future, sign-in answers ACCOUNT_LOCKED without checking the password. Each account has its own counter and lock.';

--
-- Name: staff_invitations; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.staff_invitations (
    org_id uuid NOT NULL,
    invitation_id uuid DEFAULT gen_random_uuid() NOT NULL,
    email text,
    phone text,
    role text NOT NULL,
    token_hash bytea NOT NULL,
    invited_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    accepted_by uuid,
    revoked_at timestamp with time zone,
    CONSTRAINT staff_invitations_contact_check CHECK (((email IS NOT NULL) OR (phone IS NOT NULL))),
    CONSTRAINT staff_invitations_email_check CHECK ((email = lower(btrim(email)))),
    CONSTRAINT staff_invitations_expires_at_check CHECK ((expires_at > created_at)),
    CONSTRAINT staff_invitations_phone_check CHECK ((phone ~ '^\+[1-9][0-9]{1,14}$'::text)),
    CONSTRAINT staff_invitations_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'front_desk'::text]))),
    CONSTRAINT staff_invitations_token_hash_check CHECK ((length(token_hash) = 32))
);

--
-- Name: TABLE staff_invitations; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.staff_invitations IS 'Invitations to join an organization with a role, by email and/or phone, valid 7 days, single use. Only the SHA-256 of the invitation token is stored.';

--
-- Name: COLUMN staff_invitations.invited_by; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_invitations.invited_by IS 'Account id of the owner or admin who invited; NULL when service_role did.';

--
-- Name: COLUMN staff_invitations.accepted_by; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_invitations.accepted_by IS 'Account id that accepted the invitation (a new account, or the existing account with that email).';

--
-- Name: COLUMN staff_invitations.revoked_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_invitations.revoked_at IS 'Set when a newer invitation of the same person to the same organization replaced this one.';

--
-- Name: staff_password_resets; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.staff_password_resets (
    org_id uuid NOT NULL,
    reset_id uuid DEFAULT gen_random_uuid() NOT NULL,
    account_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    requested_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT staff_password_resets_expires_at_check CHECK ((expires_at > created_at)),
    CONSTRAINT staff_password_resets_token_hash_check CHECK ((length(token_hash) = 32))
);

--
-- Name: TABLE staff_password_resets; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.staff_password_resets IS 'One-time password-reset tokens (1 hour) issued by an organization''s owner or admin for one of its members. Only the SHA-256 of the token is stored.';

--
-- Name: COLUMN staff_password_resets.requested_by; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_password_resets.requested_by IS 'Account id of the owner or admin who issued the reset; NULL when service_role did.';

--
-- Name: COLUMN staff_password_resets.revoked_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_password_resets.revoked_at IS 'Set when a newer reset of the same account replaced this one.';

--
-- Name: staff_refresh_tokens; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.staff_refresh_tokens (
    token_hash bytea NOT NULL,
    account_id uuid NOT NULL,
    family_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT staff_refresh_tokens_expires_at_check CHECK ((expires_at > created_at)),
    CONSTRAINT staff_refresh_tokens_token_hash_check CHECK ((length(token_hash) = 32))
);

--
-- Name: TABLE staff_refresh_tokens; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.staff_refresh_tokens IS 'Reference data (an account''s sessions, not tenant data; a reference table under Citus like booking.staff_accounts): SHA-256 digests of rotating refresh tokens. The tokens themselves are never stored.';

--
-- Name: COLUMN staff_refresh_tokens.family_id; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_refresh_tokens.family_id IS 'One sign-in: every token rotated from it shares the family; sign-out and reuse revoke the whole family.';

--
-- Name: COLUMN staff_refresh_tokens.used_at; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON COLUMN booking.staff_refresh_tokens.used_at IS 'Set when the token was exchanged for the next one; presenting it again revokes its family (REFRESH_TOKEN_REUSED).';

--
-- Name: voice_agent_credentials; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.voice_agent_credentials (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind text NOT NULL,
    token_sha256 bytea,
    hmac_key_encrypted bytea,
    expires_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT voice_agent_credentials_kind_check CHECK ((((kind = 'token'::text) AND (length(token_sha256) = 32) AND (hmac_key_encrypted IS NULL)) OR ((kind = 'hmac'::text) AND (hmac_key_encrypted IS NOT NULL) AND (token_sha256 IS NULL))))
);

--
-- Name: TABLE voice_agent_credentials; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.voice_agent_credentials IS 'Voice-platform credentials per organization besides booking.voice_agents'' secret, several at once for rotation: token (SHA-256 of a secret sent as X-Vapi-Secret or Authorization: Bearer) or hmac (a signing key, encrypted with SETTINGS_ENCRYPTION_KEY); expires_at ends a rotated-out one.';

--
-- Name: voice_agents; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.voice_agents (
    org_id uuid NOT NULL,
    secret_sha256 bytea NOT NULL,
    assistant_id text,
    phone_number text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT voice_agents_assistant_id_check CHECK (((length(assistant_id) >= 1) AND (length(assistant_id) <= 128))),
    CONSTRAINT voice_agents_phone_number_check CHECK ((phone_number ~ '^\+[1-9][0-9]{1,14}$'::text)),
    CONSTRAINT voice_agents_secret_check CHECK ((length(secret_sha256) = 32))
);

--
-- Name: TABLE voice_agents; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.voice_agents IS 'Voice-agent webhook credentials per organization: SHA-256 of the shared secret, and optionally the assistant id and called number that must agree with it.';

--
-- Name: voice_lookups; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.voice_lookups (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    call_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE voice_lookups; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.voice_lookups IS 'One row per public.lookup_appointments call (rate limits per call and per organization); rows older than an hour only matter to retention.';

--
-- Name: voice_tool_calls; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.voice_tool_calls (
    org_id uuid NOT NULL,
    tool_call_id text NOT NULL,
    tool text NOT NULL,
    answer json,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT voice_tool_calls_tool_call_id_check CHECK (((length(tool_call_id) >= 1) AND (length(tool_call_id) <= 256))),
    CONSTRAINT voice_tool_calls_tool_check CHECK (((length(tool) >= 1) AND (length(tool) <= 64)))
);

--
-- Name: TABLE voice_tool_calls; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.voice_tool_calls IS 'The first answer to each voice-agent tool call id (the platform''s toolCallId) of an organization: a repeated id answers it again without acting twice. Only needed while a call can still repeat it (minutes); rows older than a day can be deleted.';

--
-- Name: waitlist_entries; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.waitlist_entries (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    contact_id uuid NOT NULL,
    service_type text NOT NULL,
    calendar_id text,
    earliest date NOT NULL,
    latest date NOT NULL,
    weekdays integer[],
    day_start time without time zone,
    day_end time without time zone,
    appointment_id uuid,
    status text DEFAULT 'open'::text NOT NULL,
    joined_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    closed_at timestamp with time zone,
    CONSTRAINT waitlist_entries_closed_check CHECK (((status = 'open'::text) = (closed_at IS NULL))),
    CONSTRAINT waitlist_entries_day_window_check CHECK ((((day_start IS NULL) AND (day_end IS NULL)) OR ((day_start IS NOT NULL) AND (day_end IS NOT NULL) AND (day_start < day_end)))),
    CONSTRAINT waitlist_entries_joined_by_check CHECK ((joined_by = ANY (ARRAY['staff'::text, 'patient_phone'::text, 'patient_sms'::text, 'patient_link'::text]))),
    CONSTRAINT waitlist_entries_service_type_check CHECK (((length(btrim(service_type)) >= 1) AND (length(btrim(service_type)) <= 100))),
    CONSTRAINT waitlist_entries_status_check CHECK ((status = ANY (ARRAY['open'::text, 'booked'::text, 'left'::text, 'expired'::text]))),
    CONSTRAINT waitlist_entries_weekdays_check CHECK (((weekdays IS NULL) OR (((cardinality(weekdays) >= 1) AND (cardinality(weekdays) <= 7)) AND (weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7])))),
    CONSTRAINT waitlist_entries_window_check CHECK (((earliest <= latest) AND (latest <= (earliest + 90))))
);

--
-- Name: TABLE waitlist_entries; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.waitlist_entries IS 'A patient waiting for a time: service, calendar (NULL: any offering the service), a window of clinic-local dates (inclusive, at most 91 days), optional ISO weekdays (1 = Monday) and a time-of-day window for the start; appointment_id: an earlier time for that appointment (a claim moves it). status open, booked (claimed an offer), left (patient or staff) or expired (its window passed).';

--
-- Name: waitlist_slots; Type: TABLE; Schema: booking; Owner: -
--

CREATE TABLE booking.waitlist_slots (
    org_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    calendar_id text NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    cause text NOT NULL,
    status text DEFAULT 'offering'::text NOT NULL,
    batches integer DEFAULT 0 NOT NULL,
    next_batch_at timestamp with time zone,
    taken_by_hold_id uuid,
    appointment_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    first_offered_at timestamp with time zone,
    filled_at timestamp with time zone,
    closed_at timestamp with time zone,
    CONSTRAINT waitlist_slots_cause_check CHECK ((cause = ANY (ARRAY['cancelled'::text, 'rescheduled'::text, 'hold_released'::text, 'block_removed'::text, 'remainder'::text]))),
    CONSTRAINT waitlist_slots_filled_check CHECK (((status = 'filled'::text) = (filled_at IS NOT NULL))),
    CONSTRAINT waitlist_slots_interval_check CHECK ((isfinite(starts_at) AND (starts_at < ends_at))),
    CONSTRAINT waitlist_slots_status_check CHECK ((status = ANY (ARRAY['offering'::text, 'filled'::text, 'taken'::text, 'unfilled'::text])))
);

--
-- Name: TABLE waitlist_slots; Type: COMMENT; Schema: booking; Owner: -
--

COMMENT ON TABLE booking.waitlist_slots IS 'An interval of a calendar that freed up (cause) while the clinic''s waitlist was on, and its offering: offering (batches sent, next_batch_at: a batch owed then, e.g. after quiet hours), filled (a claim booked it: appointment_id, filled_at), taken (booked, held or blocked by anyone else: its offers stopped; taken_by_hold_id: a hold, whose release offers it again) or unfilled (no one left to offer it, or too late). created_at is when it freed.';

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
-- Name: appointment_history appointment_history_action_check; Type: CHECK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE booking.appointment_history
    ADD CONSTRAINT appointment_history_action_check CHECK ((action = ANY (ARRAY['booked'::text, 'cancelled'::text, 'rescheduled'::text, 'patient_confirmed'::text, 'checked_in'::text, 'completed'::text, 'no_show'::text, 'attendance_cleared'::text]))) NOT VALID;

--
-- Name: appointment_history appointment_history_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointment_history
    ADD CONSTRAINT appointment_history_pkey PRIMARY KEY (org_id, id);

--
-- Name: appointment_holds appointment_holds_no_overlap; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointment_holds
    ADD CONSTRAINT appointment_holds_no_overlap EXCLUDE USING gist (org_id WITH =, calendar_id WITH =, tstzrange(scheduled_at, ends_at, '[)'::text) WITH &&) WHERE ((status = 'active'::text));

--
-- Name: appointment_holds appointment_holds_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointment_holds
    ADD CONSTRAINT appointment_holds_pkey PRIMARY KEY (org_id, id);

--
-- Name: appointment_manage_tokens appointment_manage_tokens_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointment_manage_tokens
    ADD CONSTRAINT appointment_manage_tokens_pkey PRIMARY KEY (org_id, token_sha256);

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
-- Name: calendar_blocks calendar_blocks_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendar_blocks
    ADD CONSTRAINT calendar_blocks_pkey PRIMARY KEY (org_id, id);

--
-- Name: calendar_date_overrides calendar_date_overrides_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendar_date_overrides
    ADD CONSTRAINT calendar_date_overrides_pkey PRIMARY KEY (org_id, calendar_id, on_date);

--
-- Name: calendar_override_hours calendar_override_hours_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendar_override_hours
    ADD CONSTRAINT calendar_override_hours_pkey PRIMARY KEY (org_id, calendar_id, on_date, opens_at);

--
-- Name: calendar_weekly_hours calendar_weekly_hours_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendar_weekly_hours
    ADD CONSTRAINT calendar_weekly_hours_pkey PRIMARY KEY (org_id, calendar_id, iso_weekday, opens_at);

--
-- Name: calendars calendars_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendars
    ADD CONSTRAINT calendars_pkey PRIMARY KEY (org_id, calendar_id);

--
-- Name: calls calls_org_id_provider_call_id_key; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calls
    ADD CONSTRAINT calls_org_id_provider_call_id_key UNIQUE (org_id, provider_call_id);

--
-- Name: calls calls_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calls
    ADD CONSTRAINT calls_pkey PRIMARY KEY (org_id, id);

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
-- Name: events events_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (org_id, txid, seq);

--
-- Name: hot_leads hot_leads_org_id_call_id_key; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.hot_leads
    ADD CONSTRAINT hot_leads_org_id_call_id_key UNIQUE (org_id, call_id);

--
-- Name: hot_leads hot_leads_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.hot_leads
    ADD CONSTRAINT hot_leads_pkey PRIMARY KEY (org_id, id);

--
-- Name: inbound_sms_messages inbound_sms_messages_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.inbound_sms_messages
    ADD CONSTRAINT inbound_sms_messages_pkey PRIMARY KEY (org_id, message_sid);

--
-- Name: inbound_sms_texts inbound_sms_texts_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.inbound_sms_texts
    ADD CONSTRAINT inbound_sms_texts_pkey PRIMARY KEY (org_id, id);

--
-- Name: integration_settings integration_settings_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.integration_settings
    ADD CONSTRAINT integration_settings_pkey PRIMARY KEY (org_id);

--
-- Name: lead_scoring_settings lead_scoring_settings_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.lead_scoring_settings
    ADD CONSTRAINT lead_scoring_settings_pkey PRIMARY KEY (org_id);

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
-- Name: memberships memberships_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.memberships
    ADD CONSTRAINT memberships_pkey PRIMARY KEY (org_id, account_id);

--
-- Name: organizations organizations_address_check; Type: CHECK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE booking.organizations
    ADD CONSTRAINT organizations_address_check CHECK ((((length(btrim(address)) >= 1) AND (length(btrim(address)) <= 300)) AND (address = btrim(address)))) NOT VALID;

--
-- Name: organizations organizations_contact_phone_check; Type: CHECK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE booking.organizations
    ADD CONSTRAINT organizations_contact_phone_check CHECK ((contact_phone ~ '^\+[1-9][0-9]{1,14}$'::text)) NOT VALID;

--
-- Name: organizations organizations_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.organizations
    ADD CONSTRAINT organizations_pkey PRIMARY KEY (org_id);

--
-- Name: organizations organizations_time_format_check; Type: CHECK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE booking.organizations
    ADD CONSTRAINT organizations_time_format_check CHECK ((time_format = ANY (ARRAY['12h'::text, '24h'::text]))) NOT VALID;

--
-- Name: otp_phone_locks otp_phone_locks_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.otp_phone_locks
    ADD CONSTRAINT otp_phone_locks_pkey PRIMARY KEY (org_id, phone);

--
-- Name: phone_calling_codes phone_calling_codes_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_calling_codes
    ADD CONSTRAINT phone_calling_codes_pkey PRIMARY KEY (calling_code);

--
-- Name: phone_costly_number_types phone_costly_number_types_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_costly_number_types
    ADD CONSTRAINT phone_costly_number_types_pkey PRIMARY KEY (region, number_type);

--
-- Name: phone_leading_digits phone_leading_digits_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_leading_digits
    ADD CONSTRAINT phone_leading_digits_pkey PRIMARY KEY (calling_code, leading_digits);

--
-- Name: phone_regions phone_regions_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_regions
    ADD CONSTRAINT phone_regions_pkey PRIMARY KEY (region);

--
-- Name: phone_verifications phone_verifications_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_verifications
    ADD CONSTRAINT phone_verifications_pkey PRIMARY KEY (org_id, id);

--
-- Name: server_secrets server_secrets_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.server_secrets
    ADD CONSTRAINT server_secrets_pkey PRIMARY KEY (name);

--
-- Name: service_types service_types_display_name_check; Type: CHECK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE booking.service_types
    ADD CONSTRAINT service_types_display_name_check CHECK ((((length(btrim(display_name)) >= 1) AND (length(btrim(display_name)) <= 100)) AND (display_name = btrim(display_name)))) NOT VALID;

--
-- Name: service_types service_types_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.service_types
    ADD CONSTRAINT service_types_pkey PRIMARY KEY (org_id, calendar_id, service_type);

--
-- Name: settings settings_name_check; Type: CHECK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE booking.settings
    ADD CONSTRAINT settings_name_check CHECK ((name = ANY (ARRAY['lock_timeout'::text, 'public_base_url'::text, 'sms_body_retention_days'::text, 'phone_verification_retention_days'::text, 'inbound_sms_retention_days'::text, 'expired_hold_retention_days'::text, 'manage_link_days'::text]))) NOT VALID;

--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (name);

--
-- Name: signed_out_access_tokens signed_out_access_tokens_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.signed_out_access_tokens
    ADD CONSTRAINT signed_out_access_tokens_pkey PRIMARY KEY (token_hash);

--
-- Name: sms_limits sms_limits_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.sms_limits
    ADD CONSTRAINT sms_limits_pkey PRIMARY KEY (org_id);

--
-- Name: sms_opt_outs sms_opt_outs_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.sms_opt_outs
    ADD CONSTRAINT sms_opt_outs_pkey PRIMARY KEY (org_id, phone);

--
-- Name: sms_outbox sms_outbox_body_check; Type: CHECK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE booking.sms_outbox
    ADD CONSTRAINT sms_outbox_body_check CHECK (((length(body) <= 1600) AND ((length(body) >= 1) OR (body_removed_at IS NOT NULL)))) NOT VALID;

--
-- Name: sms_outbox sms_outbox_kind_check; Type: CHECK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE booking.sms_outbox
    ADD CONSTRAINT sms_outbox_kind_check CHECK ((kind = ANY (ARRAY['confirmation'::text, 'otp'::text, 'hot_lead_alert'::text, 'reminder'::text, 'cancellation'::text, 'reschedule'::text, 'reply'::text, 'staff_invitation'::text, 'test_sms'::text, 'staff_reply'::text, 'waitlist_offer'::text]))) NOT VALID;

--
-- Name: sms_outbox sms_outbox_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.sms_outbox
    ADD CONSTRAINT sms_outbox_pkey PRIMARY KEY (org_id, id);

--
-- Name: sms_rate_limit_hits sms_rate_limit_hits_limit_name_check; Type: CHECK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE booking.sms_rate_limit_hits
    ADD CONSTRAINT sms_rate_limit_hits_limit_name_check CHECK ((limit_name = ANY (ARRAY['otp_codes_per_hour'::text, 'recipient_sms_per_hour'::text, 'recipient_sms_per_day'::text, 'auto_replies_per_hour'::text]))) NOT VALID;

--
-- Name: sms_rate_limit_hits sms_rate_limit_hits_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.sms_rate_limit_hits
    ADD CONSTRAINT sms_rate_limit_hits_pkey PRIMARY KEY (org_id, id);

--
-- Name: staff_accounts staff_accounts_email_key; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_accounts
    ADD CONSTRAINT staff_accounts_email_key UNIQUE (email);

--
-- Name: staff_accounts staff_accounts_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_accounts
    ADD CONSTRAINT staff_accounts_pkey PRIMARY KEY (account_id);

--
-- Name: staff_invitations staff_invitations_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_invitations
    ADD CONSTRAINT staff_invitations_pkey PRIMARY KEY (org_id, invitation_id);

--
-- Name: staff_invitations staff_invitations_token_hash_key; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_invitations
    ADD CONSTRAINT staff_invitations_token_hash_key UNIQUE (org_id, token_hash);

--
-- Name: staff_password_resets staff_password_resets_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_password_resets
    ADD CONSTRAINT staff_password_resets_pkey PRIMARY KEY (org_id, reset_id);

--
-- Name: staff_password_resets staff_password_resets_token_hash_key; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_password_resets
    ADD CONSTRAINT staff_password_resets_token_hash_key UNIQUE (org_id, token_hash);

--
-- Name: staff_refresh_tokens staff_refresh_tokens_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_refresh_tokens
    ADD CONSTRAINT staff_refresh_tokens_pkey PRIMARY KEY (token_hash);

--
-- Name: voice_agent_credentials voice_agent_credentials_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_agent_credentials
    ADD CONSTRAINT voice_agent_credentials_pkey PRIMARY KEY (org_id, id);

--
-- Name: voice_agents voice_agents_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_agents
    ADD CONSTRAINT voice_agents_pkey PRIMARY KEY (org_id);

--
-- Name: voice_caller_policies voice_caller_policies_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_caller_policies
    ADD CONSTRAINT voice_caller_policies_pkey PRIMARY KEY (org_id);

--
-- Name: voice_lookups voice_lookups_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_lookups
    ADD CONSTRAINT voice_lookups_pkey PRIMARY KEY (org_id, id);

--
-- Name: voice_tool_calls voice_tool_calls_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_tool_calls
    ADD CONSTRAINT voice_tool_calls_pkey PRIMARY KEY (org_id, tool_call_id);

--
-- Name: waitlist_entries waitlist_entries_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_entries
    ADD CONSTRAINT waitlist_entries_pkey PRIMARY KEY (org_id, id);

--
-- Name: waitlist_offers waitlist_offers_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_offers
    ADD CONSTRAINT waitlist_offers_pkey PRIMARY KEY (org_id, id);

--
-- Name: waitlist_offers waitlist_offers_slot_entry_key; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_offers
    ADD CONSTRAINT waitlist_offers_slot_entry_key UNIQUE (org_id, slot_id, entry_id);

--
-- Name: waitlist_settings waitlist_settings_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_settings
    ADD CONSTRAINT waitlist_settings_pkey PRIMARY KEY (org_id);

--
-- Name: waitlist_slots waitlist_slots_pkey; Type: CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_slots
    ADD CONSTRAINT waitlist_slots_pkey PRIMARY KEY (org_id, id);

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
-- Name: appointment_history_appointment; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointment_history_appointment ON booking.appointment_history USING btree (org_id, appointment_id, occurred_at);

--
-- Name: appointment_holds_active_expires_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointment_holds_active_expires_at ON booking.appointment_holds USING btree (expires_at) WHERE (status = 'active'::text);

--
-- Name: appointment_holds_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointment_holds_id ON booking.appointment_holds USING btree (id);

--
-- Name: appointment_holds_one_active_per_call; Type: INDEX; Schema: booking; Owner: -
--

CREATE UNIQUE INDEX appointment_holds_one_active_per_call ON booking.appointment_holds USING btree (org_id, call_sid) WHERE (status = 'active'::text);

--
-- Name: appointment_holds_unconsumed_expires_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointment_holds_unconsumed_expires_at ON booking.appointment_holds USING btree (expires_at) WHERE (status <> 'consumed'::text);

--
-- Name: appointment_manage_tokens_appointment; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointment_manage_tokens_appointment ON booking.appointment_manage_tokens USING btree (org_id, appointment_id);

--
-- Name: appointment_manage_tokens_token_sha256; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointment_manage_tokens_token_sha256 ON booking.appointment_manage_tokens USING btree (token_sha256);

--
-- Name: appointments_org_id_contact_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointments_org_id_contact_id ON booking.appointments USING btree (org_id, contact_id);

--
-- Name: appointments_org_id_scheduled_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX appointments_org_id_scheduled_at ON booking.appointments USING btree (org_id, scheduled_at);

--
-- Name: calendar_blocks_during; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX calendar_blocks_during ON booking.calendar_blocks USING gist (org_id, calendar_id, tstzrange(starts_at, ends_at, '[)'::text));

--
-- Name: calendars_one_default_per_org; Type: INDEX; Schema: booking; Owner: -
--

CREATE UNIQUE INDEX calendars_one_default_per_org ON booking.calendars USING btree (org_id) WHERE is_default;

--
-- Name: calls_org_id_created_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX calls_org_id_created_at ON booking.calls USING btree (org_id, created_at DESC);

--
-- Name: contacts_name_trigram; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX contacts_name_trigram ON booking.contacts USING gin (name extensions.gin_trgm_ops);

--
-- Name: contacts_phone_ai; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX contacts_phone_ai ON booking.contacts USING btree (org_id, booking_source) WHERE (booking_source = 'phone_ai'::text);

--
-- Name: contacts_phone_trigram; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX contacts_phone_trigram ON booking.contacts USING gin (phone extensions.gin_trgm_ops);

--
-- Name: hot_leads_org_id_created_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX hot_leads_org_id_created_at ON booking.hot_leads USING btree (org_id, created_at DESC);

--
-- Name: inbound_sms_messages_received_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX inbound_sms_messages_received_at ON booking.inbound_sms_messages USING btree (received_at);

--
-- Name: inbound_sms_texts_by_sender; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX inbound_sms_texts_by_sender ON booking.inbound_sms_texts USING btree (org_id, sender, received_at DESC);

--
-- Name: inbound_sms_texts_received_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX inbound_sms_texts_received_at ON booking.inbound_sms_texts USING btree (received_at);

--
-- Name: inbound_sms_texts_unread; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX inbound_sms_texts_unread ON booking.inbound_sms_texts USING btree (org_id, sender) WHERE (read_at IS NULL);

--
-- Name: integration_settings_twilio_from_number; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX integration_settings_twilio_from_number ON booking.integration_settings USING btree (twilio_from_number) WHERE (twilio_from_number IS NOT NULL);

--
-- Name: integration_settings_twilio_messaging_service_sid; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX integration_settings_twilio_messaging_service_sid ON booking.integration_settings USING btree (twilio_messaging_service_sid) WHERE (twilio_messaging_service_sid IS NOT NULL);

--
-- Name: memberships_account_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX memberships_account_id ON booking.memberships USING btree (account_id);

--
-- Name: phone_costly_number_types_by_calling_code; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX phone_costly_number_types_by_calling_code ON booking.phone_costly_number_types USING btree (calling_code);

--
-- Name: phone_verifications_call_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX phone_verifications_call_id ON booking.phone_verifications USING btree (org_id, call_id) WHERE (call_id IS NOT NULL);

--
-- Name: phone_verifications_created_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX phone_verifications_created_at ON booking.phone_verifications USING btree (org_id, created_at);

--
-- Name: phone_verifications_expires_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX phone_verifications_expires_at ON booking.phone_verifications USING btree (expires_at);

--
-- Name: phone_verifications_phone_created_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX phone_verifications_phone_created_at ON booking.phone_verifications USING btree (org_id, phone, created_at);

--
-- Name: service_types_org_id_calendar_id_lower_name; Type: INDEX; Schema: booking; Owner: -
--

CREATE UNIQUE INDEX service_types_org_id_calendar_id_lower_name ON booking.service_types USING btree (org_id, calendar_id, lower(service_type));

--
-- Name: signed_out_access_tokens_expires_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX signed_out_access_tokens_expires_at ON booking.signed_out_access_tokens USING btree (expires_at);

--
-- Name: sms_outbox_bodies_kept; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_outbox_bodies_kept ON booking.sms_outbox USING btree (updated_at) WHERE ((body_removed_at IS NULL) AND (status <> ALL (ARRAY['pending'::text, 'claimed'::text])));

--
-- Name: sms_outbox_by_recipient; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_outbox_by_recipient ON booking.sms_outbox USING btree (org_id, recipient, created_at DESC);

--
-- Name: sms_outbox_confirmations_by_org; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_outbox_confirmations_by_org ON booking.sms_outbox USING btree (org_id, created_at DESC) WHERE (kind = 'confirmation'::text);

--
-- Name: sms_outbox_confirmations_by_time; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_outbox_confirmations_by_time ON booking.sms_outbox USING btree (created_at) WHERE (kind = 'confirmation'::text);

--
-- Name: sms_outbox_due; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_outbox_due ON booking.sms_outbox USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'claimed'::text]));

--
-- Name: sms_outbox_one_confirmation_per_appointment; Type: INDEX; Schema: booking; Owner: -
--

CREATE UNIQUE INDEX sms_outbox_one_confirmation_per_appointment ON booking.sms_outbox USING btree (appointment_id, org_id) WHERE (kind = 'confirmation'::text);

--
-- Name: sms_outbox_one_reminder_per_start_and_offset; Type: INDEX; Schema: booking; Owner: -
--

CREATE UNIQUE INDEX sms_outbox_one_reminder_per_start_and_offset ON booking.sms_outbox USING btree (org_id, appointment_id, appointment_scheduled_at, reminder_offset_minutes) WHERE ((kind = 'reminder'::text) AND (status <> 'canceled'::text));

--
-- Name: sms_outbox_otp_by_call; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_outbox_otp_by_call ON booking.sms_outbox USING btree (org_id, call_id) WHERE (kind = 'otp'::text);

--
-- Name: sms_outbox_otp_by_org; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_outbox_otp_by_org ON booking.sms_outbox USING btree (org_id, created_at) WHERE (kind = 'otp'::text);

--
-- Name: sms_outbox_provider_message_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_outbox_provider_message_id ON booking.sms_outbox USING btree (provider_message_id) WHERE (provider_message_id IS NOT NULL);

--
-- Name: sms_outbox_test_sms_by_org; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_outbox_test_sms_by_org ON booking.sms_outbox USING btree (org_id, created_at) WHERE (kind = 'test_sms'::text);

--
-- Name: sms_rate_limit_hits_recent; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX sms_rate_limit_hits_recent ON booking.sms_rate_limit_hits USING btree (org_id, created_at DESC);

--
-- Name: staff_invitations_token_hash; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX staff_invitations_token_hash ON booking.staff_invitations USING btree (token_hash);

--
-- Name: staff_password_resets_account_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX staff_password_resets_account_id ON booking.staff_password_resets USING btree (org_id, account_id);

--
-- Name: staff_password_resets_token_hash; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX staff_password_resets_token_hash ON booking.staff_password_resets USING btree (token_hash);

--
-- Name: staff_refresh_tokens_account_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX staff_refresh_tokens_account_id ON booking.staff_refresh_tokens USING btree (account_id);

--
-- Name: staff_refresh_tokens_family_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX staff_refresh_tokens_family_id ON booking.staff_refresh_tokens USING btree (family_id);

--
-- Name: voice_agent_credentials_token_sha256; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX voice_agent_credentials_token_sha256 ON booking.voice_agent_credentials USING btree (token_sha256) WHERE (token_sha256 IS NOT NULL);

--
-- Name: voice_agents_secret_sha256; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX voice_agents_secret_sha256 ON booking.voice_agents USING btree (secret_sha256);

--
-- Name: voice_lookups_call_id; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX voice_lookups_call_id ON booking.voice_lookups USING btree (org_id, call_id) WHERE (call_id IS NOT NULL);

--
-- Name: voice_lookups_created_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX voice_lookups_created_at ON booking.voice_lookups USING btree (org_id, created_at);

--
-- Name: voice_tool_calls_created_at; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX voice_tool_calls_created_at ON booking.voice_tool_calls USING btree (org_id, created_at);

--
-- Name: waitlist_entries_appointment; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_entries_appointment ON booking.waitlist_entries USING btree (org_id, appointment_id) WHERE (appointment_id IS NOT NULL);

--
-- Name: waitlist_entries_contact; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_entries_contact ON booking.waitlist_entries USING btree (org_id, contact_id);

--
-- Name: waitlist_entries_open; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_entries_open ON booking.waitlist_entries USING btree (org_id, created_at) WHERE (status = 'open'::text);

--
-- Name: waitlist_offers_due; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_offers_due ON booking.waitlist_offers USING btree (expires_at) WHERE (status = 'sent'::text);

--
-- Name: waitlist_offers_entry; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_offers_entry ON booking.waitlist_offers USING btree (org_id, entry_id);

--
-- Name: waitlist_offers_message; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_offers_message ON booking.waitlist_offers USING btree (org_id, message_id);

--
-- Name: waitlist_offers_one_claim; Type: INDEX; Schema: booking; Owner: -
--

CREATE UNIQUE INDEX waitlist_offers_one_claim ON booking.waitlist_offers USING btree (org_id, slot_id) WHERE (status = 'claimed'::text);

--
-- Name: waitlist_offers_token_sha256; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_offers_token_sha256 ON booking.waitlist_offers USING btree (token_sha256);

--
-- Name: waitlist_slots_created; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_slots_created ON booking.waitlist_slots USING btree (org_id, created_at);

--
-- Name: waitlist_slots_due; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_slots_due ON booking.waitlist_slots USING btree (next_batch_at) WHERE (status = 'offering'::text);

--
-- Name: waitlist_slots_hold; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_slots_hold ON booking.waitlist_slots USING btree (org_id, taken_by_hold_id) WHERE (taken_by_hold_id IS NOT NULL);

--
-- Name: waitlist_slots_offering; Type: INDEX; Schema: booking; Owner: -
--

CREATE INDEX waitlist_slots_offering ON booking.waitlist_slots USING btree (org_id, calendar_id, starts_at) WHERE (status = 'offering'::text);

--
-- Name: appointment_history appointment_history_stamp_actor; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER appointment_history_stamp_actor BEFORE INSERT ON booking.appointment_history FOR EACH ROW EXECUTE FUNCTION booking.stamp_history_actor();

--
-- Name: appointment_holds appointment_holds_record_event; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER appointment_holds_record_event AFTER INSERT ON booking.appointment_holds FOR EACH ROW EXECUTE FUNCTION booking.record_event();

--
-- Name: appointment_holds appointment_holds_record_event_change; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER appointment_holds_record_event_change AFTER UPDATE OF status ON booking.appointment_holds FOR EACH ROW WHEN ((new.status IS DISTINCT FROM old.status)) EXECUTE FUNCTION booking.record_event();

--
-- Name: appointment_holds appointment_holds_waitlist; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER appointment_holds_waitlist AFTER INSERT ON booking.appointment_holds FOR EACH ROW EXECUTE FUNCTION booking.waitlist_track_hold();

--
-- Name: appointment_holds appointment_holds_waitlist_change; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER appointment_holds_waitlist_change AFTER UPDATE OF status ON booking.appointment_holds FOR EACH ROW WHEN (((new.status IS DISTINCT FROM old.status) AND (new.status = ANY (ARRAY['released'::text, 'expired'::text])) AND (old.status = 'active'::text))) EXECUTE FUNCTION booking.waitlist_track_hold();

--
-- Name: appointments appointments_record_event; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER appointments_record_event AFTER INSERT ON booking.appointments FOR EACH ROW EXECUTE FUNCTION booking.record_event();

--
-- Name: appointments appointments_record_event_change; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER appointments_record_event_change AFTER UPDATE OF status, scheduled_at, patient_confirmed_at ON booking.appointments FOR EACH ROW WHEN (((new.status IS DISTINCT FROM old.status) OR (new.scheduled_at IS DISTINCT FROM old.scheduled_at) OR ((new.patient_confirmed_at IS NOT NULL) AND (old.patient_confirmed_at IS NULL)))) EXECUTE FUNCTION booking.record_event();

--
-- Name: appointments appointments_waitlist; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER appointments_waitlist AFTER INSERT ON booking.appointments FOR EACH ROW EXECUTE FUNCTION booking.waitlist_track_appointment();

--
-- Name: appointments appointments_waitlist_change; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER appointments_waitlist_change AFTER UPDATE OF status, scheduled_at, calendar_id ON booking.appointments FOR EACH ROW WHEN (((new.status IS DISTINCT FROM old.status) OR (new.scheduled_at IS DISTINCT FROM old.scheduled_at) OR (new.calendar_id IS DISTINCT FROM old.calendar_id))) EXECUTE FUNCTION booking.waitlist_track_appointment();

--
-- Name: calendar_blocks calendar_blocks_waitlist; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER calendar_blocks_waitlist AFTER INSERT OR DELETE ON booking.calendar_blocks FOR EACH ROW EXECUTE FUNCTION booking.waitlist_track_block();

--
-- Name: hot_leads hot_leads_record_event; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER hot_leads_record_event AFTER INSERT ON booking.hot_leads FOR EACH ROW EXECUTE FUNCTION booking.record_event();

--
-- Name: inbound_sms_texts inbound_sms_texts_record_event; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER inbound_sms_texts_record_event AFTER INSERT ON booking.inbound_sms_texts FOR EACH ROW EXECUTE FUNCTION booking.record_event();

--
-- Name: sms_outbox sms_outbox_record_event; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER sms_outbox_record_event AFTER INSERT ON booking.sms_outbox FOR EACH ROW WHEN ((new.kind <> 'reminder'::text)) EXECUTE FUNCTION booking.record_event();

--
-- Name: sms_outbox sms_outbox_record_event_change; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER sms_outbox_record_event_change AFTER UPDATE OF status ON booking.sms_outbox FOR EACH ROW WHEN ((new.status IS DISTINCT FROM old.status)) EXECUTE FUNCTION booking.record_event();

--
-- Name: sms_outbox sms_outbox_redact_manage_links; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER sms_outbox_redact_manage_links BEFORE UPDATE OF status ON booking.sms_outbox FOR EACH ROW WHEN (((new.kind <> 'otp'::text) AND (new.status <> ALL (ARRAY['pending'::text, 'claimed'::text])) AND (old.status = ANY (ARRAY['pending'::text, 'claimed'::text])))) EXECUTE FUNCTION booking.redact_sent_manage_links();

--
-- Name: sms_outbox sms_outbox_redact_one_time_code; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER sms_outbox_redact_one_time_code BEFORE UPDATE OF status ON booking.sms_outbox FOR EACH ROW WHEN (((new.kind = 'otp'::text) AND (new.status <> ALL (ARRAY['pending'::text, 'claimed'::text])) AND (old.status = ANY (ARRAY['pending'::text, 'claimed'::text])))) EXECUTE FUNCTION booking.redact_sent_one_time_code();

--
-- Name: sms_outbox sms_outbox_redact_suppressed_manage_links; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER sms_outbox_redact_suppressed_manage_links BEFORE INSERT ON booking.sms_outbox FOR EACH ROW WHEN (((new.kind <> 'otp'::text) AND (new.status = 'suppressed'::text))) EXECUTE FUNCTION booking.redact_sent_manage_links();

--
-- Name: sms_outbox sms_outbox_redact_suppressed_one_time_code; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER sms_outbox_redact_suppressed_one_time_code BEFORE INSERT ON booking.sms_outbox FOR EACH ROW WHEN (((new.kind = 'otp'::text) AND (new.status = 'suppressed'::text))) EXECUTE FUNCTION booking.redact_sent_one_time_code();

--
-- Name: sms_rate_limit_hits sms_rate_limit_hits_record_event; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER sms_rate_limit_hits_record_event AFTER INSERT ON booking.sms_rate_limit_hits FOR EACH ROW EXECUTE FUNCTION booking.record_event();

--
-- Name: waitlist_entries waitlist_entries_record_event; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER waitlist_entries_record_event AFTER INSERT ON booking.waitlist_entries FOR EACH ROW EXECUTE FUNCTION booking.record_event();

--
-- Name: waitlist_entries waitlist_entries_record_event_change; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER waitlist_entries_record_event_change AFTER UPDATE OF status ON booking.waitlist_entries FOR EACH ROW WHEN ((new.status IS DISTINCT FROM old.status)) EXECUTE FUNCTION booking.record_event();

--
-- Name: waitlist_offers waitlist_offers_record_event; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER waitlist_offers_record_event AFTER INSERT ON booking.waitlist_offers FOR EACH ROW EXECUTE FUNCTION booking.record_event();

--
-- Name: waitlist_offers waitlist_offers_record_event_change; Type: TRIGGER; Schema: booking; Owner: -
--

CREATE TRIGGER waitlist_offers_record_event_change AFTER UPDATE OF status ON booking.waitlist_offers FOR EACH ROW WHEN ((new.status IS DISTINCT FROM old.status)) EXECUTE FUNCTION booking.record_event();

--
-- Name: appointment_history appointment_history_appointment_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointment_history
    ADD CONSTRAINT appointment_history_appointment_fkey FOREIGN KEY (org_id, appointment_id) REFERENCES booking.appointments(org_id, id) ON DELETE CASCADE;

--
-- Name: appointment_holds appointment_holds_appointment_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointment_holds
    ADD CONSTRAINT appointment_holds_appointment_fkey FOREIGN KEY (org_id, appointment_id) REFERENCES booking.appointments(org_id, id);

--
-- Name: appointment_holds appointment_holds_calendar_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointment_holds
    ADD CONSTRAINT appointment_holds_calendar_fkey FOREIGN KEY (org_id, calendar_id) REFERENCES booking.calendars(org_id, calendar_id);

--
-- Name: appointment_holds appointment_holds_contact_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointment_holds
    ADD CONSTRAINT appointment_holds_contact_fkey FOREIGN KEY (org_id, contact_id) REFERENCES booking.contacts(org_id, id);

--
-- Name: appointment_manage_tokens appointment_manage_tokens_appointment_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.appointment_manage_tokens
    ADD CONSTRAINT appointment_manage_tokens_appointment_fkey FOREIGN KEY (org_id, appointment_id) REFERENCES booking.appointments(org_id, id) ON DELETE CASCADE;

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
-- Name: calendar_blocks calendar_blocks_org_id_calendar_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendar_blocks
    ADD CONSTRAINT calendar_blocks_org_id_calendar_id_fkey FOREIGN KEY (org_id, calendar_id) REFERENCES booking.calendars(org_id, calendar_id) ON DELETE CASCADE;

--
-- Name: calendar_date_overrides calendar_date_overrides_calendar_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendar_date_overrides
    ADD CONSTRAINT calendar_date_overrides_calendar_fkey FOREIGN KEY (org_id, calendar_id) REFERENCES booking.calendars(org_id, calendar_id) ON DELETE CASCADE;

--
-- Name: calendar_override_hours calendar_override_hours_override_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendar_override_hours
    ADD CONSTRAINT calendar_override_hours_override_fkey FOREIGN KEY (org_id, calendar_id, on_date) REFERENCES booking.calendar_date_overrides(org_id, calendar_id, on_date) ON DELETE CASCADE;

--
-- Name: calendar_weekly_hours calendar_weekly_hours_calendar_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendar_weekly_hours
    ADD CONSTRAINT calendar_weekly_hours_calendar_fkey FOREIGN KEY (org_id, calendar_id) REFERENCES booking.calendars(org_id, calendar_id) ON DELETE CASCADE;

--
-- Name: calendars calendars_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calendars
    ADD CONSTRAINT calendars_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: calls calls_appointment_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calls
    ADD CONSTRAINT calls_appointment_fkey FOREIGN KEY (org_id, appointment_id) REFERENCES booking.appointments(org_id, id) ON DELETE SET NULL (appointment_id);

--
-- Name: calls calls_contact_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calls
    ADD CONSTRAINT calls_contact_fkey FOREIGN KEY (org_id, contact_id) REFERENCES booking.contacts(org_id, id) ON DELETE SET NULL (contact_id);

--
-- Name: calls calls_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.calls
    ADD CONSTRAINT calls_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: contacts contacts_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.contacts
    ADD CONSTRAINT contacts_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: events events_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.events
    ADD CONSTRAINT events_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: hot_leads hot_leads_call_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.hot_leads
    ADD CONSTRAINT hot_leads_call_fkey FOREIGN KEY (org_id, call_id) REFERENCES booking.calls(org_id, id) ON DELETE CASCADE;

--
-- Name: hot_leads hot_leads_contact_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.hot_leads
    ADD CONSTRAINT hot_leads_contact_fkey FOREIGN KEY (org_id, contact_id) REFERENCES booking.contacts(org_id, id) ON DELETE SET NULL (contact_id);

--
-- Name: hot_leads hot_leads_sms_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.hot_leads
    ADD CONSTRAINT hot_leads_sms_fkey FOREIGN KEY (org_id, sms_message_id) REFERENCES booking.sms_outbox(org_id, id);

--
-- Name: inbound_sms_messages inbound_sms_messages_appointment_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.inbound_sms_messages
    ADD CONSTRAINT inbound_sms_messages_appointment_fkey FOREIGN KEY (org_id, appointment_id) REFERENCES booking.appointments(org_id, id) ON DELETE SET NULL (appointment_id);

--
-- Name: inbound_sms_messages inbound_sms_messages_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.inbound_sms_messages
    ADD CONSTRAINT inbound_sms_messages_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: inbound_sms_texts inbound_sms_texts_appointment_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.inbound_sms_texts
    ADD CONSTRAINT inbound_sms_texts_appointment_fkey FOREIGN KEY (org_id, appointment_id) REFERENCES booking.appointments(org_id, id) ON DELETE SET NULL (appointment_id);

--
-- Name: inbound_sms_texts inbound_sms_texts_contact_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.inbound_sms_texts
    ADD CONSTRAINT inbound_sms_texts_contact_fkey FOREIGN KEY (org_id, contact_id) REFERENCES booking.contacts(org_id, id) ON DELETE SET NULL (contact_id);

--
-- Name: inbound_sms_texts inbound_sms_texts_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.inbound_sms_texts
    ADD CONSTRAINT inbound_sms_texts_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: integration_settings integration_settings_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.integration_settings
    ADD CONSTRAINT integration_settings_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: lead_scoring_settings lead_scoring_settings_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.lead_scoring_settings
    ADD CONSTRAINT lead_scoring_settings_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: leads leads_contact_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.leads
    ADD CONSTRAINT leads_contact_fkey FOREIGN KEY (org_id, contact_id) REFERENCES booking.contacts(org_id, id) ON DELETE CASCADE;

--
-- Name: memberships memberships_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.memberships
    ADD CONSTRAINT memberships_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: otp_phone_locks otp_phone_locks_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.otp_phone_locks
    ADD CONSTRAINT otp_phone_locks_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: phone_calling_codes phone_calling_codes_main_region_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_calling_codes
    ADD CONSTRAINT phone_calling_codes_main_region_fkey FOREIGN KEY (main_region) REFERENCES booking.phone_regions(region);

--
-- Name: phone_costly_number_types phone_costly_number_types_calling_code_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_costly_number_types
    ADD CONSTRAINT phone_costly_number_types_calling_code_fkey FOREIGN KEY (calling_code) REFERENCES booking.phone_calling_codes(calling_code);

--
-- Name: phone_costly_number_types phone_costly_number_types_region_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_costly_number_types
    ADD CONSTRAINT phone_costly_number_types_region_fkey FOREIGN KEY (region) REFERENCES booking.phone_regions(region);

--
-- Name: phone_leading_digits phone_leading_digits_calling_code_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_leading_digits
    ADD CONSTRAINT phone_leading_digits_calling_code_fkey FOREIGN KEY (calling_code) REFERENCES booking.phone_calling_codes(calling_code);

--
-- Name: phone_leading_digits phone_leading_digits_region_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_leading_digits
    ADD CONSTRAINT phone_leading_digits_region_fkey FOREIGN KEY (region) REFERENCES booking.phone_regions(region);

--
-- Name: phone_regions phone_regions_calling_code_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_regions
    ADD CONSTRAINT phone_regions_calling_code_fkey FOREIGN KEY (calling_code) REFERENCES booking.phone_calling_codes(calling_code);

--
-- Name: phone_verifications phone_verifications_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.phone_verifications
    ADD CONSTRAINT phone_verifications_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: service_types service_types_calendar_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.service_types
    ADD CONSTRAINT service_types_calendar_fkey FOREIGN KEY (org_id, calendar_id) REFERENCES booking.calendars(org_id, calendar_id) ON DELETE CASCADE;

--
-- Name: sms_limits sms_limits_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.sms_limits
    ADD CONSTRAINT sms_limits_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: sms_opt_outs sms_opt_outs_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.sms_opt_outs
    ADD CONSTRAINT sms_opt_outs_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: sms_outbox sms_outbox_appointment_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.sms_outbox
    ADD CONSTRAINT sms_outbox_appointment_fkey FOREIGN KEY (org_id, appointment_id) REFERENCES booking.appointments(org_id, id) ON DELETE SET NULL (appointment_id);

--
-- Name: sms_outbox sms_outbox_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.sms_outbox
    ADD CONSTRAINT sms_outbox_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: sms_rate_limit_hits sms_rate_limit_hits_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.sms_rate_limit_hits
    ADD CONSTRAINT sms_rate_limit_hits_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: staff_invitations staff_invitations_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_invitations
    ADD CONSTRAINT staff_invitations_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: staff_password_resets staff_password_resets_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_password_resets
    ADD CONSTRAINT staff_password_resets_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: staff_refresh_tokens staff_refresh_tokens_account_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.staff_refresh_tokens
    ADD CONSTRAINT staff_refresh_tokens_account_id_fkey FOREIGN KEY (account_id) REFERENCES booking.staff_accounts(account_id) ON DELETE CASCADE;

--
-- Name: voice_agent_credentials voice_agent_credentials_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_agent_credentials
    ADD CONSTRAINT voice_agent_credentials_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: voice_agents voice_agents_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_agents
    ADD CONSTRAINT voice_agents_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: voice_caller_policies voice_caller_policies_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_caller_policies
    ADD CONSTRAINT voice_caller_policies_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: voice_lookups voice_lookups_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_lookups
    ADD CONSTRAINT voice_lookups_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: voice_tool_calls voice_tool_calls_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.voice_tool_calls
    ADD CONSTRAINT voice_tool_calls_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: waitlist_entries waitlist_entries_appointment_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_entries
    ADD CONSTRAINT waitlist_entries_appointment_fkey FOREIGN KEY (org_id, appointment_id) REFERENCES booking.appointments(org_id, id) ON DELETE CASCADE;

--
-- Name: waitlist_entries waitlist_entries_calendar_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_entries
    ADD CONSTRAINT waitlist_entries_calendar_fkey FOREIGN KEY (org_id, calendar_id) REFERENCES booking.calendars(org_id, calendar_id) ON DELETE CASCADE;

--
-- Name: waitlist_entries waitlist_entries_contact_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_entries
    ADD CONSTRAINT waitlist_entries_contact_fkey FOREIGN KEY (org_id, contact_id) REFERENCES booking.contacts(org_id, id) ON DELETE CASCADE;

--
-- Name: waitlist_offers waitlist_offers_entry_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_offers
    ADD CONSTRAINT waitlist_offers_entry_fkey FOREIGN KEY (org_id, entry_id) REFERENCES booking.waitlist_entries(org_id, id) ON DELETE CASCADE;

--
-- Name: waitlist_offers waitlist_offers_slot_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_offers
    ADD CONSTRAINT waitlist_offers_slot_fkey FOREIGN KEY (org_id, slot_id) REFERENCES booking.waitlist_slots(org_id, id) ON DELETE CASCADE;

--
-- Name: waitlist_settings waitlist_settings_org_id_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_settings
    ADD CONSTRAINT waitlist_settings_org_id_fkey FOREIGN KEY (org_id) REFERENCES booking.organizations(org_id) ON DELETE CASCADE;

--
-- Name: waitlist_slots waitlist_slots_calendar_fkey; Type: FK CONSTRAINT; Schema: booking; Owner: -
--

ALTER TABLE ONLY booking.waitlist_slots
    ADD CONSTRAINT waitlist_slots_calendar_fkey FOREIGN KEY (org_id, calendar_id) REFERENCES booking.calendars(org_id, calendar_id) ON DELETE CASCADE;

--
-- Name: appointment_history; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.appointment_history ENABLE ROW LEVEL SECURITY;

--
-- Name: appointment_holds; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.appointment_holds ENABLE ROW LEVEL SECURITY;

--
-- Name: appointment_manage_tokens; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.appointment_manage_tokens ENABLE ROW LEVEL SECURITY;

--
-- Name: appointments; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.appointments ENABLE ROW LEVEL SECURITY;

--
-- Name: calendar_blocks; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.calendar_blocks ENABLE ROW LEVEL SECURITY;

--
-- Name: calendar_date_overrides; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.calendar_date_overrides ENABLE ROW LEVEL SECURITY;

--
-- Name: calendar_override_hours; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.calendar_override_hours ENABLE ROW LEVEL SECURITY;

--
-- Name: calendar_weekly_hours; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.calendar_weekly_hours ENABLE ROW LEVEL SECURITY;

--
-- Name: calendars; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.calendars ENABLE ROW LEVEL SECURITY;

--
-- Name: calls; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.calls ENABLE ROW LEVEL SECURITY;

--
-- Name: contacts; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.contacts ENABLE ROW LEVEL SECURITY;

--
-- Name: events; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.events ENABLE ROW LEVEL SECURITY;

--
-- Name: hot_leads; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.hot_leads ENABLE ROW LEVEL SECURITY;

--
-- Name: inbound_sms_messages; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.inbound_sms_messages ENABLE ROW LEVEL SECURITY;

--
-- Name: inbound_sms_texts; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.inbound_sms_texts ENABLE ROW LEVEL SECURITY;

--
-- Name: integration_settings; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.integration_settings ENABLE ROW LEVEL SECURITY;

--
-- Name: lead_scoring_settings; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.lead_scoring_settings ENABLE ROW LEVEL SECURITY;

--
-- Name: leads; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.leads ENABLE ROW LEVEL SECURITY;

--
-- Name: appointment_history members can read their organization's appointment history; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's appointment history" ON booking.appointment_history FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: appointments members can read their organization's appointments; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's appointments" ON booking.appointments FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: calendar_blocks members can read their organization's calendar blocks; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's calendar blocks" ON booking.calendar_blocks FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: calendars members can read their organization's calendars; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's calendars" ON booking.calendars FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: voice_caller_policies members can read their organization's caller policy; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's caller policy" ON booking.voice_caller_policies FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: calls members can read their organization's calls; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's calls" ON booking.calls FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: contacts members can read their organization's contacts; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's contacts" ON booking.contacts FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: calendar_date_overrides members can read their organization's date overrides; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's date overrides" ON booking.calendar_date_overrides FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: events members can read their organization's events; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's events" ON booking.events FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: appointment_holds members can read their organization's holds; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's holds" ON booking.appointment_holds FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: hot_leads members can read their organization's hot leads; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's hot leads" ON booking.hot_leads FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: inbound_sms_texts members can read their organization's inbound texts; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's inbound texts" ON booking.inbound_sms_texts FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: integration_settings members can read their organization's integration settings; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's integration settings" ON booking.integration_settings FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: lead_scoring_settings members can read their organization's lead scoring; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's lead scoring" ON booking.lead_scoring_settings FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: leads members can read their organization's leads; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's leads" ON booking.leads FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: sms_outbox members can read their organization's outgoing sms; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's outgoing sms" ON booking.sms_outbox FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: calendar_override_hours members can read their organization's override hours; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's override hours" ON booking.calendar_override_hours FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: service_types members can read their organization's service types; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's service types" ON booking.service_types FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: sms_opt_outs members can read their organization's sms opt-outs; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's sms opt-outs" ON booking.sms_opt_outs FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: voice_agents members can read their organization's voice agent; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's voice agent" ON booking.voice_agents FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: voice_agent_credentials members can read their organization's voice credentials; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's voice credentials" ON booking.voice_agent_credentials FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: waitlist_entries members can read their organization's waitlist; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's waitlist" ON booking.waitlist_entries FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: waitlist_offers members can read their organization's waitlist offers; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's waitlist offers" ON booking.waitlist_offers FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: waitlist_settings members can read their organization's waitlist settings; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's waitlist settings" ON booking.waitlist_settings FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: waitlist_slots members can read their organization's waitlist slots; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's waitlist slots" ON booking.waitlist_slots FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: calendar_weekly_hours members can read their organization's weekly hours; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their organization's weekly hours" ON booking.calendar_weekly_hours FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: organizations members can read their own organization; Type: POLICY; Schema: booking; Owner: -
--

CREATE POLICY "members can read their own organization" ON booking.organizations FOR SELECT TO authenticated USING ((org_id = ANY (( SELECT booking.member_org_ids() AS member_org_ids)::uuid[])));

--
-- Name: memberships; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.memberships ENABLE ROW LEVEL SECURITY;

--
-- Name: organizations; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.organizations ENABLE ROW LEVEL SECURITY;

--
-- Name: otp_phone_locks; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.otp_phone_locks ENABLE ROW LEVEL SECURITY;

--
-- Name: phone_calling_codes; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.phone_calling_codes ENABLE ROW LEVEL SECURITY;

--
-- Name: phone_costly_number_types; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.phone_costly_number_types ENABLE ROW LEVEL SECURITY;

--
-- Name: phone_leading_digits; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.phone_leading_digits ENABLE ROW LEVEL SECURITY;

--
-- Name: phone_regions; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.phone_regions ENABLE ROW LEVEL SECURITY;

--
-- Name: phone_verifications; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.phone_verifications ENABLE ROW LEVEL SECURITY;

--
-- Name: server_secrets; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.server_secrets ENABLE ROW LEVEL SECURITY;

--
-- Name: service_types; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.service_types ENABLE ROW LEVEL SECURITY;

--
-- Name: settings; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.settings ENABLE ROW LEVEL SECURITY;

--
-- Name: signed_out_access_tokens; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.signed_out_access_tokens ENABLE ROW LEVEL SECURITY;

--
-- Name: sms_limits; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.sms_limits ENABLE ROW LEVEL SECURITY;

--
-- Name: sms_opt_outs; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.sms_opt_outs ENABLE ROW LEVEL SECURITY;

--
-- Name: sms_outbox; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.sms_outbox ENABLE ROW LEVEL SECURITY;

--
-- Name: sms_rate_limit_hits; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.sms_rate_limit_hits ENABLE ROW LEVEL SECURITY;

--
-- Name: staff_accounts; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.staff_accounts ENABLE ROW LEVEL SECURITY;

--
-- Name: staff_invitations; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.staff_invitations ENABLE ROW LEVEL SECURITY;

--
-- Name: staff_password_resets; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.staff_password_resets ENABLE ROW LEVEL SECURITY;

--
-- Name: staff_refresh_tokens; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.staff_refresh_tokens ENABLE ROW LEVEL SECURITY;

--
-- Name: voice_agent_credentials; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.voice_agent_credentials ENABLE ROW LEVEL SECURITY;

--
-- Name: voice_agents; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.voice_agents ENABLE ROW LEVEL SECURITY;

--
-- Name: voice_caller_policies; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.voice_caller_policies ENABLE ROW LEVEL SECURITY;

--
-- Name: voice_lookups; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.voice_lookups ENABLE ROW LEVEL SECURITY;

--
-- Name: voice_tool_calls; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.voice_tool_calls ENABLE ROW LEVEL SECURITY;

--
-- Name: waitlist_entries; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.waitlist_entries ENABLE ROW LEVEL SECURITY;

--
-- Name: waitlist_offers; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.waitlist_offers ENABLE ROW LEVEL SECURITY;

--
-- Name: waitlist_settings; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.waitlist_settings ENABLE ROW LEVEL SECURITY;

--
-- Name: waitlist_slots; Type: ROW SECURITY; Schema: booking; Owner: -
--

ALTER TABLE booking.waitlist_slots ENABLE ROW LEVEL SECURITY;

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
-- Name: TABLE calendars; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.calendars TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.calendars TO service_role;

--
-- Name: FUNCTION admin_calendar(p_org_id uuid, p_calendar_id text, OUT calendar booking.calendars, OUT error json); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.admin_calendar(p_org_id uuid, p_calendar_id text, OUT calendar booking.calendars, OUT error json) FROM PUBLIC;

--
-- Name: TABLE organizations; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.organizations TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.organizations TO service_role;

--
-- Name: FUNCTION answer_waitlist_offer_sms(p_org booking.organizations, p_phone text, p_offer_id uuid, p_word text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.answer_waitlist_offer_sms(p_org booking.organizations, p_phone text, p_offer_id uuid, p_word text) FROM PUBLIC;

--
-- Name: FUNCTION api_role(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.api_role() FROM PUBLIC;

--
-- Name: FUNCTION apply_inbound_sms(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.apply_inbound_sms(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text) FROM PUBLIC;

--
-- Name: TABLE appointments; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.appointments TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.appointments TO service_role;

--
-- Name: FUNCTION appointment_answer(p_appointment booking.appointments); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.appointment_answer(p_appointment booking.appointments) FROM PUBLIC;

--
-- Name: FUNCTION appointment_sms_text(p_kind text, p_org_id uuid, p_appointment_id uuid, p_link text, p_at timestamp with time zone); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.appointment_sms_text(p_kind text, p_org_id uuid, p_appointment_id uuid, p_link text, p_at timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION appointment_summary(p_org_id uuid, p_appointment_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.appointment_summary(p_org_id uuid, p_appointment_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION assert_actor(p_actor text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.assert_actor(p_actor text) FROM PUBLIC;

--
-- Name: FUNCTION assert_can_manage_staff(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.assert_can_manage_staff(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION assert_org_access(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.assert_org_access(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION assert_org_role(p_org_id uuid, p_least text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.assert_org_role(p_org_id uuid, p_least text) FROM PUBLIC;

--
-- Name: FUNCTION assert_service_role(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.assert_service_role() FROM PUBLIC;

--
-- Name: FUNCTION attendance_refusal(p_appointment booking.appointments, p_attendance text, p_timezone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.attendance_refusal(p_appointment booking.appointments, p_attendance text, p_timezone text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.attendance_refusal(p_appointment booking.appointments, p_attendance text, p_timezone text) TO authenticated;
GRANT ALL ON FUNCTION booking.attendance_refusal(p_appointment booking.appointments, p_attendance text, p_timezone text) TO service_role;

--
-- Name: FUNCTION available_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_service_type text, p_ignore_appointment_id uuid, p_min_notice_minutes integer); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.available_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_service_type text, p_ignore_appointment_id uuid, p_min_notice_minutes integer) FROM PUBLIC;

--
-- Name: FUNCTION busy_time(p_org_id uuid, p_calendar_id text, p_from timestamp with time zone, p_until timestamp with time zone, p_ignore_hold_id uuid, p_ignore_appointment_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.busy_time(p_org_id uuid, p_calendar_id text, p_from timestamp with time zone, p_until timestamp with time zone, p_ignore_hold_id uuid, p_ignore_appointment_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION calendar_lock_key(p_org_id uuid, p_calendar_id text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.calendar_lock_key(p_org_id uuid, p_calendar_id text) FROM PUBLIC;

--
-- Name: FUNCTION caller_account_id(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.caller_account_id() FROM PUBLIC;

--
-- Name: FUNCTION caller_appointment_refusal(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.caller_appointment_refusal(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) FROM PUBLIC;

--
-- Name: FUNCTION caller_membership_role(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.caller_membership_role(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION can_act_for_org(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.can_act_for_org(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION cancel_appointment_as(p_org_id uuid, p_appointment_id uuid, p_actor text, p_reason text, p_notify_patient boolean); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.cancel_appointment_as(p_org_id uuid, p_appointment_id uuid, p_actor text, p_reason text, p_notify_patient boolean) FROM PUBLIC;

--
-- Name: FUNCTION change_refusal(p_appointment booking.appointments, p_change text, p_actor text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.change_refusal(p_appointment booking.appointments, p_change text, p_actor text) FROM PUBLIC;

--
-- Name: FUNCTION check_phone_verification(p_org_id uuid, p_verification_id uuid, p_code text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.check_phone_verification(p_org_id uuid, p_verification_id uuid, p_code text) FROM PUBLIC;

--
-- Name: FUNCTION claim_sms_batch(p_worker text, p_limit integer, p_lease_seconds double precision); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.claim_sms_batch(p_worker text, p_limit integer, p_lease_seconds double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.claim_sms_batch(p_worker text, p_limit integer, p_lease_seconds double precision) TO service_role;

--
-- Name: FUNCTION claim_waitlist_offer_as(p_org_id uuid, p_offer_id uuid, p_actor text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.claim_waitlist_offer_as(p_org_id uuid, p_offer_id uuid, p_actor text) FROM PUBLIC;

--
-- Name: FUNCTION claimed_range(p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_buffer_minutes integer); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.claimed_range(p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_buffer_minutes integer) FROM PUBLIC;

--
-- Name: FUNCTION clinic_phone(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.clinic_phone(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION clinic_profile_json(p_org booking.organizations); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.clinic_profile_json(p_org booking.organizations) FROM PUBLIC;

--
-- Name: FUNCTION clinic_profile_refusal(p_name text, p_timezone text, p_region text, p_contact_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.clinic_profile_refusal(p_name text, p_timezone text, p_region text, p_contact_phone text) FROM PUBLIC;

--
-- Name: FUNCTION compute_lead_score(p_org_id uuid, p_call_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.compute_lead_score(p_org_id uuid, p_call_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION confirm_appointment_as_patient(p_org_id uuid, p_appointment_id uuid, p_actor text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.confirm_appointment_as_patient(p_org_id uuid, p_appointment_id uuid, p_actor text) FROM PUBLIC;

--
-- Name: FUNCTION confirmation_answer(p_appointment booking.appointments); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.confirmation_answer(p_appointment booking.appointments) FROM PUBLIC;

--
-- Name: FUNCTION confirmation_sms_text(p_org_id uuid, p_appointment_id uuid, p_reschedule_url text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.confirmation_sms_text(p_org_id uuid, p_appointment_id uuid, p_reschedule_url text) FROM PUBLIC;

--
-- Name: FUNCTION constant_time_equals(p_a bytea, p_b bytea); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.constant_time_equals(p_a bytea, p_b bytea) FROM PUBLIC;

--
-- Name: FUNCTION decrypt_setting(p_ciphertext bytea, p_encryption_key text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.decrypt_setting(p_ciphertext bytea, p_encryption_key text) FROM PUBLIC;

--
-- Name: FUNCTION effective_time_format(p_time_format text, p_phone_region text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.effective_time_format(p_time_format text, p_phone_region text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.effective_time_format(p_time_format text, p_phone_region text) TO authenticated;
GRANT ALL ON FUNCTION booking.effective_time_format(p_time_format text, p_phone_region text) TO service_role;

--
-- Name: FUNCTION enqueue_appointment_sms(p_org_id uuid, p_appointment_id uuid, p_kind text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.enqueue_appointment_sms(p_org_id uuid, p_appointment_id uuid, p_kind text) FROM PUBLIC;

--
-- Name: FUNCTION enqueue_confirmation_sms(p_org_id uuid, p_appointment_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.enqueue_confirmation_sms(p_org_id uuid, p_appointment_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION enqueue_sms(p_org_id uuid, p_kind text, p_recipient text, p_body text, p_appointment_id uuid, p_call_id text, p_expires_at timestamp with time zone, p_send_at timestamp with time zone, p_appointment_scheduled_at timestamp with time zone, p_reminder_offset_minutes integer); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.enqueue_sms(p_org_id uuid, p_kind text, p_recipient text, p_body text, p_appointment_id uuid, p_call_id text, p_expires_at timestamp with time zone, p_send_at timestamp with time zone, p_appointment_scheduled_at timestamp with time zone, p_reminder_offset_minutes integer) FROM PUBLIC;

--
-- Name: FUNCTION event_cursor(p_txid xid8, p_seq bigint); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.event_cursor(p_txid xid8, p_seq bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.event_cursor(p_txid xid8, p_seq bigint) TO authenticated;
GRANT ALL ON FUNCTION booking.event_cursor(p_txid xid8, p_seq bigint) TO service_role;

--
-- Name: FUNCTION event_cursor_position(p_cursor text, OUT txid xid8, OUT seq bigint); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.event_cursor_position(p_cursor text, OUT txid xid8, OUT seq bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.event_cursor_position(p_cursor text, OUT txid xid8, OUT seq bigint) TO authenticated;
GRANT ALL ON FUNCTION booking.event_cursor_position(p_cursor text, OUT txid xid8, OUT seq bigint) TO service_role;

--
-- Name: FUNCTION find_calendar(p_org_id uuid, p_calendar_id text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.find_calendar(p_org_id uuid, p_calendar_id text) FROM PUBLIC;

--
-- Name: FUNCTION find_or_create_contact(p_org_id uuid, p_name text, p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.find_or_create_contact(p_org_id uuid, p_name text, p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION format_local_time(p_org_id uuid, p_at timestamp with time zone, p_time_only boolean); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.format_local_time(p_org_id uuid, p_at timestamp with time zone, p_time_only boolean) FROM PUBLIC;

--
-- Name: FUNCTION hash_staff_password(p_password text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.hash_staff_password(p_password text) FROM PUBLIC;

--
-- Name: TABLE appointment_holds; Type: ACL; Schema: booking; Owner: -
--

GRANT INSERT,DELETE,UPDATE ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.org_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(org_id) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(org_id) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(id) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(id) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.calendar_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(calendar_id) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(calendar_id) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.contact_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(contact_id) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(contact_id) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.call_sid; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(call_sid) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(call_sid) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.service_type; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(service_type) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(service_type) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.patient_name; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(patient_name) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(patient_name) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.scheduled_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(scheduled_at) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(scheduled_at) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.duration_minutes; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(duration_minutes) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(duration_minutes) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.ends_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(ends_at) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(ends_at) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.expires_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(expires_at) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(expires_at) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.status; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(status) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(status) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.otp_send_count; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(otp_send_count) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(otp_send_count) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.otp_last_sent_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(otp_last_sent_at) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(otp_last_sent_at) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.otp_failed_attempts; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(otp_failed_attempts) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(otp_failed_attempts) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.appointment_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(appointment_id) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(appointment_id) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.created_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(created_at) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(created_at) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: COLUMN appointment_holds.updated_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(updated_at) ON TABLE booking.appointment_holds TO authenticated;
GRANT SELECT(updated_at) ON TABLE booking.appointment_holds TO service_role;

--
-- Name: FUNCTION hold_answer(p_hold booking.appointment_holds); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.hold_answer(p_hold booking.appointment_holds) FROM PUBLIC;

--
-- Name: FUNCTION hold_unusable_reason(p_hold booking.appointment_holds); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.hold_unusable_reason(p_hold booking.appointment_holds) FROM PUBLIC;

--
-- Name: FUNCTION insert_appointment(p_org_id uuid, p_calendar_id text, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.insert_appointment(p_org_id uuid, p_calendar_id text, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) FROM PUBLIC;

--
-- Name: FUNCTION is_costly_phone_number(p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.is_costly_phone_number(p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION is_inside_notice(p_appointment booking.appointments, p_change text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.is_inside_notice(p_appointment booking.appointments, p_change text) FROM PUBLIC;

--
-- Name: FUNCTION is_phone_region(p_region text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.is_phone_region(p_region text) FROM PUBLIC;

--
-- Name: FUNCTION is_positive_evaluation(p_value jsonb); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.is_positive_evaluation(p_value jsonb) FROM PUBLIC;

--
-- Name: FUNCTION is_privileged_caller(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.is_privileged_caller() FROM PUBLIC;

--
-- Name: FUNCTION is_sms_opted_out(p_org_id uuid, p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.is_sms_opted_out(p_org_id uuid, p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION issue_manage_token(p_org_id uuid, p_appointment_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.issue_manage_token(p_org_id uuid, p_appointment_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION issue_staff_session(p_account_id uuid, p_family_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.issue_staff_session(p_account_id uuid, p_family_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION json_error(p_code text, p_message text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.json_error(p_code text, p_message text) FROM PUBLIC;

--
-- Name: FUNCTION jwt_org_id(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.jwt_org_id() FROM PUBLIC;

--
-- Name: FUNCTION keep_inbound_text(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.keep_inbound_text(p_org booking.organizations, p_phone text, p_body text, p_to text, p_message_sid text) FROM PUBLIC;

--
-- Name: FUNCTION latest_event_cursors(p_orgs uuid[]); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.latest_event_cursors(p_orgs uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.latest_event_cursors(p_orgs uuid[]) TO service_role;

--
-- Name: FUNCTION local_time_text(p_at timestamp with time zone, p_timezone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.local_time_text(p_at timestamp with time zone, p_timezone text) FROM PUBLIC;

--
-- Name: FUNCTION lock_calendar(p_org_id uuid, p_calendar_id text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.lock_calendar(p_org_id uuid, p_calendar_id text) FROM PUBLIC;

--
-- Name: FUNCTION lock_staff_refresh_family(p_token_hash bytea); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.lock_staff_refresh_family(p_token_hash bytea) FROM PUBLIC;

--
-- Name: FUNCTION manage_link(p_org_id uuid, p_appointment_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.manage_link(p_org_id uuid, p_appointment_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION manage_link_lifetime(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.manage_link_lifetime() FROM PUBLIC;

--
-- Name: FUNCTION manage_token_appointment(p_token text, OUT org_id uuid, OUT appointment_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.manage_token_appointment(p_token text, OUT org_id uuid, OUT appointment_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION member_org_ids(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.member_org_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION booking.member_org_ids() TO authenticated;

--
-- Name: FUNCTION new_staff_token(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.new_staff_token() FROM PUBLIC;

--
-- Name: FUNCTION normalize_booking_request(p_org_id uuid, p_calendar_id text, p_patient_name text, p_patient_phone text, p_patient_email text, p_service_type text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_hold boolean, OUT calendar_id text, OUT name text, OUT phone text, OUT email text, OUT service_type text, OUT duration_minutes integer, OUT error json); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_booking_request(p_org_id uuid, p_calendar_id text, p_patient_name text, p_patient_phone text, p_patient_email text, p_service_type text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_hold boolean, OUT calendar_id text, OUT name text, OUT phone text, OUT email text, OUT service_type text, OUT duration_minutes integer, OUT error json) FROM PUBLIC;

--
-- Name: FUNCTION normalize_email(p_email text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_email(p_email text) FROM PUBLIC;

--
-- Name: FUNCTION normalize_patient(p_name text, p_phone text, p_email text, p_phone_region text, OUT name text, OUT phone text, OUT email text, OUT error json); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_patient(p_name text, p_phone text, p_email text, p_phone_region text, OUT name text, OUT phone text, OUT email text, OUT error json) FROM PUBLIC;

--
-- Name: FUNCTION normalize_person_name(p_name text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_person_name(p_name text) FROM PUBLIC;

--
-- Name: FUNCTION normalize_phone(p_phone text, p_default_region text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_phone(p_phone text, p_default_region text) FROM PUBLIC;

--
-- Name: FUNCTION normalize_service_type(p_service_type text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_service_type(p_service_type text) FROM PUBLIC;

--
-- Name: FUNCTION normalize_staff_email(p_email text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.normalize_staff_email(p_email text) FROM PUBLIC;

--
-- Name: FUNCTION notify_after_commit(p_channel text, p_payload text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.notify_after_commit(p_channel text, p_payload text) FROM PUBLIC;

--
-- Name: FUNCTION offered_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_only_start timestamp with time zone, p_min_notice_minutes integer); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.offered_slots(p_org_id uuid, p_calendar_id text, p_date date, p_duration_minutes integer, p_only_start timestamp with time zone, p_min_notice_minutes integer) FROM PUBLIC;

--
-- Name: FUNCTION otp_hash(p_code text, p_hold_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.otp_hash(p_code text, p_hold_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION otp_phone_locked(p_org_id uuid, p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.otp_phone_locked(p_org_id uuid, p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION package_setting(p_name text, p_default text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.package_setting(p_name text, p_default text) FROM PUBLIC;

--
-- Name: FUNCTION parse_opening_hours(p_intervals jsonb); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.parse_opening_hours(p_intervals jsonb) FROM PUBLIC;

--
-- Name: FUNCTION parse_report_timestamp(p_value jsonb); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.parse_report_timestamp(p_value jsonb) FROM PUBLIC;

--
-- Name: FUNCTION patient_reschedule_limit(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.patient_reschedule_limit() FROM PUBLIC;

--
-- Name: FUNCTION phone_display(p_phone text, p_region text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.phone_display(p_phone text, p_region text) FROM PUBLIC;

--
-- Name: FUNCTION phone_number_formats(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.phone_number_formats() FROM PUBLIC;

--
-- Name: FUNCTION phone_number_length_fit(p_length integer, p_possible_lengths integer[], p_local_only_lengths integer[]); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.phone_number_length_fit(p_length integer, p_possible_lengths integer[], p_local_only_lengths integer[]) FROM PUBLIC;

--
-- Name: FUNCTION public_base_url(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.public_base_url() FROM PUBLIC;

--
-- Name: FUNCTION random_otp_code(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.random_otp_code() FROM PUBLIC;

--
-- Name: FUNCTION receive_inbound_sms(p_org_ids uuid[], p_from text, p_to text, p_body text, p_message_sid text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.receive_inbound_sms(p_org_ids uuid[], p_from text, p_to text, p_body text, p_message_sid text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.receive_inbound_sms(p_org_ids uuid[], p_from text, p_to text, p_body text, p_message_sid text) TO service_role;

--
-- Name: FUNCTION recipient_sms_limit(p_org_id uuid, p_recipient text, p_kind text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.recipient_sms_limit(p_org_id uuid, p_recipient text, p_kind text) FROM PUBLIC;

--
-- Name: FUNCTION record_event(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.record_event() FROM PUBLIC;

--
-- Name: FUNCTION record_inbound_sms(p_org_id uuid, p_from text, p_body text, p_message_sid text, p_to text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.record_inbound_sms(p_org_id uuid, p_from text, p_body text, p_message_sid text, p_to text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.record_inbound_sms(p_org_id uuid, p_from text, p_body text, p_message_sid text, p_to text) TO service_role;

--
-- Name: FUNCTION record_otp_failure(p_org_id uuid, p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.record_otp_failure(p_org_id uuid, p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION record_sms_accepted(p_org_id uuid, p_message_id uuid, p_provider text, p_provider_message_id text, p_provider_status text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.record_sms_accepted(p_org_id uuid, p_message_id uuid, p_provider text, p_provider_message_id text, p_provider_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.record_sms_accepted(p_org_id uuid, p_message_id uuid, p_provider text, p_provider_message_id text, p_provider_status text) TO service_role;

--
-- Name: FUNCTION record_sms_failure(p_org_id uuid, p_message_id uuid, p_worker text, p_http_status integer, p_error_code text, p_error_message text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.record_sms_failure(p_org_id uuid, p_message_id uuid, p_worker text, p_http_status integer, p_error_code text, p_error_message text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.record_sms_failure(p_org_id uuid, p_message_id uuid, p_worker text, p_http_status integer, p_error_code text, p_error_message text) TO service_role;

--
-- Name: FUNCTION record_sms_opt_out(p_org_id uuid, p_phone text, p_opted_out boolean, p_keyword text, p_source text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.record_sms_opt_out(p_org_id uuid, p_phone text, p_opted_out boolean, p_keyword text, p_source text) FROM PUBLIC;

--
-- Name: FUNCTION record_sms_status(p_org_id uuid, p_message_id uuid, p_provider_message_id text, p_status text, p_error_code text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.record_sms_status(p_org_id uuid, p_message_id uuid, p_provider_message_id text, p_status text, p_error_code text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.record_sms_status(p_org_id uuid, p_message_id uuid, p_provider_message_id text, p_status text, p_error_code text) TO service_role;

--
-- Name: FUNCTION redact_sent_manage_links(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.redact_sent_manage_links() FROM PUBLIC;

--
-- Name: FUNCTION redact_sent_one_time_code(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.redact_sent_one_time_code() FROM PUBLIC;

--
-- Name: FUNCTION release_sms(p_org_id uuid, p_message_id uuid, p_worker text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.release_sms(p_org_id uuid, p_message_id uuid, p_worker text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.release_sms(p_org_id uuid, p_message_id uuid, p_worker text) TO service_role;

--
-- Name: FUNCTION reminder_is_current(p_org_id uuid, p_appointment_id uuid, p_scheduled_at timestamp with time zone); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.reminder_is_current(p_org_id uuid, p_appointment_id uuid, p_scheduled_at timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION reschedule_answer(p_appointment_id uuid, p_scheduled_at timestamp with time zone, p_previous_scheduled_at timestamp with time zone); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.reschedule_answer(p_appointment_id uuid, p_scheduled_at timestamp with time zone, p_previous_scheduled_at timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION reschedule_appointment_as(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_actor text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.reschedule_appointment_as(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_actor text) FROM PUBLIC;

--
-- Name: FUNCTION retention_days(p_name text, p_default integer); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.retention_days(p_name text, p_default integer) FROM PUBLIC;

--
-- Name: FUNCTION send_phone_verification(p_org booking.organizations, p_patient_phone text, p_call_id text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.send_phone_verification(p_org booking.organizations, p_patient_phone text, p_call_id text) FROM PUBLIC;

--
-- Name: FUNCTION service_display_name(p_org_id uuid, p_calendar_id text, p_service_type text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.service_display_name(p_org_id uuid, p_calendar_id text, p_service_type text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.service_display_name(p_org_id uuid, p_calendar_id text, p_service_type text) TO authenticated;

--
-- Name: FUNCTION service_duration(p_org_id uuid, p_calendar_id text, p_service_type text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.service_duration(p_org_id uuid, p_calendar_id text, p_service_type text) FROM PUBLIC;

--
-- Name: FUNCTION set_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.set_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text) FROM PUBLIC;

--
-- Name: FUNCTION slot_is_free(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_ignore_hold_id uuid, p_ignore_appointment_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.slot_is_free(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_ignore_hold_id uuid, p_ignore_appointment_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION sms_call_clinic(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_call_clinic(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION sms_change_offer(p_org_id uuid, p_appointment_id uuid, p_style text, p_link text, p_at timestamp with time zone); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_change_offer(p_org_id uuid, p_appointment_id uuid, p_style text, p_link text, p_at timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION sms_conversation_org(p_org_ids uuid[], p_from text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_conversation_org(p_org_ids uuid[], p_from text) FROM PUBLIC;

--
-- Name: FUNCTION sms_delivery_word(p_status text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_delivery_word(p_status text) FROM PUBLIC;

--
-- Name: FUNCTION sms_destination_refusal(p_org_id uuid, p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_destination_refusal(p_org_id uuid, p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION sms_error_is_permanent(p_http_status integer, p_error_code text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_error_is_permanent(p_http_status integer, p_error_code text) FROM PUBLIC;

--
-- Name: FUNCTION sms_keyword_action(p_body text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_keyword_action(p_body text) FROM PUBLIC;

--
-- Name: FUNCTION sms_manage_link_marker(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_manage_link_marker() FROM PUBLIC;

--
-- Name: FUNCTION sms_max_attempts(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_max_attempts() FROM PUBLIC;

--
-- Name: FUNCTION sms_reply_appointments(p_org_id uuid, p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_reply_appointments(p_org_id uuid, p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION sms_reply_keyword(p_body text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_reply_keyword(p_body text) FROM PUBLIC;

--
-- Name: FUNCTION sms_retry_delay(p_attempts integer); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_retry_delay(p_attempts integer) FROM PUBLIC;

--
-- Name: FUNCTION sms_status_rank(p_status text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sms_status_rank(p_status text) FROM PUBLIC;

--
-- Name: FUNCTION staff_change_refusal(p_org_id uuid, p_account_id uuid, p_caller_role text, p_new_role text, p_disabling boolean); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.staff_change_refusal(p_org_id uuid, p_account_id uuid, p_caller_role text, p_new_role text, p_disabling boolean) FROM PUBLIC;

--
-- Name: FUNCTION staff_memberships(p_account_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.staff_memberships(p_account_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION staff_password_refusal(p_password text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.staff_password_refusal(p_password text) FROM PUBLIC;

--
-- Name: FUNCTION staff_token_hash(p_token text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.staff_token_hash(p_token text) FROM PUBLIC;

--
-- Name: FUNCTION stamp_history_actor(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.stamp_history_actor() FROM PUBLIC;

--
-- Name: FUNCTION strip_national_prefix(p_number text, p_region booking.phone_regions); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.strip_national_prefix(p_number text, p_region booking.phone_regions) FROM PUBLIC;

--
-- Name: FUNCTION sync_confirmation_sms(p_org_id uuid, p_message_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sync_confirmation_sms(p_org_id uuid, p_message_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION sync_reminders(p_org_id uuid, p_appointment_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.sync_reminders(p_org_id uuid, p_appointment_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION timezone_display_name(p_timezone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.timezone_display_name(p_timezone text) FROM PUBLIC;

--
-- Name: FUNCTION to_iso8601_local(p_at timestamp with time zone, p_timezone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.to_iso8601_local(p_at timestamp with time zone, p_timezone text) FROM PUBLIC;

--
-- Name: FUNCTION to_iso8601_utc(p_at timestamp with time zone); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.to_iso8601_utc(p_at timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION twilio_credentials(p_org_id uuid, p_encryption_key text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.twilio_credentials(p_org_id uuid, p_encryption_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.twilio_credentials(p_org_id uuid, p_encryption_key text) TO service_role;

--
-- Name: FUNCTION twilio_webhook_credentials(p_org_id uuid, p_account_sid text, p_message_sid text, p_to text, p_messaging_service_sid text, p_encryption_key text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.twilio_webhook_credentials(p_org_id uuid, p_account_sid text, p_message_sid text, p_to text, p_messaging_service_sid text, p_encryption_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION booking.twilio_webhook_credentials(p_org_id uuid, p_account_sid text, p_message_sid text, p_to text, p_messaging_service_sid text, p_encryption_key text) TO service_role;

--
-- Name: FUNCTION unbookable_error(p_reason text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.unbookable_error(p_reason text) FROM PUBLIC;

--
-- Name: FUNCTION unbookable_reason(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_ignore_notice boolean); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.unbookable_reason(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_duration_minutes integer, p_ignore_notice boolean) FROM PUBLIC;

--
-- Name: FUNCTION upcoming_appointments_of_phone(p_org_id uuid, p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.upcoming_appointments_of_phone(p_org_id uuid, p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION upsert_contact(p_org_id uuid, p_name text, p_email text, p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.upsert_contact(p_org_id uuid, p_name text, p_email text, p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION voice_agent_mismatch(p_org_id uuid, p_assistant_id text, p_phone_number text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.voice_agent_mismatch(p_org_id uuid, p_assistant_id text, p_phone_number text) FROM PUBLIC;

--
-- Name: TABLE voice_caller_policies; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.voice_caller_policies TO authenticated;
GRANT SELECT ON TABLE booking.voice_caller_policies TO service_role;

--
-- Name: FUNCTION voice_caller_policy(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.voice_caller_policy(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_candidates(p_org_id uuid, p_slot_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_candidates(p_org_id uuid, p_slot_id uuid) FROM PUBLIC;

--
-- Name: TABLE waitlist_settings; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.waitlist_settings TO authenticated;
GRANT SELECT ON TABLE booking.waitlist_settings TO service_role;

--
-- Name: FUNCTION waitlist_config(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_config(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_conversation_offer(p_org_id uuid, p_phone text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_conversation_offer(p_org_id uuid, p_phone text) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_interval_freed(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_cause text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_interval_freed(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_cause text) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_interval_taken(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_hold_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_interval_taken(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_hold_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_join(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid, p_actor text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_join(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid, p_actor text) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_leave(p_org_id uuid, p_entry_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_leave(p_org_id uuid, p_entry_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_offer_sms_text(p_org_id uuid, p_calendar_id text, p_service_type text, p_starts_at timestamp with time zone, p_expires_at timestamp with time zone, p_link text, p_appointment_at timestamp with time zone); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_offer_sms_text(p_org_id uuid, p_calendar_id text, p_service_type text, p_starts_at timestamp with time zone, p_expires_at timestamp with time zone, p_link text, p_appointment_at timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_patient_booked(p_org_id uuid, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_patient_booked(p_org_id uuid, p_contact_id uuid, p_service_type text, p_scheduled_at timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_quiet_until(p_org_id uuid, p_settings booking.waitlist_settings, p_at timestamp with time zone); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_quiet_until(p_org_id uuid, p_settings booking.waitlist_settings, p_at timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_send_batch(p_org_id uuid, p_slot_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_send_batch(p_org_id uuid, p_slot_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_settings_json(p_settings booking.waitlist_settings); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_settings_json(p_settings booking.waitlist_settings) FROM PUBLIC;

--
-- Name: COLUMN waitlist_offers.org_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(org_id) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(org_id) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(id) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(id) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.slot_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(slot_id) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(slot_id) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.entry_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(entry_id) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(entry_id) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.calendar_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(calendar_id) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(calendar_id) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.starts_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(starts_at) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(starts_at) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.service_type; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(service_type) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(service_type) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.duration_minutes; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(duration_minutes) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(duration_minutes) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.batch; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(batch) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(batch) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.rank; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(rank) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(rank) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.status; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(status) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(status) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.message_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(message_id) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(message_id) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.appointment_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(appointment_id) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(appointment_id) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.offered_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(offered_at) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(offered_at) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.expires_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(expires_at) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(expires_at) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: COLUMN waitlist_offers.answered_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(answered_at) ON TABLE booking.waitlist_offers TO authenticated;
GRANT SELECT(answered_at) ON TABLE booking.waitlist_offers TO service_role;

--
-- Name: FUNCTION waitlist_token_offer(p_token text); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_token_offer(p_token text) FROM PUBLIC;

--
-- Name: FUNCTION waitlist_track_appointment(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_track_appointment() FROM PUBLIC;

--
-- Name: FUNCTION waitlist_track_block(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_track_block() FROM PUBLIC;

--
-- Name: FUNCTION waitlist_track_hold(); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_track_hold() FROM PUBLIC;

--
-- Name: FUNCTION waitlist_window_text(p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_twelve_hour boolean); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.waitlist_window_text(p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_twelve_hour boolean) FROM PUBLIC;

--
-- Name: FUNCTION weekly_hours_summary(p_org_id uuid); Type: ACL; Schema: booking; Owner: -
--

REVOKE ALL ON FUNCTION booking.weekly_hours_summary(p_org_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION accept_staff_invitation(p_token text, p_password text, p_email text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.accept_staff_invitation(p_token text, p_password text, p_email text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.accept_staff_invitation(p_token text, p_password text, p_email text) TO anon;
GRANT ALL ON FUNCTION public.accept_staff_invitation(p_token text, p_password text, p_email text) TO service_role;

--
-- Name: FUNCTION add_voice_credential(p_org_id uuid, p_kind text, p_secret text, p_encryption_key text, p_expires_at timestamp with time zone); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.add_voice_credential(p_org_id uuid, p_kind text, p_secret text, p_encryption_key text, p_expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.add_voice_credential(p_org_id uuid, p_kind text, p_secret text, p_encryption_key text, p_expires_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.add_voice_credential(p_org_id uuid, p_kind text, p_secret text, p_encryption_key text, p_expires_at timestamp with time zone) TO service_role;

--
-- Name: FUNCTION advance_waitlist(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.advance_waitlist() FROM PUBLIC;
GRANT ALL ON FUNCTION public.advance_waitlist() TO service_role;

--
-- Name: FUNCTION appointment_detail(p_org_id uuid, p_appointment_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.appointment_detail(p_org_id uuid, p_appointment_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.appointment_detail(p_org_id uuid, p_appointment_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.appointment_detail(p_org_id uuid, p_appointment_id uuid) TO service_role;

--
-- Name: FUNCTION appointment_history(p_org_id uuid, p_appointment_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.appointment_history(p_org_id uuid, p_appointment_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.appointment_history(p_org_id uuid, p_appointment_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.appointment_history(p_org_id uuid, p_appointment_id uuid) TO service_role;

--
-- Name: FUNCTION begin_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_tool text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.begin_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_tool text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.begin_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_tool text) TO authenticated;
GRANT ALL ON FUNCTION public.begin_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_tool text) TO service_role;

--
-- Name: FUNCTION block_calendar_time(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_reason text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.block_calendar_time(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.block_calendar_time(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_reason text) TO authenticated;
GRANT ALL ON FUNCTION public.block_calendar_time(p_org_id uuid, p_calendar_id text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_reason text) TO service_role;

--
-- Name: FUNCTION book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) TO authenticated;
GRANT ALL ON FUNCTION public.book_appointment_atomic(p_org_id uuid, p_patient_name text, p_patient_email text, p_patient_phone text, p_service_type text, p_scheduled_at timestamp with time zone, p_duration_minutes integer) TO service_role;

--
-- Name: FUNCTION bootstrap_owner(p_org_id uuid, p_account_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.bootstrap_owner(p_org_id uuid, p_account_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.bootstrap_owner(p_org_id uuid, p_account_id uuid) TO service_role;

--
-- Name: FUNCTION calendar_day_view(p_org_id uuid, p_calendar_id text, p_date date, p_days integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.calendar_day_view(p_org_id uuid, p_calendar_id text, p_date date, p_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.calendar_day_view(p_org_id uuid, p_calendar_id text, p_date date, p_days integer) TO authenticated;
GRANT ALL ON FUNCTION public.calendar_day_view(p_org_id uuid, p_calendar_id text, p_date date, p_days integer) TO service_role;

--
-- Name: FUNCTION cancel_appointment(p_org_id uuid, p_appointment_id uuid, p_reason text, p_notify_patient boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.cancel_appointment(p_org_id uuid, p_appointment_id uuid, p_reason text, p_notify_patient boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cancel_appointment(p_org_id uuid, p_appointment_id uuid, p_reason text, p_notify_patient boolean) TO authenticated;
GRANT ALL ON FUNCTION public.cancel_appointment(p_org_id uuid, p_appointment_id uuid, p_reason text, p_notify_patient boolean) TO service_role;

--
-- Name: FUNCTION cancel_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_reason text, p_code text, p_caller_attested boolean, p_call_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.cancel_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_reason text, p_code text, p_caller_attested boolean, p_call_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cancel_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_reason text, p_code text, p_caller_attested boolean, p_call_id text) TO authenticated;
GRANT ALL ON FUNCTION public.cancel_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_caller_phone text, p_verification_id uuid, p_reason text, p_code text, p_caller_attested boolean, p_call_id text) TO service_role;

--
-- Name: FUNCTION check_availability(p_org_id uuid, p_date date, p_calendar_id text, p_service_type text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.check_availability(p_org_id uuid, p_date date, p_calendar_id text, p_service_type text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.check_availability(p_org_id uuid, p_date date, p_calendar_id text, p_service_type text) TO authenticated;
GRANT ALL ON FUNCTION public.check_availability(p_org_id uuid, p_date date, p_calendar_id text, p_service_type text) TO service_role;

--
-- Name: FUNCTION claim_slot_atomic(p_org_id uuid, p_calendar_id text, p_slot_time timestamp with time zone, p_call_sid text, p_patient_name text, p_patient_phone text, p_hold_minutes integer, p_service_type text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.claim_slot_atomic(p_org_id uuid, p_calendar_id text, p_slot_time timestamp with time zone, p_call_sid text, p_patient_name text, p_patient_phone text, p_hold_minutes integer, p_service_type text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claim_slot_atomic(p_org_id uuid, p_calendar_id text, p_slot_time timestamp with time zone, p_call_sid text, p_patient_name text, p_patient_phone text, p_hold_minutes integer, p_service_type text) TO authenticated;
GRANT ALL ON FUNCTION public.claim_slot_atomic(p_org_id uuid, p_calendar_id text, p_slot_time timestamp with time zone, p_call_sid text, p_patient_name text, p_patient_phone text, p_hold_minutes integer, p_service_type text) TO service_role;

--
-- Name: FUNCTION claim_waitlist_offer(p_token text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.claim_waitlist_offer(p_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claim_waitlist_offer(p_token text) TO anon;
GRANT ALL ON FUNCTION public.claim_waitlist_offer(p_token text) TO authenticated;
GRANT ALL ON FUNCTION public.claim_waitlist_offer(p_token text) TO service_role;

--
-- Name: FUNCTION clear_date_override(p_org_id uuid, p_calendar_id text, p_date date); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.clear_date_override(p_org_id uuid, p_calendar_id text, p_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.clear_date_override(p_org_id uuid, p_calendar_id text, p_date date) TO authenticated;
GRANT ALL ON FUNCTION public.clear_date_override(p_org_id uuid, p_calendar_id text, p_date date) TO service_role;

--
-- Name: FUNCTION clinic_profile(p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.clinic_profile(p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.clinic_profile(p_org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.clinic_profile(p_org_id uuid) TO service_role;

--
-- Name: FUNCTION clinic_settings(p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.clinic_settings(p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.clinic_settings(p_org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.clinic_settings(p_org_id uuid) TO service_role;

--
-- Name: FUNCTION complete_password_reset(p_token text, p_password text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.complete_password_reset(p_token text, p_password text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.complete_password_reset(p_token text, p_password text) TO anon;
GRANT ALL ON FUNCTION public.complete_password_reset(p_token text, p_password text) TO service_role;

--
-- Name: FUNCTION confirm_appointment_for_patient(p_org_id uuid, p_appointment_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.confirm_appointment_for_patient(p_org_id uuid, p_appointment_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.confirm_appointment_for_patient(p_org_id uuid, p_appointment_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.confirm_appointment_for_patient(p_org_id uuid, p_appointment_id uuid) TO service_role;

--
-- Name: FUNCTION confirm_held_slot(p_hold_id uuid, p_org_id uuid, p_contact_id uuid, p_otp text, p_service_type text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.confirm_held_slot(p_hold_id uuid, p_org_id uuid, p_contact_id uuid, p_otp text, p_service_type text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.confirm_held_slot(p_hold_id uuid, p_org_id uuid, p_contact_id uuid, p_otp text, p_service_type text) TO authenticated;
GRANT ALL ON FUNCTION public.confirm_held_slot(p_hold_id uuid, p_org_id uuid, p_contact_id uuid, p_otp text, p_service_type text) TO service_role;

--
-- Name: FUNCTION create_calendar(p_org_id uuid, p_calendar_id text, p_name text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_calendar(p_org_id uuid, p_calendar_id text, p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_calendar(p_org_id uuid, p_calendar_id text, p_name text) TO authenticated;
GRANT ALL ON FUNCTION public.create_calendar(p_org_id uuid, p_calendar_id text, p_name text) TO service_role;

--
-- Name: FUNCTION create_clinic(p_name text, p_timezone text, p_phone_region text, p_contact_phone text, p_owner_email text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_clinic(p_name text, p_timezone text, p_phone_region text, p_contact_phone text, p_owner_email text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_clinic(p_name text, p_timezone text, p_phone_region text, p_contact_phone text, p_owner_email text) TO service_role;

--
-- Name: FUNCTION create_organization(p_name text, p_timezone text, p_phone_region text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_organization(p_name text, p_timezone text, p_phone_region text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_organization(p_name text, p_timezone text, p_phone_region text) TO service_role;

--
-- Name: TABLE daily_report; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.daily_report TO authenticated;
GRANT SELECT ON TABLE booking.daily_report TO service_role;

--
-- Name: FUNCTION daily_report(p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.daily_report(p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.daily_report(p_org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.daily_report(p_org_id uuid) TO service_role;

--
-- Name: FUNCTION dashboard_appointment(p_org_id uuid, p_appointment_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.dashboard_appointment(p_org_id uuid, p_appointment_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.dashboard_appointment(p_org_id uuid, p_appointment_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.dashboard_appointment(p_org_id uuid, p_appointment_id uuid) TO service_role;

--
-- Name: FUNCTION dashboard_feed(p_org_id uuid, p_limit integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.dashboard_feed(p_org_id uuid, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.dashboard_feed(p_org_id uuid, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION public.dashboard_feed(p_org_id uuid, p_limit integer) TO service_role;

--
-- Name: FUNCTION dashboard_overview(p_org_id uuid, p_days integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.dashboard_overview(p_org_id uuid, p_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.dashboard_overview(p_org_id uuid, p_days integer) TO authenticated;
GRANT ALL ON FUNCTION public.dashboard_overview(p_org_id uuid, p_days integer) TO service_role;

--
-- Name: FUNCTION dashboard_session_status(p_access_token text, p_session_id uuid, p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.dashboard_session_status(p_access_token text, p_session_id uuid, p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.dashboard_session_status(p_access_token text, p_session_id uuid, p_org_id uuid) TO service_role;

--
-- Name: FUNCTION deployment_status(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.deployment_status() FROM PUBLIC;
GRANT ALL ON FUNCTION public.deployment_status() TO service_role;

--
-- Name: FUNCTION event_feed_start(p_org_id uuid, p_last_event_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.event_feed_start(p_org_id uuid, p_last_event_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.event_feed_start(p_org_id uuid, p_last_event_id text) TO authenticated;
GRANT ALL ON FUNCTION public.event_feed_start(p_org_id uuid, p_last_event_id text) TO service_role;

--
-- Name: FUNCTION events_since(p_org_id uuid, p_after text, p_limit integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.events_since(p_org_id uuid, p_after text, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.events_since(p_org_id uuid, p_after text, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION public.events_since(p_org_id uuid, p_after text, p_limit integer) TO service_role;

--
-- Name: FUNCTION expire_overdue_holds(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.expire_overdue_holds() FROM PUBLIC;
GRANT ALL ON FUNCTION public.expire_overdue_holds() TO service_role;

--
-- Name: FUNCTION finish_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_answer json); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.finish_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_answer json) FROM PUBLIC;
GRANT ALL ON FUNCTION public.finish_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_answer json) TO authenticated;
GRANT ALL ON FUNCTION public.finish_voice_tool_call(p_org_id uuid, p_tool_call_id text, p_answer json) TO service_role;

--
-- Name: TABLE hot_leads; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.hot_leads TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.hot_leads TO service_role;

--
-- Name: TABLE sms_outbox; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.sms_outbox TO service_role;

--
-- Name: COLUMN sms_outbox.org_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(org_id) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(id) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.kind; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(kind) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.recipient; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(recipient) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.appointment_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(appointment_id) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.call_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(call_id) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.status; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(status) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.attempts; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(attempts) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.next_attempt_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(next_attempt_at) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.expires_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(expires_at) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.claimed_by; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(claimed_by) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.provider; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(provider) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.provider_message_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(provider_message_id) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.error_code; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(error_code) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.error_message; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(error_message) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.sent_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(sent_at) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.delivered_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(delivered_at) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.created_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(created_at) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.updated_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(updated_at) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: COLUMN sms_outbox.body_removed_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(body_removed_at) ON TABLE booking.sms_outbox TO authenticated;

--
-- Name: TABLE hot_lead_alerts; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.hot_lead_alerts TO authenticated;
GRANT SELECT ON TABLE booking.hot_lead_alerts TO service_role;

--
-- Name: TABLE hot_leads_generated; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.hot_leads_generated TO authenticated;
GRANT SELECT ON TABLE booking.hot_leads_generated TO service_role;

--
-- Name: FUNCTION hot_leads_generated(p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.hot_leads_generated(p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.hot_leads_generated(p_org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.hot_leads_generated(p_org_id uuid) TO service_role;

--
-- Name: FUNCTION invite_staff_member(p_org_id uuid, p_email text, p_phone text, p_role text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.invite_staff_member(p_org_id uuid, p_email text, p_phone text, p_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.invite_staff_member(p_org_id uuid, p_email text, p_phone text, p_role text) TO authenticated;
GRANT ALL ON FUNCTION public.invite_staff_member(p_org_id uuid, p_email text, p_phone text, p_role text) TO service_role;

--
-- Name: FUNCTION join_waitlist(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.join_waitlist(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.join_waitlist(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.join_waitlist(p_org_id uuid, p_patient_name text, p_patient_phone text, p_service_type text, p_calendar_id text, p_earliest date, p_latest date, p_weekdays integer[], p_day_start time without time zone, p_day_end time without time zone, p_appointment_id uuid) TO service_role;

--
-- Name: FUNCTION leave_waitlist(p_org_id uuid, p_waitlist_entry_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.leave_waitlist(p_org_id uuid, p_waitlist_entry_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.leave_waitlist(p_org_id uuid, p_waitlist_entry_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.leave_waitlist(p_org_id uuid, p_waitlist_entry_id uuid) TO service_role;

--
-- Name: FUNCTION leave_waitlist_by_offer(p_token text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.leave_waitlist_by_offer(p_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.leave_waitlist_by_offer(p_token text) TO anon;
GRANT ALL ON FUNCTION public.leave_waitlist_by_offer(p_token text) TO authenticated;
GRANT ALL ON FUNCTION public.leave_waitlist_by_offer(p_token text) TO service_role;

--
-- Name: FUNCTION list_staff(p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.list_staff(p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.list_staff(p_org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.list_staff(p_org_id uuid) TO service_role;

--
-- Name: FUNCTION lookup_appointments(p_org_id uuid, p_caller_phone text, p_patient_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.lookup_appointments(p_org_id uuid, p_caller_phone text, p_patient_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.lookup_appointments(p_org_id uuid, p_caller_phone text, p_patient_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) TO authenticated;
GRANT ALL ON FUNCTION public.lookup_appointments(p_org_id uuid, p_caller_phone text, p_patient_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) TO service_role;

--
-- Name: FUNCTION manage_appointment(p_token text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.manage_appointment(p_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.manage_appointment(p_token text) TO anon;
GRANT ALL ON FUNCTION public.manage_appointment(p_token text) TO authenticated;
GRANT ALL ON FUNCTION public.manage_appointment(p_token text) TO service_role;

--
-- Name: FUNCTION manage_available_slots(p_token text, p_date date); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.manage_available_slots(p_token text, p_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.manage_available_slots(p_token text, p_date date) TO anon;
GRANT ALL ON FUNCTION public.manage_available_slots(p_token text, p_date date) TO authenticated;
GRANT ALL ON FUNCTION public.manage_available_slots(p_token text, p_date date) TO service_role;

--
-- Name: FUNCTION manage_cancel(p_token text, p_reason text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.manage_cancel(p_token text, p_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.manage_cancel(p_token text, p_reason text) TO anon;
GRANT ALL ON FUNCTION public.manage_cancel(p_token text, p_reason text) TO authenticated;
GRANT ALL ON FUNCTION public.manage_cancel(p_token text, p_reason text) TO service_role;

--
-- Name: FUNCTION manage_request_earlier_time(p_token text, p_wanted boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.manage_request_earlier_time(p_token text, p_wanted boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.manage_request_earlier_time(p_token text, p_wanted boolean) TO anon;
GRANT ALL ON FUNCTION public.manage_request_earlier_time(p_token text, p_wanted boolean) TO authenticated;
GRANT ALL ON FUNCTION public.manage_request_earlier_time(p_token text, p_wanted boolean) TO service_role;

--
-- Name: FUNCTION manage_reschedule(p_token text, p_new_scheduled_at timestamp with time zone); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.manage_reschedule(p_token text, p_new_scheduled_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.manage_reschedule(p_token text, p_new_scheduled_at timestamp with time zone) TO anon;
GRANT ALL ON FUNCTION public.manage_reschedule(p_token text, p_new_scheduled_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.manage_reschedule(p_token text, p_new_scheduled_at timestamp with time zone) TO service_role;

--
-- Name: FUNCTION my_memberships(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.my_memberships() FROM PUBLIC;
GRANT ALL ON FUNCTION public.my_memberships() TO authenticated;

--
-- Name: FUNCTION operations_metrics(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.operations_metrics() FROM PUBLIC;
GRANT ALL ON FUNCTION public.operations_metrics() TO service_role;

--
-- Name: FUNCTION patient_details(p_org_id uuid, p_contact_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.patient_details(p_org_id uuid, p_contact_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.patient_details(p_org_id uuid, p_contact_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.patient_details(p_org_id uuid, p_contact_id uuid) TO service_role;

--
-- Name: FUNCTION purge_expired_data(p_batch_size integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.purge_expired_data(p_batch_size integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.purge_expired_data(p_batch_size integer) TO service_role;

--
-- Name: FUNCTION record_call_report(p_org_id uuid, p_report jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.record_call_report(p_org_id uuid, p_report jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.record_call_report(p_org_id uuid, p_report jsonb) TO service_role;

--
-- Name: FUNCTION release_hold(p_hold_id uuid, p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.release_hold(p_hold_id uuid, p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.release_hold(p_hold_id uuid, p_org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.release_hold(p_hold_id uuid, p_org_id uuid) TO service_role;

--
-- Name: FUNCTION remove_calendar_block(p_org_id uuid, p_block_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.remove_calendar_block(p_org_id uuid, p_block_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_calendar_block(p_org_id uuid, p_block_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.remove_calendar_block(p_org_id uuid, p_block_id uuid) TO service_role;

--
-- Name: FUNCTION reply_to_sms(p_org_id uuid, p_text_id uuid, p_body text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.reply_to_sms(p_org_id uuid, p_text_id uuid, p_body text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.reply_to_sms(p_org_id uuid, p_text_id uuid, p_body text) TO authenticated;
GRANT ALL ON FUNCTION public.reply_to_sms(p_org_id uuid, p_text_id uuid, p_body text) TO service_role;

--
-- Name: FUNCTION reschedule_appointment(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.reschedule_appointment(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.reschedule_appointment(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.reschedule_appointment(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone) TO service_role;

--
-- Name: FUNCTION reschedule_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.reschedule_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.reschedule_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) TO authenticated;
GRANT ALL ON FUNCTION public.reschedule_appointment_by_phone(p_org_id uuid, p_appointment_id uuid, p_new_scheduled_at timestamp with time zone, p_caller_phone text, p_verification_id uuid, p_code text, p_caller_attested boolean, p_call_id text) TO service_role;

--
-- Name: FUNCTION reschedule_options(p_org_id uuid, p_appointment_id uuid, p_date date); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.reschedule_options(p_org_id uuid, p_appointment_id uuid, p_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.reschedule_options(p_org_id uuid, p_appointment_id uuid, p_date date) TO authenticated;
GRANT ALL ON FUNCTION public.reschedule_options(p_org_id uuid, p_appointment_id uuid, p_date date) TO service_role;

--
-- Name: FUNCTION reset_staff_password(p_org_id uuid, p_account_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.reset_staff_password(p_org_id uuid, p_account_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.reset_staff_password(p_org_id uuid, p_account_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.reset_staff_password(p_org_id uuid, p_account_id uuid) TO service_role;

--
-- Name: FUNCTION resolve_voice_agent(p_secret text, p_assistant_id text, p_phone_number text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.resolve_voice_agent(p_secret text, p_assistant_id text, p_phone_number text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.resolve_voice_agent(p_secret text, p_assistant_id text, p_phone_number text) TO service_role;

--
-- Name: FUNCTION resolve_voice_agent_signed(p_body bytea, p_signature text, p_timestamp text, p_assistant_id text, p_phone_number text, p_encryption_key text, p_scheme text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.resolve_voice_agent_signed(p_body bytea, p_signature text, p_timestamp text, p_assistant_id text, p_phone_number text, p_encryption_key text, p_scheme text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.resolve_voice_agent_signed(p_body bytea, p_signature text, p_timestamp text, p_assistant_id text, p_phone_number text, p_encryption_key text, p_scheme text) TO service_role;

--
-- Name: FUNCTION revoke_voice_credential(p_org_id uuid, p_credential_id uuid, p_at timestamp with time zone); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.revoke_voice_credential(p_org_id uuid, p_credential_id uuid, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_voice_credential(p_org_id uuid, p_credential_id uuid, p_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.revoke_voice_credential(p_org_id uuid, p_credential_id uuid, p_at timestamp with time zone) TO service_role;

--
-- Name: FUNCTION search_patients(p_org_id uuid, p_query text, p_limit integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.search_patients(p_org_id uuid, p_query text, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.search_patients(p_org_id uuid, p_query text, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION public.search_patients(p_org_id uuid, p_query text, p_limit integer) TO service_role;

--
-- Name: FUNCTION send_confirmation_sms(p_org_id uuid, p_appointment_id uuid, p_contact_id uuid, p_patient_phone text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.send_confirmation_sms(p_org_id uuid, p_appointment_id uuid, p_contact_id uuid, p_patient_phone text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.send_confirmation_sms(p_org_id uuid, p_appointment_id uuid, p_contact_id uuid, p_patient_phone text) TO authenticated;
GRANT ALL ON FUNCTION public.send_confirmation_sms(p_org_id uuid, p_appointment_id uuid, p_contact_id uuid, p_patient_phone text) TO service_role;

--
-- Name: FUNCTION send_otp(p_hold_id uuid, p_patient_phone text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.send_otp(p_hold_id uuid, p_patient_phone text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.send_otp(p_hold_id uuid, p_patient_phone text) TO authenticated;
GRANT ALL ON FUNCTION public.send_otp(p_hold_id uuid, p_patient_phone text) TO service_role;

--
-- Name: FUNCTION send_test_sms(p_org_id uuid, p_to text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.send_test_sms(p_org_id uuid, p_to text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.send_test_sms(p_org_id uuid, p_to text) TO authenticated;
GRANT ALL ON FUNCTION public.send_test_sms(p_org_id uuid, p_to text) TO service_role;

--
-- Name: FUNCTION set_appointment_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_appointment_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_appointment_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text) TO authenticated;
GRANT ALL ON FUNCTION public.set_appointment_attendance(p_org_id uuid, p_appointment_id uuid, p_attendance text, p_reason text) TO service_role;

--
-- Name: FUNCTION set_appointment_outcome(p_org_id uuid, p_appointment_id uuid, p_status text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_appointment_outcome(p_org_id uuid, p_appointment_id uuid, p_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_appointment_outcome(p_org_id uuid, p_appointment_id uuid, p_status text) TO authenticated;
GRANT ALL ON FUNCTION public.set_appointment_outcome(p_org_id uuid, p_appointment_id uuid, p_status text) TO service_role;

--
-- Name: FUNCTION set_booking_setting(p_name text, p_value text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_booking_setting(p_name text, p_value text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_booking_setting(p_name text, p_value text) TO service_role;

--
-- Name: FUNCTION set_calendar_settings(p_org_id uuid, p_calendar_id text, p_settings jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_calendar_settings(p_org_id uuid, p_calendar_id text, p_settings jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_calendar_settings(p_org_id uuid, p_calendar_id text, p_settings jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.set_calendar_settings(p_org_id uuid, p_calendar_id text, p_settings jsonb) TO service_role;

--
-- Name: FUNCTION set_caller_id_policy(p_org_id uuid, p_caller_id_policy text, p_lookups_per_call integer, p_lookups_per_hour integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_caller_id_policy(p_org_id uuid, p_caller_id_policy text, p_lookups_per_call integer, p_lookups_per_hour integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_caller_id_policy(p_org_id uuid, p_caller_id_policy text, p_lookups_per_call integer, p_lookups_per_hour integer) TO authenticated;
GRANT ALL ON FUNCTION public.set_caller_id_policy(p_org_id uuid, p_caller_id_policy text, p_lookups_per_call integer, p_lookups_per_hour integer) TO service_role;

--
-- Name: FUNCTION set_clinic_profile(p_org_id uuid, p_name text, p_contact_phone text, p_address text, p_timezone text, p_phone_region text, p_time_format text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_clinic_profile(p_org_id uuid, p_name text, p_contact_phone text, p_address text, p_timezone text, p_phone_region text, p_time_format text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_clinic_profile(p_org_id uuid, p_name text, p_contact_phone text, p_address text, p_timezone text, p_phone_region text, p_time_format text) TO authenticated;
GRANT ALL ON FUNCTION public.set_clinic_profile(p_org_id uuid, p_name text, p_contact_phone text, p_address text, p_timezone text, p_phone_region text, p_time_format text) TO service_role;

--
-- Name: FUNCTION set_date_override(p_org_id uuid, p_calendar_id text, p_date date, p_hours jsonb, p_note text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_date_override(p_org_id uuid, p_calendar_id text, p_date date, p_hours jsonb, p_note text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_date_override(p_org_id uuid, p_calendar_id text, p_date date, p_hours jsonb, p_note text) TO authenticated;
GRANT ALL ON FUNCTION public.set_date_override(p_org_id uuid, p_calendar_id text, p_date date, p_hours jsonb, p_note text) TO service_role;

--
-- Name: FUNCTION set_integration_settings(p_org_id uuid, p_encryption_key text, p_twilio_account_sid text, p_twilio_auth_token text, p_twilio_from_number text, p_twilio_messaging_service_sid text, p_hot_lead_alert_phone text, p_sms_help_reply text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_integration_settings(p_org_id uuid, p_encryption_key text, p_twilio_account_sid text, p_twilio_auth_token text, p_twilio_from_number text, p_twilio_messaging_service_sid text, p_hot_lead_alert_phone text, p_sms_help_reply text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_integration_settings(p_org_id uuid, p_encryption_key text, p_twilio_account_sid text, p_twilio_auth_token text, p_twilio_from_number text, p_twilio_messaging_service_sid text, p_hot_lead_alert_phone text, p_sms_help_reply text) TO authenticated;
GRANT ALL ON FUNCTION public.set_integration_settings(p_org_id uuid, p_encryption_key text, p_twilio_account_sid text, p_twilio_auth_token text, p_twilio_from_number text, p_twilio_messaging_service_sid text, p_hot_lead_alert_phone text, p_sms_help_reply text) TO service_role;

--
-- Name: FUNCTION set_lead_scoring(p_org_id uuid, p_settings jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_lead_scoring(p_org_id uuid, p_settings jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_lead_scoring(p_org_id uuid, p_settings jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.set_lead_scoring(p_org_id uuid, p_settings jsonb) TO service_role;

--
-- Name: FUNCTION set_reminder_offsets(p_org_id uuid, p_offsets_minutes integer[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_reminder_offsets(p_org_id uuid, p_offsets_minutes integer[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_reminder_offsets(p_org_id uuid, p_offsets_minutes integer[]) TO authenticated;
GRANT ALL ON FUNCTION public.set_reminder_offsets(p_org_id uuid, p_offsets_minutes integer[]) TO service_role;

--
-- Name: FUNCTION set_sms_limits(p_org_id uuid, p_allowed_calling_codes integer[], p_otp_codes_per_hour integer, p_recipient_sms_per_hour integer, p_recipient_sms_per_day integer, p_auto_replies_per_hour integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_sms_limits(p_org_id uuid, p_allowed_calling_codes integer[], p_otp_codes_per_hour integer, p_recipient_sms_per_hour integer, p_recipient_sms_per_day integer, p_auto_replies_per_hour integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_sms_limits(p_org_id uuid, p_allowed_calling_codes integer[], p_otp_codes_per_hour integer, p_recipient_sms_per_hour integer, p_recipient_sms_per_day integer, p_auto_replies_per_hour integer) TO authenticated;
GRANT ALL ON FUNCTION public.set_sms_limits(p_org_id uuid, p_allowed_calling_codes integer[], p_otp_codes_per_hour integer, p_recipient_sms_per_hour integer, p_recipient_sms_per_day integer, p_auto_replies_per_hour integer) TO service_role;

--
-- Name: FUNCTION set_staff_member_disabled(p_org_id uuid, p_account_id uuid, p_disabled boolean); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_staff_member_disabled(p_org_id uuid, p_account_id uuid, p_disabled boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_staff_member_disabled(p_org_id uuid, p_account_id uuid, p_disabled boolean) TO authenticated;
GRANT ALL ON FUNCTION public.set_staff_member_disabled(p_org_id uuid, p_account_id uuid, p_disabled boolean) TO service_role;

--
-- Name: FUNCTION set_staff_role(p_org_id uuid, p_account_id uuid, p_role text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_staff_role(p_org_id uuid, p_account_id uuid, p_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_staff_role(p_org_id uuid, p_account_id uuid, p_role text) TO authenticated;
GRANT ALL ON FUNCTION public.set_staff_role(p_org_id uuid, p_account_id uuid, p_role text) TO service_role;

--
-- Name: FUNCTION set_voice_agent(p_org_id uuid, p_secret text, p_assistant_id text, p_phone_number text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_voice_agent(p_org_id uuid, p_secret text, p_assistant_id text, p_phone_number text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_voice_agent(p_org_id uuid, p_secret text, p_assistant_id text, p_phone_number text) TO authenticated;
GRANT ALL ON FUNCTION public.set_voice_agent(p_org_id uuid, p_secret text, p_assistant_id text, p_phone_number text) TO service_role;

--
-- Name: FUNCTION set_waitlist_settings(p_org_id uuid, p_settings jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_waitlist_settings(p_org_id uuid, p_settings jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_waitlist_settings(p_org_id uuid, p_settings jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.set_waitlist_settings(p_org_id uuid, p_settings jsonb) TO service_role;

--
-- Name: FUNCTION set_weekly_hours(p_org_id uuid, p_calendar_id text, p_hours jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_weekly_hours(p_org_id uuid, p_calendar_id text, p_hours jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_weekly_hours(p_org_id uuid, p_calendar_id text, p_hours jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.set_weekly_hours(p_org_id uuid, p_calendar_id text, p_hours jsonb) TO service_role;

--
-- Name: FUNCTION sign_out_access_token(p_access_token text, p_expires_at timestamp with time zone); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.sign_out_access_token(p_access_token text, p_expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sign_out_access_token(p_access_token text, p_expires_at timestamp with time zone) TO service_role;

--
-- Name: TABLE sms_delivery_status; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.sms_delivery_status TO authenticated;
GRANT SELECT ON TABLE booking.sms_delivery_status TO service_role;

--
-- Name: FUNCTION sms_delivery_status(p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.sms_delivery_status(p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sms_delivery_status(p_org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.sms_delivery_status(p_org_id uuid) TO service_role;

--
-- Name: FUNCTION sms_inbox(p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.sms_inbox(p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sms_inbox(p_org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.sms_inbox(p_org_id uuid) TO service_role;

--
-- Name: FUNCTION sms_thread(p_org_id uuid, p_text_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.sms_thread(p_org_id uuid, p_text_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sms_thread(p_org_id uuid, p_text_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.sms_thread(p_org_id uuid, p_text_id uuid) TO service_role;

--
-- Name: FUNCTION staff_book_appointment(p_org_id uuid, p_calendar_id text, p_service_type text, p_scheduled_at timestamp with time zone, p_patient_name text, p_patient_phone text, p_patient_email text, p_duration_minutes integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.staff_book_appointment(p_org_id uuid, p_calendar_id text, p_service_type text, p_scheduled_at timestamp with time zone, p_patient_name text, p_patient_phone text, p_patient_email text, p_duration_minutes integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.staff_book_appointment(p_org_id uuid, p_calendar_id text, p_service_type text, p_scheduled_at timestamp with time zone, p_patient_name text, p_patient_phone text, p_patient_email text, p_duration_minutes integer) TO authenticated;
GRANT ALL ON FUNCTION public.staff_book_appointment(p_org_id uuid, p_calendar_id text, p_service_type text, p_scheduled_at timestamp with time zone, p_patient_name text, p_patient_phone text, p_patient_email text, p_duration_minutes integer) TO service_role;

--
-- Name: FUNCTION staff_booking_options(p_org_id uuid, p_calendar_id text, p_service_type text, p_date date); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.staff_booking_options(p_org_id uuid, p_calendar_id text, p_service_type text, p_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.staff_booking_options(p_org_id uuid, p_calendar_id text, p_service_type text, p_date date) TO authenticated;
GRANT ALL ON FUNCTION public.staff_booking_options(p_org_id uuid, p_calendar_id text, p_service_type text, p_date date) TO service_role;

--
-- Name: FUNCTION staff_refresh(p_refresh_token text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.staff_refresh(p_refresh_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.staff_refresh(p_refresh_token text) TO service_role;

--
-- Name: FUNCTION staff_sign_in(p_email text, p_password text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.staff_sign_in(p_email text, p_password text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.staff_sign_in(p_email text, p_password text) TO service_role;

--
-- Name: FUNCTION staff_sign_out(p_refresh_token text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.staff_sign_out(p_refresh_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.staff_sign_out(p_refresh_token text) TO service_role;

--
-- Name: FUNCTION update_patient_contact(p_org_id uuid, p_contact_id uuid, p_name text, p_phone text, p_email text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.update_patient_contact(p_org_id uuid, p_contact_id uuid, p_name text, p_phone text, p_email text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.update_patient_contact(p_org_id uuid, p_contact_id uuid, p_name text, p_phone text, p_email text) TO authenticated;
GRANT ALL ON FUNCTION public.update_patient_contact(p_org_id uuid, p_contact_id uuid, p_name text, p_phone text, p_email text) TO service_role;

--
-- Name: FUNCTION upsert_service_type(p_org_id uuid, p_calendar_id text, p_service_type text, p_duration_minutes integer, p_value_cents integer, p_active boolean, p_display_name text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.upsert_service_type(p_org_id uuid, p_calendar_id text, p_service_type text, p_duration_minutes integer, p_value_cents integer, p_active boolean, p_display_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.upsert_service_type(p_org_id uuid, p_calendar_id text, p_service_type text, p_duration_minutes integer, p_value_cents integer, p_active boolean, p_display_name text) TO authenticated;
GRANT ALL ON FUNCTION public.upsert_service_type(p_org_id uuid, p_calendar_id text, p_service_type text, p_duration_minutes integer, p_value_cents integer, p_active boolean, p_display_name text) TO service_role;

--
-- Name: FUNCTION voice_call_context(p_org_id uuid, p_caller_phone text, p_call_id text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.voice_call_context(p_org_id uuid, p_caller_phone text, p_call_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.voice_call_context(p_org_id uuid, p_caller_phone text, p_call_id text) TO authenticated;
GRANT ALL ON FUNCTION public.voice_call_context(p_org_id uuid, p_caller_phone text, p_call_id text) TO service_role;

--
-- Name: FUNCTION waitlist_offer(p_token text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.waitlist_offer(p_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.waitlist_offer(p_token text) TO anon;
GRANT ALL ON FUNCTION public.waitlist_offer(p_token text) TO authenticated;
GRANT ALL ON FUNCTION public.waitlist_offer(p_token text) TO service_role;

--
-- Name: FUNCTION waitlist_overview(p_org_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.waitlist_overview(p_org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.waitlist_overview(p_org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.waitlist_overview(p_org_id uuid) TO service_role;

--
-- Name: TABLE appointment_history; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.appointment_history TO authenticated;
GRANT SELECT ON TABLE booking.appointment_history TO service_role;

--
-- Name: TABLE calendar_blocks; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.calendar_blocks TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.calendar_blocks TO service_role;

--
-- Name: TABLE calendar_date_overrides; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.calendar_date_overrides TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.calendar_date_overrides TO service_role;

--
-- Name: TABLE calendar_override_hours; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.calendar_override_hours TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.calendar_override_hours TO service_role;

--
-- Name: TABLE calendar_weekly_hours; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.calendar_weekly_hours TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.calendar_weekly_hours TO service_role;

--
-- Name: TABLE calls; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.calls TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.calls TO service_role;

--
-- Name: TABLE contacts; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.contacts TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.contacts TO service_role;

--
-- Name: TABLE events; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.events TO authenticated;
GRANT SELECT ON TABLE booking.events TO service_role;

--
-- Name: TABLE inbound_sms_texts; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.inbound_sms_texts TO authenticated;

--
-- Name: COLUMN integration_settings.org_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(org_id) ON TABLE booking.integration_settings TO authenticated;
GRANT SELECT(org_id) ON TABLE booking.integration_settings TO service_role;

--
-- Name: COLUMN integration_settings.twilio_account_sid; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(twilio_account_sid) ON TABLE booking.integration_settings TO authenticated;
GRANT SELECT(twilio_account_sid) ON TABLE booking.integration_settings TO service_role;

--
-- Name: COLUMN integration_settings.twilio_from_number; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(twilio_from_number) ON TABLE booking.integration_settings TO authenticated;
GRANT SELECT(twilio_from_number) ON TABLE booking.integration_settings TO service_role;

--
-- Name: COLUMN integration_settings.twilio_messaging_service_sid; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(twilio_messaging_service_sid) ON TABLE booking.integration_settings TO authenticated;
GRANT SELECT(twilio_messaging_service_sid) ON TABLE booking.integration_settings TO service_role;

--
-- Name: COLUMN integration_settings.hot_lead_alert_phone; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(hot_lead_alert_phone) ON TABLE booking.integration_settings TO authenticated;
GRANT SELECT(hot_lead_alert_phone) ON TABLE booking.integration_settings TO service_role;

--
-- Name: COLUMN integration_settings.sms_help_reply; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(sms_help_reply) ON TABLE booking.integration_settings TO authenticated;
GRANT SELECT(sms_help_reply) ON TABLE booking.integration_settings TO service_role;

--
-- Name: COLUMN integration_settings.created_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(created_at) ON TABLE booking.integration_settings TO authenticated;
GRANT SELECT(created_at) ON TABLE booking.integration_settings TO service_role;

--
-- Name: COLUMN integration_settings.updated_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(updated_at) ON TABLE booking.integration_settings TO authenticated;
GRANT SELECT(updated_at) ON TABLE booking.integration_settings TO service_role;

--
-- Name: TABLE lead_scoring_settings; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.lead_scoring_settings TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.lead_scoring_settings TO service_role;

--
-- Name: TABLE leads; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.leads TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.leads TO service_role;

--
-- Name: TABLE service_types; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.service_types TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE booking.service_types TO service_role;

--
-- Name: TABLE sms_confirmation_logs; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.sms_confirmation_logs TO authenticated;
GRANT SELECT ON TABLE booking.sms_confirmation_logs TO service_role;

--
-- Name: TABLE sms_opt_outs; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.sms_opt_outs TO authenticated;
GRANT SELECT ON TABLE booking.sms_opt_outs TO service_role;

--
-- Name: COLUMN voice_agent_credentials.org_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(org_id) ON TABLE booking.voice_agent_credentials TO authenticated;
GRANT SELECT(org_id) ON TABLE booking.voice_agent_credentials TO service_role;

--
-- Name: COLUMN voice_agent_credentials.id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(id) ON TABLE booking.voice_agent_credentials TO authenticated;
GRANT SELECT(id) ON TABLE booking.voice_agent_credentials TO service_role;

--
-- Name: COLUMN voice_agent_credentials.kind; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(kind) ON TABLE booking.voice_agent_credentials TO authenticated;
GRANT SELECT(kind) ON TABLE booking.voice_agent_credentials TO service_role;

--
-- Name: COLUMN voice_agent_credentials.expires_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(expires_at) ON TABLE booking.voice_agent_credentials TO authenticated;
GRANT SELECT(expires_at) ON TABLE booking.voice_agent_credentials TO service_role;

--
-- Name: COLUMN voice_agent_credentials.created_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(created_at) ON TABLE booking.voice_agent_credentials TO authenticated;
GRANT SELECT(created_at) ON TABLE booking.voice_agent_credentials TO service_role;

--
-- Name: COLUMN voice_agents.org_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(org_id) ON TABLE booking.voice_agents TO authenticated;
GRANT SELECT(org_id) ON TABLE booking.voice_agents TO service_role;

--
-- Name: COLUMN voice_agents.assistant_id; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(assistant_id) ON TABLE booking.voice_agents TO authenticated;
GRANT SELECT(assistant_id) ON TABLE booking.voice_agents TO service_role;

--
-- Name: COLUMN voice_agents.phone_number; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(phone_number) ON TABLE booking.voice_agents TO authenticated;
GRANT SELECT(phone_number) ON TABLE booking.voice_agents TO service_role;

--
-- Name: COLUMN voice_agents.created_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(created_at) ON TABLE booking.voice_agents TO authenticated;
GRANT SELECT(created_at) ON TABLE booking.voice_agents TO service_role;

--
-- Name: COLUMN voice_agents.updated_at; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT(updated_at) ON TABLE booking.voice_agents TO authenticated;
GRANT SELECT(updated_at) ON TABLE booking.voice_agents TO service_role;

--
-- Name: TABLE waitlist_entries; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.waitlist_entries TO authenticated;
GRANT SELECT ON TABLE booking.waitlist_entries TO service_role;

--
-- Name: TABLE waitlist_slots; Type: ACL; Schema: booking; Owner: -
--

GRANT SELECT ON TABLE booking.waitlist_slots TO authenticated;
GRANT SELECT ON TABLE booking.waitlist_slots TO service_role;

--
-- PostgreSQL database dump complete
--
