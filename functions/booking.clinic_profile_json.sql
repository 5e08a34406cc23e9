-- The clinic profile of an organization as public.clinic_profile and
-- public.set_clinic_profile answer it (without "success").
create or replace function booking.clinic_profile_json(p_org booking.organizations)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'org_id', p_org.org_id,
    'name', p_org.name,
    'contact_phone', p_org.contact_phone,
    'contact_phone_display', booking.phone_display(p_org.contact_phone, p_org.phone_region),
    'address', p_org.address,
    'timezone', p_org.timezone,
    'timezone_name', booking.timezone_display_name(p_org.timezone),
    'phone_region', p_org.phone_region,
    'time_format', p_org.time_format,
    'effective_time_format', booking.effective_time_format(p_org.time_format, p_org.phone_region));
$$;

revoke execute on function booking.clinic_profile_json(booking.organizations) from public, anon, authenticated, service_role;
comment on function booking.clinic_profile_json(booking.organizations) is
  'The clinic profile fields of an organization (name, contact phone and its display, address, time zone and its name, phone region, time format and the effective one).';
