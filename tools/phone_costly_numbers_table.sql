-- Phone numbers that cost the sender money: premium-rate and shared-cost
-- numbers of every region, read by booking.sms_destination_refusal.
-- depends: 0050_offered_slots_single_start
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

create table booking.phone_costly_number_types (
  region       text    not null,
  number_type  text    not null,
  calling_code integer not null,
  pattern      text    not null,
  constraint phone_costly_number_types_pkey primary key (region, number_type),
  constraint phone_costly_number_types_region_fkey foreign key (region)
    references booking.phone_regions (region),
  constraint phone_costly_number_types_calling_code_fkey foreign key (calling_code)
    references booking.phone_calling_codes (calling_code),
  constraint phone_costly_number_types_number_type_check
    check (number_type in ('premium_rate', 'shared_cost'))
);
create index phone_costly_number_types_by_calling_code
  on booking.phone_costly_number_types (calling_code);
comment on table booking.phone_costly_number_types is
  'Reference data (not tenant data), generated from phonenumbers @VERSION@ by tools/generate_phone_metadata.py: per region, the premium-rate and shared-cost national significant numbers (phonenumbers'' number types), which patient SMS never go to.';
comment on column booking.phone_costly_number_types.pattern is
  'Matches (anchored with ^ and $) the national significant numbers of this type, possible lengths included.';

alter table booking.phone_costly_number_types enable row level security;
revoke all on booking.phone_costly_number_types from public, anon, authenticated, service_role;
