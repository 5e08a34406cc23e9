-- PLACEHOLDER until the phonenumbers-derived metadata lands.
create or replace function booking.is_phone_region(p_region text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select p_region ~ '^[A-Z]{2}$';
$$;

revoke execute on function booking.is_phone_region(text) from public;
comment on function booking.is_phone_region(text) is
  'True when phone numbers of this ISO 3166 region can be read (the region is in the phone metadata).';
