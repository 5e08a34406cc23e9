-- A patient joins the clinic's waitlist: staff on the dashboard
-- (authenticated members) or the voice agent (service_role, the caller's
-- number from the platform's caller id). The contract is the COMMENT at the
-- end of this file; the rules are booking.waitlist_join's.
create or replace function public.join_waitlist(
  p_org_id uuid,
  p_patient_name text,
  p_patient_phone text,
  p_service_type text,
  p_calendar_id text default null,
  p_earliest date default null,
  p_latest date default null,
  p_weekdays integer[] default null,
  p_day_start time default null,
  p_day_end time default null,
  p_appointment_id uuid default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform booking.assert_org_access(p_org_id);
  return booking.waitlist_join(p_org_id, p_patient_name, p_patient_phone, p_service_type, p_calendar_id,
    p_earliest, p_latest, p_weekdays, p_day_start, p_day_end, p_appointment_id,
    case when booking.caller_membership_role(p_org_id) is not null then 'staff' else 'patient_phone' end);
end;
$$;

revoke execute on function public.join_waitlist(uuid, text, text, text, text, date, date, integer[], time, time, uuid) from public, anon, authenticated, service_role;
grant execute on function public.join_waitlist(uuid, text, text, text, text, date, date, integer[], time, time, uuid) to authenticated, service_role;
comment on function public.join_waitlist(uuid, text, text, text, text, date, date, integer[], time, time, uuid) is
'Puts a patient on the clinic''s waitlist: staff (members, recorded as joined_by staff) or the voice agent (service_role, joined_by patient_phone).

Arguments: p_org_id; p_patient_name and p_patient_phone (read as a booking reads them; the contact is found or created, an existing one left unchanged); p_service_type; p_calendar_id (NULL: any calendar offering the service); p_earliest and p_latest (clinic-local dates, inclusive; default today to 27 days later; at most 91 days; an earliest before today counts from today); p_weekdays (optional ISO weekdays, 1 = Monday); p_day_start and p_day_end (optional time of day for the start, both or neither); p_appointment_id (optional: the patient of this upcoming appointment wants an earlier time for it: its service and calendar, a window ending on its day; a claim moves it instead of booking another; name and phone are then ignored).
Answer: {"success": true, "waitlist_entry_id", "already_on_list" (an open entry of the same patient, service, calendar and appointment existed: its window and preferences are replaced), "earliest", "latest"}; the event waitlist.joined. Freed times are then offered by SMS (public.set_waitlist_settings).
Errors: WAITLIST_DISABLED, INVALID_ORGANIZATION, INVALID_NAME, INVALID_PHONE, PHONE_NOT_ALLOWED, INVALID_SERVICE_TYPE, CALENDAR_NOT_FOUND, UNKNOWN_SERVICE_TYPE, INVALID_WINDOW (dates backwards or over 91 days, weekdays outside 1-7, a time of day without start before end), WINDOW_IN_PAST, TOO_MANY_WAITLIST_ENTRIES (5 open per patient), APPOINTMENT_NOT_FOUND (no such upcoming appointment). Raises 42501 when the caller may not act for the organization.';
