-- Phone numbering metadata read by booking.normalize_phone.
-- depends: 0002_core_tables
--
-- GENERATED FILE: do not edit. Written by `@COMMAND@`
-- (tools/generate_phone_metadata.py) from phonenumbers @VERSION@; after
-- upgrading phonenumbers, run it again and commit the result (a test fails
-- until then).
--
-- Reference data, not tenant data: no org_id. Only the functions read it
-- (they run as the owner), so no API role has any privilege on it.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * phone_calling_codes: every country calling code.
 * ---------------------------------------------------------------------------
 */
create table booking.phone_calling_codes (
  calling_code         integer not null,
  main_region          text,
  valid_number_pattern text,
  constraint phone_calling_codes_pkey primary key (calling_code),
  constraint phone_calling_codes_calling_code_check check (calling_code between 1 and 999),
  constraint phone_calling_codes_main_region_check check (main_region ~ '^[A-Z]{2}$')
);
comment on table booking.phone_calling_codes is
  'Reference data (not tenant data), generated from phonenumbers @VERSION@ by tools/generate_phone_metadata.py: every country calling code, the region whose rules read numbers written with it, and its valid numbers.';
comment on column booking.phone_calling_codes.main_region is
  'Region whose national prefix rules apply to numbers written with this calling code (US for +1, GB for +44); NULL for non-geographic codes such as +800.';
comment on column booking.phone_calling_codes.valid_number_pattern is
  'Matches (anchored with ^ and $) the national significant numbers phonenumbers.is_valid_number accepts with this calling code, except those starting with a prefix in booking.phone_leading_digits; NULL when there are none.';

/*
 * ---------------------------------------------------------------------------
 * phone_regions: how a number written in a region is read.
 * ---------------------------------------------------------------------------
 */
create table booking.phone_regions (
  region                         text       not null,
  calling_code                   integer    not null,
  international_prefix           text,
  national_prefix_for_parsing    text,
  national_prefix_transform_rule text,
  national_prefix_groups         integer    not null,
  national_number_pattern        text       not null,
  possible_lengths               integer[]  not null,
  local_only_lengths             integer[]  not null,
  constraint phone_regions_pkey primary key (region),
  constraint phone_regions_calling_code_fkey foreign key (calling_code)
    references booking.phone_calling_codes (calling_code),
  constraint phone_regions_region_check check (region ~ '^[A-Z]{2}$'),
  constraint phone_regions_possible_lengths_check check (cardinality(possible_lengths) > 0),
  constraint phone_regions_transform_rule_check
    check (national_prefix_transform_rule is null or national_prefix_groups > 0)
);
comment on table booking.phone_regions is
  'Reference data (not tenant data), generated from phonenumbers @VERSION@ by tools/generate_phone_metadata.py: how a phone number written in a region is read. Readers anchor the patterns: prefixes with ^, whole numbers with ^ and $.';
comment on column booking.phone_regions.international_prefix is
  'Pattern of the international dialling prefix dialled from this region, e.g. 011 in the US; NULL when the region has none.';
comment on column booking.phone_regions.national_prefix_for_parsing is
  'Pattern of the national (trunk) prefix and carrier codes stripped from national numbers, e.g. 0 in GB; its capturing groups feed the transform rule.';
comment on column booking.phone_regions.national_prefix_transform_rule is
  'regexp_replace replacement (\1 to \9) that replaces the national prefix instead of stripping it when the last group of national_prefix_for_parsing took part in the match, e.g. 9\1 in AR.';
comment on column booking.phone_regions.national_prefix_groups is
  'Number of capturing groups in national_prefix_for_parsing.';
comment on column booking.phone_regions.national_number_pattern is
  'Pattern of the national significant numbers of the region (phonenumbers'' general description).';
comment on column booking.phone_regions.possible_lengths is
  'Possible lengths of a national significant number, in phonenumbers'' order: the first is the shortest, the last the longest.';
comment on column booking.phone_regions.local_only_lengths is
  'Lengths of numbers that can only be dialled within an area (without the area code).';

alter table booking.phone_calling_codes add constraint phone_calling_codes_main_region_fkey
  foreign key (main_region) references booking.phone_regions (region);

/*
 * ---------------------------------------------------------------------------
 * phone_leading_digits: which region of a shared calling code a number is
 * validated against.
 * ---------------------------------------------------------------------------
 */
create table booking.phone_leading_digits (
  calling_code         integer not null,
  leading_digits       text    not null,
  region               text    not null,
  valid_number_pattern text,
  constraint phone_leading_digits_pkey primary key (calling_code, leading_digits),
  constraint phone_leading_digits_calling_code_fkey foreign key (calling_code)
    references booking.phone_calling_codes (calling_code),
  constraint phone_leading_digits_region_fkey foreign key (region)
    references booking.phone_regions (region),
  constraint phone_leading_digits_leading_digits_check check (leading_digits ~ '^[0-9]+$')
);
comment on table booking.phone_leading_digits is
  'Reference data (not tenant data), generated from phonenumbers @VERSION@ by tools/generate_phone_metadata.py: for calling codes shared by several regions, the national number prefixes that identify a region (phonenumbers'' leading_digits, expanded; they never overlap within a calling code). A number starting with one is validated with this row''s pattern instead of the calling code''s.';
comment on column booking.phone_leading_digits.valid_number_pattern is
  'Matches (anchored with ^ and $) the national significant numbers with this prefix that phonenumbers.is_valid_number accepts; NULL when there are none.';

alter table booking.phone_calling_codes  enable row level security;
alter table booking.phone_regions        enable row level security;
alter table booking.phone_leading_digits enable row level security;
revoke all on booking.phone_calling_codes, booking.phone_regions, booking.phone_leading_digits
  from public, anon, authenticated, service_role;
