-- The voice agent's lookup_appointments: the upcoming appointments of the
-- caller's phone number at this clinic, each as booking.appointment_summary.
-- The contract is the COMMENT at the end of this file. The caller id is
-- the platform's (the shim passes message.call.customer.number), never a
-- number the language model chose.
-- The code machinery is the holds': booking.random_otp_code, stored only as
-- booking.otp_hash keyed with the verification id, compared in constant
-- time, sent through the outbox (kind otp) in this transaction; codes per
-- number are counted with the hold codes.
create or replace function public.lookup_appointments(
  p_org_id uuid,
  p_caller_phone text default null,
  p_patient_phone text default null,
  p_verification_id uuid default null,
  p_code text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations%rowtype;
  v_phone text;
  v_verified_by text := 'caller_id';
  v_verification booking.phone_verifications%rowtype;
  v_code text := regexp_replace(coalesce(p_code, ''), '[^0-9]', '', 'g');
  v_appointments json;
  v_count integer;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('ORGANIZATION_NOT_FOUND', 'There is no such organization');
  end if;

  v_phone := booking.normalize_phone(nullif(btrim(p_caller_phone), ''), v_org.phone_region);
  if v_phone is null and p_verification_id is not null then
    v_verified_by := 'code';
    select * into v_verification from booking.phone_verifications
     where org_id = p_org_id and id = p_verification_id for update;
    if not found then
      return booking.json_error('VERIFICATION_NOT_FOUND', 'There is no such verification');
    elsif v_verification.expires_at <= now() then
      return booking.json_error('VERIFICATION_EXPIRED', 'The code expired; ask for the phone number again');
    elsif v_verification.verified_at is null then
      if v_verification.otp_failed_attempts >= 5 then
        return booking.json_error('OTP_LOCKED', 'Too many wrong codes');
      elsif length(v_code) <> 4 or length(p_code) > 32 then
        return booking.json_error('INVALID_OTP_FORMAT', 'The code has 4 digits');
      elsif not booking.constant_time_equals(booking.otp_hash(v_code, v_verification.id),
                                             v_verification.otp_hash) then
        update booking.phone_verifications
           set otp_failed_attempts = otp_failed_attempts + 1
         where org_id = p_org_id and id = v_verification.id;
        if v_verification.otp_failed_attempts + 1 >= 5 then
          return booking.json_error('OTP_LOCKED', 'Too many wrong codes');
        end if;
        return (booking.json_error('INVALID_OTP', 'The code is not right')::jsonb
                || jsonb_build_object('attempts_remaining', 4 - v_verification.otp_failed_attempts))::json;
      end if;
      update booking.phone_verifications set verified_at = now()
       where org_id = p_org_id and id = v_verification.id;
    end if;
    v_phone := v_verification.phone;
  elsif v_phone is null then
    if nullif(btrim(p_patient_phone), '') is null then
      return booking.json_error('PHONE_REQUIRED',
        'The caller''s number is unknown: ask for the phone number the appointment was booked with');
    end if;
    return booking.send_phone_verification(v_org, p_patient_phone);
  end if;

  select coalesce(json_agg(booking.appointment_summary(p_org_id, a.id) order by a.scheduled_at, a.id), '[]'),
         count(*)
    into v_appointments, v_count
    from (select * from booking.upcoming_appointments_of_phone(p_org_id, v_phone) limit 10) a;
  return json_build_object('success', true, 'verified_by', v_verified_by,
    'verification_id', case when v_verified_by = 'code' then p_verification_id end,
    'count', v_count, 'appointments', v_appointments);
end;
$$;

revoke execute on function public.lookup_appointments(uuid, text, text, uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.lookup_appointments(uuid, text, text, uuid, text) to authenticated, service_role;
comment on function public.lookup_appointments(uuid, text, text, uuid, text) is
'Voice agent: the upcoming appointments of the caller''s phone at the clinic.

Arguments: p_org_id; p_caller_phone (the platform''s caller id, never the model''s); without one: p_patient_phone (texts a 4-digit code, answer VERIFICATION_REQUIRED with verification_id), then p_verification_id and p_code (verify it; the verification then serves the cancel and reschedule functions for 15 minutes).
Answer: {"success": true, "verified_by", "verification_id", "count", "appointments": [summary with local_text, clinic_phone, can_cancel, can_reschedule, reschedules_remaining]} (at most 10, soonest first). VERIFICATION_REQUIRED also carries code_sent, verification_id and expires_at, and is the same whether or not the number has appointments here.
Errors: PHONE_REQUIRED, VERIFICATION_REQUIRED, INVALID_PHONE, SMS_OPTED_OUT, OTP_RATE_LIMITED, VERIFICATION_NOT_FOUND, VERIFICATION_EXPIRED, INVALID_OTP_FORMAT, INVALID_OTP (with attempts_remaining), OTP_LOCKED, ORGANIZATION_NOT_FOUND. Raises 42501 for another organization.';
