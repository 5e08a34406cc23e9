-- Settings (an owner or admin of the organization, or service_role): the
-- clinic profile, every field at once (a form's submission).
-- The contract is the COMMENT at the end of this file.
create or replace function public.set_clinic_profile(
  p_org_id uuid,
  p_name text,
  p_contact_phone text,
  p_address text,
  p_timezone text,
  p_phone_region text,
  p_time_format text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_name text := btrim(regexp_replace(p_name, '[[:space:]]+', ' ', 'g'));
  -- An address typed on several lines reads as one: "12 Main St, Springfield".
  v_address text := nullif(btrim(regexp_replace(regexp_replace(p_address, '[[:space:]]*[\r\n]+[[:space:]]*', ', ', 'g'),
                                                '[[:space:]]+', ' ', 'g'), ' ,'), '');
  v_region text := upper(btrim(p_phone_region));
  v_time_format text := nullif(lower(btrim(p_time_format)), '');
  v_phone text;
  v_refusal json;
  v_org booking.organizations;
begin
  perform booking.assert_org_role(p_org_id, 'admin');
  if not exists (select from booking.organizations where org_id = p_org_id) then
    return booking.json_error('INVALID_ORGANIZATION', 'The organization does not exist');
  end if;
  v_refusal := booking.clinic_profile_refusal(v_name, p_timezone, v_region, p_contact_phone);
  if v_refusal is not null then
    return v_refusal;
  end if;
  v_phone := booking.normalize_phone(nullif(btrim(p_contact_phone), ''), v_region);
  if v_address is not null and (length(v_address) > 300 or v_address ~ '[[:cntrl:]]') then
    return booking.json_error('INVALID_ADDRESS', 'The address must be at most 300 characters');
  end if;
  if v_time_format is not null and v_time_format not in ('12h', '24h') then
    return booking.json_error('INVALID_TIME_FORMAT', 'The time format must be 12h, 24h or empty (from the phone region)');
  end if;

  update booking.organizations o
     set name = v_name, contact_phone = v_phone, address = v_address, timezone = p_timezone,
         phone_region = v_region, time_format = v_time_format
   where o.org_id = p_org_id
  returning * into v_org;
  return (jsonb_build_object('success', true) || booking.clinic_profile_json(v_org))::json;
end;
$$;

revoke execute on function public.set_clinic_profile(uuid, text, text, text, text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.set_clinic_profile(uuid, text, text, text, text, text, text) to authenticated, service_role;
comment on function public.set_clinic_profile(uuid, text, text, text, text, text, text) is
'Settings (an owner or admin of the organization, or service_role): sets the clinic profile, every field at once.

Arguments: p_org_id; p_name (1-200 characters, white space collapsed); p_contact_phone (the number patients are told to call, read in p_phone_region; NULL or blank: none, patients get the voice agent''s or SMS sender''s number); p_address (at most 300 characters, lines joined with commas; NULL or blank: none); p_timezone (IANA, e.g. America/New_York); p_phone_region (ISO 3166, e.g. US or GB: reads numbers written without a country code, and sets the default clock); p_time_format (12h, 24h, or NULL/blank: from the phone region).
Answer: {"success": true, ...the profile as public.clinic_profile answers it}.
Errors: INVALID_ORGANIZATION, INVALID_NAME, INVALID_TIMEZONE, INVALID_REGION, INVALID_PHONE (not a valid number, or premium-rate/shared-cost), INVALID_ADDRESS, INVALID_TIME_FORMAT. Raises 42501 unless the caller is service_role or an owner or admin of the organization.';
