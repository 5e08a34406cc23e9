-- How a national significant number's length fits a region's possible
-- lengths, as phonenumbers' _test_number_length answers for the general
-- description: 'local_only', 'possible', 'too_short', 'too_long' or
-- 'invalid_length'. possible_lengths keeps phonenumbers' order, so its first
-- element is the shortest and its last the longest. PL/pgSQL: a LANGUAGE
-- sql function with a SET clause is planned again on every call (every
-- number a booking normalizes calls this).
create or replace function booking.phone_number_length_fit(
  p_length integer,
  p_possible_lengths integer[],
  p_local_only_lengths integer[]
) returns text
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
begin
  return case
    when p_length = any (p_local_only_lengths) then 'local_only'
    when p_length = p_possible_lengths[1] then 'possible'
    when p_length < p_possible_lengths[1] then 'too_short'
    when p_length > p_possible_lengths[cardinality(p_possible_lengths)] then 'too_long'
    when p_length = any (p_possible_lengths) then 'possible'
    else 'invalid_length'
  end;
end;
$$;

revoke execute on function booking.phone_number_length_fit(integer, integer[], integer[]) from public, anon, authenticated, service_role;
comment on function booking.phone_number_length_fit(integer, integer[], integer[]) is
  'Fit of a phone number length to possible lengths: local_only, possible, too_short, too_long or invalid_length (phonenumbers'' _test_number_length).';
