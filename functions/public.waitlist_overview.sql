-- The clinic's waitlist for its staff: who waits for what, what is being
-- offered now, and, per week, how freed times were refilled. The contract
-- is the COMMENT at the end of this file.
create or replace function public.waitlist_overview(p_org_id uuid)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
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

revoke execute on function public.waitlist_overview(uuid) from public, anon, authenticated, service_role;
grant execute on function public.waitlist_overview(uuid) to authenticated, service_role;
comment on function public.waitlist_overview(uuid) is
'The clinic''s waitlist for its staff (members, service_role).

Arguments: p_org_id.
Answer: {"success": true, "name", "timezone", "time_format" (12h or 24h: the clinic''s clock), "settings" (as public.set_waitlist_settings answers them), "calendars": [{"calendar_id", "name"}] (the default first), "services": [{"service_type", "service_name"}] (each active service of the clinic''s catalogs once, as patients read it), "entries": [open entries, first come first: {"waitlist_entry_id", "contact_id", "patient_name", "patient_phone" (E.164), "patient_phone_display", "service_type", "service_name", "calendar_id" (null: any), "calendar_name", "earliest", "latest" (clinic-local dates), "weekdays", "day_start", "day_end", "window_text" (in words), "appointment_id" and "appointment_local_text" (an earlier time for that appointment; else null), "joined_at", "joined_local_text", "joined_by" (staff, patient_phone, patient_link, patient_sms), "offers_sent"}], "slots": [freed times being offered now: {"slot_id", "calendar_id", "calendar_name", "starts_at", "local_text", "status", "offers_out" (open offers), "next_batch_local_text" (when the next batch goes out, or the open one ends)}], "weeks": [the last 8 clinic-local weeks (Monday first) with freed times, newest first: {"week_start", "freed", "offered", "filled", "fill_rate" (filled / freed), "median_minutes_to_fill" (from freed to booked; null when none filled)}]}.
Errors: INVALID_ORGANIZATION. Raises 42501 when the caller may not act for the organization.';
