-- Settings (an owner or admin of the organization, or service_role): the date follows the weekly hours again.
create or replace function public.clear_date_override(p_org_id uuid, p_calendar_id text, p_date date)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_admin record;
  v_calendar booking.calendars;
begin
  select * into v_admin from booking.admin_calendar(p_org_id, p_calendar_id);
  if v_admin.error is not null then
    return v_admin.error;
  end if;
  v_calendar := v_admin.calendar;
  delete from booking.calendar_date_overrides
   where org_id = p_org_id and calendar_id = v_calendar.calendar_id and on_date = p_date;
  return json_build_object('success', true, 'removed', found);
end;
$$;

revoke execute on function public.clear_date_override(uuid, text, date) from public, anon, authenticated, service_role;
grant execute on function public.clear_date_override(uuid, text, date) to authenticated, service_role;
comment on function public.clear_date_override(uuid, text, date) is
'Settings (an owner or admin of the organization, or service_role): removes a date override, so the date follows the weekly hours again.

Arguments: p_org_id; p_calendar_id (NULL: the default calendar); p_date.
Answer: {"success": true, "removed": bool}.
Errors: INVALID_ORGANIZATION, CALENDAR_NOT_FOUND. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
