-- The phone number a voice caller is known to hold, in E.164, or NULL:
--   the caller id the voice platform gave (p_caller_phone, passed by the
--   shim from message.call.customer.number, never from the model), when it
--   is a valid number; otherwise
--   the phone of a verification of this organization whose code was
--   entered (booking.phone_verifications) and which has not expired.
-- Callers check organization access first.
create or replace function booking.verified_patient_phone(
  p_org_id uuid,
  p_caller_phone text,
  p_verification_id uuid
) returns text
language sql
stable
set search_path = ''
as $$
  select coalesce(
    booking.normalize_phone(nullif(btrim(p_caller_phone), ''),
      (select phone_region from booking.organizations where org_id = p_org_id)),
    (select v.phone from booking.phone_verifications v
      where v.org_id = p_org_id and v.id = p_verification_id
        and v.verified_at is not null and v.expires_at > now()));
$$;

revoke execute on function booking.verified_patient_phone(uuid, text, uuid) from public, anon, authenticated, service_role;
comment on function booking.verified_patient_phone(uuid, text, uuid) is
  'E.164 phone a caller is known to hold: the platform''s caller id if valid, else the phone of a verified, unexpired phone verification; NULL otherwise.';
