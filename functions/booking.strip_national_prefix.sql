-- A national number without its national (trunk) prefix and carrier code,
-- read with a region's rules, as phonenumbers'
-- _maybe_strip_national_prefix_carrier_code does: when
-- national_prefix_for_parsing matches at the start, the match is removed, or
-- replaced by national_prefix_transform_rule when the pattern's last group
-- took part in the match; but a number that fitted the region's general
-- pattern is kept as it was when the result no longer fits it.
-- p_number: ASCII digits. Returns p_number unchanged when nothing applies
-- (also when p_region is NULL, e.g. for non-geographic calling codes).
--
-- PostgreSQL picks the longest match where Python picks the first
-- alternative that matches; the prefixes in phonenumbers' metadata have no
-- alternatives where the two differ (tests/test_phone_normalization.py
-- compares the results on every region).
create or replace function booking.strip_national_prefix(p_number text, p_region booking.phone_regions)
returns text
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v_prefix text := '^(?:' || p_region.national_prefix_for_parsing || ')';
  v_general text := '^(?:' || p_region.national_number_pattern || ')$';
  v_groups text[];
  v_result text;
begin
  if p_number = '' or p_region.national_prefix_for_parsing is null then
    return p_number;
  end if;
  v_groups := regexp_match(p_number, v_prefix);
  if v_groups is null then
    return p_number;
  end if;
  if p_region.national_prefix_transform_rule is null
     or v_groups[p_region.national_prefix_groups] is null then
    v_result := regexp_replace(p_number, v_prefix, '');
  else
    v_result := regexp_replace(p_number, v_prefix, p_region.national_prefix_transform_rule);
  end if;
  if p_number ~ v_general and v_result !~ v_general then
    return p_number;
  end if;
  return v_result;
end;
$$;

revoke execute on function booking.strip_national_prefix(text, booking.phone_regions) from public, anon, authenticated, service_role;
comment on function booking.strip_national_prefix(text, booking.phone_regions) is
  'National number without the region''s national prefix or carrier code (transformed where the region''s rule says so), as phonenumbers strips it.';
