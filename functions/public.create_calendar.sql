-- Settings (an owner or admin of the organization, or service_role): another calendar (a practitioner, a room).
-- The contract is the COMMENT at the end of this file.
create or replace function public.create_calendar(p_org_id uuid, p_calendar_id text, p_name text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  if p_calendar_id is null or p_calendar_id !~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' then
    return booking.json_error('INVALID_CALENDAR_ID', 'Calendar ids are 1-64 letters, digits, _ . -');
  end if;
  if v_name is null or length(v_name) not between 1 and 200 or v_name ~ '[[:cntrl:]]' then
    return booking.json_error('INVALID_NAME', 'The calendar name must be 1 to 200 characters');
  end if;
  insert into booking.calendars (org_id, calendar_id, name, is_default)
  values (p_org_id, p_calendar_id, v_name,
          not exists (select from booking.calendars where org_id = p_org_id and is_default))
  on conflict do nothing;
  if not found then
    return booking.json_error('CALENDAR_EXISTS', 'The organization already has this calendar');
  end if;
  insert into booking.calendar_weekly_hours (org_id, calendar_id, iso_weekday, opens_at, closes_at)
  select p_org_id, p_calendar_id, d, '09:00', '17:00' from generate_series(1, 5) d;
  return json_build_object('success', true, 'calendar_id', p_calendar_id);
end;
$$;

revoke execute on function public.create_calendar(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.create_calendar(uuid, text, text) to authenticated, service_role;
comment on function public.create_calendar(uuid, text, text) is
'Settings (an owner or admin of the organization, or service_role): creates a calendar with default rules and Monday-Friday 09:00-17:00 hours.

Arguments: p_org_id; p_calendar_id (1-64 letters, digits, _ . -); p_name (1-200 characters).
Answer: {"success": true, "calendar_id"}; an organization''s first calendar becomes its default.
Errors: INVALID_ORGANIZATION, INVALID_CALENDAR_ID, INVALID_NAME, CALENDAR_EXISTS. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
