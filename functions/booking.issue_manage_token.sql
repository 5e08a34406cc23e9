-- A fresh manage-link token of an appointment: 192 random bits, url-safe
-- base64 (32 characters, no padding). Only its SHA-256 is stored
-- (booking.appointment_manage_tokens); any number of tokens of one
-- appointment stay valid. Raises P0002 for an unknown appointment.
create or replace function booking.issue_manage_token(p_org_id uuid, p_appointment_id uuid)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_token text := translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');
begin
  if not exists (select from booking.appointments where org_id = p_org_id and id = p_appointment_id) then
    raise exception 'appointment % of organization % not found', p_appointment_id, p_org_id
      using errcode = 'P0002';
  end if;
  insert into booking.appointment_manage_tokens (org_id, token_sha256, appointment_id)
  values (p_org_id, extensions.digest(v_token, 'sha256'), p_appointment_id);
  return v_token;
end;
$$;

revoke execute on function booking.issue_manage_token(uuid, uuid) from public, anon, authenticated, service_role;
comment on function booking.issue_manage_token(uuid, uuid) is
  'A fresh url-safe manage token (192 random bits) of an appointment; only its SHA-256 is stored. Raises P0002 for an unknown appointment.';
