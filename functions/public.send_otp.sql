-- Texts a fresh 4-digit one-time code for a hold to the patient's phone.
-- The contract is the COMMENT at the end of this file.
--
-- Locks, in order: the call's advisory lock (the one claim_slot_atomic
-- takes), the hold's row, the number's lock (3 codes per number and
-- organization in 10 minutes), the organization's code budget lock (a
-- refusal is recorded as an sms.rate_limited event, at most one a minute).
-- The code comes from a cryptographically secure generator, is stored only
-- as a keyed hash (booking.otp_hash), travels only in the SMS (outbox kind
-- otp, expiring with the hold) and never appears in an answer. A resend
-- replaces the previous code and cancels a previous code SMS still waiting
-- in the queue; wrong attempts keep counting across resends.
create or replace function public.send_otp(p_hold_id uuid, p_patient_phone text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_hold booking.appointment_holds%rowtype;
  v_org booking.organizations%rowtype;
  v_contact_phone text;
  v_phone text;
  v_code text;
  v_refusal json;
  v_budget integer;
begin
  select * into v_hold from booking.appointment_holds where id = p_hold_id;
  if not found or not booking.can_act_for_org(v_hold.org_id) then
    return booking.json_error('HOLD_NOT_FOUND', 'There is no such hold');
  end if;
  perform booking.assert_org_access(v_hold.org_id);
  -- One call's sends (and claims) one at a time: the per-call limit holds.
  perform pg_advisory_xact_lock(hashtextextended('booking.call:' || v_hold.org_id::text || ':' || v_hold.call_sid, 0));
  select * into v_hold from booking.appointment_holds
   where org_id = v_hold.org_id and id = p_hold_id for update;
  select * into v_org from booking.organizations where org_id = v_hold.org_id;
  v_refusal := booking.hold_unusable_reason(v_hold);
  if v_refusal is not null then
    return v_refusal;
  end if;

  select phone into v_contact_phone from booking.contacts
   where org_id = v_hold.org_id and id = v_hold.contact_id;
  if nullif(btrim(p_patient_phone), '') is null then
    v_phone := v_contact_phone;
  else
    v_phone := booking.normalize_phone(p_patient_phone, v_org.phone_region);
    if v_phone is null then
      return booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    elsif v_phone <> v_contact_phone then
      return booking.json_error('PHONE_MISMATCH', 'Codes go only to the number the slot was reserved for');
    end if;
  end if;

  v_refusal := booking.sms_destination_refusal(v_hold.org_id, v_phone);
  if v_refusal is not null then
    return v_refusal;
  end if;
  if v_hold.otp_send_count >= 3 then
    return booking.json_error('OTP_SEND_LIMIT', 'A hold gets at most 3 codes');
  end if;
  if (select count(distinct n.phone) from (
        select o.recipient as phone from booking.sms_outbox o
         where o.org_id = v_hold.org_id and o.kind = 'otp' and o.call_id = v_hold.call_sid
        union
        select v.phone from booking.phone_verifications v
         where v.org_id = v_hold.org_id and v.call_id = v_hold.call_sid) n
       where n.phone <> v_phone) >= 3 then
    return booking.json_error('OTP_CALL_PHONE_LIMIT', 'One call sends codes to at most 3 different numbers');
  end if;
  -- Concurrent sends to one number must not both pass the count.
  perform pg_advisory_xact_lock(hashtextextended('booking.otp:' || v_hold.org_id::text || ':' || v_phone, 0));
  -- Phone verifications that texted nothing count too, so this answer is
  -- the same whether or not the number has appointments here.
  if (select count(*) from booking.sms_outbox
       where org_id = v_hold.org_id and kind = 'otp' and recipient = v_phone
         and created_at > now() - interval '10 minutes')
     + (select count(*) from booking.phone_verifications
         where org_id = v_hold.org_id and phone = v_phone and not texted
           and created_at > now() - interval '10 minutes') >= 3 then
    return booking.json_error('OTP_RATE_LIMITED', 'Too many codes to this number; try again in a few minutes');
  end if;

  if booking.otp_phone_locked(v_hold.org_id, v_phone) then
    return booking.json_error('OTP_LOCKED', 'Too many wrong codes for this number; try again later');
  end if;
  -- A number that opted out gets the same answer: its code is queued like
  -- any other and recorded as suppressed (booking.enqueue_sms), so the
  -- answer does not tell that the number ever had the clinic's texts.

  -- The organization's hourly budget, under its own lock (never shared
  -- across organizations) so concurrent sends cannot overshoot it.
  perform pg_advisory_xact_lock(hashtextextended('booking.otp_budget:' || v_hold.org_id::text, 0));
  v_budget := coalesce((select otp_codes_per_hour from booking.sms_limits where org_id = v_hold.org_id), 60);
  if (select count(*) from booking.sms_outbox
       where org_id = v_hold.org_id and kind = 'otp' and created_at > now() - interval '1 hour')
     + (select count(*) from booking.phone_verifications
         where org_id = v_hold.org_id and not texted and created_at > now() - interval '1 hour') >= v_budget then
    if not exists (select from booking.sms_rate_limit_hits
                    where org_id = v_hold.org_id and created_at > now() - interval '1 minute') then
      insert into booking.sms_rate_limit_hits (org_id, limit_name, limit_value)
      values (v_hold.org_id, 'otp_codes_per_hour', v_budget);
    end if;
    return booking.json_error('SMS_RATE_LIMITED', 'The clinic sent its hourly number of codes; try again later');
  end if;

  v_code := booking.random_otp_code();
  update booking.appointment_holds
     set otp_hash = booking.otp_hash(v_code, v_hold.id),
         otp_send_count = otp_send_count + 1,
         otp_last_sent_at = now(),
         updated_at = now()
   where org_id = v_hold.org_id and id = v_hold.id;

  -- A code still waiting in the queue is stale now: do not send it.
  update booking.sms_outbox set status = 'canceled', updated_at = now()
   where org_id = v_hold.org_id and kind = 'otp' and call_id = v_hold.call_sid and status = 'pending';
  perform booking.enqueue_sms(v_hold.org_id, 'otp', v_phone,
    v_org.name || ': your confirmation code is ' || v_code || '. It expires in '
      || greatest(1, ceil(extract(epoch from v_hold.expires_at - now()) / 60))::integer || ' minutes.',
    null, v_hold.call_sid, v_hold.expires_at);
  return json_build_object('success', true, 'code_sent', true,
                           'expires_at', booking.to_iso8601_utc(v_hold.expires_at));
