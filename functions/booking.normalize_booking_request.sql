-- The checks book_appointment_atomic and claim_slot_atomic share, once and
-- in one order, before either takes a lock: the request as they store it,
-- or the business error that refuses it (as booking.normalize_patient).
--
-- Order of the checks (the first failure answers):
--   INVALID_ORGANIZATION, INVALID_NAME / INVALID_PHONE / INVALID_EMAIL
--   (booking.normalize_patient, with the organization's phone region),
--   PHONE_NOT_ALLOWED (booking.sms_destination_refusal: nothing is booked
--   or held for a number its SMS could not go to), INVALID_SERVICE_TYPE,
--   INVALID_TIME, INVALID_DURATION (1-1440 minutes; an appointment only),
--   PAST_TIME, CALENDAR_NOT_FOUND, UNKNOWN_SERVICE_TYPE, INVALID_DURATION
--   (an appointment whose length is not its service's in the calendar's
--   catalog).
-- The input checks come before the calendar's; PAST_TIME is one of them: a
-- past start is refused before any lock, a repeated call included.
-- Notice, horizon and hours (booking.unbookable_reason) and conflicts are
-- the caller's, under its lock.
--
-- An appointment (p_hold false) names its service type and length; a hold
-- may leave the service type blank (the calendar's default length) and
-- takes its length from the service (p_duration_minutes is ignored).
create or replace function booking.normalize_booking_request(
  p_org_id uuid,
  p_calendar_id text,
  p_patient_name text,
  p_patient_phone text,
  p_patient_email text,
  p_service_type text,
  p_starts_at timestamptz,
  p_duration_minutes integer,
  p_hold boolean,
  out calendar_id text,
  out name text,
  out phone text,
  out email text,
  out service_type text,
  out duration_minutes integer,
  out error json
)
language plpgsql
stable
set search_path = ''
as $$
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

revoke execute on function booking.normalize_booking_request(uuid, text, text, text, text, text, timestamptz, integer, boolean)
  from public, anon, authenticated, service_role;
comment on function booking.normalize_booking_request(uuid, text, text, text, text, text, timestamptz, integer, boolean) is
  'The checks a booking and a hold share, in one order, before any lock: the request as stored, or the error refusing it.

Args: p_org_id, p_calendar_id (NULL: the default calendar), p_patient_name, p_patient_phone, p_patient_email (blank: none), p_service_type, p_starts_at, p_duration_minutes, p_hold (true: the service type may be blank and the length is the service''s; false: both are required and the length must be the catalog''s). Answer: calendar_id, name, phone (E.164), email, service_type, duration_minutes, and error NULL; or error set. Codes, first failure answering: INVALID_ORGANIZATION, INVALID_NAME, INVALID_PHONE, INVALID_EMAIL, PHONE_NOT_ALLOWED, INVALID_SERVICE_TYPE, INVALID_TIME, INVALID_DURATION, PAST_TIME, CALENDAR_NOT_FOUND, UNKNOWN_SERVICE_TYPE, INVALID_DURATION (catalog).';
