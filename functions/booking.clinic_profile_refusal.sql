-- The clinic profile's rules for the fields both public.set_clinic_profile
-- and public.create_clinic take: the first refusal, or NULL when they are
-- good. p_name comes with its white space collapsed, p_region upper-cased.
create or replace function booking.clinic_profile_refusal(
  p_name text,
  p_timezone text,
  p_region text,
  p_contact_phone text
)
returns json
language plpgsql
stable
set search_path = ''
as $$
declare
  v_phone text;
begin
  if p_name is null or length(p_name) not between 1 and 200 or p_name ~ '[[:cntrl:]]' then
    return booking.json_error('INVALID_NAME', 'The clinic name must be 1 to 200 characters');
  end if;
  if p_timezone is null or not exists (select from pg_catalog.pg_timezone_names where name = p_timezone) then
    return booking.json_error('INVALID_TIMEZONE', 'The time zone must be an IANA name such as America/New_York');
  end if;
  if p_region is null or not booking.is_phone_region(p_region) then
    return booking.json_error('INVALID_REGION', 'The phone region must be a supported ISO 3166 code such as US or GB');
  end if;
  if nullif(btrim(p_contact_phone), '') is not null then
    v_phone := booking.normalize_phone(p_contact_phone, p_region);
    if v_phone is null or booking.is_costly_phone_number(v_phone) then
      return booking.json_error('INVALID_PHONE',
        'The clinic''s phone number must be a valid number (not premium-rate), e.g. +1 415 555 0100');
    end if;
  end if;
  return null;
end;
$$;

revoke execute on function booking.clinic_profile_refusal(text, text, text, text) from public, anon, authenticated, service_role;
comment on function booking.clinic_profile_refusal(text, text, text, text) is
  'The first refusal of a clinic''s name, time zone, phone region and phone (INVALID_NAME, INVALID_TIMEZONE, INVALID_REGION, INVALID_PHONE), or NULL; shared by public.set_clinic_profile and public.create_clinic.';
