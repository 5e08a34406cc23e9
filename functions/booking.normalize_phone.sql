-- The E.164 form of a phone number (e.g. +14155552671), or NULL when it is
-- not a valid number; never raises.
--
-- Contract: the result is what phonenumbers (the Python port of Google's
-- libphonenumber, whose metadata tools/generate_phone_metadata.py copies
-- into booking.phone_regions, phone_calling_codes and phone_leading_digits)
-- gives for
--   n = phonenumbers.parse(p_phone, p_default_region)
--   format_number(n, E164) if is_valid_number(n) else None
-- except that input phonenumbers would read past is refused (NULL):
--   - letters (vanity numbers such as 1-800-FLOWERS, "Tel:", "ext. 12"),
--     the other extension markers (# ~ , ;), * and any other symbol: only
--     digits, '+', white space and the separators - . ( ) [ ] / (and the
--     Unicode variants phonenumbers knows) are accepted;
--   - digits of scripts other than ASCII, full-width and Arabic-Indic.
-- p_default_region is the ISO 3166 region (upper case) of numbers written
-- without a calling code; with an unknown region only numbers written with
-- '+' can be read. A number valid in any region of its calling code is
-- accepted (a Canadian number in a US organization). No region is known to
-- disagree with phonenumbers: tests/test_phone_normalization.py compares
-- the two on example numbers of every type of every region, written in
-- many ways and read from many regions.
--
-- The steps follow phonenumbers.parse:
--   1. drop what comes before the first digit or '+' and the non-digits at
--      the end; what remains must look like a number;
--   2. the calling code comes from '+', from the default region's
--      international dialling prefix (011 in the US, 00 in GB, 8 10 in RU),
--      or from the default region itself, also when the digits start with
--      its calling code and make sense only without it;
--   3. the national prefix (0 in GB, 1 in the US, 8 in RU, carrier codes in
--      BR, the 0 and 15 of Argentine mobiles...) is stripped or transformed
--      with the rules of the region the number is written in, when what
--      remains has a possible length; leading zeros that remain (Italy) are
--      kept;
--   4. the national significant number (2 to 17 digits) is valid when it
--      matches the pattern for its calling code, or for its leading digits
--      when the code is shared by several regions (+1, +44, +7...).
-- Cost: the default region, the calling code (looked up once, where it is
-- found), its main region when that is not the default region, and one
-- leading-digits probe: three or four primary-key lookups, and a handful
-- of regular expressions, which PostgreSQL compiles once per session and
-- caches.
create or replace function booking.normalize_phone(p_phone text, p_default_region text)
returns text
language plpgsql
stable
parallel safe
set search_path = ''
as $$
declare
  -- phonenumbers reads digits of any script; these are the common ones.
  c_other_digits constant text :=
    U&'\FF10\FF11\FF12\FF13\FF14\FF15\FF16\FF17\FF18\FF19'
    || U&'\0660\0661\0662\0663\0664\0665\0666\0667\0668\0669'
    || U&'\06F0\06F1\06F2\06F3\06F4\06F5\06F6\06F7\06F8\06F9';
  -- phonenumbers' _VALID_PUNCTUATION without the letter x and the tildes.
  c_separators constant text :=
    U&'-\2010\2011\2012\2013\2014\2015\2212\30FC\FF0D\FF0E\FF0F'
    || U&' \00A0\00AD\200B\2060\3000()\FF08\FF09\FF3B\FF3D.[]/';
  v_number text;
  v_digits text;
  v_rest text;
  v_default booking.phone_regions;
  v_reading booking.phone_regions;
  v_calling_code integer;
  v_calling record;
  v_valid_pattern text;
  v_national text;
  v_stripped text;
  v_read_as_default boolean;
begin
  if p_phone is null or length(p_phone) > 250 then
    return null;
  end if;
  v_number := translate(p_phone, c_other_digits || U&'\FF0B',
                        repeat('0123456789', 3) || '+');
  v_number := translate(v_number, c_separators, repeat(' ', length(c_separators)));
  if v_number ~ '[^0-9+ \t\n\r\f\v]' then
    return null;
  end if;

  -- 1. The number between the first digit or '+' and the last digit.
  v_number := regexp_replace(substring(v_number from '[0-9+].*$'), '[^0-9]+$', '');
  if v_number is null
     or not (v_number ~ '^[0-9]{2}$' or v_number ~ '^\+*(?: *[0-9]){3,}[ 0-9]*$') then
    return null;
  end if;
  v_digits := regexp_replace(v_number, '[^0-9]', '', 'g');

  select * into v_default from booking.phone_regions where region = upper(p_default_region);
  -- Like phonenumbers, the region must be spelt exactly unless there is a '+'.
  if left(v_number, 1) <> '+' and v_default.region is distinct from p_default_region then
    return null;
  end if;

  -- 2. The calling code, from the number (v_rest: digits that start with
  -- it) or from the default region.
  if left(v_number, 1) = '+' then
    if length(v_digits) <= 2 then
      return null;
    end if;
    v_rest := v_digits;
    if v_rest not like '0%' then
      -- Calling codes are prefix-free: at most one of these exists.
      select c.calling_code, c.valid_number_pattern, c.main_region into v_calling
        from booking.phone_calling_codes c
       where c.calling_code in (left(v_rest, 1)::integer, left(v_rest, 2)::integer,
                                left(v_rest, 3)::integer);
      v_calling_code := v_calling.calling_code;
    end if;
    if v_calling_code is null then
      -- An unknown code after '+': phonenumbers tries again without the
      -- '+', which helps only when an international prefix follows it.
      if v_default.international_prefix is null
         or v_digits !~ ('^(?:' || v_default.international_prefix || ')') then
        return null;
      end if;
      v_rest := regexp_replace(v_digits, '^(?:' || v_default.international_prefix || ')', '');
      if v_rest like '0%' or length(v_rest) <= 2 then
        return null;
      end if;
    end if;
  elsif v_digits ~ ('^(?:' || v_default.international_prefix || ')') then
    v_rest := regexp_replace(v_digits, '^(?:' || v_default.international_prefix || ')', '');
    if v_rest like '0%' then
      v_rest := null;  -- calling codes never start with 0: a national number
    elsif length(v_rest) <= 2 then
      return null;
    end if;
  end if;

  if v_rest is not null then
    if v_calling_code is null then
      -- Calling codes are prefix-free: at most one of these exists.
      select c.calling_code, c.valid_number_pattern, c.main_region into v_calling
        from booking.phone_calling_codes c
       where c.calling_code in (left(v_rest, 1)::integer, left(v_rest, 2)::integer,
                                left(v_rest, 3)::integer);
      if not found then
        return null;
      end if;
      v_calling_code := v_calling.calling_code;
    end if;
    v_national := substr(v_rest, length(v_calling_code::text) + 1);
    v_read_as_default := false;
  else
    -- The default region's number, unless the digits start with its calling
    -- code and fit its patterns only without it (or are too long with it).
    v_calling_code := v_default.calling_code;
    select c.calling_code, c.valid_number_pattern, c.main_region into v_calling
      from booking.phone_calling_codes c
     where c.calling_code = v_calling_code;
    v_national := v_digits;
    v_read_as_default := true;
    if v_digits like v_calling_code::text || '%' then
      v_stripped := booking.strip_national_prefix(
        substr(v_digits, length(v_calling_code::text) + 1), v_default);
      if (v_digits !~ ('^(?:' || v_default.national_number_pattern || ')$')
          and v_stripped ~ ('^(?:' || v_default.national_number_pattern || ')$'))
         or booking.phone_number_length_fit(length(v_digits), v_default.possible_lengths,
                                            v_default.local_only_lengths) = 'too_long' then
        v_national := v_stripped;
        v_read_as_default := false;
      end if;
    end if;
  end if;

  -- A number with its calling code is read with the rules of the code's main
  -- region (US for +1), one without it with the default region's.
  -- (The main region is most often the default one: +1 in a US clinic.)
  if v_read_as_default or v_calling.main_region is not distinct from v_default.region then
    v_reading := v_default;
  else
    select r.* into v_reading from booking.phone_regions r where r.region = v_calling.main_region;
  end if;

  -- 3. The national significant number.
  if length(v_national) < 2 then
    return null;
  end if;
  if v_reading.region is not null then
    v_stripped := booking.strip_national_prefix(v_national, v_reading);
    if booking.phone_number_length_fit(length(v_stripped), v_reading.possible_lengths,
                                       v_reading.local_only_lengths) in ('possible', 'too_long') then
      v_national := v_stripped;
    end if;
  end if;
  if length(v_national) not between 2 and 17 then
    return null;
  end if;

  -- 4. Validity: with the calling code's pattern, or, when the code is
  -- shared and the number starts with a region's leading digits, with the
  -- pattern for that prefix.
  select l.valid_number_pattern into v_valid_pattern
    from booking.phone_leading_digits l
   where l.calling_code = v_calling_code and starts_with(v_national, l.leading_digits)
   limit 1;
  if not found then
    v_valid_pattern := v_calling.valid_number_pattern;
  end if;
  if v_national ~ ('^(?:' || v_valid_pattern || ')$') then
    return '+' || v_calling_code || v_national;
  end if;
  return null;
end;
$$;

revoke execute on function booking.normalize_phone(text, text) from public, anon, authenticated, service_role;
comment on function booking.normalize_phone(text, text) is
  'E.164 form of a phone number read with the default region, or NULL when invalid.';
