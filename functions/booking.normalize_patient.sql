-- A patient's details as the booking functions store them, or the business
-- error that refuses them: name (booking.normalize_person_name), phone to
-- E.164 with the organization's region (booking.normalize_phone), optional
-- e-mail (booking.normalize_email; blank means none). error is NULL when
-- all are valid, else INVALID_NAME, INVALID_PHONE or INVALID_EMAIL (JSON).
create or replace function booking.normalize_patient(
  p_name text,
  p_phone text,
  p_email text,
  p_phone_region text,
  out name text,
  out phone text,
  out email text,
  out error json
)
language plpgsql
stable
set search_path = ''
as $$
begin
  name := booking.normalize_person_name(p_name);
  if name is null then
    error := booking.json_error('INVALID_NAME', 'The patient name must contain letters (at most 200 characters)');
    return;
  end if;
  phone := booking.normalize_phone(p_phone, p_phone_region);
  if phone is null then
    error := booking.json_error('INVALID_PHONE', 'The phone number is not a valid number');
    return;
  end if;
  if nullif(btrim(p_email), '') is not null then
    email := booking.normalize_email(p_email);
    if email is null then
      error := booking.json_error('INVALID_EMAIL', 'The e-mail address is not valid');
    end if;
  end if;
end;
$$;

revoke execute on function booking.normalize_patient(text, text, text, text) from public, anon, authenticated, service_role;
comment on function booking.normalize_patient(text, text, text, text) is
  'Normalized patient name, E.164 phone and e-mail, or the INVALID_NAME / INVALID_PHONE / INVALID_EMAIL error.';
