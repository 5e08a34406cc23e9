-- The contact of (organization, E.164 phone), created or refreshed with the
-- latest name and, when given, e-mail. Inputs are already normalized.
create or replace function booking.upsert_contact(
  p_org_id uuid,
  p_name text,
  p_email text,
  p_phone text
) returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into booking.contacts as c (org_id, name, email, phone, booking_source)
  values (p_org_id, p_name, p_email, p_phone, 'phone_ai')
  on conflict (org_id, phone) do update
     set name = excluded.name,
         email = coalesce(excluded.email, c.email),
         updated_at = now()
  returning c.id into v_id;
  return v_id;
end;
$$;

revoke execute on function booking.upsert_contact(uuid, text, text, text) from public, anon, authenticated, service_role;
comment on function booking.upsert_contact(uuid, text, text, text) is
  'Contact id for (org, phone), created or updated with the latest name and e-mail.';
