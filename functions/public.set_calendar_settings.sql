-- Settings (an owner or admin of the organization, or service_role): changes a calendar's booking rules.
-- The contract is the COMMENT at the end of this file.
create or replace function public.set_calendar_settings(p_org_id uuid, p_calendar_id text, p_settings jsonb)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;

revoke execute on function public.set_calendar_settings(uuid, text, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.set_calendar_settings(uuid, text, jsonb) to authenticated, service_role;
comment on function public.set_calendar_settings(uuid, text, jsonb) is
'Settings (an owner or admin of the organization, or service_role): updates a calendar''s rules.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_settings {"name", "slot_interval_minutes" (1-1440), "default_duration_minutes" (1-1440), "buffer_before_minutes", "buffer_after_minutes" (0-1440), "min_notice_minutes" (0-525600), "max_advance_days" (1-1095), "cancel_notice_minutes", "reschedule_notice_minutes" (0-525600, default 120: a patient may cancel / reschedule only up to this long before the start; staff always)}; absent keys are unchanged.
Answer: {"success": true, "calendar"}.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_SETTINGS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
