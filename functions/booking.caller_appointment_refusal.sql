-- Whether a voice caller may change an appointment: NULL when the caller
-- has proven that they hold the appointment's phone number, else the JSON
-- error to answer. Proven:
--   a phone verification of this organization whose code was entered, now
--   (p_code) or before (booking.check_phone_verification: its errors are
--   answered as they are); or
--   the platform's caller id, only under the caller-id policy
--   trust_attested and when the platform reported it fully attested
--   (STIR/SHAKEN A: p_caller_attested, from the shim, never the model).
-- A caller id that is not proof (verify_changes, verify_all, or
-- trust_attested without attestation) only names whose appointments to
-- look at: when the appointment is that number's, a code is texted to
-- the number (booking.send_phone_verification, with all its limits) and
-- the answer is VERIFICATION_REQUIRED with the verification_id to pass
-- back with the code. A spoofed caller id therefore cannot change
-- anything: the code goes to the real phone.
-- Other answers: VERIFICATION_REQUIRED without a verification (no caller
-- id and no verification), APPOINTMENT_NOT_FOUND (another patient's,
-- another clinic's, or none: indistinguishable). Callers check
-- organization access first.
create or replace function booking.caller_appointment_refusal(
  p_org_id uuid,
  p_appointment_id uuid,
  p_caller_phone text,
  p_verification_id uuid,
  p_code text default null,
  p_caller_attested boolean default false,
  p_call_id text default null
) returns json
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_org booking.organizations%rowtype;
  v_phone text;
  v_proven boolean := false;
  v_refusal json;
begin
  select * into v_org from booking.organizations where org_id = p_org_id;
  if p_verification_id is not null then
    v_refusal := booking.check_phone_verification(p_org_id, p_verification_id, p_code);
    if v_refusal is not null then
      return v_refusal;
    end if;
    select phone into v_phone from booking.phone_verifications
     where org_id = p_org_id and id = p_verification_id;
    v_proven := true;
  else
    v_phone := booking.normalize_phone(nullif(btrim(p_caller_phone), ''), v_org.phone_region);
    if v_phone is null then
      return booking.json_error('VERIFICATION_REQUIRED',
        'The caller''s number is unknown: call lookup_appointments with the patient''s phone and the code first');
    end if;
    v_proven := coalesce(p_caller_attested, false)
                and (booking.voice_caller_policy(p_org_id)).caller_id_policy = 'trust_attested';
  end if;
  if not exists (select from booking.appointments a
                   join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
                  where a.org_id = p_org_id and a.id = p_appointment_id and c.phone = v_phone) then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'The caller has no such appointment');
  end if;
  if not v_proven then
    return booking.send_phone_verification(v_org, v_phone, p_call_id);
  end if;
  return null;
end;
$$;

revoke execute on function booking.caller_appointment_refusal(uuid, uuid, text, uuid, text, boolean, text) from public, anon, authenticated, service_role;
comment on function booking.caller_appointment_refusal(uuid, uuid, text, uuid, text, boolean, text) is
  'NULL when the voice caller proved the appointment''s phone (a verified code; or a fully attested caller id under trust_attested); else VERIFICATION_REQUIRED (a code texted to the appointment''s number, with verification_id, or none without a number), APPOINTMENT_NOT_FOUND, or the verification''s error.';
