-- An E.164 number as a clinic's patients read it, for a clinic in
-- p_region: a number of the North American plan (+1) in a +1 region in its
-- national format, (415) 555-2671; any other number in international form,
-- the calling code apart: +44 2079460018 (the phone metadata has no
-- grouping rules for other plans, and the international form dials from
-- anywhere). NULL stays NULL; a text that is not E.164 is returned as is.
create or replace function booking.phone_display(p_phone text, p_region text)
returns text
language plpgsql
stable
parallel safe
set search_path = ''
as $$
declare
  v_code integer;
begin
  if p_phone is null or p_phone !~ '^\+[1-9][0-9]{1,14}$' then
    return p_phone;
  end if;
  if p_phone ~ '^\+1[0-9]{10}$'
     and exists (select from booking.phone_regions r where r.region = p_region and r.calling_code = 1) then
    return '(' || substr(p_phone, 3, 3) || ') ' || substr(p_phone, 6, 3) || '-' || substr(p_phone, 9, 4);
  end if;
  select c.calling_code into v_code
    from booking.phone_calling_codes c
   where c.calling_code in (substr(p_phone, 2, 1)::integer, substr(p_phone, 2, 2)::integer,
                            substr(p_phone, 2, 3)::integer);
  if v_code is null then
    return p_phone;
  end if;
  return '+' || v_code || ' ' || substr(p_phone, 2 + length(v_code::text));
end;
$$;

revoke execute on function booking.phone_display(text, text) from public, anon, authenticated, service_role;
comment on function booking.phone_display(text, text) is
  'An E.164 number for a clinic''s patients: (415) 555-2671 for +1 numbers in +1 regions, else +44 2079460018.';
