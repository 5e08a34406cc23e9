-- Starts a phone verification for a voice caller (public.lookup_appointments
-- without a trusted caller id, or a change by phone that needs the code):
-- a fresh 4-digit code, stored only as its keyed hash, texted to the
-- number through the outbox (kind otp, the call's id, expiring with the
-- verification) when the number
--   has an upcoming appointment at the organization, has not opted out,
--   may receive the clinic's SMS (booking.sms_destination_refusal), is
--   not locked after wrong codes (booking.otp_phone_locked), and got
--   fewer than 3 codes (hold codes and verifications) in 10 minutes.
-- Otherwise no SMS, and the same answer: its verification can never be
-- verified, so the answer (code, shape) says nothing about whether the
-- number is a patient, opted out, locked or rate-limited.
-- Limits that do not depend on the number answer with their own codes:
--   OTP_CALL_PHONE_LIMIT: one call starts codes to at most 3 different
--     numbers (verifications and hold codes of the call, under the call's
--     lock, the one public.send_otp takes);
--   SMS_RATE_LIMITED: the clinic's hourly code budget
--     (booking.sms_limits.otp_codes_per_hour), counting hold codes and
--     every verification, texted or not, under the budget lock
--     public.send_otp takes.
--   out: {"success": false, "error": "VERIFICATION_REQUIRED", "code_sent":
--        true, "verification_id", "expires_at", ...} or INVALID_PHONE,
--        OTP_CALL_PHONE_LIMIT, SMS_RATE_LIMITED.
create or replace function booking.send_phone_verification(
  p_org booking.organizations,
  p_patient_phone text,
  p_call_id text default null
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
  v_budget integer;
  v_texted boolean;
begin
  if v_phone is null then
    return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
  end if;
  if p_call_id is not null then
    perform pg_advisory_xact_lock(hashtextextended('booking.call:' || p_org.org_id::text || ':' || p_call_id, 0));
    if (select count(distinct n.phone) from (
          select v.phone from booking.phone_verifications v
           where v.org_id = p_org.org_id and v.call_id = p_call_id
          union
          select o.recipient from booking.sms_outbox o
           where o.org_id = p_org.org_id and o.kind = 'otp' and o.call_id = p_call_id) n
         where n.phone <> v_phone) >= 3 then
      return booking.json_error('OTP_CALL_PHONE_LIMIT', 'One call sends codes to at most 3 different numbers');
    end if;
  end if;

  -- Locks in public.send_otp's order: call, number, budget.
  perform pg_advisory_xact_lock(hashtextextended('booking.otp:' || p_org.org_id::text || ':' || v_phone, 0));
  perform pg_advisory_xact_lock(hashtextextended('booking.otp_budget:' || p_org.org_id::text, 0));
  v_budget := coalesce((select otp_codes_per_hour from booking.sms_limits where org_id = p_org.org_id), 60);
  if (select count(*) from booking.sms_outbox
       where org_id = p_org.org_id and kind = 'otp' and created_at > now() - interval '1 hour')
     + (select count(*) from booking.phone_verifications
         where org_id = p_org.org_id and not texted and created_at > now() - interval '1 hour') >= v_budget then
    if not exists (select from booking.sms_rate_limit_hits
                    where org_id = p_org.org_id and created_at > now() - interval '1 minute') then
      insert into booking.sms_rate_limit_hits (org_id, limit_name, limit_value)
      values (p_org.org_id, 'otp_codes_per_hour', v_budget);
    end if;
    return booking.json_error('SMS_RATE_LIMITED', 'The clinic sent its hourly number of codes; try again later');
  end if;

  v_texted := (select count(*) from booking.sms_outbox
                where org_id = p_org.org_id and kind = 'otp' and recipient = v_phone
                  and created_at > now() - interval '10 minutes')
              + (select count(*) from booking.phone_verifications
                  where org_id = p_org.org_id and phone = v_phone and not texted
                    and created_at > now() - interval '10 minutes') < 3
              and not booking.otp_phone_locked(p_org.org_id, v_phone)
              and not booking.is_sms_opted_out(p_org.org_id, v_phone)
              and booking.sms_destination_refusal(p_org.org_id, v_phone) is null
              and exists (select from booking.upcoming_appointments_of_phone(p_org.org_id, v_phone));

  v_code := booking.random_otp_code();
  insert into booking.phone_verifications (org_id, id, phone, otp_hash, otp_send_count, expires_at, call_id, texted)
  values (p_org.org_id, v_id, v_phone, booking.otp_hash(v_code, v_id), 1, v_expires_at, p_call_id, v_texted);
  if v_texted then
    perform booking.enqueue_sms(p_org.org_id, 'otp', v_phone,
      p_org.name || ': your code is ' || v_code || ' (to manage your appointments by phone). It expires in 15 minutes.',
      null, p_call_id, v_expires_at);
  end if;
  return (booking.json_error('VERIFICATION_REQUIRED',
            'If this number has appointments here, a 4-digit code was texted to it: ask the caller to read it back')::jsonb
          || jsonb_build_object('code_sent', true, 'verification_id', v_id,
                                'expires_at', booking.to_iso8601_utc(v_expires_at)))::json;
end;
$$;

revoke execute on function booking.send_phone_verification(booking.organizations, text, text) from public, anon, authenticated, service_role;
comment on function booking.send_phone_verification(booking.organizations, text, text) is
  'Starts a phone verification: code hashed, texted (outbox kind otp) only to a number with an upcoming appointment, not opted out, not locked, under 3 codes in 10 minutes; the same VERIFICATION_REQUIRED answer either way. INVALID_PHONE, OTP_CALL_PHONE_LIMIT (3 numbers per call), SMS_RATE_LIMITED (the clinic''s hourly code budget, every verification counted).';
