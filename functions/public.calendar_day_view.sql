-- The front desk's day and week view of one calendar: its appointments
-- (cancelled ones too, with their reason), live holds and blocked time per
-- local day, read as the caller under RLS (SECURITY INVOKER). Each
-- appointment carries what staff may record now (booking.attendance_refusal,
-- the rule set_appointment_attendance enforces), so a page offers only the
-- buttons that work. The contract is the COMMENT at the end of this file.
--
-- One range scan per kind and day: appointments by
-- appointments_org_id_scheduled_at (an appointment lasts at most a day, so
-- those overlapping the window start at most a day before it), holds by
-- appointment_holds_no_overlap, blocks by calendar_blocks_during; with a
-- million appointments in the table a day answers in about a millisecond
-- (bench/day_view.py).
create or replace function public.calendar_day_view(
  p_org_id uuid,
  p_calendar_id text,
  p_date date,
  p_days integer default 1
) returns json
language plpgsql
stable
set search_path = ''
as $$
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

revoke execute on function public.calendar_day_view(uuid, text, date, integer) from public, anon, authenticated, service_role;
grant execute on function public.calendar_day_view(uuid, text, date, integer) to authenticated, service_role;
comment on function public.calendar_day_view(uuid, text, date, integer) is
'Staff: a calendar''s day or week (1-7 local days from p_date, past or future) with appointments, live holds and blocked time, in the clinic''s time zone.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_date (a local date); p_days (1-7, default 1).
Answer: {"success": true, "org_id", "name", "timezone", "time_format" (12h or 24h: the clock staff read the HH24:MI times on), "today", "date", "days", "calendar_id", "calendar_name", "calendars": [{"calendar_id", "name", "is_default"}], "services": [{"service_type", "service_name", "duration_minutes"}], "dates": [{"date", "appointments": [{"appointment_id", "scheduled_at", "ends_at", "local_time", "local_end_time", "start_minute", "duration_minutes", "status", "arrived", "patient_confirmed", "booked_by_staff", "contact_id", "patient_name", "service_type", "service_name" (its display name), "cancelled_by", "cancellation_reason", "can_check_in", "can_complete", "can_no_show", "can_clear"}], "holds": [{"hold_id", "scheduled_at", "local_time", "local_end_time", "expires_local_time", "patient_name"}], "blocks": [{"block_id", "starts_at", "ends_at", "local_start", "local_end", "local_time", "local_end_time", "reason"}]}]}; cancelled appointments included (with who cancelled and why). The can_* flags are set_appointment_attendance''s rule: what staff may record now. SECURITY INVOKER: RLS decides.
Errors: CALENDAR_NOT_FOUND. Raises 42501 when the caller cannot read the organization (another clinic''s and unknown ones are not told apart), 22023 for a NULL p_org_id, a date outside 2000-2200 or p_days outside 1-7.';
