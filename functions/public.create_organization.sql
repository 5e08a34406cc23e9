-- Onboarding (service_role only): a new organization with its default
-- calendar cal-1 (Monday-Friday 09:00-17:00 local time, 30-minute slots).
-- The contract is the COMMENT at the end of this file.
create or replace function public.create_organization(
  p_name text,
  p_timezone text,
  p_phone_region text
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
  v_region text := upper(btrim(p_phone_region));
  v_org_id uuid;
begin
  perform booking.assert_service_role();
  if v_name is null or length(v_name) not between 1 and 200 or v_name ~ '[[:cntrl:]]' then
    return booking.json_error('INVALID_NAME', 'The organization name must be 1 to 200 characters');
  end if;
  if p_timezone is null or not exists (select from pg_catalog.pg_timezone_names where name = p_timezone) then
    return booking.json_error('INVALID_TIMEZONE', 'The time zone must be an IANA name such as America/New_York');
  end if;
  if v_region is null or not booking.is_phone_region(v_region) then
    return booking.json_error('INVALID_PHONE_REGION', 'The phone region must be a supported ISO 3166 code such as US or GB');
  end if;

  insert into booking.organizations (name, timezone, phone_region)
  values (v_name, p_timezone, v_region)
  returning org_id into v_org_id;

  perform public.create_calendar(v_org_id, 'cal-1', 'Main calendar');

  return json_build_object('success', true, 'org_id', v_org_id, 'calendar_id', 'cal-1');
end;
$$;

revoke execute on function public.create_organization(text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.create_organization(text, text, text) to service_role;
comment on function public.create_organization(text, text, text) is
'Onboarding (service_role): creates an organization with its default calendar cal-1.

Arguments: p_name; p_timezone (IANA, e.g. America/New_York); p_phone_region (the default region of its numbers, e.g. US or GB).
Answer: {"success": true, "org_id", "calendar_id"}.
Errors: INVALID_NAME, INVALID_TIMEZONE, INVALID_PHONE_REGION. Raises 42501 for other callers.';
