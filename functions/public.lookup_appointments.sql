-- The voice agent's lookup_appointments: the upcoming appointments of the
-- caller's phone number at this clinic. The contract is the COMMENT at the
-- end of this file. The caller id and its attestation are the platform's
-- (the shim passes message.call.customer.number and the STIR/SHAKEN
-- verdict), never what the language model says.
-- How much a caller id proves is the clinic's caller-id policy
-- (booking.voice_caller_policy):
--   verify_changes (default), and trust_attested without a fully attested
--     caller id: the lookup says that and when the caller has
--     appointments (booking.appointment_summary cut to the time and what
--     may be done), "changes_need_code": true;
--   verify_all: a caller id proves nothing; a code is texted to it
--     (booking.send_phone_verification) and the answer is
--     VERIFICATION_REQUIRED;
--   trust_attested with a fully attested caller id (STIR/SHAKEN A): the
--     whole summaries, and cancel/reschedule need no code.
-- A verified code (p_verification_id, p_code) proves the number under
-- every policy. Lookups are rate-limited per call and per clinic
-- (booking.voice_lookups, under the clinic's lookup lock).
create or replace function public.lookup_appointments(
  p_org_id uuid,
  p_caller_phone text default null,
  p_patient_phone text default null,
  p_verification_id uuid default null,
  p_code text default null,
  p_caller_attested boolean default false,
  p_call_id text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org booking.organizations%rowtype;
  v_policy booking.voice_caller_policies%rowtype;
  v_phone text;
  v_verified_by text := 'caller_id';
  v_proven boolean;
  v_refusal json;
  v_appointments json;
  v_count integer;
begin
  perform booking.assert_org_access(p_org_id);
  select * into v_org from booking.organizations where org_id = p_org_id;
  if not found then
    return booking.json_error('ORGANIZATION_NOT_FOUND', 'There is no such organization');
  end if;
  v_policy := booking.voice_caller_policy(p_org_id);

  -- Rate limits, counted under the clinic's own lookup lock.
  perform pg_advisory_xact_lock(hashtextextended('booking.voice_lookups:' || p_org_id::text, 0));
  if (p_call_id is not null
      and (select count(*) from booking.voice_lookups
            where org_id = p_org_id and call_id = p_call_id) >= v_policy.lookups_per_call)
     or (select count(*) from booking.voice_lookups
          where org_id = p_org_id and created_at > now() - interval '1 hour') >= v_policy.lookups_per_hour then
    return booking.json_error('LOOKUP_RATE_LIMITED',
      'Too many lookups; offer to have the clinic call back, or give the clinic''s number');
  end if;
  insert into booking.voice_lookups (org_id, call_id) values (p_org_id, p_call_id);

  v_phone := booking.normalize_phone(nullif(btrim(p_caller_phone), ''), v_org.phone_region);
  if p_verification_id is not null then
    v_refusal := booking.check_phone_verification(p_org_id, p_verification_id, p_code);
    if v_refusal is not null then
      return v_refusal;
    end if;
    select phone into v_phone from booking.phone_verifications
     where org_id = p_org_id and id = p_verification_id;
    v_verified_by := 'code';
    v_proven := true;
  elsif v_phone is null then
    if nullif(btrim(p_patient_phone), '') is null then
      return booking.json_error('PHONE_REQUIRED',
        'The caller''s number is unknown: ask for the phone number the appointment was booked with');
    end if;
    return booking.send_phone_verification(v_org, p_patient_phone, p_call_id);
  else
    v_proven := v_policy.caller_id_policy = 'trust_attested' and coalesce(p_caller_attested, false);
    if v_policy.caller_id_policy = 'verify_all' then
      return booking.send_phone_verification(v_org, v_phone, p_call_id);
    end if;
  end if;

  select coalesce(json_agg(
           case when v_proven then s
                else (select json_object_agg(e.key, e.value) from json_each(s) e
                       where e.key in ('success', 'appointment_id', 'scheduled_at', 'timezone',
                                       'local_date', 'local_time', 'local_text', 'clinic_name',
                                       'clinic_phone', 'can_cancel', 'can_reschedule'))
           end order by a.scheduled_at, a.id), '[]'),
         count(*)
    into v_appointments, v_count
    from (select * from booking.upcoming_appointments_of_phone(p_org_id, v_phone) limit 10) a
    cross join lateral booking.appointment_summary(p_org_id, a.id) s;
  return json_build_object('success', true, 'verified_by', v_verified_by,
    'verification_id', case when v_verified_by = 'code' then p_verification_id end,
    'changes_need_code', not v_proven,
    'count', v_count, 'appointments', v_appointments);
end;
$$;

revoke execute on function public.lookup_appointments(uuid, text, text, uuid, text, boolean, text) from public, anon, authenticated, service_role;
grant execute on function public.lookup_appointments(uuid, text, text, uuid, text, boolean, text) to authenticated, service_role;
comment on function public.lookup_appointments(uuid, text, text, uuid, text, boolean, text) is
'Voice agent: the upcoming appointments of the caller''s phone at the clinic, as far as the clinic''s caller-id policy lets a caller id tell.

Arguments: p_org_id; p_caller_phone (the platform''s caller id, never the model''s); p_caller_attested (the platform reported the caller id fully attested, STIR/SHAKEN A); p_call_id (the platform''s call id: lookup and code limits per call); without a caller id: p_patient_phone (texts a 4-digit code, answer VERIFICATION_REQUIRED with verification_id); p_verification_id and p_code (verify it; the verification then serves the cancel and reschedule functions for 15 minutes).
Answer: {"success": true, "verified_by" (caller_id or code), "verification_id", "changes_need_code", "count", "appointments": [...]} (at most 10, soonest first). Proven callers (a code, or an attested caller id under trust_attested) get whole summaries (booking.appointment_summary); a caller id that is not proof (verify_changes, the default) gets only appointment_id, scheduled_at, timezone, local_date, local_time, local_text, clinic_name, clinic_phone, can_cancel, can_reschedule, and changes_need_code true. Under verify_all a caller id gets VERIFICATION_REQUIRED (a code texted to it). VERIFICATION_REQUIRED carries code_sent, verification_id and expires_at, the same whether the number is a patient, opted out, locked or rate-limited (only a patient''s number under its limits gets the SMS).
Errors: PHONE_REQUIRED, VERIFICATION_REQUIRED, INVALID_PHONE, OTP_CALL_PHONE_LIMIT (3 numbers per call), SMS_RATE_LIMITED (the clinic''s hourly code budget), LOOKUP_RATE_LIMITED (lookups per call, default 10, and per clinic and hour, default 300: set_caller_id_policy), VERIFICATION_NOT_FOUND, VERIFICATION_EXPIRED, INVALID_OTP_FORMAT, INVALID_OTP (with attempts_remaining), OTP_LOCKED (5 wrong codes for the verification, or 10 a day for the number), ORGANIZATION_NOT_FOUND. Raises 42501 for another organization.';
