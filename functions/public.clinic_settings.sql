-- Settings (an owner or admin of the organization, or service_role): what the
-- clinic's settings pages show. The contract is the COMMENT at the end of
-- this file.
--
-- No secret leaves: of the Twilio credentials only whether they are set and
-- the last 4 characters of the account SID, the sender number and the
-- messaging service; of the voice agent only whether a secret is set.
create or replace function public.clinic_settings(p_org_id uuid)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;

revoke execute on function public.clinic_settings(uuid) from public, anon, authenticated, service_role;
grant execute on function public.clinic_settings(uuid) to authenticated, service_role;
comment on function public.clinic_settings(uuid) is
'Settings (an owner or admin of the organization, or service_role): the clinic''s settings as its settings pages show them; never a secret.

Arguments: p_org_id.
Answer: {"success": true, "org_id", "name", "timezone", "phone_region", "today" (the clinic''s local date), "reminder_offsets_minutes", "timezones" ([{"timezone" (IANA id), "name" (as people say it, else the id)}]: the zones a clinic may choose), "calendars": [{"calendar_id", "name", "is_default", "slot_interval_minutes", "default_duration_minutes", "buffer_before_minutes", "buffer_after_minutes", "min_notice_minutes", "max_advance_days", "cancel_notice_minutes", "reschedule_notice_minutes", "weekly_hours" ({"mon": [["09:00","17:00"]], ...} as set_weekly_hours takes it; closed days absent), "date_overrides" ([{"date", "note", "hours" ([] closed)}] from today on), "service_types" ([{"service_type", "display_name" (as patients read it), "duration_minutes", "value_cents", "active"}])}] (the default first), "sms": {"twilio_configured", "auth_token_set", "account_sid_last4", "from_number_last4", "messaging_service_sid_last4", "hot_lead_alert_phone" (as the clinic reads it, booking.phone_display), "sms_help_reply"}, "voice_agent": {"configured" (a secret is set), "assistant_id", "phone_number" (as the clinic reads it), "updated_at"}}.
Errors: INVALID_ORGANIZATION. Raises 42501 unless the caller is service_role or an owner or admin of the organization (front desk included).';
