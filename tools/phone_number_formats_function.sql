-- How phone numbers are written for people: phonenumbers' number formats
-- (national and international) of each calling code, read by
-- booking.phone_display.
--
-- GENERATED FILE: do not edit. Written by `@COMMAND@`
-- (tools/generate_phone_metadata.py) from phonenumbers @VERSION@; after
-- upgrading phonenumbers, run it again and commit the result (a test fails
-- until then).
--
-- One row per format of the calling code's main region (the formats
-- phonenumbers.format_number uses), in phonenumbers' order: the first
-- whose leading_digits matches the start of the national significant
-- number and whose pattern matches all of it formats it. international:
-- the row is one of the region's formats for international use (used
-- instead of the national ones when the calling code has any). format
-- and national_prefix_rule use \1, \2 ... (the same in PostgreSQL's
-- regexp_replace); national_prefix_rule replaces the first group's
-- reference in the national format ('0\1': 020 7946 0018). Every pattern is
-- in the subset of regular expressions Python and PostgreSQL read alike.
-- A function, not a table: reference data that changes with phonenumbers
-- only, re-applied by every migrate like the code that reads it. No SET
-- clause (its body names no object, so no search_path can matter): a SQL
-- function without one is inlined into the query that reads it, whose plan
-- PL/pgSQL keeps, instead of building the rows again on every call.
create or replace function booking.phone_number_formats()
returns table (
  calling_code integer,
  international boolean,
  ordinal integer,
  leading_digits text,
  pattern text,
  format text,
  national_prefix_rule text
)
language sql
immutable
parallel safe
as $$
  select * from (values
@ROWS@
  ) as f (calling_code, international, ordinal, leading_digits, pattern, format, national_prefix_rule);
$$;

revoke execute on function booking.phone_number_formats() from public, anon, authenticated, service_role;
comment on function booking.phone_number_formats() is
  'Reference data from phonenumbers @VERSION@ (generated): each calling code''s number formats, national and international, in order.';
