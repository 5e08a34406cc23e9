-- The clinic profile (issue 22): the clinic's own phone number shown to
-- patients ("call us at ..."), its address and the clock its patients read
-- (12- or 24-hour); a service's name as patients see it. Set by owners and
-- admins with public.set_clinic_profile and public.upsert_service_type,
-- read with public.clinic_profile; the patient SMS texts render from the
-- appointment and its clinic (new signatures, below).
-- depends: 0098_staff_invitation_sms
--
-- The new columns are nullable without a default (no table rewrite); their
-- checks are added NOT VALID in the same statement: every existing row has
-- NULL there, so there is nothing to validate (and no scan under lock), as
-- 0060 and 0098 did. Every later write is checked.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

alter table booking.organizations
  add column contact_phone text,
  add column address text,
  add column time_format text,
  add constraint organizations_contact_phone_check
    check (contact_phone ~ '^\+[1-9][0-9]{1,14}$') not valid,
  add constraint organizations_address_check
    check (length(btrim(address)) between 1 and 300 and address = btrim(address)) not valid,
  add constraint organizations_time_format_check
    check (time_format in ('12h', '24h')) not valid;

comment on column booking.organizations.contact_phone is
  'The clinic''s phone number shown to patients (E.164, e.g. +14155550100), formatted for the clinic''s region in every SMS and page that says "call us"; NULL: the voice agent''s number, else the SMS sender''s, else none. Set with public.set_clinic_profile.';
comment on column booking.organizations.address is
  'The clinic''s address as patients read it (1 to 300 characters), or NULL. Set with public.set_clinic_profile.';
comment on column booking.organizations.time_format is
  'The clock patients read: 12h (e.g. 2:30 PM) or 24h (14:30); NULL: from phone_region (12-hour in the US, Canada and other 12-hour regions, 24-hour elsewhere; booking.effective_time_format).';

alter table booking.service_types
  add column display_name text,
  add constraint service_types_display_name_check
    check (length(btrim(display_name)) between 1 and 100 and display_name = btrim(display_name)) not valid;

comment on column booking.service_types.display_name is
  'The service''s name as patients read it in SMS and pages (1 to 100 characters); NULL: service_type. Set with public.upsert_service_type.';

-- upsert_service_type gains p_display_name (a new signature): the old
-- function goes; functions/public.upsert_service_type.sql creates the new
-- one, whose defaults keep every existing call working.
-- squawk-ignore ban-drop-function
drop function if exists public.upsert_service_type(uuid, text, text, integer, integer, boolean);

-- The patient SMS texts render from the appointment and its clinic (the
-- service's display name, the clinic's clock and phone): new signatures
-- (functions/booking.confirmation_sms_text.sql, booking.appointment_sms_text.sql).
-- (internal: no API role may execute them; every caller is a package function)
-- squawk-ignore ban-drop-function
drop function if exists booking.confirmation_sms_text(text, text, timestamptz, text, text);
-- squawk-ignore ban-drop-function
drop function if exists booking.appointment_sms_text(text, text, text, timestamptz, text, text);
