-- Settings (an owner or admin of the organization, or service_role): adds or changes a service type of a calendar.
-- The contract is the COMMENT at the end of this file.
create or replace function public.upsert_service_type(
  p_org_id uuid,
  p_calendar_id text,
  p_service_type text,
  p_duration_minutes integer,
  p_value_cents integer default 0,
  p_active boolean default true
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

  insert into booking.service_types as s (org_id, calendar_id, service_type, duration_minutes, value_cents, active)
  values (p_org_id, v_calendar.calendar_id, v_service_type, p_duration_minutes, p_value_cents, coalesce(p_active, true))
  on conflict (org_id, calendar_id, lower(service_type)) do update
     set service_type = excluded.service_type,
         duration_minutes = excluded.duration_minutes,
         value_cents = excluded.value_cents,
         active = excluded.active;
  return json_build_object('success', true, 'calendar_id', v_calendar.calendar_id,
                           'service_type', v_service_type, 'duration_minutes', p_duration_minutes);
end;
$$;

revoke execute on function public.upsert_service_type(uuid, text, text, integer, integer, boolean) from public, anon, authenticated, service_role;
grant execute on function public.upsert_service_type(uuid, text, text, integer, integer, boolean) to authenticated, service_role;
comment on function public.upsert_service_type(uuid, text, text, integer, integer, boolean) is
'Settings (an owner or admin of the organization, or service_role): adds or updates a calendar''s service type.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_service_type; p_duration_minutes (1-1440); p_value_cents (default 0; the lead score''s high-value signal); p_active (default true).
Answer: {"success": true, "calendar_id", "service_type", "duration_minutes"}; a calendar with service types books only those, each for its own duration.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND, INVALID_SERVICE_TYPE, INVALID_DURATION, INVALID_VALUE. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
