-- The contact of (organization, E.164 phone), created when new and left
-- as it is when it exists (its row untouched): a hold's contact, whose
-- name reaches an existing contact only once the code is verified
-- (confirm_held_slot then calls booking.upsert_contact). Inputs are
-- already normalized.
create or replace function booking.find_or_create_contact(
  p_org_id uuid,
  p_name text,
  p_phone text
) returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into booking.contacts as c (org_id, name, phone, booking_source)
  values (p_org_id, p_name, p_phone, 'phone_ai')
  on conflict (org_id, phone) do nothing
  returning c.id into v_id;
  if v_id is null then
    select c.id into v_id from booking.contacts c where c.org_id = p_org_id and c.phone = p_phone;
  end if;
  return v_id;
end;
$$;

revoke execute on function booking.find_or_create_contact(uuid, text, text) from public, anon, authenticated, service_role;
comment on function booking.find_or_create_contact(uuid, text, text) is
  'Contact id for (org, phone), created with p_name when new; an existing contact is not changed.

Args: p_org_id, p_name, p_phone (E.164). Answer: the contact id. Codes: none.';
