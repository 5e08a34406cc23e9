-- PLACEHOLDER until the phonenumbers-derived metadata lands: accepts only
-- numbers written with +country code. Contract: E.164 text, or NULL when the
-- number is not valid for its region.
create or replace function booking.normalize_phone(p_phone text, p_default_region text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_digits text := regexp_replace(p_phone, '[[:space:]().-]', '', 'g');
begin
  if v_digits ~ '^\+[1-9][0-9]{7,14}$' then
    return v_digits;
  end if;
  return null;
end;
$$;

revoke execute on function booking.normalize_phone(text, text) from public;
comment on function booking.normalize_phone(text, text) is
  'E.164 form of a phone number read with the default region, or NULL when invalid.';
