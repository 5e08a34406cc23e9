-- True when booking.phone_regions (phonenumbers' metadata) has the region,
-- an upper-case ISO 3166 code such as US or GB; false for anything else,
-- including NULL, lower case and the non-geographic 001.
create or replace function booking.is_phone_region(p_region text)
returns boolean
language sql
stable
parallel safe
set search_path = ''
as $$
  select exists (select from booking.phone_regions where region = p_region);
$$;

revoke execute on function booking.is_phone_region(text) from public, anon, authenticated, service_role;
comment on function booking.is_phone_region(text) is
  'True when phone numbers of this ISO 3166 region can be read (the region is in the phone metadata).';
