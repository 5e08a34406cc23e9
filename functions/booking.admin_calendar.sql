-- The calendar an admin function changes, or the business error that
-- refuses the call. Raises 42501 unless the caller is service_role or an
-- owner or admin of the organization (booking.assert_org_role);
-- error is INVALID_ORGANIZATION or CALENDAR_NOT_FOUND (JSON), NULL when the
-- calendar was found (p_calendar_id NULL: the default calendar).
create or replace function booking.admin_calendar(
  p_org_id uuid,
  p_calendar_id text,
  out calendar booking.calendars,
  out error json
)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    error := booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
    return;
  end if;
  calendar := booking.find_calendar(p_org_id, p_calendar_id);
  if calendar.calendar_id is null then
    error := booking.json_error('CALENDAR_NOT_FOUND', 'The organization has no such calendar');
  end if;
end;
$$;

revoke execute on function booking.admin_calendar(uuid, text) from public, anon, authenticated, service_role;
comment on function booking.admin_calendar(uuid, text) is
  'For admin functions: asserts an owner/admin (or service_role), then the calendar (default when NULL) or INVALID_ORGANIZATION / CALENDAR_NOT_FOUND.';
