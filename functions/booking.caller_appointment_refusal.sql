-- Whether a voice caller may change an appointment: NULL when the
-- appointment is one of the phone number the caller is known to hold
-- (booking.verified_patient_phone) at this clinic, else the JSON error to
-- answer: VERIFICATION_REQUIRED (no caller id and no verified code), or
-- APPOINTMENT_NOT_FOUND (another patient's, another clinic's, or none:
-- indistinguishable). Callers check organization access first.
create or replace function booking.caller_appointment_refusal(
  p_org_id uuid,
  p_appointment_id uuid,
  p_caller_phone text,
  p_verification_id uuid
) returns json
language plpgsql
stable
set search_path = ''
as $$
declare
  v_phone text := booking.verified_patient_phone(p_org_id, p_caller_phone, p_verification_id);
begin
  if v_phone is null then
    return booking.json_error('VERIFICATION_REQUIRED',
      'The caller''s number is unknown: call lookup_appointments with the patient''s phone and the code first');
  end if;
  if not exists (select from booking.appointments a
                   join booking.contacts c on c.org_id = a.org_id and c.id = a.contact_id
                  where a.org_id = p_org_id and a.id = p_appointment_id and c.phone = v_phone) then
    return booking.json_error('APPOINTMENT_NOT_FOUND', 'The caller has no such appointment');
  end if;
  return null;
end;
$$;

revoke execute on function booking.caller_appointment_refusal(uuid, uuid, text, uuid) from public, anon, authenticated, service_role;
comment on function booking.caller_appointment_refusal(uuid, uuid, text, uuid) is
  'NULL when the voice caller (platform caller id, or a verified code) holds the phone of this appointment at this clinic; else the JSON error VERIFICATION_REQUIRED or APPOINTMENT_NOT_FOUND.';
