-- The clinic dashboard's read model (/dashboard): everything the page shows
-- in one JSON document, read as the caller under RLS (SECURITY INVOKER), so
-- a member reads only their own organization, like every other read.
-- The contract is the COMMENT at the end of this file; the appointment
-- entries' confirmation_sms_status / reminder_status are the latest
-- confirmation / live reminder SMS's outbox status (null when none), the
-- calls are the 20 newest, daily_confirmation is oldest day first.
create or replace function public.dashboard_overview(p_org_id uuid, p_days integer default 7)
returns json
language plpgsql
stable
set search_path = ''
as $$
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

revoke execute on function public.dashboard_overview(uuid, integer) from public, anon, authenticated, service_role;
grant execute on function public.dashboard_overview(uuid, integer) to authenticated, service_role;
comment on function public.dashboard_overview(uuid, integer) is
'The dashboard''s read model of one organization.

Arguments: p_org_id; p_days (1-31, default 7: the local days from today).
Answer: {"org_id", "name", "timezone", "time_format" (12h or 24h: the clock staff read the HH24:MI times on), "today", "generated_at", "calendars": [{"calendar_id", "name", "appointments": [time, patient, service, status, confirmation SMS and reminder status, patient-confirmed mark, can_complete and can_no_show: whether set_appointment_attendance would record them now]}], "holds" (active, with expiry), "hot_leads" (last 24 hours), "recent_calls" (with lead scores), "reports": {"daily_confirmation", "sms_delivery", "hot_leads"}}; SECURITY INVOKER, so RLS decides.
Errors: raises 42501 when the caller cannot read the organization (another clinic''s and unknown ones are not told apart), 22023 for a NULL p_org_id or p_days outside 1-31.';
