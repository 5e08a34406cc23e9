-- Starts a phone verification (public.lookup_appointments without a caller
-- id): a fresh 4-digit code, stored only as its keyed hash, texted to the
-- number through the outbox (kind otp, expiring with the verification) when
-- the number has an upcoming appointment at the organization. A number
-- without one gets no SMS but the same answer, and its verification can
-- never be verified, so the answer reveals nothing about who has
-- appointments.
--   out: {"success": false, "error": "VERIFICATION_REQUIRED", "code_sent":
--        true, "verification_id", "expires_at", ...} or INVALID_PHONE,
--        OTP_RATE_LIMITED (3 codes per number and organization in 10
--        minutes, hold codes included, under the same per-number lock as
--        public.send_otp), SMS_OPTED_OUT.
create or replace function booking.send_phone_verification(
  p_org booking.organizations,
  p_patient_phone text
) returns json
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_phone text := booking.normalize_phone(p_patient_phone, p_org.phone_region);
  v_code text;
  v_id uuid := gen_random_uuid();
  v_expires_at timestamptz := now() + interval '15 minutes';
begin
  if v_phone is null then
    return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
  end if;
  perform pg_advisory_xact_lock(hashtextextended('booking.otp:' || p_org.org_id::text || ':' || v_phone, 0));
  if (select count(*) from booking.sms_outbox
       where org_id = p_org.org_id and kind = 'otp' and recipient = v_phone
         and created_at > now() - interval '10 minutes') >= 3
     or (select count(*) from booking.phone_verifications
          where org_id = p_org.org_id and phone = v_phone
            and created_at > now() - interval '10 minutes') >= 3 then
    return booking.json_error('OTP_RATE_LIMITED', 'Too many codes to this number; try again in a few minutes');
  end if;
  if booking.is_sms_opted_out(p_org.org_id, v_phone) then
    return booking.json_error('SMS_OPTED_OUT', 'This number opted out of SMS from the clinic (reply START to opt in)');
  end if;

  v_code := booking.random_otp_code();
  insert into booking.phone_verifications (org_id, id, phone, otp_hash, otp_send_count, expires_at)
  values (p_org.org_id, v_id, v_phone, booking.otp_hash(v_code, v_id), 1, v_expires_at);
  if exists (select from booking.upcoming_appointments_of_phone(p_org.org_id, v_phone)) then
    perform booking.enqueue_sms(p_org.org_id, 'otp', v_phone,
      p_org.name || ': your code is ' || v_code || ' (to manage your appointments by phone). It expires in 15 minutes.',
      null, null, v_expires_at);
  end if;
  return (booking.json_error('VERIFICATION_REQUIRED',
            'If this number has appointments here, a 4-digit code was texted to it: ask the caller to read it back')::jsonb
          || jsonb_build_object('code_sent', true, 'verification_id', v_id,
                                'expires_at', booking.to_iso8601_utc(v_expires_at)))::json;
end;
$$;

revoke execute on function booking.send_phone_verification(booking.organizations, text) from public, anon, authenticated, service_role;
comment on function booking.send_phone_verification(booking.organizations, text) is
  'Starts a phone verification: code hashed and texted (outbox kind otp) only if the number has an upcoming appointment; same VERIFICATION_REQUIRED answer either way. INVALID_PHONE, OTP_RATE_LIMITED, SMS_OPTED_OUT.';
