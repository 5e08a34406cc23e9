-- An E.164 number as a clinic's patients read it, for a clinic in
-- p_region: phonenumbers.format_number's NATIONAL format when the number
-- has the region's calling code ('(415) 555-2671' for a US clinic, also for
-- a Canadian number; '020 7946 0018' for a GB clinic), else its
-- INTERNATIONAL format ('+44 20 7946 0018'), from the calling code's
-- formats (booking.phone_number_formats, generated from phonenumbers): the
-- first whose leading digits start the national significant number and
-- whose pattern matches all of it; the first group gets the national prefix
-- rule in the national format. A number no format matches is written
-- ungrouped, as phonenumbers does. NULL stays NULL; a text that is not
-- E.164 is returned as is. tests/test_phone_display.py compares it with
-- phonenumbers on the example numbers of every region.
create or replace function booking.phone_display(p_phone text, p_region text)
returns text
language plpgsql
stable
parallel safe
set search_path = ''
as $$
declare
  v_code integer;
  v_national_number text;
  v_national boolean;
  v_format record;
  v_rule text;
begin
  if p_phone is null or p_phone !~ '^\+[1-9][0-9]{1,14}$' then
    return p_phone;
  end if;
  select c.calling_code into v_code
    from booking.phone_calling_codes c
   where c.calling_code in (substr(p_phone, 2, 1)::integer, substr(p_phone, 2, 2)::integer,
                            substr(p_phone, 2, 3)::integer);
  if v_code is null then
    return p_phone;
  end if;
  v_national_number := substr(p_phone, 2 + length(v_code::text));
  v_national := exists (select from booking.phone_regions r where r.region = p_region and r.calling_code = v_code);

  -- International: the calling code's international formats when it has
  -- any, else its national ones without the national prefix.
  select f.* into v_format
    from booking.phone_number_formats() f
   where f.calling_code = v_code
     and f.international = (not v_national and exists (
           select from booking.phone_number_formats() i where i.calling_code = v_code and i.international))
     and (f.leading_digits is null or v_national_number ~ ('^(?:' || f.leading_digits || ')'))
     and v_national_number ~ ('^(?:' || f.pattern || ')$')
   order by f.ordinal
   limit 1;
  if v_format.pattern is not null then
    v_rule := v_format.format;
    if v_national and v_format.national_prefix_rule is not null then
      -- As phonenumbers: the first group's reference becomes the rule
      -- (whose own \1 is that reference again).
      v_rule := regexp_replace(v_rule, '(\\[0-9])', v_format.national_prefix_rule);
    end if;
    v_national_number := regexp_replace(v_national_number, '^(?:' || v_format.pattern || ')$', v_rule);
  end if;
  return case when v_national then v_national_number else '+' || v_code || ' ' || v_national_number end;
end;
$$;

revoke execute on function booking.phone_display(text, text) from public, anon, authenticated, service_role;
comment on function booking.phone_display(text, text) is
  'An E.164 number for a clinic''s patients: national format for its region''s calling code ((415) 555-2671, 020 7946 0018), else international (+44 20 7946 0018), as phonenumbers formats it.';
