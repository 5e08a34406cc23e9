-- Settings (an owner or admin of the organization, or service_role): adds or changes a service type of a calendar.
-- The contract is the COMMENT at the end of this file.
create or replace function public.upsert_service_type(
  p_org_id uuid,
  p_calendar_id text,
  p_service_type text,
  p_duration_minutes integer,
  p_value_cents integer default 0,
  p_active boolean default true,
  p_display_name text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
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

revoke execute on function public.upsert_service_type(uuid, text, text, integer, integer, boolean, text) from public, anon, authenticated, service_role;
grant execute on function public.upsert_service_type(uuid, text, text, integer, integer, boolean, text) to authenticated, service_role;
comment on function public.upsert_service_type(uuid, text, text, integer, integer, boolean, text) is
'Settings (an owner or admin of the organization, or service_role): adds or updates a calendar''s service type.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_service_type; p_duration_minutes (1-1440); p_value_cents (default 0; the lead score''s high-value signal); p_active (default true); p_display_name (the name patients read, at most 100 characters; default NULL: unchanged, the service type for a new service; blank: back to the service type).
Answer: {"success": true, "calendar_id", "service_type", "duration_minutes", "display_name" (as patients read it)}; a calendar with service types books only those, each for its own duration.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_SERVICE_TYPE, INVALID_DURATION, INVALID_VALUE, INVALID_DISPLAY_NAME. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