end;
$$;

revoke execute on function public.send_otp(uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.send_otp(uuid, text) to authenticated, service_role;
comment on function public.send_otp(uuid, text) is
'Texts a new 4-digit one-time code for a hold.

Arguments: p_hold_id; p_patient_phone (optional; must be the number the hold was reserved for).
Answer: {"success": true, "code_sent": true, "expires_at"}. The code is never in an answer: only its keyed hash is stored, and the SMS (outbox kind otp) carries it; a resend replaces it.
Errors: HOLD_NOT_FOUND (also for another organization''s hold), HOLD_EXPIRED, HOLD_RELEASED, HOLD_ALREADY_CONFIRMED, OTP_LOCKED (5 wrong codes for the hold, or the number locked after 10 wrong codes a day), INVALID_PHONE, PHONE_MISMATCH, PHONE_NOT_ALLOWED (a country the clinic does not allow, a satellite/international-network, premium-rate or shared-cost number), OTP_SEND_LIMIT (3 per hold), OTP_CALL_PHONE_LIMIT (3 different numbers per call, phone verifications included), OTP_RATE_LIMITED (3 per number per 10 minutes, phone verifications included), SMS_RATE_LIMITED (the clinic''s hourly budget, default 60, see set_sms_limits; every phone verification counts). A number that opted out of the clinic''s SMS gets the same success answer, and its code is recorded as suppressed, not sent (the patient replies START to opt in again).';
