-- Staff correct a patient's contact details (any member, front desk
-- included), normalized as a booking normalizes them
-- (booking.normalize_patient, with the clinic's phone region). The
-- contract is the COMMENT at the end of this file.
create or replace function public.update_patient_contact(
  p_org_id uuid,
  p_contact_id uuid,
  p_name text,
  p_phone text,
  p_email text default null
) returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_region text;
  v_patient record;
  v_contact booking.contacts;
  v_refusal json;
begin
  perform booking.assert_org_access(p_org_id);
  select o.phone_region into v_region from booking.organizations o where o.org_id = p_org_id;
  select * into v_contact from booking.contacts c where c.org_id = p_org_id and c.id = p_contact_id for update;
  if not found then
    return booking.json_error('PATIENT_NOT_FOUND', 'There is no such patient');
  end if;
  select * into v_patient from booking.normalize_patient(p_name, p_phone, p_email, v_region) n;
  if v_patient.error is not null then
    return v_patient.error;
  end if;
  if v_patient.phone <> v_contact.phone then
    v_refusal := booking.sms_destination_refusal(p_org_id, v_patient.phone);
    if v_refusal is not null then
      return v_refusal;
    end if;
    if exists (select from booking.contacts c where c.org_id = p_org_id and c.phone = v_patient.phone) then
      return booking.json_error('PHONE_TAKEN', 'Another patient of the clinic has this phone number');
    end if;
  end if;
  update booking.contacts c
     set name = v_patient.name, phone = v_patient.phone, email = v_patient.email, updated_at = now()
   where c.org_id = p_org_id and c.id = p_contact_id
  returning * into v_contact;
  return json_build_object('success', true, 'contact_id', v_contact.id, 'name', v_contact.name,
                           'phone', v_contact.phone, 'email', v_contact.email);
exception
  when unique_violation then
    return booking.json_error('PHONE_TAKEN', 'Another patient of the clinic has this phone number');
end;
$$;

revoke execute on function public.update_patient_contact(uuid, uuid, text, text, text) from public, anon, authenticated, service_role;
grant execute on function public.update_patient_contact(uuid, uuid, text, text, text) to authenticated, service_role;
comment on function public.update_patient_contact(uuid, uuid, text, text, text) is
'Staff correct a patient''s name, phone number and e-mail.

Arguments: p_org_id; p_contact_id; p_name; p_phone (normalized to E.164 with the organization''s phone region); p_email (blank or NULL: none).
Answer: {"success": true, "contact_id", "name", "phone", "email"} as stored (normalized as a booking stores them).
Errors: PATIENT_NOT_FOUND (also for another organization''s patient), INVALID_NAME, INVALID_PHONE, INVALID_EMAIL, PHONE_NOT_ALLOWED (the clinic''s SMS could not go to the new number), PHONE_TAKEN (another patient has it). Raises 42501 when the caller acts for another organization.';
