-- Phone verifications: a one-time code texted to a patient's number so a
-- caller whose number the voice platform does not give (withheld, or a
-- spec route without a call object) may see and change that number's
-- upcoming appointments. The same code machinery as holds
-- (booking.random_otp_code, booking.otp_hash keyed with the verification id,
-- constant-time compare, at most 3 codes and 5 wrong attempts, outbox kind
-- otp); the verification id is the capability the voice agent passes on,
-- as it passes a hold id.
-- depends: 0060_appointment_lifecycle

set local lock_timeout = '5s';
set local statement_timeout = '60s';

create table booking.phone_verifications (
  org_id              uuid        not null,
  id                  uuid        not null default gen_random_uuid(),
  phone               text        not null,
  otp_hash            bytea,
  otp_send_count      integer     not null default 0,
  otp_failed_attempts integer     not null default 0,
  verified_at         timestamptz,
  expires_at          timestamptz not null,
  created_at          timestamptz not null default now(),
  constraint phone_verifications_pkey primary key (org_id, id),
  constraint phone_verifications_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint phone_verifications_phone_check check (phone ~ '^\+[1-9][0-9]{1,14}$'),
  constraint phone_verifications_counts_check
    check (otp_send_count >= 0 and otp_failed_attempts >= 0),
  constraint phone_verifications_verified_check check (verified_at is null or otp_hash is not null)
);
comment on table booking.phone_verifications is 'One-time codes proving that a caller without a caller id holds a phone number: public.lookup_appointments texts the code, verifies it, and the verified id lets public.cancel_appointment_by_phone / reschedule_appointment_by_phone act for that number until expires_at (15 minutes after the code was sent).';
comment on column booking.phone_verifications.otp_hash is 'HMAC-SHA256 of the current code bound to this verification''s id (booking.otp_hash); the code itself is never stored.';
comment on column booking.phone_verifications.otp_failed_attempts is 'Wrong codes entered; at 5 the verification is locked (OTP_LOCKED).';
comment on column booking.phone_verifications.verified_at is 'When the right code was entered; from then until expires_at the id stands for the phone.';

alter table booking.phone_verifications enable row level security;
revoke all on booking.phone_verifications from public, anon, authenticated, service_role;
