-- Settings (any member of the organization, or service_role): the clinic
-- profile as the settings page shows it and patients read it.
-- The contract is the COMMENT at the end of this file.
create or replace function public.clinic_profile(p_org_id uuid)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  return (jsonb_build_object('success', true) || booking.clinic_profile_json(v_org))::json;
end;
$$;

revoke execute on function public.clinic_profile(uuid) from public, anon, authenticated, service_role;
grant execute on function public.clinic_profile(uuid) to authenticated, service_role;
comment on function public.clinic_profile(uuid) is
'Settings (any member of the organization, or service_role): the clinic profile.

Arguments: p_org_id.
Answer: {"success": true, "org_id", "name", "contact_phone" (E.164 or null), "contact_phone_display" (as patients read it, as phonenumbers formats it: national format for the region''s calling code, (415) 555-2671 in the US, 020 7946 0018 in GB; else international, +44 20 7946 0018), "address" (or null), "timezone" (IANA), "timezone_name" (as people say it, e.g. "Eastern Time"; the IANA id for zones without one), "phone_region", "time_format" (12h, 24h or null), "effective_time_format" (12h or 24h: the setting, else 12h for US, CA and other 12-hour regions, 24h elsewhere)}.
Errors: INVALID_ORGANIZATION. Raises 42501 unless the caller is service_role or a member of the organization.';
