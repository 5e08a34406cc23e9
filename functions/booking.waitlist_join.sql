-- Puts a patient on a clinic's waitlist for p_actor (staff, patient_phone,
-- patient_link, patient_sms); the internal function behind
-- public.join_waitlist and the manage page. The caller has checked that it
-- may act for p_org_id.
--
-- The patient is p_patient_name and p_patient_phone (read as a booking
-- reads them; the contact is found or created, an existing one unchanged),
-- or, with p_appointment_id, that appointment's patient wanting an earlier
-- time for it (its service and calendar; the window ends the day of the
-- appointment). The window is clinic-local dates: p_earliest (default and
-- at least today) to p_latest (default 27 days after p_earliest), at most
-- 91 days; optional ISO weekdays (1 = Monday) and a time of day
-- [p_day_start, p_day_end) for the start.
--
-- Answers {"success": true, "waitlist_entry_id", "already_on_list",
-- "earliest", "latest"} or WAITLIST_DISABLED, INVALID_ORGANIZATION,
-- INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED, INVALID_SERVICE_TYPE,
-- CALENDAR_NOT_FOUND, UNKNOWN_SERVICE_TYPE, INVALID_WINDOW, WINDOW_IN_PAST,
-- TOO_MANY_WAITLIST_ENTRIES (5 open per patient), APPOINTMENT_NOT_FOUND.
-- An open entry of the same patient, service, calendar and appointment is
-- the answer again (already_on_list), its window and preferences replaced
-- by the new ones. Joins of one patient are serialized by a lock of the
-- organization and contact (never another organization's).
create or replace function booking.waitlist_join(
  p_org_id uuid,
  p_patient_name text,
  p_patient_phone text,
  p_service_type text,
  p_calendar_id text,
  p_earliest date,
  p_latest date,
  p_weekdays integer[],
  p_day_start time,
  p_day_end time,
  p_appointment_id uuid,
  p_actor text
) returns json
language plpgsql
volatile
set search_path = ''
as $$
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

revoke execute on function booking.waitlist_join(uuid, text, text, text, text, date, date, integer[], time, time, uuid, text) from public, anon, authenticated, service_role;
comment on function booking.waitlist_join(uuid, text, text, text, text, date, date, integer[], time, time, uuid, text) is
  'Internal: puts a patient (name and phone, or an appointment''s patient wanting an earlier time) on the waitlist for a service, calendar (NULL: any) and window of local dates (default today + 27 days, at most 91), weekdays and time of day; the same open entry is answered again with the new window. Returns {"success": true, "waitlist_entry_id", "already_on_list", "earliest", "latest"} or WAITLIST_DISABLED, INVALID_ORGANIZATION, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED, INVALID_SERVICE_TYPE, CALENDAR_NOT_FOUND, UNKNOWN_SERVICE_TYPE, INVALID_WINDOW, WINDOW_IN_PAST, TOO_MANY_WAITLIST_ENTRIES, APPOINTMENT_NOT_FOUND.';
