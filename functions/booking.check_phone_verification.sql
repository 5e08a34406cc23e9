-- Checks a phone verification (booking.phone_verifications) for a voice
-- caller: NULL when it is verified (already, or by p_code now), else the
-- JSON error to answer. A wrong code counts for the verification (5 lock
-- it) and for its number (booking.record_otp_failure: 10 a day lock the
-- number, longer each time); a locked number verifies nothing. The code
-- is compared as its keyed hash, in constant time. Callers check
-- organization access first.
create or replace function booking.check_phone_verification(
  p_org_id uuid,
  p_verification_id uuid,
  p_code text
) returns json
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_verification booking.phone_verifications%rowtype;
  v_code text := regexp_replace(coalesce(p_code, ''), '[^0-9]', '', 'g');
  v_number_left integer;
begin
  select * into v_verification from booking.phone_verifications
   where org_id = p_org_id and id = p_verification_id for update;
  if not found then
    return booking.json_error('VERIFICATION_NOT_FOUND', 'There is no such verification');
  elsif v_verification.expires_at <= now() then
    return booking.json_error('VERIFICATION_EXPIRED', 'The code expired; ask for the phone number again');
  elsif v_verification.verified_at is not null then
    return null;
  elsif v_verification.otp_failed_attempts >= 5
        or booking.otp_phone_locked(p_org_id, v_verification.phone) then
    return booking.json_error('OTP_LOCKED', 'Too many wrong codes');
  elsif nullif(p_code, '') is null then
    return booking.json_error('VERIFICATION_REQUIRED',
      'Ask the caller to read back the 4-digit code texted to them, and call again with verificationId and code');
  elsif length(v_code) <> 4 or length(p_code) > 32 then
    return booking.json_error('INVALID_OTP_FORMAT', 'The code has 4 digits');
  elsif not booking.constant_time_equals(booking.otp_hash(v_code, v_verification.id),
                                         v_verification.otp_hash) then
    update booking.phone_verifications
       set otp_failed_attempts = otp_failed_attempts + 1
     where org_id = p_org_id and id = v_verification.id;
    v_number_left := booking.record_otp_failure(p_org_id, v_verification.phone);
    if v_verification.otp_failed_attempts + 1 >= 5 or v_number_left = 0 then
      return booking.json_error('OTP_LOCKED', 'Too many wrong codes');
    end if;
    return (booking.json_error('INVALID_OTP', 'The code is not right')::jsonb
            || jsonb_build_object('attempts_remaining',
                 least(4 - v_verification.otp_failed_attempts, v_number_left)))::json;
  end if;
  update booking.phone_verifications set verified_at = now()
   where org_id = p_org_id and id = v_verification.id;
  return null;
end;
$$;

revoke execute on function booking.check_phone_verification(uuid, uuid, text) from public, anon, authenticated, service_role;
comment on function booking.check_phone_verification(uuid, uuid, text) is
  'NULL when the phone verification is verified (already or by this code); else VERIFICATION_NOT_FOUND, VERIFICATION_EXPIRED, VERIFICATION_REQUIRED (no code given), OTP_LOCKED (5 wrong codes, or the number locked), INVALID_OTP_FORMAT, INVALID_OTP (attempts_remaining). Wrong codes count per number (booking.record_otp_failure).';
