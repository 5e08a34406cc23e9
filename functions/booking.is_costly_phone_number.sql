-- True when an E.164 number is a premium-rate or shared-cost number of its
-- region (booking.phone_costly_number_types, phonenumbers' metadata): the
-- caller of such a number pays its owner, the target of SMS pumping.
-- tests/test_sms_destinations.py compares it with phonenumbers.number_type
-- on the example numbers of every type of every region.
create or replace function booking.is_costly_phone_number(p_phone text)
returns boolean
language plpgsql
stable
parallel safe
set search_path = ''
as $$
begin
  if p_phone is null or p_phone !~ '^\+[1-9][0-9]{1,14}$' then
    return false;
  end if;
  return exists (
    select from booking.phone_costly_number_types t
     where t.calling_code in (substr(p_phone, 2, 1)::integer, substr(p_phone, 2, 2)::integer,
                              substr(p_phone, 2, 3)::integer)
       and substr(p_phone, 2 + length(t.calling_code::text)) ~ ('^(?:' || t.pattern || ')$'));
end;
$$;

revoke execute on function booking.is_costly_phone_number(text) from public, anon, authenticated, service_role;
comment on function booking.is_costly_phone_number(text) is
  'True when the E.164 number is a premium-rate or shared-cost number of its region (phonenumbers'' number types).';
