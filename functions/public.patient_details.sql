-- The front desk's patient page: contact details, appointments ahead and
-- behind, no-shows; read as the caller under RLS (SECURITY INVOKER).
-- The contract is the COMMENT at the end of this file.
create or replace function public.patient_details(
  p_org_id uuid,
  p_contact_id uuid
) returns json
language plpgsql
stable
set search_path = ''
as $$
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

revoke execute on function public.patient_details(uuid, uuid) from public, anon, authenticated, service_role;
grant execute on function public.patient_details(uuid, uuid) to authenticated, service_role;
comment on function public.patient_details(uuid, uuid) is
'Staff: one patient''s contact details, upcoming and past appointments and no-show count.

Arguments: p_org_id; p_contact_id.
Answer: {"success": true, "timezone", "time_format" (12h or 24h: the clock staff read the HH24:MI times on), "patient": {"contact_id", "name", "phone", "email", "created_at"}, "latest_text_id" (the newest text the patient sent: public.sms_thread shows the conversation; NULL when they never texted), "unread_texts", "no_show_count", "upcoming": [...], "past": [...] (the newest 100)}; each appointment {"appointment_id", "calendar_id", "calendar_name", "scheduled_at", "local_date", "local_time", "duration_minutes", "service_type", "service_name" (its display name), "status", "arrived", "cancellation_reason"}. SECURITY INVOKER: RLS decides.
Errors: PATIENT_NOT_FOUND (also for another clinic''s patient). Raises 42501 when the caller cannot read the organization, 22023 for a NULL argument.';
